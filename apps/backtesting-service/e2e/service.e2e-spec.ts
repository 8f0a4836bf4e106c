import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JobStore } from '../src/jobs/job-store';
import { createTestApp, tempDbPath, validBody } from './test-app';

jest.setTimeout(60_000);

async function completed(app: INestApplication, id: string) {
  for (let i = 0; i < 1000; i++) {
    const res = await request(app.getHttpServer()).get(`/backtests/${id}`);
    if (res.body.status === 'completed') return res.body;
    if (res.body.status === 'failed') throw new Error(res.body.error);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timeout');
}

describe('health, metrics and OpenAPI', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports measured counters and which parts are connected', async () => {
    const before = (await request(app.getHttpServer()).get('/health').expect(200)).body;
    expect(before.status).toBe('ok');
    expect(before.version).toBe('0.1.0');
    expect(before.executions.executed).toBe(0);
    expect(before.executions.success_rate).toBeNull();
    expect(before.components.message_bus).toMatchObject({ connected: false, mode: 'in-process' });
    expect(before.components.marketdata_hub.configured).toBe(false);
    // Whatever this machine has: ONNX Runtime is reported available only if its binding loads here too.
    let onnxLoads = true;
    try {
      require('onnxruntime-node');
    } catch {
      onnxLoads = false;
    }
    expect(before.components.onnx.available).toBe(onnxLoads);
    if (onnxLoads) expect(before.components.onnx.providers).toContain('cpu');

    const id = (await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202)).body.execution_id;
    const job = await completed(app, id);
    await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'nope' })).expect(400);

    const after = (await request(app.getHttpServer()).get('/health').expect(200)).body;
    expect(after.executions).toMatchObject({ executed: 1, succeeded: 1, failed: 0, success_rate: 1 });
    expect(after.executions.mean_execution_time_ms).toBeCloseTo(job.processing_time_ms, 6);

    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).body;
    expect(metrics.throughput.completed_total).toBe(1);
    const lat = metrics.latency_by_job_type.strategy_validation;
    expect(lat.count).toBe(1);
    // One sample: every percentile is that sample, which the job record also holds.
    expect(lat.p50_ms).toBe(lat.p99_ms);
    expect(Math.abs(lat.p50_ms - job.processing_time_ms)).toBeLessThanOrEqual(5);
    expect(metrics.errors_by_type.rejected_not_found).toBe(1);
    // Two POSTs so far (one accepted, one refused), under the route pattern, timed inside the service.
    const posts = metrics.http_latency_by_route['POST /backtests'];
    expect(posts.count).toBe(2);
    expect(posts.p50_ms).toBeGreaterThan(0);
    expect(posts.max_ms).toBeGreaterThanOrEqual(posts.p99_ms);
    expect(metrics.http_latency_by_route['GET /backtests/:id'].count).toBeGreaterThanOrEqual(1);

    const prom = await request(app.getHttpServer()).get('/metrics/prometheus').expect(200);
    expect(prom.headers['content-type']).toMatch(/text\/plain/);
    expect(prom.text).toMatch(/^backtesting_jobs_completed_total 1$/m);
    expect(prom.text).toMatch(/^backtesting_job_duration_ms_count\{job_type="strategy_validation"\} 1$/m);
    expect(prom.text).toMatch(/^backtesting_errors_total\{type="rejected_not_found"\} 1$/m);
    expect(prom.text).toMatch(/^backtesting_http_request_duration_ms_count\{route="POST \/backtests"\} 2$/m);
  });

  it('serves Swagger UI and the OpenAPI document generated from the DTOs', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/metrics', '/backtests', '/backtests/{id}', '/backtests/{id}/results', '/backtests/{id}/report']));
    const schema = doc.components.schemas.CreateBacktestDto;
    expect(schema.required).toEqual(expect.arrayContaining(['backtest_name', 'backtest_type', 'start_date', 'end_date', 'symbols']));
    expect(schema.properties.backtest_type.enum).toContain('strategy_validation');
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toMatch(/swagger-ui/i);
  });
});

describe('persistence across restarts', () => {
  it('keeps completed results, marks jobs a crash left running as interrupted and re-runs queued ones', async () => {
    const dbPath = tempDbPath();
    const first = await createTestApp({ dbPath });
    const id = (await request(first.getHttpServer()).post('/backtests').send(validBody()).expect(202)).body.execution_id;
    await completed(first, id);
    const before = (await request(first.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    await first.close();

    // Simulate a crash: rows left 'running' and 'queued' by a process that died.
    const store = new JobStore(dbPath);
    const crashed = { ...JSON.parse(JSON.stringify(store.get(id))), id: '11111111-1111-1111-1111-111111111111', status: 'running' as const };
    store.insert(crashed);
    store.update(crashed.id, { status: 'running' });
    const waiting = { ...crashed, id: '22222222-2222-2222-2222-222222222222', status: 'queued' as const };
    store.insert(waiting);
    store.close();

    const second = await createTestApp({ dbPath });
    const after = (await request(second.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    expect(after).toEqual(before);
    const interrupted = (await request(second.getHttpServer()).get(`/backtests/${crashed.id}`).expect(200)).body;
    expect(interrupted.status).toBe('failed_interrupted');
    expect(interrupted.error).toMatch(/stopped while this job was running/);
    const rerun = await completed(second, waiting.id);
    expect(rerun.trades_completed).toBe(65);
    await second.close();
  });
});
