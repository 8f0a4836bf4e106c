import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let nowMs = 0;
  const now = () => nowMs;
  beforeEach(() => (nowMs = 1_000_000));

  it('counts hits and misses and expires entries exactly at the TTL', () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, now });
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'A');
    nowMs += 999;
    expect(cache.get('a')).toBe('A');
    nowMs += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, evictions: 1, hit_rate: 1 / 3, entries: 0, ttl_ms: 1000 });
  });

  it('drops expired entries when another is set', () => {
    const cache = new TtlCache<number>({ ttlMs: 100, now });
    cache.set('a', 1);
    cache.set('b', 2);
    nowMs += 100;
    cache.set('c', 3);
    expect(cache.stats()).toMatchObject({ evictions: 2, entries: 1 });
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new TtlCache<number>({ ttlMs: 10_000, maxEntries: 2, now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.stats()).toMatchObject({ hits: 3, misses: 1, evictions: 1, entries: 2 });
  });

  it('stores nothing with a TTL of 0 and reports a hit rate of 0 before any lookup', () => {
    const cache = new TtlCache<number>({ ttlMs: 0, now });
    expect(cache.stats().hit_rate).toBe(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, entries: 0 });
  });
});
