import { BarFrequency, BarSeries, createBarSeries, ValidationError } from '@nautilus/domain';

/** The frequencies the market-data sources serve and resample between. */
export type MarketDataFrequency = Extract<BarFrequency, '1m' | '5m' | '1h' | '1d'>;

/** {@link MarketDataFrequency} values, finest first. */
export const MARKET_DATA_FREQUENCIES: readonly MarketDataFrequency[] = ['1m', '5m', '1h', '1d'];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const BUCKET_MS: Readonly<Record<MarketDataFrequency, number>> = { '1m': MINUTE_MS, '5m': 5 * MINUTE_MS, '1h': 60 * MINUTE_MS, '1d': DAY_MS };

const RANK: Readonly<Record<BarFrequency, number>> = { '1m': 0, '5m': 1, '1h': 2, '1d': 3, '1w': 4, '1M': 5 };

/** Returns `value` as a {@link MarketDataFrequency}; throws ValidationError on `field` otherwise. */
export function parseMarketDataFrequency(value: unknown, field = 'frequency'): MarketDataFrequency {
  const found = MARKET_DATA_FREQUENCIES.find((f) => f === value);
  if (found === undefined) throw new ValidationError(field, `one of ${MARKET_DATA_FREQUENCIES.join(', ')}`, typeof value === 'string' ? JSON.stringify(value) : String(value));
  return found;
}

/** Returns a negative number when `a` is finer than `b`, 0 when equal, positive when coarser. */
export function compareFrequencies(a: BarFrequency, b: BarFrequency): number {
  return RANK[a] - RANK[b];
}

/** Returns the length of one bar of `frequency` in ms. */
export function frequencyMs(frequency: MarketDataFrequency): number {
  return BUCKET_MS[frequency];
}

/**
 * Returns the open time of the `frequency` bucket holding `timeMs`: a whole multiple of the bucket
 * length since the epoch. Epoch ms carry no leap seconds, so 1d buckets are exactly UTC dates.
 */
export function bucketStart(timeMs: number, frequency: MarketDataFrequency): number {
  const ms = BUCKET_MS[frequency];
  return Math.floor(timeMs / ms) * ms;
}

/**
 * Returns the frequency implied by the median spacing of the bar times (1m, 5m, 1h, 1d, 1w, or 1M
 * for 28–31 days), or undefined for fewer than two bars or any other spacing. The median, not the
 * minimum, decides so that weekends, holidays and missing bars do not change the answer.
 */
export function inferFrequency(series: Pick<BarSeries, 'time' | 'length'>): BarFrequency | undefined {
  const n = series.length;
  if (n < 2) return undefined;
  const deltas = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) deltas[i - 1] = series.time[i] - series.time[i - 1];
  deltas.sort();
  const median = deltas[(deltas.length - 1) >> 1];
  const exact = MARKET_DATA_FREQUENCIES.find((f) => BUCKET_MS[f] === median);
  if (exact) return exact;
  if (median === 7 * DAY_MS) return '1w';
  if (median >= 28 * DAY_MS && median <= 31 * DAY_MS) return '1M';
  return undefined;
}

/**
 * Returns `series` resampled to the coarser frequency `to`: each bar falls into the bucket given by
 * {@link bucketStart}; the bucket's bar opens at the bucket start with open = first open, high = max
 * high, low = min low, close = last close, volume = sum of volumes. Empty buckets produce no bar.
 * Returns `series` itself when `from` equals `to`. Throws ValidationError on `frequency` when `to` is
 * finer than `from` or `from` is unknown (it defaults to {@link inferFrequency}).
 */
export function resampleBarSeries(series: BarSeries, to: MarketDataFrequency, from: BarFrequency | undefined = inferFrequency(series)): BarSeries {
  if (from === undefined) {
    throw new ValidationError('frequency', `bars of a known frequency to resample to ${to}`, `${series.length} bars of ${series.symbol} with irregular spacing`);
  }
  if (from === to) return series;
  if (compareFrequencies(to, from) < 0) {
    throw new ValidationError('frequency', `${from} or coarser (${series.symbol} has ${from} bars; resampling only aggregates)`, to);
  }
  const n = series.length;
  const { time, open, high, low, close, volume } = series;
  let buckets = 0;
  for (let i = 0, prev = NaN; i < n; i++) {
    const b = bucketStart(time[i], to);
    if (b !== prev) buckets++;
    prev = b;
  }
  const out = {
    time: new Float64Array(buckets),
    open: new Float64Array(buckets),
    high: new Float64Array(buckets),
    low: new Float64Array(buckets),
    close: new Float64Array(buckets),
    volume: new Float64Array(buckets),
  };
  for (let i = 0, k = -1; i < n; i++) {
    const b = bucketStart(time[i], to);
    if (k < 0 || out.time[k] !== b) {
      k++;
      out.time[k] = b;
      out.open[k] = open[i];
      out.high[k] = high[i];
      out.low[k] = low[i];
    }
    if (high[i] > out.high[k]) out.high[k] = high[i];
    if (low[i] < out.low[k]) out.low[k] = low[i];
    out.close[k] = close[i];
    out.volume[k] += volume[i];
  }
  return createBarSeries(series.symbol, out);
}
