import { BarSeries, NotFoundError } from '@nautilus/domain';
import { workspaceRoot } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { TimeRange } from '../market-data-source';
import { MarketDataFrequency } from '../mapping/resample';
import { CachedSource } from './cached-source';
import { CsvFileSource } from './csv-file-source';
import { FrequencyAwareSource } from './frequency-aware-source';
import { UpstreamError } from './upstream-error';

/** The shared CSV files, counting how often they are really loaded. */
class CountingCsv extends CsvFileSource {
  loads = 0;

  override async load(symbol: string, range?: TimeRange, frequency?: MarketDataFrequency): Promise<BarSeries> {
    this.loads++;
    return super.load(symbol, range, frequency);
  }
}

/** A source whose symbol-list requests are counted and stay pending until the test answers them. */
class CountingListSource implements FrequencyAwareSource {
  readonly name = 'counting';
  listCalls = 0;
  hasCalls = 0;
  private readonly pending: { resolve: (symbols: string[]) => void; reject: (error: Error) => void }[] = [];

  listSymbols(): Promise<string[]> {
    this.listCalls++;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  async has(): Promise<boolean> {
    this.hasCalls++;
    return false;
  }

  async load(symbol: string): Promise<BarSeries> {
    throw new NotFoundError('symbols', symbol);
  }

  /** Answers the oldest pending request with `symbols`, or fails it with `error`. */
  answer(outcome: string[] | Error): void {
    const request = this.pending.shift();
    if (!request) throw new Error('no symbol-list request is pending');
    if (outcome instanceof Error) request.reject(outcome);
    else request.resolve(outcome);
  }
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CachedSource symbol list', () => {
  let nowMs: number;
  let inner: CountingListSource;
  let cached: CachedSource<CountingListSource>;
  const hubDown = () => new UpstreamError('upstream_timeout', 'http://hub/symbols', 'no complete answer within 500 ms', { timeoutMs: 500 });

  beforeEach(() => {
    nowMs = 0;
    inner = new CountingListSource();
    cached = new CachedSource(inner, { ttlMs: 300_000, now: () => nowMs });
  });

  it('asks the inner source once per TTL and hands each caller its own copy', async () => {
    const first = cached.listSymbols();
    await settle();
    inner.answer(['GOOG', 'ORCL']);
    const listed = await first;
    listed.push('MUTATED');
    nowMs = 299_999;
    expect(await cached.listSymbols()).toEqual(['GOOG', 'ORCL']);
    expect(inner.listCalls).toBe(1);
    nowMs = 300_000;
    const second = cached.listSymbols();
    await settle();
    inner.answer(['GOOG']);
    expect(await second).toEqual(['GOOG']);
    expect(inner.listCalls).toBe(2);
  });

  it('shares one request in flight among concurrent callers', async () => {
    const callers = [cached.listSymbols(), cached.listSymbols(), cached.listSymbols()];
    await settle();
    expect(inner.listCalls).toBe(1);
    inner.answer(['GOOG']);
    expect(await Promise.all(callers)).toEqual([['GOOG'], ['GOOG'], ['GOOG']]);
    expect(inner.listCalls).toBe(1);
  });

  it('does not cache failures: callers sharing one get its error, the next caller asks again', async () => {
    const callers = [cached.listSymbols(), cached.listSymbols()];
    await settle();
    inner.answer(hubDown());
    for (const caller of callers) await expect(caller).rejects.toMatchObject({ code: 'upstream_timeout', field: 'marketdata_hub' });
    expect(inner.listCalls).toBe(1);
    const retry = cached.listSymbols();
    await settle();
    expect(inner.listCalls).toBe(2);
    inner.answer(['GOOG']);
    expect(await retry).toEqual(['GOOG']);
  });

  it('with a TTL of 0 asks every time, still sharing a request in flight', async () => {
    const uncached = new CachedSource(inner, { ttlMs: 0, now: () => nowMs });
    const pair = [uncached.listSymbols(), uncached.listSymbols()];
    await settle();
    inner.answer(['GOOG']);
    await Promise.all(pair);
    const next = uncached.listSymbols();
    await settle();
    inner.answer(['GOOG']);
    await next;
    expect(inner.listCalls).toBe(2);
  });

  it('answers has() yes from a fresh list and asks the inner source for anything else', async () => {
    expect(await cached.has('GOOG')).toBe(false);
    const listing = cached.listSymbols();
    await settle();
    inner.answer(['GOOG']);
    await listing;
    expect(await cached.has('goog')).toBe(true);
    expect(await cached.has('ORCL')).toBe(false);
    expect(inner.hasCalls).toBe(2);
    nowMs = 300_000;
    expect(await cached.has('GOOG')).toBe(false);
    expect(inner.hasCalls).toBe(3);
    expect(inner.listCalls).toBe(1);
  });

  it('reports the last attempt without waiting, refreshing it in the background at most once per TTL', async () => {
    expect(cached.probeSymbols()).toEqual({ outcome: 'none' });
    expect(cached.probeSymbols()).toEqual({ outcome: 'none' });
    await settle();
    expect(inner.listCalls).toBe(1);
    inner.answer(['GOOG', 'ORCL']);
    await settle();
    nowMs = 1_000;
    for (let i = 0; i < 10; i++) expect(cached.probeSymbols()).toEqual({ outcome: 'listed', count: 2, ageMs: 1_000 });
    await settle();
    expect(inner.listCalls).toBe(1);

    nowMs = 300_000;
    expect(cached.probeSymbols()).toEqual({ outcome: 'listed', count: 2, ageMs: 300_000 });
    await settle();
    expect(inner.listCalls).toBe(2);
    const error = hubDown();
    inner.answer(error);
    await settle();
    nowMs = 301_000;
    expect(cached.probeSymbols()).toEqual({ outcome: 'failed', error, ageMs: 1_000 });
    await settle();
    // The probe retries a failure only after the TTL; callers that need the list ask at once.
    expect(inner.listCalls).toBe(2);
    const caller = cached.listSymbols();
    await settle();
    expect(inner.listCalls).toBe(3);
    inner.answer(['GOOG']);
    await caller;
    expect(cached.probeSymbols()).toEqual({ outcome: 'listed', count: 1, ageMs: 0 });
  });
});

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
