import {
  BacktestConfigInput,
  BacktestResult,
  BarSeries,
  closesAsOf,
  EngineKind,
  parseBacktestConfig,
  RunControl,
  runStrategy,
  StrategyRegistry,
} from '@nautilus/domain';
import { computeStats, Stats } from './metrics/compute-stats';

/** One backtest request for {@link backtest}. */
export interface BacktestRequest {
  readonly series: readonly BarSeries[];
  readonly strategyId: string;
  readonly parameters?: Record<string, unknown>;
  readonly config?: BacktestConfigInput;
  readonly engine?: EngineKind;
  /** Benchmark prices aligned with the run's bars; defaults to the first symbol's closes on those bars. */
  readonly benchmark?: Float64Array;
  readonly registry?: StrategyRegistry;
}

/** A simulation with its statistics. */
export interface BacktestReport {
  readonly result: BacktestResult;
  readonly stats: Stats;
}

const defaultRegistry = new StrategyRegistry();

/** Validates the request, runs the strategy and returns the raw result with its stats. */
export function backtest(request: BacktestRequest, control?: RunControl): BacktestReport {
  const registry = request.registry ?? defaultRegistry;
  const config = parseBacktestConfig(request.config);
  const definition = registry.get(request.strategyId);
  const params = registry.parameters(request.strategyId, request.parameters, request.series.length);
  const result = runStrategy(config, request.series, definition, params, request.engine, control);
  const benchmark = request.benchmark ?? closesAsOf(request.series[0], result.time);
  const stats = computeStats(
    { time: result.time, equity: result.equity, exposure: result.exposure, trades: result.trades, benchmark },
    { riskFreeRate: config.riskFreeRate, ...(config.periodsPerYear === undefined ? {} : { periodsPerYear: config.periodsPerYear }) },
  );
  return { result, stats };
}
