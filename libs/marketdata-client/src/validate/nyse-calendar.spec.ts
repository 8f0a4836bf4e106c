import { ValidationError } from '@nautilus/domain';
import { loadSharedData, SharedDataFile } from '@nautilus/domain/testing';
import { isNyseTradingDay, nyseClosures, nyseTradingDays } from './nyse-calendar';
import { epochDayOfTime } from './utc-days';

const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const day = (iso: string) => ms(iso) / DAY_MS;
const iso = (timeMs: number) => new Date(timeMs).toISOString().slice(0, 10);
const yearDays = (year: number) => nyseTradingDays(Date.UTC(year, 0, 1), Date.UTC(year, 11, 31));

describe('NYSE calendar', () => {
  // Each count is (weekdays of the year) − (weekday closures), worked by hand from the published NYSE
  // holiday schedules (nyse.com/markets/hours-calendars) and the closures they announced:
  //   2001: 261 − 9 holidays − 4 (Sep 11–14)                                   = 248
  //   2005: 260 − 8 (Jan 1 is a Saturday, so no New Year's closure at all)     = 252
  //   2012: 261 − 9 − 2 (Hurricane Sandy, Oct 29–30)                            = 250
  //   2018: 261 − 9 − 1 (George H. W. Bush, Dec 5)                              = 251
  //   2019: 261 − 9                                                              = 252
  //   2020: 262 − 9 (Jul 4 Saturday → Fri Jul 3)                                 = 253
  //   2021: 261 − 9 (Dec 25 Saturday → Fri Dec 24; Jan 1 2022 Saturday: Dec 31 open) = 252
  //   2022: 260 − 9 (Juneteenth Sunday → Mon Jun 20; Christmas Sunday → Mon Dec 26) = 251
  //   2023: 260 − 10 (New Year's Sunday → Mon Jan 2; Juneteenth Monday)         = 250
  //   2024: 262 − 10                                                             = 252
  //   2025: 261 − 10 − 1 (Jimmy Carter, Jan 9)                                   = 250
  // 2018 has 251 sessions, not 252: the day of mourning for President Bush closed the market.
  it.each([
    [2001, 248],
    [2005, 252],
    [2012, 250],
    [2018, 251],
    [2019, 252],
    [2020, 253],
    [2021, 252],
    [2022, 251],
    [2023, 250],
    [2024, 252],
    [2025, 250],
  ])('counts %i trading days in %i', (year, count) => {
    expect(yearDays(year)).toHaveLength(count);
  });

  it.each([
    ['2024-03-29', 'Good Friday'],
    ['2019-04-19', 'Good Friday'],
    ['2038-04-23', 'Good Friday (Easter 2038 is April 25)'],
    ['2100-03-26', 'Good Friday (Easter 2100 is March 28)'],
    ['2022-06-20', 'Juneteenth, Sunday observed Monday'],
    ['2027-06-18', 'Juneteenth, Saturday observed Friday'],
    ['2022-12-26', 'Christmas, Sunday observed Monday'],
    ['2021-12-24', 'Christmas, Saturday observed Friday'],
    ['2026-07-03', 'Independence Day, Saturday observed Friday'],
    ['2023-01-02', "New Year's Day, Sunday observed Monday"],
    ['2024-01-15', 'Martin Luther King Jr. Day'],
    ['2024-02-19', "Washington's Birthday"],
    ['2024-05-27', 'Memorial Day'],
    ['2024-09-02', 'Labor Day'],
    ['2024-11-28', 'Thanksgiving'],
    ['2018-12-05', 'George H. W. Bush'],
    ['2025-01-09', 'Jimmy Carter'],
    ['2004-06-11', 'Ronald Reagan'],
    ['2007-01-02', 'Gerald Ford'],
    ['1994-04-27', 'Richard Nixon'],
    ['1985-09-27', 'Hurricane Gloria'],
    ['2001-09-11', 'September 11'],
    ['2001-09-14', 'September 11'],
    ['2012-10-29', 'Hurricane Sandy'],
    ['2012-10-30', 'Hurricane Sandy'],
    ['1968-02-22', "Washington's Birthday on Feb 22 before 1971"],
    ['1970-02-23', "Washington's Birthday, Sunday observed Monday"],
    ['1968-11-05', 'Election Day (closed until 1968, then in presidential years to 1980)'],
    ['1980-11-04', 'Election Day in a presidential year'],
    ['1963-11-25', 'Funeral of President Kennedy'],
    ['1952-05-31', 'Saturday after Saturday sessions ended'],
  ])('is closed on %s (%s)', (date) => {
    expect(isNyseTradingDay(day(date))).toBe(false);
  });

  it.each([
    ['2021-12-31', "Friday before a Saturday New Year's Day: Rule 7.2 keeps the year-end session"],
    ['2010-12-31', "Friday before a Saturday New Year's Day"],
    ['2001-09-17', 'reopening after September 11'],
    ['2012-10-31', 'reopening after Hurricane Sandy'],
    ['1997-01-20', 'MLK Day before the NYSE observed it (1998)'],
    ['2021-06-18', 'Juneteenth before the NYSE observed it (2022)'],
    ['1984-11-06', 'Election Day after 1980'],
    ['2024-12-24', 'Christmas Eve (an early close, not a closure)'],
    ['2024-11-29', 'day after Thanksgiving (an early close)'],
    ['1950-01-07', 'a Saturday session (Saturday trading ended in 1952)'],
    ['1952-05-24', 'the last Saturday session'],
  ])('is open on %s (%s)', (date) => {
    expect(isNyseTradingDay(day(date))).toBe(true);
  });

  it('is closed on weekends and accepts a Date for its UTC day', () => {
    expect(isNyseTradingDay(day('2024-06-15'))).toBe(false);
    expect(isNyseTradingDay(day('2024-06-16'))).toBe(false);
    expect(isNyseTradingDay(new Date('2024-06-14T23:59:59Z'))).toBe(true);
    expect(isNyseTradingDay(new Date('2024-03-29T12:00:00Z'))).toBe(false);
  });

  it('rejects days outside 1950..2100, which also catches epoch ms passed as an epoch day', () => {
    expect(() => isNyseTradingDay(ms('2024-01-02'))).toThrow(ValidationError);
    expect(() => isNyseTradingDay(day('1949-12-30'))).toThrow(ValidationError);
    expect(() => isNyseTradingDay(day('2101-01-03'))).toThrow(ValidationError);
    expect(() => isNyseTradingDay(1.5)).toThrow(ValidationError);
    expect(() => nyseTradingDays(ms('2024-01-10'), ms('2024-01-02'))).toThrow(ValidationError);
    expect(() => nyseClosures(1949)).toThrow(ValidationError);
  });

  it('lists trading days between the UTC days of both ends, inclusive, at UTC midnight', () => {
    // The week of 2024-03-25: Good Friday (Mar 29) is closed.
    const days = nyseTradingDays(ms('2024-03-25') + 15 * 3_600_000, ms('2024-04-01') + 60_000);
    expect(days.map(iso)).toEqual(['2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01']);
    expect(days.every((t) => t % DAY_MS === 0)).toBe(true);
    expect(epochDayOfTime(ms('1969-12-31') + 1)).toBe(-1);
  });

  it('names the closures of a year, with the observed days of weekend holidays', () => {
    expect(nyseClosures(2022).map((c) => `${iso(c.timeMs)} ${c.name}`)).toEqual([
      '2022-01-17 Martin Luther King Jr. Day',
      "2022-02-21 Washington's Birthday",
      '2022-04-15 Good Friday',
      '2022-05-30 Memorial Day',
      '2022-06-20 Juneteenth National Independence Day (observed)',
      '2022-07-04 Independence Day',
      '2022-09-05 Labor Day',
      '2022-11-24 Thanksgiving Day',
      '2022-12-26 Christmas Day (observed)',
    ]);
  });

  it('closes the Wednesdays of the 1968 paperwork crisis except in holiday weeks', () => {
    // The NYSE closing history lists 23 such Wednesdays between 1968-06-12 and 1968-12-18; the weeks
    // of Jul 4, Labor Day, Election Day, Veterans' Day, Thanksgiving and Christmas kept their Wednesday.
    const wednesdays = nyseClosures(1968).filter((c) => c.name === 'Paperwork crisis').map((c) => iso(c.timeMs));
    expect(wednesdays).toHaveLength(23);
    expect(wednesdays[0]).toBe('1968-06-12');
    expect(wednesdays[22]).toBe('1968-12-18');
    expect(wednesdays).not.toContain('1968-07-03');
    expect(wednesdays).not.toContain('1968-11-27');
  });
});

describe('NYSE calendar against the shared daily files', () => {
  // Dates in a file that fall on NYSE closures, and NYSE sessions the file lacks, within its own span.
  function compare(file: SharedDataFile) {
    const series = loadSharedData(file);
    const dates = new Set(Array.from(series.time, iso));
    const sessions = nyseTradingDays(series.time[0], series.time[series.length - 1]).map(iso);
    return {
      rows: series.length,
      offCalendar: [...dates].filter((d) => !isNyseTradingDay(day(d))),
      missing: sessions.filter((d) => !dates.has(d)),
    };
  }

  it.each<[SharedDataFile, number]>([
    ['GOOG.csv', 2148],
    ['orcl-1995-2014.txt', 5036],
    ['nvda-1999-2014.txt', 4012],
    ['yhoo-1996-2014.txt', 4713],
  ])('%s has a bar on every NYSE session of its span and on no other day', (file, rows) => {
    // US listings over 1995–2014 span 9/11, the Reagan and Ford mourning days and Hurricane Sandy.
    expect(compare(file)).toEqual({ rows, offCalendar: [], missing: [] });
  });

  it('shows that the unnamed 2006 index follows a European calendar, not the NYSE', () => {
    // It trades on the US holidays and closes on Easter Monday, May Day and Boxing Day, like the
    // Frankfurt and Euronext exchanges; Good Friday (2006-04-14) is closed on both calendars.
    expect(compare('2006-day-001.txt')).toEqual({
      rows: 255,
      offCalendar: ['2006-01-02', '2006-01-16', '2006-02-20', '2006-05-29', '2006-07-04', '2006-09-04', '2006-11-23'],
      missing: ['2006-04-17', '2006-05-01', '2006-12-26'],
    });
  });
});
