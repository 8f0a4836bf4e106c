import { checkWindow, outputOf } from './check-window';

/**
 * Returns the simple moving average: out[i] = (x[i−w+1] + … + x[i]) / w. Warm-up: the first w−1
 * values are NaN. O(n) with a running sum re-summed every 1024 bars, so rounding drift stays at
 * the level of one fresh sum however long the series.
 * @see https://en.wikipedia.org/wiki/Moving_average#Simple_moving_average
 */
export function sma(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = values.length;
  const o = outputOf(n, out);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    if (i >= window - 1 && (i & 1023) === 1023) {
      sum = 0;
      for (let j = i - window + 1; j <= i; j++) sum += values[j];
    }
    o[i] = i >= window - 1 ? sum / window : NaN;
  }
  return o;
}
