import { INestApplication } from '@nestjs/common';
import fc, { Arbitrary } from 'fast-check';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(300_000);

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
}

/** Values that break most fields: wrong types, edge numbers, odd strings. */
const hostile: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53, Number.MIN_VALUE, '', ' ', 'NaN', 'Infinity', '-1', '1e999', '2020-02-30', '../../etc/passwd', '<script>', '\u0000', '💥', '__proto__', 'constructor'),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/**
 * Returns an arbitrary of request bodies shaped by an OpenAPI schema: each property is either a
 * value of its declared type (enums, ranges, nested objects, arrays) or a hostile value, and
 * properties may be missing or extra — so most bodies are almost valid, which is where bugs hide.
 */
function arbitraryOf(schema: Schema, components: Record<string, Schema>, depth = 0): Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(components[schema.$ref.split('/').pop() as string], components, depth);
  if (schema.allOf) return arbitraryOf(Object.assign({}, ...schema.allOf.map((s) => (s.$ref ? components[s.$ref.split('/').pop() as string] : s))), components, depth);
  if (depth > 4) return hostile;
  let typed: Arbitrary<unknown>;
  if (schema.enum) typed = fc.constantFrom(...schema.enum);
  else if (schema.type === 'number' || schema.type === 'integer') {
    const min = schema.minimum ?? -1e6;
    const max = schema.maximum ?? 1e6;
    typed = schema.type === 'integer' ? fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) }) : fc.double({ min, max, noNaN: true });
  } else if (schema.type === 'boolean') typed = fc.boolean();
  else if (schema.type === 'string') typed = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2004-08-19', '2013-03-01', 'GOOG', 'sma_crossover', 'ORCL'));
  else if (schema.type === 'array') typed = fc.array(arbitraryOf(schema.items ?? {}, components, depth + 1), { maxLength: 4 });
  else if (schema.properties) {
    const props = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, fc.option(arbitraryOf(s, components, depth + 1), { nil: undefined, freq: 6 })]));
    typed = fc
      .tuple(fc.record(props), fc.option(fc.dictionary(fc.string({ maxLength: 10 }), hostile, { maxKeys: 1 }), { nil: undefined, freq: 10 }))
      .map(([known, extra]) => ({ ...Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined)), ...(extra ?? {}) }));
  } else typed = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ arbitrary: typed, weight: 5 }, { arbitrary: hostile, weight: 1 });
}

describe('fuzzing the API from its own OpenAPI document', () => {
  let app: INestApplication;
  let doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
  let baseId: string;

  beforeAll(async () => {
    app = await createTestApp({ maxConcurrent: 2 }, 2_000);
    doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    baseId = (await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202)).body.execution_id;
  });
  afterAll(async () => {
    await app.close();
  });

  const bodyRoutes = ['/backtests', '/optimization/parameters', '/stress-test'];

  it.each(bodyRoutes)('POST %s: 1,000 generated bodies, no 5xx', async (path) => {
    const schema = doc.paths[path].post.requestBody?.content['application/json'].schema as Schema;
    const statuses = new Map<number, number>();
    const fields = new Set<string>();
    await fc.assert(
      fc.asyncProperty(arbitraryOf(schema, doc.components.schemas), fc.boolean(), async (generated, realBase) => {
        // Point id fields at a real backtest half the time, so deeper validation runs too.
        const body = generated && typeof generated === 'object' && !Array.isArray(generated) && realBase ? { ...generated, backtest_id: baseId } : generated;
        // Sent as JSON text: any JSON value (a bare number, null, an array) is a possible body.
        const res = await request(app.getHttpServer()).post(path).set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        if (res.status === 400) {
          expect(typeof res.body.field).toBe('string');
          fields.add(res.body.field);
        }
      }),
      { numRuns: 1000, seed: 42 },
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    // The bodies reach many different checks, not only the first one.
    expect(fields.size).toBeGreaterThanOrEqual(8);
  });

  it('GET /data/validate and GET /backtests: 500 generated queries, no 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('symbols', 'start_date', 'end_date', 'jump_sigmas', 'min_coverage_pct', 'status', 'page', 'page_size', 'x'), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('GOOG', 'GOOG,ORCL', '2010-01-01', '-5', '1e9', 'NaN'))), async (query) => {
        for (const path of ['/data/validate', '/backtests']) {
          const res = await request(app.getHttpServer()).get(path).query(query);
          if (res.status >= 500) throw new Error(`${res.status} for ${path}?${new URLSearchParams(query)}: ${JSON.stringify(res.body)}`);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('raw bytes that are not JSON get a 4xx naming the body', async () => {
    for (const raw of ['{', '{"a":', 'null', '[]', '"text"', '\u0000\u0001', '{"backtest_name": 1e999}']) {
      const res = await request(app.getHttpServer()).post('/backtests').set('content-type', 'application/json').send(raw);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('still answers afterwards', async () => {
    const health = (await request(app.getHttpServer()).get('/health').expect(200)).body;
    expect(health.status).toBe('ok');
    await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202);
  });
});
