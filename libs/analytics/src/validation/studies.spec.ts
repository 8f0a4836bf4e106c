import { CancelledError, createBarSeries, parseBacktestConfig, runStrategy, StrategyRegistry, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { NO_SEGMENT } from '../optimization/objective';
import { OptimizeRequest } from '../optimization/optimize';
import { shockSeries } from '../stress/shock-series';
import { crossValidate } from './cross-validation';
import { DEFAULT_MAX_STUDY_EVALUATIONS, planCrossValidation, planWalkForward } from './study-plan';
import { walkForward } from './walk-forward';

const goog = loadSharedData('GOOG.csv');
const registry = new StrategyRegistry();
const request = { series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [5, 10, 20], slow: [30, 60] } };

/** Sharpe of bars [a, b) of a fresh, independent run: the brute-force reference. */
function sharpeOn(params: Readonly<Record<string, number | boolean>> | null, a: number, b: number): number {
  if (!params) throw new Error('no parameters chosen');
  const run = runStrategy(parseBacktestConfig({}), [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', params));
  const r: number[] = [];
  for (let i = Math.max(1, a); i < b; i++) r.push(run.equity[i] / run.equity[i - 1] - 1);
  const m = r.reduce((s, x) => s + x, 0) / r.length;
  const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1));
  return (m / sd) * Math.sqrt(252);
}

describe('walkForward', () => {
  const wf = walkForward(request, { trainBars: 500, testBars: 250 });

  it('chooses on each train window the set a brute-force search would choose', () => {
    expect(wf.steps).toHaveLength(6);
    for (const step of wf.steps.slice(0, 3)) {
      const candidates = [5, 10, 20].flatMap((fast) => [30, 60].map((slow) => ({ fast, slow })));
      const scores = candidates.map((c) => sharpeOn(c, step.trainStart, step.trainEnd));
      const best = candidates[scores.indexOf(Math.max(...scores))];
      expect(step.parameters).toMatchObject(best);
      expect(step.inSampleScore).toBeCloseTo(Math.max(...scores), 9);
      expect(step.outOfSample.sharpeRatio).toBeCloseTo(sharpeOn(step.parameters, step.testStart, step.testEnd), 9);
    }
  });

  it('stitches the test windows into one out-of-sample curve', () => {
    const product = wf.steps.reduce((p, s) => p * (1 + s.outOfSample.totalReturn), 1);
    expect(wf.equity[wf.equity.length - 1] / wf.equity[0]).toBeCloseTo(product, 9);
    expect(wf.equity.length).toBe(6 * 250 + 1);
    expect(wf.time[0]).toBe(goog.time[499]);
    expect(wf.outOfSample.totalReturn).toBeCloseTo(product - 1, 9);
    for (const s of wf.steps) expect(s.trainEnd).toBeLessThanOrEqual(s.testStart);
  });
});

describe('walkForward with overlapping test windows', () => {
  it('counts each trade of the stitched curve once: on the bar it closes, from the window that owns that bar', () => {
    // Test windows of 250 bars every 100: each bar belongs to the latest window that tests it.
    const wf = walkForward(request, { trainBars: 500, testBars: 250, stepBars: 100 });
    const owner = new Int32Array(goog.length).fill(-1);
    wf.steps.forEach((s, j) => owner.fill(j, s.testStart, s.testEnd));
    let expected = 0;
    wf.steps.forEach((s, j) => {
      const run = runStrategy(parseBacktestConfig({}), [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', s.parameters ?? {}));
      for (let t = 0; t < run.trades.length; t++) {
        const x = run.trades.exitIndex[t];
        if (x >= s.testStart && x < s.testEnd && owner[x] === j) expected++;
      }
    });
    expect(wf.outOfSample.numTrades).toBe(expected);
    // Not vacuous: summing the windows' own counts counts the shared bars' trades again.
    expect(wf.steps.reduce((n, s) => n + s.outOfSample.numTrades, 0)).toBeGreaterThan(expected);
  });
});

describe('crossValidate', () => {
  const cv = crossValidate(request, { folds: 4, purgeBars: 10, embargoBars: 20 });

  it('scores each fold on its test block with the set that was best on the purged training bars', () => {
    expect(cv.folds).toHaveLength(4);
    expect(cv.folds[0].trainBars).toBe(2148 - (537 + 20));
    expect(cv.folds[1].trainBars).toBe(2148 - (10 + 537 + 20));
    for (const f of cv.folds) expect(f.test.sharpeRatio).toBeCloseTo(sharpeOn(f.parameters, f.testStart, f.testEnd), 9);
  });

  it('summarises the folds by mean and dispersion', () => {
    const scores = cv.folds.map((f) => f.testScore);
    const mean = scores.reduce((s, x) => s + x, 0) / 4;
    expect(cv.meanTestScore).toBeCloseTo(mean, 12);
    expect(cv.stdTestScore).toBeCloseTo(Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / 3), 12);
    expect(cv.parameterSets).toBe(6);
  });
});

/** Weekday bars: flat at 100 for `flat` bars, then a 20-bar sine wave of ±10 %, so SMAs cross only in the wave. */
function flatThenWave(flat: number, n: number) {
  const close = Array.from({ length: n }, (_, i) => (i < flat ? 100 : 100 * (1 + 0.1 * Math.sin((2 * Math.PI * (i - flat)) / 20))));
  const time: number[] = [];
  for (let t = Date.UTC(2001, 0, 1); time.length < n; t += 86_400_000) if (![0, 6].includes(new Date(t).getUTCDay())) time.push(t);
  return createBarSeries('WAVE', { time, open: close, high: close.map((c) => c * 1.001), low: close.map((c) => c * 0.999), close });
}

describe('walkForward: windows without usable training bars', () => {
  it.each([
    // sma_crossover's warm-up is `slow` bars: the quickest set of fast [5, 10, 20] × slow [30, 60] needs 30.
    [{ fast: [5, 10, 20], slow: [30, 60] }, 5, 'train_bars: expected more than 30 bars, the shortest warm-up of the parameter sets, so that the first train window has a bar to score, found 5'],
    [{ fast: [10], slow: [300] }, 200, 'train_bars: expected more than 300 bars, the shortest warm-up of the parameter sets, so that the first train window has a bar to score, found 200'],
  ])('are refused at plan time, naming train_bars (%j, train_bars %p)', (parameterRanges, trainBars, message) => {
    const r = { ...request, parameterRanges };
    expect(() => planWalkForward(r, { trainBars, testBars: 100 })).toThrow(ValidationError);
    expect(() => planWalkForward(r, { trainBars, testBars: 100 })).toThrow(message);
    expect(() => walkForward(r, { trainBars, testBars: 100 })).toThrow(message);
    expect(planWalkForward(r, { trainBars: trainBars + 1000, testBars: 100 }).splits.length).toBeGreaterThan(0);
  });

  it('does not let a set whose warm-up covers the train window win with a return it never risked', () => {
    // Target max_drawdown: a set that cannot trade yet (slow 600 on train bars 0–499) has a flat curve, drawdown 0,
    // the best score there is. It is not scored on that window, so window 1 chooses among the slow-30 sets.
    const wf = walkForward({ ...request, parameterRanges: { fast: [5, 10, 20], slow: [30, 600] }, target: 'max_drawdown' }, { trainBars: 500, testBars: 250 });
    expect(wf.steps[0].parameters?.slow).toBe(30);
    const scores = [5, 10, 20].map((fast) => optimizeScore({ fast, slow: 30 }, 500));
    expect(wf.steps[0].inSampleScore).toBeCloseTo(Math.max(...scores), 12);
  });

  it('reports no choice (null parameters, NaN scores) in a window where no set can be scored, and leaves its test bars out of the stitched curve', () => {
    const series = [flatThenWave(300, 600)];
    const wf = walkForward({ series, strategyId: 'sma_crossover', parameterRanges: { fast: [2, 3], slow: [5, 8] } }, { trainBars: 200, testBars: 100 });
    // Tests start at 200, 300, 400, 500. Train windows [0, 200) and [100, 300) are flat: no set trades, every Sharpe is NaN.
    expect(wf.steps.map((s) => s.testStart)).toEqual([200, 300, 400, 500]);
    for (const s of wf.steps.slice(0, 2)) {
      expect(s.parameters).toBeNull();
      expect(s.inSampleScore).toBeNaN();
      expect(s.outOfSampleScore).toBeNaN();
      expect(s.outOfSample).toEqual(NO_SEGMENT);
    }
    for (const s of wf.steps.slice(2)) expect(s.parameters).not.toBeNull();
    // The curve holds the 200 test bars 400–599 of the two windows that chose, from the close of bar 399.
    expect(wf.equity.length).toBe(201);
    expect(wf.time[0]).toBe(series[0].time[399]);
    const product = wf.steps.slice(2).reduce((p, s) => p * (1 + s.outOfSample.totalReturn), 1);
    expect(wf.outOfSample.totalReturn).toBeCloseTo(product - 1, 12);
    // Flat throughout: no window chooses, so there is no curve at all.
    const none = walkForward({ series: [flatThenWave(600, 600)], strategyId: 'sma_crossover', parameterRanges: { fast: [2, 3], slow: [5, 8] } }, { trainBars: 200, testBars: 100 });
    expect(none.steps.every((s) => s.parameters === null)).toBe(true);
    expect([none.time.length, none.equity.length]).toEqual([0, 0]);
    expect(none.outOfSample).toEqual(NO_SEGMENT);
  });
});

/** In-sample max drawdown of one sma_crossover set on GOOG bars [0, split), as a brute-force run measures it. */
function optimizeScore(params: Record<string, number>, split: number): number {
  const run = runStrategy(parseBacktestConfig({}), [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', params));
  let peak = -Infinity;
  let dd = 0;
  for (let i = 0; i < split; i++) {
    peak = Math.max(peak, run.equity[i]);
    dd = Math.min(dd, run.equity[i] / peak - 1);
  }
  return dd;
}

describe('crossValidate: folds without usable training bars', () => {
  it('refuses a purge that empties the last fold, naming purge_bars with the largest that keeps a bar', () => {
    // 2,148 bars in 2 folds: fold 2 tests bars 1074–2147 and trains on [0, 1074 − purge). The quickest set needs 30
    // bars of warm-up, so bars 30 … 1073 − purge must not be empty: purge ≤ 1074 − 30 − 1 = 1043.
    expect(() => planCrossValidation(request, { folds: 2, purgeBars: 1044 })).toThrow(
      'purge_bars: expected at most 1043, so that fold 2 of 2 (test bars 1074–2147) keeps a training bar after the 30-bar warm-up of the quickest parameter set, found 1044',
    );
    const cv = crossValidate(request, { folds: 2, purgeBars: 1043 });
    // Fold 2 trains on bars 0–30, of which only bar 30 comes after a warm-up (of the slow-30 sets): no SMA has crossed
    // yet, no set holds a position, so none can be scored. The fold chooses nothing and the summary is fold 1's alone.
    expect(cv.folds[1].trainBars).toBe(31);
    expect(cv.folds[1].parameters).toBeNull();
    expect(cv.folds[1].testScore).toBeNaN();
    expect(cv.folds[0].parameters).not.toBeNull();
    expect(cv.meanTestScore).toBe(cv.folds[0].testScore);
    expect(cv.meanTrainScore).toBe(cv.folds[0].trainScore);
    expect(cv.stdTestScore).toBeNaN();
  });

  it('refuses an embargo that leaves a fold no training bar (the probe: train_bars 0), naming embargo_bars', () => {
    // 5 folds: fold 1 tests bars 0–428 (⌊2148/5⌋ = 429) and trains on [429 + embargo, 2148): embargo ≤ 2148 − 429 − 1 = 1718.
    expect(() => crossValidate(request, { folds: 5, purgeBars: 2000, embargoBars: 2000 })).toThrow(
      'embargo_bars: expected at most 1718, so that fold 1 of 5 (test bars 0–428) keeps a training bar after the 30-bar warm-up of the quickest parameter set, found 2000',
    );
  });
});

describe('study limits, progress and cancellation', () => {
  it('refuses more evaluations (windows × parameter sets) than max_study_evaluations, and by default the probe that ran for 472 s', () => {
    // fast 2…10 (9 values) × slow {30, 40}: 18 sets. Windows test at bars 100, 101, …, 2147: 2,048 of them.
    const small = { ...request, parameterRanges: { fast: { min: 2, max: 10, step: 1 }, slow: [30, 40] } };
    expect(() => planWalkForward(small, { trainBars: 100, testBars: 1, stepBars: 1, maxEvaluations: 10_000 })).toThrow(
      'parameter_ranges: expected at most 10000 evaluations (windows × parameter sets, max_study_evaluations): fewer parameter sets, or fewer windows (a larger step_bars), found 2048 windows × 18 parameter sets = 36864',
    );
    expect(planWalkForward(small, { trainBars: 100, testBars: 1, stepBars: 1, maxEvaluations: 36_864 }).splits).toHaveLength(2048);
    // fast 2…100 × slow 3…300 with fast < slow: Σ_{f=2}^{100} (300 − f) = 29,700 − 5,049 = 24,651 sets × 2,048 windows.
    const probe = { ...request, parameterRanges: { fast: { min: 2, max: 100, step: 1 }, slow: { min: 3, max: 300, step: 1 } } };
    expect(DEFAULT_MAX_STUDY_EVALUATIONS).toBe(1_000_000);
    expect(() => planWalkForward(probe, { trainBars: 100, testBars: 1, stepBars: 1 })).toThrow('found 2048 windows × 24651 parameter sets = 50485248');
    // 3 folds × 6 sets = 18.
    expect(() => planCrossValidation(request, { folds: 3, maxEvaluations: 17 })).toThrow('found 3 folds × 6 parameter sets = 18');
  });

  it.each(['walk_forward', 'cross_validation'])('%s reports progress as parameter sets done, from 0 to all, and stops when cancelled', (kind) => {
    const run = (control: Pick<OptimizeRequest, 'onProgress' | 'shouldCancel'>) =>
      kind === 'walk_forward' ? walkForward({ ...request, ...control }, { trainBars: 500, testBars: 250 }) : crossValidate({ ...request, ...control }, { folds: 4 });
    const seen: [number, number][] = [];
    run({ onProgress: (done, total) => seen.push([done, total]) });
    // 6 sets: one report per set (each is a new percent), then the end.
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => [d, 6]));
    let polls = 0;
    expect(() => run({ shouldCancel: () => ++polls > 3 })).toThrow(CancelledError);
    expect(polls).toBe(4);
  });
});

describe('walkForward: a run that loses the whole account', () => {
  // GOOG with its price quadrupled (+300 %) at bar 1074: sma_crossover 10/30 with shorts is short there, and its
  // equity falls from 66,037.77 to −9,027.43 on that bar. Past it a "return" would be a ratio of debts.
  const shocked = shockSeries(goog, { shock: 3, startIndex: 1074, durationBars: 1, volatilityMultiplier: 1 });
  const wf = walkForward({ series: [shocked], strategyId: 'sma_crossover', baseParameters: { allow_short: true }, parameterRanges: { fast: [10], slow: [30] } }, { trainBars: 500, testBars: 250 });
  const run = runStrategy(parseBacktestConfig({}), [shocked], registry.get('sma_crossover'), registry.parameters('sma_crossover', { fast: 10, slow: 30, allow_short: true }));

  it('is read up to its ruin, as computeStats reads it, and not scored on windows that start after it', () => {
    expect(run.equity.findIndex((e) => e <= 0)).toBe(1074);
    // Train [1000, 1500) holds bars 1000…1074 of it: 74 returns, the last the fall through zero.
    const step = wf.steps.find((s) => s.trainStart === 1000);
    expect(step?.inSample.totalReturn).toBeCloseTo(run.equity[1074] / run.equity[999] - 1, 12);
    // Train [1250, 1750) starts past the ruin: nothing to score, no choice.
    expect(wf.steps.find((s) => s.trainStart === 1250)?.parameters).toBeNull();
  });

  it('ends the stitched curve at the ruin, on the bar where it reached zero equity', () => {
    // Test windows start at 500; bars 500…1074 are compounded from 10,000, and the account is gone on bar 1074.
    expect(wf.equity.length).toBe(1074 - 500 + 2);
    expect(wf.time[wf.time.length - 1]).toBe(shocked.time[1074]);
    expect(wf.equity[wf.equity.length - 1]).toBeCloseTo((10_000 * run.equity[1074]) / run.equity[499], 6);
    expect(wf.equity[wf.equity.length - 1]).toBeLessThan(0);
  });
});
