import { loadSharedData } from '../testing';
import { buildFeatureMatrix, featureColumns, featureWarmupBars } from './features';
import { rsi } from './indicators/rsi';
import { zScore } from './indicators/z-score';

const goog = loadSharedData('GOOG.csv');
const spec = { log_returns: 10, rsi: 14, zscore: 20 };
const f = featureColumns(spec).length;

const row = (m: Float32Array, t: number, width = f) => Array.from(m.subarray(t * width, (t + 1) * width));

describe('buildFeatureMatrix', () => {
  it('names its columns in matrix order', () => {
    expect(featureColumns({ log_returns: 3, rsi: 14, zscore: 20 })).toEqual(['log_return_0', 'log_return_1', 'log_return_2', 'rsi_14', 'zscore_20']);
    expect(featureColumns({ log_returns: 2 })).toEqual(['log_return_0', 'log_return_1']);
  });

  it('holds lagged log returns, RSI and z-score by hand on a five-bar series', () => {
    const close = Float64Array.from([100, 110, 99, 99, 108.9]);
    const m = buildFeatureMatrix(close, { log_returns: 2 });
    expect(row(m, 0, 2).every(Number.isNaN)).toBe(true);
    expect(row(m, 1, 2).every(Number.isNaN)).toBe(true);
    // Bar 2: ln(99/110), then ln(110/100); float32, so compare to float32 rounding.
    expect(row(m, 2, 2)).toEqual([Math.fround(Math.log(99 / 110)), Math.fround(Math.log(1.1))]);
    expect(row(m, 4, 2)).toEqual([Math.fround(Math.log(108.9 / 99)), 0]);
  });

  it('fills NaN rows exactly for the warm-up, then complete rows', () => {
    const m = buildFeatureMatrix(goog.close, spec);
    const warmup = featureWarmupBars(spec);
    expect(warmup).toBe(19);
    for (let t = 0; t < goog.length; t++) {
      const r = row(m, t);
      if (t < warmup) expect(r.every(Number.isNaN)).toBe(true);
      else expect(r.every(Number.isFinite)).toBe(true);
    }
  });

  it('puts RSI and z-score of the close beside the returns', () => {
    const m = buildFeatureMatrix(goog.close, spec);
    const r = rsi(goog.close, 14);
    const z = zScore(goog.close, 20);
    for (const t of [19, 100, goog.length - 1]) {
      expect(m[t * f + 10]).toBe(Math.fround(r[t]));
      expect(m[t * f + 11]).toBe(Math.fround(z[t]));
      expect(m[t * f + 3]).toBe(Math.fround(Math.log(goog.close[t - 3] / goog.close[t - 4])));
    }
  });

  it('does not look ahead: row t changes only with closes at indices ≤ t', () => {
    const base = buildFeatureMatrix(goog.close, spec);
    for (const t of [30, 500, 1500]) {
      const later = Float64Array.from(goog.close);
      for (let i = t + 1; i < later.length; i++) later[i] *= 1.3;
      const changed = buildFeatureMatrix(later, spec);
      expect(Array.from(changed.subarray(0, (t + 1) * f))).toEqual(Array.from(base.subarray(0, (t + 1) * f)));

      const atT = Float64Array.from(goog.close);
      atT[t] *= 1.05;
      const moved = buildFeatureMatrix(atT, spec);
      expect(Array.from(moved.subarray(0, t * f))).toEqual(Array.from(base.subarray(0, t * f)));
      expect(row(moved, t)).not.toEqual(row(base, t));
    }
  });

  it('writes into the out buffer when given one, and rejects bad specs naming the feature', () => {
    const out = new Float32Array(goog.length * f);
    expect(buildFeatureMatrix(goog.close, spec, out)).toBe(out);
    expect(() => buildFeatureMatrix(goog.close, { log_returns: 0 })).toThrow(/features\.log_returns/);
    expect(() => buildFeatureMatrix(goog.close, { log_returns: 5, zscore: 1 })).toThrow(/features\.zscore/);
    expect(() => buildFeatureMatrix(goog.close, { log_returns: 5, macd: 3 } as never)).toThrow(/features\.macd/);
    expect(() => buildFeatureMatrix(goog.close, spec, new Float32Array(3))).toThrow(/out/);
  });
});
