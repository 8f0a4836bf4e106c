import { ValidationError } from '../errors/domain-error';
import { BarColumns, BarSeries, createBarSeries } from './bar-series';

/** Options of {@link parseOhlcvCsv}. */
export interface CsvOptions {
  /** Reject rows whose high/low do not contain open and close (default true). */
  readonly checkRange?: boolean;
  /** Scale open/high/low/close by `Adj Close / Close` when that column exists (default false). */
  readonly adjust?: boolean;
}

/** Options of {@link readOhlcvColumns}. */
export interface CsvReadOptions {
  readonly adjust?: boolean;
  /** Keep rows with empty or non-numeric price cells as NaN instead of throwing (for data validation). */
  readonly lenient?: boolean;
}

const REQUIRED = ['open', 'high', 'low', 'close'] as const;

/**
 * Parses a date cell: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (or with `T`), read as UTC because the
 * sources carry no zone, or a number of epoch seconds (< 1e11) or milliseconds. Returns NaN if invalid.
 */
export function parseTimestamp(cell: string): number {
  const s = cell.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const v = Number(s);
    return v < 1e11 ? v * 1000 : v;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]00:?00)?$/.exec(s);
  if (!m) return NaN;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  // Date.UTC rolls 2021-02-30 over to March; a real calendar date round-trips.
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && se < 60 ? t : NaN;
}

/**
 * Returns the bars of an OHLCV CSV text with a header row: the first column (named Date, Datetime,
 * Time, Timestamp, or left empty as pandas writes an index) holds the time; Open, High, Low, Close
 * are required, Volume and Adj Close optional, other columns ignored. Errors name the 1-based line
 * (the header is line 1) and the column.
 */
export function parseOhlcvCsv(text: string, symbol: string, options: CsvOptions = {}): BarSeries {
  const columns = readOhlcvColumns(text, { adjust: options.adjust ?? false });
  return createBarSeries(symbol, columns, { firstRowNumber: 2, checkRange: options.checkRange ?? true });
}

/**
 * Reads the columns of an OHLCV CSV text (format as {@link parseOhlcvCsv}) without the checks of
 * a BarSeries. The header, field counts and times must be sound; with `lenient`, price and volume
 * cells that are empty or not numbers become NaN so that a validator can count them.
 */
export function readOhlcvColumns(text: string, options: CsvReadOptions = {}): Required<BarColumns> {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new ValidationError('csv', 'a header row', 'an empty file');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const timeCol = ['date', 'datetime', 'time', 'timestamp', ''].map(col).find((c) => c >= 0) ?? -1;
  if (timeCol < 0) throw new ValidationError('csv.header', 'a Date/Datetime/Time/Timestamp column (or an empty first cell)', lines[0]);
  for (const name of REQUIRED) {
    if (col(name) < 0) throw new ValidationError(`csv.header`, `a column named ${name[0].toUpperCase()}${name.slice(1)}`, lines[0]);
  }
  const idx = { open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume'), adj: col('adj close') };
  const n = lines.length - 1;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const adjust = options.adjust === true && idx.adj >= 0;
  for (let r = 0; r < n; r++) {
    const line = r + 2;
    const cells = lines[r + 1].split(',');
    if (cells.length !== header.length) {
      throw new ValidationError('csv', `${header.length} fields as in the header`, `${cells.length} fields`, line);
    }
    const t = parseTimestamp(cells[timeCol]);
    if (!Number.isFinite(t)) throw new ValidationError(header[timeCol] || 'date', 'a date like 2004-08-19 or 2017-04-19 09:00:00', JSON.stringify(cells[timeCol]), line);
    time[r] = t;
    const num = (c: number, name: string) => {
      const cell = cells[c].trim();
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v) && !options.lenient) throw new ValidationError(name, 'a finite number', JSON.stringify(cells[c]), line);
      return v;
    };
    const f = adjust ? num(idx.adj, 'adj close') / num(idx.close, 'close') : 1;
    open[r] = num(idx.open, 'open') * f;
    high[r] = num(idx.high, 'high') * f;
    low[r] = num(idx.low, 'low') * f;
    close[r] = num(idx.close, 'close') * f;
    volume[r] = idx.volume >= 0 ? num(idx.volume, 'volume') : 0;
  }
  return { time, open, high, low, close, volume };
}
