import { alignBarSeries, closesAsOf } from './align';
import { createBarSeries } from './bar-series';

const DAY = 86_400_000;

function series(symbol: string, days: number[], closes: number[]) {
  const close = Float64Array.from(closes);
  return createBarSeries(symbol, { time: Float64Array.from(days, (d) => d * DAY), open: close, high: close, low: close, close });
}

describe('alignBarSeries', () => {
  it('keeps the days every series has', () => {
    const [a, b] = alignBarSeries([series('A', [1, 2, 3, 4], [10, 11, 12, 13]), series('B', [2, 4, 5], [20, 21, 22])]);
    expect(Array.from(a.time, (t) => t / DAY)).toEqual([2, 4]);
    expect(Array.from(a.close)).toEqual([11, 13]);
    expect(Array.from(b.close)).toEqual([20, 21]);
  });
});

describe('closesAsOf', () => {
  const a = series('A', [1, 2, 4], [10, 11, 13]);

  it('returns the series own closes when the stamps are the same', () => {
    expect(closesAsOf(a, a.time)).toBe(a.close);
  });

  it('picks the closes of a subset of its days', () => {
    expect(Array.from(closesAsOf(a, Float64Array.of(2 * DAY, 4 * DAY)))).toEqual([11, 13]);
  });

  it('carries the last close forward over missing days and gives NaN before the first', () => {
    // Day 0: nothing yet; day 3: the close of day 2; day 5: the close of day 4.
    expect(Array.from(closesAsOf(a, Float64Array.of(0, DAY, 3 * DAY, 5 * DAY)))).toEqual([NaN, 10, 11, 13]);
  });
});
