import { Rng } from '../rng/rng';

/** Settings of {@link tpeMaximize}. */
export interface TpeOptions {
  /** Points evaluated at most. */
  readonly budget: number;
  readonly rng: Rng;
  /** Random points before the model proposes (default max(10, budget/5)). */
  readonly startup?: number;
  /** Share of the observations that counts as good (default 0.25, as in Bergstra et al.). */
  readonly gamma?: number;
  /** Proposals drawn from the good density per step (default 24). */
  readonly candidates?: number;
}

/** One evaluated grid point. */
export interface TpeObservation {
  readonly index: number;
  readonly score: number;
}

/**
 * Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl, 2011) over a finite grid
 * with `sizes[a]` values on axis a (mixed radix, last axis fastest, as `gridPoint`). After random
 * start-up points, the observations are split into the best `gamma` share and the rest; on each
 * axis both get a Parzen density over value positions (a discrete Gaussian kernel whose width
 * shrinks as observations grow, plus a uniform prior), and of `candidates` draws from the good
 * density the one with the largest ratio good/rest is evaluated next. Axes are modelled
 * independently, as in the original TPE. `score` returns NaN (or undefined) for infeasible points,
 * which are never proposed again and do not use the budget. Deterministic for a given rng.
 */
export function tpeMaximize(sizes: readonly number[], score: (index: number) => number | undefined, options: TpeOptions): TpeObservation[] {
  const total = sizes.reduce((p, s) => p * s, 1);
  const budget = Math.min(options.budget, total);
  const { rng } = options;
  const startup = Math.min(budget, options.startup ?? Math.max(10, Math.round(budget / 5)));
  const gamma = options.gamma ?? 0.25;
  const draws = options.candidates ?? 24;
  const seen = new Set<number>();
  const observed: TpeObservation[] = [];
  const digits = (index: number, out: number[]) => {
    let rest = index;
    for (let a = sizes.length - 1; a >= 0; a--) {
      out[a] = rest % sizes[a];
      rest = Math.floor(rest / sizes[a]);
    }
    return out;
  };
  const indexOf = (d: readonly number[]) => d.reduce((acc, v, a) => acc * sizes[a] + v, 0);
  const tryPoint = (index: number): boolean => {
    if (seen.has(index)) return false;
    seen.add(index);
    const s = score(index);
    if (s === undefined || Number.isNaN(s)) return false;
    observed.push({ index, score: s });
    return true;
  };
  const randomUnseen = (): number | undefined => {
    for (let i = 0; i < 64; i++) {
      const index = rng.int(total);
      if (!seen.has(index)) return index;
    }
    for (let index = 0; index < total; index++) if (!seen.has(index)) return index;
    return undefined;
  };

  while (observed.length < startup && seen.size < total) tryPoint(randomUnseen() as number);

  const d = new Array<number>(sizes.length).fill(0);
  const densities = sizes.map((m) => ({ good: new Float64Array(m), rest: new Float64Array(m) }));
  while (observed.length < budget && seen.size < total) {
    const ranked = [...observed].sort((a, b) => b.score - a.score);
    const nGood = Math.max(1, Math.ceil(gamma * ranked.length));
    sizes.forEach((m, a) => {
      // Kernel width in value positions: wide while few points are known, narrower as they grow.
      const width = Math.max(0.5, m / (1 + Math.sqrt(ranked.length)));
      const fill = (into: Float64Array, from: number, to: number) => {
        into.fill(1 / m);
        for (let r = from; r < to; r++) {
          const v = digits(ranked[r].index, d)[a];
          for (let x = 0; x < m; x++) into[x] += Math.exp(-0.5 * ((x - v) / width) ** 2);
        }
        const sum = into.reduce((s, x) => s + x, 0);
        for (let x = 0; x < m; x++) into[x] /= sum;
      };
      fill(densities[a].good, 0, nGood);
      fill(densities[a].rest, nGood, ranked.length);
    });
    let best: number | undefined;
    let bestRatio = -Infinity;
    const candidate = new Array<number>(sizes.length);
    for (let c = 0; c < draws; c++) {
      let ratio = 1;
      for (let a = 0; a < sizes.length; a++) {
        const good = densities[a].good;
        let u = rng.next();
        let v = 0;
        while (v < good.length - 1 && u >= good[v]) u -= good[v++];
        candidate[a] = v;
        ratio *= good[v] / densities[a].rest[v];
      }
      const index = indexOf(candidate);
      if (!seen.has(index) && ratio > bestRatio) {
        bestRatio = ratio;
        best = index;
      }
    }
    // Every draw already seen: the model has nothing new to say, so explore at random.
    const next = best ?? randomUnseen();
    if (next === undefined) break;
    tryPoint(next);
  }
  return observed;
}
