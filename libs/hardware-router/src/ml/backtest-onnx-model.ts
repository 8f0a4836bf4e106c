import { backtest, BacktestReport } from '@nautilus/analytics';
import {
  BacktestConfigInput,
  BarSeries,
  buildFeatureMatrix,
  checkFeatureSpec,
  EngineKind,
  ExecutorUnavailableError,
  featureColumns,
  FeatureSpec,
  PredictionMode,
  predictionStrategy,
  StrategyRegistry,
} from '@nautilus/domain';
import { performance } from 'node:perf_hooks';
import { CPU_PROVIDER, loadOnnxRuntime } from '../detect/onnx-runtime';
import { OnnxSessionExecutor } from '../executors/onnx-session-executor';
import { InferenceRequest, InferenceResult } from '../executors/tasks';
import { HardwareRouter } from '../router';
import { defaultModelsDir, resolveModelPath } from './model-path';

/** The `strategy_id` under which model-driven runs are reported. */
export const ONNX_MODEL_STRATEGY_ID = 'onnx_model';

/** A backtest of an ONNX model's predictions on one symbol. */
export interface OnnxBacktestRequest {
  readonly series: BarSeries;
  /** The .onnx file, relative to the models folder. */
  readonly modelPath: string;
  readonly features: FeatureSpec;
  readonly mode: PredictionMode;
  /** See {@link PredictionMode}; defaults to 0.5 for `threshold`, 0 for `sign`. */
  readonly threshold?: number;
  readonly longOnly?: boolean;
  readonly positionSize?: number;
  readonly config?: BacktestConfigInput;
  readonly engine?: EngineKind;
  /** Places feature building and inference; without one, both run here on the CPU provider. */
  readonly router?: HardwareRouter;
  /** The folder models are read from (default {@link defaultModelsDir}). */
  readonly modelsDir?: string;
}

/** The inference step of a model backtest, as measured. */
export interface InferenceSummary {
  readonly rows: number;
  readonly ms: number;
  readonly provider: string;
  readonly hardware_used: string;
  /** Every bar went through the model in one call. */
  readonly batched: true;
}

/** A model backtest: the normal report, the model's outputs per bar, and how inference ran. */
export interface OnnxBacktestResult {
  readonly report: BacktestReport;
  /** Row-major n × `columns` model outputs, row t computed from bars ≤ t. */
  readonly predictions: Float64Array;
  readonly columns: number;
  readonly inference: InferenceSummary;
}

async function infer(request: InferenceRequest, router: HardwareRouter | undefined): Promise<{ result: InferenceResult; ms: number; hardware: string }> {
  if (router) {
    const { output, job } = await router.run('model_inference', request.rows, 'onnx_inference', request);
    return { result: output, ms: job.ms, hardware: job.hardware_used };
  }
  const loaded = loadOnnxRuntime();
  if (!loaded.ok) throw new ExecutorUnavailableError('onnx_session', loaded.reason);
  const executor = new OnnxSessionExecutor(loaded.ort, CPU_PROVIDER);
  try {
    const t0 = performance.now();
    const result = await executor.run('onnx_inference', request);
    return { result, ms: performance.now() - t0, hardware: executor.hardware };
  } finally {
    await executor.close();
  }
}

/**
 * Backtests an ONNX model: builds the feature matrix of every bar at once (row t from closes ≤ t),
 * runs the model on all rows in one batched call, turns row t's output into the target decided on
 * bar t's close ({@link predictionStrategy}), and runs it through analytics' `backtest()`, so the
 * position acts from bar t+1. Throws ValidationError on `strategy_parameters.model` for a path
 * outside the models folder, on `features` for a bad spec or one the model's input does not match.
 */
export async function backtestOnnxModel(request: OnnxBacktestRequest): Promise<OnnxBacktestResult> {
  const modelPath = resolveModelPath(request.modelPath, request.modelsDir ?? defaultModelsDir());
  checkFeatureSpec(request.features);
  const { series, router } = request;
  const n = series.length;
  const columns = featureColumns(request.features).length;
  const features = router
    ? (await router.run('data_processing', n * columns, 'feature_matrix', { close: series.close, spec: request.features })).output
    : buildFeatureMatrix(series.close, request.features);
  const { result, ms, hardware } = await infer({ modelPath, input: features, rows: n, columns }, router);
  const predictions = Float64Array.from(result.values);
  const definition = predictionStrategy(predictions, request.mode, {
    id: ONNX_MODEL_STRATEGY_ID,
    columns: result.columns,
    ...(request.threshold === undefined ? {} : { threshold: request.threshold }),
    ...(request.longOnly === undefined ? {} : { long_only: request.longOnly }),
    ...(request.positionSize === undefined ? {} : { position_size: request.positionSize }),
  });
  const report = backtest({
    series: [series],
    strategyId: ONNX_MODEL_STRATEGY_ID,
    registry: new StrategyRegistry([definition]),
    ...(request.config ? { config: request.config } : {}),
    ...(request.engine ? { engine: request.engine } : {}),
  });
  return { report, predictions, columns: result.columns, inference: { rows: n, ms, provider: result.provider, hardware_used: hardware, batched: true } };
}
