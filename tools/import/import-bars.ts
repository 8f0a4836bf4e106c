/**
 * Imports the bars of one symbol from a CSV or Parquet file into the embedded store
 * (see docs/marketdata.md). Run:
 * `npx tsx tools/import/import-bars.ts --store data/bars.sqlite --symbol GOOG --file ../shared/data/GOOG.csv [--frequency 1d]`
 * or `npm run import-data -- --symbol GOOG --file ../shared/data/GOOG.csv` with MARKETDATA_STORE_PATH set.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { BarSeries, createBarSeries, csvColumnCells, parseOhlcvCsv, parseTimestamp, ValidationError } from '@nautilus/domain';
import { EmbeddedBarStore, inferFrequency, MarketDataFrequency, parseMarketDataFrequency } from '@nautilus/marketdata-client';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';

/** What {@link importBars} imports, and where to. */
export interface ImportBarsOptions {
  /** The embedded store's SQLite file; created when missing. */
  readonly storePath: string;
  readonly symbol: string;
  /** A `.csv`/`.txt` file in the layout `parseOhlcvCsv` reads, or a `.parquet` file. */
  readonly file: string;
  /** The bars' frequency; inferred from their spacing when absent. */
  readonly frequency?: MarketDataFrequency;
}

/** What {@link importBars} wrote. */
export interface ImportBarsResult {
  readonly symbol: string;
  readonly frequency: MarketDataFrequency;
  readonly bars: number;
  readonly firstTimeMs: number;
  readonly lastTimeMs: number;
  /** Whether the file had an `adj_factor` column, stored beside the raw prices. */
  readonly adjusted: boolean;
}

interface BarFile {
  readonly series: BarSeries;
  readonly adjFactor?: Float64Array;
}

const TIME_COLUMNS = ['date', 'datetime', 'time', 'timestamp'];

/**
 * Reads `file` and upserts its bars into the store at `storePath`, replacing bars already stored at
 * the same times. Columns: a time (Date/Datetime/Time/Timestamp, or the empty first header cell of a
 * pandas CSV), Open, High, Low, Close, optional Volume and optional adj_factor (an empty or null
 * factor means 1), case-insensitive. Throws ValidationError naming the column and row of a bad
 * value, or on `frequency` when none is given and the spacing does not tell.
 */
export async function importBars(options: ImportBarsOptions): Promise<ImportBarsResult> {
  const symbol = options.symbol.toUpperCase();
  const { series, adjFactor } = /^\.parquet$/i.test(extname(options.file)) ? await readParquetBars(options.file, symbol) : readCsvBars(options.file, symbol);
  if (series.length === 0) throw new ValidationError('file', 'at least one bar', `no rows in ${options.file}`);
  const frequency = options.frequency ?? inferredFrequency(series);
  const store = new EmbeddedBarStore(options.storePath);
  try {
    store.upsert(symbol, frequency, series, adjFactor);
  } finally {
    store.close();
  }
  return { symbol, frequency, bars: series.length, firstTimeMs: series.time[0], lastTimeMs: series.time[series.length - 1], adjusted: adjFactor !== undefined };
}

function inferredFrequency(series: BarSeries): MarketDataFrequency {
  const inferred = inferFrequency(series);
  try {
    return parseMarketDataFrequency(inferred);
  } catch {
    throw new ValidationError('frequency', 'a --frequency of 1m, 5m, 1h or 1d, since the spacing of the bars does not tell', inferred ?? 'irregular spacing');
  }
}

function readCsvBars(file: string, symbol: string): BarFile {
  const text = readFileSync(file, 'utf8');
  const series = parseOhlcvCsv(text, symbol);
  // parseOhlcvCsv ignores extra columns; this one is read with the same line endings and quoting.
  const cells = csvColumnCells(text, 'adj_factor');
  if (!cells) return { series };
  const adjFactor = Float64Array.from(cells, (cell, r) => {
    const factor = cell === '' ? 1 : Number(cell);
    if (!Number.isFinite(factor) || factor <= 0) throw new ValidationError('adj_factor', 'a finite positive number', JSON.stringify(cell), r + 2);
    return factor;
  });
  return { series, adjFactor };
}

async function readParquetBars(file: string, symbol: string): Promise<BarFile> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let raw: Record<string, unknown[]>;
  try {
    raw = (await connection.runAndReadAll('SELECT * FROM read_parquet(?)', [file])).getColumnsObjectJS();
  } catch (error) {
    // DuckDB's own text ("IO Error: … too small to be a Parquet file") says why; the field says which input.
    throw new ValidationError('file', 'a Parquet file DuckDB can read', `${file}: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const byName = new Map(Object.entries(raw).map(([name, values]) => [name.toLowerCase(), { name, values }]));
  const timeColumn = TIME_COLUMNS.map((c) => byName.get(c)).find((c) => c !== undefined);
  if (!timeColumn) throw new ValidationError('parquet.columns', `a ${TIME_COLUMNS.join('/')} column`, Object.keys(raw).join(', '));
  const numbers = (name: string, fallback?: number): Float64Array => {
    const column = byName.get(name);
    if (!column) {
      if (fallback === undefined) throw new ValidationError('parquet.columns', `a column named ${name}`, Object.keys(raw).join(', '));
      return new Float64Array(timeColumn.values.length).fill(fallback);
    }
    // Row numbers count from 1, as a reader of the file would.
    return Float64Array.from(column.values, (v, r) => (v === null && fallback !== undefined ? fallback : numberOf(v, name, r + 1)));
  };
  const time = Float64Array.from(timeColumn.values, (v, r) => timeOf(v, timeColumn.name, r + 1));
  const columns = { time, open: numbers('open'), high: numbers('high'), low: numbers('low'), close: numbers('close'), volume: numbers('volume', 0) };
  const adjFactor = byName.has('adj_factor') ? numbers('adj_factor', 1) : undefined;
  // Parquet writers may split a table into row groups written out of order; the store wants ascending times.
  const order = Array.from(time.keys()).sort((a, b) => time[a] - time[b]);
  const sorted = (values: Float64Array) => Float64Array.from(order, (i) => values[i]);
  const series = createBarSeries(symbol, {
    time: sorted(columns.time),
    open: sorted(columns.open),
    high: sorted(columns.high),
    low: sorted(columns.low),
    close: sorted(columns.close),
    volume: sorted(columns.volume),
  });
  return adjFactor ? { series, adjFactor: sorted(adjFactor) } : { series };
}

function numberOf(value: unknown, column: string, row: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new ValidationError(column, 'a number', value === null ? 'null' : JSON.stringify(value) ?? String(value), row);
}

/** Returns epoch ms of a DATE/TIMESTAMP (read as UTC, like the CSV files), a number of epoch s or ms, or a date string. */
function timeOf(value: unknown, column: string, row: number): number {
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseTimestamp(value) : typeof value === 'number' || typeof value === 'bigint' ? parseTimestamp(String(value)) : NaN;
  if (!Number.isFinite(t)) throw new ValidationError(column, 'a date, a timestamp or epoch seconds/ms', value === null ? 'null' : String(value), row);
  return t;
}

const USAGE = 'usage: import-bars --store <file.sqlite> --symbol <SYMBOL> --file <bars.csv|bars.parquet> [--frequency 1m|5m|1h|1d]';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { store: { type: 'string' }, symbol: { type: 'string' }, file: { type: 'string' }, frequency: { type: 'string' } },
  });
  const storePath = values.store ?? process.env.MARKETDATA_STORE_PATH;
  if (!storePath || !values.symbol || !values.file) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const result = await importBars({
    storePath,
    symbol: values.symbol,
    file: values.file,
    ...(values.frequency === undefined ? {} : { frequency: parseMarketDataFrequency(values.frequency) }),
  });
  const iso = (t: number) => new Date(t).toISOString();
  console.log(
    `imported ${result.bars} ${result.frequency} bars of ${result.symbol} (${iso(result.firstTimeMs)} … ${iso(result.lastTimeMs)}` +
      `${result.adjusted ? ', with adj_factor' : ''}) into ${storePath}`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
