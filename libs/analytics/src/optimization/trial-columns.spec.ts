import { loadSharedData } from '@nautilus/domain/testing';
import { optimize } from './optimize';
import { packTrials, unpackTrials } from './trial-columns';

describe('packTrials / unpackTrials', () => {
  const goog = loadSharedData('GOOG.csv');
  it.each([0.6, 1])('round-trips every trial of a search exactly, NaN scores and empty out-of-sample segments included (in-sample fraction %p)', (fraction) => {
    const r = optimize({ series: [goog], strategyId: 'sma_crossover', parameterRanges: { fast: [2, 5, 10, 400], slow: [20, 30, 1250, 2100] }, inSampleFraction: fraction });
    const back = unpackTrials(packTrials(r.trials), r.trials.map((t) => t.parameters));
    expect(back).toEqual(r.trials);
    back.forEach((t, i) => {
      expect(Object.is(t.inSampleScore, r.trials[i].inSampleScore)).toBe(true);
      expect(Object.is(t.outOfSampleScore, r.trials[i].outOfSampleScore)).toBe(true);
    });
    // Not vacuous: a slow SMA that only starts near the split cannot trade, so some score is -∞ (NaN Sharpe).
    expect(r.trials.some((t) => !Number.isFinite(t.inSampleScore))).toBe(true);
  });
});
