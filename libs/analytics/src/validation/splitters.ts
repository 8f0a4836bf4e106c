import { ValidationError } from '@nautilus/domain';

/** One walk-forward window: train on [trainStart, trainEnd), test on [testStart, testEnd). */
export interface WalkForwardWindow {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
}

/** Options of {@link walkForwardWindows}; lengths in bars. */
export interface WalkForwardOptions {
  readonly trainBars: number;
  readonly testBars: number;
  /** Bars between window starts; defaults to testBars, so test windows tile without overlap. */
  readonly stepBars?: number;
  /** Anchored windows all train from bar 0; rolling ones keep trainBars. */
  readonly anchored?: boolean;
  /**
   * Bars before the quickest parameter set can hold a position (default 0): the first train window
   * must reach past them, or no set could be scored on it.
   */
  readonly warmupBars?: number;
}

function positiveInt(field: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValidationError(field, 'an integer ≥ 1', String(v));
}

/**
 * Returns the walk-forward windows over n bars: each test window starts where its train window
 * ends, so no test bar is ever trained on. The last window is dropped if its test part would run
 * past the data.
 * @see R. Pardo, The Evaluation and Optimization of Trading Strategies (2008), ch. 11
 */
export function walkForwardWindows(n: number, options: WalkForwardOptions): WalkForwardWindow[] {
  const { trainBars, testBars } = options;
  const step = options.stepBars ?? testBars;
  positiveInt('train_bars', trainBars);
  positiveInt('test_bars', testBars);
  positiveInt('step_bars', step);
  const warmup = options.warmupBars ?? 0;
  // Later train windows end later, so the first one is the only one the warm-up can leave without a bar.
  if (trainBars <= warmup) {
    throw new ValidationError('train_bars', `more than ${warmup} bars, the shortest warm-up of the parameter sets, so that the first train window has a bar to score`, String(trainBars));
  }
  const windows: WalkForwardWindow[] = [];
  for (let testStart = trainBars; testStart + testBars <= n; testStart += step) {
    windows.push({ trainStart: options.anchored ? 0 : testStart - trainBars, trainEnd: testStart, testStart, testEnd: testStart + testBars });
  }
  if (windows.length === 0) {
    throw new ValidationError('train_bars', `train_bars + test_bars ≤ the ${n} bars available`, `${trainBars} + ${testBars}`);
  }
  return windows;
}

/** One fold: test on [testStart, testEnd); train on `train` (sorted bar indices). */
export interface PurgedFold {
  readonly testStart: number;
  readonly testEnd: number;
  readonly train: Int32Array;
}

/**
 * Returns k contiguous test folds over n bars with purged and embargoed training sets: training
 * drops the `purgeBars` bars before each test block (whose outcomes overlap it) and the
 * `embargoBars` after it (whose indicators were computed from it), so no training bar carries
 * information from the test block. Every fold must keep a training bar after `warmupBars` (the
 * shortest warm-up of the parameter sets; bar 0, which has no return, never counts): otherwise a
 * {@link ValidationError} names the purge, the embargo or the number of folds that emptied it.
 * @see M. López de Prado, Advances in Financial Machine Learning (2018), §7.4
 */
export function purgedKFold(n: number, k: number, purgeBars = 0, embargoBars = 0, warmupBars = 0): PurgedFold[] {
  positiveInt('folds', k);
  if (k < 2) throw new ValidationError('folds', 'an integer ≥ 2', String(k));
  if (n < 2 * k) throw new ValidationError('folds', `at most ${Math.floor(n / 2)} folds for ${n} bars`, String(k));
  if (!Number.isInteger(purgeBars) || purgeBars < 0) throw new ValidationError('purge_bars', 'an integer ≥ 0', String(purgeBars));
  if (!Number.isInteger(embargoBars) || embargoBars < 0) throw new ValidationError('embargo_bars', 'an integer ≥ 0', String(embargoBars));
  const folds: PurgedFold[] = [];
  for (let f = 0; f < k; f++) {
    const testStart = Math.floor((f * n) / k);
    const testEnd = Math.floor(((f + 1) * n) / k);
    const lo = testStart - purgeBars;
    const hi = testEnd + embargoBars;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (i < lo || i >= hi) train.push(i);
    checkTrainingBars(n, k, f, testStart, testEnd, purgeBars, embargoBars, warmupBars);
    folds.push({ testStart, testEnd, train: Int32Array.from(train) });
  }
  return folds;
}

/** Throws when fold f keeps no training bar at or after max(1, warmupBars), naming what removed the last ones. */
function checkTrainingBars(n: number, k: number, f: number, testStart: number, testEnd: number, purgeBars: number, embargoBars: number, warmupBars: number): void {
  const first = Math.max(1, warmupBars);
  const before = (purge: number) => Math.max(0, testStart - purge - first);
  const after = (embargo: number) => Math.max(0, n - Math.max(testEnd + embargo, first));
  if (before(purgeBars) + after(embargoBars) > 0) return;
  const fold = `fold ${f + 1} of ${k} (test bars ${testStart}–${testEnd - 1})`;
  const warm = warmupBars > 0 ? ` after the ${warmupBars}-bar warm-up of the quickest parameter set` : '';
  if (before(0) > 0) throw new ValidationError('purge_bars', `at most ${testStart - first - 1}, so that ${fold} keeps a training bar${warm}`, String(purgeBars));
  if (after(0) > 0) throw new ValidationError('embargo_bars', `at most ${n - testEnd - 1}, so that ${fold} keeps a training bar${warm}`, String(embargoBars));
  throw new ValidationError('folds', `more folds, so that ${fold} keeps a training bar${warm}`, String(k));
}
