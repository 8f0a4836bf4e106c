/**
 * Bars per second of both engines on 1,000,000 synthetic bars (seeded random walk), beside a
 * baseline loop that only sums the closes and a naive backtest (a Bar object per bar, both SMAs
 * re-summed from array slices on every bar), in the same process. Run: `npm run bench:engine`.
 */
import {
  alignMarket,
  backtestEvent,
  backtestVectorized,
  computeSignals,
  parseBacktestConfig,
  simulateTargets,
  simulationParamsOf,
  smaCrossover,
  StrategyRegistry,
  eventStrategyOf,
} from '@nautilus/domain';
import { syntheticRandomWalk } from '@nautilus/domain/testing';
import { asCase, report, time } from '../harness';

const N = Number(process.env.BENCH_BARS ?? 1_000_000);
// Zero drift keeps a million daily steps within float range; fractional units keep every signal tradable.
const series = syntheticRandomWalk(N, 42, { drift: 0, volatility: 0.01 });
const market = alignMarket([series]);
const config = parseBacktestConfig({ initialCapital: 100_000, commission: { rate: 0.001 }, lotSize: 0 });
const params = new StrategyRegistry().parameters('sma_crossover', { fast: 10, slow: 30, allow_short: true });
const target = computeSignals(smaCrossover, market, params);
// The same crossover long-only: flat between trades, as most long-only strategies are half the time.
const longOnly = computeSignals(smaCrossover, market, new StrategyRegistry().parameters('sma_crossover', { fast: 10, slow: 30 }));
const simParams = simulationParamsOf(config);
const equityOnly = { equity: new Float64Array(N) };
const full = { equity: new Float64Array(N), cash: new Float64Array(N), exposure: new Float64Array(N) };

/** The textbook loop: bar objects, windows sliced and summed per bar, all-in at the next open. */
function naiveBacktest(): number {
  const bars: { open: number; close: number }[] = [];
  for (let i = 0; i < N; i++) bars.push({ open: series.open[i], close: series.close[i] });
  const closes: number[] = [];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let cash = 100_000;
  let units = 0;
  let pending = 0;
  let prevFast = NaN;
  let prevSlow = NaN;
  let equity = cash;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    if (pending !== 0) {
      const value = cash + units * bar.open;
      const wanted = (pending * value) / bar.open;
      cash -= (wanted - units) * bar.open + Math.abs(wanted - units) * bar.open * 0.001;
      units = wanted;
      pending = 0;
    }
    closes.push(bar.close);
    const fast = closes.length >= 10 ? mean(closes.slice(-10)) : NaN;
    const slow = closes.length >= 30 ? mean(closes.slice(-30)) : NaN;
    if (prevFast <= prevSlow && fast > slow) pending = 1;
    else if (prevFast >= prevSlow && fast < slow) pending = -1;
    prevFast = fast;
    prevSlow = slow;
    equity = cash + units * bar.close;
  }
  return equity;
}

const trades = backtestVectorized(config, market, target).trades.length;
report({
  id: 'engine',
  title: 'Single backtest: engine throughput (one core)',
  unit: 'bars',
  detail: `${N.toLocaleString('en-US')} bars, sma_crossover 10/30 long/short, ${trades} trades`,
  cases: [
    asCase(
      time('baseline: sum of closes', () => {
        const c = series.close;
        let s = 0;
        for (let i = 0; i < c.length; i++) s += c[i];
        return s;
      }),
      'baseline',
      N,
    ),
    asCase(time('naive: Bar objects, SMAs re-summed per bar', naiveBacktest, 3, 1), 'naive', N),
    asCase(time('vector kernel: equity only (signals given)', () => simulateTargets(market.open, market.close, target, N, 1, simParams, equityOnly)), 'ours', N),
    asCase(time('vector kernel: long-only, flat between trades', () => simulateTargets(market.open, market.close, longOnly, N, 1, simParams, equityOnly)), 'ours', N),
    asCase(time('vector kernel: equity+cash+exposure', () => simulateTargets(market.open, market.close, target, N, 1, simParams, full)), 'ours', N),
    asCase(time('vector engine: SMA signals + simulation', () => backtestVectorized(config, market, computeSignals(smaCrossover, market, params))), 'ours', N, {
      headline: 'Single backtest, vector engine',
    }),
    asCase(time('event engine: SMA crossover onBar + broker', () => backtestEvent(config, market, eventStrategyOf(smaCrossover, params, market)), 5, 1), 'ours', N, {
      headline: 'Single backtest, event engine',
    }),
  ],
});
