import { ValidationError } from '../errors/domain-error';
import { alignBarSeries } from '../series/align';
import { BarSeries } from '../series/bar-series';

/** Several symbols on one time axis, with column-major n × k price matrices for the kernels. */
export interface AlignedMarket {
  readonly symbols: readonly string[];
  readonly series: readonly BarSeries[];
  readonly time: Float64Array;
  readonly n: number;
  readonly k: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

function stack(series: readonly BarSeries[], pick: (s: BarSeries) => Float64Array, n: number): Float64Array {
  if (series.length === 1) return pick(series[0]);
  const out = new Float64Array(n * series.length);
  series.forEach((s, k) => out.set(pick(s), k * n));
  return out;
}

/** Aligns `series` on their common timestamps and stacks their prices; throws on empty or duplicate input. */
export function alignMarket(series: readonly BarSeries[]): AlignedMarket {
  if (series.length === 0) throw new ValidationError('symbols', 'at least one symbol', 'none');
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.symbol)) throw new ValidationError('symbols', 'distinct symbols', `${s.symbol} twice`);
    seen.add(s.symbol);
  }
  const aligned = alignBarSeries(series);
  const n = aligned[0].length;
  if (n === 0) throw new ValidationError('bars', 'at least one bar', '0');
  return {
    symbols: aligned.map((s) => s.symbol),
    series: aligned,
    time: aligned[0].time,
    n,
    k: aligned.length,
    open: stack(aligned, (s) => s.open, n),
    high: stack(aligned, (s) => s.high, n),
    low: stack(aligned, (s) => s.low, n),
    close: stack(aligned, (s) => s.close, n),
  };
}
