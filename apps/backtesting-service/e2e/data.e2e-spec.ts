import { INestApplication } from '@nestjs/common';
import { readOhlcvColumns } from '@nautilus/domain';
import { sharedDataPath } from '@nautilus/domain/testing';
import { validateSymbolData } from '@nautilus/marketdata-client';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp } from './test-app';

jest.setTimeout(60_000);

describe('GET /data/validate', () => {
  let app: INestApplication;
  const dir = mkdtempSync(join(tmpdir(), 'nautilus-data-'));
  // Ten NYSE sessions 2020-01-02 … 2020-01-15 with 2020-01-08/09 left out and these faults:
  // row 2 has no open (non-finite), row 3 has high < low, row 4 zero volume, row 5 repeats row 4's date.
  writeFileSync(
    join(dir, 'DIRTY.csv'),
    [
      'Date,Open,High,Low,Close,Volume',
      '2020-01-02,10,11,9,10.5,100',
      '2020-01-03,,11,9,10.5,100',
      '2020-01-06,10,9,11,10,100',
      '2020-01-07,10,11,9,10.5,0',
      '2020-01-07,10,11,9,10.5,100',
      '2020-01-10,10,11,9,10.5,100',
      '2020-01-13,10,11,9,10.5,100',
      '2020-01-14,10,11,9,10.5,100',
      '2020-01-15,10,11,9,10.5,100',
    ].join('\n'),
  );

  beforeAll(async () => {
    app = await createTestApp({}, 1000, [dir]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports shared data exactly as the library computes it', async () => {
    const res = await request(app.getHttpServer()).get('/data/validate').query({ symbols: 'GOOG' }).expect(200);
    const direct = validateSymbolData('GOOG', readOhlcvColumns(readFileSync(sharedDataPath('GOOG.csv'), 'utf8'), { lenient: true }));
    expect(res.body.symbols).toEqual([direct]);
    expect(res.body.symbols[0]).toMatchObject({ available: true, coverage_pct: 100, ready_for_backtest: true, earliest_date: '2004-08-19' });
    expect(res.body.data_sources).toEqual([{ name: 'csv-files+synthetic', symbols: expect.any(Number) }]);
  });

  it('counts every fault of a dirty file and the missing sessions', async () => {
    const res = await request(app.getHttpServer()).get('/data/validate').query({ symbols: 'DIRTY,NOPE' }).expect(200);
    const [dirty, nope] = res.body.symbols;
    expect(dirty.bars).toBe(9);
    expect(dirty.bad_rows.non_finite.count).toBe(1);
    expect(dirty.bad_rows.high_below_low.count).toBe(1);
    expect(dirty.bad_rows.zero_volume.count).toBe(1);
    expect(dirty.bad_rows.duplicate_or_unsorted.count).toBe(1);
    // Sessions from Jan 2 to Jan 15, 2020: 2, 3, 6, 7, 8, 9, 10, 13, 14, 15 = 10; present 8 → 80 %.
    expect(dirty.expected_trading_days).toBe(10);
    expect(dirty.coverage_pct).toBe(80);
    expect(dirty.missing_periods).toEqual([{ start: '2020-01-08', end: '2020-01-09', trading_days: 2 }]);
    expect(dirty.ready_for_backtest).toBe(false);
    expect(dirty.recommendations.length).toBeGreaterThan(0);
    expect(nope).toMatchObject({ symbol: 'NOPE', available: false, ready_for_backtest: false, data_quality_score: 0 });
    expect(res.body.summary).toMatchObject({ symbols_checked: 2, available: 1, ready_for_backtest: 0 });
  });

  it('rejects bad queries naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ symbols: 'GOOG', start_date: '2010-01-01', end_date: '2009-01-01' }, 'end_date'],
      [{ symbols: 'GO OG' }, 'symbols'],
      [{ symbols: 'GOOG', jump_sigmas: 'abc' }, 'jump_sigmas'],
      [{ symbols: 'GOOG', start_date: 'yesterday' }, 'start_date'],
      [{ symbols: 'GOOG', min_coverage_pct: '101' }, 'min_coverage_pct'],
    ];
    for (const [query, field] of cases) {
      const res = await request(app.getHttpServer()).get('/data/validate').query(query).expect(400);
      expect(res.body.field).toBe(field);
    }
  });
});
