import { parseBacktestConfig } from '../../config/backtest-config';
import { alignMarket } from '../market-data';
import { barsFromRows } from '../test-bars';
import { backtestVectorized } from './backtest-vectorized';

const rows = [
  [10, 11, 9, 10],
  [11, 12, 10, 12],
  [12, 13, 11, 13],
  [14, 15, 13, 14],
] as const;

describe('backtestVectorized on a hand-computed case', () => {
  const market = alignMarket([barsFromRows('X', rows)]);
  const target = Float64Array.from([1, NaN, 0, NaN]);

  it('fills a decision of bar t at the open of bar t+1, in whole units, without costs', () => {
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100 }), market, target);
    // Bar 0 decides 1 → bar 1 open 11: floor(100 / 11) = 9 units, cost 99, cash 1.
    // Equity: bar 0 = 100; bar 1 = 1 + 9×12 = 109; bar 2 = 1 + 9×13 = 118.
    // Bar 2 decides 0 → bar 3 open 14: cash = 1 + 9×14 = 127.
    expect(Array.from(r.equity)).toEqual([100, 109, 118, 127]);
    expect(r.fills.length).toBe(2);
    expect(r.fills.barIndex[0]).toBe(1);
    expect(r.fills.price[0]).toBe(11);
    expect(r.fills.quantity[0]).toBe(9);
    expect(r.fills.barIndex[1]).toBe(3);
    expect(r.fills.quantity[1]).toBe(-9);
    expect(r.trades.length).toBe(1);
    expect(r.trades.entryIndex[0]).toBe(1);
    expect(r.trades.exitIndex[0]).toBe(3);
    expect(r.trades.pnl[0]).toBeCloseTo(27, 12);
    expect(r.trades.returnPct[0]).toBeCloseTo(27 / 99, 12);
    expect(Array.from(r.exposure)).toEqual([0, (9 * 12) / 109, (9 * 13) / 118, 0]);
  });

  it('charges percent commission and slippage against the trader', () => {
    const config = parseBacktestConfig({ initialCapital: 100, commission: { rate: 0.01 }, slippageBps: 10 });
    const r = backtestVectorized(config, market, target);
    // Buy at 11 × 1.001 = 11.011; units = floor(100 / (11.011 × 1.01)) = floor(8.9919) = 8.
    // Cash = 100 − 8×11.011 − 0.01×8×11.011 = 100 − 88.088 − 0.88088 = 11.03112.
    // Sell at 14 × 0.999 = 13.986: proceeds 111.888, commission 1.11888 → cash 121.80024.
    expect(r.fills.quantity[0]).toBe(8);
    expect(r.fills.price[0]).toBeCloseTo(11.011, 12);
    expect(r.fills.commission[0]).toBeCloseTo(0.88088, 12);
    expect(r.cash[1]).toBeCloseTo(11.03112, 10);
    expect(r.equity[3]).toBeCloseTo(121.80024, 10);
    // Trade pnl = 8 × (13.986 − 11.011) − (0.88088 + 1.11888) = 23.8 − 1.99976.
    expect(r.trades.pnl[0]).toBeCloseTo(21.80024, 10);
    expect(r.trades.commission[0]).toBeCloseTo(1.99976, 10);
  });

  it('applies per-unit, fixed and minimum commission per order', () => {
    const config = parseBacktestConfig({ initialCapital: 100, commission: { perUnit: 0.1, fixed: 1, minimum: 2.5 } });
    const r = backtestVectorized(config, market, target);
    // Budget 100 at 11: units = floor((100 − 1) / (11 + 0.1)) = floor(8.918) = 8; 1 + 0.8 = 1.8 < 2.5 → commission 2.5.
    // 8 × 11 + 2.5 = 90.5 ≤ 100, and 9 units would cost 99 + 2.5 > 100.
    expect(r.fills.quantity[0]).toBe(8);
    expect(r.fills.commission[0]).toBe(2.5);
    expect(r.fills.commission[1]).toBe(2.5);
    expect(r.equity[3]).toBeCloseTo(100 - 8 * 11 - 2.5 + 8 * 14 - 2.5, 10);
  });

  it('reverses from long to short as two fills at the same open', () => {
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100 }), market, Float64Array.from([1, -1, NaN, NaN]));
    // Bar 1 open 11: buy 9 (cash 1). Bar 2 open 12: sell 9 (cash 109), then short floor(109 / 12) = 9 (cash 217).
    // Bar 3 close 14 with closeAtEnd: buy back 9 at 14 → cash 91; short pnl = −9 × (14 − 12) = −18.
    expect(r.fills.length).toBe(4);
    expect(Array.from(r.fills.quantity.subarray(0, 4))).toEqual([9, -9, -9, 9]);
    expect(r.trades.length).toBe(2);
    expect(r.trades.size[1]).toBe(-9);
    expect(r.trades.pnl[1]).toBeCloseTo(-18, 12);
    expect(r.equity[3]).toBeCloseTo(91, 12);
  });

  it('fills at the same bar close only when configured', () => {
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100, fillTiming: 'same_close' }), market, target);
    // Bar 0 close 10: buy 10 units (cash 0). Bar 2 close 13: sell → cash 130.
    expect(r.fills.barIndex[0]).toBe(0);
    expect(r.fills.price[0]).toBe(10);
    expect(r.equity[3]).toBe(130);
  });

  it('leaves positions open at the end when closeAtEnd is false', () => {
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100, closeAtEnd: false }), market, Float64Array.from([1, NaN, NaN, NaN]));
    expect(r.trades.length).toBe(0);
    expect(r.finalPositions[0]).toBe(9);
    expect(r.equity[3]).toBe(1 + 9 * 14);
  });

  it('trades fractional units when lotSize is 0', () => {
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100, lotSize: 0 }), market, target);
    expect(r.fills.quantity[0]).toBeCloseTo(100 / 11, 12);
    expect(r.equity[3]).toBeCloseTo((100 / 11) * 14, 10);
  });

  it('rejects a target matrix of the wrong size', () => {
    expect(() => backtestVectorized(parseBacktestConfig(), market, new Float64Array(3))).toThrow(/target: expected 4 values/);
  });
});

describe('backtestVectorized with several symbols', () => {
  it('shares cash, closing before opening on the same bar', () => {
    const a = barsFromRows('A', [
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [20, 20, 20, 20],
      [20, 20, 20, 20],
    ]);
    const b = barsFromRows('B', [
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 5, 5, 5],
    ]);
    const market = alignMarket([a, b]);
    // A: 1 at bar 0, 0 at bar 1. B: 1 at bar 1. Column-major: A's 4 bars, then B's.
    const target = Float64Array.from([1, 0, NaN, NaN, NaN, 1, NaN, NaN]);
    const r = backtestVectorized(parseBacktestConfig({ initialCapital: 100 }), market, target);
    // Bar 1 open: buy 10 A at 10. Bar 2 open: sell 10 A at 20 (cash 200), then buy floor(200/5) = 40 B.
    // Bar 3: closeAtEnd sells the 40 B at the close.
    expect(r.fills.length).toBe(4);
    expect(Array.from(r.fills.symbolIndex.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(Array.from(r.fills.quantity.subarray(0, 4))).toEqual([10, -10, 40, -40]);
    expect(r.equity[2]).toBe(200);
  });
});
