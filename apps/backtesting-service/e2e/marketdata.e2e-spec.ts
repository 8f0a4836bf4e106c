import { INestApplication } from '@nestjs/common';
import { loadSharedData } from '@nautilus/domain/testing';
import { HubBarsResponse } from '@nautilus/marketdata-client';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createAppWithDefaultSources, finishedJob, validBody } from './test-app';

jest.setTimeout(60_000);

/** A real MarketData hub on 127.0.0.1 serving GOOG's bars as HUBX; `mode` makes it fail on purpose. */
function startHub(
  initialMode: 'ok' | 'slow' | 'broken' = 'ok',
): Promise<{ server: Server; url: string; setMode: (m: 'ok' | 'slow' | 'broken') => void; requests: () => number; symbolRequests: () => number }> {
  const goog = loadSharedData('GOOG.csv');
  let mode = initialMode;
  let count = 0;
  let symbolCount = 0;
  const server = createServer((req, res) => {
    count++;
    const url = new URL(req.url ?? '/', 'http://hub');
    if (url.pathname === '/symbols') symbolCount++;
    if (mode === 'broken') return void res.writeHead(503).end('down for maintenance');
    const reply = (body: unknown) => {
      const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (mode === 'slow') setTimeout(send, 2000);
      else send();
    };
    if (url.pathname === '/symbols') return reply({ symbols: ['HUBX'] });
    if (url.pathname !== '/bars/HUBX') return void res.writeHead(404).end();
    const start = url.searchParams.has('start') ? Date.parse(url.searchParams.get('start') as string) : -Infinity;
    const end = url.searchParams.has('end') ? Date.parse(url.searchParams.get('end') as string) : Infinity;
    const rows = Array.from(goog.time, (_t, i) => i).filter((i) => goog.time[i] >= start && goog.time[i] <= end);
    const pick = (a: Float64Array) => rows.map((i) => a[i]);
    const body: HubBarsResponse = { symbol: 'HUBX', frequency: '1d', time: pick(goog.time), open: pick(goog.open), high: pick(goog.high), low: pick(goog.low), close: pick(goog.close), volume: pick(goog.volume) };
    reply(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        setMode: (m) => (mode = m),
        requests: () => count,
        symbolRequests: () => symbolCount,
      }),
    ),
  );
}

describe('market data: CSV folders, a real HTTP hub, the cache and resampling', () => {
  let app: INestApplication;
  let hub: Awaited<ReturnType<typeof startHub>>;
  beforeAll(async () => {
    hub = await startHub();
    app = await createAppWithDefaultSources({ marketData: { hubUrl: hub.url, timeoutMs: 500, cacheTtlMs: 60_000 } });
  });
  afterAll(async () => {
    await app.close();
    hub.server.closeAllConnections();
    hub.server.close();
  });
  const http = () => request(app.getHttpServer());

  it('backtests a symbol only the hub has, with the numbers of the same bars from CSV', async () => {
    const viaHub = await finishedJob(app, (await http().post('/backtests').send(validBody({ symbols: ['HUBX'] })).expect(202)).body.execution_id);
    const viaCsv = await finishedJob(app, (await http().post('/backtests').send(validBody()).expect(202)).body.execution_id);
    expect(viaHub.status).toBe('completed');
    const a = (await http().get(`/backtests/${viaHub.execution_id}/results`).expect(200)).body.performance_metrics;
    const b = (await http().get(`/backtests/${viaCsv.execution_id}/results`).expect(200)).body.performance_metrics;
    expect(a).toEqual(b);
  });

  it('serves repeated loads from the cache and reports it in /metrics and /health', async () => {
    const before = hub.requests();
    const id = (await http().post('/backtests').send(validBody({ symbols: ['HUBX'] })).expect(202)).body.execution_id;
    expect((await finishedJob(app, id)).status).toBe('completed');
    // Validation and the run both load HUBX: the hub was not asked again for bars it already sent.
    expect(hub.requests() - before).toBeLessThanOrEqual(1);
    const metrics = (await http().get('/metrics').expect(200)).body;
    expect(metrics.marketdata_cache.hits).toBeGreaterThan(0);
    expect(metrics.marketdata_cache.hit_rate).toBeCloseTo(metrics.marketdata_cache.hits / (metrics.marketdata_cache.hits + metrics.marketdata_cache.misses), 12);
    expect((await http().get('/metrics/prometheus').expect(200)).text).toMatch(/backtesting_marketdata_cache_total\{outcome="hit"\} [1-9]/);
    const health = (await http().get('/health').expect(200)).body;
    expect(health.components.marketdata_hub).toEqual({ configured: true, url: hub.url, timeout_ms: 500, reachable: true, checked_seconds_ago: expect.any(Number) });
  });

  it('answers 502 when the hub fails and 504 when it is too slow, naming the hub', async () => {
    const fresh = { symbols: ['HUBX'], start_date: '2006-01-01', end_date: '2010-12-31' };
    hub.setMode('broken');
    const broken = await http().post('/backtests').send(validBody(fresh)).expect(502);
    expect(broken.body.field).toBe('marketdata_hub');
    hub.setMode('slow');
    const slow = await http().post('/backtests').send(validBody({ ...fresh, start_date: '2007-01-01' })).expect(504);
    expect(slow.body.field).toBe('marketdata_hub');
    hub.setMode('ok');
    await http().get('/health').expect(200);
  });

  it('resamples hourly bars to daily, and refuses a frequency finer than the data', async () => {
    const body = { symbols: ['EURUSD'], start_date: '2017-04-20', end_date: '2018-02-07', strategy_parameters: { fast: 5, slow: 20 } };
    const job = await finishedJob(app, (await http().post('/backtests').send(validBody({ ...body, frequency: '1d' })).expect(202)).body.execution_id);
    expect(job.status).toBe('completed');
    const results = (await http().get(`/backtests/${job.execution_id}/results`).expect(200)).body;
    const days = new Set(results.portfolio_performance.timestamps.map((t: string) => t.slice(0, 10)));
    expect(days.size).toBe(results.portfolio_performance.timestamps.length);
    const refused = await http().post('/backtests').send(validBody({ ...body, frequency: '1m' })).expect(400);
    expect(refused.body.field).toBe('frequency');
  });
});

describe('GET /health with a hub: the cached symbol list, never a request per poll', () => {
  /** Polls /health until `ready` accepts its body. */
  async function healthWhen(app: INestApplication, ready: (body: { components: Record<string, Record<string, unknown>> }) => boolean) {
    for (let i = 0; i < 200; i++) {
      const body = (await request(app.getHttpServer()).get('/health').expect(200)).body;
      if (ready(body)) return body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('/health never showed the expected reading');
  }

  it('asks the hub for its symbols at most once within the TTL however often /health is polled', async () => {
    const hub = await startHub();
    const app = await createAppWithDefaultSources({ marketData: { hubUrl: hub.url, timeoutMs: 500, cacheTtlMs: 60_000 } });
    try {
      const http = () => request(app.getHttpServer());
      await Promise.all(Array.from({ length: 20 }, () => http().get('/health').expect(200)));
      for (let i = 0; i < 30; i++) await http().get('/health').expect(200);
      const health = await healthWhen(app, (b) => b.components.marketdata.symbols !== null);
      const local = (await http().get('/data/validate?symbols=GOOG').expect(200)).body.data_sources[0].symbols;
      // 20 concurrent and 30 sequential polls plus the start-up listing: one request to the hub, counted from the app's start.
      expect(hub.symbolRequests()).toBe(1);
      expect(health.components.marketdata.symbols).toBe(local);
      expect(health.components.marketdata.symbols_checked_seconds_ago).toBeGreaterThanOrEqual(0);
      expect(health.components.marketdata_hub).toMatchObject({ configured: true, reachable: true });
    } finally {
      await app.close();
      hub.server.closeAllConnections();
      hub.server.close();
    }
  });

  it('answers at once while the hub is too slow, then says so from the last reading', async () => {
    const hub = await startHub('slow');
    const app = await createAppWithDefaultSources({ marketData: { hubUrl: hub.url, timeoutMs: 1500, cacheTtlMs: 60_000 } });
    try {
      const started = Date.now();
      const first = (await request(app.getHttpServer()).get('/health').expect(200)).body;
      // The hub takes 2 s and the timeout is 1.5 s: an answer well before either means /health did not wait for the start-up listing.
      expect(Date.now() - started).toBeLessThan(1000);
      expect(first.components.marketdata).toMatchObject({ symbols: null, symbols_checked_seconds_ago: null });
      expect(first.components.marketdata_hub).toMatchObject({ reachable: null, checked_seconds_ago: null });
      const later = await healthWhen(app, (b) => b.components.marketdata_hub.reachable !== null);
      expect(later.components.marketdata).toMatchObject({ symbols: null });
      expect(later.components.marketdata_hub).toMatchObject({ configured: true, reachable: false, error: expect.stringMatching(/^upstream_timeout: /) });
      expect(hub.symbolRequests()).toBe(1);
    } finally {
      await app.close();
      hub.server.closeAllConnections();
      hub.server.close();
    }
  });
});
