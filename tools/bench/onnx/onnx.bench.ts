/**
 * ONNX inference rows per second: the shipped logistic regression (models/logreg-returns-10.onnx)
 * on the 10-log-return features of a synthetic series, in one batched session.run, beside the naive
 * method (one session.run per row, same rows) and a baseline plain loop computing the same formula
 * over the same Float32Array, in the same run, on the CPU provider.
 * Run: `npx tsx tools/bench/onnx/onnx.bench.ts` (env ONNX_ROWS, default 50,000).
 */
import { buildFeatureMatrix } from '@nautilus/domain';
import { syntheticRandomWalk } from '@nautilus/domain/testing';
import { LOGREG_INPUT, LOGREG_OUTPUT, LOGREG_RETURNS_10, logisticRegression, resolveModelPath } from '@nautilus/hardware-router';
import * as ort from 'onnxruntime-node';
import { asCase, report, time, timeAsync } from '../harness';

async function main(): Promise<void> {
  const ROWS = Number(process.env.ONNX_ROWS ?? 50_000);
  const series = syntheticRandomWalk(ROWS + 10, 5);
  // Skip the ten warm-up rows so every row is a real one.
  const features = buildFeatureMatrix(series.close, { log_returns: 10 }).slice(100, (ROWS + 10) * 10);
  const rows = features.length / 10;
  const session = await ort.InferenceSession.create(resolveModelPath('logreg-returns-10.onnx'), { executionProviders: ['cpu'] });
  const batchedOut = new Float32Array(rows);
  const perRowOut = new Float32Array(rows);
  const formulaOut = new Float64Array(rows);

  const batched = async () => {
    const out = await session.run({ [LOGREG_INPUT]: new ort.Tensor('float32', features, [rows, 10]) });
    batchedOut.set(out[LOGREG_OUTPUT].data as Float32Array);
  };
  const perRow = async () => {
    for (let r = 0; r < rows; r++) {
      const out = await session.run({ [LOGREG_INPUT]: new ort.Tensor('float32', features.subarray(r * 10, r * 10 + 10), [1, 10]) });
      perRowOut[r] = (out[LOGREG_OUTPUT].data as Float32Array)[0];
    }
  };
  const cases = [
    asCase(time('baseline: the formula in a plain TS loop', () => logisticRegression(LOGREG_RETURNS_10, features, rows, formulaOut)), 'baseline', rows),
    asCase(await timeAsync(`naive: session.run per row (${rows} calls)`, perRow, 3, 1), 'naive', rows),
    asCase(await timeAsync('batched: one session.run for all rows', batched), 'ours', rows, { headline: 'ONNX inference (logistic regression, CPU provider)' }),
  ];
  let diffPerRow = 0;
  let diffFormula = 0;
  for (let r = 0; r < rows; r++) {
    diffPerRow = Math.max(diffPerRow, Math.abs(batchedOut[r] - perRowOut[r]));
    diffFormula = Math.max(diffFormula, Math.abs(batchedOut[r] - formulaOut[r]));
  }
  await session.release();
  report({
    id: 'onnx',
    title: 'ONNX inference (onnxruntime-node CPU provider)',
    unit: 'rows',
    detail: `${rows.toLocaleString('en-US')} rows × 10 features; onnxruntime ${ort.env.versions.node}; max |batched − per-row| = ${diffPerRow.toExponential(1)}, max |batched − TS formula| = ${diffFormula.toExponential(1)}`,
    cases,
  });
}

void main();
