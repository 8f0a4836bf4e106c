import { BarColumns, BarFrequency, BarSeries, NotFoundError, parseOhlcvCsv, readOhlcvColumns, sliceBarSeriesByTime } from '@nautilus/domain';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TimeRange } from '../market-data-source';
import { inferFrequency, MarketDataFrequency } from '../mapping/resample';
import { emptyRangeError, FrequencyAwareSource, loadAtFrequency } from './frequency-aware-source';

/**
 * Returns the symbol a file name stands for: `GOOG.csv` → GOOG, `orcl-1995-2014.txt` → ORCL (a
 * trailing year range is dropped), `BRK.B.csv` → BRK.B, `BF-B.csv` → BF-B: a letter, then up to 19
 * letters, digits, `_`, `.` or `-`, as the API accepts symbols.
 */
export function symbolOfFile(file: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9_.-]{0,19}?)(?:-\d{4}-\d{4})?\.(csv|txt)$/.exec(file);
  return m ? m[1].toUpperCase() : undefined;
}

/**
 * Serves OHLCV CSV files from a list of folders, one symbol per file, parsed once and kept in
 * memory. Earlier folders win when two hold the same symbol. A file's frequency is inferred from
 * all of its bars, so that even a one-bar slice can be resampled.
 */
export class CsvFileSource implements FrequencyAwareSource {
  readonly name = 'csv-files';
  private readonly files = new Map<string, string>();
  private readonly cache = new Map<string, { readonly series: BarSeries; readonly frequency: BarFrequency | undefined }>();

  constructor(readonly directories: readonly string[]) {
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

  async load(symbol: string, range: TimeRange = {}, frequency?: MarketDataFrequency): Promise<BarSeries> {
    const key = symbol.toUpperCase();
    const path = this.files.get(key);
    if (!path) throw new NotFoundError('symbols', symbol);
    let parsed = this.cache.get(key);
    if (!parsed) {
      const series = parseOhlcvCsv(readFileSync(path, 'utf8'), key);
      parsed = { series, frequency: inferFrequency(series) };
      this.cache.set(key, parsed);
    }
    const { series } = parsed;
    return loadAtFrequency(parsed.frequency, frequency, range, (r) => {
      const sliced = sliceBarSeriesByTime(series, r.start ?? -Infinity, r.end ?? Infinity);
      if (sliced.length === 0) throw emptyRangeError(key, r, { firstMs: series.time[0], lastMs: series.time[series.length - 1] });
      return sliced;
    });
  }
}
