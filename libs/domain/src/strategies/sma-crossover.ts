import { sma } from '../kernels/indicators';
import { AlignedMarket } from '../engine/market-data';
import { cachedIndicator, CrossingRule, Decider, IndicatorCache, StrategyDefinition, windowKeys } from './strategy-definition';

const smaKey = windowKeys('sma:close');

/**
 * Goes long when the fast SMA of closes crosses above the slow one, and exits (or reverses to
 * short with `allow_short`) when it crosses below; as backtesting.py's SmaCross example.
 */
export const smaCrossover: StrategyDefinition = {
  id: 'sma_crossover',
  description: 'Fast/slow simple moving average crossover on closes; long on a cross up, flat (or short) on a cross down.',
  parameters: {
    fast: { type: 'integer', default: 10, min: 1, max: 10_000, description: 'Fast SMA window in bars.' },
    slow: { type: 'integer', default: 30, min: 2, max: 10_000, description: 'Slow SMA window in bars.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
    allow_short: { type: 'boolean', default: false, description: 'Reverse to short on a cross down instead of going flat.' },
  },
  minSymbols: 1,
  checkConstraints: (p) =>
    (p.fast as number) < (p.slow as number) ? undefined : { field: 'strategy_parameters.fast', expected: `< slow (${p.slow})`, found: String(p.fast) },
  warmupBars: (p) => p.slow as number,
  prepare: (market, params, cache) => {
    const size = params.position_size as number;
    // Both SMAs are NaN before their windows fill, and a comparison with NaN is false: no cross
    // can fire before bar `first`, so the search starts there.
    const first = Math.max(1, params.fast as number, params.slow as number);
    return new CrossingDecider(smaOfCloses(market, params.fast as number, cache), smaOfCloses(market, params.slow as number, cache), first, size, params.allow_short ? -size : 0, market.n);
  },
};

/** Returns the SMA of every symbol's closes (column-major), from `cache` when it holds it. */
function smaOfCloses(market: AlignedMarket, window: number, cache: IndicatorCache | undefined): Float64Array {
  const key = smaKey(window);
  // Looked up here first, so that a sweep's hits allocate no closure for the computation.
  return (
    cache?.get(key) ??
    cachedIndicator(cache, key, () => {
      const { n, k } = market;
      const out = new Float64Array(n * k);
      for (let s = 0; s < k; s++) sma(market.close.subarray(s * n, (s + 1) * n), window, out.subarray(s * n, (s + 1) * n));
      return out;
    })
  );
}

/**
 * sma_crossover's decider, which is its own crossing rule: a sweep prepares one per parameter set,
 * and one object with methods costs a tenth of the closures and records it replaces.
 */
class CrossingDecider implements Decider, CrossingRule {
  constructor(
    readonly fast: Float64Array,
    readonly slow: Float64Array,
    readonly first: number,
    readonly up: number,
    readonly down: number,
    private readonly n: number,
  ) {}

  get crossing(): CrossingRule {
    return this;
  }

  decide(i: number, s: number): number {
    if (i === 0) return NaN;
    const j = s * this.n + i;
    const { fast, slow } = this;
    // A comparison with NaN (warm-up) is false, so no cross fires before both SMAs exist.
    if (fast[j - 1] <= slow[j - 1] && fast[j] > slow[j]) return this.up;
    if (fast[j - 1] >= slow[j - 1] && fast[j] < slow[j]) return this.down;
    return NaN;
  }

  decisions(s: number, bars: Int32Array, targets: Float64Array): number {
    const n = this.n;
    return this.first < n ? listCrossings(this.fast, this.slow, s * n + this.first, (s + 1) * n, s * n, this.up, this.down, bars, targets) : 0;
  }
}

/** Side of `fast` against `slow`: 1 above, −1 below, 0 equal, 2 when either is NaN. */
function sideOf(fast: number, slow: number): number {
  return fast > slow ? 1 : fast < slow ? -1 : fast === slow ? 0 : 2;
}

/**
 * Lists the bars in [from, to) of column-major arrays where `fast` crosses above `slow` (target
 * `up`) or below it (target `down`), as bar numbers relative to `base`; returns how many. A cross
 * is a bar whose side is above (below) after a bar on or below (on or above) it, which is what
 * `decide` tests with four comparisons; here a bar costs one comparison, in runs of four. A plain
 * function of its arguments rather than a closure over them, so that the optimizing compiler checks
 * the arrays once per call instead of once per bar (three times faster in a sweep).
 */
function listCrossings(
  fast: Float64Array,
  slow: Float64Array,
  from: number,
  to: number,
  base: number,
  up: number,
  down: number,
  bars: Int32Array,
  targets: Float64Array,
): number {
  let count = 0;
  let prev = sideOf(fast[from - 1], slow[from - 1]);
  for (let j = from; j < to; j++) {
    // Between crossings the side holds for dozens of bars: skip them four at a time.
    if (prev === 1) j = endOfLead(fast, slow, j, to);
    else if (prev === -1) j = endOfLead(slow, fast, j, to);
    if (j === to) break;
    const side = sideOf(fast[j], slow[j]);
    if (side !== prev) {
      // A NaN on either bar compares false in `decide`, so nothing fires from or into it.
      if ((side === 1 || side === -1) && prev !== 2) {
        bars[count] = j - base;
        targets[count++] = side === 1 ? up : down;
      }
      prev = side;
    }
  }
  return count;
}

/** Returns the first index in [j, to) where `a` is not above `b` (equal, below or NaN), or `to`. */
function endOfLead(a: Float64Array, b: Float64Array, j: number, to: number): number {
  while (j + 4 <= to && a[j] > b[j] && a[j + 1] > b[j + 1] && a[j + 2] > b[j + 2] && a[j + 3] > b[j + 3]) j += 4;
  while (j < to && a[j] > b[j]) j++;
  return j;
}
