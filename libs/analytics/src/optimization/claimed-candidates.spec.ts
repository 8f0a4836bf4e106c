import { CancelledError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { evaluateClaimed } from './claimed-candidates';
import { evaluateCandidates, prepareSearch } from './optimize';

describe('evaluateClaimed', () => {
  const { evaluator, sets } = prepareSearch({
    series: [loadSharedData('GOOG.csv')],
    strategyId: 'sma_crossover',
    parameterRanges: { fast: { min: 2, max: 12, step: 1 }, slow: { min: 20, max: 60, step: 10 } },
  });
  const counter = (at = 0) => {
    const next = new Int32Array(new SharedArrayBuffer(4));
    next[0] = at;
    return next;
  };

  it('claims chunks from the shared counter until none is left, each evaluated as evaluateCandidates does', () => {
    expect(sets).toHaveLength(55);
    const next = counter();
    const { starts, trials } = evaluateClaimed(evaluator, sets, next, 8);
    expect(starts).toEqual([0, 8, 16, 24, 32, 40, 48]);
    expect(trials).toEqual(evaluateCandidates(evaluator, sets));
    expect(next[0]).toBeGreaterThanOrEqual(sets.length);
  });

  it('leaves the chunks another thread already claimed', () => {
    // Another thread took [0, 16): this one gets the rest, the last chunk cut at the end.
    const { starts, trials } = evaluateClaimed(evaluator, sets, counter(16), 16);
    expect(starts).toEqual([16, 32, 48]);
    expect(trials).toEqual(evaluateCandidates(evaluator, sets, 16, 55));
  });

  it('on cancel, exhausts the counter so the other threads stop, and throws', () => {
    const next = counter();
    let polls = 0;
    const cancel = () => evaluateClaimed(evaluator, sets, next, 8, { shouldCancel: () => ++polls > 2 });
    expect(cancel).toThrow(CancelledError);
    // Two chunks of 8 were claimed before the third poll cancelled.
    polls = 0;
    next[0] = 0;
    expect(cancel).toThrow(/after 16 of 55 parameter sets/);
    expect(next[0]).toBeGreaterThanOrEqual(sets.length);
  });
});
