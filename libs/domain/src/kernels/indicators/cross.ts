import { outputOf } from './check-window';

/** Returns 1 where `a` crosses above `b` (a[i−1] ≤ b[i−1] and a[i] > b[i]), else 0; NaN inputs give 0. */
export function crossAbove(a: Float64Array, b: Float64Array, out?: Float64Array): Float64Array {
  const n = a.length;
  const o = outputOf(n, out);
  o[0] = 0;
  for (let i = 1; i < n; i++) o[i] = a[i - 1] <= b[i - 1] && a[i] > b[i] ? 1 : 0;
  return o;
}

/** Returns 1 where `a` crosses below `b` (a[i−1] ≥ b[i−1] and a[i] < b[i]), else 0; NaN inputs give 0. */
export function crossBelow(a: Float64Array, b: Float64Array, out?: Float64Array): Float64Array {
  const n = a.length;
  const o = outputOf(n, out);
  o[0] = 0;
  for (let i = 1; i < n; i++) o[i] = a[i - 1] >= b[i - 1] && a[i] < b[i] ? 1 : 0;
  return o;
}
