import { BarSeries, createBarSeries, ValidationError } from '@nautilus/domain';

/**
 * Throws ValidationError on `adj_factor` unless `factor` holds one finite positive number per bar.
 * Row numbers in the error are indices into the series.
 */
export function checkAdjustmentFactor(factor: ArrayLike<number>, length: number): void {
  if (factor.length !== length) throw new ValidationError('adj_factor', `${length} values (one per bar)`, `${factor.length}`);
  for (let i = 0; i < length; i++) {
    const f = factor[i];
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) throw new ValidationError('adj_factor', 'a finite positive number', String(f), i);
  }
}

/**
 * Returns `series` with corporate-action adjustment applied bar by bar: open, high, low and close
 * are multiplied by the factor and volume is divided by it, so price × volume (the traded value) is
 * unchanged. A factor of 0.5 on the bars before a 2-for-1 split halves their prices and doubles
 * their volume, which puts them on the post-split scale (Yahoo's `Adj Close / Close` is such a factor).
 * Throws ValidationError on `adj_factor` unless there is one finite positive factor per bar.
 */
export function adjustBarSeries(series: BarSeries, factor: ArrayLike<number>): BarSeries {
  const n = series.length;
  checkAdjustmentFactor(factor, n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = factor[i];
    open[i] = series.open[i] * f;
    high[i] = series.high[i] * f;
    low[i] = series.low[i] * f;
    close[i] = series.close[i] * f;
    volume[i] = series.volume[i] / f;
  }
  return createBarSeries(series.symbol, { time: series.time, open, high, low, close, volume });
}
