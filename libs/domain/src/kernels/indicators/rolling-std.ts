import { ValidationError } from '../../errors/domain-error';
import { checkWindow, outputOf } from './check-window';

/**
 * Returns the rolling standard deviation over w values, sqrt(Σ(x−mean)² / (w − ddof)); ddof 0 is
 * the population form (Bollinger's), 1 the sample form. Warm-up: w−1 NaN values.
 * O(n) by adding and removing values with Welford's update, which avoids the cancellation of
 * Σx² − (Σx)²/w. Each update still leaves an absolute error of about one ulp of its own size, so
 * when the window's sum of squares becomes small next to the updates made since the last exact
 * sum, the window is summed again in two passes: relative error stays near 1e-10 even for nearly
 * flat windows, which matter for z-scores.
 * @see B. P. Welford (1962); https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance
 */
export function rollingStd(values: Float64Array, window: number, ddof = 0, out?: Float64Array): Float64Array {
  checkWindow(window);
  if (ddof !== 0 && ddof !== 1) throw new ValidationError('ddof', '0 or 1', String(ddof));
  if (window - ddof < 1) throw new ValidationError('window', `> ddof (${ddof})`, String(window));
  const n = values.length;
  const o = outputOf(n, out);
  let mean = 0;
  let m2 = 0;
  let churn = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (i < window) {
      const d = x - mean;
      mean += d / (i + 1);
      m2 += d * (x - mean);
    } else {
      const y = values[i - window];
      const oldMean = mean;
      mean += (x - y) / window;
      const step = (x - y) * (x - mean + y - oldMean);
      m2 += step;
      churn += step < 0 ? -step : step;
      if (m2 < churn * 1e-6) {
        mean = 0;
        for (let j = i - window + 1; j <= i; j++) mean += values[j];
        mean /= window;
        m2 = 0;
        for (let j = i - window + 1; j <= i; j++) m2 += (values[j] - mean) * (values[j] - mean);
        churn = m2;
      }
    }
    o[i] = i >= window - 1 ? Math.sqrt(m2 > 0 ? m2 / (window - ddof) : 0) : NaN;
  }
  return o;
}
