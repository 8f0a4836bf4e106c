import { INestApplication } from '@nestjs/common';
import { backtest } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(60_000);

async function waitFor(app: INestApplication, id: string, statuses: string[], timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(app.getHttpServer()).get(`/backtests/${id}`).expect(200);
    if (statuses.includes(res.body.status)) return res.body;
    if (Date.now() > until) throw new Error(`job ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('backtests API', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ maxConcurrent: 2 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('accepts a backtest at once and serves results equal to a direct library run', async () => {
    const accepted = await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202);
    expect(accepted.body.status).toBe('queued');
    const id = accepted.body.execution_id;
    const job = await waitFor(app, id, ['completed', 'failed']);
    expect(job.status).toBe('completed');
    expect(job.progress_percentage).toBe(100);
    expect(job.data_points_processed).toBe(2148);
    expect(job.trades_completed).toBe(65);
    expect(job.orders_executed).toBe(131);
    expect(job.processing_time_ms).toBeGreaterThan(0);
    expect(job.memory_usage_mb).toBeGreaterThan(0);

    const results = (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    const direct = backtest({
      series: [loadSharedData('GOOG.csv')],
      strategyId: 'sma_crossover',
      parameters: { fast: 10, slow: 30, allow_short: true },
      config: { initialCapital: 10_000, closeAtEnd: false },
    }).stats;
    const m = results.performance_metrics;
    expect(m.total_return_pct).toBeCloseTo(direct.totalReturnPct, 9);
    expect(m.sharpe_ratio).toBeCloseTo(direct.sharpeRatio, 9);
    expect(m.max_drawdown_pct).toBeCloseTo(direct.maxDrawdownPct, 9);
    expect(m.num_trades).toBe(65);
    // The same figure backtesting.py pins for this strategy and data.
    expect(m.equity_final).toBeCloseTo(51959.95, 6);
    expect(results.portfolio_performance.values).toHaveLength(2148);
    expect(results.portfolio_performance.returns[1]).toBeCloseTo(results.portfolio_performance.values[1] / results.portfolio_performance.values[0] - 1, 12);
    expect(results.trades).toHaveLength(65);
    expect(results.trades_summary.total_trades).toBe(65);
    expect(results.trades_summary.winning_trades + results.trades_summary.losing_trades).toBe(65);
  });

  it('runs the event engine to the same numbers', async () => {
    const ids = await Promise.all(
      (['vector', 'event'] as const).map(async (engine) => (await request(app.getHttpServer()).post('/backtests').send(validBody({ engine })).expect(202)).body.execution_id),
    );
    await Promise.all(ids.map((id) => waitFor(app, id, ['completed'])));
    const [v, e] = await Promise.all(ids.map(async (id) => (await request(app.getHttpServer()).get(`/backtests/${id}/results`)).body));
    expect(e.performance_metrics.equity_final).toBeCloseTo(v.performance_metrics.equity_final, 9);
    expect(e.trades).toEqual(v.trades);
  });

  it('lists jobs with a status filter and pagination', async () => {
    const all = (await request(app.getHttpServer()).get('/backtests?page=1&page_size=2').expect(200)).body;
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.total_pages).toBe(Math.ceil(all.total / 2));
    const done = (await request(app.getHttpServer()).get('/backtests?status=completed').expect(200)).body;
    expect(done.items.every((j: { status: string }) => j.status === 'completed')).toBe(true);
    await request(app.getHttpServer()).get('/backtests?status=bogus').expect(400);
    await request(app.getHttpServer()).get('/backtests?page=0').expect(400);
  });

  it('cancels a running job promptly, answering cancelling until its worker has stopped', async () => {
    const id = (await request(app.getHttpServer()).post('/backtests').send(validBody({ symbols: ['WALK'], engine: 'event', strategy_id: 'mean_reversion', strategy_parameters: {}, start_date: '1990-01-01', end_date: '3000-01-01' })).expect(202)).body.execution_id;
    await waitFor(app, id, ['running']);
    const t0 = Date.now();
    // The worker is still stopping when DELETE answers: "running" would say the cancel did not take.
    expect((await request(app.getHttpServer()).delete(`/backtests/${id}`).expect(200)).body.status).toBe('cancelling');
    expect(['cancelling', 'cancelled']).toContain((await request(app.getHttpServer()).get(`/backtests/${id}`).expect(200)).body.status);
    const job = await waitFor(app, id, ['cancelled', 'completed'], 5_000);
    expect(job.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(2_000);
    await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(409);
    await request(app.getHttpServer()).delete(`/backtests/${id}`).expect(409);
  });

  it('answers 404 for unknown ids', async () => {
    for (const path of ['/backtests/nope', '/backtests/00000000-0000-0000-0000-000000000000/results', '/backtests/x/report']) {
      const res = await request(app.getHttpServer()).get(path).expect(404);
      expect(res.body.field).toBe('id');
    }
    await request(app.getHttpServer()).delete('/backtests/nope').expect(404);
  });

  describe('rejects bad input with 4xx naming the field, never 500', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown strategy', { strategy_id: 'astrology' }, 'strategy_id'],
      ['unknown symbol', { symbols: ['NOPE'] }, 'symbols'],
      ['unknown benchmark', { benchmark_symbol: 'NOPE' }, 'benchmark_symbol'],
      ['end before start', { start_date: '2010-01-01', end_date: '2009-01-01' }, 'end_date'],
      ['empty range', { start_date: '2020-01-01', end_date: '2020-12-31' }, 'start_date'],
      ['range shorter than the warm-up', { start_date: '2010-01-04', end_date: '2010-01-20' }, 'start_date'],
      ['negative capital', { initial_capital: -5 }, 'initial_capital'],
      ['NaN capital (as a string)', { initial_capital: 'NaN' }, 'initial_capital'],
      ['parameter outside its schema', { strategy_parameters: { fast: 0, slow: 30 } }, 'strategy_parameters.fast'],
      ['parameter constraint', { strategy_parameters: { fast: 50, slow: 30 } }, 'strategy_parameters.fast'],
      ['unknown parameter', { strategy_parameters: { fast: 10, slow: 30, leverage: 10 } }, 'strategy_parameters.leverage'],
      ['wrong parameter type', { strategy_parameters: { fast: 'ten' } }, 'strategy_parameters.fast'],
      ['negative commission', { commission: { rate: -0.1 } }, 'commission.rate'],
      ['not a date', { start_date: 'yesterday' }, 'start_date'],
      ['no symbols', { symbols: [] }, 'symbols'],
      ['unknown backtest type', { backtest_type: 'astrology' }, 'backtest_type'],
      ['risk_scenario, which POST /stress-test serves', { backtest_type: 'risk_scenario' }, 'backtest_type'],
      ['unknown top-level field', { leverage: 3 }, 'leverage'],
      ['missing name', { backtest_name: undefined }, 'backtest_name'],
      ['unsupported frequency', { frequency: '1m' }, 'frequency'],
      ['duplicate symbols', { symbols: ['GOOG', 'goog'] }, 'symbols'],
    ];
    it.each(cases)('%s → 400 on %s', async (_name, patch, field) => {
      const res = await request(app.getHttpServer()).post('/backtests').send(validBody(patch)).expect(400);
      expect(res.body.field).toBe(field);
      expect(typeof res.body.message).toBe('string');
    });

    it('malformed JSON → 400', async () => {
      const res = await request(app.getHttpServer()).post('/backtests').set('content-type', 'application/json').send('{"backtest_name": ').expect(400);
      expect(res.body.field).toBe('body');
    });

    it('a body over the size limit → 413', async () => {
      const res = await request(app.getHttpServer()).post('/backtests').send(validBody({ description: 'x'.repeat(2_000_000) })).expect(413);
      expect(res.body.field).toBe('body');
    });
  });
});
