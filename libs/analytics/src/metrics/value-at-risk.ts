/**
 * Returns the q-quantile of `values` with linear interpolation between order statistics
 * (position q·(n−1), numpy's default `percentile` method). NaN when empty.
 */
export function quantile(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Returns the historical Value at Risk at `confidence` as a return (negative = loss): the
 * (1 − confidence) quantile of per-bar returns.
 * @see P. Jorion, Value at Risk (3rd ed.), ch. 10 (historical simulation)
 */
export function historicalVaR(returns: Float64Array, confidence = 0.95): number {
  return quantile(returns, 1 - confidence);
}

/**
 * Returns the historical Conditional VaR (expected shortfall): the mean of the returns at or below
 * the historical VaR. NaN when empty.
 * @see C. Acerbi, D. Tasche, "Expected Shortfall: a natural coherent alternative to Value at Risk" (2002)
 */
export function historicalCVaR(returns: Float64Array, confidence = 0.95): number {
  const v = historicalVaR(returns, confidence);
  let s = 0;
  let c = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] <= v) {
      s += returns[i];
      c++;
    }
  }
  return c ? s / c : NaN;
}
