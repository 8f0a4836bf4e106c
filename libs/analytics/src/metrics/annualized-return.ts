/**
 * Returns the compound annual growth rate (e[n−1]/e[0])^(periodsPerYear/(n−1)) − 1, counting years
 * as bar intervals over bars per year. NaN for fewer than two bars; −1 when equity reached ≤ 0.
 * @see https://en.wikipedia.org/wiki/Compound_annual_growth_rate
 */
export function annualizedReturn(equity: Float64Array, periodsPerYear: number): number {
  const n = equity.length;
  if (n < 2) return NaN;
  const growth = equity[n - 1] / equity[0];
  if (!(growth > 0)) return -1;
  return Math.pow(growth, periodsPerYear / (n - 1)) - 1;
}
