import { INestApplication } from '@nestjs/common';
import { backtestOnnxModel } from '@nautilus/hardware-router';
import { loadSharedData, workspaceRoot } from '@nautilus/domain/testing';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, finishedJob, validBody } from './test-app';

jest.setTimeout(90_000);

const params = { model: 'logreg-returns-10.onnx', features: { log_returns: 10 }, mode: 'threshold', threshold: 0.55 };

describe("strategy_id 'onnx_model': the shipped model through the API", () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ modelsDir: join(workspaceRoot(), 'models') }, 1_000);
  });
  afterAll(async () => {
    await app.close();
  });
  const http = () => request(app.getHttpServer());

  it('runs one batched inference in the worker and trades as the library does', async () => {
    const id = (await http().post('/backtests').send(validBody({ strategy_id: 'onnx_model', strategy_parameters: params })).expect(202)).body.execution_id;
    const job = await finishedJob(app, id);
    expect(job.status).toBe('completed');
    expect(job.hardware_used).toMatch(/^onnx/);
    const results = (await http().get(`/backtests/${id}/results`).expect(200)).body;
    expect(results.inference).toMatchObject({ rows: 2148, batched: true, provider: 'cpu' });
    // The router's decisions for this job, each with its measured time.
    expect(results.inference.routing.map((r: { workload: string }) => r.workload)).toEqual(['data_processing', 'model_inference']);
    for (const r of results.inference.routing) expect(r.ms).toBeGreaterThanOrEqual(0);
    const metrics = (await http().get('/metrics').expect(200)).body;
    expect(metrics.jobs_by_executor[job.hardware_used as string].jobs).toBeGreaterThanOrEqual(1);
    const direct = await backtestOnnxModel({
      series: loadSharedData('GOOG.csv'),
      modelPath: params.model,
      modelsDir: join(workspaceRoot(), 'models'),
      features: params.features,
      mode: 'threshold',
      threshold: 0.55,
      config: { initialCapital: 10_000, closeAtEnd: false },
    });
    expect(results.trades.length).toBe(direct.report.result.trades.length);
    expect(results.trades.length).toBeGreaterThan(0);
    expect(results.performance_metrics.equity_final).toBeCloseTo(direct.report.stats.equityFinal, 6);
  });

  it('reports the executor of a plain backtest as a worker thread', async () => {
    const id = (await http().post('/backtests').send(validBody()).expect(202)).body.execution_id;
    expect((await finishedJob(app, id)).hardware_used).toBe('worker_thread');
  });

  it('rejects bad model requests naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ strategy_parameters: { ...params, model: '../package.json.onnx' } }, 'strategy_parameters.model'],
      [{ strategy_parameters: { ...params, model: 'missing.onnx' } }, 'strategy_parameters.model'],
      [{ strategy_parameters: { ...params, features: { log_returns: 0 } } }, 'strategy_parameters.features.log_returns'],
      [{ strategy_parameters: { ...params, mode: 'vibes' } }, 'strategy_parameters.mode'],
      [{ strategy_parameters: { ...params, temperature: 2 } }, 'strategy_parameters.temperature'],
      [{ strategy_parameters: params, symbols: ['GOOG', 'ORCL'] }, 'symbols'],
      [{ strategy_parameters: params, backtest_type: 'monte_carlo' }, 'backtest_type'],
    ];
    for (const [patch, field] of cases) {
      const res = await http().post('/backtests').send(validBody({ strategy_id: 'onnx_model', ...patch })).expect(400);
      expect(res.body.field).toBe(field);
    }
  });
});
