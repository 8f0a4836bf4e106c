import { BarColumns, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { validateSymbolData } from './data-quality-report';

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

// The 21 NYSE sessions of January 2024, listed by hand: 23 weekdays less New Year's Day (Mon Jan 1)
// and Martin Luther King Jr. Day (Mon Jan 15).
const JANUARY_2024 = [
  '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05',
  '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12',
  '2024-01-16', '2024-01-17', '2024-01-18', '2024-01-19',
  '2024-01-22', '2024-01-23', '2024-01-24', '2024-01-25', '2024-01-26',
  '2024-01-29', '2024-01-30', '2024-01-31',
];

/** Returns clean daily bars on the given dates: a ±0.5 %…±1.5 % zigzag without outliers. */
function barsOn(dates: string[], volume = 1000): { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] } {
  const steps = [0.01, -0.008, 0.005, -0.012, 0.015, -0.006];
  const bars = { time: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  let prev = 50;
  dates.forEach((date, i) => {
    const close = prev * Math.exp(steps[i % steps.length]);
    bars.time.push(ms(date));
    bars.open.push(prev);
    bars.close.push(close);
    bars.high.push(Math.max(prev, close) * 1.01);
    bars.low.push(Math.min(prev, close) * 0.99);
    bars.volume.push(volume);
    prev = close;
  });
  return bars;
}

describe('validateSymbolData', () => {
  it('reports a clean, complete month as ready with score 100', () => {
    const report = validateSymbolData('ACME', barsOn(JANUARY_2024));
    expect(report).toMatchObject({
      symbol: 'ACME',
      available: true,
      earliest_date: '2024-01-02',
      latest_date: '2024-01-31',
      bars: 21,
      expected_trading_days: 21,
      coverage_pct: 100,
      missing_trading_days: 0,
      missing_periods: [],
      missing_periods_total: 0,
      off_calendar_total: 0,
      bad_rows_total: 0,
      invalid_rows_total: 0,
      data_quality_score: 100,
      ready_for_backtest: true,
      recommendations: [],
    });
  });

  it('scores coverage and bad rows by the documented formula and explains what to fix', () => {
    // Jan 9 and 10 removed (19 of 21 sessions) and one row with high < low:
    // score = 100 × 19/21 × (1 − 1/19) = 100 × 18/21 = 85.714… → 85.7; coverage 19/21 = 90.476…% → 90.48.
    const bars = barsOn(JANUARY_2024.filter((d) => d !== '2024-01-09' && d !== '2024-01-10'));
    bars.high[5] = bars.low[5] * 0.98;
    const report = validateSymbolData('ACME', bars);
    expect(report).toMatchObject({
      bars: 19,
      expected_trading_days: 21,
      coverage_pct: 90.48,
      missing_trading_days: 2,
      missing_periods: [{ start: '2024-01-09', end: '2024-01-10', trading_days: 2 }],
      missing_periods_total: 1,
      bad_rows_total: 1,
      invalid_rows_total: 1,
      data_quality_score: 85.7,
      ready_for_backtest: false,
    });
    expect(report.bad_rows.high_below_low).toEqual({ count: 1, first_rows: [5] });
    expect(report.recommendations).toEqual([
      'Fix 1 row whose high is below the low (row 5).',
      'Fill 2 missing NYSE trading days in 1 gap (longest 2024-01-09 … 2024-01-10, 2 days).',
      'Coverage 90.48% is below the 95% a backtest needs.',
    ]);
  });

  it('decides readiness by the coverage threshold when no row is invalid', () => {
    const bars = barsOn(JANUARY_2024.filter((d) => d !== '2024-01-09' && d !== '2024-01-10'));
    // 100 × 19/21 = 90.476… → 90.5.
    expect(validateSymbolData('ACME', bars)).toMatchObject({ data_quality_score: 90.5, ready_for_backtest: false });
    expect(validateSymbolData('ACME', bars, { minCoveragePct: 90 }).ready_for_backtest).toBe(true);
  });

  it('reports zero volume without lowering the score', () => {
    const report = validateSymbolData('INDEX', barsOn(JANUARY_2024, 0));
    expect(report.bad_rows.zero_volume.count).toBe(21);
    expect(report).toMatchObject({ bad_rows_total: 0, data_quality_score: 100, ready_for_backtest: true });
    expect(report.recommendations).toEqual([
      'Every bar has zero volume (an index or a quote series?): volume-based indicators and volume-limited fills will not work.',
    ]);
  });

  it('checks only the requested range and reports row indices of the input', () => {
    const bars = barsOn(JANUARY_2024);
    bars.open[13] = NaN; // 2024-01-22
    // Jan 16 … 31 holds 12 sessions; one row is invalid: score = 100 × 1 × 11/12 = 91.67 → 91.7.
    const report = validateSymbolData('ACME', bars, { startMs: ms('2024-01-16'), endMs: ms('2024-01-31') });
    expect(report).toMatchObject({
      earliest_date: '2024-01-16',
      latest_date: '2024-01-31',
      bars: 12,
      expected_trading_days: 12,
      coverage_pct: 100,
      invalid_rows_total: 1,
      data_quality_score: 91.7,
      ready_for_backtest: false,
    });
    expect(report.bad_rows.non_finite).toEqual({ count: 1, first_rows: [13] });
  });

  it('caps the listed missing periods to the longest ones, in date order, and keeps the total', () => {
    const missing = ['2024-01-03', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-18', '2024-01-24', '2024-01-25'];
    const report = validateSymbolData('ACME', barsOn(JANUARY_2024.filter((d) => !missing.includes(d))), { maxListed: 2, minCoveragePct: 0 });
    expect(report.missing_periods).toEqual([
      { start: '2024-01-08', end: '2024-01-10', trading_days: 3 },
      { start: '2024-01-24', end: '2024-01-25', trading_days: 2 },
    ]);
    expect(report).toMatchObject({ missing_periods_total: 4, missing_trading_days: 7 });
  });

  it('reports a missing symbol and an empty range as unavailable', () => {
    expect(validateSymbolData('NOPE', undefined)).toMatchObject({
      available: false,
      bars: 0,
      coverage_pct: null,
      data_quality_score: 0,
      ready_for_backtest: false,
      recommendations: ['No data for NOPE: check the symbol name or add its data file.'],
    });
    const goog = loadSharedData('GOOG.csv');
    expect(validateSymbolData('GOOG', goog, { startMs: ms('2020-01-01'), endMs: ms('2020-12-31') })).toMatchObject({
      available: false,
      recommendations: ['No bars for GOOG in the requested range; its data runs from 2004-08-19 to 2013-03-01.'],
    });
  });

  it('reports bars without any finite time as available but unmeasurable', () => {
    const bars: BarColumns = { time: [NaN, NaN], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1] };
    expect(validateSymbolData('X', bars)).toMatchObject({ available: true, bars: 2, invalid_rows_total: 2, coverage_pct: null, ready_for_backtest: false });
  });

  it('rejects out-of-range options', () => {
    const bars = barsOn(JANUARY_2024);
    expect(() => validateSymbolData('ACME', bars, { minCoveragePct: 120 })).toThrow(ValidationError);
    expect(() => validateSymbolData('ACME', bars, { maxListed: -1 })).toThrow(ValidationError);
    expect(() => validateSymbolData('ACME', bars, { startMs: NaN })).toThrow(ValidationError);
  });
});

describe('validateSymbolData on the shared files', () => {
  it('finds GOOG 2004–2013 complete and ready', () => {
    // 2148 rows from 2004-08-19 to 2013-03-01 (shared/data/README.md), one per NYSE session.
    expect(validateSymbolData('GOOG', loadSharedData('GOOG.csv'))).toMatchObject({
      earliest_date: '2004-08-19',
      latest_date: '2013-03-01',
      bars: 2148,
      expected_trading_days: 2148,
      coverage_pct: 100,
      off_calendar_total: 0,
      invalid_rows_total: 0,
      ready_for_backtest: true,
    });
  });

  it('flags the 2006 index for bars on US holidays and gaps on European ones', () => {
    // NYSE 2006: 260 weekdays − 9 holidays = 251 sessions; the file has 255 rows, 7 on US holidays,
    // so 248 sessions are present and Easter Monday, May Day and Boxing Day are missing.
    const report = validateSymbolData('IDX', loadSharedData('2006-day-001.txt'));
    expect(report).toMatchObject({
      bars: 255,
      expected_trading_days: 251,
      coverage_pct: 98.8,
      missing_trading_days: 3,
      off_calendar_total: 7,
      invalid_rows_total: 0,
      ready_for_backtest: true,
    });
    // The README: "Volume and OpenInterest are always 0".
    expect(report.bad_rows.zero_volume.count).toBe(255);
    expect(report.recommendations.some((r) => r.startsWith('7 dates with bars although the NYSE was closed (e.g. 2006-01-02, 2006-01-16, 2006-02-20)'))).toBe(true);
  });

  it('finds hourly EURUSD bars on every session plus Sundays and US holidays, as an FX series trades', () => {
    const report = validateSymbolData('EURUSD', loadSharedData('EURUSD.csv'), { maxListed: 100 });
    expect(report).toMatchObject({ coverage_pct: 100, ready_for_backtest: true, invalid_rows_total: 0 });
    // The US holidays between 2017-04-19 and 2018-02-07 that fall on a weekday.
    expect(report.off_calendar_dates.filter((d) => new Date(d).getUTCDay() !== 0)).toEqual([
      '2017-05-29', '2017-07-04', '2017-09-04', '2017-11-23', '2017-12-25', '2018-01-01', '2018-01-15',
    ]);
  });

  it('does not call monthly BTCUSD ready and says why', () => {
    const report = validateSymbolData('BTCUSD', loadSharedData('BTCUSD.csv'));
    expect(report.ready_for_backtest).toBe(false);
    expect(report.coverage_pct).toBeLessThan(5);
    expect(report.recommendations.some((r) => r.startsWith('The bars are weekly or sparser'))).toBe(true);
  });
});
