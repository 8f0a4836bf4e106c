import { checkWindow, outputOf } from './check-window';

/**
 * Writes the max (sign 1) or min (sign −1) of each window of w values using a monotonic deque of
 * indices in an Int32Array ring: each index enters and leaves once, so O(n) whatever w.
 */
function rollingExtreme(values: Float64Array, window: number, sign: number, out?: Float64Array): Float64Array {
  checkWindow(window);
  const n = values.length;
  const o = outputOf(n, out);
  const cap = window + 1;
  const ring = new Int32Array(cap);
  let head = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = sign * values[i];
    while (size > 0 && sign * values[ring[(head + size - 1) % cap]] <= v) size--;
    ring[(head + size) % cap] = i;
    size++;
    if (ring[head] <= i - window) {
      head = (head + 1) % cap;
      size--;
    }
    o[i] = i >= window - 1 ? values[ring[head]] : NaN;
  }
  return o;
}

/**
 * Returns the highest value of the last w values (including the current one). Warm-up: w−1 NaN.
 * @see https://en.wikipedia.org/wiki/Donchian_channel
 */
export function rollingMax(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  return rollingExtreme(values, window, 1, out);
}

/** Returns the lowest value of the last w values (including the current one). Warm-up: w−1 NaN. */
export function rollingMin(values: Float64Array, window: number, out?: Float64Array): Float64Array {
  return rollingExtreme(values, window, -1, out);
}
