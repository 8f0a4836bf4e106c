import { mean, perPeriodRate } from './returns';

/**
 * Returns CAPM beta cov(r_p, r_b)/var(r_b) (sample moments) and Jensen's alpha, annualized as
 * (mean(r_p − r_f) − β·mean(r_b − r_f))·periodsPerYear, from aligned per-bar returns.
 * NaN when the benchmark does not vary.
 * @see M. C. Jensen, "The Performance of Mutual Funds in the Period 1945–1964" (1968)
 */
export function alphaBeta(returns: Float64Array, benchmarkReturns: Float64Array, periodsPerYear: number, riskFreeRate = 0): { alpha: number; beta: number } {
  const n = Math.min(returns.length, benchmarkReturns.length);
  if (n < 2) return { alpha: NaN, beta: NaN };
  const mp = mean(returns.subarray(0, n));
  const mb = mean(benchmarkReturns.subarray(0, n));
  let cov = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    cov += (returns[i] - mp) * (benchmarkReturns[i] - mb);
    varB += (benchmarkReturns[i] - mb) * (benchmarkReturns[i] - mb);
  }
  if (!(varB > 0)) return { alpha: NaN, beta: NaN };
  const beta = cov / varB;
  const rf = perPeriodRate(riskFreeRate, periodsPerYear);
  return { alpha: (mp - rf - beta * (mb - rf)) * periodsPerYear, beta };
}
