import { SegmentMetrics } from '../optimization/objective';
import { BarRanges, metricsOnRanges, rangeScratch, StudyControl, SweptSet, sweepSets, usableBars } from './parameter-sweep';
import { StudyPlan } from './study-plan';

/** The set a window or fold chose: its index in the plan's sets, and its score and metrics on the training bars. */
export interface Choice {
  readonly set: number;
  readonly score: number;
  readonly metrics: SegmentMetrics;
}

/**
 * Returns, for each split of a study, the set with the best objective on its training bars (the
 * first on ties), or undefined when no set's objective is defined there (every score −∞: none
 * traded, or flat curves). A set whose warm-up covers all of a split's training bars is not scored
 * on it: it could not have held a position, and a return of 0 it never risked must not win.
 * Runs every set once ({@link sweepSets}, which reports progress and polls cancellation).
 */
export function chooseOnTraining(
  plan: StudyPlan<{ readonly train: BarRanges }>,
  score: (m: SegmentMetrics) => number,
  periodsPerYear: number,
  riskFreeRate: number,
  control: StudyControl,
): (Choice | undefined)[] {
  const best: (Choice | undefined)[] = plan.splits.map(() => undefined);
  const scratch = rangeScratch(plan.search.market.n);
  sweepSets(
    plan.search,
    plan.sets,
    (set, s) => {
      plan.splits.forEach((split, j) => {
        if (usableBars(split.train, plan.warmups[s]) === 0) return;
        const metrics = metricsOnRanges(set, split.train, periodsPerYear, riskFreeRate, scratch);
        const value = score(metrics);
        if (value > (best[j]?.score ?? -Infinity)) best[j] = { set: s, score: value, metrics };
      });
    },
    control,
  );
  return best;
}

/**
 * Runs each chosen set once more and calls `visit` with its run for every split that chose it, in
 * split order per set: the test side of a study, which reads only the few sets that won somewhere.
 */
export function replayChoices(plan: StudyPlan<unknown>, chosen: readonly (Choice | undefined)[], visit: (set: SweptSet, split: number) => void, control: StudyControl): void {
  const distinct = [...new Set(chosen.flatMap((c) => (c ? [c.set] : [])))].sort((a, b) => a - b);
  sweepSets(
    plan.search,
    plan.sets,
    (set, s) => {
      chosen.forEach((c, j) => {
        if (c?.set === s) visit(set, j);
      });
    },
    { shouldCancel: control.shouldCancel },
    distinct,
  );
}
