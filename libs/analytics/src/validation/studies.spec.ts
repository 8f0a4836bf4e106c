import { parseBacktestConfig, runStrategy, StrategyRegistry } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { crossValidate } from './cross-validation';
import { walkForward } from './walk-forward';

const goog = loadSharedData('GOOG.csv');
const registry = new StrategyRegistry();
const request = { series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [5, 10, 20], slow: [30, 60] } };

/** Sharpe of bars [a, b) of a fresh, independent run: the brute-force reference. */
function sharpeOn(params: Record<string, number | boolean>, a: number, b: number): number {
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

describe('crossValidate', () => {
  const cv = crossValidate(request, 4, 10, 20);

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
