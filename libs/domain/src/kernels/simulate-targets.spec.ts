import { parseBacktestConfig, simulationParamsOf } from '../config/backtest-config';
import { alignMarket } from '../engine/market-data';
import { createBarSeries } from '../series/bar-series';
import { StrategyRegistry } from '../strategies/registry';
import { computeSignals } from '../strategies/strategy-definition';
import { loadSharedData } from '../testing';
import { simulateTargets } from './simulate-targets';

const goog = loadSharedData('GOOG.csv');
// The same bars under another name: a second symbol that never trades.
const idle = createBarSeries('IDLE', { time: goog.time, open: goog.open, high: goog.high, low: goog.low, close: goog.close, volume: goog.volume });
const registry = new StrategyRegistry();

describe('simulateTargets on one symbol', () => {
  it.each([
    ['long-only, flat between trades', { fast: 10, slow: 20 }, {}],
    ['long/short, never flat', { fast: 5, slow: 60, allow_short: true }, { commission: { rate: 0.001 } }],
    ['long-only, fills at the close, open at the end', { fast: 20, slow: 50, position_size: 0.5 }, { fillTiming: 'same_close', closeAtEnd: false }],
  ])('%s: equity, cash and exposure equal the general k-symbol loop bit for bit', (_name, raw, configInput) => {
    const one = alignMarket([goog]);
    const two = alignMarket([goog, idle]);
    const n = one.n;
    const params = registry.parameters('sma_crossover', raw, 1);
    const target1 = computeSignals(registry.get('sma_crossover'), one, params);
    const target2 = new Float64Array(2 * n).fill(NaN);
    target2.set(target1);
    const sim = simulationParamsOf(parseBacktestConfig(configInput));
    const a = { equity: new Float64Array(n), cash: new Float64Array(n), exposure: new Float64Array(n) };
    const b = { equity: new Float64Array(n), cash: new Float64Array(n), exposure: new Float64Array(n) };
    const la = simulateTargets(one.open, one.close, target1, n, 1, sim, a);
    const lb = simulateTargets(two.open, two.close, target2, n, 2, sim, b);
    expect(Array.from(a.equity)).toEqual(Array.from(b.equity));
    expect(Array.from(a.cash)).toEqual(Array.from(b.cash));
    expect(Array.from(a.exposure)).toEqual(Array.from(b.exposure));
    expect(Array.from(la.trades.pnl.subarray(0, la.trades.length))).toEqual(Array.from(lb.trades.pnl.subarray(0, lb.trades.length)));
    expect(la.trades.length).toBeGreaterThan(5);
    // Not vacuous for the flat case: some bars hold no position.
    expect(a.exposure.some((x) => x === 0)).toBe(true);
  });
});
