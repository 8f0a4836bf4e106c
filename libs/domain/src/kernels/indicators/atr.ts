import { checkWindow, outputOf } from './check-window';

/**
 * Returns Wilder's Average True Range. True range TR[i] = max(h−l, |h−c[i−1]|, |l−c[i−1]|), and
 * TR[0] = h−l. ATR[w−1] is the mean of TR[0..w−1]; then ATR[i] = (ATR[i−1]·(w−1) + TR[i])/w.
 * Warm-up: w−1 NaN values.
 * @see J. W. Wilder (1978); https://school.stockcharts.com/doku.php?id=technical_indicators:average_true_range_atr
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, window: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = close.length;
  const o = outputOf(n, out);
  let avg = 0;
  for (let i = 0; i < n; i++) {
    const hl = high[i] - low[i];
    let tr = hl;
    if (i > 0) {
      const hc = Math.abs(high[i] - close[i - 1]);
      const lc = Math.abs(low[i] - close[i - 1]);
      tr = hl > hc ? (hl > lc ? hl : lc) : hc > lc ? hc : lc;
    }
    if (i < window) {
      avg += tr;
      if (i < window - 1) {
        o[i] = NaN;
        continue;
      }
      avg /= window;
    } else {
      avg = (avg * (window - 1) + tr) / window;
    }
    o[i] = avg;
  }
  return o;
}
