import { CancelledError, computeSignals, IndicatorCache, Ledger, simulateTargets, simulationParamsOf } from '@nautilus/domain';
import { OptimizeRequest, SearchPlan } from '../optimization/optimize';
import { SegmentMetrics } from '../optimization/objective';
import { annualizedReturn } from '../metrics/annualized-return';
import { calmarRatio } from '../metrics/calmar-ratio';
import { drawdownSummary } from '../metrics/drawdown';
import { equityUntilRuin, returnsFromEquity } from '../metrics/returns';
import { sharpeRatio } from '../metrics/sharpe-ratio';
import { sortinoRatio } from '../metrics/sortino-ratio';

/** One parameter set's run over the whole history, as the studies read it. */
export interface SweptSet {
  readonly parameters: Readonly<Record<string, number | boolean>>;
  /** returns[i] = equity[i] / equity[i − 1] − 1 for bar i ≥ 1; returns[0] = 0. */
  readonly returns: Float64Array;
  /**
   * Last bar whose return counts: the first bar where equity is at or below zero (ruin, possible
   * with shorts or leverage), else the last bar. Past a ruin a "return" is a ratio of debts, so the
   * studies stop reading there, as computeStats does.
   */
  readonly lastBar: number;
  /** Exit bar and P&L of each closed trade, in exit order. */
  readonly tradeExitIndex: Int32Array;
  readonly tradePnl: Float64Array;
}

/** Bar ranges [from, to) read as one segment, in order: one for a window, two for a purged training set. */
export type BarRanges = readonly (readonly [number, number])[];

/** Progress and cancellation of a study, as in {@link OptimizeRequest}. */
export type StudyControl = Pick<OptimizeRequest, 'onProgress' | 'shouldCancel'>;

/**
 * Runs `sets[order[j]]` for j = 0, 1, … once over the whole history (decisions at bar t use bars
 * ≤ t only) and hands each run to `visit`. Buffers are reused, so a run's arrays are valid during its
 * call only, and memory stays that of one run however many sets there are. Polls `shouldCancel`
 * before each set and reports progress (sets done of `order.length`) at most once per percent.
 */
export function sweepSets(
  plan: SearchPlan,
  sets: readonly Readonly<Record<string, number | boolean>>[],
  visit: (set: SweptSet, index: number) => void,
  control: StudyControl = {},
  order: readonly number[] = sets.map((_, s) => s),
): void {
  const { definition, market, config } = plan;
  const { n, k } = market;
  const sim = simulationParamsOf(config, definition.rebalances === true);
  const target = new Float64Array(n * k);
  const out = { equity: new Float64Array(n) };
  const returns = new Float64Array(n);
  const cache: IndicatorCache = new Map();
  let ledger: Ledger | undefined;
  let reported = -1;
  for (let j = 0; j < order.length; j++) {
    if (control.shouldCancel?.()) throw new CancelledError(`study cancelled after ${j} of ${order.length} parameter sets`);
    const percent = Math.floor((100 * j) / order.length);
    if (percent > reported) {
      reported = percent;
      control.onProgress?.(j, order.length);
    }
    const parameters = sets[order[j]];
    computeSignals(definition, market, parameters, target, cache);
    ledger = simulateTargets(market.open, market.close, target, n, k, sim, out, ledger);
    returnsFromEquity(out.equity, returns.subarray(1));
    const t = ledger.trades;
    visit({ parameters, returns, lastBar: equityUntilRuin(out.equity).length - 1, tradeExitIndex: t.exitIndex.subarray(0, t.length), tradePnl: t.pnl.subarray(0, t.length) }, order[j]);
  }
  control.onProgress?.(order.length, order.length);
}

/** Returns the number of bars of `ranges` a set with `warmupBars` of warm-up can have held a position on (bar 0 has no return). */
export function usableBars(ranges: BarRanges, warmupBars: number): number {
  const first = Math.max(1, warmupBars);
  return ranges.reduce((sum, [from, to]) => sum + Math.max(0, to - Math.max(from, first)), 0);
}

/** Scratch buffers of {@link metricsOnRanges}, each at least as long as the history plus one. */
export interface RangeScratch {
  readonly returns: Float64Array;
  readonly equity: Float64Array;
}

/** Returns scratch for {@link metricsOnRanges} over `n` bars. */
export function rangeScratch(n: number): RangeScratch {
  return { returns: new Float64Array(n + 1), equity: new Float64Array(n + 1) };
}

/**
 * Returns the metrics of a set restricted to the bars of `ranges` up to its last bar: the returns
 * of those bars compounded in order (bar 0 has none), and the trades that closed on them.
 */
export function metricsOnRanges(set: SweptSet, ranges: BarRanges, periodsPerYear: number, riskFreeRate: number, scratch: RangeScratch): SegmentMetrics {
  let m = 0;
  const equity = scratch.equity;
  equity[0] = 1;
  const end = set.lastBar + 1;
  for (const [from, to] of ranges) {
    for (let i = Math.max(1, from); i < Math.min(to, end); i++) {
      const r = set.returns[i];
      scratch.returns[m] = r;
      equity[m + 1] = equity[m] * (1 + r);
      m++;
    }
  }
  const r = scratch.returns.subarray(0, m);
  const curve = equity.subarray(0, m + 1);
  let wins = 0;
  let count = 0;
  let gain = 0;
  let loss = 0;
  for (let t = 0; t < set.tradeExitIndex.length; t++) {
    const x = set.tradeExitIndex[t];
    if (x >= end || !ranges.some(([from, to]) => x >= from && x < to)) continue;
    count++;
    const p = set.tradePnl[t];
    if (p > 0) {
      wins++;
      gain += p;
    } else loss -= p;
  }
  const cagr = annualizedReturn(curve, periodsPerYear);
  const dd = drawdownSummary(curve).maxDrawdown;
  return {
    totalReturn: curve[m] - 1,
    annualizedReturn: cagr,
    sharpeRatio: sharpeRatio(r, periodsPerYear, riskFreeRate),
    sortinoRatio: sortinoRatio(r, periodsPerYear, riskFreeRate),
    calmarRatio: calmarRatio(cagr, dd),
    maxDrawdown: dd,
    profitFactor: count === 0 ? NaN : loss > 0 ? gain / loss : gain > 0 ? Infinity : NaN,
    numTrades: count,
    winRate: count ? wins / count : NaN,
  };
}
