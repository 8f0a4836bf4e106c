import { INestApplication } from '@nestjs/common';
import { optimize } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(60_000);

async function poll(app: INestApplication, path: string, done: (b: { status: string }) => boolean) {
  for (let i = 0; i < 1500; i++) {
    const res = await request(app.getHttpServer()).get(path).expect(200);
    if (done(res.body)) return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timeout polling ${path}`);
}

describe('parameter optimization API', () => {
  let app: INestApplication;
  let baseId: string;
  beforeAll(async () => {
    // Two threads per search: the tables below must still equal optimize() on one thread.
    app = await createTestApp({ maxGridSize: 1000, sweepThreads: 2 });
    baseId = (await request(app.getHttpServer()).post('/backtests').send(validBody({ close_at_end: true })).expect(202)).body.execution_id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs a grid search and returns the same best parameters as the library', async () => {
    const body = {
      backtest_id: baseId,
      parameter_ranges: { fast: { min: 5, max: 25, step: 5 }, slow: [30, 50, 70] },
      optimization_target: 'sharpe_ratio',
      constraints: ['fast < slow'],
      in_sample_fraction: 0.6,
    };
    const accepted = await request(app.getHttpServer()).post('/optimization/parameters').send(body).expect(202);
    const id = accepted.body.optimization_id;
    expect(accepted.body.status).toBe('queued');
    const done = await poll(app, `/optimization/${id}`, (b) => b.status === 'completed' || b.status === 'failed');
    expect(done.status).toBe('completed');
    expect(done.hardware_used).toMatch(/worker_thread \+ cpu: pool of 1 worker thread/);
    const r = done.result;
    const direct = optimize({
      series: [loadSharedData('GOOG.csv')],
      strategyId: 'sma_crossover',
      baseParameters: { fast: 10, slow: 30, allow_short: true },
      parameterRanges: { fast: { min: 5, max: 25, step: 5 }, slow: [30, 50, 70] },
      config: { initialCapital: 10_000 },
      inSampleFraction: 0.6,
    });
    expect(r.iterations).toBe(15);
    expect(r.grid_size).toBe(15);
    expect(r.results).toHaveLength(15);
    expect(r.best_parameters).toEqual(direct.best.parameters);
    expect(r.in_sample_score).toBeCloseTo(direct.best.inSampleScore, 10);
    expect(r.out_of_sample_score).toBeCloseTo(direct.best.outOfSampleScore, 10);
    expect(r.original_parameters).toMatchObject({ fast: 10, slow: 30 });
    expect(r.overfitting.deflated_sharpe_ratio).toBeCloseTo(direct.deflatedSharpeRatio, 10);
    expect(r.in_sample.bars + r.out_of_sample.bars).toBe(2148);
    // The best in-sample score is the maximum of the table.
    expect(Math.max(...r.results.map((t: { in_sample_score: number }) => t.in_sample_score))).toBeCloseTo(r.in_sample_score, 12);
    expect(done.progress_percentage).toBe(100);
  });

  it('reports no out-of-sample dates or scores when every bar is in-sample', async () => {
    const body = { backtest_id: baseId, parameter_ranges: { fast: [5, 10], slow: [30, 50] }, in_sample_fraction: 1 };
    const id = (await request(app.getHttpServer()).post('/optimization/parameters').send(body).expect(202)).body.optimization_id;
    const done = await poll(app, `/optimization/${id}`, (b) => b.status === 'completed' || b.status === 'failed');
    expect(done.status).toBe('completed');
    const r = done.result;
    expect(r.in_sample.bars).toBe(2148);
    expect(r.out_of_sample).toEqual({ start: null, end: null, bars: 0 });
    expect(r.out_of_sample_score).toBeNull();
    expect(r.overfitting.out_of_sample_minus_in_sample).toBeNull();
    expect(typeof r.in_sample_score).toBe('number');
  });

  it('runs a seeded Bayesian (TPE) search as the library does', async () => {
    const body = { backtest_id: baseId, parameter_ranges: { fast: { min: 2, max: 30, step: 1 }, slow: { min: 20, max: 200, step: 10 } }, method: 'bayesian', max_iterations: 40, seed: 5, constraints: ['fast < slow'] };
    const id = (await request(app.getHttpServer()).post('/optimization/parameters').send(body).expect(202)).body.optimization_id;
    const done = await poll(app, `/optimization/${id}`, (b) => b.status === 'completed' || b.status === 'failed');
    expect(done.status).toBe('completed');
    const direct = optimize({
      series: [loadSharedData('GOOG.csv')],
      strategyId: 'sma_crossover',
      baseParameters: { fast: 10, slow: 30, allow_short: true },
      parameterRanges: body.parameter_ranges,
      constraints: body.constraints,
      method: 'bayesian',
      maxIterations: 40,
      seed: 5,
      config: { initialCapital: 10_000 },
    });
    expect(done.result.method).toBe('bayesian');
    expect(done.result.iterations).toBe(40);
    expect(done.result.results.map((t: { parameters: unknown }) => t.parameters)).toEqual(direct.trials.map((t) => t.parameters));
    expect(done.result.best_parameters).toEqual(direct.best.parameters);
  });

  it('rejects bad searches naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ backtest_id: '00000000-0000-4000-8000-000000000000' }, 'backtest_id'],
      [{ backtest_id: 'nope' }, 'backtest_id'],
      [{ parameter_ranges: { fast: { min: 1, max: 100, step: 1 }, slow: { min: 101, max: 200, step: 1 } } }, 'parameter_ranges'],
      [{ parameter_ranges: { speed: [1, 2] } }, 'parameter_ranges.speed'],
      [{ parameter_ranges: { fast: [2.5] } }, 'parameter_ranges.fast'],
      [{ optimization_target: 'luck' }, 'optimization_target'],
      [{ method: 'annealing' }, 'method'],
      [{ constraints: ['fast <'] }, 'constraints'],
      [{ in_sample_fraction: 2 }, 'in_sample_fraction'],
    ];
    for (const [patch, field] of cases) {
      const res = await request(app.getHttpServer())
        .post('/optimization/parameters')
        .send({ backtest_id: baseId, parameter_ranges: { fast: [5, 10] }, ...patch })
        .expect(400);
      expect(res.body.field).toBe(field);
    }
  });

  it('answers 404 for unknown optimizations and keeps them out of the backtest list', async () => {
    await request(app.getHttpServer()).get('/optimization/00000000-0000-4000-8000-000000000000').expect(404);
    const list = (await request(app.getHttpServer()).get('/backtests').expect(200)).body;
    expect(list.items.every((j: { backtest_type: string }) => j.backtest_type !== 'parameter_optimization')).toBe(true);
  });
});
