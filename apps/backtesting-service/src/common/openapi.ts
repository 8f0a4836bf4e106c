import type { OpenAPIObject, OperationObject, PathItemObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

/** Name of the API key scheme in the OpenAPI document: the header ApiKeyGuard checks. */
export const API_KEY_SCHEME = 'x-api-key';

/** The JSON body of every error answer, as DomainErrorFilter writes it. */
const ERROR_RESPONSE: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'validation_failed' },
    field: { type: 'string', nullable: true, example: 'start_date', description: 'The field, header or `body` at fault; null when none is (429)' },
    message: { type: 'string' },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const satisfies readonly (keyof PathItemObject)[];

/**
 * Declares what routes answer before their handler runs, which their decorators cannot see: the
 * API key (a requirement, and its 401) and the rate limit's 429 on every route but the open ones
 * (those declaring `security: []`, i.e. /health, which is also the one route not rate limited), and
 * the body parser's 400, 413 and 415 on routes that take a body. Every 4xx gets the error schema.
 */
export function declareCommonAnswers(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorResponse: ERROR_RESPONSE } };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) declareOperationAnswers(operation);
    }
  }
}

function declareOperationAnswers(operation: OperationObject): void {
  const answers = operation.responses;
  const declare = (status: string, description: string) => {
    answers[status] ??= { description };
  };
  if (operation.security?.length !== 0) {
    operation.security = [{ [API_KEY_SCHEME]: [] }];
    declare('401', 'The service runs with BACKTESTING_API_KEY and x-api-key is missing or wrong; `field` is `x-api-key`.');
    declare('429', 'Too many requests from this client in the window; retry after the seconds in Retry-After.');
  }
  if (operation.requestBody) {
    declare('400', 'Invalid body; `field` names what failed (`body` for malformed or too deeply nested JSON).');
    declare('413', 'Body larger than BACKTESTING_BODY_LIMIT; `field` is `body`.');
    declare('415', 'Body not sent as application/json; `field` is `content-type`.');
  }
  for (const [status, answer] of Object.entries(answers)) {
    if (!status.startsWith('4') || !answer || '$ref' in answer) continue;
    const response: ResponseObject = answer;
    response.content ??= { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
  }
}
