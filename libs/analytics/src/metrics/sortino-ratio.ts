import { mean, perPeriodRate, sumSquaredShortfalls } from './returns';

/**
 * Returns the annualized Sortino ratio (mean(r − r_f) / DD)·√periodsPerYear, where the downside
 * deviation DD = √(Σ min(0, r − r_f)² / N) runs over all N returns (not only the negative ones),
 * as Sortino and Price define the target downside deviation. NaN when DD is 0.
 * @see F. Sortino, L. Price, "Performance Measurement in a Downside Risk Framework" (1994);
 *   Red Rock Capital, "Sortino: A 'Sharper' Ratio"
 */
export function sortinoRatio(returns: Float64Array, periodsPerYear: number, riskFreeRate = 0): number {
  const n = returns.length;
  if (n === 0) return NaN;
  const rf = perPeriodRate(riskFreeRate, periodsPerYear);
  const dd = Math.sqrt(sumSquaredShortfalls(returns, 0, n, rf) / n);
  if (!(dd > 0)) return NaN;
  return ((mean(returns) - rf) / dd) * Math.sqrt(periodsPerYear);
}
