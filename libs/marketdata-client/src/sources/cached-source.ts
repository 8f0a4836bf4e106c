import { BarColumns, BarSeries } from '@nautilus/domain';
import { TimeRange } from '../market-data-source';
import { CacheStats, TtlCache } from '../cache/ttl-cache';
import { TtlValue } from '../cache/ttl-value';
import { MarketDataFrequency } from '../mapping/resample';
import { FrequencyAwareSource } from './frequency-aware-source';

/** Options of {@link CachedSource}. */
export interface CachedSourceOptions {
  /** How long a loaded series, and the symbol list, are served from memory, in ms; 0 turns caching off. */
  readonly ttlMs: number;
  /** Most series kept (default 256). */
  readonly maxEntries?: number;
  /** Returns the current time in ms; injected so that tests can move time without sleeping. */
  readonly now?: () => number;
}

/** What {@link CachedSource.probeSymbols} knows of the last attempt to list the inner source's symbols. */
export type SymbolListReading =
  | { readonly outcome: 'none' }
  | { readonly outcome: 'listed'; readonly count: number; readonly ageMs: number }
  | { readonly outcome: 'failed'; readonly error: unknown; readonly ageMs: number };

/**
 * Wraps a source and keeps, for a TTL, each loaded series, keyed by symbol (case-insensitive), range
 * and frequency, and the symbol list, which concurrent callers share one request for. Failures are
 * not cached (a hub that timed out is asked again); `loadRaw` goes straight to the inner source.
 */
export class CachedSource<S extends FrequencyAwareSource = FrequencyAwareSource> implements FrequencyAwareSource {
  readonly name: string;
  private readonly cache: TtlCache<BarSeries>;
  private readonly symbols: TtlValue<readonly string[]>;
  private readonly now: () => number;

  constructor(
    readonly inner: S,
    options: CachedSourceOptions,
  ) {
    this.name = inner.name;
    this.cache = new TtlCache<BarSeries>(options);
    this.now = options.now ?? Date.now;
    this.symbols = new TtlValue(() => inner.listSymbols(), options.ttlMs, this.now);
  }

  /** Returns the inner source's symbols, from memory within the TTL; callers get their own copy. */
  async listSymbols(): Promise<string[]> {
    return [...(await this.symbols.get())];
  }

  async has(symbol: string): Promise<boolean> {
    // Only "yes" comes from the kept list: "no" is asked again, so a symbol imported since is found.
    if (this.symbols.fresh()?.includes(symbol.toUpperCase())) return true;
    return this.inner.has(symbol);
  }

  /**
   * Returns, without waiting, how the last attempt to list the symbols ended and how long ago; when
   * it is older than the TTL (or there is none) and no attempt is in flight, starts one in the
   * background, so that a status page polled often asks the inner source at most once per TTL.
   */
  probeSymbols(): SymbolListReading {
    const last = this.symbols.peek();
    if (last === undefined) return { outcome: 'none' };
    const ageMs = this.now() - last.atMs;
    return last.ok ? { outcome: 'listed', count: last.value.length, ageMs } : { outcome: 'failed', error: last.error, ageMs };
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
