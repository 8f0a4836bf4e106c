import { ValidationError } from '../errors/domain-error';
import { checkWindow } from './indicators/check-window';
import { rsi } from './indicators/rsi';
import { zScore } from './indicators/z-score';

/**
 * The features of a model's input row at bar t, in column order: the last `log_returns` log returns
 * of the close (lag 0 first: ln(c[t]/c[t−1]), ln(c[t−1]/c[t−2]), …), then RSI(`rsi`) of the close
 * on its 0–100 scale when given, then the z-score of the close over `zscore` bars when given.
 */
export interface FeatureSpec {
  readonly log_returns: number;
  readonly rsi?: number;
  readonly zscore?: number;
}

/** Throws {@link ValidationError} naming `features.<name>` unless every window of `spec` is a usable integer. */
export function checkFeatureSpec(spec: FeatureSpec): void {
  if (spec === null || typeof spec !== 'object') throw new ValidationError('features', 'an object such as { log_returns: 10 }', JSON.stringify(spec));
  const known = ['log_returns', 'rsi', 'zscore'];
  for (const name of Object.keys(spec)) {
    if (!known.includes(name)) throw new ValidationError(`features.${name}`, `one of ${known.join(', ')}`, 'an unknown feature');
  }
  checkWindow(spec.log_returns, 'features.log_returns');
  if (spec.rsi !== undefined) checkWindow(spec.rsi, 'features.rsi');
  // A one-bar window has σ = 0, so its z-score would be NaN on every bar.
  if (spec.zscore !== undefined) checkWindow(spec.zscore, 'features.zscore', 2);
}

/** Returns the column names of `spec`'s feature matrix, in order: `log_return_0` … , `rsi_<w>`, `zscore_<w>`. */
export function featureColumns(spec: FeatureSpec): string[] {
  const names: string[] = [];
  for (let lag = 0; lag < spec.log_returns; lag++) names.push(`log_return_${lag}`);
  if (spec.rsi !== undefined) names.push(`rsi_${spec.rsi}`);
  if (spec.zscore !== undefined) names.push(`zscore_${spec.zscore}`);
  return names;
}

/**
 * Returns the first bar whose feature row can be complete: N log returns need N + 1 closes, RSI(w)
 * its w changes, and the z-score w closes.
 */
export function featureWarmupBars(spec: FeatureSpec): number {
  return Math.max(spec.log_returns, spec.rsi ?? 0, (spec.zscore ?? 1) - 1);
}

/**
 * Returns the row-major n × f feature matrix of `close` for `spec` (f = featureColumns(spec).length),
 * as float32 because that is what ONNX models take. Row t reads closes at indices ≤ t only. A row
 * with any undefined feature (warm-up, or a flat z-score window) is NaN throughout, so a model sees
 * either a whole row or none.
 */
export function buildFeatureMatrix(close: Float64Array, spec: FeatureSpec, out?: Float32Array): Float32Array {
  checkFeatureSpec(spec);
  const n = close.length;
  const lags = spec.log_returns;
  const f = featureColumns(spec).length;
  if (out !== undefined && out.length !== n * f) throw new ValidationError('out', `a buffer of length ${n * f}`, String(out.length));
  const o = out ?? new Float32Array(n * f);
  const logReturn = new Float64Array(n);
  logReturn[0] = NaN;
  for (let t = 1; t < n; t++) logReturn[t] = Math.log(close[t] / close[t - 1]);
  const rsiValues = spec.rsi === undefined ? undefined : rsi(close, spec.rsi);
  const zValues = spec.zscore === undefined ? undefined : zScore(close, spec.zscore);
  for (let t = 0; t < n; t++) {
    const row = t * f;
    let complete = t >= lags;
    for (let lag = 0; lag < lags; lag++) o[row + lag] = complete ? logReturn[t - lag] : NaN;
    let c = lags;
    if (rsiValues) o[row + c++] = rsiValues[t];
    if (zValues) o[row + c++] = zValues[t];
    for (let j = lags; j < f; j++) complete = complete && o[row + j] === o[row + j];
    if (!complete) o.fill(NaN, row, row + f);
  }
  return o;
}
