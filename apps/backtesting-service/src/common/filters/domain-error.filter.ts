import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, NotFoundError, ValidationError } from '@nautilus/domain';
import type { Response } from 'express';

/** Fields whose "not found" comes from a request body and so is bad input (400), not a missing resource. */
const INPUT_FIELDS = new Set(['strategy_id', 'symbols', 'benchmark_symbol', 'backtest_id', 'strategy_parameters.model']);

/** The one place where errors become HTTP responses: domain errors by type, HTTP errors as they are. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorResponseOf(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    // Set explicitly: a route may already have set text/html, and res.json keeps an existing type.
    res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(JSON.stringify(body));
  }
}

/** Returns the status and JSON body an error answers with, over HTTP and on the message bus alike. */
export function errorResponseOf(error: unknown): { status: number; body: Record<string, unknown> } {
  if (error instanceof DomainError) {
    // By code as well as by class: an error thrown in a worker thread comes back as a DomainError
    // with the code and field of its class, but not the class.
    const status =
      error instanceof ValidationError || error.code === 'validation_failed'
        ? HttpStatus.BAD_REQUEST
        : error instanceof NotFoundError || error.code === 'not_found'
          ? INPUT_FIELDS.has(error.field ?? '')
            ? HttpStatus.BAD_REQUEST
            : HttpStatus.NOT_FOUND
          : error.code === 'insufficient_data'
            ? HttpStatus.BAD_REQUEST
            : error.code === 'upstream_timeout'
              ? HttpStatus.GATEWAY_TIMEOUT
              : error.code.startsWith('upstream_')
                ? HttpStatus.BAD_GATEWAY
                : HttpStatus.INTERNAL_SERVER_ERROR;
    return { status, body: { statusCode: status, error: error.code, message: error.message, field: error.field } };
  }
  if (error instanceof ThrottlerException) {
    // The throttler's own body ("ThrottlerException: Too Many Requests") has no error or field; its
    // guard has already set Retry-After, which this filter keeps. No field is at fault: the client's pace is.
    const status = HttpStatus.TOO_MANY_REQUESTS;
    return { status, body: { statusCode: status, error: 'rate_limited', field: null, message: 'too many requests from this client; retry after the seconds in the Retry-After header' } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const body = typeof response === 'string' ? { statusCode: status, message: response } : (response as Record<string, unknown>);
    // The JSON body parser reports malformed bodies as a bare 400; name the body as the failing field.
    const unparsable = status === 400 && body.field === undefined && /JSON|Unexpected token|Unexpected end/.test(String(body.message));
    return { status, body: { statusCode: status, ...body, ...(unparsable ? { field: 'body', error: 'malformed_json' } : {}) } };
  }
  // Express body-parser errors (too large, malformed JSON) carry their own 4xx status.
  const e = error as { status?: number; type?: string; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, body: { statusCode: e.status, error: e.type ?? 'bad_request', message: e.message, field: 'body' } };
  }
  return { status: 500, body: { statusCode: 500, error: 'internal_error', message: 'internal error' } };
}
