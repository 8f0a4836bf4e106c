import { ValidationError } from '@nautilus/domain';
import { candidateSets, OptimizeRequest, planSearch, SearchPlan } from '../optimization/optimize';
import { BarRanges } from './parameter-sweep';
import { purgedKFold, walkForwardWindows, WalkForwardOptions, WalkForwardWindow } from './splitters';

/**
 * Largest number of scorings (windows or folds × parameter sets) a walk-forward or a
 * cross-validation accepts by default. Each scoring reads one set's returns over one training
 * window or fold, so this bounds the study's time: about 17 ns a training bar on the development
 * machine, so 1,000,000 scorings of 500-bar windows take some 17 s, of 2,000-bar folds some 35 s.
 */
export const DEFAULT_MAX_STUDY_EVALUATIONS = 1_000_000;

/** The cap on a study's work, configurable like `maxGridSize`. */
export interface StudyLimits {
  /** Windows (or folds) × parameter sets accepted (default {@link DEFAULT_MAX_STUDY_EVALUATIONS}). */
  readonly maxEvaluations?: number;
}

/** What a study runs: the search, its candidate sets in grid order with their warm-ups, and where each is scored. */
export interface StudyPlan<Split> {
  readonly search: SearchPlan;
  readonly sets: readonly Readonly<Record<string, number | boolean>>[];
  /** Warm-up in bars of each set (bars before it can hold a position). */
  readonly warmups: Int32Array;
  readonly splits: readonly Split[];
}

/** A walk-forward window with the bars it trains and tests on. */
export interface PlannedWindow extends WalkForwardWindow {
  readonly train: BarRanges;
  readonly test: BarRanges;
}

/** A cross-validation fold: its test block, its purged training bars as ranges, and their count. */
export interface PlannedFold {
  readonly testStart: number;
  readonly testEnd: number;
  readonly trainBars: number;
  readonly train: BarRanges;
  readonly test: BarRanges;
}

/** Settings of a cross-validation. */
export interface CrossValidationOptions {
  readonly folds: number;
  readonly purgeBars?: number;
  readonly embargoBars?: number;
}

/** Plans the search of a study: every grid point that passes the constraints and fits its warm-up in the history. */
function planSets(request: OptimizeRequest): Omit<StudyPlan<never>, 'splits'> & { shortestWarmup: number } {
  const search = planSearch({ ...request, method: 'grid', inSampleFraction: 1 });
  const { sets } = candidateSets(search);
  const warmups = Int32Array.from(sets, (p) => search.definition.warmupBars(p));
  return { search, sets, warmups, shortestWarmup: warmups.reduce((a, b) => Math.min(a, b), Infinity) };
}

function checkEvaluations(splits: number, what: string, sets: number, limits: StudyLimits, fewer: string): void {
  const max = limits.maxEvaluations ?? DEFAULT_MAX_STUDY_EVALUATIONS;
  if (splits * sets > max) {
    throw new ValidationError('parameter_ranges', `at most ${max} evaluations (${what} × parameter sets, max_study_evaluations): fewer parameter sets, or ${fewer}`, `${splits} ${what} × ${sets} parameter sets = ${splits * sets}`);
  }
}

/**
 * Validates a walk-forward study without running it and returns its plan. Beyond the search's own
 * checks ({@link planSearch}), the first train window must reach past the shortest warm-up
 * (`train_bars`), and windows × parameter sets must stay within `maxEvaluations`
 * (`parameter_ranges`). The service calls it at submit, so such a request is a 400, not a job.
 */
export function planWalkForward(request: OptimizeRequest, options: WalkForwardOptions & StudyLimits): StudyPlan<PlannedWindow> {
  const { search, sets, warmups, shortestWarmup } = planSets(request);
  const windows = walkForwardWindows(search.market.n, { ...options, warmupBars: shortestWarmup });
  checkEvaluations(windows.length, 'windows', sets.length, options, 'fewer windows (a larger step_bars)');
  const splits = windows.map((w) => ({ ...w, train: [[w.trainStart, w.trainEnd]] as const, test: [[w.testStart, w.testEnd]] as const }));
  return { search, sets, warmups, splits };
}

/**
 * Validates a cross-validation without running it and returns its plan. Beyond the search's own
 * checks, every fold must keep a training bar after the shortest warm-up (`purge_bars`,
 * `embargo_bars` or `folds`, see {@link purgedKFold}), and folds × parameter sets must stay within
 * `maxEvaluations` (`parameter_ranges`). The service calls it at submit.
 */
export function planCrossValidation(request: OptimizeRequest, options: CrossValidationOptions & StudyLimits): StudyPlan<PlannedFold> {
  const { search, sets, warmups, shortestWarmup } = planSets(request);
  const { n } = search.market;
  const purge = options.purgeBars ?? 0;
  const embargo = options.embargoBars ?? 0;
  const folds = purgedKFold(n, options.folds, purge, embargo, shortestWarmup);
  checkEvaluations(folds.length, 'folds', sets.length, options, 'fewer folds');
  const splits = folds.map((f) => ({
    testStart: f.testStart,
    testEnd: f.testEnd,
    trainBars: f.train.length,
    // The training bars are those before the purge and those after the embargo.
    train: [
      [0, Math.max(0, f.testStart - purge)],
      [Math.min(n, f.testEnd + embargo), n],
    ] as const,
    test: [[f.testStart, f.testEnd]] as const,
  }));
  return { search, sets, warmups, splits };
}
