import { INestApplication } from '@nestjs/common';
import { monteCarlo, MonteCarloResult, optimizePortfolio, walkForward } from '@nautilus/analytics';
import { inferPeriodsPerYear, sliceBarSeriesByTime } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import request from 'supertest';
import { createTestApp, finishedJob, validBody } from './test-app';

jest.setTimeout(90_000);

async function results(app: INestApplication, body: Record<string, unknown>) {
  const id = (await request(app.getHttpServer()).post('/backtests').send(body).expect(202)).body.execution_id;
  for (let i = 0; i < 2000; i++) {
    const job = (await request(app.getHttpServer()).get(`/backtests/${id}`)).body;
    if (job.status === 'completed') return (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    if (job.status === 'failed') throw new Error(job.error);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timeout');
}

describe('study backtest types', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ maxMonteCarloCells: 5_000_000 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('monte_carlo: seeded, equal to the library on the run returns', async () => {
    const body = validBody({ backtest_type: 'monte_carlo', monte_carlo: { method: 'bootstrap', n_paths: 500, n_steps: 252, seed: 7 } });
    const a = await results(app, body);
    const b = await results(app, body);
    expect(a.study.kind).toBe('monte_carlo');
    expect(a.study).toEqual(b.study);
    const equity = Float64Array.from(a.portfolio_performance.values);
    const returns = new Float64Array(equity.length - 1).map((_, i) => equity[i + 1] / equity[i] - 1);
    const direct = monteCarlo({ method: 'bootstrap', returns, nPaths: 500, nSteps: 252, seed: 7, periodsPerYear: 252, meanBlockLength: 20 });
    expect(a.study.var_95_pct).toBeCloseTo(direct.var95 * 100, 9);
    expect(a.study.final_return_pct.mean).toBeCloseTo(direct.finalReturn.mean * 100, 9);
    expect(a.study.equity_bands['50']).toHaveLength(253);
  });

  it('walk_forward: per-window choices and a stitched out-of-sample curve, as the library computes them', async () => {
    const wf = { parameter_ranges: { fast: [5, 10, 20], slow: [30, 60] }, train_bars: 500, test_bars: 250 };
    const r = await results(app, validBody({ backtest_type: 'walk_forward', walk_forward: wf }));
    const direct = walkForward(
      { series: [loadSharedData('GOOG.csv')], strategyId: 'sma_crossover', baseParameters: { fast: 10, slow: 30, allow_short: true }, parameterRanges: wf.parameter_ranges, config: { initialCapital: 10_000, closeAtEnd: false } },
      { trainBars: 500, testBars: 250 },
    );
    expect(r.study.windows).toHaveLength(direct.steps.length);
    r.study.windows.forEach((w: { parameters: unknown; out_of_sample_score: number }, i: number) => {
      expect(w.parameters).toEqual(direct.steps[i].parameters);
      expect(w.out_of_sample_score).toBeCloseTo(direct.steps[i].outOfSampleScore, 9);
    });
    expect(r.study.stitched_out_of_sample.values.at(-1)).toBeCloseTo(direct.equity[direct.equity.length - 1], 6);
  });

  it('cross_validation: purged folds with mean and dispersion', async () => {
    const r = await results(app, validBody({ backtest_type: 'cross_validation', cross_validation: { parameter_ranges: { fast: [5, 10], slow: [30, 60] }, folds: 4, purge_bars: 5, embargo_bars: 10 } }));
    expect(r.study.folds).toHaveLength(4);
    const scores = r.study.folds.map((f: { test_score: number }) => f.test_score);
    expect(r.study.mean_test_score).toBeCloseTo(scores.reduce((s: number, x: number) => s + x, 0) / 4, 9);
    expect(r.study.folds[1].train_bars).toBe(2148 - (5 + 537 + 10));
  });

  it('portfolio_optimization: rebalanced weights beside equal weight, as the library computes them', async () => {
    const body = {
      ...validBody({ backtest_type: 'portfolio_optimization', symbols: ['GOOG', 'ORCL', 'NVDA'], portfolio_optimization: { method: 'risk_parity', lookback_bars: 120, rebalance_bars: 63 } }),
      strategy_id: undefined,
      strategy_parameters: undefined,
    };
    const r = await results(app, body);
    const series = [loadSharedData('GOOG.csv'), loadSharedData('orcl-1995-2014.txt', 'ORCL'), loadSharedData('nvda-1999-2014.txt', 'NVDA')].map((s) =>
      sliceBarSeriesByTime(s, Date.parse('2004-08-19'), Date.parse('2013-03-01T23:59:59.999Z')),
    );
    const direct = optimizePortfolio({
      series,
      spec: { method: 'risk_parity', lookbackBars: 120, rebalanceBars: 63, bounds: { min: 0, max: 1 }, shrinkage: 'ledoit_wolf', riskFreeRate: 0 },
      config: { initialCapital: 10_000, closeAtEnd: false },
    });
    expect(r.study.kind).toBe('portfolio_optimization');
    expect(r.study.rebalances).toHaveLength(direct.rebalances.length);
    expect(r.study.rebalances[0].weights.ORCL).toBeCloseTo(direct.rebalances[0].weights[1], 12);
    expect(r.study.optimized.final_equity).toBeCloseTo(direct.optimized.stats.equityFinal, 6);
    expect(r.study.equal_weight.final_equity).toBeCloseTo(direct.equalWeight.stats.equityFinal, 6);
    expect(r.performance_metrics.sharpe_ratio).toBeCloseTo(direct.optimized.stats.sharpeRatio, 9);
    const latest = Object.values(r.study.latest_weights as Record<string, number>);
    expect(latest.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('rejects bad study settings naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ backtest_type: 'walk_forward' }, 'walk_forward'],
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { fast: [5] }, train_bars: 2000, test_bars: 500 } }, 'walk_forward.train_bars'],
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { nope: [5] }, train_bars: 200, test_bars: 50 } }, 'walk_forward.parameter_ranges.nope'],
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { fast: [5] }, train_bars: 0, test_bars: 50 } }, 'walk_forward.train_bars'],
      [{ backtest_type: 'cross_validation', cross_validation: { parameter_ranges: { fast: [5] }, folds: 1 } }, 'cross_validation.folds'],
      [{ backtest_type: 'cross_validation' }, 'cross_validation'],
      // A warm-up (slow 300) longer than the 200 training bars, and purges that leave a fold no training bar.
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { slow: [300] }, train_bars: 200, test_bars: 50 } }, 'walk_forward.train_bars'],
      [{ backtest_type: 'cross_validation', cross_validation: { parameter_ranges: { fast: [5, 10] }, folds: 4, purge_bars: 100_000 } }, 'cross_validation.purge_bars'],
      // 99 × 298 sets with fast < slow (24,651) over 2,048 one-bar windows: far past 1,000,000 scorings.
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { fast: { min: 2, max: 100, step: 1 }, slow: { min: 3, max: 300, step: 1 } }, train_bars: 100, test_bars: 1, step_bars: 1 } }, 'walk_forward.parameter_ranges'],
      // Constraints no grid point meets.
      [{ backtest_type: 'walk_forward', walk_forward: { parameter_ranges: { fast: [5, 10], slow: [20, 50] }, constraints: ['fast > slow'], train_bars: 500, test_bars: 250 } }, 'walk_forward.constraints'],
      [{ backtest_type: 'monte_carlo', monte_carlo: { n_paths: 100_000, n_steps: 1000 } }, 'monte_carlo.n_paths'],
      [{ backtest_type: 'monte_carlo', monte_carlo: { method: 'astrology' } }, 'monte_carlo.method'],
      [{ backtest_type: 'portfolio_optimization', symbols: ['GOOG', 'ORCL'] }, 'strategy_id'],
      [{ backtest_type: 'portfolio_optimization', strategy_id: undefined, symbols: ['GOOG'] }, 'symbols'],
      [{ backtest_type: 'portfolio_optimization', strategy_id: undefined, symbols: ['GOOG', 'ORCL'], portfolio_optimization: { min_weight: 0.6 } }, 'portfolio_optimization.min_weight'],
      [{ backtest_type: 'portfolio_optimization', strategy_id: undefined, symbols: ['GOOG', 'ORCL'], portfolio_optimization: { method: 'risk_parity', max_weight: 0.6 } }, 'portfolio_optimization.max_weight'],
      [{ backtest_type: 'portfolio_optimization', strategy_id: undefined, symbols: ['GOOG', 'ORCL'], portfolio_optimization: { lookback_bars: 1 } }, 'portfolio_optimization.lookback_bars'],
    ];
    for (const [patch, field] of cases) {
      const res = await request(app.getHttpServer()).post('/backtests').send(validBody(patch)).expect(400);
      expect(res.body.field).toBe(field);
    }
  });
});

describe('monte_carlo across threads (BACKTESTING_SWEEP_THREADS)', () => {
  let one: INestApplication;
  let two: INestApplication;
  beforeAll(async () => {
    one = await createTestApp({ maxMonteCarloCells: 5_000_000, sweepThreads: 1 });
    two = await createTestApp({ maxMonteCarloCells: 5_000_000, sweepThreads: 2 });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  async function run(app: INestApplication, body: Record<string, unknown>) {
    const id = (await request(app.getHttpServer()).post('/backtests').send(body).expect(202)).body.execution_id;
    const job = await finishedJob(app, id);
    expect(job.status).toBe('completed');
    return { job, result: (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body };
  }

  /** The numbers of the study document, as the service maps a library result (percent fields × 100). */
  function numbersOf(r: MonteCarloResult) {
    const pct = (d: MonteCarloResult['finalReturn']) => ({ mean: d.mean * 100, std: d.std * 100, percentiles: Object.fromEntries(Object.entries(d.percentiles).map(([k, v]) => [k, v * 100])) });
    return {
      final_return_pct: pct(r.finalReturn),
      max_drawdown_pct: pct(r.maxDrawdown),
      sharpe_ratio: r.sharpe,
      var_95_pct: r.var95 * 100,
      cvar_95_pct: r.cvar95 * 100,
      var_99_pct: r.var99 * 100,
      cvar_99_pct: r.cvar99 * 100,
      equity_bands: Object.fromEntries(Object.entries(r.equityBands).map(([k, v]) => [k, Array.from(v)])),
    };
  }

  it.each(['bootstrap', 'block_bootstrap'] as const)('%s: one thread and two give the library result, number for number', async (method) => {
    const body = validBody({ backtest_type: 'monte_carlo', monte_carlo: { method, n_paths: 1000, n_steps: 252, seed: 7, mean_block_length: 10 } });
    const a = await run(one, body);
    const b = await run(two, body);
    expect(a.result.study.threads).toBe(1);
    expect(b.result.study.threads).toBe(2);
    expect(a.job.hardware_used).toBe('worker_thread');
    expect(b.job.hardware_used).toBe('worker_thread + cpu: pool of 1 worker thread');
    expect({ ...b.result.study, threads: 1 }).toEqual(a.result.study);

    const performance = a.result.portfolio_performance;
    const equity = Float64Array.from(performance.values as number[]);
    const returns = new Float64Array(equity.length - 1).map((_, i) => equity[i + 1] / equity[i] - 1);
    const periodsPerYear = inferPeriodsPerYear(Float64Array.from(performance.timestamps as string[], (t) => Date.parse(t)));
    const direct = monteCarlo({ method, returns, nPaths: 1000, nSteps: 252, seed: 7, periodsPerYear, meanBlockLength: 10 });
    const { kind, method: m, n_paths, n_steps, seed, threads, ...numbers } = a.result.study;
    expect({ kind, m, n_paths, n_steps, seed, threads }).toEqual({ kind: 'monte_carlo', m: method, n_paths: 1000, n_steps: 252, seed: 7, threads: 1 });
    expect(numbers).toEqual(numbersOf(direct));
  });
});
