import { BarSeries } from '@nautilus/domain';
import { workspaceRoot } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { TimeRange } from '../market-data-source';
import { MarketDataFrequency } from '../mapping/resample';
import { CachedSource } from './cached-source';
import { CsvFileSource } from './csv-file-source';

/** The shared CSV files, counting how often they are really loaded. */
class CountingCsv extends CsvFileSource {
  loads = 0;

  override async load(symbol: string, range?: TimeRange, frequency?: MarketDataFrequency): Promise<BarSeries> {
    this.loads++;
    return super.load(symbol, range, frequency);
  }
}

describe('CachedSource', () => {
  let nowMs: number;
  let inner: CountingCsv;
  let cached: CachedSource<CountingCsv>;

  beforeEach(() => {
    nowMs = 0;
    inner = new CountingCsv([join(workspaceRoot(), '..', 'shared', 'data')]);
    cached = new CachedSource(inner, { ttlMs: 300_000, now: () => nowMs });
  });

  it('serves a repeated load from memory until the TTL runs out', async () => {
    const first = await cached.load('GOOG');
    expect(await cached.load('goog')).toBe(first);
    expect(inner.loads).toBe(1);
    nowMs = 299_999;
    expect(await cached.load('GOOG')).toBe(first);
    nowMs = 300_000;
    expect(await cached.load('GOOG')).not.toBe(first);
    expect(inner.loads).toBe(2);
    expect(cached.stats()).toEqual({ hits: 2, misses: 2, evictions: 1, hit_rate: 0.5, entries: 1, ttl_ms: 300_000 });
  });

  it('keys on symbol, range and frequency', async () => {
    await cached.load('EURUSD');
    await cached.load('EURUSD', { start: Date.UTC(2017, 5, 1) });
    await cached.load('EURUSD', { start: Date.UTC(2017, 5, 1) }, '1d');
    await cached.load('EURUSD', { start: Date.UTC(2017, 5, 1) }, '1d');
    expect(inner.loads).toBe(3);
    expect(cached.stats()).toMatchObject({ hits: 1, misses: 3, entries: 3 });
  });

  it('does not cache failures and passes the rest through', async () => {
    await expect(cached.load('NOPE')).rejects.toMatchObject({ field: 'symbols' });
    await expect(cached.load('NOPE')).rejects.toMatchObject({ field: 'symbols' });
    expect(inner.loads).toBe(2);
    expect(cached.name).toBe('csv-files');
    expect(await cached.has('GOOG')).toBe(true);
    expect(await cached.listSymbols()).toEqual(await inner.listSymbols());
    expect((await cached.loadRaw('GOOG')).close.length).toBe(2148);
  });
});
