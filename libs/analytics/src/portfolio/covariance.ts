/**
 * Covariance estimators over a column-major T × k matrix of returns (column j = asset j).
 * Both divide by T, not T − 1, because Ledoit-Wolf's shrinkage intensity is derived for the
 * maximum-likelihood estimate; the optimizers are scale-invariant, so the choice moves no weight.
 */

/** Returns the k means of the columns of `x`. */
export function columnMeans(x: Float64Array, t: number, k: number): Float64Array {
  const mean = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < t; i++) s += x[j * t + i];
    mean[j] = s / t;
  }
  return mean;
}

/** Returns the k × k sample covariance (row-major, divided by T) of the columns of `x`. */
export function sampleCovariance(x: Float64Array, t: number, k: number): Float64Array {
  const mean = columnMeans(x, t, k);
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < t; i++) s += (x[a * t + i] - mean[a]) * (x[b * t + i] - mean[b]);
      cov[a * k + b] = cov[b * k + a] = s / t;
    }
  }
  return cov;
}

/** A shrunk covariance and the weight given to the target. */
export interface ShrunkCovariance {
  readonly covariance: Float64Array;
  /** δ in [0, 1]: Σ = δ·μI + (1 − δ)·S. */
  readonly shrinkage: number;
}

/**
 * Ledoit & Wolf (2004), "A well-conditioned estimator for large-dimensional covariance
 * matrices": shrinks S towards μI with μ = tr(S)/k and intensity min(b̄², d²)/d², where
 * d² = ‖S − μI‖² and b̄² = Σₜ‖xₜxₜᵀ − S‖²/T² under the normalised Frobenius norm ‖A‖² = tr(AAᵀ)/k.
 */
export function ledoitWolf(x: Float64Array, t: number, k: number): ShrunkCovariance {
  const mean = columnMeans(x, t, k);
  const s = sampleCovariance(x, t, k);
  let trace = 0;
  for (let j = 0; j < k; j++) trace += s[j * k + j];
  const mu = trace / k;
  let d2 = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const v = s[a * k + b] - (a === b ? mu : 0);
      d2 += v * v;
    }
  }
  d2 /= k;
  let b2 = 0;
  for (let i = 0; i < t; i++) {
    for (let a = 0; a < k; a++) {
      const xa = x[a * t + i] - mean[a];
      for (let b = 0; b < k; b++) {
        const v = xa * (x[b * t + i] - mean[b]) - s[a * k + b];
        b2 += v * v;
      }
    }
  }
  b2 /= k * t * t;
  // S already equal to μI (d² = 0) leaves nothing to shrink; any δ gives the same matrix.
  const shrinkage = d2 > 0 ? Math.min(b2, d2) / d2 : 0;
  const covariance = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) covariance[a * k + b] = (1 - shrinkage) * s[a * k + b] + (a === b ? shrinkage * mu : 0);
  }
  return { covariance, shrinkage };
}
