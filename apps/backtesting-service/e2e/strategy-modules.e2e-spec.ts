import { INestApplication } from '@nestjs/common';
import { backtest, optimize } from '@nautilus/analytics';
import { BUILT_IN_STRATEGIES, StrategyRegistry, tradesOf } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { join } from 'node:path';
import request from 'supertest';
import { loadStrategyModules, STRATEGIES_DIR_ENV } from '../src/core/strategy-modules';
import { createTestApp, validBody } from './test-app';
import { workspaceRootOf } from '@nautilus/hardware-router';

jest.setTimeout(90_000);

const EXAMPLES = join(workspaceRootOf(), 'examples', 'strategies');
const goog = loadSharedData('GOOG.csv');
const CONFIG = { initialCapital: 10_000, closeAtEnd: false };

async function poll(app: INestApplication, path: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 3000; i++) {
    const res = await request(app.getHttpServer()).get(path).expect(200);
    if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timeout polling ${path}`);
}

/** The trades of a direct library run, in the API's shape. */
function directTrades(strategyId: string, parameters: Record<string, unknown>, registry: StrategyRegistry) {
  const { result } = backtest({ series: [goog], strategyId, parameters, config: CONFIG, registry });
  return tradesOf(result.trades, result.symbols, result.time).map((t) => ({
    symbol: t.symbol,
    side: t.size > 0 ? 'long' : 'short',
    size: Math.abs(t.size),
    entry_time: new Date(t.entryTime).toISOString(),
    exit_time: new Date(t.exitTime).toISOString(),
    entry_price: t.entryPrice,
    exit_price: t.exitPrice,
    pnl: t.pnl,
  }));
}

const tradeFields = ({ symbol, side, size, entry_time, exit_time, entry_price, exit_price, pnl }: Record<string, unknown>) => ({ symbol, side, size, entry_time, exit_time, entry_price, exit_price, pnl });

describe('strategy modules (BACKTESTING_STRATEGIES_DIR = examples/strategies)', () => {
  let app: INestApplication;
  const previous = process.env[STRATEGIES_DIR_ENV];
  // The library side of each comparison: built-ins plus the same module files.
  const registry = new StrategyRegistry([...BUILT_IN_STRATEGIES, ...loadStrategyModules(EXAMPLES)]);

  beforeAll(async () => {
    // Set before the app starts: the API's registry reads it, and worker threads inherit it.
    process.env[STRATEGIES_DIR_ENV] = EXAMPLES;
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.close();
    if (previous === undefined) delete process.env[STRATEGIES_DIR_ENV];
    else process.env[STRATEGIES_DIR_ENV] = previous;
  });

  it('lists the module ids in the OpenAPI enum of strategy_id', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(doc.components.schemas.CreateBacktestDto.properties.strategy_id.enum).toEqual([...BUILT_IN_STRATEGIES.map((d) => d.id), 'breakout_bracket', 'rsi_threshold', 'onnx_model']);
  });

  it('runs a signals module in a worker with the trades of the same module run through the library', async () => {
    const parameters = { period: 14, lower: 35, upper: 70 };
    const id = (await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'rsi_threshold', strategy_parameters: parameters })).expect(202)).body.execution_id;
    expect((await poll(app, `/backtests/${id}`)).status).toBe('completed');
    const results = (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    const expected = directTrades('rsi_threshold', parameters, registry);
    expect(expected.length).toBeGreaterThan(5);
    expect(results.trades.map(tradeFields)).toEqual(expected);
    expect(results.performance_metrics.num_trades).toBe(expected.length);
  });

  it('runs an onBar module on the event engine, as the library does', async () => {
    const parameters = { channel_length: 20, stop_loss_pct: 0.05, take_profit_pct: 0.1 };
    // No engine given: the service asks for 'vector', and an onBar strategy runs on the event engine anyway.
    const id = (await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'breakout_bracket', strategy_parameters: parameters })).expect(202)).body.execution_id;
    expect((await poll(app, `/backtests/${id}`)).status).toBe('completed');
    const results = (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body;
    const expected = directTrades('breakout_bracket', parameters, registry);
    expect(expected.length).toBeGreaterThan(5);
    expect(results.trades.map(tradeFields)).toEqual(expected);
  });

  it('searches the parameters of a signals module in a worker, as optimize() does', async () => {
    const baseId = (await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'rsi_threshold', strategy_parameters: {}, close_at_end: true })).expect(202)).body.execution_id;
    const parameterRanges = { period: [7, 14, 21], lower: [20, 25, 30, 35] };
    const accepted = await request(app.getHttpServer()).post('/optimization/parameters').send({ backtest_id: baseId, parameter_ranges: parameterRanges }).expect(202);
    const done = await poll(app, `/optimization/${accepted.body.optimization_id}`);
    expect(done.status).toBe('completed');
    const direct = optimize({ series: [goog], strategyId: 'rsi_threshold', parameterRanges, config: { initialCapital: 10_000 }, registry });
    const result = done.result as { best_parameters: unknown; in_sample_score: number };
    expect(result.best_parameters).toEqual(direct.best.parameters);
    expect(result.in_sample_score).toBeCloseTo(direct.best.inSampleScore, 10);
  });

  it('validates module parameters and rejects a search over an onBar module, naming the field', async () => {
    const bad = await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'rsi_threshold', strategy_parameters: { lower: 80 } })).expect(400);
    expect(bad.body.field).toBe('strategy_parameters.lower');
    const baseId = (await request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'breakout_bracket', strategy_parameters: {} })).expect(202)).body.execution_id;
    const search = await request(app.getHttpServer()).post('/optimization/parameters').send({ backtest_id: baseId, parameter_ranges: { channel_length: [10, 20] } }).expect(400);
    expect(search.body.field).toBe('strategy_id');
    expect(search.body.message).toContain('breakout_bracket, an event-only strategy');
  });
});
