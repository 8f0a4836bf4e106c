import { checkWindow, outputOf } from './check-window';

/**
 * Returns the simple moving average: out[i] = (x[i−w+1] + … + x[i]) / w. Warm-up: the first w−1
 * values are NaN. O(n) with a running sum that adds the new value and subtracts the oldest under
 * Neumaier's compensation, so the rounding error stays at a few ulps however long the series;
 * without it, z-scores of near-flat windows (x − mean over a tiny σ) would magnify the drift.
 * @see https://en.wikipedia.org/wiki/Moving_average#Simple_moving_average;
 *   A. Neumaier (1974), https://en.wikipedia.org/wiki/Kahan_summation_algorithm
 */
export function sma(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = values.length;
  const o = outputOf(n, out);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    let t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
    if (i >= window) {
      v = -values[i - window];
      t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    o[i] = i >= window - 1 ? (sum + comp) / window : NaN;
  }
  return o;
}
