import { checkWindow, outputOf } from './check-window';

/**
 * Returns the exponential moving average with α = 2/(w+1): out[i] = α·x[i] + (1−α)·out[i−1],
 * seeded at i = w−1 with the SMA of the first w values, as TA-Lib does. Warm-up: w−1 NaN values.
 * @see https://ta-lib.org/functions/ (EMA); https://en.wikipedia.org/wiki/Exponential_smoothing
 */
export function ema(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = values.length;
  const o = outputOf(n, out);
  const alpha = 2 / (window + 1);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (i < window - 1) {
      prev += values[i];
      o[i] = NaN;
    } else if (i === window - 1) {
      prev = (prev + values[i]) / window;
      o[i] = prev;
    } else {
      prev = alpha * values[i] + (1 - alpha) * prev;
      o[i] = prev;
    }
  }
  return o;
}
