import { TradeColumns } from '@nautilus/domain';
import { calmarRatio } from '../metrics/calmar-ratio';
import { laneSum, perPeriodRate, sumSquaredDeviations, sumSquaredShortfalls } from '../metrics/returns';
import { SegmentMetrics } from './objective';

/**
 * What one pass over a segment's equity gathers: the sum of its returns and the sum of squared
 * shortfalls below the per-period risk-free rate (both in the lanes of `laneSum`), its deepest
 * drawdown and its end points.
 * {@link finishSegment} turns it into metrics; the fused sweep kernel fills it while simulating.
 */
export interface SegmentSums {
  /** How many returns the sums hold: one per bar after the first, up to the first bar of ruin. */
  returns: number;
  sum: number;
  downside: number;
  maxDrawdown: number;
  first: number;
  last: number;
}

/** Where {@link finishSegment} takes the sum of squared deviations of a segment's returns from. */
export interface ReturnDeviations {
  /** Σ (r − m)² over returns [from, to), in the order and rounding of {@link sumSquaredDeviations}. */
  sumSquaredDeviations(from: number, to: number, m: number): number;
}

/** Returns the deviations of the returns held in `returns`. */
export function deviationsOf(returns: Float64Array): ReturnDeviations {
  return { sumSquaredDeviations: (from, to, m) => sumSquaredDeviations(returns, from, to, m) };
}

/** Returns empty sums, ready for a pass. */
export function emptySums(): SegmentSums {
  return { returns: 0, sum: 0, downside: 0, maxDrawdown: 0, first: NaN, last: NaN };
}

/**
 * Whether a segment summed as if no bar were ruined (the fused sweep kernel's sums) reached equity
 * at or below zero: then its returns must end there, and {@link segmentMetrics} scores it instead.
 * Equity ≤ 0 after a positive peak is a drawdown of at least 100 %.
 */
export function reachesRuin(sums: SegmentSums): boolean {
  return !(sums.first > 0) || sums.maxDrawdown <= -1;
}

/**
 * Returns the metrics of bars [start, end) of a run: the equity curve restricted to them and the
 * trades that closed after its first bar (see {@link finishSegment}). Each value is bit for bit
 * what `computeStats` reports on that segment (its returns, too, end at the first bar whose
 * equity is at or below zero), computed in one pass over the equity and three over its returns
 * instead of six over the equity, with the same operations in the same order.
 * `scratch` (length ≥ end − start − 1) receives the returns, so a sweep allocates nothing per
 * parameter set but the result.
 */
export function segmentMetrics(
  equity: Float64Array,
  trades: TradeColumns,
  start: number,
  end: number,
  periodsPerYear: number,
  riskFreeRate: number,
  scratch: Float64Array,
): SegmentMetrics {
  const rf = perPeriodRate(riskFreeRate, periodsPerYear);
  const sums = emptySums();
  let peak = -Infinity;
  let prev = NaN;
  let ruined = false;
  for (let i = start; i < end; i++) {
    const e = equity[i];
    if (e >= peak) {
      peak = e;
    } else {
      const d = e / peak - 1;
      if (d < sums.maxDrawdown) sums.maxDrawdown = d;
    }
    if (i > start && !ruined) scratch[sums.returns++] = e / prev - 1;
    if (e <= 0) ruined = true;
    prev = e;
  }
  sums.sum = laneSum(scratch, 0, sums.returns);
  sums.downside = sumSquaredShortfalls(scratch, 0, sums.returns, rf);
  if (end > start) {
    sums.first = equity[start];
    sums.last = equity[end - 1];
  }
  return finishSegment(sums, deviationsOf(scratch), 0, trades, start, end, periodsPerYear, rf);
}

/**
 * Completes the metrics of bars [start, end) from their sums, their returns (at
 * `returns[offset …]`, `sums.returns` of them) and the trades that closed on bars start + 1 …
 * end − 1; `rf` is the per-period risk-free rate the sums were taken against. Bar `start` is the
 * segment's base and its returns begin after it, so a trade closing there belongs to the segment
 * before: optimize's out-of-sample segment starts on the last in-sample bar, and counting that
 * bar's exits would count them in both.
 */
export function finishSegment(
  sums: SegmentSums,
  returns: ReturnDeviations,
  offset: number,
  trades: TradeColumns,
  start: number,
  end: number,
  periodsPerYear: number,
  rf: number,
): SegmentMetrics {
  const m = end - start;
  const nr = sums.returns;
  const mean = nr ? sums.sum / nr : NaN;
  const ss = returns.sumSquaredDeviations(offset, offset + nr, mean);
  const sd = nr > 1 ? Math.sqrt(ss / (nr - 1)) : NaN;
  const dd = nr ? Math.sqrt(sums.downside / nr) : NaN;
  const root = Math.sqrt(periodsPerYear);
  const growth = sums.last / sums.first;
  const cagr = m < 2 ? NaN : growth > 0 ? Math.pow(growth, periodsPerYear / (m - 1)) - 1 : -1;

  // Trades are appended in exit order, so the ones closing in (start, end) are one contiguous run.
  let t0 = 0;
  while (t0 < trades.length && trades.exitIndex[t0] <= start) t0++;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let t = t0;
  for (; t < trades.length && trades.exitIndex[t] < end; t++) {
    const pnl = trades.pnl[t];
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
    } else if (pnl < 0) {
      grossLoss -= pnl;
    }
  }
  const count = t - t0;
  return {
    totalReturn: m > 0 ? growth - 1 : NaN,
    annualizedReturn: cagr,
    sharpeRatio: sd > 0 ? ((mean - rf) / sd) * root : NaN,
    sortinoRatio: dd > 0 ? ((mean - rf) / dd) * root : NaN,
    calmarRatio: calmarRatio(cagr, sums.maxDrawdown),
    maxDrawdown: sums.maxDrawdown,
    profitFactor: count === 0 ? NaN : grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? Infinity : NaN,
    numTrades: count,
    winRate: count ? wins / count : NaN,
  };
}
