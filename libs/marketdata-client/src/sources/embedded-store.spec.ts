import { barSeriesFromBars, sliceBarSeriesByTime } from '@nautilus/domain';
import { loadSharedData, seriesColumns } from '@nautilus/domain/testing';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resampleBarSeries } from '../mapping/resample';
import { EmbeddedBarStore } from './embedded-store';
import { StoreError } from './store-error';

describe('EmbeddedBarStore', () => {
  const goog = loadSharedData('GOOG.csv');
  const eurusd = loadSharedData('EURUSD.csv');
  let dir: string;
  let store: EmbeddedBarStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nautilus-store-'));
    store = new EmbeddedBarStore(join(dir, 'nested', 'bars.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back exactly the bars it was given, in a WAL-journalled file', async () => {
    expect(store.upsert('goog', '1d', goog)).toBe(2148);
    const loaded = await store.load('GOOG');
    expect(loaded.symbol).toBe('GOOG');
    expect(seriesColumns(loaded)).toEqual(seriesColumns(goog));
    expect(await store.listSymbols()).toEqual(['GOOG']);
    expect(await store.has('Goog')).toBe(true);
    expect(await store.has('ORCL')).toBe(false);
    const db = new Database(join(dir, 'nested', 'bars.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('slices by an inclusive range like CsvFileSource and names the field when it cannot', async () => {
    store.upsert('GOOG', '1d', goog);
    const start = Date.UTC(2005, 0, 1);
    const end = Date.UTC(2005, 11, 31);
    expect(seriesColumns(await store.load('GOOG', { start, end }))).toEqual(seriesColumns(sliceBarSeriesByTime(goog, start, end)));
    await expect(store.load('NOPE')).rejects.toMatchObject({ field: 'symbols', code: 'not_found' });
    await expect(store.load('GOOG', { start: Date.UTC(2020, 0, 1) })).rejects.toMatchObject({ field: 'start_date', code: 'validation_failed' });
  });

  it('replaces bars at the same time and keeps the others', async () => {
    const first = sliceBarSeriesByTime(goog, -Infinity, Date.UTC(2004, 11, 31));
    store.upsert('GOOG', '1d', first);
    store.upsert('GOOG', '1d', goog);
    expect(seriesColumns(await store.load('GOOG'))).toEqual(seriesColumns(goog));
  });

  it('applies a stored adjustment factor on load', async () => {
    const bars = barSeriesFromBars('X', [
      { time: 0, open: 100, high: 110, low: 90, close: 105, volume: 1000 },
      { time: 86_400_000, open: 53, high: 55, low: 52, close: 54, volume: 3000 },
    ]);
    store.upsert('X', '1d', bars, [0.5, 1]);
    const loaded = await store.load('X');
    expect(seriesColumns(loaded)).toEqual({ time: [0, 86_400_000], open: [50, 53], high: [55, 55], low: [45, 52], close: [52.5, 54], volume: [2000, 3000] });
    expect(() => store.upsert('X', '1d', bars, [0.5])).toThrow(expect.objectContaining({ field: 'adj_factor' }));
  });

  it('serves coarser frequencies by resampling the stored ones and refuses finer ones', async () => {
    store.upsert('EURUSD', '1h', eurusd);
    expect(seriesColumns(await store.load('EURUSD', {}, '1d'))).toEqual(seriesColumns(resampleBarSeries(eurusd, '1d')));
    // A daily bar is in the range when its day is; its hours are all read, even those after `end`.
    const day = await store.load('EURUSD', { start: Date.UTC(2017, 3, 19, 12), end: Date.UTC(2017, 3, 20) }, '1d');
    expect(seriesColumns(day)).toMatchObject({ time: [Date.UTC(2017, 3, 20)], open: [1.07146], close: [1.07142], volume: [25433] });
    await expect(store.load('EURUSD', {}, '5m')).rejects.toMatchObject({ field: 'frequency', found: '5m' });
    // The stored daily bars win over resampled hourly ones once they exist.
    const daily = resampleBarSeries(eurusd, '1d');
    store.upsert('EURUSD', '1d', daily);
    expect(seriesColumns(await store.load('EURUSD', {}, '1d'))).toEqual(seriesColumns(daily));
    expect(seriesColumns(await store.load('EURUSD'))).toEqual(seriesColumns(eurusd));
  });

  it('rejects a frequency the bars contradict', () => {
    expect(() => store.upsert('EURUSD', '1d', eurusd)).toThrow(expect.objectContaining({ field: 'frequency', found: '1d' }));
    expect(() => store.upsert('EURUSD', '2h' as '1h', eurusd)).toThrow(expect.objectContaining({ field: 'frequency' }));
  });

  it('reports a file it cannot use as StoreError in plain words, not a raw SQLite error', async () => {
    const notDb = join(dir, 'notes.sqlite');
    writeFileSync(notDb, 'not a database '.repeat(100));
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    for (const [path, reason] of [
      [notDb, 'the file is not a SQLite database'],
      [folder, 'the file cannot be opened (a folder, or no permission)'],
      [join(notDb, 'bars.sqlite'), 'a part of its folder path is a file'],
    ]) {
      const error = (() => {
        try {
          return new EmbeddedBarStore(path);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'store_error', field: 'embedded_store', message: `embedded_store: cannot open ${JSON.stringify(path)}: ${reason}` });
    }
  });

  it('reports a store file of another table layout as StoreError', () => {
    const old = join(dir, 'old.sqlite');
    const db = new Database(old);
    db.exec('CREATE TABLE bars (symbol TEXT, frequency TEXT, time_ms INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL)');
    db.close();
    expect(() => new EmbeddedBarStore(old)).toThrow(`embedded_store: cannot open ${JSON.stringify(old)}: its bars table does not have the layout this version expects`);
  });
});
