import { computeStats } from '../metrics/compute-stats';
import { createBarSeries, parseBacktestConfig, runStrategy, StrategyRegistry, strategyFromModule } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { optimize } from './optimize';

const goog = loadSharedData('GOOG.csv');

/** Weekday bars rising 0.1 % a day with a 2 % dip every 50 bars. */
function risingSeries(n: number) {
  const close = Array.from({ length: n }, (_, i) => 100 * 1.001 ** i * (i % 50 === 25 ? 0.98 : 1));
  const day = 86_400_000;
  const time: number[] = [];
  for (let t = Date.UTC(2001, 0, 1); time.length < n; t += day) if (![0, 6].includes(new Date(t).getUTCDay())) time.push(t);
  return createBarSeries('UP', { time, open: close, high: close.map((c) => c * 1.001), low: close.map((c) => c * 0.999), close });
}

describe('optimize', () => {
  it('finds the best point known by construction', () => {
    // Buy and hold on a rising series: more exposure, more return; less exposure, shallower drawdown.
    const series = [risingSeries(600)];
    const ranges = { position_size: [0.25, 0.5, 1, 0.75] };
    const byReturn = optimize({ series, strategyId: 'buy_and_hold', parameterRanges: ranges, target: 'total_return', config: { lotSize: 0 } });
    expect(byReturn.best.parameters.position_size).toBe(1);
    const byDrawdown = optimize({ series, strategyId: 'buy_and_hold', parameterRanges: ranges, target: 'max_drawdown', config: { lotSize: 0 } });
    expect(byDrawdown.best.parameters.position_size).toBe(0.25);
    expect(byReturn.evaluated).toBe(4);
  });

  it.each([
    ['sma_crossover', { fast: [5, 10], slow: [20, 30] }, { fast: 10, slow: 30 }],
    ['mean_reversion', { lookback_period: [10, 20], z_score_threshold: [1, 2], allow_short: [false, true] }, { lookback_period: 20, z_score_threshold: 2 }],
  ])('scores each %s set on the in-sample bars exactly as computeStats does on that part of the curve', (id, parameterRanges, original) => {
    const r = optimize({ series: [goog], strategyId: id, parameterRanges, inSampleFraction: 0.6 });
    expect(r.splitIndex).toBe(Math.round(2148 * 0.6));
    const registry = new StrategyRegistry();
    let trades = 0;
    for (const trial of r.trials) {
      const params = registry.parameters(id, trial.parameters);
      const run = runStrategy(parseBacktestConfig({}), [goog], registry.get(id), params);
      const inSample = computeStats({ time: run.time.subarray(0, r.splitIndex), equity: run.equity.subarray(0, r.splitIndex), trades: { ...run.trades, length: 0 } });
      const outOfSample = computeStats({ time: run.time.subarray(r.splitIndex - 1), equity: run.equity.subarray(r.splitIndex - 1), trades: { ...run.trades, length: 0 } });
      expect(trial.inSample.sharpeRatio).toBeCloseTo(inSample.sharpeRatio, 12);
      expect(trial.inSample.totalReturn * 100).toBeCloseTo(inSample.totalReturnPct, 10);
      expect(trial.outOfSample.maxDrawdown * 100).toBeCloseTo(outOfSample.maxDrawdownPct, 10);
      expect(trial.inSampleScore).toBe(trial.inSample.sharpeRatio);
      trades += trial.inSample.numTrades;
    }
    // Not vacuous: the sets trade.
    expect(trades).toBeGreaterThan(r.trials.length);
    const best = r.trials.reduce((a, b) => (b.inSampleScore > a.inSampleScore ? b : a));
    expect(r.best).toBe(best);
    expect(r.original.parameters).toMatchObject(original);
  });

  it("skips combinations that break the strategy's or the user's constraints", () => {
    const r = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: { min: 10, max: 40, step: 10 }, slow: [20, 40] }, constraints: ['slow > 5'] });
    // fast ∈ {10,20,30,40}, slow ∈ {20,40}: fast < slow keeps (10,20), (10,40), (20,40), (30,40); 'slow > 5' keeps all of them.
    expect(r.evaluated).toBe(4);
    expect(r.skippedByConstraints).toBe(4);
    const r2 = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [10, 20, 30], slow: [40] }, constraints: ['fast >= 20'] });
    expect(r2.trials.map((t) => t.parameters.fast)).toEqual([20, 30]);
  });

  it('samples a random search reproducibly by seed, without repeats', () => {
    const req = { series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: { min: 2, max: 20, step: 1 }, slow: { min: 25, max: 60, step: 5 } }, method: 'random' as const, maxIterations: 30 };
    const a = optimize({ ...req, seed: 1 });
    const b = optimize({ ...req, seed: 1 });
    const c = optimize({ ...req, seed: 2 });
    const key = (r: typeof a) => r.trials.map((t) => `${t.parameters.fast}/${t.parameters.slow}`);
    expect(key(a)).toEqual(key(b));
    expect(key(a)).not.toEqual(key(c));
    expect(new Set(key(a)).size).toBe(30);
  });

  it('reports a deflated Sharpe ratio that falls as more sets are tried', () => {
    const few = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [10, 12], slow: [30] } });
    const many = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: { min: 2, max: 40, step: 1 }, slow: { min: 45, max: 100, step: 5 } } });
    expect(few.deflatedSharpeRatio).toBeGreaterThan(0);
    expect(few.deflatedSharpeRatio).toBeLessThanOrEqual(1);
    expect(many.evaluated).toBe(39 * 12);
    expect(many.deflatedSharpeRatio).toBeLessThan(few.deflatedSharpeRatio);
  });

  it('rejects bad searches naming the field', () => {
    const base = { series: [goog], strategyId: 'sma_crossover' };
    expect(() => optimize({ ...base, parameterRanges: {} })).toThrow(/parameter_ranges/);
    expect(() => optimize({ ...base, parameterRanges: { fast: { min: 1, max: 1000, step: 1 }, slow: { min: 2, max: 1000, step: 1 } }, maxGridSize: 10_000 })).toThrow(
      /parameter_ranges: expected a grid of at most 10000 combinations \(max_grid_size\), found 999000 combinations/,
    );
    expect(() => optimize({ ...base, parameterRanges: { nope: [1] } })).toThrow(/parameter_ranges.nope/);
    expect(() => optimize({ ...base, parameterRanges: { fast: [1.5] } })).toThrow(/parameter_ranges.fast: expected integers/);
    expect(() => optimize({ ...base, parameterRanges: { fast: [5] }, constraints: ['fast <'] })).toThrow(/constraints/);
    expect(() => optimize({ ...base, parameterRanges: { fast: [5] }, target: 'luck' as never })).toThrow(/optimization_target/);
    expect(() => optimize({ ...base, parameterRanges: { fast: [50] } })).toThrow(/at least one combination that satisfies the constraints/);
  });

  it('rejects an event-only strategy, which has no signal matrix to search, naming strategy_id', () => {
    const onBarOnly = strategyFromModule(
      { id: 'on_bar_only', description: 'Never trades.', parameters: { n: { type: 'integer', default: 1, description: 'Unused.' } }, onBar: () => undefined },
      'on-bar-only.ts',
    );
    const registry = new StrategyRegistry([onBarOnly]);
    expect(() => optimize({ series: [goog], strategyId: 'on_bar_only', parameterRanges: { n: [1, 2] }, registry })).toThrow(
      'strategy_id: expected a strategy with a vectorized form (signals): searches run the vectorized engine, found on_bar_only, an event-only strategy',
    );
  });
});
