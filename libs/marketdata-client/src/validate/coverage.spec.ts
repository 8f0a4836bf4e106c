import { sliceBarSeriesByTime, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { measureCoverage } from './coverage';

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (timeMs: number) => new Date(timeMs).toISOString().slice(0, 10);

// GOOG's 2005 bars: 252 rows, one per NYSE session (the 2005 count is worked by hand in
// nyse-calendar.spec.ts and matches the CsvFileSource test).
const goog2005 = Array.from(sliceBarSeriesByTime(loadSharedData('GOOG.csv'), ms('2005-01-01'), ms('2005-12-31')).time);
const without = (times: number[], dates: string[]) => times.filter((t) => !dates.includes(iso(t)));
const periods = (coverage: ReturnType<typeof measureCoverage>) =>
  coverage.missingPeriods.map((p) => [iso(p.startMs), iso(p.endMs), p.tradingDays]);

describe('measureCoverage', () => {
  it('finds full coverage of a complete year', () => {
    const coverage = measureCoverage(goog2005);
    expect(goog2005).toHaveLength(252);
    expect(coverage).toMatchObject({ expectedDays: 252, presentDays: 252, coverageFraction: 1, missingPeriods: [], offCalendarDays: [] });
    expect([iso(coverage.startMs), iso(coverage.endMs)]).toEqual(['2005-01-03', '2005-12-30']);
  });

  it('reports a removed holiday-free week as one missing period of 5 days', () => {
    // 2005-07-11 … 07-15 is a Monday-to-Friday week without a holiday (Independence Day was the week before).
    const coverage = measureCoverage(without(goog2005, ['2005-07-11', '2005-07-12', '2005-07-13', '2005-07-14', '2005-07-15']));
    expect(coverage).toMatchObject({ expectedDays: 252, presentDays: 247 });
    expect(coverage.coverageFraction).toBeCloseTo(247 / 252, 12);
    expect(periods(coverage)).toEqual([['2005-07-11', '2005-07-15', 5]]);
  });

  it('merges missing days across a holiday weekend and keeps separate gaps apart', () => {
    // Fri 2005-07-01 and Tue 2005-07-05 are consecutive sessions (weekend, then Independence Day on Monday).
    const coverage = measureCoverage(without(goog2005, ['2005-07-01', '2005-07-05', '2005-08-10']));
    expect(periods(coverage)).toEqual([
      ['2005-07-01', '2005-07-05', 2],
      ['2005-08-10', '2005-08-10', 1],
    ]);
    expect(coverage.presentDays).toBe(249);
  });

  it('measures a requested range wider than the bars', () => {
    // January 2005 has 21 weekdays (Jan 3 … 31) and one holiday (MLK Day, Jan 17): 20 sessions.
    const fromFebruary = goog2005.filter((t) => t >= ms('2005-02-01'));
    const coverage = measureCoverage(fromFebruary, { startMs: ms('2005-01-01'), endMs: ms('2005-12-31') });
    expect(coverage).toMatchObject({ expectedDays: 252, presentDays: 232 });
    expect(periods(coverage)).toEqual([['2005-01-03', '2005-01-31', 20]]);
  });

  it('ignores bars outside the requested range', () => {
    const coverage = measureCoverage(goog2005, { startMs: ms('2005-07-11'), endMs: ms('2005-07-15') + 3_600_000 });
    expect(coverage).toMatchObject({ expectedDays: 5, presentDays: 5, coverageFraction: 1 });
  });

  it('lists the days that have bars while the NYSE was closed', () => {
    const times = [...goog2005, ms('2005-07-04') + 14 * 3_600_000, ms('2005-07-16')].sort((a, b) => a - b);
    expect(measureCoverage(times).offCalendarDays.map(iso)).toEqual(['2005-07-04', '2005-07-16']);
  });

  it('counts a day once however many intraday bars it has, and skips non-finite times', () => {
    const hours = [9, 10, 11, 12].map((h) => ms('2024-03-28') + h * 3_600_000);
    const coverage = measureCoverage([...hours, NaN, ms('2024-04-01') + 9 * 3_600_000]);
    // 2024-03-28 … 04-01: Thu 28, Good Friday 29 (closed), weekend, Mon Apr 1.
    expect(coverage).toMatchObject({ expectedDays: 2, presentDays: 2, offCalendarDays: [] });
  });

  it('returns NaN coverage when the range holds no trading day', () => {
    const coverage = measureCoverage([ms('2024-03-30')]);
    expect(coverage.expectedDays).toBe(0);
    expect(coverage.coverageFraction).toBeNaN();
    expect(coverage.offCalendarDays.map(iso)).toEqual(['2024-03-30']);
  });

  it('needs a finite time or a full range', () => {
    expect(() => measureCoverage([NaN, NaN])).toThrow(ValidationError);
    expect(measureCoverage([], { startMs: ms('2024-01-02'), endMs: ms('2024-01-05') })).toMatchObject({ expectedDays: 4, presentDays: 0 });
  });
});
