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
const DATE_EXPECTED = 'a UTC date like 2004-08-19, 20040819 or 2017-04-19 09:00:00 (an offset other than Z is not read)';

/**
 * Parses a date cell, read as UTC because the sources carry no zone: `YYYY-MM-DD`, `YYYY-MM-DD
 * HH:MM[:SS[.mmm]]` (or with `T`, optionally ending in `Z` or `+00:00`; any other offset is
 * rejected rather than ignored), `YYYYMMDD`, or a number of epoch seconds (< 1e11) or milliseconds.
 * Returns NaN if invalid.
 */
export function parseTimestamp(cell: string): number {
  const s = cell.trim();
  // 8 digits are a compact date (Stooq, MetaStock exports): as epoch seconds they would fall in 1970-1973.
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return utcTime(compact[1], compact[2], compact[3]);
  if (/^\d+(\.\d+)?$/.test(s)) {
    const v = Number(s);
    return v < 1e11 ? v * 1000 : v;
  }
  // Digits past the milliseconds must be zeros (pandas writes microseconds): bar times are whole ms.
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})0*)?)?)?(Z|[+-]00:?00)?$/.exec(s);
  if (!m) return NaN;
  return utcTime(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
}

/** Returns the epoch ms of a UTC date and time given as digit strings, or NaN when it is not a real one. */
function utcTime(year: string, month: string, day: string, hour = '0', minute = '0', second = '0', fraction = '0'): number {
  const [y, mo, d, h, mi, se] = [year, month, day, hour, minute, second].map(Number);
  const ms = Number(fraction.padEnd(3, '0'));
  const t = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  const back = new Date(t);
  // Date.UTC rolls 2021-02-30 over to March; a real calendar date round-trips.
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && se < 60 ? t : NaN;
}

/**
 * Returns the cells of one CSV line (RFC 4180 quoting): a cell in double quotes may hold commas, and
 * `""` inside it stands for one quote. Returns undefined when a quote is not closed on the line.
 */
function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let rest = line;
  for (;;) {
    const quoted = /^\s*"((?:[^"]|"")*)"\s*(,|$)/.exec(rest);
    if (quoted) {
      cells.push(quoted[1].replace(/""/g, '"'));
      rest = rest.slice(quoted[0].length);
      if (quoted[2] === '') return cells;
      continue;
    }
    if (/^\s*"/.test(rest)) return undefined;
    const comma = rest.indexOf(',');
    if (comma < 0) return [...cells, rest];
    cells.push(rest.slice(0, comma));
    rest = rest.slice(comma + 1);
  }
}

/** Returns one timestamp cell from a date cell (`YYYY-MM-DD` or `YYYYMMDD`) and a time-of-day cell (`HH:MM[:SS]`). */
function dateAndTime(date: string, time: string): string {
  const d = date.trim();
  const day = /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
  return `${day} ${time.trim()}`;
}

/** Returns the lines of a CSV text without its trailing empty ones; LF, CRLF and a lone CR each end a line. */
function csvLines(text: string): string[] {
  // A lone CR ends a line too (classic Mac files): otherwise the whole file would read as a header.
  const lines = text.split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/**
 * Returns the trimmed cells of column `name` (matched as header names are: case and surrounding
 * spaces aside) in each data row of a CSV text, read with the line endings and quoting of
 * {@link parseOhlcvCsv}; undefined when the header has no such column. For columns it does not
 * read, such as an importer's `adj_factor`.
 */
export function csvColumnCells(text: string, name: string): string[] | undefined {
  const lines = csvLines(text);
  const header = lines.length > 0 ? splitCsvLine(lines[0]) : undefined;
  const column = header ? header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase()) : -1;
  if (column < 0) return undefined;
  return lines.slice(1).map((line, r) => {
    const cells = splitCsvLine(line);
    if (!cells || column >= cells.length) throw new ValidationError(name, `a ${name} cell`, JSON.stringify(line), r + 2);
    return cells[column].trim();
  });
}

// A plain decimal, so that Number's extras (hex `0x10`, binary `0b1`) do not pass as prices.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Returns the number in a trimmed cell, or NaN when it is empty or not a plain finite decimal. */
function parseDecimal(cell: string): number {
  return DECIMAL.test(cell) ? Number(cell) : NaN;
}

/**
 * Returns the bars of an OHLCV CSV text with a header row: a column named Date, Datetime, Time or
 * Timestamp (or a first column left unnamed, as pandas writes an index) holds the time, and a Time
 * column beside a Date column holds the time of day; Open, High, Low, Close
 * are required, Volume and Adj Close optional, other columns ignored. Header names are matched
 * without regard to case or surrounding spaces; cells may be in RFC 4180 double quotes; lines
 * end in LF, CRLF or CR. Errors name the 1-based line as an editor numbers it (the header is line 1;
 * the message says "row") and the column. A file without data rows is rejected.
 */
export function parseOhlcvCsv(text: string, symbol: string, options: CsvOptions = {}): BarSeries {
  const columns = readOhlcvColumns(text, { adjust: options.adjust ?? false });
  if (columns.time.length === 0) throw new ValidationError('csv', 'at least one data row after the header', 'only the header', 2);
  return createBarSeries(symbol, columns, { firstRowNumber: 2, checkRange: options.checkRange ?? true });
}

/**
 * Reads the columns of an OHLCV CSV text (format as {@link parseOhlcvCsv}) without the checks of
 * a BarSeries. The header, field counts and times must be sound; with `lenient`, price and volume
 * cells that are empty or not numbers become NaN so that a validator can count them.
 */
export function readOhlcvColumns(text: string, options: CsvReadOptions = {}): Required<BarColumns> {
  const lines = csvLines(text);
  if (lines.length === 0) throw new ValidationError('csv', 'a header row', 'an empty file');
  const headerCells = splitCsvLine(lines[0]);
  if (!headerCells) throw new ValidationError('csv.header', 'a closing double quote', JSON.stringify(lines[0]), 1);
  const header = headerCells.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const timeCol = ['date', 'datetime', 'time', 'timestamp', ''].map(col).find((c) => c >= 0) ?? -1;
  if (timeCol < 0) throw new ValidationError('csv.header', 'a Date/Datetime/Time/Timestamp column (or an empty first cell)', JSON.stringify(lines[0]));
  // A Time column beside Date (Date,Time,Open,… as vendors write intraday bars) holds the time of day.
  const clockCol = header[timeCol] === 'date' ? col('time') : -1;
  for (const name of REQUIRED) {
    if (col(name) < 0) throw new ValidationError(`csv.header`, `a column named ${name[0].toUpperCase()}${name.slice(1)}`, JSON.stringify(lines[0]));
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
    const cells = splitCsvLine(lines[r + 1]);
    if (!cells) throw new ValidationError('csv', 'a closing double quote', JSON.stringify(lines[r + 1]), line);
    if (cells.length !== header.length) {
      throw new ValidationError('csv', `${header.length} fields as in the header`, `${cells.length} fields`, line);
    }
    const stamp = clockCol >= 0 ? dateAndTime(cells[timeCol], cells[clockCol]) : cells[timeCol];
    const t = parseTimestamp(stamp);
    if (!Number.isFinite(t)) throw new ValidationError(clockCol >= 0 ? 'date, time' : header[timeCol] || 'date', DATE_EXPECTED, JSON.stringify(stamp), line);
    time[r] = t;
    const num = (c: number, name: string) => {
      const v = parseDecimal(cells[c].trim());
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
