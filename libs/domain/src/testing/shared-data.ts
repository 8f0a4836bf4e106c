import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BarSeries } from '../series/bar-series';
import { parseOhlcvCsv } from '../series/csv';

/** The real OHLCV files under `../shared/data` (see its README for their origin). */
export type SharedDataFile =
  | 'GOOG.csv'
  | 'EURUSD.csv'
  | 'BTCUSD.csv'
  | 'orcl-1995-2014.txt'
  | 'nvda-1999-2014.txt'
  | 'yhoo-1996-2014.txt'
  | '2006-day-001.txt'
  | '2005-2006-day-001.txt';

/** Returns the workspace root: the nearest folder above `from` that holds nx.json. */
export function workspaceRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no nx.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** Returns the path of a shared data file: `../shared/data` first, then the bundled `data/samples`. */
export function sharedDataPath(file: SharedDataFile): string {
  const root = workspaceRoot();
  for (const dir of [join(root, '..', 'shared', 'data'), join(root, 'data', 'samples')]) {
    const path = join(dir, file);
    if (existsSync(path)) return path;
  }
  throw new Error(`${file} is neither in ../shared/data nor in data/samples`);
}

/** Loads a shared data file as a {@link BarSeries}; the symbol defaults to the file name's stem. */
export function loadSharedData(file: SharedDataFile, symbol: string = file.replace(/\..*$/, '').toUpperCase()): BarSeries {
  return parseOhlcvCsv(readFileSync(sharedDataPath(file), 'utf8'), symbol);
}
