import { alignMarket, BacktestConfigInput, BarSeries, BUILT_IN_STRATEGIES, inferPeriodsPerYear, RunControl, StrategyRegistry } from '@nautilus/domain';
import { backtest, BacktestReport } from '../backtest';
import { allocationSchedule, allocationStrategy, AllocationSpec, estimateWeights, Rebalance } from './allocation';

/** A portfolio optimization: symbols, allocation, engine settings. */
export interface PortfolioOptimizationRequest {
  readonly series: readonly BarSeries[];
  /** periodsPerYear may be left out: it is inferred from the bar times. */
  readonly spec: Omit<AllocationSpec, 'periodsPerYear'> & { readonly periodsPerYear?: number };
  readonly config?: BacktestConfigInput;
  /** Benchmark closes on the symbols' common bars (as alignMarket gives them); defaults to the first symbol. */
  readonly benchmark?: Float64Array;
}

/** The optimized portfolio, the equal-weight portfolio on the same schedule, and the weights. */
export interface PortfolioOptimizationResult {
  readonly symbols: readonly string[];
  readonly spec: AllocationSpec;
  readonly optimized: BacktestReport;
  readonly equalWeight: BacktestReport;
  readonly rebalances: readonly Rebalance[];
  /** Weights estimated on the last `lookbackBars` returns: what the method would hold now. */
  readonly latest: { readonly weights: Float64Array; readonly shrinkage: number };
}

/**
 * Backtests a rebalanced allocation with honest timing (weights estimated on data up to the
 * rebalance bar's close, traded at the next open) and the equal-weight portfolio on the same
 * schedule, so the difference is the optimizer's alone.
 */
export function optimizePortfolio(request: PortfolioOptimizationRequest, control?: RunControl): PortfolioOptimizationResult {
  const market = alignMarket(request.series);
  const spec: AllocationSpec = { ...request.spec, periodsPerYear: request.spec.periodsPerYear ?? inferPeriodsPerYear(market.time) };
  const rebalances = allocationSchedule(market, spec);
  const run = (s: AllocationSpec, ctl?: RunControl) => {
    const definition = allocationStrategy(s);
    const registry = new StrategyRegistry([...BUILT_IN_STRATEGIES, definition]);
    return backtest({ series: market.series, strategyId: definition.id, config: request.config, registry, ...(request.benchmark ? { benchmark: request.benchmark } : {}) }, ctl);
  };
  const optimized = run(spec, control);
  const equalWeight = spec.method === 'equal_weight' ? optimized : run({ ...spec, method: 'equal_weight' });
  return {
    symbols: market.symbols,
    spec,
    optimized,
    equalWeight,
    rebalances,
    latest: estimateWeights(market.close, market.n, market.k, market.n - 1, spec),
  };
}
