import { normalCdf, normalQuantile } from './normal-distribution';

const EULER_GAMMA = 0.5772156649015329;

/** Inputs of the deflated Sharpe ratio; Sharpe ratios are per period (not annualised). */
export interface DeflatedSharpeInput {
  /** Per-period Sharpe ratio of the selected strategy. */
  readonly sharpe: number;
  /** Number of returns the Sharpe ratio was estimated from. */
  readonly observations: number;
  /** Skewness of those returns. */
  readonly skewness: number;
  /** Kurtosis (not excess; 3 for a normal distribution). */
  readonly kurtosis: number;
  /** Number of independent trials (parameter sets) tried. */
  readonly trials: number;
  /** Variance of the per-period Sharpe ratios across the trials. */
  readonly trialSharpeVariance: number;
}

/**
 * Returns the expected maximum Sharpe ratio of `trials` unskilled strategies,
 * SR₀ = √V·((1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant; 0 for N = 1.
 * @see D. H. Bailey, M. López de Prado, "The Deflated Sharpe Ratio", Journal of Portfolio Management (2014), eq. 2
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (trials <= 1) return 0;
  return Math.sqrt(trialSharpeVariance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Returns the probabilistic Sharpe ratio: the probability that the true Sharpe ratio exceeds
 * `benchmark`, PSR = Φ((SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²)).
 * @see D. H. Bailey, M. López de Prado, "The Sharpe Ratio Efficient Frontier", Journal of Risk (2012)
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skewness: number, kurtosis: number): number {
  const denominator = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(observations > 1) || !(denominator > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(denominator));
}

/**
 * Returns the deflated Sharpe ratio: the PSR of the selected strategy against the Sharpe ratio
 * the best of `trials` unskilled strategies would reach by luck. Near 1: the result is unlikely to
 * be a product of the search; near 0 or below 0.5: likely overfit.
 * @see D. H. Bailey, M. López de Prado, "The Deflated Sharpe Ratio" (2014), eq. 1–2
 */
export function deflatedSharpeRatio(input: DeflatedSharpeInput): number {
  return probabilisticSharpe(input.sharpe, expectedMaxSharpe(input.trials, input.trialSharpeVariance), input.observations, input.skewness, input.kurtosis);
}

/** Returns the sample skewness and (non-excess) kurtosis of `x`, with population moments. */
export function skewnessKurtosis(x: Float64Array): { skewness: number; kurtosis: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return m2 > 0 ? { skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) } : { skewness: NaN, kurtosis: NaN };
}
