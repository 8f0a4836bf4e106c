import { ValidationError } from '@nautilus/domain';

/** Per-asset weight bounds shared by every asset; weights always sum to 1. */
export interface WeightBounds {
  readonly min: number;
  readonly max: number;
}

/** Throws unless `k` weights within `bounds` can sum to 1. */
export function checkWeightBounds(k: number, bounds: WeightBounds, field = 'portfolio_optimization'): void {
  if (!(bounds.min <= bounds.max)) throw new ValidationError(`${field}.min_weight`, `≤ max_weight (${bounds.max})`, String(bounds.min));
  if (bounds.min * k > 1 + 1e-12) throw new ValidationError(`${field}.min_weight`, `≤ 1/${k} so that ${k} weights can sum to 1`, String(bounds.min));
  if (bounds.max * k < 1 - 1e-12) throw new ValidationError(`${field}.max_weight`, `≥ 1/${k} so that ${k} weights can sum to 1`, String(bounds.max));
}

const clip = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * Writes into `out` the Euclidean projection of `v` onto {w : Σw = 1, min ≤ w ≤ max}. The
 * projection is clip(v − τ) for the τ that makes the sum 1; bisection finds which weights sit on
 * a bound, then τ is solved exactly on the free ones so that the sum is 1 to rounding.
 */
export function projectOntoCappedSimplex(v: Float64Array, bounds: WeightBounds, out: Float64Array): Float64Array {
  const k = v.length;
  const { min, max } = bounds;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    if (v[i] - max < lo) lo = v[i] - max;
    if (v[i] - min > hi) hi = v[i] - min;
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * (1 + Math.abs(hi)); it++) {
    const tau = 0.5 * (lo + hi);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += clip(v[i] - tau, min, max);
    if (sum > 1) lo = tau;
    else hi = tau;
  }
  let tau = 0.5 * (lo + hi);
  let freeSum = 0;
  let freeCount = 0;
  let boundSum = 0;
  for (let i = 0; i < k; i++) {
    const x = v[i] - tau;
    if (x > min && x < max) {
      freeSum += v[i];
      freeCount++;
    } else boundSum += clip(x, min, max);
  }
  if (freeCount > 0) tau = (freeSum + boundSum - 1) / freeCount;
  for (let i = 0; i < k; i++) out[i] = clip(v[i] - tau, min, max);
  return out;
}
