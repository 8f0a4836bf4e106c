/** Returns the drawdown series d[i] = e[i]/max(e[0..i]) − 1 (≤ 0). */
export function drawdownSeries(equity: Float64Array, out?: Float64Array): Float64Array {
  const d = out ?? new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    d[i] = equity[i] / peak - 1;
  }
  return d;
}

/** Summary of the drawdown periods of an equity curve. */
export interface DrawdownSummary {
  /** Deepest drawdown as a fraction (≤ 0). */
  readonly maxDrawdown: number;
  /** Mean of the deepest point of every drawdown period (≤ 0; 0 when there is none). */
  readonly averageDrawdown: number;
  /** Longest period below a previous peak, from the peak bar to the recovery bar (or the last bar), in bars. */
  readonly maxDurationBars: number;
  /** The same period measured in calendar time, in ms. */
  readonly maxDurationMs: number;
  /** Mean length of drawdown periods in bars (0 when there is none). */
  readonly averageDurationBars: number;
  readonly periods: number;
}

/**
 * Returns the drawdown summary. A period starts at the last peak before equity drops below it and
 * ends at the first bar back at or above that peak (or at the last bar if never recovered).
 * @see https://en.wikipedia.org/wiki/Drawdown_(economics)
 */
export function drawdownSummary(equity: Float64Array, time?: Float64Array): DrawdownSummary {
  let peak = -Infinity;
  let peakIndex = 0;
  let inDrawdown = false;
  let trough = 0;
  let maxDrawdown = 0;
  let sumDepth = 0;
  let sumDuration = 0;
  let periods = 0;
  let maxDurationBars = 0;
  let maxDurationMs = 0;
  const close = (endIndex: number) => {
    const bars = endIndex - peakIndex;
    const ms = time ? time[endIndex] - time[peakIndex] : 0;
    periods++;
    sumDepth += trough;
    sumDuration += bars;
    if (bars > maxDurationBars) maxDurationBars = bars;
    if (ms > maxDurationMs) maxDurationMs = ms;
  };
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e >= peak) {
      if (inDrawdown) close(i);
      inDrawdown = false;
      peak = e;
      peakIndex = i;
      continue;
    }
    const d = e / peak - 1;
    if (!inDrawdown) {
      inDrawdown = true;
      trough = 0;
    }
    if (d < trough) trough = d;
    if (d < maxDrawdown) maxDrawdown = d;
  }
  if (inDrawdown) close(equity.length - 1);
  return {
    maxDrawdown,
    averageDrawdown: periods ? sumDepth / periods : 0,
    maxDurationBars,
    maxDurationMs,
    averageDurationBars: periods ? sumDuration / periods : 0,
    periods,
  };
}
