import { computeStats } from '../metrics/compute-stats';
import { BUILT_IN_STRATEGIES, createBarSeries, parseBacktestConfig, runStrategy, StrategyDefinition, StrategyRegistry, strategyFromModule, ValidationError } from '@nautilus/domain';
import { loadSharedData, syntheticRandomWalk } from '@nautilus/domain/testing';
import { NO_SEGMENT } from './objective';
import { optimize, planSearch } from './optimize';

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

  it('scores a run whose equity falls below zero as computeStats does: its returns end at the ruin', () => {
    // Shorts with 5,000 bps of slippage: the first short fills at half the open and is marked at the
    // close, so the account loses more than it holds on the first trade.
    const config = { initialCapital: 100_000, slippageBps: 5_000 };
    const r = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [5, 10], slow: [20, 30], allow_short: [true, false] }, config, inSampleFraction: 0.6 });
    const registry = new StrategyRegistry();
    let ruined = 0;
    for (const trial of r.trials) {
      const run = runStrategy(parseBacktestConfig(config), [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', trial.parameters));
      if (run.equity.some((e) => e <= 0)) ruined++;
      const noTrades = { ...run.trades, length: 0 };
      const inSample = computeStats({ time: run.time.subarray(0, r.splitIndex), equity: run.equity.subarray(0, r.splitIndex), trades: noTrades });
      const outOfSample = computeStats({ time: run.time.subarray(r.splitIndex - 1), equity: run.equity.subarray(r.splitIndex - 1), trades: noTrades });
      // A segment that starts ruined has no return, so both sides are NaN there.
      const same = (a: number, b: number, digits: number) => (Number.isNaN(b) ? expect(a).toBeNaN() : expect(a).toBeCloseTo(b, digits));
      same(trial.inSample.sharpeRatio, inSample.sharpeRatio, 12);
      same(trial.inSample.sortinoRatio, inSample.sortinoRatio, 12);
      same(trial.inSample.maxDrawdown * 100, inSample.maxDrawdownPct, 10);
      same(trial.outOfSample.sharpeRatio, outOfSample.sharpeRatio, 12);
      same(trial.outOfSample.totalReturn * 100, outOfSample.totalReturnPct, 10);
    }
    // Not vacuous: the short sets are ruined, the long-only ones are not.
    expect(ruined).toBe(4);
  });

  it.each([false, true])('counts a trade closing on the last in-sample bar, the out-of-sample base, in-sample only (rebalances: %p)', (rebalances) => {
    // Long on the decision of bar 100 (filled at 101's open), flat on the decision of bar x, filled
    // at bar x + 1's open: x = 697, 698, 699 exit on bars 698, 699 = split − 1 and 700. Without
    // rebalances one symbol takes the fused sweep kernel, with them the simulation and segmentMetrics.
    const definition: StrategyDefinition = {
      id: 'exit_at',
      description: 'long from bar 101 to bar x + 1',
      minSymbols: 1,
      parameters: { x: { type: 'integer', default: 698, min: 0, max: 2000, description: 'bar whose decision exits' } },
      warmupBars: () => 0,
      ...(rebalances ? { rebalances } : {}),
      prepare: (_market, p) => ({ decide: (i) => (i === 100 ? 1 : i === p.x ? 0 : NaN) }),
    };
    const registry = new StrategyRegistry([...BUILT_IN_STRATEGIES, definition]);
    const r = optimize({ series: [syntheticRandomWalk(1000, 3)], strategyId: 'exit_at', registry, parameterRanges: { x: [697, 698, 699] }, inSampleFraction: 0.7, config: { lotSize: 0 } });
    expect(r.splitIndex).toBe(700);
    expect(r.trials.map((t) => [t.inSample.numTrades, t.outOfSample.numTrades])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    // With no trade of its own, the out-of-sample segment has no win rate or profit factor.
    expect(r.trials[1].outOfSample.winRate).toBeNaN();
    expect(r.trials[1].outOfSample.profitFactor).toBeNaN();
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

  it('draws again for the sampled points of a random search that break a constraint (docs/studies.md)', () => {
    // fast 2…40 × slow 25…60 step 5: 39 × 8 = 312 points, of which fast < slow keeps 23 + 28 + 33 + 38 + 4 × 39 = 278.
    const req = { series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: { min: 2, max: 40, step: 1 }, slow: { min: 25, max: 60, step: 5 } }, method: 'random' as const, maxIterations: 40, seed: 3 };
    const r = optimize(req);
    expect(r.evaluated).toBe(40);
    // Not vacuous: some draws broke fast < slow and were replaced.
    expect(r.skippedByConstraints).toBeGreaterThan(0);
    expect(r.trials.every((t) => (t.parameters.fast as number) < (t.parameters.slow as number))).toBe(true);
    expect(new Set(r.trials.map((t) => `${t.parameters.fast}/${t.parameters.slow}`)).size).toBe(40);
    expect(optimize(req).trials.map((t) => t.parameters)).toEqual(r.trials.map((t) => t.parameters));
    // One seed draws one sequence: a smaller sample is the start of a larger one.
    const smaller = optimize({ ...req, maxIterations: 15 });
    expect(smaller.trials.map((t) => t.parameters)).toEqual(r.trials.slice(0, 15).map((t) => t.parameters));
  });

  it('takes the first max_iterations grid points that pass the constraints, in grid order', () => {
    // fast 10…40 step 10 × slow {20, 40}, slow fastest: (10,20) (10,40) (20,20)✗ (20,40) (30,20)✗ (30,40) …
    const r = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: { min: 10, max: 40, step: 10 }, slow: [20, 40] }, maxIterations: 3 });
    expect(r.trials.map((t) => [t.parameters.fast, t.parameters.slow])).toEqual([
      [10, 20],
      [10, 40],
      [20, 40],
    ]);
    expect(r.skippedByConstraints).toBe(1);
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
    expect(() => optimize({ ...base, parameterRanges: { fast: [50] } })).toThrow(
      "parameter_ranges: expected combinations that sma_crossover accepts: fast < slow (30), found all 1 combination rejected by the strategy",
    );
  });

  it.each([null, 7, 'fast'])('names parameter_ranges.fast for a range that is %p, in the plan the service checks at submit', (spec) => {
    const request = { series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: spec as never, slow: [30] } };
    expect(() => planSearch(request)).toThrow(ValidationError);
    expect(() => planSearch(request)).toThrow(`parameter_ranges.fast: expected a list of values or {min, max, step}, found ${JSON.stringify(spec)}`);
  });

  describe('refuses at plan time a search whose every candidate is excluded', () => {
    const base = { series: [goog], strategyId: 'sma_crossover' };

    it("names constraints when the user's constraints exclude what the strategy accepts", () => {
      // fast ∈ {5, 10, …, 50} (10 values) × slow ∈ {20, 50, 100}: 30 points. sma_crossover needs fast < slow, which
      // keeps 3 (slow 20) + 9 (slow 50) + 10 (slow 100) = 22 of them; 'fast > slow' breaks all 22.
      const request = { ...base, parameterRanges: { fast: { min: 5, max: 50, step: 5 }, slow: [20, 50, 100] }, constraints: ['fast > slow'] };
      expect(() => planSearch(request)).toThrow("constraints: expected constraints that at least one combination of parameter_ranges satisfies, found all 22 combinations sma_crossover accepts break 'fast > slow'");
      expect(() => planSearch({ ...request, method: 'bayesian' })).toThrow(/^constraints: .* found all 22 combinations/);
    });

    it('names parameter_ranges when the warm-up leaves no in-sample bar', () => {
      // 2,148 bars × 0.5 = 1,074 in-sample bars; slow 1,100 and 1,200 need longer warm-ups.
      const request = { ...base, parameterRanges: { fast: [10], slow: [1100, 1200] }, inSampleFraction: 0.5 };
      expect(() => planSearch(request)).toThrow(
        'parameter_ranges: expected a combination whose warm-up is shorter than the 1074 in-sample bars, found the shortest warm-up of the 2 combinations that pass the constraints is 1100 bars',
      );
      expect(planSearch({ ...request, inSampleFraction: 0.6 }).split).toBe(1289);
    });

    it('visits grid points past those that break a constraint, and refuses a grid with none that passes', () => {
      // Grid order is slow fastest: (10, 5) and (10, 8) come first and break fast < slow; (10, 40) is the third point.
      const request = { ...base, parameterRanges: { fast: [10], slow: [5, 8, 40] } };
      expect(planSearch({ ...request, maxIterations: 1 }).order).toEqual([0, 1, 2]);
      expect(() => planSearch({ ...request, parameterRanges: { fast: [10], slow: [5, 8] }, maxIterations: 1 })).toThrow('found all 2 combinations rejected by the strategy');
      expect(() => planSearch({ ...request, parameterRanges: { fast: [10], slow: [5, 8] }, method: 'random' })).toThrow('found all 2 sampled combinations rejected by the strategy');
    });
  });

  it.each([
    ['one symbol', [goog]],
    ['two symbols', [goog, createBarSeries('GOOG2', { time: goog.time, open: goog.open, high: goog.high, low: goog.low, close: goog.close, volume: goog.volume })]],
  ])('reports no out-of-sample figures with in_sample_fraction 1 (%s): there are no out-of-sample bars', (_, series) => {
    const r = optimize({ series, strategyId: 'sma_crossover', parameterRanges: { fast: [5, 10], slow: [30] }, inSampleFraction: 1 });
    // split = min(2148, max(2, round(2148 × 1))) = 2148 = n bars: all of them choose, none test.
    expect(r.splitIndex).toBe(2148);
    for (const t of [...r.trials, r.best, r.original]) {
      expect(Number.isFinite(t.inSampleScore)).toBe(true);
      expect(t.outOfSample).toEqual(NO_SEGMENT);
      expect(t.outOfSample.numTrades).toBe(0);
      expect(t.outOfSampleScore).toBeNaN();
    }
    // The overfitting gap out-of-sample − in-sample has no out-of-sample side.
    expect(r.best.outOfSampleScore - r.best.inSampleScore).toBeNaN();
    // The in-sample side is the whole run: its Sharpe is the run's own.
    const run = runStrategy(parseBacktestConfig({}), series, new StrategyRegistry().get('sma_crossover'), new StrategyRegistry().parameters('sma_crossover', r.best.parameters, series.length));
    const stats = computeStats({ time: run.time, equity: run.equity, trades: { ...run.trades, length: 0 } });
    expect(r.best.inSample.sharpeRatio).toBeCloseTo(stats.sharpeRatio, 12);
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
