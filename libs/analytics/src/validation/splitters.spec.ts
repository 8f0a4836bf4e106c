import { purgedKFold, walkForwardWindows } from './splitters';

describe('walkForwardWindows', () => {
  it('rolls train windows forward, each test window right after its train window', () => {
    // 100 bars, train 40, test 20: tests at 40–60 and 60–80 and 80–100.
    expect(walkForwardWindows(100, { trainBars: 40, testBars: 20 })).toEqual([
      { trainStart: 0, trainEnd: 40, testStart: 40, testEnd: 60 },
      { trainStart: 20, trainEnd: 60, testStart: 60, testEnd: 80 },
      { trainStart: 40, trainEnd: 80, testStart: 80, testEnd: 100 },
    ]);
  });

  it('anchors every train window at bar 0 when asked, and drops a window that would overrun', () => {
    const w = walkForwardWindows(95, { trainBars: 40, testBars: 20, anchored: true });
    expect(w.map((x) => [x.trainStart, x.trainEnd, x.testEnd])).toEqual([
      [0, 40, 60],
      [0, 60, 80],
    ]);
  });

  it('never tests on a bar it trained on in the same window', () => {
    for (const x of walkForwardWindows(500, { trainBars: 120, testBars: 30, stepBars: 25 })) {
      expect(x.trainEnd).toBeLessThanOrEqual(x.testStart);
    }
  });

  it('names the field of impossible windows', () => {
    expect(() => walkForwardWindows(50, { trainBars: 40, testBars: 20 })).toThrow(/train_bars/);
    expect(() => walkForwardWindows(50, { trainBars: 0, testBars: 20 })).toThrow(/train_bars: expected an integer ≥ 1/);
  });
});

describe('purgedKFold', () => {
  it('covers every bar with exactly one test fold', () => {
    const folds = purgedKFold(103, 5);
    const seen = new Int32Array(103);
    for (const f of folds) for (let i = f.testStart; i < f.testEnd; i++) seen[i]++;
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  });

  it('keeps training sets away from the test block by the purge and the embargo', () => {
    const purge = 3;
    const embargo = 7;
    for (const f of purgedKFold(200, 4, purge, embargo)) {
      for (const i of f.train) {
        // No overlap, and no bar within the purge before or the embargo after the test block.
        expect(i < f.testStart - purge || i >= f.testEnd + embargo).toBe(true);
      }
      // Everything else is used for training.
      const expected = 200 - (Math.min(200, f.testEnd + embargo) - Math.max(0, f.testStart - purge));
      expect(f.train.length).toBe(expected);
    }
  });

  it('names the field of impossible folds', () => {
    expect(() => purgedKFold(10, 1)).toThrow(/folds/);
    expect(() => purgedKFold(10, 6)).toThrow(/folds: expected at most 5 folds/);
    expect(() => purgedKFold(10, 2, -1)).toThrow(/purge_bars/);
  });
});

describe('training bars after the warm-up', () => {
  it('walkForwardWindows wants a first train window longer than the warm-up', () => {
    expect(() => walkForwardWindows(100, { trainBars: 30, testBars: 20, warmupBars: 30 })).toThrow(
      'train_bars: expected more than 30 bars, the shortest warm-up of the parameter sets, so that the first train window has a bar to score, found 30',
    );
    expect(walkForwardWindows(100, { trainBars: 31, testBars: 20, warmupBars: 30 })).toHaveLength(3);
  });

  it('purgedKFold names the purge, the embargo or the folds that leave a fold no training bar', () => {
    // 100 bars, 2 folds: fold 1 tests 0–49 and trains on [50 + embargo, 100); fold 2 tests 50–99 and trains on
    // [0, 50 − purge), where bar 0 has no return: purge ≤ 50 − 1 − 1 = 48 and embargo ≤ 100 − 50 − 1 = 49.
    expect(() => purgedKFold(100, 2, 49, 0)).toThrow('purge_bars: expected at most 48, so that fold 2 of 2 (test bars 50–99) keeps a training bar, found 49');
    expect(purgedKFold(100, 2, 48, 0)[1].train).toEqual(Int32Array.from([0, 1]));
    expect(() => purgedKFold(100, 2, 0, 50)).toThrow('embargo_bars: expected at most 49, so that fold 1 of 2 (test bars 0–49) keeps a training bar, found 50');
    // A 30-bar warm-up: fold 2 needs bars 30 … 49 − purge, so purge ≤ 50 − 30 − 1 = 19.
    expect(() => purgedKFold(100, 2, 20, 0, 30)).toThrow('purge_bars: expected at most 19, so that fold 2 of 2 (test bars 50–99) keeps a training bar after the 30-bar warm-up of the quickest parameter set, found 20');
    // A 60-bar warm-up covers fold 2's bars 0–49 whatever the purge; 4 folds move its test block to 75–99.
    expect(() => purgedKFold(100, 2, 0, 0, 60)).toThrow('folds: expected more folds, so that fold 2 of 2 (test bars 50–99) keeps a training bar after the 60-bar warm-up of the quickest parameter set, found 2');
    expect(purgedKFold(100, 4, 0, 0, 60)).toHaveLength(4);
  });
});
