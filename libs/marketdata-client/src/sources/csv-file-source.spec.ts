import { workspaceRoot } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { CsvFileSource, symbolOfFile } from './csv-file-source';

const root = workspaceRoot();
const source = new CsvFileSource([join(root, 'data', 'samples'), join(root, '..', 'shared', 'data')]);

describe('CsvFileSource', () => {
  it('maps file names to symbols', () => {
    expect(symbolOfFile('GOOG.csv')).toBe('GOOG');
    expect(symbolOfFile('orcl-1995-2014.txt')).toBe('ORCL');
    expect(symbolOfFile('BRK.B.csv')).toBe('BRK.B');
    expect(symbolOfFile('bf-b.csv')).toBe('BF-B');
    expect(symbolOfFile('2006-day-001.txt')).toBeUndefined();
    expect(symbolOfFile('README.md')).toBeUndefined();
  });

  it('lists the bundled and shared symbols', async () => {
    expect(await source.listSymbols()).toEqual(expect.arrayContaining(['BTCUSD', 'EURUSD', 'GOOG', 'NVDA', 'ORCL', 'YHOO']));
    expect(await source.has('goog')).toBe(true);
  });

  it('slices by an inclusive time range and caches the parse', async () => {
    const all = await source.load('GOOG');
    expect(all.length).toBe(2148);
    const y2005 = await source.load('GOOG', { start: Date.UTC(2005, 0, 1), end: Date.UTC(2005, 11, 31) });
    expect(new Date(y2005.time[0]).toISOString().slice(0, 10)).toBe('2005-01-03');
    expect(new Date(y2005.time[y2005.length - 1]).toISOString().slice(0, 10)).toBe('2005-12-30');
    expect(y2005.length).toBe(252);
    // The slice is a view on the cached columns.
    expect(y2005.close.buffer).toBe(all.close.buffer);
  });

  it('resamples to a coarser frequency inferred from the whole file, counting a bar in the range by its open time', async () => {
    const day = await source.load('EURUSD', { start: Date.UTC(2017, 3, 19, 12), end: Date.UTC(2017, 3, 20) }, '1d');
    // 2017-04-19 opens before the range starts; 2017-04-20 is built from all 24 of its hourly rows (EURUSD.csv lines 17–40).
    expect([...day.time]).toEqual([Date.UTC(2017, 3, 20)]);
    expect([day.open[0], day.high[0], day.low[0], day.close[0], day.volume[0]]).toEqual([1.07146, 1.07775, 1.07072, 1.07142, 25433]);
    expect(await source.load('GOOG', {}, '1d')).toEqual(await source.load('GOOG'));
    await expect(source.load('GOOG', {}, '5m')).rejects.toMatchObject({ field: 'frequency', code: 'validation_failed' });
  });

  it('names the field for unknown symbols and empty ranges', async () => {
    await expect(source.load('NOPE')).rejects.toMatchObject({ field: 'symbols', code: 'not_found' });
    await expect(source.load('GOOG', { start: Date.UTC(2020, 0, 1) })).rejects.toMatchObject({ field: 'start_date', code: 'validation_failed' });
  });
});
