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
 * information from the test block.
 * @see M. López de Prado, Advances in Financial Machine Learning (2018), §7.4
 */
export function purgedKFold(n: number, k: number, purgeBars = 0, embargoBars = 0): PurgedFold[] {
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
    folds.push({ testStart, testEnd, train: Int32Array.from(train) });
  }
  return folds;
}
