import { alignMarket, parseBacktestConfig, runStrategy } from '@nautilus/domain';
import { checkWeightBounds, projectOntoCappedSimplex } from './capped-simplex';
import { columnMeans, ledoitWolf, sampleCovariance } from './covariance';
import {
  maximumSharpeWeights,
  minimumVarianceWeights,
  portfolioVariance,
  riskContributions,
  riskParityWeights,
  sharpeOfWeights,
} from './allocation-solvers';
import { allocationSchedule, allocationStrategy, AllocationSpec } from './allocation';
import { optimizePortfolio } from './optimize-portfolio';
import { loadSharedData, syntheticRandomWalk } from '@nautilus/domain/testing';
import { Rng } from '../rng';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol);
};
const sum = (w: ArrayLike<number>) => Array.from(w).reduce((s, x) => s + x, 0);
const diag = (...v: number[]) => {
  const k = v.length;
  const m = new Float64Array(k * k);
  v.forEach((x, i) => (m[i * k + i] = x));
  return m;
};

/**
 * The best Sharpe ratio over a grid of the bounded simplex: w = min + (1 − k·min)·u for every u
 * on the simplex with coordinates in steps of 1/steps, kept when no weight exceeds max.
 */
function gridBestSharpe(mu: Float64Array, cov: Float64Array, rf: number, bounds: { min: number; max: number }, steps: number): number {
  const k = mu.length;
  const scale = 1 - k * bounds.min;
  const u = new Int32Array(k);
  const w = new Float64Array(k);
  let best = -Infinity;
  const visit = (i: number, left: number): void => {
    if (i === k - 1) {
      u[i] = left;
      for (let j = 0; j < k; j++) {
        w[j] = bounds.min + (scale * u[j]) / steps;
        if (w[j] > bounds.max + 1e-12) return;
      }
      best = Math.max(best, sharpeOfWeights(mu, cov, w, rf));
      return;
    }
    for (let a = 0; a <= left; a++) {
      u[i] = a;
      visit(i + 1, left - a);
    }
  };
  visit(0, steps);
  return best;
}

describe('covariance', () => {
  // Rows (2,1), (−2,−1), (1,1), (−1,−1): zero means, T = 4.
  const x = Float64Array.from([2, -2, 1, -1, 1, -1, 1, -1]);

  it('sample covariance divides by T', () => {
    // s11 = (4+4+1+1)/4 = 2.5, s22 = 4/4 = 1, s12 = (2+2+1+1)/4 = 1.5
    close(sampleCovariance(x, 4, 2), [2.5, 1.5, 1.5, 1], 1e-15);
  });

  it('Ledoit-Wolf matches the hand computation', () => {
    // μ = tr(S)/2 = 1.75; S − μI = [[.75, 1.5], [1.5, −.75]], d² = (2·.5625 + 2·2.25)/2 = 2.8125.
    // Each xₜxₜᵀ − S has squared norm 1.5² + 2·.5² + 0 = 2.75, so b̄² = (4·2.75/2)/4² = .34375.
    // δ = min(b̄², d²)/d² = 11/90; Σ = δμI + (1 − δ)S.
    const { covariance, shrinkage } = ledoitWolf(x, 4, 2);
    expect(shrinkage).toBeCloseTo(11 / 90, 14);
    close(covariance, [216.75 / 90, 118.5 / 90, 118.5 / 90, 98.25 / 90], 1e-13);
  });
});

describe('projection onto the bounded simplex', () => {
  it('returns feasible nearest points', () => {
    close(projectOntoCappedSimplex(Float64Array.from([0.5, 0.5, 0.5]), { min: 0, max: 1 }, new Float64Array(3)), [1 / 3, 1 / 3, 1 / 3], 1e-15);
    close(projectOntoCappedSimplex(Float64Array.from([2, 0, 0]), { min: 0, max: 1 }, new Float64Array(3)), [1, 0, 0], 1e-15);
    // Capped at 0.4, the rest (0.6) splits over the two equal coordinates.
    close(projectOntoCappedSimplex(Float64Array.from([1, 0, 0]), { min: 0, max: 0.4 }, new Float64Array(3)), [0.4, 0.3, 0.3], 1e-15);
    // Shorts allowed: shifting by τ = 0.5 already lands inside the bounds.
    close(projectOntoCappedSimplex(Float64Array.from([2, -0.5]), { min: -1, max: 2 }, new Float64Array(2)), [1.75, -0.75], 1e-15);
  });

  it('rejects bounds no weights can meet', () => {
    expect(() => checkWeightBounds(3, { min: 0, max: 0.3 })).toThrow(/max_weight/);
    expect(() => checkWeightBounds(3, { min: 0.4, max: 1 })).toThrow(/min_weight/);
  });
});

describe('minimum variance', () => {
  it('matches the two-asset closed form w₁ = (σ₂² − σ₁₂)/(σ₁² + σ₂² − 2σ₁₂)', () => {
    // σ = (0.2, 0.1), ρ = 0.3 → σ₁₂ = 0.006; w₁ = 0.004/0.038
    const w = minimumVarianceWeights(Float64Array.from([0.04, 0.006, 0.006, 0.01]), { min: 0, max: 1 });
    close(w, [0.004 / 0.038, 0.034 / 0.038], 1e-10);
  });

  it('is inverse variance for uncorrelated assets', () => {
    // 1/σ² = (25, 100, 100/9), total 1225/9
    close(minimumVarianceWeights(diag(0.04, 0.01, 0.09), { min: 0, max: 1 }), [225 / 1225, 900 / 1225, 100 / 1225], 1e-10);
  });

  it('honours long-only and short bounds', () => {
    // σ = (0.1, 0.2), ρ = 0.8: unconstrained w₁ = (0.04 − 0.016)/(0.01 + 0.04 − 0.032) = 4/3
    const cov = Float64Array.from([0.01, 0.016, 0.016, 0.04]);
    close(minimumVarianceWeights(cov, { min: -1, max: 2 }), [4 / 3, -1 / 3], 1e-9);
    close(minimumVarianceWeights(cov, { min: 0, max: 1 }), [1, 0], 1e-12);
  });
});

describe('maximum Sharpe', () => {
  const cov = diag(0.04, 0.01, 0.09);
  const mu = Float64Array.from([0.1, 0.06, 0.12]);

  it('matches the tangency portfolio Σ⁻¹(μ − rf)/1ᵀΣ⁻¹(μ − rf)', () => {
    // Σ⁻¹(μ − 0.02) = (0.08/0.04, 0.04/0.01, 0.10/0.09) = (2, 4, 10/9), total 64/9
    close(maximumSharpeWeights(mu, cov, 0.02, { min: 0, max: 1 }), [18 / 64, 36 / 64, 10 / 64], 1e-7);
  });

  it('beats every point of a fine grid when a bound binds', () => {
    const bounds = { min: 0, max: 0.5 };
    const w = maximumSharpeWeights(mu, cov, 0.02, bounds);
    expect(sum(w)).toBeCloseTo(1, 12);
    expect(Math.max(...w)).toBeLessThanOrEqual(0.5 + 1e-12);
    let best = -Infinity;
    let arg = [0, 0, 0];
    for (let a = 0; a <= 500; a++) {
      for (let b = 0; a + b <= 1000 && b <= 500; b++) {
        const c = 1000 - a - b;
        if (c > 500) continue;
        const g = Float64Array.from([a / 1000, b / 1000, c / 1000]);
        const s = sharpeOfWeights(mu, cov, g, 0.02);
        if (s > best) [best, arg] = [s, Array.from(g)];
      }
    }
    expect(sharpeOfWeights(mu, cov, w, 0.02)).toBeGreaterThanOrEqual(best - 1e-12);
    close(w, arg, 2e-3);
  });

  it('finds the tangency portfolio when a low-risk asset barely beats rf (audit case: not the corner [1, 0, 0])', () => {
    // Σ⁻¹(μ − rf) = (0.08/0.01, 0.07/0.01, 0.001/0.0004) = (8, 7, 2.5), total 17.5, all positive so long-only does not bind.
    const m = Float64Array.from([0.1, 0.09, 0.021]);
    const c = diag(0.01, 0.01, 0.0004);
    const w = maximumSharpeWeights(m, c, 0.02, { min: 0, max: 1 });
    close(w, [8 / 17.5, 7 / 17.5, 2.5 / 17.5], 1e-10);
    // The tangency Sharpe ratio is √(eᵀΣ⁻¹e) = √(0.64 + 0.49 + 0.0025) = 1.0642; the corner [1, 0, 0] has 0.8.
    expect(sharpeOfWeights(m, c, w, 0.02)).toBeCloseTo(Math.sqrt(1.1325), 12);
  });

  it('does not stop at the minimum-variance portfolio when the tangency is next to it (audit case)', () => {
    // σ = (0.05, 0.5, 0.5), rf = 0: Σ⁻¹μ = (0.10/0.0025, 0.05/0.25, 0.05/0.25) = (40, 0.2, 0.2), total 40.4.
    // The minimum-variance portfolio, inverse variance (400, 4, 4)/408, is a different point.
    const w = maximumSharpeWeights(Float64Array.from([0.1, 0.05, 0.05]), diag(0.0025, 0.25, 0.25), 0, { min: 0, max: 1 });
    close(w, [40 / 40.4, 0.2 / 40.4, 0.2 / 40.4], 1e-10);
  });

  it('solves the bounded tangency exactly where a cap binds (audit case, 0.4 cap)', () => {
    const m = Float64Array.from([0.08, 0.1, 0.12]);
    const c = Float64Array.from([
      0.053245757244866354, 0.009791580131510946, 0.01734160691532461, 0.009791580131510946, 0.07311171591544775, -0.011642004984815447, 0.01734160691532461,
      -0.011642004984815447, 0.04179128139948154,
    ]);
    const rf = 0.02;
    const w = maximumSharpeWeights(m, c, rf, { min: 0, max: 0.4 });
    // The third weight sits on its cap; along the edge w = (t, 0.6 − t, 0.4) the excess return is
    // a + b·t and the variance c₀ + 2d·t + f·t², and d/dt of (a + bt)/√(c₀ + 2dt + ft²) vanishes where
    // b(c₀ + 2dt + ft²) − (a + bt)(d + ft) = 0, which is linear: t* = (a·d − b·c₀)/(b·d − a·f).
    const e = [m[0] - rf, m[1] - rf, m[2] - rf];
    const s = (i: number, j: number) => c[i * 3 + j];
    const a = 0.6 * e[1] + 0.4 * e[2];
    const b = e[0] - e[1];
    const c0 = 0.36 * s(1, 1) + 0.16 * s(2, 2) + 0.48 * s(1, 2);
    const d = 0.6 * (s(0, 1) - s(1, 1)) + 0.4 * (s(0, 2) - s(1, 2));
    const f = s(0, 0) + s(1, 1) - 2 * s(0, 1);
    const t = (a * d - b * c0) / (b * d - a * f);
    close(w, [t, 0.6 - t, 0.4], 1e-10);
    // The audit's SLSQP optimum, and the old search's answer 1e-4 away from it.
    close(w, [0.20012105, 0.39987895, 0.4], 1e-8);
    expect(sharpeOfWeights(m, c, w, rf)).toBeGreaterThanOrEqual(gridBestSharpe(m, c, rf, { min: 0, max: 0.4 }, 400) - 1e-14);
  });

  it('matches the unconstrained tangency Σ⁻¹(μ − rf) for a correlated covariance when the bounds are wide', () => {
    const m = Float64Array.from([0.08, 0.1, 0.12]);
    // Σ = [[4, 1, 0], [1, 9, −2], [0, −2, 5]]/100; e = (6, 8, 10)/100. Solving Σx = e by hand:
    // det Σ·10⁶ = 4(45 − 4) − 1(5 − 0) = 159, and x = adj(Σ)e·100/159 with
    // adj = [[41, −5, −2], [−5, 20, 8], [−2, 8, 35]]: x ∝ (246 − 40 − 20, −30 + 160 + 80, −12 + 64 + 350) = (186, 210, 402).
    const c = Float64Array.from([0.04, 0.01, 0, 0.01, 0.09, -0.02, 0, -0.02, 0.05]);
    close(maximumSharpeWeights(m, c, 0.02, { min: -10, max: 10 }), [186 / 798, 210 / 798, 402 / 798], 1e-10);
  });

  it('returns the minimum-variance weights when no feasible portfolio earns more than rf', () => {
    const c = Float64Array.from([0.04, 0.01, 0, 0.01, 0.09, -0.02, 0, -0.02, 0.05]);
    const bounds = { min: 0, max: 1 };
    expect(maximumSharpeWeights(Float64Array.from([0.01, 0, -0.01]), c, 0.05, bounds)).toEqual(minimumVarianceWeights(c, bounds));
    // Long-only with a 0.3 floor: the best feasible excess is 0.4·0.01 + 0.3·(−0.01) + 0.3·(−0.02) = −0.005 < 0,
    // although the first asset alone beats rf.
    const floor = { min: 0.3, max: 1 };
    expect(maximumSharpeWeights(Float64Array.from([0.06, 0.04, 0.03]), c, 0.05, floor)).toEqual(minimumVarianceWeights(c, floor));
  });

  it('handles a riskless asset: all in the risky one when the riskless earns less than rf, all riskless when it earns more', () => {
    // Mixing a riskless excess e_f < 0 into the risky asset gives Sharpe e_r/σ_r + w·e_f/((1 − w)σ_r), falling in w.
    const c = Float64Array.from([0, 0, 0, 0.04]);
    close(maximumSharpeWeights(Float64Array.from([0.01, 0.1]), c, 0.02, { min: 0, max: 1 }), [0, 1], 1e-12);
    // A riskless 1 % over rf has an unbounded Sharpe ratio: the riskless asset alone.
    close(maximumSharpeWeights(Float64Array.from([0.03, 0.1]), c, 0.02, { min: 0, max: 1 }), [1, 0], 1e-12);
  });

  it('beats every grid point of random small problems, shorts and caps included', () => {
    const rng = new Rng(11);
    const boundsList = [
      { min: 0, max: 1 },
      { min: 0, max: 0.55 },
      { min: 0.1, max: 0.7 },
      { min: -0.4, max: 1.3 },
    ];
    let solved = 0;
    for (let trial = 0; trial < 120; trial++) {
      const k = 2 + (trial % 3);
      const bounds = boundsList[Math.floor(trial / 3) % boundsList.length];
      // Σ = AAᵀ/k + 0.002·I with A standard normal and rows scaled to volatilities between 5 % and 50 %.
      const vol = Array.from({ length: k }, () => 0.05 + 0.45 * rng.next());
      const a = Array.from({ length: k * k }, () => rng.normal());
      const c = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let l = 0; l < k; l++) s += a[i * k + l] * a[j * k + l];
          c[i * k + j] = (vol[i] * vol[j] * s) / k + (i === j ? 0.002 : 0);
        }
      }
      const m = Float64Array.from({ length: k }, () => -0.05 + 0.25 * rng.next());
      const rf = 0.04 * rng.next();
      const w = maximumSharpeWeights(m, c, rf, bounds);
      expect(sum(w)).toBeCloseTo(1, 12);
      for (const x of w) {
        expect(x).toBeGreaterThanOrEqual(bounds.min - 1e-12);
        expect(x).toBeLessThanOrEqual(bounds.max + 1e-12);
      }
      const grid = gridBestSharpe(m, c, rf, bounds, k === 4 ? 40 : 150);
      if (!(grid > 0)) continue;
      solved++;
      expect(sharpeOfWeights(m, c, w, rf)).toBeGreaterThanOrEqual(grid - 1e-12);
    }
    expect(solved).toBeGreaterThan(60);
  });

  it('beats a fine grid at every rebalance of GOOG/ORCL/NVDA (lookback 120, every 21 bars, rf 2 %)', () => {
    const market = alignMarket([loadSharedData('GOOG.csv'), loadSharedData('orcl-1995-2014.txt', 'ORCL'), loadSharedData('nvda-1999-2014.txt', 'NVDA')]);
    const { n, k } = market;
    const t = 120;
    const rf = Math.pow(1.02, 1 / 252) - 1;
    let rebalances = 0;
    for (let end = t; end < n; end += 21) {
      const returns = new Float64Array(t * k);
      for (let j = 0; j < k; j++) for (let r = 0; r < t; r++) returns[j * t + r] = market.close[j * n + end - t + 1 + r] / market.close[j * n + end - t + r] - 1;
      const m = columnMeans(returns, t, k);
      const c = sampleCovariance(returns, t, k);
      const bounds = { min: 0, max: 1 };
      const grid = gridBestSharpe(m, c, rf, bounds, 150);
      if (!(grid > 0)) continue;
      rebalances++;
      expect(sharpeOfWeights(m, c, maximumSharpeWeights(m, c, rf, bounds), rf)).toBeGreaterThanOrEqual(grid - 1e-12);
    }
    expect(rebalances).toBeGreaterThan(60);
  });
});

describe('risk parity', () => {
  it('is inverse volatility for uncorrelated assets and for any two assets', () => {
    // 1/σ = (5, 10, 10/3), total 55/3
    close(riskParityWeights(diag(0.04, 0.01, 0.09)), [15 / 55, 30 / 55, 10 / 55], 1e-10);
    close(riskParityWeights(Float64Array.from([0.04, 0.01, 0.01, 0.01])), [1 / 3, 2 / 3], 1e-10);
  });

  it('equalises risk contributions for a correlated covariance', () => {
    const cov = Float64Array.from([0.04, 0.012, -0.004, 0.008, 0.012, 0.0225, 0.003, 0.006, -0.004, 0.003, 0.01, 0.002, 0.008, 0.006, 0.002, 0.0625]);
    const w = riskParityWeights(cov);
    expect(sum(w)).toBeCloseTo(1, 14);
    close(riskContributions(cov, w), [0.25, 0.25, 0.25, 0.25], 1e-10);
    expect(portfolioVariance(cov, w)).toBeGreaterThan(0);
  });
});

describe('rebalanced allocation on real prices', () => {
  const series = [loadSharedData('GOOG.csv'), loadSharedData('orcl-1995-2014.txt', 'ORCL'), loadSharedData('nvda-1999-2014.txt', 'NVDA')];
  const spec: AllocationSpec = {
    method: 'min_variance',
    lookbackBars: 120,
    rebalanceBars: 21,
    bounds: { min: 0, max: 1 },
    shrinkage: 'ledoit_wolf',
    riskFreeRate: 0,
    periodsPerYear: 252,
  };
  const market = alignMarket(series);

  it('estimates each rebalance only from closes up to that bar', () => {
    const schedule = allocationSchedule(market, spec);
    const cut = schedule[5].index;
    const altered = series.map((s) => {
      const c = Float64Array.from(s.close);
      for (let i = 0; i < c.length; i++) if (s.time[i] > market.time[cut]) c[i] *= 1 + 0.3 * Math.sin(i);
      return { ...s, close: c };
    });
    const again = allocationSchedule(alignMarket(altered), spec);
    for (let r = 0; r <= 5; r++) close(again[r].weights, schedule[r].weights, 0);
    expect(schedule[0].index).toBe(120);
    expect(schedule[1].index).toBe(141);
    for (const r of schedule) expect(sum(r.weights)).toBeCloseTo(1, 12);
  });

  it('gives max_sharpe the per-bar risk-free rate the Sharpe ratio uses, (1 + rf)^(1/periodsPerYear) − 1, not rf/periodsPerYear', () => {
    const sharpeSpec: AllocationSpec = { ...spec, method: 'max_sharpe', shrinkage: 'none', riskFreeRate: 0.05 };
    const schedule = allocationSchedule(market, sharpeSpec).slice(0, 12);
    const { n, k } = market;
    const t = spec.lookbackBars;
    let apart = 0;
    for (const r of schedule) {
      const returns = new Float64Array(t * k);
      for (let j = 0; j < k; j++) for (let b = 0; b < t; b++) returns[j * t + b] = market.close[j * n + r.index - t + 1 + b] / market.close[j * n + r.index - t + b] - 1;
      const m = columnMeans(returns, t, k);
      const c = sampleCovariance(returns, t, k);
      expect(r.weights).toEqual(maximumSharpeWeights(m, c, Math.pow(1.05, 1 / 252) - 1, sharpeSpec.bounds));
      const simple = maximumSharpeWeights(m, c, 0.05 / 252, sharpeSpec.bounds);
      apart = Math.max(apart, ...r.weights.map((w, i) => Math.abs(w - simple[i])));
    }
    // The two rates differ by 4.8e-6 a bar, enough to move interior tangency weights.
    expect(apart).toBeGreaterThan(1e-5);
  });

  it('runs the same in both engines', () => {
    const config = parseBacktestConfig({ initialCapital: 100_000, commission: { rate: 0.001 } });
    const def = allocationStrategy({ ...spec, method: 'risk_parity', shrinkage: 'none' });
    const v = runStrategy(config, series, def, {}, 'vector');
    const e = runStrategy(config, series, def, {}, 'event');
    expect(v.fills.length).toBeGreaterThan(3);
    expect(e.fills.length).toBe(v.fills.length);
    for (let i = 0; i < v.equity.length; i++) expect(Math.abs(v.equity[i] - e.equity[i])).toBeLessThanOrEqual(1e-9);
  });

  it('trades the first weights at the open after the first estimate', () => {
    const r = optimizePortfolio({ series, spec, config: { initialCapital: 1_000_000 } });
    const first = r.rebalances[0];
    const fills = r.optimized.result.fills;
    expect(fills.barIndex[0]).toBe(first.index + 1);
    const open = (s: number) => market.open[s * market.n + first.index + 1];
    for (let f = 0; f < fills.length && fills.barIndex[f] === first.index + 1; f++) {
      const s = fills.symbolIndex[f];
      // Whole units: the held value is within one share of the target weight of starting equity.
      expect(Math.abs(fills.quantity[f] * open(s) - first.weights[s] * 1_000_000)).toBeLessThanOrEqual(open(s));
    }
    expect(r.equalWeight.result.fills.barIndex[0]).toBe(first.index + 1);
    expect(r.latest.weights.length).toBe(3);
    expect(r.optimized.stats.numTrades).toBeGreaterThan(0);
  });
});

describe('allocation timing', () => {
  it('uses a synthetic market the same way', () => {
    const s = [syntheticRandomWalk(600, 1, { symbol: 'A' }), syntheticRandomWalk(600, 2, { symbol: 'B' })];
    const schedule = allocationSchedule(alignMarket(s), { method: 'max_sharpe', lookbackBars: 60, rebalanceBars: 60, bounds: { min: -0.5, max: 1.5 }, shrinkage: 'none', riskFreeRate: 0, periodsPerYear: 252 });
    expect(schedule.map((r) => r.index)).toEqual([60, 120, 180, 240, 300, 360, 420, 480, 540]);
    for (const r of schedule) {
      expect(sum(r.weights)).toBeCloseTo(1, 12);
      for (const w of r.weights) expect(w).toBeGreaterThanOrEqual(-0.5 - 1e-12);
    }
  });
});
