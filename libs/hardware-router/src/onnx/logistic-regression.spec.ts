import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeLogisticRegression, LOGREG_INPUT, LOGREG_OUTPUT, LOGREG_RETURNS_10, logisticRegression } from './logistic-regression';

const MODEL = join(__dirname, '..', '..', '..', '..', 'models', 'logreg-returns-10.onnx');

/** Rows of 10 pseudo-returns from a fixed LCG (Numerical Recipes constants), about ±3 %. */
function rowsOfReturns(rows: number): Float32Array {
  let s = 2024;
  return new Float32Array(rows * 10).map(() => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return (s / 4294967296 - 0.5) * 0.06;
  });
}

describe('logreg-returns-10.onnx', () => {
  it('is exactly what the generator writes from LOGREG_RETURNS_10 (tools/scripts/make-onnx-model.ts)', () => {
    expect(Buffer.from(readFileSync(MODEL)).equals(Buffer.from(encodeLogisticRegression(LOGREG_RETURNS_10, 'logreg_returns_10')))).toBe(true);
  });

  it('loads in onnxruntime with input features [N, 10] and output probability [N, 1]', async () => {
    const session = await ort.InferenceSession.create(MODEL);
    expect(session.inputNames).toEqual([LOGREG_INPUT]);
    expect(session.outputNames).toEqual([LOGREG_OUTPUT]);
    expect(session.inputMetadata[0]).toMatchObject({ isTensor: true, type: 'float32', shape: ['N', 10] });
    await session.release();
  });

  it('outputs sigmoid(w·x + b) as computed in TypeScript, to 1e-6', async () => {
    const rows = 5000;
    const x = rowsOfReturns(rows);
    const session = await ort.InferenceSession.create(MODEL);
    const out = await session.run({ [LOGREG_INPUT]: new ort.Tensor('float32', x, [rows, 10]) });
    const p = out[LOGREG_OUTPUT];
    expect(p.dims).toEqual([rows, 1]);
    const expected = logisticRegression(LOGREG_RETURNS_10, x, rows);
    let worst = 0;
    for (let r = 0; r < rows; r++) worst = Math.max(worst, Math.abs((p.data as Float32Array)[r] - expected[r]));
    expect(worst).toBeLessThan(1e-6);
    // The weights are strong enough for the outputs to spread well away from 0.5.
    expect(Math.min(...expected)).toBeLessThan(0.2);
    expect(Math.max(...expected)).toBeGreaterThan(0.8);
    await session.release();
  });

  it('checks the formula by hand on one row: x = 0.01 everywhere gives sigmoid(0.01·Σw + b)', () => {
    // Σw = 24 + 18 + 14 + 10 + 8 + 6 − 4 − 6 − 8 − 10 = 52, so z = 0.52 + 0.0625 (x as float32).
    const x = new Float32Array(10).fill(0.01);
    const z = 52 * Math.fround(0.01) + 0.0625;
    expect(logisticRegression(LOGREG_RETURNS_10, x, 1)[0]).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
  });
});
