import { ValidationError } from '../errors/domain-error';

/** One OHLCV bar as a plain record; used only at the edges (API payloads, tests). */
export interface Bar {
  /** Bar open time, epoch milliseconds, UTC. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Columnar OHLCV for one symbol; built and validated once by {@link createBarSeries}, then treated as immutable. */
export interface BarSeries {
  readonly symbol: string;
  readonly length: number;
  /** Epoch milliseconds, UTC, strictly increasing. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Columns accepted by {@link createBarSeries}; plain arrays are copied into `Float64Array`s. */
export interface BarColumns {
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume?: ArrayLike<number>;
}

/** Options of {@link createBarSeries}. */
export interface BarSeriesOptions {
  /**
   * Row number reported in errors for index 0 (e.g. 2 for a CSV whose first data row is line 2).
   * Defaults to 0, so errors name the array index.
   */
  readonly firstRowNumber?: number;
  /** Reject bars whose high/low do not contain open and close. Defaults to true. */
  readonly checkRange?: boolean;
}

const COLUMNS = ['open', 'high', 'low', 'close'] as const;

function toFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * Returns a validated {@link BarSeries}: equal column lengths, strictly increasing finite times,
 * finite positive prices, finite non-negative volume and (unless disabled) low ≤ open, close ≤ high.
 * Throws {@link ValidationError} naming the column and row of the first bad value.
 */
export function createBarSeries(symbol: string, columns: BarColumns, options: BarSeriesOptions = {}): BarSeries {
  if (typeof symbol !== 'string' || symbol.length === 0) {
    throw new ValidationError('symbol', 'a non-empty string', JSON.stringify(symbol));
  }
  const n = columns.time.length;
  const base = options.firstRowNumber ?? 0;
  const checkRange = options.checkRange ?? true;
  const time = toFloat64(columns.time);
  const cols = {
    open: toFloat64(columns.open),
    high: toFloat64(columns.high),
    low: toFloat64(columns.low),
    close: toFloat64(columns.close),
  };
  const volume = columns.volume ? toFloat64(columns.volume) : new Float64Array(n);
  for (const name of [...COLUMNS, 'volume'] as const) {
    const len = name === 'volume' ? volume.length : cols[name].length;
    if (len !== n) throw new ValidationError(name, `${n} values (as many as time)`, `${len}`);
  }
  for (let i = 0; i < n; i++) {
    const row = base + i;
    const t = time[i];
    if (!Number.isFinite(t)) throw new ValidationError('time', 'a finite timestamp', String(t), row);
    if (i > 0) {
      const prev = time[i - 1];
      if (t === prev) throw new ValidationError('time', 'unique timestamps', `duplicate ${new Date(t).toISOString()}`, row);
      if (t < prev) {
        throw new ValidationError(
          'time',
          `timestamps sorted ascending (after ${new Date(prev).toISOString()})`,
          new Date(t).toISOString(),
          row,
        );
      }
    }
    for (const name of COLUMNS) {
      const v = cols[name][i];
      if (!Number.isFinite(v) || v <= 0) throw new ValidationError(name, 'a finite positive price', String(v), row);
    }
    const vol = volume[i];
    if (!Number.isFinite(vol) || vol < 0) throw new ValidationError('volume', 'a finite non-negative number', String(vol), row);
    if (checkRange) {
      const o = cols.open[i], h = cols.high[i], l = cols.low[i], c = cols.close[i];
      if (h < o || h < c || h < l) throw new ValidationError('high', `≥ open, low and close (${Math.max(o, c, l)})`, String(h), row);
      if (l > o || l > c) throw new ValidationError('low', `≤ open and close (${Math.min(o, c)})`, String(l), row);
    }
  }
  return Object.freeze({ symbol, length: n, time, ...cols, volume });
}

/** Returns the bars [start, end) of `series` as views sharing its buffers. */
export function sliceBarSeries(series: BarSeries, start: number, end: number = series.length): BarSeries {
  const s = Math.max(0, Math.min(series.length, start));
  const e = Math.max(s, Math.min(series.length, end));
  return Object.freeze({
    symbol: series.symbol,
    length: e - s,
    time: series.time.subarray(s, e),
    open: series.open.subarray(s, e),
    high: series.high.subarray(s, e),
    low: series.low.subarray(s, e),
    close: series.close.subarray(s, e),
    volume: series.volume.subarray(s, e),
  });
}

/** Returns the bars whose time lies in [startMs, endMs] (inclusive) as views. */
export function sliceBarSeriesByTime(series: BarSeries, startMs: number, endMs: number): BarSeries {
  return sliceBarSeries(series, lowerBound(series.time, startMs), lowerBound(series.time, endMs, true));
}

/** Returns the first index whose time is ≥ t (or > t when `strict`). */
function lowerBound(times: Float64Array, t: number, strict = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? times[mid] <= t : times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Returns the bar at index `i` as a plain record. */
export function barAt(series: BarSeries, i: number): Bar {
  return {
    time: series.time[i],
    open: series.open[i],
    high: series.high[i],
    low: series.low[i],
    close: series.close[i],
    volume: series.volume[i],
  };
}

/** Builds a {@link BarSeries} from bar records (tests, API payloads). */
export function barSeriesFromBars(symbol: string, bars: readonly Bar[], options?: BarSeriesOptions): BarSeries {
  return createBarSeries(
    symbol,
    {
      time: bars.map((b) => b.time),
      open: bars.map((b) => b.open),
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
      volume: bars.map((b) => b.volume),
    },
    options,
  );
}
