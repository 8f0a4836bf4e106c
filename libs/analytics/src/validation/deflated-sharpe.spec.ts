import { createRng } from '../rng/rng';
import { deflatedSharpeRatio, expectedMaxSharpe, probabilisticSharpe, skewnessKurtosis } from './deflated-sharpe';
import { normalCdf, normalQuantile } from './normal-distribution';

describe('normal distribution', () => {
  it('matches table values', () => {
    // Standard normal table: Φ(1.96) = 0.97500, Φ(−1) = 0.15866, Φ⁻¹(0.95) = 1.644854, Φ⁻¹(0.99) = 2.326348.
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe('deflated Sharpe ratio', () => {
  it("expected maximum Sharpe of N unskilled trials matches a simulation of N normal Sharpe ratios", () => {
    // E[max of N iid N(0, V)] ≈ √V·((1−γ)Φ⁻¹(1−1/N) + γΦ⁻¹(1−1/(Ne))), Bailey & López de Prado (2014) eq. 2.
    const rng = createRng(5);
    const N = 100;
    const V = 0.0004;
    let sum = 0;
    const reps = 20_000;
    for (let r = 0; r < reps; r++) {
      let max = -Infinity;
      for (let i = 0; i < N; i++) max = Math.max(max, Math.sqrt(V) * rng.normal());
      sum += max;
    }
    // The closed form is an approximation (extreme value theory); within 2 % at N = 100.
    expect(expectedMaxSharpe(N, V) / (sum / reps)).toBeGreaterThan(0.98);
    expect(expectedMaxSharpe(N, V) / (sum / reps)).toBeLessThan(1.02);
    expect(expectedMaxSharpe(1, V)).toBe(0);
  });

  it('PSR is ½ at the benchmark and grows with the track record', () => {
    expect(probabilisticSharpe(0.1, 0.1, 250, 0, 3)).toBeCloseTo(0.5, 12);
    // Normal returns: PSR = Φ((0.1 − 0)·√249 / √(1 + 2/4·0.01)) = Φ(1.5740) = 0.94226.
    expect(probabilisticSharpe(0.1, 0, 250, 0, 3)).toBeCloseTo(normalCdf((0.1 * Math.sqrt(249)) / Math.sqrt(1.005)), 12);
    expect(probabilisticSharpe(0.1, 0, 250, 0, 3)).toBeCloseTo(0.9423, 3);
    expect(probabilisticSharpe(0.1, 0, 1000, 0, 3)).toBeGreaterThan(probabilisticSharpe(0.1, 0, 250, 0, 3));
  });

  it('deflates more with more trials and with fat left tails', () => {
    const base = { sharpe: 0.1, observations: 1000, skewness: 0, kurtosis: 3, trialSharpeVariance: 0.001 };
    expect(deflatedSharpeRatio({ ...base, trials: 1 })).toBeCloseTo(probabilisticSharpe(0.1, 0, 1000, 0, 3), 12);
    expect(deflatedSharpeRatio({ ...base, trials: 1000 })).toBeLessThan(deflatedSharpeRatio({ ...base, trials: 10 }));
    expect(deflatedSharpeRatio({ ...base, trials: 10, skewness: -3, kurtosis: 10 })).toBeLessThan(deflatedSharpeRatio({ ...base, trials: 10 }));
  });

  it('moments by hand', () => {
    // x = 1, 2, 3, 10: mean 4; deviations −3, −2, −1, 6; m2 = 50/4 = 12.5; m3 = (−27 −8 −1 + 216)/4 = 45; m4 = (81+16+1+1296)/4 = 348.5
    const { skewness, kurtosis } = skewnessKurtosis(Float64Array.from([1, 2, 3, 10]));
    expect(skewness).toBeCloseTo(45 / 12.5 ** 1.5, 12);
    expect(kurtosis).toBeCloseTo(348.5 / 12.5 ** 2, 12);
  });
});
