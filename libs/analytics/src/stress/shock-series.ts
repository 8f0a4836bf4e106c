import { BarSeries, createBarSeries, ValidationError } from '@nautilus/domain';

/** A price shock on one series: a total move spread over some bars, then a volatility regime. */
export interface SeriesShock {
  /** Total return of the shock, e.g. −0.3 for a 30 % fall. */
  readonly shock: number;
  /** First bar of the shock. */
  readonly startIndex: number;
  /** Bars the shock is spread over (1 = an instant gap). */
  readonly durationBars: number;
  /** Multiplier of return deviations from their mean after the shock starts (1 = unchanged). */
  readonly volatilityMultiplier: number;
  /** Bars the volatility multiplier lasts (default: to the end). */
  readonly volatilityBars?: number;
}

/**
 * Returns `series` with a shock applied to its path: from `startIndex`, each bar's close-to-close
 * return r becomes (1 + μ + m·(r − μ))·(1 + s)^(1/d) − 1 (μ the mean return, m the volatility
 * multiplier inside its window, s the shock spread over d bars); open, high and low keep their ratio
 * to the close, so every bar stays consistent. Bars before the shock are unchanged.
 */
export function shockSeries(series: BarSeries, shock: SeriesShock): BarSeries {
  const n = series.length;
  const { startIndex, durationBars, volatilityMultiplier } = shock;
  if (!(shock.shock > -1 && Number.isFinite(shock.shock))) throw new ValidationError('market_shocks', 'a return above −1 (−100 %)', String(shock.shock));
  if (!Number.isInteger(startIndex) || startIndex < 1 || startIndex >= n) throw new ValidationError('shock_date', `a bar after the first and within the data (1…${n - 1})`, String(startIndex));
  if (!Number.isInteger(durationBars) || durationBars < 1) throw new ValidationError('duration_days', 'an integer ≥ 1', String(durationBars));
  if (!(volatilityMultiplier > 0 && Number.isFinite(volatilityMultiplier))) throw new ValidationError('volatility_multipliers', 'a positive number', String(volatilityMultiplier));
  const volEnd = Math.min(n, startIndex + (shock.volatilityBars ?? n));
  let mean = 0;
  for (let i = 1; i < n; i++) mean += series.close[i] / series.close[i - 1] - 1;
  mean /= n - 1;
  const perBar = Math.pow(1 + shock.shock, 1 / durationBars);
  const close = Float64Array.from(series.close);
  for (let i = startIndex; i < n; i++) {
    let r = series.close[i] / series.close[i - 1] - 1;
    if (i < volEnd) r = mean + volatilityMultiplier * (r - mean);
    // A multiplied fall can exceed −100 %; floor it so prices stay positive.
    const growth = Math.max(1e-6, 1 + r) * (i < startIndex + durationBars ? perBar : 1);
    close[i] = close[i - 1] * growth;
  }
  const scale = (col: Float64Array) => Float64Array.from(col, (v, i) => (v / series.close[i]) * close[i]);
  return createBarSeries(series.symbol, { time: series.time, open: scale(series.open), high: scale(series.high), low: scale(series.low), close, volume: series.volume }, { checkRange: false });
}
