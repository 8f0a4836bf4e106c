import { projectOntoCappedSimplex, WeightBounds } from './capped-simplex';

/**
 * Portfolio weight solvers over a row-major k × k covariance. Every solver returns weights that
 * sum to 1 within `bounds`. Accuracy is about 1e-10 on the weights: iterative solvers stop when a
 * step moves no weight by more than that, which is far below what covariance estimates justify.
 */

const TOLERANCE = 1e-13;
const MAX_ITERATIONS = 20_000;

/** Returns 1/k for every asset. */
export function equalWeights(k: number): Float64Array {
  return new Float64Array(k).fill(1 / k);
}

function multiply(cov: Float64Array, w: Float64Array, k: number, out: Float64Array): Float64Array {
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += cov[a * k + b] * w[b];
    out[a] = s;
  }
  return out;
}

/** Returns wᵀΣw. */
export function portfolioVariance(cov: Float64Array, w: Float64Array): number {
  const k = w.length;
  let v = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) v += w[a] * cov[a * k + b] * w[b];
  return v;
}

/** Largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration (an upper estimate). */
function largestEigenvalue(cov: Float64Array, k: number): number {
  let v = new Float64Array(k).fill(1 / Math.sqrt(k));
  let next = new Float64Array(k);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    multiply(cov, v, k, next);
    let norm = 0;
    for (let i = 0; i < k; i++) norm += next[i] * next[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < k; i++) next[i] /= norm;
    const done = Math.abs(norm - lambda) <= 1e-12 * norm;
    lambda = norm;
    [v, next] = [next, v];
    if (done) break;
  }
  // Power iteration approaches from below; a 1 % margin keeps the gradient step 1/L safe.
  let rowMax = 0;
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += Math.abs(cov[a * k + b]);
    rowMax = Math.max(rowMax, s);
  }
  return Math.min(lambda * 1.01, rowMax);
}

/**
 * Minimises ½·λ·wᵀΣw − μᵀw over the bounded simplex by accelerated projected gradient (FISTA)
 * with gradient restarts (O'Donoghue & Candès, 2015). `mu` null means minimum variance.
 */
export function solveMeanVariance(
  cov: Float64Array,
  mu: Float64Array | null,
  lambda: number,
  bounds: WeightBounds,
  start?: Float64Array,
): Float64Array {
  const k = Math.round(Math.sqrt(cov.length));
  const w = projectOntoCappedSimplex(start ?? equalWeights(k), bounds, new Float64Array(k));
  const lipschitz = lambda * largestEigenvalue(cov, k);
  if (!(lipschitz > 0)) {
    // No risk term: the optimum is the linear program's corner, reached by one long step.
    if (!mu) return w;
    const v = new Float64Array(k).map((_, i) => w[i] + 1e6 * mu[i]);
    return projectOntoCappedSimplex(v, bounds, w);
  }
  const step = 1 / lipschitz;
  const y = Float64Array.from(w);
  const grad = new Float64Array(k);
  const next = new Float64Array(k);
  const trial = new Float64Array(k);
  let t = 1;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    multiply(cov, y, k, grad);
    for (let i = 0; i < k; i++) trial[i] = y[i] - step * (lambda * grad[i] - (mu ? mu[i] : 0));
    projectOntoCappedSimplex(trial, bounds, next);
    let moved = 0;
    let restart = 0;
    for (let i = 0; i < k; i++) {
      moved = Math.max(moved, Math.abs(next[i] - w[i]));
      restart += (y[i] - next[i]) * (next[i] - w[i]);
    }
    const tNext = restart > 0 ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
    const momentum = restart > 0 ? 0 : (t - 1) / tNext;
    for (let i = 0; i < k; i++) {
      y[i] = next[i] + momentum * (next[i] - w[i]);
      w[i] = next[i];
    }
    t = tNext;
    if (moved < TOLERANCE) break;
  }
  return w;
}

/** Minimum-variance weights: argmin wᵀΣw with Σw = 1 and the bounds. */
export function minimumVarianceWeights(cov: Float64Array, bounds: WeightBounds): Float64Array {
  return solveMeanVariance(cov, null, 1, bounds);
}

/** Returns (μᵀw − rf)/√(wᵀΣw); NaN for a riskless portfolio. */
export function sharpeOfWeights(mu: Float64Array, cov: Float64Array, w: Float64Array, riskFree: number): number {
  let m = 0;
  for (let i = 0; i < w.length; i++) m += mu[i] * w[i];
  const sd = Math.sqrt(portfolioVariance(cov, w));
  return sd > 0 ? (m - riskFree) / sd : NaN;
}

/**
 * Largest excess return eᵀw over the bounded simplex, a linear program solved greedily: every
 * weight starts at its floor and what is left of the budget goes to the largest eᵢ first.
 */
function maximumExcessReturn(excess: Float64Array, bounds: WeightBounds): number {
  const order = Array.from(excess.keys()).sort((a, b) => excess[b] - excess[a]);
  let left = 1 - excess.length * bounds.min;
  let total = 0;
  for (const i of order) {
    const extra = Math.min(bounds.max - bounds.min, left);
    left -= extra;
    total += excess[i] * (bounds.min + extra);
  }
  return total;
}

/** A mean-variance optimum w(λ) and the sign test λ·wᵀΣw − eᵀw of the tangency condition. */
interface FrontierPoint {
  readonly lambda: number;
  readonly w: Float64Array;
  readonly gap: number;
}

/**
 * Maximum-Sharpe (tangency) weights within the bounds, with e = μ − rf the excess returns.
 *
 * The Sharpe ratio eᵀw/σ(w) is pseudo-concave where eᵀw > 0, so its KKT conditions on the bounded
 * simplex identify the global optimum; multiplied by σ they are the KKT conditions of the
 * mean-variance problem max eᵀw − ½λ·wᵀΣw at λ* = eᵀw* ÷ w*ᵀΣw*. Along the frontier w(λ) the gap
 * g(λ) = λ·wᵀΣw − eᵀw is ≤ 0 while w(λ) is riskier than the tangency portfolio and ≥ 0 once it
 * is less risky, because the best return G(σ) at risk σ is concave, so G(σ)/σ only falls past its
 * peak and only rises before it. Where a bound pins a corner, w(λ) is the same portfolio for a
 * range of λ and g is linear there; either way the sign of g changes once, so bisection on log λ
 * converges to w* with no ties to break (a search on the Sharpe ratio itself cannot tell which
 * side of such a flat stretch holds the peak). λ* ≤ max eᵀw ÷ (wᵀΣw of the minimum-variance
 * portfolio) brackets the root from above.
 *
 * When no feasible portfolio earns more than rf (with long-only bounds: no μᵢ > rf) the Sharpe
 * ratio has no useful maximum (a negative one is raised by adding risk), and when Σ = 0 there is
 * no risk to trade; both return the minimum-variance weights. When a riskless portfolio within the
 * bounds earns more than rf the ratio is unbounded, g stays negative, and the mean-variance optimum
 * at the largest λ tried (λ* bound × 16⁶⁰), that riskless portfolio to rounding, is returned.
 */
export function maximumSharpeWeights(mu: Float64Array, cov: Float64Array, riskFree: number, bounds: WeightBounds): Float64Array {
  const k = mu.length;
  const excess = mu.map((m) => m - riskFree);
  const minimum = minimumVarianceWeights(cov, bounds);
  const best = maximumExcessReturn(excess, bounds);
  const eig = largestEigenvalue(cov, k);
  if (!(best > 0) || !(eig > 0)) return minimum;
  const floor = portfolioVariance(cov, minimum);
  let warm = minimum;
  const at = (lambda: number): FrontierPoint => {
    warm = solveMeanVariance(cov, excess, lambda, bounds, warm);
    let m = 0;
    for (let i = 0; i < k; i++) m += excess[i] * warm[i];
    return { lambda, w: Float64Array.from(warm), gap: lambda * portfolioVariance(cov, warm) - m };
  };
  // A riskless minimum-variance portfolio gives no bound; the frontier's scale eᵢ/Σ is a start.
  let hi = at(floor > 0 ? best / floor : best / eig);
  // Rounding can leave the bound a hair short of the root; step past it.
  for (let it = 0; it < 60 && hi.gap < 0; it++) hi = at(hi.lambda * 16);
  let lo = hi;
  for (let it = 0; it < 200 && lo.gap >= 0; it++) lo = at(lo.lambda / 16);
  if (lo.gap >= 0 || hi.gap < 0) return hi.w;
  for (let it = 0; it < 200 && hi.lambda > lo.lambda * (1 + 1e-13); it++) {
    const mid = at(Math.sqrt(lo.lambda * hi.lambda));
    if (mid.gap < 0) lo = mid;
    else hi = mid;
  }
  return sharpeOfWeights(mu, cov, lo.w, riskFree) > sharpeOfWeights(mu, cov, hi.w, riskFree) ? lo.w : hi.w;
}

/**
 * Equal-risk-contribution weights: wᵢ(Σw)ᵢ equal for all i. Solved as Spinu's (2013) convex
 * problem min ½yᵀΣy − Σ log(yᵢ)/k by cyclical coordinate descent, each coordinate a closed-form
 * quadratic root (Griveau-Billion, Richard & Roncalli, 2013), then w = y/Σy. Long-only by nature.
 */
export function riskParityWeights(cov: Float64Array): Float64Array {
  const k = Math.round(Math.sqrt(cov.length));
  const budget = 1 / k;
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) y[i] = cov[i * k + i] > 0 ? 1 / Math.sqrt(cov[i * k + i]) : 1;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    let moved = 0;
    for (let i = 0; i < k; i++) {
      const sii = cov[i * k + i];
      if (!(sii > 0)) continue;
      let c = 0;
      for (let j = 0; j < k; j++) if (j !== i) c += cov[i * k + j] * y[j];
      const yi = (-c + Math.sqrt(c * c + 4 * sii * budget)) / (2 * sii);
      moved = Math.max(moved, Math.abs(yi - y[i]) / yi);
      y[i] = yi;
    }
    if (moved < TOLERANCE) break;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) sum += y[i];
  for (let i = 0; i < k; i++) y[i] /= sum;
  return y;
}

/** Returns each asset's share of portfolio variance, wᵢ(Σw)ᵢ / wᵀΣw. */
export function riskContributions(cov: Float64Array, w: Float64Array): Float64Array {
  const k = w.length;
  const sw = multiply(cov, w, k, new Float64Array(k));
  const total = portfolioVariance(cov, w);
  return new Float64Array(k).map((_, i) => (w[i] * sw[i]) / total);
}
