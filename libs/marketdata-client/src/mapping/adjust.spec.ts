import { barSeriesFromBars } from '@nautilus/domain';
import { adjustBarSeries } from './adjust';

// A 2-for-1 split between bar 1 and bar 2: the factor 0.5 puts the first two bars on the post-split scale.
const raw = barSeriesFromBars('SPLIT', [
  { time: 0, open: 100, high: 110, low: 90, close: 105, volume: 1000 },
  { time: 86_400_000, open: 104, high: 108, low: 100, close: 106, volume: 500 },
  { time: 2 * 86_400_000, open: 53, high: 55, low: 52, close: 54, volume: 3000 },
]);

describe('adjustBarSeries', () => {
  it('multiplies prices and divides volume by the factor (worked by hand)', () => {
    const adjusted = adjustBarSeries(raw, [0.5, 0.5, 1]);
    expect([...adjusted.open]).toEqual([50, 52, 53]);
    expect([...adjusted.high]).toEqual([55, 54, 55]);
    expect([...adjusted.low]).toEqual([45, 50, 52]);
    expect([...adjusted.close]).toEqual([52.5, 53, 54]);
    expect([...adjusted.volume]).toEqual([2000, 1000, 3000]);
    expect(adjusted.time).toEqual(raw.time);
    expect(adjusted.symbol).toBe('SPLIT');
  });

  it('rejects a factor per bar that is missing, zero or not finite', () => {
    expect(() => adjustBarSeries(raw, [0.5, 1])).toThrow(expect.objectContaining({ field: 'adj_factor', found: '2' }));
    expect(() => adjustBarSeries(raw, [0.5, 0, 1])).toThrow(expect.objectContaining({ field: 'adj_factor', rowIndex: 1 }));
    expect(() => adjustBarSeries(raw, [0.5, 1, NaN])).toThrow(expect.objectContaining({ field: 'adj_factor', rowIndex: 2 }));
  });
});
