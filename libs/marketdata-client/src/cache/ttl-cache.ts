/** Options of {@link TtlCache}. */
export interface TtlCacheOptions {
  /** How long an entry stays fresh after it is set, in ms; 0 stores nothing. */
  readonly ttlMs: number;
  /** Most entries kept; the least recently used one goes first (default 256). */
  readonly maxEntries?: number;
  /** Returns the current time in ms; injected so that tests can move time without sleeping. */
  readonly now?: () => number;
}

/** Counters of a {@link TtlCache} since it was created, in the snake_case of /metrics. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries dropped because they expired or the cache was full (overwrites are not counted). */
  readonly evictions: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  readonly hit_rate: number;
  readonly entries: number;
  readonly ttl_ms: number;
}

/**
 * A map whose entries expire `ttlMs` after they are set and which keeps at most `maxEntries`,
 * dropping the least recently used. Expired entries are dropped when looked up and whenever a new
 * entry is set, so they neither answer nor hold memory for long.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 256;
    this.now = options.now ?? Date.now;
  }

  /** Returns the fresh value under `key`, counting a hit, or undefined, counting a miss. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      this.evictions++;
    } else if (entry !== undefined) {
      // Re-inserting moves the key to the end of the Map's order, which is what makes it LRU.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.hits++;
      return entry.value;
    }
    this.misses++;
    return undefined;
  }

  /** Stores `value` under `key` for the TTL. */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (e.expiresAt <= now) {
        this.entries.delete(k);
        this.evictions++;
      }
    }
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      this.evictions++;
    }
  }

  /** Returns the counters. */
  stats(): CacheStats {
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      hit_rate: lookups === 0 ? 0 : this.hits / lookups,
      entries: this.entries.size,
      ttl_ms: this.ttlMs,
    };
  }
}
