import { ValidationError } from '../errors/domain-error';
import { BarSeries, createBarSeries } from './bar-series';

/**
 * Returns the series restricted to the timestamps present in every one of them (an inner join),
 * so that index i means the same instant for every symbol. Throws when the intersection is empty.
 */
export function alignBarSeries(series: readonly BarSeries[]): BarSeries[] {
  if (series.length <= 1) return [...series];
  const cursors = new Int32Array(series.length);
  const keep: number[][] = series.map(() => []);
  for (;;) {
    let maxT = -Infinity;
    for (let k = 0; k < series.length; k++) {
      if (cursors[k] >= series[k].length) return finish(series, keep);
      maxT = Math.max(maxT, series[k].time[cursors[k]]);
    }
    let allEqual = true;
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      while (cursors[k] < s.length && s.time[cursors[k]] < maxT) cursors[k]++;
      if (cursors[k] >= s.length) return finish(series, keep);
      if (s.time[cursors[k]] !== maxT) allEqual = false;
    }
    if (allEqual) {
      for (let k = 0; k < series.length; k++) keep[k].push(cursors[k]++);
    }
  }
}

function finish(series: readonly BarSeries[], keep: number[][]): BarSeries[] {
  if (keep[0].length === 0) {
    throw new ValidationError('symbols', 'series with overlapping timestamps', `no common bar among ${series.map((s) => s.symbol).join(', ')}`);
  }
  return series.map((s, k) => {
    const idx = keep[k];
    if (idx.length === s.length) return s;
    const pick = (col: Float64Array) => Float64Array.from(idx, (i) => col[i]);
    return createBarSeries(s.symbol, {
      time: pick(s.time),
      open: pick(s.open),
      high: pick(s.high),
      low: pick(s.low),
      close: pick(s.close),
      volume: pick(s.volume),
    }, { checkRange: false });
  });
}

/**
 * Returns the close of `series` as of each instant of `time` (sorted): the last close stamped at or
 * before it, NaN before the series begins. Aligns a benchmark, or one symbol of a joined market,
 * with the bars a run traded on; returns `series.close` itself when the stamps are the same.
 */
export function closesAsOf(series: { readonly time: Float64Array; readonly close: Float64Array }, time: Float64Array): Float64Array {
  const n = series.time.length;
  if (n === time.length) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = series.time[i] === time[i];
    if (same) return series.close;
  }
  const out = new Float64Array(time.length);
  let j = 0;
  let last = NaN;
  for (let i = 0; i < time.length; i++) {
    while (j < n && series.time[j] <= time[i]) last = series.close[j++];
    out[i] = last;
  }
  return out;
}
