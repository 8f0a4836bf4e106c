import { backtest } from '@nautilus/analytics';
import { alignMarket, buildFeatureMatrix, computeSignals, createBarSeries, predictionStrategy, StrategyRegistry } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { LOGREG_RETURNS_10, logisticRegression } from '../onnx/logistic-regression';
import { HardwareRouter } from '../router';
import { backtestOnnxModel } from './backtest-onnx-model';

const goog = loadSharedData('GOOG.csv');
const modelsDir = join(__dirname, '..', '..', '..', '..', 'models');
const request = {
  series: goog,
  modelPath: 'logreg-returns-10.onnx',
  features: { log_returns: 10 },
  mode: 'threshold' as const,
  threshold: 0.55,
  config: { initialCapital: 100_000, lotSize: 0, commission: { rate: 0.001 } },
  modelsDir,
};

/** The targets the same strategy takes from predictions computed by the TypeScript formula. */
function formulaRun() {
  const p = logisticRegression(LOGREG_RETURNS_10, buildFeatureMatrix(goog.close, request.features), goog.length);
  const definition = predictionStrategy(p, 'threshold', { threshold: request.threshold, id: 'formula' });
  const registry = new StrategyRegistry([definition]);
  return { p, report: backtest({ series: [goog], strategyId: 'formula', registry, config: request.config }), target: computeSignals(definition, alignMarket([goog]), registry.parameters('formula', {})) };
}

describe('backtestOnnxModel', () => {
  jest.setTimeout(60_000);

  it('trades GOOG exactly as the TypeScript formula of the same model does, from one batched call', async () => {
    const { report, predictions, columns, inference } = await backtestOnnxModel(request);
    const formula = formulaRun();
    expect(columns).toBe(1);
    expect(inference).toEqual({ rows: goog.length, ms: expect.any(Number), provider: 'cpu', hardware_used: 'onnxruntime cpu', batched: true });
    // Equal positions need no probability within float32 noise of a band edge; there is none.
    const near = Array.from(formula.p).filter((v) => Math.abs(v - 0.55) < 1e-5 || Math.abs(v - 0.45) < 1e-5);
    expect(near).toEqual([]);
    for (let t = 10; t < goog.length; t++) expect(Math.abs(predictions[t] - formula.p[t])).toBeLessThan(1e-6);
    const fills = (r: typeof report) => ({ bar: Array.from(r.result.fills.barIndex.subarray(0, r.result.fills.length)), qty: Array.from(r.result.fills.quantity.subarray(0, r.result.fills.length)) });
    expect(fills(report)).toEqual(fills(formula.report));
    expect(report.result.fills.length).toBeGreaterThan(20);
    expect(report.stats).toEqual(formula.report.stats);
    // Row 10 is the first with ten returns; its decision can fill at bar 11 at the earliest.
    expect(predictions[9]).toBeNaN();
    expect(report.result.fills.barIndex[0]).toBeGreaterThanOrEqual(11);
  });

  it('does not look ahead: changing bars after t changes no prediction, target or fill up to t', async () => {
    const t = 1200;
    const scale = (xs: Float64Array) => xs.map((v, i) => (i > t ? v * 1.25 : v));
    const later = createBarSeries(goog.symbol, { time: goog.time, open: scale(goog.open), high: scale(goog.high), low: scale(goog.low), close: scale(goog.close), volume: goog.volume });
    const a = await backtestOnnxModel(request);
    const b = await backtestOnnxModel({ ...request, series: later });
    expect(Array.from(b.predictions.subarray(0, t + 1))).toEqual(Array.from(a.predictions.subarray(0, t + 1)));
    expect(b.predictions[t + 1]).not.toBe(a.predictions[t + 1]);
    const upTo = (r: typeof a) => {
      const f = r.report.result.fills;
      const n = Array.from(f.barIndex.subarray(0, f.length)).filter((bar) => bar <= t).length;
      return { bars: Array.from(f.barIndex.subarray(0, n)), qty: Array.from(f.quantity.subarray(0, n)), equity: Array.from(r.report.result.equity.subarray(0, t + 1)) };
    };
    expect(upTo(b)).toEqual(upTo(a));
  });

  it('runs through a router and records where inference and feature building ran', async () => {
    const router = await HardwareRouter.create({ detect: { env: {} } });
    try {
      const { inference } = await backtestOnnxModel({ ...request, router, mode: 'threshold', longOnly: true });
      // 2,148 rows and 21,480 feature cells are below both thresholds, so even where CUDA loads they stay on the CPU.
      expect(inference.provider).toBe('cpu');
      expect(router.jobs().map((j) => [j.workload, j.hardware_used])).toEqual([
        ['data_processing', 'cpu: main thread'],
        ['model_inference', 'onnxruntime cpu'],
      ]);
      expect(router.jobs()[1]).toMatchObject({ task: 'onnx_inference', size_hint: goog.length, hardware_used: inference.hardware_used, ms: inference.ms });
    } finally {
      await router.close();
    }
  });

  it('rejects a model path outside the models folder, a spec the model does not take, and a mode its output cannot serve', async () => {
    await expect(backtestOnnxModel({ ...request, modelPath: '../package.json' })).rejects.toMatchObject({ field: 'strategy_parameters.model' });
    await expect(backtestOnnxModel({ ...request, features: { log_returns: 5 } })).rejects.toThrow(/features: expected 10 feature columns/);
    await expect(backtestOnnxModel({ ...request, features: { log_returns: 0 } })).rejects.toMatchObject({ field: 'features.log_returns' });
    await expect(backtestOnnxModel({ ...request, mode: 'argmax' })).rejects.toThrow(/columns: expected 2 \(\[down, up\]\) or 3/);
    await expect(backtestOnnxModel({ ...request, threshold: 0.4 })).rejects.toThrow(/strategy_parameters\.threshold: expected ≥ 0.5 unless long_only/);
  });
});
