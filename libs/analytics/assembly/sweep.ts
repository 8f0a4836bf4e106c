// AssemblyScript: the parameter sweep's per-bar loops, compiled to WebAssembly by
// `npm run build:wasm` into src/optimization/sweep-wasm.generated.ts. Each does exactly the
// operations of the TypeScript it stands in for, in the same order, so results agree to the bit.
// The caller's memory holds, from address 0: the state block, then the closes, equity, returns,
// decision bars and decision targets of n bars each, then indicator arrays; `layout` records where.

/** f64 slots of the state block: the running sums and drawdown a held stretch continues from. */
const SUM = 0;
const DOWNSIDE = 1;
const PEAK = 2;
const MAX_DRAWDOWN = 3;
const PREV = 4;

/** Relative slack of the drawdown threshold (sweep-kernel.ts's DRAWDOWN_SLACK). */
const DRAWDOWN_SLACK: f64 = 1e-9;

let closeAt: usize = 0;
let equityAt: usize = 0;
let returnsAt: usize = 0;
let decisionBarsAt: usize = 0;
let decisionTargetsAt: usize = 0;

/** Records where the run's arrays start (byte addresses). */
export function layout(close: usize, equity: usize, returns: usize, decisionBars: usize, decisionTargets: usize): void {
  closeAt = close;
  equityAt = equity;
  returnsAt = returns;
  decisionBarsAt = decisionBars;
  decisionTargetsAt = decisionTargets;
}

/** Side of `fast` against `slow`: 1 above, −1 below, 0 equal, 2 when either is NaN. */
function sideOf(fast: f64, slow: f64): i32 {
  return fast > slow ? 1 : fast < slow ? -1 : fast == slow ? 0 : 2;
}

/** Returns the first index in [j, to) where `a` is not above `b` (equal, below or NaN), or `to`. */
function endOfLead(a: usize, b: usize, j: i32, to: i32): i32 {
  // Four bars per test: two lane-wise comparisons, both all true.
  while (j + 4 <= to) {
    const at = (<usize>j) << 3;
    const first = f64x2.gt(v128.load(a + at), v128.load(b + at));
    const second = f64x2.gt(v128.load(a + at, 16), v128.load(b + at, 16));
    if (!i64x2.all_true(v128.and(first, second))) break;
    j += 4;
  }
  while (j < to && load<f64>(a + ((<usize>j) << 3)) > load<f64>(b + ((<usize>j) << 3))) j++;
  return j;
}

/**
 * Lists the bars in [from, to) where the series at `fast` crosses the one at `slow` (byte
 * addresses of bar 0) into the decision arrays, `up` above and `down` below; returns how many.
 * domain's listCrossings (sma-crossover.ts) with base 0, side for side.
 */
export function crossings(fast: usize, slow: usize, from: i32, to: i32, up: f64, down: f64): i32 {
  if (from >= to) return 0;
  let count = 0;
  const before = (<usize>(from - 1)) << 3;
  let prev = sideOf(load<f64>(fast + before), load<f64>(slow + before));
  for (let j = from; j < to; j++) {
    if (prev == 1) j = endOfLead(fast, slow, j, to);
    else if (prev == -1) j = endOfLead(slow, fast, j, to);
    if (j == to) break;
    const at = (<usize>j) << 3;
    const side = sideOf(load<f64>(fast + at), load<f64>(slow + at));
    if (side != prev) {
      if ((side == 1 || side == -1) && prev != 2) {
        store<i32>(decisionBarsAt + ((<usize>count) << 2), j);
        store<f64>(decisionTargetsAt + ((<usize>count) << 3), side == 1 ? up : down);
        count++;
      }
      prev = side;
    }
  }
  return count;
}

/** Returns the first index in [j, to) whose value at `series` is below `low` or above `high`, or `to`. */
function firstOutside(series: usize, j: i32, to: i32, low: f64, high: f64): i32 {
  const lows = f64x2.splat(low);
  const highs = f64x2.splat(high);
  while (j + 4 <= to) {
    const at = series + ((<usize>j) << 3);
    const a = v128.load(at);
    const b = v128.load(at, 16);
    const out = v128.or(v128.or(f64x2.lt(a, lows), f64x2.gt(a, highs)), v128.or(f64x2.lt(b, lows), f64x2.gt(b, highs)));
    if (v128.any_true(out)) break;
    j += 4;
  }
  while (j < to) {
    const v = load<f64>(series + ((<usize>j) << 3));
    if (v < low || v > high) break;
    j++;
  }
  return j;
}

/** Returns the first index in [j, to) whose value at `series` is at least `level`, or `to`. */
function firstAtLeast(series: usize, j: i32, to: i32, level: f64): i32 {
  const levels = f64x2.splat(level);
  while (j + 4 <= to) {
    const at = series + ((<usize>j) << 3);
    if (v128.any_true(v128.or(f64x2.ge(v128.load(at), levels), f64x2.ge(v128.load(at, 16), levels)))) break;
    j += 4;
  }
  while (j < to && !(load<f64>(series + ((<usize>j) << 3)) >= level)) j++;
  return j;
}

/** Returns the first index in [j, to) whose value at `series` is at most `level`, or `to`. */
function firstAtMost(series: usize, j: i32, to: i32, level: f64): i32 {
  const levels = f64x2.splat(level);
  while (j + 4 <= to) {
    const at = series + ((<usize>j) << 3);
    if (v128.any_true(v128.or(f64x2.le(v128.load(at), levels), f64x2.le(v128.load(at, 16), levels)))) break;
    j += 4;
  }
  while (j < to && !(load<f64>(series + ((<usize>j) << 3)) <= level)) j++;
  return j;
}

/**
 * Lists the decisions of a band rule over bars [0, n) of the series at `series` into the decision
 * arrays and returns how many: domain's listBandDecisions (mean-reversion.ts), state for state.
 */
export function bandDecisions(series: usize, n: i32, enterLong: f64, enterShort: f64, exitLong: f64, exitShort: f64, size: f64): i32 {
  let count = 0;
  let st = 0;
  for (let j = 0; j < n; j++) {
    if (st == 0) {
      j = firstOutside(series, j, n, enterLong, enterShort);
      if (j == n) break;
      st = load<f64>(series + ((<usize>j) << 3)) < enterLong ? 1 : -1;
      store<f64>(decisionTargetsAt + ((<usize>count) << 3), <f64>st * size);
    } else {
      j = st == 1 ? firstAtLeast(series, j, n, exitLong) : firstAtMost(series, j, n, exitShort);
      if (j == n) break;
      st = 0;
      store<f64>(decisionTargetsAt + ((<usize>count) << 3), 0);
    }
    store<i32>(decisionBarsAt + ((<usize>count) << 2), j);
    count++;
  }
  return count;
}

/**
 * Marks bars [from, to) of a position of `q` units beside `cash`: equity, the return on the bar
 * before, and the sums and drawdown in the state block (the held loop of simulateOneSymbolSegments).
 */
export function markHeld(from: i32, to: i32, cash: f64, q: f64, rf: f64): void {
  let sum = load<f64>(SUM << 3);
  let downside = load<f64>(DOWNSIDE << 3);
  let peak = load<f64>(PEAK << 3);
  let maxDrawdown = load<f64>(MAX_DRAWDOWN << 3);
  let prev = load<f64>(PREV << 3);
  for (let i = from; i < to; i++) {
    const at = (<usize>i) << 3;
    const e = cash + q * load<f64>(closeAt + at);
    store<f64>(equityAt + at, e);
    const r = e / prev - 1;
    store<f64>(returnsAt + at - 8, r);
    sum += r;
    const x = r - rf;
    downside += x < 0 ? x * x : 0;
    // The threshold is recomputed on every bar instead of on each new peak: a new peak is as
    // unpredictable as a return's sign. At a new peak the test below finds d = 0, which changes
    // nothing, so the result is the same.
    if (e >= peak) peak = e;
    const limit = peak > 0 ? peak * (1 + maxDrawdown) + peak * DRAWDOWN_SLACK : Infinity;
    if (e < limit) {
      const d = e / peak - 1;
      if (d < maxDrawdown) maxDrawdown = d;
    }
    prev = e;
  }
  store<f64>(SUM << 3, sum);
  store<f64>(DOWNSIDE << 3, downside);
  store<f64>(PEAK << 3, peak);
  store<f64>(MAX_DRAWDOWN << 3, maxDrawdown);
  store<f64>(PREV << 3, prev);
}

/**
 * Marks bars [from, to) of a flat account holding `cash`: equity `cash` and a zero return on the
 * bar before each (the flat fill of simulateOneSymbolSegments), two bars per store.
 */
export function markFlat(from: i32, to: i32, cash: f64): void {
  const value = f64x2.splat(cash);
  const zero = f64x2.splat(0);
  let i = from;
  if (i == 0 && i < to) {
    // Bar 0 has no bar before it, so no return.
    store<f64>(equityAt, cash);
    i = 1;
  }
  for (; i + 1 < to; i += 2) {
    const at = (<usize>i) << 3;
    v128.store(equityAt + at, value);
    v128.store(returnsAt + at - 8, zero);
  }
  if (i < to) {
    const at = (<usize>i) << 3;
    store<f64>(equityAt + at, cash);
    store<f64>(returnsAt + at - 8, 0);
  }
}

/**
 * Σ (returns[i] − m)² over [from, to): metrics/returns.ts's sumSquaredDeviations, its four running
 * sums held as two pairs of lanes (s0, s1) and (s2, s3), each lane adding what its sum adds.
 */
export function sumSquaredDeviations(from: i32, to: i32, m: f64): f64 {
  const mean = f64x2.splat(m);
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  let i = from;
  for (; i + 3 < to; i += 4) {
    const at = returnsAt + ((<usize>i) << 3);
    const a = f64x2.sub(v128.load(at), mean);
    const b = f64x2.sub(v128.load(at, 16), mean);
    low = f64x2.add(low, f64x2.mul(a, a));
    high = f64x2.add(high, f64x2.mul(b, b));
  }
  let s0 = f64x2.extract_lane(low, 0);
  for (; i < to; i++) {
    const a = load<f64>(returnsAt + ((<usize>i) << 3)) - m;
    s0 += a * a;
  }
  return s0 + f64x2.extract_lane(low, 1) + (f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1));
}
