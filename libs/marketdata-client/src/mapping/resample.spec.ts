import { barSeriesFromBars, sliceBarSeriesByTime, ValidationError } from '@nautilus/domain';
import { loadSharedData, seriesColumns } from '@nautilus/domain/testing';
import { bucketStart, inferFrequency, resampleBarSeries } from './resample';

const at = (iso: string) => Date.parse(`${iso}Z`);

// Twelve hand-made one-minute bars from 09:32 to 09:43; 5m buckets are aligned to the epoch, so the
// first bucket (09:30) only holds three of them.
const minutes = barSeriesFromBars(
  'TEST',
  [
    [10, 11, 9.5, 10.5, 100],
    [10.5, 12, 10, 11.5, 200],
    [11.5, 11.8, 11, 11.2, 50],
    [11.2, 11.4, 10.8, 11, 10],
    [11, 11.1, 10.2, 10.4, 20],
    [10.4, 10.9, 10.3, 10.8, 30],
    [10.8, 13, 10.7, 12.9, 40],
    [12.9, 13.1, 12.5, 12.6, 50],
    [12.6, 12.7, 12, 12.1, 5],
    [12.1, 12.2, 11.9, 12, 5],
    [12, 12.4, 11.95, 12.3, 5],
    [12.3, 12.5, 12.2, 12.4, 5],
  ].map(([open, high, low, close, volume], i) => ({ time: at('2024-01-02T09:32:00') + i * 60_000, open, high, low, close, volume })),
);

describe('resampleBarSeries', () => {
  it('aggregates 1m bars into epoch-aligned 5m buckets (hand-computed)', () => {
    const five = resampleBarSeries(minutes, '5m');
    expect(seriesColumns(five)).toEqual({
      time: [at('2024-01-02T09:30:00'), at('2024-01-02T09:35:00'), at('2024-01-02T09:40:00')],
      // 09:30 bucket: bars 09:32–09:34; 09:35: 09:35–09:39; 09:40: 09:40–09:43.
      open: [10, 11.2, 12.6],
      high: [12, 13.1, 12.7],
      low: [9.5, 10.2, 11.9],
      close: [11.2, 12.6, 12.4],
      volume: [100 + 200 + 50, 10 + 20 + 30 + 40 + 50, 5 + 5 + 5 + 5],
    });
    expect(five.symbol).toBe('TEST');
  });

  it('gives the same hour from 1m bars directly and through 5m', () => {
    const hour = { time: [at('2024-01-02T09:00:00')], open: [10], high: [13.1], low: [9.5], close: [12.4], volume: [520] };
    expect(seriesColumns(resampleBarSeries(minutes, '1h'))).toEqual(hour);
    expect(seriesColumns(resampleBarSeries(resampleBarSeries(minutes, '5m'), '1h', '5m'))).toEqual(hour);
  });

  it('buckets 1d by UTC date', () => {
    const bars = barSeriesFromBars('T', [
      { time: at('2024-01-02T23:00:00'), open: 1, high: 2, low: 1, close: 2, volume: 1 },
      { time: at('2024-01-03T00:00:00'), open: 3, high: 3, low: 3, close: 3, volume: 1 },
    ]);
    expect([...resampleBarSeries(bars, '1d', '1h').time]).toEqual([at('2024-01-02T00:00:00'), at('2024-01-03T00:00:00')]);
    expect(bucketStart(at('2024-01-02T23:59:59.999'), '1d')).toBe(at('2024-01-02T00:00:00'));
  });

  it('turns the shared EURUSD hourly bars of 2017-04-20 into the daily bar worked out from its 24 rows', () => {
    const daily = resampleBarSeries(loadSharedData('EURUSD.csv'), '1d');
    const day = sliceBarSeriesByTime(daily, at('2017-04-20T00:00:00'), at('2017-04-20T00:00:00'));
    // From EURUSD.csv lines 17–40: open of 00:00, highest high (09:00), lowest low (22:00), close of 23:00.
    expect(seriesColumns(day)).toEqual({
      time: [at('2017-04-20T00:00:00')],
      open: [1.07146],
      high: [1.07775],
      low: [1.07072],
      close: [1.07142],
      volume: [
        509 + 427 + 197 + 167 + 257 + 198 + 1741 + 2052 + 1935 + 1488 + 1013 + 1137 + 1302 + 2309 + 2528 + 1865 + 1356 + 1409 + 907 + 1060 + 491 + 303 + 470 + 312,
      ],
    });
  });

  it('returns the series itself at its own frequency and refuses finer frequencies', () => {
    const goog = loadSharedData('GOOG.csv');
    expect(resampleBarSeries(goog, '1d')).toBe(goog);
    expect(() => resampleBarSeries(goog, '1h')).toThrow(ValidationError);
    expect(() => resampleBarSeries(goog, '1h')).toThrow(expect.objectContaining({ field: 'frequency', found: '1h' }));
    expect(() => resampleBarSeries(loadSharedData('BTCUSD.csv'), '1d')).toThrow(expect.objectContaining({ field: 'frequency' }));
  });
});

describe('inferFrequency', () => {
  it('reads the median spacing of the shared files', () => {
    expect(inferFrequency(loadSharedData('GOOG.csv'))).toBe('1d');
    expect(inferFrequency(loadSharedData('EURUSD.csv'))).toBe('1h');
    expect(inferFrequency(loadSharedData('BTCUSD.csv'))).toBe('1M');
    expect(inferFrequency(minutes)).toBe('1m');
  });

  it('returns undefined for one bar or an unknown spacing', () => {
    expect(inferFrequency({ time: Float64Array.of(0), length: 1 })).toBeUndefined();
    expect(inferFrequency({ time: Float64Array.of(0, 120_000, 240_000), length: 3 })).toBeUndefined();
  });
});
