import { inferPeriodsPerYear } from '@nautilus/domain';
import { OptimizeRequest } from '../optimization/optimize';
import { NO_SEGMENT, SegmentMetrics } from '../optimization/objective';
import { chooseOnTraining, replayChoices } from './choose-on-training';
import { metricsOnRanges, rangeScratch } from './parameter-sweep';
import { CrossValidationOptions, planCrossValidation, StudyLimits } from './study-plan';

/** One fold of a cross-validation. */
export interface CrossValidationFold {
  readonly testStart: number;
  readonly testEnd: number;
  readonly trainBars: number;
  /** Null when no set could be scored on the training bars (every set's objective undefined, e.g. none traded). */
  readonly parameters: Readonly<Record<string, number | boolean>> | null;
  /** NaN without a choice. */
  readonly trainScore: number;
  readonly testScore: number;
  /** {@link NO_SEGMENT} without a choice. */
  readonly test: SegmentMetrics;
}

/** Cross-validation result: per fold scores, their mean and standard deviation. */
export interface CrossValidationResult {
  readonly folds: readonly CrossValidationFold[];
  /** Over the folds with a finite test score; NaN when none has one. */
  readonly meanTestScore: number;
  /** Sample standard deviation over the same folds; NaN for fewer than two. */
  readonly stdTestScore: number;
  /** Over the folds with a finite training score; NaN when none has one. */
  readonly meanTrainScore: number;
  readonly parameterSets: number;
}

const meanOf = (x: readonly number[]) => (x.length ? x.reduce((s, v) => s + v, 0) / x.length : NaN);

/**
 * Purged, embargoed k-fold cross-validation of a parameter search: for each fold the set with the
 * best objective on the training bars (every bar outside the test block, the purge before it and
 * the embargo after it; among the sets whose warm-up ends before the last of them) is scored on the
 * test block. Validation, limits, progress and cancellation: see {@link planCrossValidation} and
 * {@link sweepSets}.
 * @see M. López de Prado, Advances in Financial Machine Learning (2018), ch. 7
 */
export function crossValidate(request: OptimizeRequest, options: CrossValidationOptions & StudyLimits): CrossValidationResult {
  const plan = planCrossValidation(request, options);
  const { market, config, score } = plan.search;
  const periodsPerYear = config.periodsPerYear ?? inferPeriodsPerYear(market.time);
  const rf = config.riskFreeRate;
  const chosen = chooseOnTraining(plan, score, periodsPerYear, rf, request);
  const test: SegmentMetrics[] = plan.splits.map(() => NO_SEGMENT);
  const scratch = rangeScratch(market.n);
  replayChoices(plan, chosen, (set, j) => (test[j] = metricsOnRanges(set, plan.splits[j].test, periodsPerYear, rf, scratch)), request);
  const folds = plan.splits.map((f, j) => {
    const c = chosen[j];
    return {
      testStart: f.testStart,
      testEnd: f.testEnd,
      trainBars: f.trainBars,
      parameters: c ? plan.sets[c.set] : null,
      trainScore: c ? c.score : NaN,
      testScore: c ? score(test[j]) : NaN,
      test: test[j],
    };
  });
  const finite = folds.map((f) => f.testScore).filter((x) => Number.isFinite(x));
  const mean = meanOf(finite);
  const std = finite.length > 1 ? Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (finite.length - 1)) : NaN;
  const trainFinite = folds.map((f) => f.trainScore).filter((x) => Number.isFinite(x));
  return { folds, meanTestScore: mean, stdTestScore: std, meanTrainScore: meanOf(trainFinite), parameterSets: plan.sets.length };
}
