import { inferPeriodsPerYear } from '@nautilus/domain';
import { OptimizeRequest } from '../optimization/optimize';
import { NO_SEGMENT, SegmentMetrics } from '../optimization/objective';
import { chooseOnTraining, replayChoices } from './choose-on-training';
import { metricsOnRanges, rangeScratch } from './parameter-sweep';
import { WalkForwardOptions } from './splitters';
import { planWalkForward, StudyLimits } from './study-plan';

/** One walk-forward step: the set chosen on the train window and how it did on the test window. */
export interface WalkForwardStep {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
  /** Null when no set could be scored on the train window (every set's objective undefined, e.g. none traded). */
  readonly parameters: Readonly<Record<string, number | boolean>> | null;
  /** NaN without a choice. */
  readonly inSampleScore: number;
  readonly outOfSampleScore: number;
  /** {@link NO_SEGMENT} without a choice. */
  readonly inSample: SegmentMetrics;
  readonly outOfSample: SegmentMetrics;
}

/** Walk-forward result: every step and the out-of-sample equity stitched from the test windows. */
export interface WalkForwardResult {
  readonly steps: readonly WalkForwardStep[];
  /** Times of the stitched curve: the bar before its first test bar, then every test bar it holds; empty when no window chose a set. */
  readonly time: Float64Array;
  /** Equity from `initialCapital`, compounding each test window's returns under that window's choice (up to the set's ruin, if any). */
  readonly equity: Float64Array;
  /** Metrics of the stitched curve; numTrades counts the trades closed on its bars, each once. */
  readonly outOfSample: SegmentMetrics;
  readonly parameterSets: number;
}

/**
 * Walk-forward analysis: on each train window, picks the parameter set with the best objective on
 * those bars (among the sets whose warm-up ends inside the window; the first on ties); applies it
 * on the following test window; stitches the test windows into one out-of-sample curve. Each set is
 * simulated once over the whole history (causal), and windows read its returns, so a choice never
 * depends on a bar of its own test window. Where test windows overlap, a bar belongs to the latest
 * window that tests it; the bars of a window that chose nothing, and those after the ruin (equity at
 * or below zero) of the set a window chose, are left out of the curve, which ends at its own ruin.
 * Validation, limits, progress and cancellation: see {@link planWalkForward} and {@link sweepSets}.
 */
export function walkForward(request: OptimizeRequest, windows: WalkForwardOptions & StudyLimits): WalkForwardResult {
  const plan = planWalkForward(request, windows);
  const { market, config, score } = plan.search;
  const periodsPerYear = config.periodsPerYear ?? inferPeriodsPerYear(market.time);
  const rf = config.riskFreeRate;
  const chosen = chooseOnTraining(plan, score, periodsPerYear, rf, request);
  const { n } = market;
  // The latest window testing a bar owns it; with a choice its returns fill stitched[i].
  const owner = new Int32Array(n).fill(-1);
  plan.splits.forEach((w, j) => owner.fill(j, w.testStart, w.testEnd));
  // NaN marks a bar the curve does not hold: untested, tested by a window without a choice, or past its set's ruin.
  const stitched = new Float64Array(n).fill(NaN);
  const outOfSample: SegmentMetrics[] = plan.splits.map(() => NO_SEGMENT);
  const scratch = rangeScratch(n);
  // Trades of the stitched curve: those closing on a bar it holds from the window that owns it
  // (overlapping test windows would otherwise count a trade once per window).
  let stitchedTrades = 0;
  replayChoices(
    plan,
    chosen,
    (set, j) => {
      const w = plan.splits[j];
      outOfSample[j] = metricsOnRanges(set, w.test, periodsPerYear, rf, scratch);
      // Bars after the set's ruin have no return to stitch; they stay out of the curve.
      const end = Math.min(w.testEnd, set.lastBar + 1);
      for (let i = w.testStart; i < end; i++) if (owner[i] === j) stitched[i] = set.returns[i];
      for (const x of set.tradeExitIndex) if (x >= w.testStart && x < end && owner[x] === j) stitchedTrades++;
    },
    request,
  );
  const steps: WalkForwardStep[] = plan.splits.map((w, j) => {
    const c = chosen[j];
    return {
      trainStart: w.trainStart,
      trainEnd: w.trainEnd,
      testStart: w.testStart,
      testEnd: w.testEnd,
      parameters: c ? plan.sets[c.set] : null,
      inSampleScore: c ? c.score : NaN,
      outOfSampleScore: c ? score(outOfSample[j]) : NaN,
      inSample: c ? c.metrics : NO_SEGMENT,
      outOfSample: outOfSample[j],
    };
  });
  // Without a single choice there is no curve, not even its starting point; a curve that reaches
  // zero equity ends there, since nothing compounds on an account that is gone.
  const time: number[] = [];
  const equity: number[] = [];
  for (let i = 0; i < n && !(equity.length && equity[equity.length - 1] <= 0); i++) {
    if (!Number.isFinite(stitched[i])) continue;
    if (!equity.length) {
      time.push(market.time[i - 1]);
      equity.push(config.initialCapital);
    }
    time.push(market.time[i]);
    equity.push(equity[equity.length - 1] * (1 + stitched[i]));
  }
  // The stitched curve is one series, so its metrics come from its own returns.
  const curve = { parameters: {}, returns: new Float64Array(equity.length), lastBar: equity.length - 1, tradeExitIndex: new Int32Array(0), tradePnl: new Float64Array(0) };
  for (let j = 1; j < equity.length; j++) curve.returns[j] = equity[j] / equity[j - 1] - 1;
  const whole = equity.length ? metricsOnRanges(curve, [[1, equity.length]], periodsPerYear, rf, rangeScratch(equity.length)) : NO_SEGMENT;
  return { steps, time: Float64Array.from(time), equity: Float64Array.from(equity), outOfSample: { ...whole, numTrades: stitchedTrades }, parameterSets: plan.sets.length };
}
