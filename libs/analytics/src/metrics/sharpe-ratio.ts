import { mean, perPeriodRate, standardDeviation } from './returns';

/**
 * Returns the annualized Sharpe ratio (mean(r − r_f) / σ(r))·√periodsPerYear of per-bar returns,
 * with r_f the per-bar equivalent of the annual risk-free rate and the sample σ (ddof 1).
 * NaN when σ is 0 or there are fewer than two returns: a flat curve has no risk-adjusted return.
 * @see W. F. Sharpe, "The Sharpe Ratio", Journal of Portfolio Management (1994)
 */
export function sharpeRatio(returns: Float64Array, periodsPerYear: number, riskFreeRate = 0): number {
  const sd = standardDeviation(returns, 1);
  if (!(sd > 0)) return NaN;
  return ((mean(returns) - perPeriodRate(riskFreeRate, periodsPerYear)) / sd) * Math.sqrt(periodsPerYear);
}
