import { alignMarket, parseBacktestConfig, runStrategy } from '@nautilus/domain';
import { checkWeightBounds, projectOntoCappedSimplex } from './capped-simplex';
import { ledoitWolf, sampleCovariance } from './covariance';
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
