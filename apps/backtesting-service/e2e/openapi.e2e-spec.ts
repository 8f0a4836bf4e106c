import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './test-app';

jest.setTimeout(60_000);

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

/**
 * Returns the body Swagger UI's "Try it out" starts from: every property, each from its example,
 * else its default, else its first enum value, else its minimum, else an empty value of its type.
 */
function sampleOf(schema: Schema, schemas: Record<string, Schema>): unknown {
  // A nested DTO is a $ref, or an allOf around one when the property has its own description.
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  if (ref) return sampleOf(schemas[ref.split('/').pop() as string], schemas);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sampleOf(v, schemas)]));
  if (schema.type === 'array') return [sampleOf(schema.items ?? {}, schemas)];
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 0;
  return schema.type === 'boolean' ? true : 'string';
}

describe('OpenAPI document (/docs-json) matches what the API enforces', () => {
  let app: INestApplication;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema & { required?: string[] }>; securitySchemes: Record<string, unknown> } };
  const key = 'k3y-for-openapi';
  beforeAll(async () => {
    app = await createTestApp({ apiKey: key }, 1_000);
    // Open like /health: the document is no secret, and Swagger UI must load before a key is entered.
    doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await app.close();
  });

  it('types integer fields as integers, with the bounds the validators check', () => {
    const page = doc.paths['/backtests'].get as unknown as { parameters: { name: string; schema: Schema & { maximum?: number } }[] };
    expect(page.parameters.find((p) => p.name === 'page')?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1_000_000 });
    expect(page.parameters.find((p) => p.name === 'page_size')?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    const { schemas } = doc.components;
    expect(schemas.MonteCarloDto.properties?.n_steps).toMatchObject({ type: 'integer', minimum: 2 });
    expect(schemas.WalkForwardDto.properties?.train_bars).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.PortfolioOptimizationDto.properties?.lookback_bars).toMatchObject({ type: 'integer', minimum: 2, maximum: 10_000 });
    expect(schemas.CreateBacktestDto.properties?.initial_capital).toMatchObject({ minimum: 1, maximum: 1e15 });
    expect(schemas.CreateBacktestDto.properties?.backtest_name).toMatchObject({ maxLength: 200 });
  });

  it('lists only the backtest types POST /backtests runs, and strategy_id as optional', () => {
    const create = doc.components.schemas.CreateBacktestDto;
    expect(create.properties?.backtest_type.enum).toEqual(['strategy_validation', 'monte_carlo', 'walk_forward', 'cross_validation', 'portfolio_optimization']);
    expect(create.required).not.toContain('strategy_id');
    expect(create.required).toEqual(expect.arrayContaining(['backtest_name', 'backtest_type', 'start_date', 'end_date', 'symbols']));
  });

  it('puts the API key on every route but /health, with the 401 and 429 they answer', () => {
    expect(doc.components.securitySchemes['x-api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    const create = doc.paths['/backtests'].post;
    expect(create.security).toEqual([{ 'x-api-key': [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '413', '415', '429']));
    expect(create.responses['400'].content?.['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
    expect(doc.paths['/backtests/{id}'].get.responses['200'].description).toContain('status');
    expect(Object.keys(doc.paths['/backtests/{id}/results'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '409', '429']));
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/health'].get.responses['401']).toBeUndefined();
  });

  it("accepts the body Swagger UI's Try it out starts from", async () => {
    const body = sampleOf({ $ref: '#/components/schemas/CreateBacktestDto' }, doc.components.schemas) as Record<string, unknown>;
    // Every optional section is in it, as in Swagger UI, so their bounds are checked too.
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['monte_carlo', 'walk_forward', 'cross_validation', 'portfolio_optimization']));
    const res = await request(app.getHttpServer()).post('/backtests').set('x-api-key', key).send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 202, body: { status: 'queued' } });
  });
});
