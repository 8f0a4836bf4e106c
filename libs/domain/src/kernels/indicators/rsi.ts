import { checkWindow, outputOf } from './check-window';

/**
 * Returns Wilder's Relative Strength Index, 100 − 100/(1 + avgGain/avgLoss), where the first
 * averages are plain means of the first w changes and later ones use Wilder's smoothing
 * avg = (avg·(w−1) + change)/w. Warm-up: w NaN values (the first change needs two bars).
 * 100 when there are no losses, 50 when there are neither gains nor losses.
 * @see J. W. Wilder, New Concepts in Technical Trading Systems (1978); https://school.stockcharts.com/doku.php?id=technical_indicators:relative_strength_index_rsi
 */
export function rsi(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = values.length;
  const o = outputOf(n, out);
  let gain = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      o[i] = NaN;
      continue;
    }
    const change = values[i] - values[i - 1];
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (i <= window) {
      gain += up;
      loss += down;
      if (i < window) {
        o[i] = NaN;
        continue;
      }
      gain /= window;
      loss /= window;
    } else {
      gain = (gain * (window - 1) + up) / window;
      loss = (loss * (window - 1) + down) / window;
    }
    o[i] = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return o;
}
