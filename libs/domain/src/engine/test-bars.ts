import { BarSeries, createBarSeries } from '../series/bar-series';

/** Returns a daily series (from 2020-01-01, UTC) built from [open, high, low, close] rows, for tests. */
export function barsFromRows(symbol: string, rows: readonly (readonly [number, number, number, number])[]): BarSeries {
  const day = 86_400_000;
  const t0 = Date.UTC(2020, 0, 1);
  return createBarSeries(symbol, {
    time: rows.map((_, i) => t0 + i * day),
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
    volume: rows.map(() => 1000),
  });
}
