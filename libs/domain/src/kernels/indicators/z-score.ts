import { outputOf } from './check-window';
import { rollingStd } from './rolling-std';
import { sma } from './sma';

/**
 * Returns the rolling z-score (x[i] − SMA_w[i]) / σ_w[i] with the population σ (ddof 0).
 * Warm-up: w−1 NaN values; NaN where σ is 0 (a flat window has no z-score).
 * @see https://en.wikipedia.org/wiki/Standard_score
 */
export function zScore(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  const n = values.length;
  const o = outputOf(n, out);
  const mean = sma(values, window);
  const sd = rollingStd(values, window, 0, o);
  for (let i = 0; i < n; i++) {
    const s = sd[i];
    o[i] = s > 0 ? (values[i] - mean[i]) / s : NaN;
  }
  return o;
}
