import { ValidationError } from '../../errors/domain-error';

/** Throws unless `window` is an integer ≥ `min`; kernels validate once, before their loop. */
export function checkWindow(window: number, field = 'window', min = 1): void {
  if (!Number.isInteger(window) || window < min) throw new ValidationError(field, `an integer ≥ ${min}`, String(window));
}

/** Returns `out` when it has length n, else a new NaN-free buffer of length n. */
export function outputOf(n: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) throw new ValidationError('out', `a buffer of length ${n}`, String(out.length));
  return out;
}
