import { ValidationError } from '@nautilus/domain';
import { isNyseTradingDay, nyseTradingDays } from './nyse-calendar';
import { DAY_MS, epochDayOfTime, finiteExtent } from './utc-days';

/** Options of {@link measureCoverage}; absent ends default to the earliest / latest bar. */
export interface CoverageOptions {
  /** Epoch ms; its UTC calendar day is the first day measured. */
  readonly startMs?: number;
  /** Epoch ms; its UTC calendar day is the last day measured. */
  readonly endMs?: number;
}

/** A run of consecutive NYSE trading days without a bar; both ends are UTC midnight epoch ms, inclusive. */
export interface MissingPeriod {
  readonly startMs: number;
  readonly endMs: number;
  readonly tradingDays: number;
}

/** Result of {@link measureCoverage}. */
export interface Coverage {
  /** UTC midnight of the first day measured, epoch ms. */
  readonly startMs: number;
  /** UTC midnight of the last day measured, epoch ms. */
  readonly endMs: number;
  /** NYSE trading days in the range. */
  readonly expectedDays: number;
  /** Those of them with at least one bar. */
  readonly presentDays: number;
  /** presentDays / expectedDays; NaN when the range holds no trading day. */
  readonly coverageFraction: number;
  /** Every missing trading day, merged into runs, in date order. */
  readonly missingPeriods: readonly MissingPeriod[];
  /** Days in the range that have bars although the NYSE was closed, UTC midnight epoch ms, ascending. */
  readonly offCalendarDays: readonly number[];
}

/**
 * Returns how completely bar times cover the NYSE trading days of a range: the share of trading
 * days with at least one bar, the missing trading days merged into runs (a run continues across
 * weekends and holidays, so a missing Friday and the following Monday form one period), and the
 * days with bars on which the NYSE was closed. A day is the UTC calendar day of a bar's time, so
 * intraday bars count their day once. Non-finite times and bars outside the range are ignored.
 *
 * Throws {@link ValidationError} when there is neither a finite time nor a full range to measure,
 * or when a day lies outside the calendar's 1950..2100.
 */
export function measureCoverage(time: ArrayLike<number>, options: CoverageOptions = {}): Coverage {
  const [earliest, latest] = finiteExtent(time);
  const startMs = options.startMs ?? earliest;
  const endMs = options.endMs ?? latest;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    throw new ValidationError('time', 'at least one finite bar time, or both startMs and endMs', `start ${startMs} and end ${endMs} from ${time.length} bars`);
  }
  const firstDay = epochDayOfTime(startMs);
  const lastDay = epochDayOfTime(endMs);
  const expected = nyseTradingDays(startMs, endMs);

  const barDays = new Set<number>();
  for (let i = 0; i < time.length; i++) {
    const day = epochDayOfTime(time[i]);
    if (day >= firstDay && day <= lastDay) barDays.add(day);
  }

  const missingPeriods: MissingPeriod[] = [];
  let presentDays = 0;
  let runStart = 0;
  let runLength = 0;
  const closeRun = (lastIndex: number) => {
    missingPeriods.push({ startMs: expected[runStart], endMs: expected[lastIndex], tradingDays: runLength });
    runLength = 0;
  };
  for (let k = 0; k < expected.length; k++) {
    if (barDays.has(expected[k] / DAY_MS)) {
      presentDays++;
      if (runLength > 0) closeRun(k - 1);
    } else if (runLength++ === 0) runStart = k;
  }
  if (runLength > 0) closeRun(expected.length - 1);

  const offCalendarDays = [...barDays]
    .filter((day) => !isNyseTradingDay(day))
    .sort((a, b) => a - b)
    .map((day) => day * DAY_MS);

  return {
    startMs: firstDay * DAY_MS,
    endMs: lastDay * DAY_MS,
    expectedDays: expected.length,
    presentDays,
    coverageFraction: expected.length === 0 ? NaN : presentDays / expected.length,
    missingPeriods,
    offCalendarDays,
  };
}
