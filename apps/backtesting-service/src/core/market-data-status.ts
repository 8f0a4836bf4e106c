import { CachedSource, CacheStats, MarketDataSource, SourceChainDescription, SymbolListReading, UpstreamError } from '@nautilus/marketdata-client';

/** What /health and /metrics say about market data: the configured sources and the cache counters. */
export interface MarketDataStatus {
  readonly source: string;
  readonly members?: SourceChainDescription;
  readonly cache?: CacheStats;
}

/** What /health says about the symbol list and the hub, from the cache's last attempt to list the symbols. */
export interface SymbolListStatus {
  /** Symbols the sources listed at the last attempt; null before one has finished, or when it failed. */
  readonly symbols: number | null;
  /** Seconds since that attempt finished; null before the first. */
  readonly checkedSecondsAgo: number | null;
  /** Whether the hub answered it; null when no attempt has finished, or one failed elsewhere than at the hub. */
  readonly hubReachable: boolean | null;
  /** The hub's error, when it did not answer. */
  readonly hubError?: string;
}

/** Returns the status of `source`, describing the chain and cache when it is the service's default. */
export function marketDataStatus(source: MarketDataSource): MarketDataStatus {
  if (!(source instanceof CachedSource)) return { source: source.name };
  const inner = source.inner as { describe?: () => SourceChainDescription };
  return { source: source.name, ...(inner.describe ? { members: inner.describe() } : {}), cache: source.stats() };
}

/**
 * Returns what the cache last learnt about the symbol list, without waiting for the sources; a
 * reading older than the TTL makes the cache list them again in the background (see
 * CachedSource.probeSymbols). A source outside the cache (tests) has no reading, so all is null.
 */
export function symbolListStatus(source: MarketDataSource): SymbolListStatus {
  const reading: SymbolListReading = source instanceof CachedSource ? source.probeSymbols() : { outcome: 'none' };
  if (reading.outcome === 'none') return { symbols: null, checkedSecondsAgo: null, hubReachable: null };
  const checkedSecondsAgo = reading.ageMs / 1000;
  // The chain lists every member, the hub included, so a list means the hub answered; of the members only the hub throws UpstreamError.
  if (reading.outcome === 'listed') return { symbols: reading.count, checkedSecondsAgo, hubReachable: true };
  if (!(reading.error instanceof UpstreamError)) return { symbols: null, checkedSecondsAgo, hubReachable: null };
  return { symbols: null, checkedSecondsAgo, hubReachable: false, hubError: `${reading.error.code}: ${reading.error.message}` };
}
