import { BarSeries, createBarSeries, NotFoundError, ValidationError } from '@nautilus/domain';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TimeRange } from '../market-data-source';
import { adjustBarSeries, checkAdjustmentFactor } from '../mapping/adjust';
import { compareFrequencies, inferFrequency, MarketDataFrequency, parseMarketDataFrequency } from '../mapping/resample';
import { emptyRangeError, FrequencyAwareSource, loadAtFrequency } from './frequency-aware-source';
import { StoreError, storeErrorReason } from './store-error';

// REAL is an 8-byte IEEE double in SQLite, so prices and volumes come back bit for bit.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS bars (
  symbol     TEXT    NOT NULL,
  frequency  TEXT    NOT NULL,
  time_ms    INTEGER NOT NULL,
  open       REAL    NOT NULL,
  high       REAL    NOT NULL,
  low        REAL    NOT NULL,
  close      REAL    NOT NULL,
  volume     REAL    NOT NULL,
  adj_factor REAL,
  PRIMARY KEY (symbol, frequency, time_ms)
) WITHOUT ROWID;
`;

type BarRow = [time: number, open: number, high: number, low: number, close: number, volume: number, adjFactor: number | null];

/**
 * Bars imported into a SQLite file (WAL journal, so readers are not blocked by an import), keyed by
 * symbol, frequency and open time, with an optional corporate-action adjustment factor per bar.
 * Symbols are case-insensitive and stored upper-case, as in {@link CsvFileSource}. Loads apply the
 * adjustment factor (see {@link adjustBarSeries}) when the stored bars carry one. A file that
 * cannot be used (not a database, locked, read-only, another table layout) throws {@link StoreError}.
 */
export class EmbeddedBarStore implements FrequencyAwareSource {
  readonly name = 'embedded-store';
  private readonly db: Database.Database;
  private readonly statements: {
    readonly upsert: Database.Statement<[string, string, number, number, number, number, number, number, number | null]>;
    readonly symbols: Database.Statement<[], { symbol: string }>;
    readonly has: Database.Statement<[string], unknown>;
    readonly frequencies: Database.Statement<[string], { frequency: string }>;
    readonly bars: Database.Statement<[string, string, number, number], BarRow>;
    readonly extent: Database.Statement<[string, string], { first: number; last: number }>;
  };

  /** Opens (creating if needed, with its folder) the store at `path`; throws {@link StoreError} when it cannot. */
  constructor(readonly path: string) {
    this.db = this.guard('open', () => {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      try {
        db.pragma('journal_mode = WAL');
        db.exec(SCHEMA);
      } catch (error) {
        // SQLite opens a non-database lazily and fails on first use: release the handle before reporting.
        db.close();
        throw error;
      }
      return db;
    });
    this.statements = this.guard('open', () => ({
      upsert: this.db.prepare<[string, string, number, number, number, number, number, number, number | null]>(
        `INSERT INTO bars (symbol, frequency, time_ms, open, high, low, close, volume, adj_factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (symbol, frequency, time_ms) DO UPDATE SET
           open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
           volume = excluded.volume, adj_factor = excluded.adj_factor`,
      ),
      symbols: this.db.prepare<[], { symbol: string }>('SELECT DISTINCT symbol FROM bars ORDER BY symbol'),
      has: this.db.prepare<[string]>('SELECT 1 FROM bars WHERE symbol = ? LIMIT 1'),
      frequencies: this.db.prepare<[string], { frequency: string }>('SELECT DISTINCT frequency FROM bars WHERE symbol = ?'),
      bars: this.db
        .prepare<[string, string, number, number], BarRow>(
          `SELECT time_ms, open, high, low, close, volume, adj_factor FROM bars
           WHERE symbol = ? AND frequency = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms`,
        )
        .raw(true),
      extent: this.db.prepare<[string, string], { first: number; last: number }>('SELECT MIN(time_ms) AS first, MAX(time_ms) AS last FROM bars WHERE symbol = ? AND frequency = ?'),
    }));
  }

  /**
   * Writes the bars of `series` under `symbol` and `frequency` in one transaction and returns how
   * many were written. A bar already stored at the same open time is replaced, adjustment factor
   * included (none given stores none). Throws ValidationError on `frequency` when it is unknown or
   * the bars' spacing says otherwise, and on `adj_factor` unless there is one positive factor per bar.
   */
  upsert(symbol: string, frequency: MarketDataFrequency, series: BarSeries, adjFactor?: ArrayLike<number>): number {
    if (symbol.trim() === '') throw new ValidationError('symbol', 'a non-empty string', JSON.stringify(symbol));
    parseMarketDataFrequency(frequency);
    const spacing = inferFrequency(series);
    if (spacing !== undefined && spacing !== frequency) throw new ValidationError('frequency', `${spacing} (the median spacing of the bars)`, frequency);
    if (adjFactor) checkAdjustmentFactor(adjFactor, series.length);
    const key = symbol.toUpperCase();
    const { time, open, high, low, close, volume } = series;
    this.guard('write to', () =>
      this.db.transaction(() => {
        for (let i = 0; i < series.length; i++) {
          this.statements.upsert.run(key, frequency, time[i], open[i], high[i], low[i], close[i], volume[i], adjFactor ? adjFactor[i] : null);
        }
      })(),
    );
    return series.length;
  }

  async listSymbols(): Promise<string[]> {
    return this.guard('read', () => this.statements.symbols.all().map((r) => r.symbol));
  }

  async has(symbol: string): Promise<boolean> {
    return this.guard('read', () => this.statements.has.get(symbol.toUpperCase()) !== undefined);
  }

  /**
   * Returns the stored bars as {@link FrequencyAwareSource.load} describes. Without a frequency the
   * finest stored one is served; a frequency that is not stored is resampled from the coarsest
   * stored frequency finer than it, which has the fewest rows to read.
   */
  async load(symbol: string, range: TimeRange = {}, frequency?: MarketDataFrequency): Promise<BarSeries> {
    const key = symbol.toUpperCase();
    const stored = this.guard('read', () => this.statements.frequencies.all(key))
      .map((r) => parseMarketDataFrequency(r.frequency))
      .sort(compareFrequencies);
    if (stored.length === 0) throw new NotFoundError('symbols', symbol);
    const finer = frequency === undefined ? [] : stored.filter((f) => compareFrequencies(f, frequency) <= 0);
    // With none finer, loadAtFrequency reports the finest stored frequency in its error.
    const source = finer.length > 0 ? finer[finer.length - 1] : stored[0];
    return loadAtFrequency(source, frequency, range, (r) => this.read(key, source, r));
  }

  /** Returns what `run` returns, turning a SQLite or file-system error into {@link StoreError}, so no raw library message reaches a user. */
  private guard<T>(action: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      // A file-system error (from creating the folder) carries the failed syscall; anything else is a bug to surface as is.
      const fileSystem = (error as NodeJS.ErrnoException).syscall !== undefined;
      if (!(error instanceof Database.SqliteError) && !fileSystem) throw error;
      throw new StoreError(this.path, action, storeErrorReason((error as { code?: string }).code));
    }
  }

  /** Closes the database file. */
  close(): void {
    this.db.close();
  }

  private read(symbol: string, frequency: MarketDataFrequency, range: TimeRange): BarSeries {
    const rows = this.guard('read', () => this.statements.bars.all(symbol, frequency, range.start ?? Number.MIN_SAFE_INTEGER, range.end ?? Number.MAX_SAFE_INTEGER));
    if (rows.length === 0) {
      const extent = this.guard('read', () => this.statements.extent.get(symbol, frequency));
      throw emptyRangeError(symbol, range, extent && { firstMs: extent.first, lastMs: extent.last });
    }
    const n = rows.length;
    const columns = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    const factor = new Float64Array(n);
    let adjusted = false;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      columns.time[i] = row[0];
      columns.open[i] = row[1];
      columns.high[i] = row[2];
      columns.low[i] = row[3];
      columns.close[i] = row[4];
      columns.volume[i] = row[5];
      factor[i] = row[6] ?? 1;
      adjusted ||= row[6] !== null;
    }
    const series = createBarSeries(symbol, columns);
    return adjusted ? adjustBarSeries(series, factor) : series;
  }
}
