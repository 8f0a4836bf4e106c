import { ValidationError } from '@nautilus/domain';
import { DAY_MS, epochDayOfTime, isoDateOf } from './utc-days';

/** First year the calendar computes. */
export const NYSE_CALENDAR_FIRST_YEAR = 1950;
/** Last year the calendar computes. */
export const NYSE_CALENDAR_LAST_YEAR = 2100;

/** A day on which the NYSE would otherwise have held a session but was, or will be, closed. */
export interface NyseClosure {
  /** UTC midnight of the closed day, epoch ms. */
  readonly timeMs: number;
  /** Why: the holiday (with "(observed)" when moved off a weekend) or the special event. */
  readonly name: string;
}

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

const FIRST_DAY = epochDayOf(NYSE_CALENDAR_FIRST_YEAR, 1, 1);
const LAST_DAY = epochDayOf(NYSE_CALENDAR_LAST_YEAR, 12, 31);

// Saturday sessions ran until 1952; the last one was 1952-05-24 because Saturdays were already
// closed for the summers of 1950 and 1951 and from 1952-05-31 until the rule change of 1952-09-29.
const LAST_SATURDAY_SESSION = epochDayOf(1952, 5, 24);
const SUMMER_SATURDAY_RECESSES: ReadonlyArray<readonly [number, number]> = [
  [epochDayOf(1950, 6, 3), epochDayOf(1950, 9, 30)],
  [epochDayOf(1951, 6, 2), epochDayOf(1951, 9, 29)],
];
// NYSE Rule 51 (today Rule 7.2) closes the Friday before a Saturday holiday from 1959-07-03 on.
// Before that date a Saturday holiday simply fell on a day without a session (from 1952-09-29).
const SATURDAY_RULE_START = epochDayOf(1959, 7, 3);

/**
 * One-off closures outside the holiday rules, as listed in NYSE's history of market closings
 * (compiled in pandas_market_calendars `holidays/nyse.py` and python-holidays
 * `financial/ny_stock_exchange.py`). 1954-12-24 is here because Christmas 1954 fell on a Saturday
 * before the Friday-observance rule existed, yet the exchange closed that Friday.
 */
const SPECIAL_CLOSURES: ReadonlyArray<readonly [string, string]> = [
  ['1950-12-23', 'Saturday before Christmas Eve'],
  ['1954-12-24', 'Christmas Eve'],
  ['1956-12-24', 'Christmas Eve'],
  ['1958-12-26', 'Day after Christmas'],
  ['1961-05-29', 'Day before Memorial Day'],
  ['1963-11-25', 'Funeral of President John F. Kennedy'],
  ['1968-02-12', "Lincoln's Birthday"],
  ['1968-04-09', 'Day of mourning for Martin Luther King Jr.'],
  ['1968-07-05', 'Day after Independence Day'],
  ['1968-11-11', "Veterans' Day"],
  ['1969-02-10', 'Snowstorm'],
  ['1969-03-31', 'Funeral of President Dwight D. Eisenhower'],
  ['1969-07-21', 'Apollo 11 lunar landing'],
  ['1972-12-28', 'Funeral of President Harry S. Truman'],
  ['1973-01-25', 'Funeral of President Lyndon B. Johnson'],
  ['1977-07-14', 'New York City blackout'],
  ['1985-09-27', 'Hurricane Gloria'],
  ['1994-04-27', 'Funeral of President Richard M. Nixon'],
  ['2001-09-11', 'September 11 attacks'],
  ['2001-09-12', 'September 11 attacks'],
  ['2001-09-13', 'September 11 attacks'],
  ['2001-09-14', 'September 11 attacks'],
  ['2004-06-11', 'Day of mourning for President Ronald Reagan'],
  ['2007-01-02', 'Day of mourning for President Gerald R. Ford'],
  ['2012-10-29', 'Hurricane Sandy'],
  ['2012-10-30', 'Hurricane Sandy'],
  ['2018-12-05', 'Day of mourning for President George H. W. Bush'],
  ['2025-01-09', 'Day of mourning for President Jimmy Carter'],
];

const SPECIAL_BY_DAY = new Map<number, string>(
  SPECIAL_CLOSURES.map(([iso, name]) => [epochDayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))), name]),
);

// During the 1968 paperwork crisis the exchange closed every Wednesday of a week without a holiday.
const PAPERWORK_CRISIS_START = epochDayOf(1968, 6, 12);
const PAPERWORK_CRISIS_END = epochDayOf(1968, 12, 31);

const closuresByYear = new Map<number, ReadonlyMap<number, string>>();

function epochDayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function weekdayOf(epochDay: number): number {
  // 1970-01-01 was a Thursday; the double modulo keeps days before 1970 non-negative.
  return (((epochDay + THURSDAY) % 7) + 7) % 7;
}

function nthWeekdayOf(year: number, month: number, weekday: number, n: number): number {
  const first = epochDayOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekdayOf(year: number, month: number, weekday: number): number {
  const last = epochDayOf(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/**
 * Returns Easter Sunday of `year` as an epoch day, by the Anonymous Gregorian computus
 * (Meeus/Jones/Butcher), valid for every Gregorian year.
 */
function easterSundayOf(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayOf(year, month, day);
}

function isSaturdaySession(epochDay: number): boolean {
  if (epochDay > LAST_SATURDAY_SESSION) return false;
  return !SUMMER_SATURDAY_RECESSES.some(([from, to]) => epochDay >= from && epochDay <= to);
}

/** Returns whether the day would hold a session if it were not a holiday or a special closure. */
function isSessionWeekday(epochDay: number): boolean {
  const weekday = weekdayOf(epochDay);
  if (weekday === SUNDAY) return false;
  return weekday !== SATURDAY || isSaturdaySession(epochDay);
}

function computeClosures(year: number): ReadonlyMap<number, string> {
  const closures = new Map<number, string>();
  const close = (epochDay: number, name: string) => {
    if (!closures.has(epochDay)) closures.set(epochDay, name);
  };
  // A holiday on Sunday moves to Monday; on Saturday it moves to Friday from 1959-07-03, except
  // New Year's Day, whose Friday (Dec 31) ends the yearly accounting period (Rule 7.2's exception).
  const fixed = (month: number, day: number, name: string, moveSaturdayToFriday = true) => {
    const date = epochDayOf(year, month, day);
    const weekday = weekdayOf(date);
    if (weekday === SUNDAY) close(date + 1, `${name} (observed)`);
    else if (weekday !== SATURDAY || isSaturdaySession(date)) close(date, name);
    else if (moveSaturdayToFriday && date >= SATURDAY_RULE_START) close(date - 1, `${name} (observed)`);
  };

  fixed(1, 1, "New Year's Day", false);
  if (year >= 1998) close(nthWeekdayOf(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  if (year <= 1953) fixed(2, 12, "Lincoln's Birthday");
  if (year <= 1970) fixed(2, 22, "Washington's Birthday");
  else close(nthWeekdayOf(year, 2, MONDAY, 3), "Washington's Birthday");
  close(easterSundayOf(year) - 2, 'Good Friday');
  if (year <= 1970) fixed(5, 30, 'Memorial Day');
  else close(lastWeekdayOf(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2022) fixed(6, 19, 'Juneteenth National Independence Day');
  fixed(7, 4, 'Independence Day');
  close(nthWeekdayOf(year, 9, MONDAY, 1), 'Labor Day');
  if (year <= 1953) fixed(10, 12, 'Columbus Day');
  // Election Day (the Tuesday after the first Monday of November) closed the exchange every year
  // until 1968, then in presidential election years only until 1980.
  if (year <= 1968 || (year <= 1980 && year % 4 === 0)) close(nthWeekdayOf(year, 11, MONDAY, 1) + 1, 'Election Day');
  if (year <= 1953) fixed(11, 11, "Veterans' Day");
  close(nthWeekdayOf(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  fixed(12, 25, 'Christmas Day');

  const yearStart = epochDayOf(year, 1, 1);
  const yearEnd = epochDayOf(year + 1, 1, 1);
  for (const [epochDay, name] of SPECIAL_BY_DAY) {
    if (epochDay >= yearStart && epochDay < yearEnd) close(epochDay, name);
  }
  if (year === 1968) {
    for (let wednesday = PAPERWORK_CRISIS_START; wednesday <= PAPERWORK_CRISIS_END; wednesday += 7) {
      let holidayWeek = false;
      for (let day = wednesday - 2; day <= wednesday + 2; day++) holidayWeek ||= closures.has(day);
      if (!holidayWeek) close(wednesday, 'Paperwork crisis');
    }
  }

  const sessionsOnly = new Map<number, string>();
  for (const epochDay of [...closures.keys()].sort((x, y) => x - y)) {
    if (isSessionWeekday(epochDay)) sessionsOnly.set(epochDay, closures.get(epochDay) as string);
  }
  return sessionsOnly;
}

function closuresOf(year: number): ReadonlyMap<number, string> {
  let closures = closuresByYear.get(year);
  if (!closures) {
    closures = computeClosures(year);
    closuresByYear.set(year, closures);
  }
  return closures;
}

function checkEpochDay(epochDay: number, field: string): void {
  if (!Number.isInteger(epochDay) || epochDay < FIRST_DAY || epochDay > LAST_DAY) {
    throw new ValidationError(
      field,
      `a day in ${NYSE_CALENDAR_FIRST_YEAR}..${NYSE_CALENDAR_LAST_YEAR} (epoch days ${FIRST_DAY}..${LAST_DAY}, or a Date)`,
      String(epochDay),
    );
  }
}

function isTradingEpochDay(epochDay: number): boolean {
  return isSessionWeekday(epochDay) && !closuresOf(new Date(epochDay * DAY_MS).getUTCFullYear()).has(epochDay);
}

/**
 * Returns whether the NYSE held (or, by its rules, will hold) a session on a day, given as an
 * epoch day (days since 1970-01-01) or as a `Date` whose UTC calendar day is taken.
 *
 * Rules, for 1950..2100: no Sunday sessions; Saturday sessions until 1952-05-24 (except the summer
 * recesses of 1950 and 1951); the holidays New Year's Day, Martin Luther King Jr. Day (3rd Monday of
 * January, from 1998), Lincoln's Birthday (Feb 12, until 1953), Washington's Birthday (Feb 22 until
 * 1970, 3rd Monday of February from 1971), Good Friday (Anonymous Gregorian computus), Memorial Day
 * (May 30 until 1970, last Monday of May from 1971), Juneteenth (Jun 19, from 2022), Independence
 * Day, Labor Day (1st Monday of September), Columbus Day (Oct 12, until 1953), Election Day (until
 * 1968, then presidential years to 1980), Veterans' Day (Nov 11, until 1953), Thanksgiving (4th
 * Thursday of November) and Christmas; fixed-date holidays on Sunday move to Monday, on Saturday to
 * Friday (from 1959-07-03, and never for New Year's Day, per NYSE Rule 7.2); plus the special
 * closures listed in the source (9/11, Hurricane Sandy, days of mourning, …).
 * Throws {@link ValidationError} for days outside 1950..2100, which also catches epoch ms passed by mistake.
 * @see https://www.nyse.com/markets/hours-calendars
 */
export function isNyseTradingDay(day: number | Date): boolean {
  const epochDay = day instanceof Date ? epochDayOfTime(day.getTime()) : day;
  checkEpochDay(epochDay, 'date');
  return isTradingEpochDay(epochDay);
}

/**
 * Returns the NYSE trading days whose UTC calendar day lies between the UTC calendar days of
 * `startMs` and `endMs` (both inclusive), as UTC-midnight epoch ms in ascending order.
 * Throws {@link ValidationError} when either end is outside 1950..2100 or start is after end.
 */
export function nyseTradingDays(startMs: number, endMs: number): number[] {
  const first = epochDayOfTime(startMs);
  const last = epochDayOfTime(endMs);
  checkEpochDay(first, 'start_date');
  checkEpochDay(last, 'end_date');
  if (first > last) {
    throw new ValidationError('start_date', `a start on or before ${isoDateOf(last * DAY_MS)}`, isoDateOf(first * DAY_MS));
  }
  const days: number[] = [];
  for (let epochDay = first; epochDay <= last; epochDay++) {
    if (isTradingEpochDay(epochDay)) days.push(epochDay * DAY_MS);
  }
  return days;
}

/**
 * Returns the days of `year` on which the NYSE would have held a session but was closed (holidays,
 * their observed days and special closures), in date order. Holidays that fall on a day without a
 * session (a Saturday after 1952, New Year's Day on a Saturday) are not listed.
 */
export function nyseClosures(year: number): NyseClosure[] {
  if (!Number.isInteger(year) || year < NYSE_CALENDAR_FIRST_YEAR || year > NYSE_CALENDAR_LAST_YEAR) {
    throw new ValidationError('year', `an integer year in ${NYSE_CALENDAR_FIRST_YEAR}..${NYSE_CALENDAR_LAST_YEAR}`, String(year));
  }
  return [...closuresOf(year)].map(([epochDay, name]) => ({ timeMs: epochDay * DAY_MS, name }));
}
