/**
 * Golden test against backtesting.py on its own data. Reference values are pinned in
 * kernc/backtesting.py `backtesting/test/_test.py`, `TestBacktest.test_compute_stats`
 * (SmaCross fast=10, slow=30, `position.close()` then `buy()`/`sell()` on crossovers, so it reverses
 * long ↔ short; default cash 10,000, no commission, fills at the next open, whole units).
 */
import { loadSharedData } from '@nautilus/domain/testing';
import { backtest } from '../backtest';

const goog = loadSharedData('GOOG.csv');
const run = (closeAtEnd: boolean) =>
  backtest({
    series: [goog],
    strategyId: 'sma_crossover',
    parameters: { fast: 10, slow: 30, allow_short: true },
    config: { initialCapital: 10_000, closeAtEnd },
  });

/**
 * backtesting.py's annualisation, recomputed here from our equity curve to show that the curve is
 * the same and only the formulas differ: geometric mean daily return (the first, empty return
 * counts as 0 in the mean), Return (Ann.) = (1 + g)^252 − 1, Volatility (Ann.) =
 * √((var + (1+g)²)^252 − (1+g)^504) with the sample variance, Sharpe = Return (Ann.) / Volatility (Ann.),
 * Sortino = Return (Ann.) / (√mean(min(r, 0)²) · √252).
 */
function backtestingPyRatios(equity: Float64Array) {
  const n = equity.length;
  const r = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) r[i - 1] = equity[i] / equity[i - 1] - 1;
  let logSum = 0;
  for (const x of r) logSum += Math.log(1 + x);
  const g = Math.exp(logSum / n) - 1;
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const variance = r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1);
  const annReturn = (1 + g) ** 252 - 1;
  const annVol = Math.sqrt((variance + (1 + g) ** 2) ** 252 - (1 + g) ** 504);
  const downside = Math.sqrt(r.reduce((s, x) => s + Math.min(x, 0) ** 2, 0) / r.length) * Math.sqrt(252);
  return { annReturnPct: annReturn * 100, annVolPct: annVol * 100, sharpe: annReturn / annVol, sortino: annReturn / downside };
}

describe('SMA 10/30 crossover on GOOG reproduces backtesting.py', () => {
  // backtesting.py leaves the last trade open and does not count it; so does closeAtEnd: false.
  const { stats, result } = run(false);

  it('has the same trades and equity (pinned to 1e-9 relative or better)', () => {
    expect(stats.numTrades).toBe(65);
    expect(stats.equityFinal).toBeCloseTo(51959.94999999997, 6);
    expect(stats.equityPeak).toBeCloseTo(75787.44, 6);
    expect(stats.totalReturnPct).toBeCloseTo(419.59949999999964, 8);
    expect(stats.buyAndHoldReturnPct).toBeCloseTo(703.4582419772772, 8);
    expect(stats.maxDrawdownPct).toBeCloseTo(-47.98012705007589, 8);
    expect(stats.winRatePct).toBeCloseTo(46.15384615384615, 10);
    expect(stats.bestTradePct).toBeCloseTo(53.59595229490424, 8);
    expect(stats.worstTradePct).toBeCloseTo(-18.39887353835481, 8);
    // SQN = √N · mean(pnl) / σ(pnl) is computed on money in both.
    expect(stats.sqn).toBeCloseTo(0.916892986080858, 8);
    expect(result.finalPositions[0]).not.toBe(0);
  });

  it('gives backtesting.py trade figures when computed its way, from returns rather than money', () => {
    const t = result.trades;
    const returns = Array.from(t.returnPct.subarray(0, t.length));
    // Profit factor on summed trade returns (ours uses currency P&L, the textbook gross profit / gross loss).
    const pf = returns.filter((x) => x > 0).reduce((a, b) => a + b, 0) / -returns.filter((x) => x < 0).reduce((a, b) => a + b, 0);
    expect(pf).toBeCloseTo(2.0880175388920286, 8);
    // Avg. Trade is the geometric mean of (1 + return); ours is the arithmetic mean.
    const geo = Math.exp(returns.reduce((s, x) => s + Math.log(1 + x), 0) / returns.length) - 1;
    expect(geo * 100).toBeCloseTo(2.3537113951143773, 8);
  });

  it("gives backtesting.py's Sharpe, Sortino and annualised figures under its formulas", () => {
    const p = backtestingPyRatios(result.equity);
    expect(p.annReturnPct).toBeCloseTo(21.32802699608929, 6);
    expect(p.annVolPct).toBeCloseTo(36.53825234483751, 6);
    expect(p.sharpe).toBeCloseTo(0.5837177650097084, 8);
    expect(p.sortino).toBeCloseTo(1.0923863161583591, 8);
  });

  it('counts the last trade too when positions close at the end (newer backtesting.py: 66 trades)', () => {
    const closed = run(true).stats;
    expect(closed.numTrades).toBe(66);
    // Closing at the last close with no costs leaves the final equity unchanged.
    expect(closed.equityFinal).toBeCloseTo(51959.94999999997, 6);
  });
});
