/** Returns the total return e[n−1]/e[0] − 1 as a fraction (NaN for an empty curve). */
export function totalReturn(equity: Float64Array): number {
  return equity.length === 0 ? NaN : equity[equity.length - 1] / equity[0] - 1;
}
