import { resultOf } from './result-document';
import { RunOutput } from './run-request';

const day = 86_400_000;

function output(equity: number[]): RunOutput {
  const n = equity.length;
  return {
    stats: {},
    symbols: ['X'],
    time: Float64Array.from({ length: n }, (_, i) => i * day),
    equity: Float64Array.from(equity),
    close: new Float64Array(n).fill(10),
    benchmark: null,
    trades: [],
    fills: 0,
    bars: n,
    heapUsedMb: 0,
    hardwareUsed: 'main_thread',
  };
}

describe('resultOf', () => {
  it('gives per-bar returns up to the first equity at or below zero, and null after it', () => {
    // 100 → 110 (+10 %) → −20 (−20/110 − 1 = −118.18 %), then −30 and −25: ratios of debts, not returns.
    const { returns, drawdowns } = resultOf('id', output([100, 110, -20, -30, -25])).portfolio_performance;
    expect(returns[0]).toBe(0);
    expect(returns[1]).toBeCloseTo(0.1, 12);
    expect(returns[2]).toBeCloseTo(-20 / 110 - 1, 12);
    expect(returns.slice(3)).toEqual([null, null]);
    // Drawdowns stay defined: −30 is 130 below the peak of 110.
    expect(drawdowns[3]).toBeCloseTo(-30 / 110 - 1, 12);
  });

  it('gives every return of an account that never reaches zero', () => {
    const { returns } = resultOf('id', output([100, 110, 99])).portfolio_performance;
    expect(returns).toHaveLength(3);
    expect(returns[1]).toBeCloseTo(0.1, 12);
    expect(returns[2]).toBeCloseTo(99 / 110 - 1, 12);
  });
});
