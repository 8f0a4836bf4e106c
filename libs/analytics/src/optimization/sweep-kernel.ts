import { Ledger, liquidateAll, rebalanceOneSymbol, resetLedger, SimulationParams, TradeColumns } from '@nautilus/domain';
import { perPeriodRate } from '../metrics/returns';
import { SegmentMetrics } from './objective';
import { finishSegment, reachesRuin, segmentMetrics, SegmentSums } from './segment-metrics';
import { HeldState, SweepBuffers } from './sweep-wasm';

/** Relative slack of the drawdown threshold: far above rounding error, so no deeper drawdown is missed. */
const DRAWDOWN_SLACK = 1e-9;

/** Returns the equity below which `peak` has a drawdown deeper than `maxDrawdown`, with slack; ∞ forces the exact test. */
function drawdownThreshold(peak: number, maxDrawdown: number): number {
  return peak > 0 ? peak * (1 + maxDrawdown) + peak * DRAWDOWN_SLACK : Infinity;
}

/**
 * Returns the four lanes of sums from `state[from]` (lane L holds returns whose index is L mod 4)
 * added as `laneSum` adds a segment whose first return has index `firstReturn`: lanes by position
 * within the segment, (s0 + s1) + (s2 + s3).
 */
function addLanes(state: Float64Array, from: number, firstReturn: number): number {
  const o = firstReturn & 3;
  return state[from + o] + state[from + ((o + 1) & 3)] + (state[from + ((o + 2) & 3)] + state[from + ((o + 3) & 3)]);
}

/**
 * Simulates one symbol from its decisions exactly as `simulateTargets` does from the equivalent
 * targets (same decisions, the same `rebalanceOneSymbol` fills, the same equity): decision j,
 * taken on bar `decisionBars[j]` with target `decisionTargets[j]`, trades on that bar's next open
 * (or its close with `same_close`) when it differs from the last target. In the same pass it
 * gathers the sums of the in-sample bars [0, split) into `inSample` and of the out-of-sample bars
 * [split − 1, n) into `outOfSample` (left untouched when split = n). Writes the buffers' equity[i]
 * and returns[i − 1] = equity[i]/equity[i − 1] − 1, whose variance `finishSegment` then takes.
 *
 * This is what a parameter sweep runs per set: one pass instead of a simulation and two passes of
 * metrics per segment. Working from the list of decisions, it reads no target on a bar without
 * one, and a flat stretch (no position since the last bar: every return exactly 0, the drawdown
 * unchanged) is filled up to the next trade. The drawdown divides only when equity falls near a
 * new low (a threshold test with slack), and then computes exactly what `drawdownSummary`
 * computes, so every value is bit for bit that of `simulateTargets` followed by `segmentMetrics`
 * once {@link finishKernelSegment} has completed the sums. Bars held without a trade, most of a
 * run, are marked in WebAssembly (`buffers.markHeld`, four bars per step), and the sums of
 * returns and shortfalls are kept in the four lanes of `laneSum` in the buffers' state.
 */
export function simulateOneSymbolSegments(
  open: Float64Array,
  buffers: SweepBuffers,
  decisionBars: Int32Array,
  decisionTargets: Float64Array,
  decisions: number,
  n: number,
  p: SimulationParams,
  ledger: Ledger,
  split: number,
  rf: number,
  inSample: SegmentSums,
  outOfSample: SegmentSums,
): Ledger {
  resetLedger(ledger, p.initialCash);
  const { close, equity, returns, state } = buffers;
  const atClose = p.fillTiming === 'same_close';
  const prices = atClose ? close : open;
  const lag = atClose ? 0 : 1;
  const lastBar = p.closeAtEnd ? n - 1 : -1;
  let next = 0;
  let tradeBar = decisions > 0 ? decisionBars[0] + lag : n;
  let last = NaN;
  let cash = ledger.cash;
  let q = 0;
  let peak = -Infinity;
  let maxDrawdown = 0;
  let threshold = Infinity;
  let prev = NaN;
  let first = NaN;
  state.fill(0, HeldState.sum, HeldState.downside + 4);
  state[HeldState.rf] = rf;
  let i = 0;
  for (let part = 0; part < 2; part++) {
    const end = part === 0 ? split : n;
    for (; i < end; i++) {
      if (q === 0 && prev === cash) {
        // Flat since the last bar: decisions that repeat the last target trade nothing, and the
        // bars up to the next one that does (or the last bar, which may liquidate) are filled.
        while (next < decisions && decisionTargets[next] === last) next++;
        tradeBar = next < decisions ? decisionBars[next] + lag : n;
        let j = tradeBar < end ? tradeBar : end;
        if (lastBar >= i && lastBar < j) j = lastBar;
        if (j > i) {
          state[HeldState.cash] = cash;
          buffers.markFlat(i, j);
          i = j;
          if (i === end) break;
        }
      }
      if (q !== 0 && i > 0) {
        // Holding with no trade before `stop`: these bars only mark to market, without the trade
        // and end-of-run tests, in WebAssembly, four bars per step.
        let stop = tradeBar < end ? tradeBar : end;
        if (lastBar >= i && lastBar < stop) stop = lastBar;
        state[HeldState.peak] = peak;
        state[HeldState.maxDrawdown] = maxDrawdown;
        state[HeldState.prev] = prev;
        state[HeldState.cash] = cash;
        state[HeldState.units] = q;
        buffers.markHeld(i, stop);
        peak = state[HeldState.peak];
        maxDrawdown = state[HeldState.maxDrawdown];
        prev = state[HeldState.prev];
        i = stop;
        threshold = drawdownThreshold(peak, maxDrawdown);
        if (i === end) break;
      }
      if (i === tradeBar) {
        const t = decisionTargets[next];
        next++;
        tradeBar = next < decisions ? decisionBars[next] + lag : n;
        if (t !== last) {
          last = t;
          rebalanceOneSymbol(ledger, t, prices[i], p, p.leverage, i);
          cash = ledger.cash;
          q = ledger.quantity[0];
        }
      }
      if (i === lastBar && q !== 0) {
        liquidateAll(ledger, close, n, i, p, i);
        cash = ledger.cash;
        q = 0;
      }
      const e = cash + q * close[i];
      equity[i] = e;
      if (i > 0) {
        const r = e / prev - 1;
        returns[i - 1] = r;
        const lane = (i - 1) & 3;
        state[HeldState.sum + lane] += r;
        const x = r - rf;
        if (x < 0) state[HeldState.downside + lane] += x * x;
      } else {
        first = e;
      }
      if (e >= peak) {
        peak = e;
        threshold = drawdownThreshold(peak, maxDrawdown);
      } else if (e < threshold) {
        const d = e / peak - 1;
        if (d < maxDrawdown) {
          maxDrawdown = d;
          threshold = drawdownThreshold(peak, maxDrawdown);
        }
      }
      prev = e;
    }
    const segment = part === 0 ? inSample : outOfSample;
    segment.returns = part === 0 ? split - 1 : n - split;
    // The first return of the in-sample segment has index 0, of the out-of-sample one split − 1.
    const firstReturn = part === 0 ? 0 : split - 1;
    segment.sum = addLanes(state, HeldState.sum, firstReturn);
    segment.downside = addLanes(state, HeldState.downside, firstReturn);
    segment.maxDrawdown = maxDrawdown;
    segment.first = first;
    segment.last = prev;
    if (split >= n) break;
    // Bar split − 1 is both the last in-sample bar and the base of the out-of-sample curve.
    state.fill(0, HeldState.sum, HeldState.downside + 4);
    maxDrawdown = 0;
    peak = prev >= -Infinity ? prev : -Infinity;
    threshold = drawdownThreshold(peak, 0);
    first = prev;
  }
  return ledger;
}

/**
 * Returns the metrics of bars [start, end) whose sums {@link simulateOneSymbolSegments} gathered,
 * equal to what `segmentMetrics` gives on the same equity. The kernel sums every bar's return; when
 * the account was ruined (equity at or below zero, which is rare) the returns must end at the ruin,
 * so that segment is scored again by `segmentMetrics` on the equity the kernel wrote.
 */
export function finishKernelSegment(
  sums: SegmentSums,
  buffers: SweepBuffers,
  trades: TradeColumns,
  start: number,
  end: number,
  periodsPerYear: number,
  riskFreeRate: number,
  scratch: Float64Array,
): SegmentMetrics {
  if (reachesRuin(sums)) return segmentMetrics(buffers.equity, trades, start, end, periodsPerYear, riskFreeRate, scratch);
  return finishSegment(sums, buffers, start, trades, start, end, periodsPerYear, perPeriodRate(riskFreeRate, periodsPerYear));
}
