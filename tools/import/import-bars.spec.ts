import { DuckDBInstance } from '@duckdb/node-api';
import { BarSeries } from '@nautilus/domain';
import { loadSharedData, seriesColumns, sharedDataPath } from '@nautilus/domain/testing';
import { EmbeddedBarStore } from '@nautilus/marketdata-client';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBars } from './import-bars';

/** Runs one DuckDB statement, used here only to write Parquet files. */
async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function loadStored(storePath: string, symbol: string): Promise<BarSeries> {
  const store = new EmbeddedBarStore(storePath);
  try {
    return await store.load(symbol);
  } finally {
    store.close();
  }
}

describe('importBars', () => {
  let dir: string;
  let storePath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nautilus-import-'));
    storePath = join(dir, 'bars.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CSV file so that the store gives back exactly its bars', async () => {
    const result = await importBars({ storePath, symbol: 'goog', file: sharedDataPath('GOOG.csv') });
    expect(result).toEqual({ symbol: 'GOOG', frequency: '1d', bars: 2148, firstTimeMs: Date.UTC(2004, 7, 19), lastTimeMs: Date.UTC(2013, 2, 1), adjusted: false });
    expect(seriesColumns(await loadStored(storePath, 'GOOG'))).toEqual(seriesColumns(loadSharedData('GOOG.csv')));
  });

  it('imports a Parquet file written by DuckDB from the same CSV to the same bars', async () => {
    const parquet = join(dir, 'goog.parquet');
    await duckdb(
      `COPY (SELECT column0 AS date, Open, High, Low, Close, Volume FROM read_csv('${sharedDataPath('GOOG.csv')}')) TO '${parquet}' (FORMAT PARQUET)`,
    );
    const result = await importBars({ storePath, symbol: 'GOOG', file: parquet, frequency: '1d' });
    expect(result.bars).toBe(2148);
    expect(seriesColumns(await loadStored(storePath, 'GOOG'))).toEqual(seriesColumns(loadSharedData('GOOG.csv')));
  });

  it('reads timestamps, unordered rows and an adjustment factor from Parquet (hand-made rows)', async () => {
    const parquet = join(dir, 'split.parquet');
    await duckdb(
      `COPY (SELECT * FROM (VALUES
         (TIMESTAMP '2024-01-02 10:00:00', 101.0, 103.0, 100.0, 102.0, 2000::BIGINT, 1.0),
         (TIMESTAMP '2024-01-02 09:00:00', 100.0, 102.0, 99.0, 101.0, 1000::BIGINT, 0.5),
         (TIMESTAMP '2024-01-02 11:00:00', 102.0, 104.0, 101.0, 103.0, 3000::BIGINT, NULL)
       ) AS t(time, open, high, low, close, volume, adj_factor)) TO '${parquet}' (FORMAT PARQUET)`,
    );
    const result = await importBars({ storePath, symbol: 'SPLIT', file: parquet });
    expect(result).toMatchObject({ frequency: '1h', bars: 3, adjusted: true });
    // 09:00 has factor 0.5: prices halve, volume doubles; a NULL factor counts as 1.
    expect(seriesColumns(await loadStored(storePath, 'SPLIT'))).toEqual({
      time: [Date.UTC(2024, 0, 2, 9), Date.UTC(2024, 0, 2, 10), Date.UTC(2024, 0, 2, 11)],
      open: [50, 101, 102],
      high: [51, 103, 104],
      low: [49.5, 100, 101],
      close: [50.5, 102, 103],
      volume: [2000, 2000, 3000],
    });
  });

  it('reads an adj_factor column from CSV and names the row of a bad one', async () => {
    const csv = join(dir, 'x.csv');
    writeFileSync(csv, 'Date,Open,High,Low,Close,Volume,adj_factor\n2024-01-02,100,102,99,101,1000,0.5\n2024-01-03,101,103,100,102,2000,\n');
    await importBars({ storePath, symbol: 'X', file: csv, frequency: '1d' });
    expect([...(await loadStored(storePath, 'X')).close]).toEqual([50.5, 102]);
    writeFileSync(csv, 'Date,Open,High,Low,Close,Volume,adj_factor\n2024-01-02,100,102,99,101,1000,-1\n');
    await expect(importBars({ storePath, symbol: 'X', file: csv, frequency: '1d' })).rejects.toMatchObject({ field: 'adj_factor', rowIndex: 2 });
  });

  it('reads adj_factor with the quoting and line endings the bars are read with', async () => {
    // A quoted comma in a column before adj_factor, and CR line endings: a plain comma split would
    // read the factor from the wrong cell.
    const csv = join(dir, 'quoted.csv');
    writeFileSync(csv, 'Date,Note,Open,High,Low,Close,adj_factor\r2024-01-02,"split, 2:1",100,102,99,101,0.5\r2024-01-03,"",101,103,100,102,1\r');
    await importBars({ storePath, symbol: 'Q', file: csv, frequency: '1d' });
    // Close 101 × 0.5 on the first bar, 102 × 1 on the second.
    expect([...(await loadStored(storePath, 'Q')).close]).toEqual([50.5, 102]);
  });

  it('names the file when DuckDB cannot read it as Parquet', async () => {
    const bad = join(dir, 'bad.parquet');
    writeFileSync(bad, 'not a parquet file');
    await expect(importBars({ storePath, symbol: 'BAD', file: bad, frequency: '1d' })).rejects.toMatchObject({ field: 'file', message: expect.stringContaining('bad.parquet') });
  });

  it('asks for --frequency when the spacing does not tell', async () => {
    const csv = join(dir, 'two.csv');
    writeFileSync(csv, 'Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n2024-01-05,1,1,1,1\n');
    await expect(importBars({ storePath, symbol: 'TWO', file: csv })).rejects.toMatchObject({ field: 'frequency' });
    await expect(importBars({ storePath, symbol: 'TWO', file: csv, frequency: '1d' })).resolves.toMatchObject({ bars: 2 });
  });
});
