import { backtest, optimizePortfolio, PortfolioOptimizationResult, tradeAccountReturns } from '@nautilus/analytics';
import { alignMarket, BarSeries, closesAsOf, createBarSeries, RunControl, StrategyRegistry, tradesOf } from '@nautilus/domain';
import { backtestOnnxModel, HardwareRouter, OnnxBacktestResult } from '@nautilus/hardware-router';
import { getHeapStatistics } from 'node:v8';
import { BacktestRunRequest, RunOutput } from './run-request';
import { portfolioDocument, runStudy } from './run-study';

/**
 * Runs one request to completion (in a worker or inline) and returns what the API stores; strategy
 * ids resolve in `registry` (default: the built-ins).
 */
export async function runBacktest(request: BacktestRunRequest, onProgress?: (fraction: number) => void, registry?: StrategyRegistry): Promise<RunOutput> {
  const series = request.series.map((s) => createBarSeries(s.symbol, s, { checkRange: false }));
  let benchmark: Float64Array | undefined;
  // A study runs after its base backtest and takes most of the job's time: the run reports the first tenth.
  const studyOfRun = request.study && request.study.kind !== 'portfolio_optimization' ? request.study : undefined;
  const runShare = studyOfRun ? 0.1 : 1;
  const control: RunControl = onProgress ? { onProgress: (f) => onProgress(f * runShare), progressEveryBars: 4096 } : {};
  const portfolio = request.study?.kind === 'portfolio_optimization' ? runPortfolio(request, series, control) : undefined;
  if (portfolio) benchmark = portfolio.benchmark;
  const model = request.onnx ? await runModel(request.onnx, series[0], request) : undefined;
  const { result, stats } =
    portfolio?.run.optimized ??
    model?.result.report ??
    backtest(
      {
        series,
        strategyId: request.strategyId,
        parameters: request.parameters,
        config: request.config,
        engine: request.engine,
        registry,
        ...(request.benchmark ? { benchmark: (benchmark = closesAsOf(request.benchmark, alignMarket(series).time)) } : {}),
      },
      control,
    );
  const first = series[0];
  const close = closesAsOf(first, result.time);
  const trades = tradesOf(result.trades, result.symbols, result.time);
  const studied = studyOfRun
    ? await runStudy(
        studyOfRun,
        {
          series,
          strategyId: request.strategyId,
          parameters: request.parameters,
          config: request.config,
          time: result.time,
          equity: result.equity,
          tradeReturns: tradeAccountReturns(result.trades.pnl.subarray(0, result.trades.length), result.config.initialCapital),
          registry,
        },
        onProgress ? { onProgress: (f) => onProgress(runShare + (1 - runShare) * f) } : {},
      )
    : undefined;
  const study = portfolio ? portfolioDocument(portfolio.run) : studied?.document;
  return {
    stats: stats as unknown as Record<string, number>,
    symbols: result.symbols,
    time: result.time,
    equity: result.equity,
    close,
    benchmark: benchmark ?? close,
    trades,
    fills: result.fills.length,
    bars: result.time.length * result.symbols.length,
    heapUsedMb: getHeapStatistics().used_heap_size / 1_048_576,
    hardwareUsed: model ? model.result.inference.hardware_used : (studied?.hardwareUsed ?? 'worker_thread'),
    ...(model ? { inference: { ...model.result.inference, routing: model.routing } } : {}),
    ...(study ? { study } : {}),
  };
}

let router: Promise<HardwareRouter> | undefined;

/**
 * Runs an onnx_model job: features of every bar, one batched inference, then the normal engine.
 * The worker's hardware router places the feature building and the inference (probed once per
 * worker) and records each decision with its measured time.
 */
async function runModel(spec: NonNullable<BacktestRunRequest['onnx']>, series: BarSeries, request: BacktestRunRequest): Promise<{ result: OnnxBacktestResult; routing: unknown[] }> {
  router ??= HardwareRouter.create();
  const r = await router;
  const result = await backtestOnnxModel({
    router: r,
    series,
    modelPath: spec.model,
    modelsDir: spec.modelsDir,
    features: spec.features,
    mode: spec.mode,
    ...(spec.threshold === undefined ? {} : { threshold: spec.threshold }),
    ...(spec.longOnly === undefined ? {} : { longOnly: spec.longOnly }),
    ...(spec.positionSize === undefined ? {} : { positionSize: spec.positionSize }),
    config: request.config,
    engine: request.engine,
  });
  // A worker runs one job at a time: its last two records are this job's features and inference.
  return { result, routing: r.jobs().slice(-2) };
}

/** Runs a portfolio_optimization job: the optimized allocation and equal weight, with the benchmark on their bars. */
function runPortfolio(request: BacktestRunRequest, series: readonly BarSeries[], control: RunControl): { run: PortfolioOptimizationResult; benchmark?: Float64Array } {
  const study = request.study as Extract<BacktestRunRequest['study'], { kind: 'portfolio_optimization' }>;
  const benchmark = request.benchmark ? closesAsOf(request.benchmark, alignMarket(series).time) : undefined;
  const run = optimizePortfolio({ series, spec: study.spec, config: request.config, ...(benchmark ? { benchmark } : {}) }, control);
  return { run, ...(benchmark ? { benchmark } : {}) };
}

