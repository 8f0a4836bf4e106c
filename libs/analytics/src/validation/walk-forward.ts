import { OptimizeRequest } from '../optimization/optimize';
import { SegmentMetrics } from '../optimization/objective';
import { metricsOnBars, SweptSet, sweepReturns } from './parameter-sweep';
import { walkForwardWindows, WalkForwardOptions } from './splitters';

/** One walk-forward step: the set chosen on the train window and how it did on the test window. */
export interface WalkForwardStep {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
  readonly parameters: Readonly<Record<string, number | boolean>>;
  readonly inSampleScore: number;
  readonly outOfSampleScore: number;
  readonly inSample: SegmentMetrics;
  readonly outOfSample: SegmentMetrics;
}

/** Walk-forward result: every step and the out-of-sample equity stitched from the test windows. */
export interface WalkForwardResult {
  readonly steps: readonly WalkForwardStep[];
  /** Times of the stitched curve: the bar before the first test window, then every test bar. */
  readonly time: Float64Array;
  /** Equity from `initialCapital`, compounding each test window's returns under that window's choice. */
  readonly equity: Float64Array;
  readonly outOfSample: SegmentMetrics;
  readonly parameterSets: number;
}

/**
 * Walk-forward analysis: on each train window, picks the parameter set with the best objective on
 * those bars; applies it on the following test window; stitches the test windows into one
 * out-of-sample curve. Each set is simulated once over the whole history (causal), and windows
 * read its returns, so a choice never depends on a bar of its own test window.
 */
export function walkForward(request: OptimizeRequest, windows: WalkForwardOptions): WalkForwardResult {
  const { plan, sets, periodsPerYear } = sweepReturns(request);
  const { market, config, score } = plan;
  const rf = config.riskFreeRate;
  const plannedWindows = walkForwardWindows(market.n, windows);
  const steps: WalkForwardStep[] = [];
  const chosenSets: SweptSet[] = [];
  for (const w of plannedWindows) {
    let best = sets[0];
    let bestScore = -Infinity;
    let bestMetrics: SegmentMetrics | undefined;
    for (const set of sets) {
      const m = metricsOnBars(set, () => true, w.trainStart, w.trainEnd, periodsPerYear, rf);
      const s = score(m);
      if (s > bestScore || bestMetrics === undefined) {
        best = set;
        bestScore = s;
        bestMetrics = m;
      }
    }
    const outOfSample = metricsOnBars(best, () => true, w.testStart, w.testEnd, periodsPerYear, rf);
    chosenSets.push(best);
    steps.push({ ...w, parameters: best.parameters, inSampleScore: bestScore, outOfSampleScore: score(outOfSample), inSample: bestMetrics as SegmentMetrics, outOfSample });
  }
  const first = plannedWindows[0].testStart;
  const last = plannedWindows[plannedWindows.length - 1].testEnd;
  const chosen = new Int32Array(market.n).fill(-1);
  steps.forEach((s, j) => chosen.fill(j, s.testStart, s.testEnd));
  const bars: number[] = [];
  for (let i = first; i < last; i++) if (chosen[i] >= 0) bars.push(i);
  const time = new Float64Array(bars.length + 1);
  const equity = new Float64Array(bars.length + 1);
  time[0] = market.time[first - 1];
  equity[0] = config.initialCapital;
  bars.forEach((i, j) => {
    time[j + 1] = market.time[i];
    equity[j + 1] = equity[j] * (1 + chosenSets[chosen[i]].returns[i]);
  });
  // The stitched curve is one series, so its metrics come from its own returns.
  const stitched = { parameters: {}, returns: new Float64Array(equity.length), tradeExitIndex: new Int32Array(0), tradePnl: new Float64Array(0) };
  for (let j = 1; j < equity.length; j++) stitched.returns[j] = equity[j] / equity[j - 1] - 1;
  const outOfSample = metricsOnBars(stitched, () => true, 1, equity.length, periodsPerYear, rf);
  const trades = steps.reduce((s, x) => s + x.outOfSample.numTrades, 0);
  return { steps, time, equity, outOfSample: { ...outOfSample, numTrades: trades }, parameterSets: sets.length };
}
