import { BarColumns, BarSeries } from '@nautilus/domain';
import { TimeRange } from '../market-data-source';
import { CacheStats, TtlCache } from '../cache/ttl-cache';
import { MarketDataFrequency } from '../mapping/resample';
import { FrequencyAwareSource } from './frequency-aware-source';

/** Options of {@link CachedSource}. */
export interface CachedSourceOptions {
  /** How long a loaded series is served from memory, in ms; 0 turns caching off. */
  readonly ttlMs: number;
  /** Most series kept (default 256). */
  readonly maxEntries?: number;
  /** Returns the current time in ms; injected so that tests can move time without sleeping. */
  readonly now?: () => number;
}

/**
 * Wraps a source and keeps each loaded series for a TTL, keyed by symbol (case-insensitive), range
 * and frequency. Only `load` is cached: failures are not (a hub that timed out is asked again), and
 * `listSymbols`, `has` and `loadRaw` go straight to the inner source.
 */
export class CachedSource<S extends FrequencyAwareSource = FrequencyAwareSource> implements FrequencyAwareSource {
  readonly name: string;
  private readonly cache: TtlCache<BarSeries>;

  constructor(
    readonly inner: S,
    options: CachedSourceOptions,
  ) {
    this.name = inner.name;
    this.cache = new TtlCache<BarSeries>(options);
  }

  listSymbols(): Promise<string[]> {
    return this.inner.listSymbols();
  }

  has(symbol: string): Promise<boolean> {
    return this.inner.has(symbol);
  }

  /** Returns the inner source's raw rows, or its bars as columns when it keeps no raw rows. */
  async loadRaw(symbol: string): Promise<Required<BarColumns>> {
    return this.inner.loadRaw ? this.inner.loadRaw(symbol) : this.inner.load(symbol);
  }

  async load(symbol: string, range: TimeRange = {}, frequency?: MarketDataFrequency): Promise<BarSeries> {
    const key = `${symbol.toUpperCase()}|${range.start ?? ''}|${range.end ?? ''}|${frequency ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const series = await this.inner.load(symbol, range, frequency);
    this.cache.set(key, series);
    return series;
  }

  /** Returns the cache counters for /metrics. */
  stats(): CacheStats {
    return this.cache.stats();
  }
}
