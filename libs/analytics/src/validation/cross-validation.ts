import { OptimizeRequest } from '../optimization/optimize';
import { SegmentMetrics } from '../optimization/objective';
import { metricsOnBars, sweepReturns } from './parameter-sweep';
import { purgedKFold } from './splitters';

/** One fold of a cross-validation. */
export interface CrossValidationFold {
  readonly testStart: number;
  readonly testEnd: number;
  readonly trainBars: number;
  readonly parameters: Readonly<Record<string, number | boolean>>;
  readonly trainScore: number;
  readonly testScore: number;
  readonly test: SegmentMetrics;
}

/** Cross-validation result: per fold scores, their mean and standard deviation. */
export interface CrossValidationResult {
  readonly folds: readonly CrossValidationFold[];
  readonly meanTestScore: number;
  readonly stdTestScore: number;
  readonly meanTrainScore: number;
  readonly parameterSets: number;
}

/**
 * Purged, embargoed k-fold cross-validation of a parameter search: for each fold the set with the
 * best objective on the training bars (every bar outside the test block, the purge before it and
 * the embargo after it) is scored on the test block.
 * @see M. López de Prado, Advances in Financial Machine Learning (2018), ch. 7
 */
export function crossValidate(request: OptimizeRequest, folds: number, purgeBars = 0, embargoBars = 0): CrossValidationResult {
  const { plan, sets, periodsPerYear } = sweepReturns(request);
  const { market, config, score } = plan;
  const rf = config.riskFreeRate;
  const out: CrossValidationFold[] = [];
  for (const fold of purgedKFold(market.n, folds, purgeBars, embargoBars)) {
    const inTrain = new Uint8Array(market.n);
    for (const i of fold.train) inTrain[i] = 1;
    let best = sets[0];
    let bestScore = -Infinity;
    for (const set of sets) {
      const s = score(metricsOnBars(set, (i) => inTrain[i] === 1, 0, market.n, periodsPerYear, rf));
      if (s > bestScore) {
        best = set;
        bestScore = s;
      }
    }
    const test = metricsOnBars(best, () => true, fold.testStart, fold.testEnd, periodsPerYear, rf);
    out.push({ testStart: fold.testStart, testEnd: fold.testEnd, trainBars: fold.train.length, parameters: best.parameters, trainScore: bestScore, testScore: score(test), test });
  }
  const finite = out.map((f) => f.testScore).filter((x) => Number.isFinite(x));
  const mean = finite.reduce((s, x) => s + x, 0) / finite.length;
  const std = finite.length > 1 ? Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (finite.length - 1)) : NaN;
  const trainFinite = out.map((f) => f.trainScore).filter((x) => Number.isFinite(x));
  return { folds: out, meanTestScore: mean, stdTestScore: std, meanTrainScore: trainFinite.reduce((s, x) => s + x, 0) / trainFinite.length, parameterSets: sets.length };
}
