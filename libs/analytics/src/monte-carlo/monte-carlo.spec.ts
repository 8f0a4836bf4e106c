import { CancelledError, tradesOf } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { backtest } from '../backtest';
import { quantile } from '../metrics/value-at-risk';
import { createRng } from '../rng/rng';
import { blockCount, simulateBlocks } from './block-bootstrap';
import { equityBandSteps } from './equity-bands';
import { monteCarlo, monteCarloResultOf, planMonteCarlo } from './monte-carlo';
import { bootstrapReturns, fitGbm, gbmReturns, reshuffleTrades, stationaryBootstrap } from './path-generators';
import { chunkedPathStatistics, concatPathStatistics, pathStatistics } from './path-statistics';
import { tradeAccountReturns } from './trade-returns';

const goog = loadSharedData('GOOG.csv');
const returns = new Float64Array(goog.length - 1).map((_, i) => goog.close[i + 1] / goog.close[i] - 1);

describe('path generators', () => {
  it('bootstrap draws only input values', () => {
    const input = Float64Array.from([0.01, -0.02, 0.03]);
    const out = bootstrapReturns(input, 50, 40, createRng(1), new Float64Array(2000));
    expect(out.every((v) => input.includes(v))).toBe(true);
    // All three values appear: P(one missing) = 3·(2/3)^2000 ≈ 0.
    expect(new Set(out).size).toBe(3);
  });

  it('stationary bootstrap keeps runs of consecutive returns with the requested mean length', () => {
    const input = Float64Array.from({ length: 1000 }, (_, i) => i / 1e6);
    const n = 200 * 500;
    const out = stationaryBootstrap(input, 200, 500, 10, createRng(2), new Float64Array(n));
    // A block continues when the next value is the successor (mod 1000); the mean run length ≈ 10.
    let blocks = 200;
    for (let p = 0; p < 200; p++) {
      for (let t = 1; t < 500; t++) {
        const prev = Math.round(out[p * 500 + t - 1] * 1e6);
        const cur = Math.round(out[p * 500 + t] * 1e6);
        if (cur !== (prev + 1) % 1000) blocks++;
      }
    }
    // A restart can land on the successor by chance (p = 1/1000), which only lengthens runs slightly.
    expect(n / blocks).toBeGreaterThan(9.3);
    expect(n / blocks).toBeLessThan(10.7);
  });

  it('trade reshuffle permutes the trades, so every path ends at the same return', () => {
    const trades = Float64Array.from([0.1, -0.05, 0.2, -0.1, 0.03]);
    const out = reshuffleTrades(trades, 100, createRng(3), new Float64Array(500));
    const stats = pathStatistics(out, 100, 5, 252);
    const product = 1.1 * 0.95 * 1.2 * 0.9 * 1.03 - 1;
    for (let p = 0; p < 100; p++) {
      expect([...out.subarray(p * 5, p * 5 + 5)].sort()).toEqual([...trades].sort());
      expect(stats.finalReturn[p]).toBeCloseTo(product, 12);
    }
    expect(new Set(stats.maxDrawdown).size).toBeGreaterThan(1);
  });

  it('GBM paths have the drift and volatility they were given, within 4 standard errors', () => {
    const mu = 0.08;
    const sigma = 0.2;
    const dt = 1 / 252;
    const n = 400 * 1000;
    const out = gbmReturns(mu, sigma, dt, 400, 1000, createRng(4), new Float64Array(n));
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const l = Math.log1p(out[i]);
      s += l;
      ss += l * l;
    }
    const mean = s / n;
    const sd = Math.sqrt(ss / n - mean * mean);
    // log return ~ N((μ − σ²/2)dt, σ²dt): mean 0.00023810, sd 0.012599; SE(mean) = sd/√n = 1.99e-5, SE(sd) ≈ sd/√(2n) = 1.41e-5.
    expect(Math.abs(mean - (mu - sigma ** 2 / 2) * dt)).toBeLessThan(4 * 1.99e-5);
    expect(Math.abs(sd - sigma * Math.sqrt(dt))).toBeLessThan(4 * 1.41e-5);
    const fit = fitGbm(out, 252);
    expect(fit.sigma).toBeCloseTo(sigma, 2);
  });
});

describe('pathStatistics', () => {
  it('matches a hand-computed two-path case', () => {
    // Path 1: +10 %, −20 %, +10 % → equity 1.1, 0.88, 0.968: final −3.2 %, drawdown 0.88/1.1 − 1 = −20 %.
    //   mean 0; sd = √((0.01 + 0.04 + 0.01)/2) = √0.03 = 0.173205; Sharpe 0.
    // Path 2: +1 %, +2 %, +3 % → final 1.01·1.02·1.03 − 1 = 6.1106 %; no drawdown; mean 0.02, sd 0.01 → Sharpe 2·√252.
    const s = pathStatistics(Float64Array.from([0.1, -0.2, 0.1, 0.01, 0.02, 0.03]), 2, 3, 252);
    expect(s.finalReturn[0]).toBeCloseTo(-0.032, 12);
    expect(s.maxDrawdown[0]).toBeCloseTo(-0.2, 12);
    expect(s.sharpe[0]).toBeCloseTo(0, 12);
    expect(s.finalReturn[1]).toBeCloseTo(0.061106, 12);
    expect(s.maxDrawdown[1]).toBe(0);
    expect(s.sharpe[1]).toBeCloseTo(2 * Math.sqrt(252), 9);
  });

  it('gives each path, paired with its neighbour or last and alone, exactly its own numbers', () => {
    const nSteps = 50;
    const all = bootstrapReturns(returns, 5, nSteps, createRng(3), new Float64Array(5 * nSteps));
    const together = pathStatistics(all, 5, nSteps, 252);
    for (let p = 0; p < 5; p++) {
      const alone = pathStatistics(all.subarray(p * nSteps, (p + 1) * nSteps), 1, nSteps, 252);
      expect([together.finalReturn[p], together.maxDrawdown[p], together.sharpe[p]]).toEqual([alone.finalReturn[0], alone.maxDrawdown[0], alone.sharpe[0]]);
    }
    expect(new Set(together.sharpe).size).toBe(5);
  });
});

describe('monteCarlo', () => {
  const request = { method: 'block_bootstrap' as const, returns, nPaths: 2000, nSteps: 252, seed: 42, periodsPerYear: 252 };

  it('is reproducible by seed', () => {
    const a = monteCarlo(request);
    const b = monteCarlo(request);
    const c = monteCarlo({ ...request, seed: 43 });
    expect(a).toEqual(b);
    expect(c.finalReturn.mean).not.toBe(a.finalReturn.mean);
  });

  it('reports ordered percentile bands and consistent tail risk', () => {
    const r = monteCarlo({ ...request, method: 'bootstrap' });
    for (let t = 0; t <= 252; t++) {
      expect(r.equityBands['5'][t]).toBeLessThanOrEqual(r.equityBands['50'][t]);
      expect(r.equityBands['50'][t]).toBeLessThanOrEqual(r.equityBands['95'][t]);
    }
    expect(r.equityBands['50'][0]).toBe(1);
    expect(r.var99).toBeLessThanOrEqual(r.var95);
    expect(r.cvar95).toBeLessThanOrEqual(r.var95);
    expect(r.cvar99).toBeLessThanOrEqual(r.var99);
    expect(r.var95).toBeCloseTo(r.finalReturn.percentiles['5'], 12);
    expect(r.maxDrawdown.percentiles['50']).toBeLessThan(0);
  });

  it('has the bands of a sort of every step of its paths', () => {
    const small = { ...request, method: 'bootstrap' as const, nPaths: 130, nSteps: 12 };
    const r = monteCarlo(small);
    const plan = planMonteCarlo(small);
    const equity = new Float64Array(130 * 12);
    simulateBlocks(plan, 0, blockCount(130), equity);
    for (let t = 0; t < 12; t++) {
      const column = equity.slice(t * 130, (t + 1) * 130);
      for (const b of plan.bands) expect(r.equityBands[String(b)][t + 1]).toBe(quantile(column, b / 100));
    }
  });

  it.each(['bootstrap', 'block_bootstrap', 'trade_reshuffle', 'gbm'] as const)('%s: a split by blocks, then by steps, assembles to the same result', (method) => {
    const tradeReturns = Float64Array.from({ length: 60 }, (_, i) => ((i * 13) % 9) / 50 - 0.08);
    const plan = planMonteCarlo({ ...request, method, tradeReturns, tradesPerYear: 12, nPaths: 1000 });
    const equity = new Float64Array(plan.nPaths * plan.nSteps);
    const stats = concatPathStatistics([simulateBlocks(plan, 0, 3, equity), simulateBlocks(plan, 3, 9, equity), simulateBlocks(plan, 9, blockCount(1000), equity)]);
    const half = plan.nSteps >> 1;
    const bands = [equityBandSteps(equity, 1000, plan.bands, 0, half), equityBandSteps(equity, 1000, plan.bands, half, plan.nSteps)];
    const assembled = monteCarloResultOf(plan, stats, Float64Array.from([...bands[0], ...bands[1]]));
    expect(assembled).toEqual(monteCarlo({ ...request, method, tradeReturns, tradesPerYear: 12, nPaths: 1000 }));
  });

  it('fits GBM to the returns it is given', () => {
    const r = monteCarlo({ ...request, method: 'gbm' });
    const fit = fitGbm(returns, 252);
    expect(r.gbm).toEqual(fit);
  });

  it('names the field of bad requests', () => {
    expect(() => monteCarlo({ ...request, nPaths: 1 })).toThrow(/n_paths/);
    expect(() => monteCarlo({ ...request, nPaths: 100_000, nSteps: 1000 })).toThrow(/n_paths: expected n_paths × n_steps ≤ 50000000/);
    expect(() => monteCarlo({ ...request, method: 'trade_reshuffle' })).toThrow(/trade_returns/);
    expect(() => monteCarlo({ ...request, returns: Float64Array.from([0.1, NaN]) })).toThrow(/returns/);
    expect(() => monteCarlo({ ...request, method: 'astrology' as never })).toThrow(/method/);
    expect(() => monteCarlo({ ...request, method: 'trade_reshuffle', tradeReturns: Float64Array.from([0.1, -0.05]) })).toThrow('trades_per_year: expected a positive number, found undefined');
  });

  it('reports progress from 0 to 1, drawing then ranking, and stops when cancelled', () => {
    const seen: number[] = [];
    monteCarlo({ ...request, nPaths: 640 }, { onProgress: (f) => seen.push(f) });
    // 640 paths = 10 blocks of 64: 0, then 0.05 per block to 0.5; 252 steps × 640 paths fit one band chunk: 1.
    expect(seen).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 1]);
    let polls = 0;
    expect(() => monteCarlo({ ...request, nPaths: 640 }, { shouldCancel: () => ++polls > 3 })).toThrow(CancelledError);
    expect(polls).toBe(4);
  });
});

describe('trade_reshuffle', () => {
  // GOOG, sma_crossover 10/30 with a 0.2 % commission and 1-share lots: the run leaves cash aside and pays fees,
  // so a trade's price return is not what it did to the account.
  const config = { initialCapital: 10_000, commission: { rate: 0.002 } };
  const { result, stats } = backtest({ series: [goog], strategyId: 'sma_crossover', parameters: { fast: 10, slow: 30 }, config });
  const trades = tradesOf(result.trades, result.symbols, result.time);
  const account = tradeAccountReturns(Float64Array.from(trades, (t) => t.pnl), 10_000);
  // 2,148 bars = 2,147 bar intervals = 2147 / 252 years.
  const tradesPerYear = trades.length / (2147 / 252);

  it("replays the trades in their original order to the run's own final return", () => {
    const original = pathStatistics(account, 1, account.length, tradesPerYear);
    expect(original.finalReturn[0]).toBeCloseTo(stats.totalReturnPct / 100, 12);
    // The price returns compound to something else: they leave out the cash aside and the commissions.
    const price = Float64Array.from(trades, (t) => t.returnPct).reduce((p, r) => p * (1 + r), 1) - 1;
    expect(Math.abs(price - stats.totalReturnPct / 100)).toBeGreaterThan(0.01);
  });

  it("gives every path the run's final return and its per-trade Sharpe annualised by trades per year", () => {
    const r = monteCarlo({ method: 'trade_reshuffle', tradeReturns: account, tradesPerYear, nPaths: 500, seed: 3, periodsPerYear: 252 });
    expect(r.nSteps).toBe(trades.length);
    expect(r.finalReturn.mean).toBeCloseTo(stats.totalReturnPct / 100, 10);
    expect(r.finalReturn.std).toBeLessThan(1e-12);
    const m = account.reduce((s, x) => s + x, 0) / account.length;
    const sd = Math.sqrt(account.reduce((s, x) => s + (x - m) ** 2, 0) / (account.length - 1));
    expect(r.sharpe.mean).toBeCloseTo((m / sd) * Math.sqrt(tradesPerYear), 10);
    expect(r.sharpe.std).toBeLessThan(1e-10);
    // The order does change the drawdowns.
    expect(r.maxDrawdown.std).toBeGreaterThan(0.001);
  });
});

describe('chunkedPathStatistics', () => {
  it('gives the numbers of one unchunked pass', () => {
    const whole = pathStatistics(bootstrapReturns(returns, 300, 100, createRng(9), new Float64Array(30_000)), 300, 100, 252);
    const rng = createRng(9);
    const chunked = chunkedPathStatistics((paths, out) => bootstrapReturns(returns, paths, 100, rng, out), 300, 100, 252, 64);
    expect(chunked).toEqual(whole);
  });
});
