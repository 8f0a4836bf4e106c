import { zScore } from '../kernels/indicators';
import { BandRule, cachedIndicator, StrategyDefinition, windowKeys } from './strategy-definition';

const zScoreKey = windowKeys('zscore:close');

/**
 * Buys when the z-score of the close against its rolling mean falls below −threshold (and shorts
 * above +threshold with `allow_short`); exits when the z-score comes back to `exit_z_score`.
 */
export const meanReversion: StrategyDefinition = {
  id: 'mean_reversion',
  description: 'Z-score mean reversion: enter when price is stretched from its rolling mean, exit when it reverts.',
  parameters: {
    lookback_period: { type: 'integer', default: 20, min: 2, max: 10_000, description: 'Rolling window in bars for mean and standard deviation.' },
    z_score_threshold: { type: 'number', default: 2, min: 0.01, max: 10, description: 'Entry threshold in standard deviations.' },
    exit_z_score: { type: 'number', default: 0, min: 0, max: 10, description: 'Exit when |z| falls to this level.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
    allow_short: { type: 'boolean', default: false, description: 'Also short when z > threshold.' },
  },
  minSymbols: 1,
  checkConstraints: (p) =>
    (p.exit_z_score as number) < (p.z_score_threshold as number)
      ? undefined
      : { field: 'strategy_parameters.exit_z_score', expected: `< z_score_threshold (${p.z_score_threshold})`, found: String(p.exit_z_score) },
  warmupBars: (p) => p.lookback_period as number,
  prepare: (market, params, cache) => {
    const { n, k } = market;
    const threshold = params.z_score_threshold as number;
    const exit = params.exit_z_score as number;
    const size = params.position_size as number;
    const short = params.allow_short as boolean;
    const lookback = params.lookback_period as number;
    const z = cachedIndicator(cache, zScoreKey(lookback), () => {
      const out = new Float64Array(n * k);
      for (let s = 0; s < k; s++) zScore(market.close.subarray(s * n, (s + 1) * n), lookback, out.subarray(s * n, (s + 1) * n));
      return out;
    });
    const band: BandRule = { series: z, enterLong: -threshold, enterShort: short ? threshold : Infinity, exitLong: -exit, exitShort: exit, size };
    const state = new Int8Array(k);
    return {
      band,
      decide: (i, s) => {
        const t = stepOf(z[s * n + i], state[s], band);
        if (t === t) state[s] = Math.sign(t);
        return t;
      },
      // Symbols keep separate states, so listing symbol by symbol decides as bar-then-symbol order does.
      decisions: (s, bars, targets) => listBandDecisions(band, s * n, n, bars, targets),
    };
  },
};

/**
 * One step of a symbol's state machine from value `v` in state `st` (1 long, −1 short, 0 flat):
 * returns the new target, or NaN when nothing changes. The caller keeps the state: the sign of a
 * finite target.
 */
function stepOf(v: number, st: number, r: BandRule): number {
  if (v !== v) return NaN;
  if (st === 0) {
    if (v < r.enterLong) return r.size;
    if (v > r.enterShort) return -r.size;
  } else if ((st === 1 && v >= r.exitLong) || (st === -1 && v <= r.exitShort)) {
    return 0;
  }
  return NaN;
}

/**
 * Lists the decisions of one symbol whose values are `rule.series[base … base + n)`, from flat:
 * what `stepOf` decides bar by bar, found by scanning for the next value that changes the state
 * (NaN never does). A plain function of its arrays rather than a closure over them, so the
 * optimizing compiler checks them once per call instead of once per bar.
 */
function listBandDecisions(rule: BandRule, base: number, n: number, bars: Int32Array, targets: Float64Array): number {
  const z = rule.series;
  const end = base + n;
  let count = 0;
  let st = 0;
  for (let j = base; j < end; j++) {
    if (st === 0) {
      j = firstOutside(z, j, end, rule.enterLong, rule.enterShort);
      if (j === end) break;
      st = z[j] < rule.enterLong ? 1 : -1;
      targets[count] = st * rule.size;
    } else {
      j = st === 1 ? firstAtLeast(z, j, end, rule.exitLong) : firstAtMost(z, j, end, rule.exitShort);
      if (j === end) break;
      st = 0;
      targets[count] = 0;
    }
    bars[count++] = j - base;
  }
  return count;
}

/** Returns the first index in [j, end) whose value is below `low` or above `high`, or `end`. */
function firstOutside(z: Float64Array, j: number, end: number, low: number, high: number): number {
  while (j < end && !(z[j] < low || z[j] > high)) j++;
  return j;
}

/** Returns the first index in [j, end) whose value is at least `level`, or `end`. */
function firstAtLeast(z: Float64Array, j: number, end: number, level: number): number {
  while (j < end && !(z[j] >= level)) j++;
  return j;
}

/** Returns the first index in [j, end) whose value is at most `level`, or `end`. */
function firstAtMost(z: Float64Array, j: number, end: number, level: number): number {
  while (j < end && !(z[j] <= level)) j++;
  return j;
}
