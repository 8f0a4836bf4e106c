// AssemblyScript: the parameter sweep's per-bar loops, compiled to WebAssembly by
// `npm run build:wasm` into src/optimization/sweep-wasm.generated.ts. Each does exactly the
// operations of the TypeScript it stands in for, in the same order, so results agree to the bit.
// The caller's memory holds, from address 0: the state block, then the closes, equity, returns,
// decision bars and decision targets of n bars each, then indicator arrays; `layout` records where.

/**
 * f64 slots of the state block. The sums of returns and of squared shortfalls are kept in four
 * lanes each, by return index mod 4 (bar i's return has index i − 1), which is what lets four
 * bars take one step; the caller adds the lanes as metrics/returns.ts's laneSum does. The
 * position and rate are passed here rather than as arguments, as doubles crossing from
 * JavaScript into WebAssembly are boxed on every call.
 */
const SUM = 0;
const DOWNSIDE = 4;
const PEAK = 8;
const MAX_DRAWDOWN = 9;
const PREV = 10;
const CASH = 11;
const UNITS = 12;
const RF = 13;

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
  // Eight bars per test while the lead lasts, then four: lane-wise comparisons, all true.
  while (j + 8 <= to) {
    const at = (<usize>j) << 3;
    const first = v128.and(f64x2.gt(v128.load(a + at), v128.load(b + at)), f64x2.gt(v128.load(a + at, 16), v128.load(b + at, 16)));
    const second = v128.and(f64x2.gt(v128.load(a + at, 32), v128.load(b + at, 32)), f64x2.gt(v128.load(a + at, 48), v128.load(b + at, 48)));
    if (!i64x2.all_true(v128.and(first, second))) break;
    j += 8;
  }
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

/** Adds `value` to lane `(i − 1) & 3` of the sums at slot `first`: bar i's return's lane. */
function addToLane(first: i32, i: i32, value: f64): void {
  const at = (<usize>(first + ((i - 1) & 3))) << 3;
  store<f64>(at, load<f64>(at) + value);
}

/** Returns the drawdown limit of `peak`: equity below it may be a deeper drawdown than `maxDrawdown`. */
function drawdownLimit(peak: f64, maxDrawdown: f64): f64 {
  return peak > 0 ? peak * (1 + maxDrawdown) + peak * DRAWDOWN_SLACK : Infinity;
}

/** Marks held bar i: the per-bar body of {@link markHeld}, for the bars outside its four-bar steps. */
function markHeldBar(i: i32, cash: f64, q: f64, rf: f64): void {
  const at = (<usize>i) << 3;
  const e = cash + q * load<f64>(closeAt + at);
  store<f64>(equityAt + at, e);
  const r = e / load<f64>(PREV << 3) - 1;
  store<f64>(returnsAt + at - 8, r);
  addToLane(SUM, i, r);
  const x = r - rf;
  addToLane(DOWNSIDE, i, x < 0 ? x * x : 0);
  let peak = load<f64>(PEAK << 3);
  if (e >= peak) {
    peak = e;
    store<f64>(PEAK << 3, peak);
  }
  if (e < drawdownLimit(peak, load<f64>(MAX_DRAWDOWN << 3))) {
    const d = e / peak - 1;
    if (d < load<f64>(MAX_DRAWDOWN << 3)) store<f64>(MAX_DRAWDOWN << 3, d);
  }
  store<f64>(PREV << 3, e);
}

/**
 * Marks bars [from, to) holding the state's UNITS beside its CASH: equity, the return on the bar
 * before, the sums in their lanes and the drawdown (the held loop of simulateOneSymbolSegments).
 * Four bars whose return indices are 0…3 mod 4 take one step: their equity, returns and
 * shortfalls two lanes at a time, and their running peaks as prefix maxima against the peak
 * before them. Only when one of them may deepen the drawdown (below the limit of its peak, which
 * is rare) or is NaN are the four bars' peaks and drawdowns redone one by one, in order, so every
 * value equals the one-bar-at-a-time loop's.
 */
export function markHeld(from: i32, to: i32): void {
  const cash = load<f64>(CASH << 3);
  const q = load<f64>(UNITS << 3);
  const rf = load<f64>(RF << 3);
  let i = from;
  while (i < to && ((i - 1) & 3) != 0) markHeldBar(i++, cash, q, rf);
  if (i + 4 <= to) {
    const cashes = f64x2.splat(cash);
    const units = f64x2.splat(q);
    const rfs = f64x2.splat(rf);
    const ones = f64x2.splat(1);
    const zeros = f64x2.splat(0);
    const slack = f64x2.splat(DRAWDOWN_SLACK);
    let sumLow = v128.load(SUM << 3);
    let sumHigh = v128.load(SUM << 3, 16);
    let downLow = v128.load(DOWNSIDE << 3);
    let downHigh = v128.load(DOWNSIDE << 3, 16);
    let peak = load<f64>(PEAK << 3);
    let maxDrawdown = load<f64>(MAX_DRAWDOWN << 3);
    let deepening = f64x2.splat(1 + maxDrawdown);
    let prev = f64x2.splat(load<f64>(PREV << 3));
    for (; i + 4 <= to; i += 4) {
      const at = (<usize>i) << 3;
      const low = f64x2.add(cashes, f64x2.mul(units, v128.load(closeAt + at)));
      const high = f64x2.add(cashes, f64x2.mul(units, v128.load(closeAt + at, 16)));
      v128.store(equityAt + at, low);
      v128.store(equityAt + at, high, 16);
      const rLow = f64x2.sub(f64x2.div(low, f64x2.shuffle(prev, low, 1, 2)), ones);
      const rHigh = f64x2.sub(f64x2.div(high, f64x2.shuffle(low, high, 1, 2)), ones);
      v128.store(returnsAt + at - 8, rLow);
      v128.store(returnsAt + at + 8, rHigh);
      sumLow = f64x2.add(sumLow, rLow);
      sumHigh = f64x2.add(sumHigh, rHigh);
      const xLow = f64x2.sub(rLow, rfs);
      const xHigh = f64x2.sub(rHigh, rfs);
      downLow = f64x2.add(downLow, v128.and(f64x2.mul(xLow, xLow), f64x2.lt(xLow, zeros)));
      downHigh = f64x2.add(downHigh, v128.and(f64x2.mul(xHigh, xHigh), f64x2.lt(xHigh, zeros)));
      // pmax(a, b) is a < b ? b : a, so with no NaN each lane is the running peak "e ≥ peak".
      const peaks = f64x2.splat(peak);
      const runLow = f64x2.pmax(f64x2.shuffle(low, low, 0, 0), low);
      const runHigh = f64x2.pmax(f64x2.shuffle(runLow, runLow, 1, 1), f64x2.pmax(f64x2.shuffle(high, high, 0, 0), high));
      const peakLow = f64x2.pmax(peaks, runLow);
      const peakHigh = f64x2.pmax(peaks, runHigh);
      const limitLow = f64x2.add(f64x2.mul(peakLow, deepening), f64x2.mul(peakLow, slack));
      const limitHigh = f64x2.add(f64x2.mul(peakHigh, deepening), f64x2.mul(peakHigh, slack));
      const below = v128.or(f64x2.lt(low, limitLow), f64x2.lt(high, limitHigh));
      const unusual = v128.or(v128.or(f64x2.le(peakLow, zeros), f64x2.le(peakHigh, zeros)), v128.or(f64x2.ne(low, low), f64x2.ne(high, high)));
      if (v128.any_true(v128.or(below, unusual))) {
        for (let b = 0; b < 4; b++) {
          const e = load<f64>(equityAt + at + ((<usize>b) << 3));
          if (e >= peak) peak = e;
          if (e < drawdownLimit(peak, maxDrawdown)) {
            const d = e / peak - 1;
            if (d < maxDrawdown) maxDrawdown = d;
          }
        }
        deepening = f64x2.splat(1 + maxDrawdown);
      } else {
        peak = f64x2.extract_lane(peakHigh, 1);
      }
      prev = high;
    }
    v128.store(SUM << 3, sumLow);
    v128.store(SUM << 3, sumHigh, 16);
    v128.store(DOWNSIDE << 3, downLow);
    v128.store(DOWNSIDE << 3, downHigh, 16);
    store<f64>(PEAK << 3, peak);
    store<f64>(MAX_DRAWDOWN << 3, maxDrawdown);
    store<f64>(PREV << 3, f64x2.extract_lane(prev, 1));
  }
  while (i < to) markHeldBar(i++, cash, q, rf);
}

/**
 * Marks bars [from, to) of a flat account holding the state's CASH: that equity and a zero return
 * on the bar before each (the flat fill of simulateOneSymbolSegments), two bars per store, and a
 * shortfall of RF² in each return's lane when the risk-free rate is positive.
 */
export function markFlat(from: i32, to: i32): void {
  const cash = load<f64>(CASH << 3);
  const value = f64x2.splat(cash);
  const zero = f64x2.splat(0);
  let i = from;
  if (i == 0 && i < to) {
    // Bar 0 has no bar before it, so no return.
    store<f64>(equityAt, cash);
    i = 1;
  }
  const x = 0 - load<f64>(RF << 3);
  if (x < 0) for (let k = i; k < to; k++) addToLane(DOWNSIDE, k, x * x);
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
