import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(60_000);

describe('guarded API: key, rate limit, headers, CORS and caps', () => {
  let app: INestApplication;
  const key = 'k3y-for-tests';
  beforeAll(async () => {
    app = await createTestApp({ apiKey: key, rateLimit: 25, rateLimitWindowMs: 60_000, corsOrigins: ['https://desk.example'], maxBarsPerJob: 3_000 }, 1_000);
  });
  afterAll(async () => {
    await app.close();
  });
  const http = () => request(app.getHttpServer());

  it('asks for x-api-key everywhere but /health, comparing it exactly', async () => {
    expect((await http().post('/backtests').send(validBody()).expect(401)).body).toMatchObject({ field: 'x-api-key', error: 'unauthorized' });
    expect((await http().get('/backtests').set('x-api-key', `${key}x`).expect(401)).body.field).toBe('x-api-key');
    await http().get('/backtests').set('x-api-key', key).expect(200);
    await http().get('/health').expect(200);
  });

  it('caps bars per job with a 400 that names the cap', async () => {
    // GOOG alone is 2,148 bars; with ORCL over the same dates the job needs 4,296 > 3,000.
    await http().post('/backtests').set('x-api-key', key).send(validBody()).expect(202);
    const res = await http().post('/backtests').set('x-api-key', key).send(validBody({ symbols: ['GOOG', 'ORCL'] })).expect(400);
    expect(res.body.field).toBe('end_date');
    expect(res.body.message).toContain('BACKTESTING_MAX_BARS');
  });

  it('sends security headers, and CORS only to the allowed origin', async () => {
    const res = await http().get('/health').set('origin', 'https://desk.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBe('https://desk.example');
    const other = await http().get('/health').set('origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per client with 429 in the usual error shape, never counting /health', async () => {
    let limited: request.Response | undefined;
    for (let i = 0; i < 40; i++) {
      const res = await http().get('/backtests').set('x-api-key', key);
      if (res.status === 429) limited ??= res;
    }
    expect(limited?.body).toEqual({ statusCode: 429, error: 'rate_limited', field: null, message: expect.stringContaining('Retry-After') });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await http().get('/health').expect(200);
  });
});
