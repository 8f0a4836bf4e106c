import { ValidationError } from '@nautilus/domain';
import { CachedSource } from './sources/cached-source';
import { CsvFileSource } from './sources/csv-file-source';
import { EmbeddedBarStore } from './sources/embedded-store';
import { HubHttpSource } from './sources/hub-http-source';
import { SourceChain } from './sources/source-chain';

/** Market-data settings, read once from the environment by {@link marketDataConfigFromEnv}. */
export interface MarketDataConfig {
  /** MARKETDATA_HUB_URL: the remote hub's base URL; absent means no hub. */
  readonly hubUrl?: string;
  /** MARKETDATA_TIMEOUT_MS: time allowed per hub request (default 5000). */
  readonly timeoutMs: number;
  /** MARKETDATA_CACHE_TTL, converted from seconds: how long a loaded series is cached (default 300 s; 0 turns the cache off). */
  readonly cacheTtlMs: number;
  /** MARKETDATA_STORE_PATH: the embedded store's SQLite file; absent means no store. */
  readonly storePath?: string;
}

/** Options of {@link createMarketDataSource}. */
export interface CreateMarketDataSourceOptions {
  /** Returns the current time in ms for the cache's TTL; tests inject a fake clock. */
  readonly now?: () => number;
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, unit: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ValidationError(name, `an integer ≥ ${min} (${unit})`, JSON.stringify(raw));
  return value;
}

/**
 * Returns the market-data settings in `env`: MARKETDATA_HUB_URL (an http(s) URL, optional),
 * MARKETDATA_TIMEOUT_MS (ms, default 5000), MARKETDATA_CACHE_TTL (seconds, default 300, 0 = off) and
 * MARKETDATA_STORE_PATH (optional). Empty values count as unset. Throws ValidationError naming the
 * variable when a value is malformed, so that a typo stops the service at start-up.
 */
export function marketDataConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MarketDataConfig {
  const hubUrl = env.MARKETDATA_HUB_URL?.trim() || undefined;
  if (hubUrl !== undefined && !(URL.canParse(hubUrl) && ['http:', 'https:'].includes(new URL(hubUrl).protocol))) {
    throw new ValidationError('MARKETDATA_HUB_URL', 'an http:// or https:// URL', JSON.stringify(hubUrl));
  }
  const storePath = env.MARKETDATA_STORE_PATH?.trim() || undefined;
  return {
    ...(hubUrl === undefined ? {} : { hubUrl }),
    timeoutMs: numberFromEnv(env, 'MARKETDATA_TIMEOUT_MS', 5000, 1, 'ms'),
    cacheTtlMs: numberFromEnv(env, 'MARKETDATA_CACHE_TTL', 300, 0, 'seconds') * 1000,
    ...(storePath === undefined ? {} : { storePath }),
  };
}

/**
 * Returns the source chain of `config` — embedded store (when MARKETDATA_STORE_PATH is set), the CSV
 * files of `csvDirectories` (when any), the hub (when MARKETDATA_HUB_URL is set) — wrapped in the
 * TTL cache. `source.stats()` gives the cache counters, `source.inner.describe()` the configured
 * members and `source.inner.close()` closes the store.
 */
export function createMarketDataSource(
  config: MarketDataConfig,
  csvDirectories: readonly string[],
  options: CreateMarketDataSourceOptions = {},
): CachedSource<SourceChain> {
  const chain = new SourceChain({
    ...(config.storePath === undefined ? {} : { store: new EmbeddedBarStore(config.storePath) }),
    ...(csvDirectories.length === 0 ? {} : { csv: new CsvFileSource(csvDirectories) }),
    ...(config.hubUrl === undefined ? {} : { hub: new HubHttpSource({ baseUrl: config.hubUrl, timeoutMs: config.timeoutMs }) }),
  });
  return new CachedSource(chain, { ttlMs: config.cacheTtlMs, ...(options.now ? { now: options.now } : {}) });
}
