import { BarColumns, BarSeries, DomainError, parseOhlcvCsv, readOhlcvColumns, sliceBarSeriesByTime } from '@nautilus/domain';
import { CsvFileSource, EmbeddedBarStore, symbolOfFile } from '@nautilus/marketdata-client';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { importBars } from '../import/import-bars';
import { Flags, FlagSpecs } from './args';
import { CliInputError } from './cli-error';
import { CliIo } from './command';

/** Flags that choose the bars: files, or symbols of the data folders or the embedded store, and a date range. */
export const DATA_FLAGS: FlagSpecs = {
  data: { arity: 'list', value: '<file.csv|file.parquet>…', help: 'OHLCV files, one symbol each (symbol from --symbol or the file name)' },
  symbol: { arity: 'list', value: '<SYMBOL>…', help: 'symbols of the data folders (BACKTESTING_DATA_DIRS) or of the embedded store (--store)' },
  store: { arity: 'value', value: '<bars.sqlite>', help: 'embedded store to read --symbol from (default MARKETDATA_STORE_PATH)' },
  from: { arity: 'value', value: '<YYYY-MM-DD>', help: 'first day of bars to use' },
  to: { arity: 'value', value: '<YYYY-MM-DD>', help: 'last day of bars to use (inclusive)' },
};

const DAY_MS = 86_400_000;

/** Returns the flag the bars came from, for errors about them. */
export function dataFlagOf(flags: Flags): string {
  return flags.has('data') ? '--data' : '--symbol';
}

/** Returns the start and end (epoch ms, inclusive; ±Infinity when absent) of --from/--to; a date alone means its whole UTC day. */
export function dateRangeOf(flags: Flags): { start: number; end: number } {
  const parse = (name: 'from' | 'to', fallback: number) => {
    const raw = flags.value(name);
    if (raw === undefined) return fallback;
    const t = Date.parse(raw);
    if (!Number.isFinite(t)) throw new CliInputError(`--${name}`, `expected a date such as 2010-01-31, found '${raw}'`);
    return name === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? t + DAY_MS - 1 : t;
  };
  const start = parse('from', -Infinity);
  const end = parse('to', Infinity);
  if (end < start) throw new CliInputError('--to', `expected a day on or after --from (${flags.value('from')}), found ${flags.value('to')}`);
  return { start, end };
}

/** Returns the CSV folders `--symbol` reads: BACKTESTING_DATA_DIRS, else the bundled samples and ../shared/data. */
function dataDirectories(io: CliIo, root: string): string[] {
  const dirs = io.env.BACKTESTING_DATA_DIRS;
  return dirs ? dirs.split(':').filter(Boolean) : [join(root, 'data', 'samples'), join(root, '..', 'shared', 'data')];
}

/** Returns the embedded store --store (or MARKETDATA_STORE_PATH) names, when either does. */
function storePathOf(flags: Flags, io: CliIo): string | undefined {
  const path = flags.value('store') ?? (io.env.MARKETDATA_STORE_PATH?.trim() || undefined);
  if (path !== undefined && !existsSync(resolve(io.cwd, path))) throw new CliInputError('--store', `no such file: ${path}`);
  return path === undefined ? undefined : resolve(io.cwd, path);
}

/** Returns the symbol of a data file: --symbol when it names one per file, else the file name (GOOG.csv → GOOG). */
function symbolsOfFiles(files: readonly string[], flags: Flags): string[] {
  const given = flags.list('symbol');
  if (given.length > 0 && given.length !== files.length) throw new CliInputError('--symbol', `expected one symbol per --data file (${files.length}), found ${given.length}`);
  return files.map((file, j) => given[j] ?? symbolOfFile(basename(file)) ?? basename(file, extname(file)).toUpperCase());
}

/** Returns the bars of a Parquet file, read and checked exactly as `import-data` would store them. */
async function readParquet(path: string, symbol: string): Promise<BarSeries> {
  const dir = mkdtempSync(join(tmpdir(), 'nautilus-cli-'));
  const storePath = join(dir, 'bars.sqlite');
  try {
    await importBars({ storePath, symbol, file: path });
    const store = new EmbeddedBarStore(storePath);
    try {
      return await store.load(symbol);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Returns the file at `file` (relative to the working directory), or throws naming --data. */
function dataFile(file: string, io: CliIo): string {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new CliInputError('--data', `no such file: ${file}`);
  if (!/^\.(csv|txt|parquet)$/i.test(extname(path))) throw new CliInputError('--data', `expected a .csv, .txt or .parquet file, found ${file}`);
  return path;
}

/** Runs `load`, turning library errors about the data into bad input of `flag`. */
async function asInput<T>(flag: string, what: string, load: () => Promise<T> | T): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof DomainError) throw new CliInputError(flag, `${what}: ${error.message}`);
    throw error;
  }
}

/**
 * Returns the bars the flags name, one series per file or symbol, cut to --from/--to. `root` is
 * the workspace, whose data folders --symbol reads by default.
 */
export async function loadSeries(flags: Flags, io: CliIo, root: string): Promise<BarSeries[]> {
  const { start, end } = dateRangeOf(flags);
  const files = flags.list('data');
  let series: BarSeries[];
  if (files.length > 0) {
    const symbols = symbolsOfFiles(files, flags);
    series = await Promise.all(
      files.map((file, j) => {
        const path = dataFile(file, io);
        return asInput('--data', file, () => (/\.parquet$/i.test(path) ? readParquet(path, symbols[j]) : parseOhlcvCsv(readFileSync(path, 'utf8'), symbols[j])));
      }),
    );
  } else {
    const symbols = flags.list('symbol');
    if (symbols.length === 0) throw new CliInputError('--data', 'required: --data <file> or --symbol <SYMBOL>');
    const storePath = storePathOf(flags, io);
    const store = storePath === undefined ? undefined : new EmbeddedBarStore(storePath);
    const source = store ?? new CsvFileSource(dataDirectories(io, root));
    try {
      series = await Promise.all(symbols.map((symbol) => asInput('--symbol', `${symbol} in ${storePath ?? 'the data folders'}`, () => source.load(symbol))));
    } finally {
      store?.close();
    }
  }
  return series.map((s) => {
    const cut = sliceBarSeriesByTime(s, start, end);
    if (cut.length === 0) {
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
      throw new CliInputError(flags.has('from') ? '--from' : '--to', `no bars of ${s.symbol} in the range; its data runs from ${iso(s.time[0])} to ${iso(s.time[s.length - 1])}`);
    }
    return cut;
  });
}

/**
 * Returns one symbol's rows as stored, bad ones included where the source keeps them (CSV files
 * read leniently; the embedded store and Parquet files hold only valid bars), for data validation.
 */
export async function loadRawColumns(flags: Flags, io: CliIo, root: string): Promise<{ symbol: string; columns: BarColumns }> {
  const files = flags.list('data');
  if (files.length > 1 || flags.list('symbol').length > 1) throw new CliInputError(files.length > 1 ? '--data' : '--symbol', 'expected one symbol to validate');
  if (files.length === 1) {
    const [symbol] = symbolsOfFiles(files, flags);
    const path = dataFile(files[0], io);
    if (/\.parquet$/i.test(path)) return { symbol, columns: await asInput('--data', files[0], () => readParquet(path, symbol)) };
    return { symbol, columns: await asInput('--data', files[0], () => readOhlcvColumns(readFileSync(path, 'utf8'), { lenient: true })) };
  }
  const [symbol] = flags.list('symbol');
  if (symbol === undefined) throw new CliInputError('--data', 'required: --data <file> or --symbol <SYMBOL>');
  const storePath = storePathOf(flags, io);
  if (storePath !== undefined) {
    const store = new EmbeddedBarStore(storePath);
    try {
      return { symbol, columns: await asInput('--symbol', `${symbol} in ${storePath}`, () => store.load(symbol)) };
    } finally {
      store.close();
    }
  }
  return { symbol, columns: await asInput('--symbol', `${symbol} in the data folders`, () => new CsvFileSource(dataDirectories(io, root)).loadRaw(symbol)) };
}
