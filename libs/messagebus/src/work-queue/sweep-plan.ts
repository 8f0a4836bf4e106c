import { PreparedSearch, prepareSearch } from '@nautilus/analytics';
import { BarSeries, createBarSeries } from '@nautilus/domain';
import { StoredSeries, StoredSweep } from './sweep-contract';

/** Returns the bars of `series` as plain arrays for storage. */
export function storedSeriesOf(series: BarSeries): StoredSeries {
  return {
    symbol: series.symbol,
    time: Array.from(series.time),
    open: Array.from(series.open),
    high: Array.from(series.high),
    low: Array.from(series.low),
    close: Array.from(series.close),
    volume: Array.from(series.volume),
  };
}

/** Rebuilds the prepared search of a stored sweep; every worker gets the same candidate order. */
export function prepareSweep(stored: StoredSweep): PreparedSearch {
  const series = stored.series.map((s) => createBarSeries(s.symbol, s, { checkRange: false }));
  return prepareSearch({ ...stored.spec, series });
}
