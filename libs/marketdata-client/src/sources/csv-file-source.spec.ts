import { workspaceRoot } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { CsvFileSource, symbolOfFile } from './csv-file-source';

const root = workspaceRoot();
const source = new CsvFileSource([join(root, 'data', 'samples'), join(root, '..', 'shared', 'data')]);

describe('CsvFileSource', () => {
  it('maps file names to symbols', () => {
    expect(symbolOfFile('GOOG.csv')).toBe('GOOG');
    expect(symbolOfFile('orcl-1995-2014.txt')).toBe('ORCL');
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

  it('names the field for unknown symbols and empty ranges', async () => {
    await expect(source.load('NOPE')).rejects.toMatchObject({ field: 'symbols', code: 'not_found' });
    await expect(source.load('GOOG', { start: Date.UTC(2020, 0, 1) })).rejects.toMatchObject({ field: 'start_date', code: 'validation_failed' });
  });
});
