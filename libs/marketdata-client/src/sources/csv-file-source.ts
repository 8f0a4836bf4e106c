import { BarColumns, BarSeries, NotFoundError, parseOhlcvCsv, readOhlcvColumns, sliceBarSeriesByTime, ValidationError } from '@nautilus/domain';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarketDataSource, TimeRange } from '../market-data-source';

/** Returns the symbol a file name stands for: `GOOG.csv` → GOOG, `orcl-1995-2014.txt` → ORCL. */
export function symbolOfFile(file: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9_]*?)(?:-\d{4}-\d{4})?\.(csv|txt)$/.exec(file);
  return m ? m[1].toUpperCase() : undefined;
}

/**
 * Serves OHLCV CSV files from a list of folders, one symbol per file, parsed once and kept in
 * memory. Earlier folders win when two hold the same symbol.
 */
export class CsvFileSource implements MarketDataSource {
  readonly name = 'csv-files';
  private readonly files = new Map<string, string>();
  private readonly cache = new Map<string, BarSeries>();

  constructor(directories: readonly string[]) {
    for (const dir of directories) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).sort()) {
        const symbol = symbolOfFile(file);
        if (symbol && !this.files.has(symbol)) this.files.set(symbol, join(dir, file));
      }
    }
  }

  async listSymbols(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  async has(symbol: string): Promise<boolean> {
    return this.files.has(symbol.toUpperCase());
  }

  async loadRaw(symbol: string): Promise<Required<BarColumns>> {
    const path = this.files.get(symbol.toUpperCase());
    if (!path) throw new NotFoundError('symbols', symbol);
    return readOhlcvColumns(readFileSync(path, 'utf8'), { lenient: true });
  }

  async load(symbol: string, range: TimeRange = {}): Promise<BarSeries> {
    const key = symbol.toUpperCase();
    const path = this.files.get(key);
    if (!path) throw new NotFoundError('symbols', symbol);
    let series = this.cache.get(key);
    if (!series) {
      series = parseOhlcvCsv(readFileSync(path, 'utf8'), key);
      this.cache.set(key, series);
    }
    const sliced = sliceBarSeriesByTime(series, range.start ?? -Infinity, range.end ?? Infinity);
    if (sliced.length === 0) {
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
      throw new ValidationError(
        'start_date',
        `a range overlapping ${key}'s data (${iso(series.time[0])} … ${iso(series.time[series.length - 1])})`,
        `${range.start === undefined ? '…' : iso(range.start)} … ${range.end === undefined ? '…' : iso(range.end)}`,
      );
    }
    return sliced;
  }
}
