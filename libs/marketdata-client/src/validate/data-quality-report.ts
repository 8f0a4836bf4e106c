import { BarColumns, inferPeriodsPerYear, ValidationError } from '@nautilus/domain';
import { BAD_ROW_CLASSES, BadRowClass, BarQuality, checkColumnLengths, countBadRows } from './bar-quality';
import { Coverage, measureCoverage } from './coverage';
import { epochDayOfTime, finiteExtent, isoDateOf } from './utc-days';

/** Options of {@link validateSymbolData}. */
export interface DataQualityOptions {
  /** Epoch ms; when given, only bars from its UTC day on are checked and coverage starts there. */
  readonly startMs?: number;
  /** Epoch ms; when given, only bars up to its UTC day are checked and coverage ends there. */
  readonly endMs?: number;
  /** Price-jump threshold in robust standard deviations (see `countBadRows`). Default 6. */
  readonly jumpSigmas?: number;
  /** Row indices listed per bad-row class. Default 5. */
  readonly sampleSize?: number;
  /** Missing periods and off-calendar dates listed at most. Default 10. */
  readonly maxListed?: number;
  /** Least coverage, in percent, for `ready_for_backtest`. Default 95. */
  readonly minCoveragePct?: number;
}

/** A run of missing NYSE trading days, as ISO dates (both inclusive). */
export interface MissingPeriodReport {
  readonly start: string;
  readonly end: string;
  readonly trading_days: number;
}

/** Rows of one bad-row class: how many, and the first few 0-based row indices of the input. */
export interface BadRowClassReport {
  readonly count: number;
  readonly first_rows: readonly number[];
}

/** The data-quality report of one symbol, shaped as the `GET /data/validate` output (snake_case). */
export interface SymbolDataQuality {
  readonly symbol: string;
  /** Whether there is at least one bar (in the requested range, if any). */
  readonly available: boolean;
  /** UTC date of the earliest / latest finite bar time, `YYYY-MM-DD`. */
  readonly earliest_date: string | null;
  readonly latest_date: string | null;
  /** Rows checked (those in the requested range, plus rows whose time is not finite). */
  readonly bars: number;
  /** NYSE trading days from the first to the last day measured. */
  readonly expected_trading_days: number;
  /** Share of those days with at least one bar, in percent (2 decimals); null when none is expected. */
  readonly coverage_pct: number | null;
  readonly missing_trading_days: number;
  /** The `maxListed` longest runs of missing trading days, in date order. */
  readonly missing_periods: readonly MissingPeriodReport[];
  readonly missing_periods_total: number;
  /** The first `maxListed` dates that have bars although the NYSE was closed. */
  readonly off_calendar_dates: readonly string[];
  readonly off_calendar_total: number;
  readonly bad_rows: Readonly<Record<BadRowClass, BadRowClassReport>>;
  /** Rows in at least one bad-row class other than `zero_volume`. */
  readonly bad_rows_total: number;
  /** Rows `createBarSeries` would reject (non-finite, non-positive, out of range, duplicate or unsorted). */
  readonly invalid_rows_total: number;
  /** 100 × coverage fraction × (1 − bad_rows_total / bars), 1 decimal; 0 when unavailable. */
  readonly data_quality_score: number;
  /** available, ≥ 2 bars, no invalid row, and coverage_pct ≥ minCoveragePct. */
  readonly ready_for_backtest: boolean;
  readonly recommendations: readonly string[];
}

const NO_BARS: BarColumns = { time: [], open: [], high: [], low: [], close: [] };

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function checkOptionalTime(value: number | undefined, field: string): void {
  if (value !== undefined && !Number.isFinite(value)) throw new ValidationError(field, 'finite epoch milliseconds', String(value));
}

/**
 * Returns the rows whose finite time falls on a UTC day in [startMs, endMs] or whose time is not
 * finite (they belong to no day but are still bad rows worth reporting), and their input indices.
 */
function selectRows(bars: BarColumns, startMs: number, endMs: number): { columns: BarColumns; rowIndex: Int32Array } {
  const firstDay = epochDayOfTime(startMs);
  const lastDay = epochDayOfTime(endMs);
  const keep: number[] = [];
  for (let i = 0; i < bars.time.length; i++) {
    const t = bars.time[i];
    const day = epochDayOfTime(t);
    if (!Number.isFinite(t) || (day >= firstDay && day <= lastDay)) keep.push(i);
  }
  const pick = (column: ArrayLike<number>) => Float64Array.from(keep, (i) => column[i]);
  const volume = bars.volume;
  return {
    columns: {
      time: pick(bars.time),
      open: pick(bars.open),
      high: pick(bars.high),
      low: pick(bars.low),
      close: pick(bars.close),
      ...(volume ? { volume: pick(volume) } : {}),
    },
    rowIndex: Int32Array.from(keep),
  };
}

/** Returns the report of a symbol whose coverage cannot be measured: no data, no bar in range, or no finite time. */
function unmeasuredReport(
  symbol: string,
  quality: BarQuality,
  badRows: Record<BadRowClass, BadRowClassReport>,
  recommendation: string,
): SymbolDataQuality {
  return {
    symbol,
    available: quality.rows > 0,
    earliest_date: null,
    latest_date: null,
    bars: quality.rows,
    expected_trading_days: 0,
    coverage_pct: null,
    missing_trading_days: 0,
    missing_periods: [],
    missing_periods_total: 0,
    off_calendar_dates: [],
    off_calendar_total: 0,
    bad_rows: badRows,
    bad_rows_total: quality.badRows,
    invalid_rows_total: quality.invalidRows,
    data_quality_score: 0,
    ready_for_backtest: false,
    recommendations: [recommendation],
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What to do about each bad-row class; `rows` reads like "3 rows" and `where` like "rows 4, 9, …". */
const BAD_ROW_ADVICE: Readonly<Record<Exclude<BadRowClass, 'zero_volume' | 'price_jump'>, (rows: string, where: string) => string>> = {
  non_finite: (rows, where) => `Repair or drop ${rows} with NaN or infinite values (${where}).`,
  non_positive: (rows, where) => `Repair or drop ${rows} with a price ≤ 0 or a negative volume (${where}).`,
  high_below_low: (rows, where) => `Fix ${rows} whose high is below the low (${where}).`,
  open_outside_range: (rows, where) => `Fix ${rows} whose open lies outside [low, high] (${where}).`,
  close_outside_range: (rows, where) => `Fix ${rows} whose close lies outside [low, high] (${where}).`,
  duplicate_or_unsorted: (rows, where) => `Sort the bars by time and drop duplicate timestamps: ${rows} are not after the row before (${where}).`,
};

function recommend(
  symbol: string,
  rows: number,
  badRows: Record<BadRowClass, BadRowClassReport>,
  coverage: Coverage,
  periodsPerYear: number,
  options: { jumpSigmas: number; minCoveragePct: number },
): string[] {
  const out: string[] = [];
  const where = (name: BadRowClass) => {
    const { count, first_rows } = badRows[name];
    return `${count === 1 ? 'row' : 'rows'} ${first_rows.join(', ')}${count > first_rows.length ? ', …' : ''}`;
  };
  if (rows < 2) out.push(`${symbol} has ${plural(rows, 'bar')}; a backtest needs at least 2.`);
  for (const [name, advice] of Object.entries(BAD_ROW_ADVICE) as [BadRowClass, (rows: string, where: string) => string][]) {
    if (badRows[name].count > 0) out.push(advice(plural(badRows[name].count, 'row'), where(name)));
  }
  const jumps = badRows.price_jump.count;
  if (jumps > 0) {
    out.push(
      `Check ${plural(jumps, 'close-to-close move')} beyond ${options.jumpSigmas} robust standard deviations (${where('price_jump')}): ` +
        'an unadjusted split or dividend moves the price once, a bad tick moves it away and back; use adjusted prices or repair the ticks.',
    );
  }
  const zeroVolume = badRows.zero_volume.count;
  if (zeroVolume === rows) {
    out.push('Every bar has zero volume (an index or a quote series?): volume-based indicators and volume-limited fills will not work.');
  } else if (zeroVolume > 0) {
    out.push(`${plural(zeroVolume, 'bar')} with zero volume (${where('zero_volume')}): check for stale or filled-in bars.`);
  }
  const missingDays = coverage.expectedDays - coverage.presentDays;
  if (missingDays > 0) {
    const longest = coverage.missingPeriods.reduce((a, b) => (b.tradingDays > a.tradingDays ? b : a));
    out.push(
      `Fill ${plural(missingDays, 'missing NYSE trading day')} in ${plural(coverage.missingPeriods.length, 'gap')} ` +
        `(longest ${isoDateOf(longest.startMs)} … ${isoDateOf(longest.endMs)}, ${plural(longest.tradingDays, 'day')}).`,
    );
  }
  const coveragePct = 100 * coverage.coverageFraction;
  if (Number.isNaN(coveragePct)) {
    out.push('No NYSE trading day lies in the range, so coverage cannot be measured.');
  } else if (coveragePct < options.minCoveragePct) {
    out.push(`Coverage ${roundTo(coveragePct, 2)}% is below the ${options.minCoveragePct}% a backtest needs.`);
  }
  if (periodsPerYear <= 52) {
    out.push("The bars are weekly or sparser; coverage counts NYSE trading days, so it is low by construction: use daily bars or judge coverage at the bars' own frequency.");
  }
  const offCalendar = coverage.offCalendarDays.length;
  if (offCalendar > 0) {
    out.push(
      `${plural(offCalendar, 'date')} with bars although the NYSE was closed (e.g. ${coverage.offCalendarDays.slice(0, 3).map(isoDateOf).join(', ')}): ` +
        'the symbol may trade on another calendar (FX, crypto, a non-US exchange), or its times are shifted by a time zone.',
    );
  }
  return out;
}

/**
 * Returns the data-quality report of one symbol's bars (see `docs/data-validation.md`): the date
 * range, NYSE trading-day coverage with merged missing periods and off-calendar dates, bad rows by
 * class, a score, a readiness flag and recommendations. `bars` is undefined when the symbol has no
 * data; it may hold rows `createBarSeries` would reject (NaN, zeros, unsorted times).
 *
 * Score: data_quality_score = 100 × c × (1 − b/n), rounded to 1 decimal, where c = coverage
 * fraction (0 when no trading day is expected), b = bad_rows_total and n = bars; both factors lie in
 * [0, 1], so the score lies in [0, 100]. Zero volume lowers no score because indices and quote
 * series carry none.
 *
 * Readiness: ready_for_backtest = available ∧ n ≥ 2 ∧ invalid_rows_total = 0 ∧ coverage_pct ≥
 * minCoveragePct. Price jumps do not block (a real crash looks alike) but lower the score.
 *
 * Throws {@link ValidationError} for out-of-range options and for days outside 1950..2100.
 */
export function validateSymbolData(symbol: string, bars: BarColumns | undefined, options: DataQualityOptions = {}): SymbolDataQuality {
  const jumpSigmas = options.jumpSigmas ?? 6;
  const maxListed = options.maxListed ?? 10;
  const minCoveragePct = options.minCoveragePct ?? 95;
  checkOptionalTime(options.startMs, 'start_date');
  checkOptionalTime(options.endMs, 'end_date');
  if (!Number.isInteger(maxListed) || maxListed < 0) throw new ValidationError('max_listed', 'an integer ≥ 0', String(maxListed));
  if (!(minCoveragePct >= 0 && minCoveragePct <= 100)) throw new ValidationError('min_coverage_pct', 'a number in [0, 100]', String(minCoveragePct));

  // Selecting rows by time reads every column at the same index, so lengths must agree first.
  if (bars) checkColumnLengths(bars);
  const hasRange = options.startMs !== undefined || options.endMs !== undefined;
  const selected = bars && hasRange ? selectRows(bars, options.startMs ?? -Infinity, options.endMs ?? Infinity) : undefined;
  const columns = selected?.columns ?? bars ?? NO_BARS;
  const quality = countBadRows(columns, { jumpSigmas, sampleSize: options.sampleSize });
  const badRows = {} as Record<BadRowClass, BadRowClassReport>;
  for (const name of BAD_ROW_CLASSES) {
    badRows[name] = { count: quality.classes[name].count, first_rows: quality.classes[name].firstRows.map((row) => selected?.rowIndex[row] ?? row) };
  }

  if (!bars) return unmeasuredReport(symbol, quality, badRows, `No data for ${symbol}: check the symbol name or add its data file.`);
  if (quality.rows === 0) {
    const [dataStart, dataEnd] = finiteExtent(bars.time);
    const extent = Number.isFinite(dataStart) ? `; its data runs from ${isoDateOf(dataStart)} to ${isoDateOf(dataEnd)}` : '';
    return unmeasuredReport(symbol, quality, badRows, `No bars for ${symbol} in the requested range${extent}.`);
  }
  const [earliest, latest] = finiteExtent(columns.time);
  if (Number.isNaN(earliest) && (options.startMs === undefined || options.endMs === undefined)) {
    return unmeasuredReport(symbol, quality, badRows, `No bar of ${symbol} has a finite time, so coverage cannot be measured: repair the time column.`);
  }

  const coverage = measureCoverage(columns.time, { startMs: options.startMs, endMs: options.endMs });
  const coverageFraction = Number.isNaN(coverage.coverageFraction) ? 0 : coverage.coverageFraction;
  const coveragePct = Number.isNaN(coverage.coverageFraction) ? null : roundTo(100 * coverage.coverageFraction, 2);
  const listedPeriods = [...coverage.missingPeriods]
    .sort((a, b) => b.tradingDays - a.tradingDays || a.startMs - b.startMs)
    .slice(0, maxListed)
    .sort((a, b) => a.startMs - b.startMs);
  const finiteTimes = Float64Array.from(columns.time).filter(Number.isFinite).sort();
  const score = roundTo(100 * coverageFraction * (1 - quality.badRows / quality.rows), 1);

  return {
    symbol,
    available: true,
    earliest_date: Number.isNaN(earliest) ? null : isoDateOf(earliest),
    latest_date: Number.isNaN(latest) ? null : isoDateOf(latest),
    bars: quality.rows,
    expected_trading_days: coverage.expectedDays,
    coverage_pct: coveragePct,
    missing_trading_days: coverage.expectedDays - coverage.presentDays,
    missing_periods: listedPeriods.map((p) => ({ start: isoDateOf(p.startMs), end: isoDateOf(p.endMs), trading_days: p.tradingDays })),
    missing_periods_total: coverage.missingPeriods.length,
    off_calendar_dates: coverage.offCalendarDays.slice(0, maxListed).map(isoDateOf),
    off_calendar_total: coverage.offCalendarDays.length,
    bad_rows: badRows,
    bad_rows_total: quality.badRows,
    invalid_rows_total: quality.invalidRows,
    data_quality_score: score,
    ready_for_backtest: quality.rows >= 2 && quality.invalidRows === 0 && 100 * coverage.coverageFraction >= minCoveragePct,
    recommendations: recommend(symbol, quality.rows, badRows, coverage, inferPeriodsPerYear(finiteTimes), { jumpSigmas, minCoveragePct }),
  };
}
