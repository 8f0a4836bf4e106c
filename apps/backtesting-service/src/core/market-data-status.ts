import { CachedSource, CacheStats, MarketDataSource, SourceChainDescription } from '@nautilus/marketdata-client';

/** What /health and /metrics say about market data: the configured sources and the cache counters. */
export interface MarketDataStatus {
  readonly source: string;
  readonly members?: SourceChainDescription;
  readonly cache?: CacheStats;
}

/** Returns the status of `source`, describing the chain and cache when it is the service's default. */
export function marketDataStatus(source: MarketDataSource): MarketDataStatus {
  if (!(source instanceof CachedSource)) return { source: source.name };
  const inner = source.inner as { describe?: () => SourceChainDescription };
  return { source: source.name, ...(inner.describe ? { members: inner.describe() } : {}), cache: source.stats() };
}
