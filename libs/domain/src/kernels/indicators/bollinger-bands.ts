import { outputOf } from './check-window';
import { rollingStd } from './rolling-std';
import { sma } from './sma';

/** The three Bollinger lines. */
export interface BollingerBands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Returns Bollinger Bands: middle = SMA_w, upper/lower = middle ± k·σ_w with the population σ,
 * as John Bollinger defines them. Warm-up: w−1 NaN values in each line.
 * @see https://school.stockcharts.com/doku.php?id=technical_indicators:bollinger_bands
 */
export function bollingerBands(values: Float64Array, window: number, k = 2, out?: BollingerBands): BollingerBands {
  const n = values.length;
  const middle = sma(values, window, out?.middle);
  const upper = outputOf(n, out?.upper);
  const lower = rollingStd(values, window, 0, outputOf(n, out?.lower));
  for (let i = 0; i < n; i++) {
    const d = k * lower[i];
    upper[i] = middle[i] + d;
    lower[i] = middle[i] - d;
  }
  return { middle, upper, lower };
}
