import { BarFrequency, BarSeries, ValidationError } from '@nautilus/domain';
import { MarketDataSource, TimeRange } from '../market-data-source';
import { bucketStart, compareFrequencies, frequencyMs, MarketDataFrequency, resampleBarSeries } from '../mapping/resample';

/** A {@link MarketDataSource} that can also serve a symbol's bars at a coarser frequency than it holds. */
export interface FrequencyAwareSource extends MarketDataSource {
  /**
   * Returns the bars of `symbol` in `range` at `frequency`, resampled from finer bars when the
   * source holds no bars at that frequency, or at the source's own frequency when none is asked.
   * With a frequency, a bar is in the range when its open (bucket start) time is. Throws
   * NotFoundError('symbols'), ValidationError('start_date') for a range without bars, and
   * ValidationError('frequency') when the source only holds coarser bars.
   */
  load(symbol: string, range?: TimeRange, frequency?: MarketDataFrequency): Promise<BarSeries>;
}

/**
 * Returns the bars of `range` at `frequency` from a loader of bars at the source's `native`
 * frequency (undefined when unknown). The loader is asked for the fine bars of the whole buckets
 * whose start lies in `range`, so the first and last coarse bars are never built from part of
 * their bucket.
 */
export async function loadAtFrequency(
  native: BarFrequency | undefined,
  frequency: MarketDataFrequency | undefined,
  range: TimeRange,
  loadNative: (range: TimeRange) => BarSeries | Promise<BarSeries>,
): Promise<BarSeries> {
  if (frequency === undefined || frequency === native) return loadNative(range);
  if (native === undefined) throw new ValidationError('frequency', 'bars of a known frequency to resample from', 'bars with irregular spacing');
  if (compareFrequencies(frequency, native) < 0) throw new ValidationError('frequency', `${native} or coarser (the finest bars held)`, frequency);
  return resampleBarSeries(await loadNative(bucketRange(range, frequency)), frequency, native);
}

/**
 * Returns the range covering exactly the whole `frequency` buckets whose start lies in `range`: from
 * the first bucket start at or after `range.start` to the last millisecond of the bucket holding
 * `range.end`. Finer bars in it resample to the coarse bars whose open time is in `range`.
 */
export function bucketRange(range: TimeRange, frequency: MarketDataFrequency): TimeRange {
  const ms = frequencyMs(frequency);
  return {
    ...(range.start === undefined ? {} : { start: bucketStart(range.start + ms - 1, frequency) }),
    ...(range.end === undefined ? {} : { end: bucketStart(range.end, frequency) + ms - 1 }),
  };
}

/**
 * Returns the ValidationError on `start_date` a source throws when `range` holds none of the bars of
 * `symbol`; `extent` gives the open times of the first and last bar held, when the source knows them.
 */
export function emptyRangeError(symbol: string, range: TimeRange, extent?: { readonly firstMs: number; readonly lastMs: number }): ValidationError {
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return new ValidationError(
    'start_date',
    extent ? `a range overlapping ${symbol}'s data (${iso(extent.firstMs)} … ${iso(extent.lastMs)})` : `a range holding bars of ${symbol}`,
    `${range.start === undefined ? '…' : iso(range.start)} … ${range.end === undefined ? '…' : iso(range.end)}`,
  );
}
