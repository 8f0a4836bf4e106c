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

/**
 * Runs `target1` on GOOG alone (the one-symbol kernel) and beside an idle second symbol (the
 * general k-symbol loop), expects equity, cash, exposure and every fill to be equal bit for bit,
 * and returns the one-symbol run.
 */
function expectOneSymbolEqualsGeneral(target1: Float64Array, sim: ReturnType<typeof simulationParamsOf>) {
  const one = alignMarket([goog]);
  const two = alignMarket([goog, idle]);
  const n = one.n;
  const target2 = new Float64Array(2 * n).fill(NaN);
  target2.set(target1);
  const a = { equity: new Float64Array(n), cash: new Float64Array(n), exposure: new Float64Array(n) };
  const b = { equity: new Float64Array(n), cash: new Float64Array(n), exposure: new Float64Array(n) };
  const la = simulateTargets(one.open, one.close, target1, n, 1, sim, a);
  const lb = simulateTargets(two.open, two.close, target2, n, 2, sim, b);
  expect(Array.from(a.equity)).toEqual(Array.from(b.equity));
  expect(Array.from(a.cash)).toEqual(Array.from(b.cash));
  expect(Array.from(a.exposure)).toEqual(Array.from(b.exposure));
  expect(Array.from(la.fills.barIndex.subarray(0, la.fills.length))).toEqual(Array.from(lb.fills.barIndex.subarray(0, lb.fills.length)));
  expect(Array.from(la.fills.price.subarray(0, la.fills.length))).toEqual(Array.from(lb.fills.price.subarray(0, lb.fills.length)));
  expect(Array.from(la.trades.pnl.subarray(0, la.trades.length))).toEqual(Array.from(lb.trades.pnl.subarray(0, lb.trades.length)));
  return { ledger: la, out: a };
}

describe('simulateTargets on one symbol', () => {
  it.each([
    ['long-only, flat between trades', { fast: 10, slow: 20 }, {}],
    ['long/short, never flat', { fast: 5, slow: 60, allow_short: true }, { commission: { rate: 0.001 } }],
    ['long-only, fills at the close, open at the end', { fast: 20, slow: 50, position_size: 0.5 }, { fillTiming: 'same_close', closeAtEnd: false }],
  ])('%s: equity, cash and exposure equal the general k-symbol loop bit for bit', (_name, raw, configInput) => {
    const one = alignMarket([goog]);
    const target = computeSignals(registry.get('sma_crossover'), one, registry.parameters('sma_crossover', raw, 1));
    const { ledger, out } = expectOneSymbolEqualsGeneral(target, simulationParamsOf(parseBacktestConfig(configInput)));
    expect(ledger.trades.length).toBeGreaterThan(5);
    // Not vacuous for the flat case: some bars hold no position.
    expect(out.exposure.some((x) => x === 0)).toBe(true);
  });
});

describe('simulateTargets on one symbol with decisions on the first and last bars', () => {
  it.each([
    ['next open, closed at the end', {}],
    ['next open, left open', { closeAtEnd: false }],
    ['same close, closed at the end', { fillTiming: 'same_close' }],
    ['same close, left open', { fillTiming: 'same_close', closeAtEnd: false, commission: { rate: 0.002 }, slippageBps: 5 }],
  ])('%s: equals the general k-symbol loop bit for bit', (_name, configInput) => {
    const n = goog.length;
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = [1, -1, 0, 0.5, 1];
    const target = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) if (rand() < 0.05) target[i] = values[Math.floor(rand() * values.length)];
    // Decisions on the first bar, and on the last two: with same-close fills the last one trades
    // on the last bar, right before the end-of-run liquidation.
    target[0] = 1;
    target[n - 2] = -1;
    target[n - 1] = 0.5;
    const { ledger } = expectOneSymbolEqualsGeneral(target, simulationParamsOf(parseBacktestConfig({ lotSize: 0, ...configInput })));
    expect(ledger.fills.length).toBeGreaterThan(50);
    // Not vacuous: a fill lands on the last bar (the last decision or the liquidation).
    expect(ledger.fills.barIndex[ledger.fills.length - 1]).toBe(n - 1);
  });
});

describe('simulateTargets with rebalance', () => {
  // Opens equal closes. A doubles between bars 1 and 2; B stays at 10. Weights 0.5 are decided on
  // bar 0 (filled at bar 1's open) and again on bar 2 (filled at bar 3's open, A at 20).
  const a = [10, 10, 20, 20];
  const b = [10, 10, 10, 10];
  const params = (rebalance: boolean) => simulationParamsOf(parseBacktestConfig({ initialCapital: 1_000, lotSize: 0 }), rebalance);
  const nan = NaN;

  it('trades one symbol back to a repeated weight only when asked to', () => {
    const open = Float64Array.from(a);
    const target = Float64Array.of(0.5, nan, 0.5, nan);
    const run = (rebalance: boolean) => {
      const ledger = simulateTargets(open, open, target, 4, 1, { ...params(rebalance), closeAtEnd: false }, { equity: new Float64Array(4) });
      return { fills: ledger.fills.length, units: ledger.quantity[0], cash: ledger.cash };
    };
    // Bar 1: 0.5 × 1,000 = 500 buys 50 units at 10. Bar 3: equity 500 + 50 × 20 = 1,500, and
    // 0.5 × 1,500 = 750 is 37.5 units at 20, so 12.5 are sold for 250: cash 750.
    expect(run(true)).toEqual({ fills: 2, units: 37.5, cash: 750 });
    // Without rebalance the repeated 0.5 means "keep holding": 50 units, now two thirds of equity.
    expect(run(false)).toEqual({ fills: 1, units: 50, cash: 500 });
  });

  it('trades every symbol back to repeated weights only when asked to', () => {
    // Column-major: A's four bars, then B's.
    const open = Float64Array.from([...a, ...b]);
    const target = Float64Array.of(0.5, nan, 0.5, nan, 0.5, nan, 0.5, nan);
    const run = (rebalance: boolean) => {
      const ledger = simulateTargets(open, open, target, 4, 2, { ...params(rebalance), closeAtEnd: false }, { equity: new Float64Array(4) });
      return { fills: ledger.fills.length, units: Array.from(ledger.quantity), cash: ledger.cash };
    };
    // Bar 1: 500 each, 50 units of A and 50 of B, cash 0. Bar 3: equity 50 × 20 + 50 × 10 = 1,500;
    // A shrinks to 750 / 20 = 37.5 units (sells 12.5 for 250), then B grows to 750 / 10 = 75 (buys
    // 25 for 250): cash 0, and each holds half the equity again.
    expect(run(true)).toEqual({ fills: 4, units: [37.5, 75], cash: 0 });
    expect(run(false)).toEqual({ fills: 2, units: [50, 50], cash: 0 });
  });
});
