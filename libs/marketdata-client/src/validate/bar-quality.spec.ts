import { createBarSeries, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { BAD_ROW_CLASSES, BadRowClass, countBadRows, INVALID_ROW_CLASSES } from './bar-quality';

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);

interface Columns {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/**
 * Returns n clean daily bars: closes follow a repeating ±0.5 %…±1.5 % zigzag (no outlier, MAD > 0),
 * each open is the previous close, and high/low sit 1 above/below the body.
 */
function cleanBars(n: number): Columns {
  const steps = [0.01, -0.008, 0.005, -0.012, 0.015, -0.006];
  const bars: Columns = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = prev * Math.exp(steps[i % steps.length]);
    bars.time.push(START + i * DAY_MS);
    bars.open.push(prev);
    bars.close.push(close);
    bars.high.push(Math.max(prev, close) + 1);
    bars.low.push(Math.min(prev, close) - 1);
    bars.volume.push(1000);
    prev = close;
  }
  return bars;
}

function countsOf(columns: Columns): Record<BadRowClass, number> {
  const { classes } = countBadRows(columns, { sampleSize: 10 });
  return Object.fromEntries(BAD_ROW_CLASSES.map((name) => [name, classes[name].count])) as Record<BadRowClass, number>;
}

const NONE: Record<BadRowClass, number> = {
  non_finite: 0,
  non_positive: 0,
  high_below_low: 0,
  open_outside_range: 0,
  close_outside_range: 0,
  zero_volume: 0,
  duplicate_or_unsorted: 0,
  price_jump: 0,
};

describe('countBadRows', () => {
  it('finds nothing in clean bars', () => {
    const quality = countBadRows(cleanBars(30));
    expect(quality).toMatchObject({ rows: 30, invalidRows: 0, badRows: 0 });
    expect(countsOf(cleanBars(30))).toEqual(NONE);
  });

  it('counts each injected class exactly, at the injected rows', () => {
    const bars = cleanBars(30);
    bars.open[3] = NaN; // non_finite (range checks skipped: not all prices finite)
    bars.volume[17] = Infinity; // non_finite
    bars.low[5] = 0; // non_positive, still ≤ open and close
    bars.volume[19] = -5; // non_positive
    bars.high[7] = bars.low[7] - 0.5; // high_below_low (open/close then not range-checked)
    bars.open[9] = bars.high[9] + 0.25; // open_outside_range
    // Row 10 rises (step +1.5 %); a high between open and close leaves only the close outside [low, high].
    expect(bars.open[10]).toBeLessThan(bars.close[10]);
    bars.high[10] = (bars.open[10] + bars.close[10]) / 2; // close_outside_range
    bars.volume[13] = 0; // zero_volume
    bars.time[15] = bars.time[14]; // duplicate
    bars.time[22] = bars.time[21] - DAY_MS / 2; // unsorted (before the row above it)

    const quality = countBadRows(bars, { sampleSize: 10 });
    expect(countsOf(bars)).toEqual({
      ...NONE,
      non_finite: 2,
      non_positive: 2,
      high_below_low: 1,
      open_outside_range: 1,
      close_outside_range: 1,
      zero_volume: 1,
      duplicate_or_unsorted: 2,
    });
    expect(quality.classes.non_finite.firstRows).toEqual([3, 17]);
    expect(quality.classes.non_positive.firstRows).toEqual([5, 19]);
    expect(quality.classes.high_below_low.firstRows).toEqual([7]);
    expect(quality.classes.open_outside_range.firstRows).toEqual([9]);
    expect(quality.classes.close_outside_range.firstRows).toEqual([10]);
    expect(quality.classes.zero_volume.firstRows).toEqual([13]);
    expect(quality.classes.duplicate_or_unsorted.firstRows).toEqual([15, 22]);
    // Nine distinct invalid rows (3, 5, 7, 9, 10, 15, 17, 19, 22); row 13 has zero volume, which is reported but not bad.
    expect(quality.invalidRows).toBe(9);
    expect(quality.badRows).toBe(9);
  });

  it('counts a row once in the totals when it falls in several classes, and keeps sampleSize indices', () => {
    const bars = cleanBars(12);
    bars.open[2] = -1; // non_positive and open_outside_range
    bars.close[4] = -Infinity; // non_finite only: −∞ is not also counted as ≤ 0
    for (const row of [6, 7, 8, 9]) bars.volume[row] = 0;
    const quality = countBadRows(bars, { sampleSize: 2 });
    expect(quality.classes.non_positive).toEqual({ count: 1, firstRows: [2] });
    expect(quality.classes.open_outside_range).toEqual({ count: 1, firstRows: [2] });
    expect(quality.classes.non_finite).toEqual({ count: 1, firstRows: [4] });
    expect(quality.classes.zero_volume).toEqual({ count: 4, firstRows: [6, 7] });
    expect(quality.invalidRows).toBe(2);
  });

  it('treats a missing volume column as no volume check', () => {
    const { volume: _volume, ...withoutVolume } = cleanBars(10);
    expect(countBadRows(withoutVolume).classes.zero_volume.count).toBe(0);
  });

  it('computes the robust scale by hand and flags returns beyond jumpSigmas of it', () => {
    // Log returns r = [0.01, −0.01, 0.02, −0.02, 0.01, 0.5] ending at rows 1..6.
    // Sorted: −0.02, −0.01, 0.01, 0.01, 0.02, 0.5 → median m = 0.01.
    // |r − m| = 0, 0.02, 0.01, 0.03, 0, 0.49 → sorted 0, 0, 0.01, 0.02, 0.03, 0.49 → MAD = 0.015.
    // σ̂ = 1.4826 × 0.015 = 0.022239; 6σ̂ = 0.1334 flags only row 6; 1σ̂ also flags row 4 (0.03).
    const returns = [0.01, -0.01, 0.02, -0.02, 0.01, 0.5];
    const close = returns.reduce((path, r) => [...path, path[path.length - 1] * Math.exp(r)], [100]);
    const bars = { time: close.map((_, i) => START + i * DAY_MS), open: close, high: close, low: close, close };
    const quality = countBadRows(bars);
    expect(quality.medianLogReturn).toBeCloseTo(0.01, 12);
    expect(quality.robustScale).toBeCloseTo(1.4826 * 0.015, 12);
    expect(quality.classes.price_jump.firstRows).toEqual([6]);
    expect(countBadRows(bars, { jumpSigmas: 1 }).classes.price_jump.firstRows).toEqual([4, 6]);
  });

  it('flags a bad tick twice (away and back) and an unadjusted split once', () => {
    const tick = cleanBars(30);
    for (const column of ['open', 'high', 'low', 'close'] as const) tick[column][20] *= 1.5;
    expect(countBadRows(tick).classes.price_jump.firstRows).toEqual([20, 21]);

    const split = cleanBars(30);
    for (let i = 20; i < 30; i++) for (const column of ['open', 'high', 'low', 'close'] as const) split[column][i] /= 2;
    const quality = countBadRows(split);
    expect(quality.classes.price_jump.firstRows).toEqual([20]);
    // A jump is bad but does not make the row invalid for createBarSeries.
    expect(quality).toMatchObject({ invalidRows: 0, badRows: 1 });
  });

  it('flags no jump when the robust scale is 0', () => {
    // Returns [0, 0, 0, ln 2]: median 0, MAD 0, so there is no scale to measure a jump against.
    const close = [10, 10, 10, 10, 20];
    const quality = countBadRows({ time: [1, 2, 3, 4, 5], open: close, high: close, low: close, close });
    expect(quality.robustScale).toBe(0);
    expect(quality.classes.price_jump.count).toBe(0);
  });

  it('marks as invalid exactly the rows createBarSeries rejects', () => {
    expect(() => createBarSeries('OK', cleanBars(30))).not.toThrow();
    const injections: Record<(typeof INVALID_ROW_CLASSES)[number], (bars: Columns) => void> = {
      non_finite: (b) => (b.close[4] = NaN),
      non_positive: (b) => (b.volume[4] = -1),
      high_below_low: (b) => (b.high[4] = b.low[4] - 1),
      open_outside_range: (b) => (b.open[4] = b.low[4] - 0.1),
      close_outside_range: (b) => (b.close[4] = b.high[4] + 0.1),
      duplicate_or_unsorted: (b) => (b.time[4] = b.time[3]),
    };
    for (const name of INVALID_ROW_CLASSES) {
      const bars = cleanBars(30);
      injections[name](bars);
      expect(countBadRows(bars).classes[name].firstRows).toEqual([4]);
      expect(() => createBarSeries('BAD', bars)).toThrow(ValidationError);
    }
  });

  it('accepts a BarSeries, whose rows createBarSeries already validated', () => {
    const goog = loadSharedData('GOOG.csv');
    expect(countBadRows(goog)).toMatchObject({ rows: 2148, invalidRows: 0 });
  });

  it('rejects columns of unequal length and out-of-range options', () => {
    const bars = cleanBars(5);
    expect(() => countBadRows({ ...bars, close: bars.close.slice(1) })).toThrow(ValidationError);
    expect(() => countBadRows(bars, { jumpSigmas: 0 })).toThrow(ValidationError);
    expect(() => countBadRows(bars, { sampleSize: 1.5 })).toThrow(ValidationError);
  });
});
