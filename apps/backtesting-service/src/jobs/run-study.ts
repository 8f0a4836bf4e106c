import {
  crossValidate,
  equityUntilRuin,
  monteCarlo,
  MonteCarloRequest,
  ObjectiveSpec,
  OptimizeRequest,
  PortfolioOptimizationResult,
  RangeSpec,
  returnsFromEquity,
  Stats,
  TrialResult,
  walkForward,
} from '@nautilus/analytics';
import { BarSeries, inferPeriodsPerYear, parseBacktestConfig, RunControl, StrategyRegistry } from '@nautilus/domain';
import { parallelMonteCarlo } from '@nautilus/hardware-router';
import { jobPool } from './job-pool';
import { StudyRequest, StudySearch } from './run-request';

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const pct = (x: number) => (Number.isFinite(x) ? x * 100 : null);

function segment(m: TrialResult['inSample']) {
  return {
    total_return_pct: pct(m.totalReturn),
    annualized_return_pct: pct(m.annualizedReturn),
    sharpe_ratio: finite(m.sharpeRatio),
    sortino_ratio: finite(m.sortinoRatio),
    max_drawdown_pct: pct(m.maxDrawdown),
    num_trades: m.numTrades,
    win_rate_pct: pct(m.winRate),
  };
}

function searchOf(
  search: StudySearch,
  series: readonly BarSeries[],
  strategyId: string,
  parameters: Record<string, unknown>,
  config: Record<string, unknown>,
  control: RunControl,
  registry?: StrategyRegistry,
): OptimizeRequest {
  return {
    series,
    strategyId,
    baseParameters: parameters,
    parameterRanges: search.parameterRanges as Record<string, RangeSpec>,
    config,
    target: search.target as ObjectiveSpec,
    constraints: search.constraints,
    maxGridSize: search.maxGridSize,
    registry,
    // The studies count parameter sets done; the job reports a fraction.
    onProgress: (done, total) => control.onProgress?.(total ? done / total : 1),
    shouldCancel: control.shouldCancel,
  };
}

const dist = (d: { mean: number; std: number; percentiles: Readonly<Record<string, number>> }, scale = 1) => ({
  mean: finite(d.mean * scale),
  std: finite(d.std * scale),
  percentiles: Object.fromEntries(Object.entries(d.percentiles).map(([k, v]) => [k, finite(v * scale)])),
});

/** A study's JSON-ready document and what ran it (see JobRecord.hardwareUsed). */
export interface StudyOutput {
  readonly document: Record<string, unknown>;
  readonly hardwareUsed: string;
}

/**
 * Runs a monte_carlo study on the run's bar returns (or its trades): on this thread, or with
 * `threads` > 1 across the job worker's pool as well. Paths are drawn in blocks with a random
 * stream each, so the numbers are the same for any number of threads. trade_reshuffle annualises
 * its per-trade Sharpe ratio by the run's trades per year: closed trades over the run's years
 * (bar intervals over bars per year, as the annualised return counts them).
 */
async function runMonteCarlo(
  study: Extract<StudyRequest, { kind: 'monte_carlo' }>,
  equity: Float64Array,
  time: Float64Array,
  tradeReturns: Float64Array,
  configuredPeriodsPerYear: number | undefined,
  control: RunControl,
): Promise<StudyOutput> {
  // The run's own returns, as its stats take them: up to a ruin, annualised as the run is.
  const returns = returnsFromEquity(equityUntilRuin(equity));
  const periodsPerYear = configuredPeriodsPerYear ?? inferPeriodsPerYear(time);
  const tradesPerYear = tradeReturns.length / ((equity.length - 1) / periodsPerYear);
  const request: MonteCarloRequest = {
    method: study.method,
    returns,
    tradeReturns,
    nPaths: study.nPaths,
    ...(study.nSteps === undefined ? {} : { nSteps: study.nSteps }),
    seed: study.seed,
    periodsPerYear,
    tradesPerYear,
    meanBlockLength: study.meanBlockLength,
  };
  const pool = study.threads > 1 ? jobPool(study.threads) : undefined;
  const { result: r, threads } = pool ? await parallelMonteCarlo(request, pool, control) : { result: monteCarlo(request, control), threads: 1 };
  const document = {
    kind: 'monte_carlo',
    method: r.method,
    n_paths: r.nPaths,
    n_steps: r.nSteps,
    seed: r.seed,
    threads,
    ...(r.method === 'trade_reshuffle' ? { trades_per_year: tradesPerYear } : {}),
    ...(r.gbm ? { gbm_fit: { annual_drift: r.gbm.mu, annual_volatility: r.gbm.sigma } } : {}),
    final_return_pct: dist(r.finalReturn, 100),
    max_drawdown_pct: dist(r.maxDrawdown, 100),
    sharpe_ratio: dist(r.sharpe),
    var_95_pct: finite(r.var95 * 100),
    cvar_95_pct: finite(r.cvar95 * 100),
    var_99_pct: finite(r.var99 * 100),
    cvar_99_pct: finite(r.cvar99 * 100),
    equity_bands: Object.fromEntries(Object.entries(r.equityBands).map(([k, v]) => [k, Array.from(v)])),
  };
  return { document, hardwareUsed: threads > 1 && pool ? `worker_thread + ${pool.hardware}` : 'worker_thread' };
}

/**
 * Runs the study of a study-type backtest and returns its JSON-ready document. `run.tradeReturns`
 * are the closed trades' returns on the account (`tradeAccountReturns` of their P&L), which
 * trade_reshuffle replays. `control` gets the fraction of the study done (parameter sets for a
 * walk-forward or a cross-validation, paths then bands for a Monte Carlo study, on one thread or
 * several) and is polled for cancellation.
 */
export async function runStudy(
  study: Exclude<StudyRequest, { kind: 'portfolio_optimization' }>,
  run: { series: readonly BarSeries[]; strategyId: string; parameters: Record<string, unknown>; config: Record<string, unknown>; time: Float64Array; equity: Float64Array; tradeReturns: Float64Array; registry?: StrategyRegistry },
  control: RunControl = {},
): Promise<StudyOutput> {
  const iso = (t: number) => new Date(t).toISOString();
  if (study.kind === 'monte_carlo') return runMonteCarlo(study, run.equity, run.time, run.tradeReturns, parseBacktestConfig(run.config).periodsPerYear, control);
  const request = searchOf(study.search, run.series, run.strategyId, run.parameters, run.config, control, run.registry);
  if (study.kind === 'walk_forward') {
    const r = walkForward(request, {
      trainBars: study.trainBars,
      testBars: study.testBars,
      ...(study.stepBars ? { stepBars: study.stepBars } : {}),
      anchored: study.anchored,
      maxEvaluations: study.search.maxEvaluations,
    });
    const t = run.time;
    const document = {
      kind: 'walk_forward',
      parameter_sets: r.parameterSets,
      windows: r.steps.map((s) => ({
        train_start: iso(t[s.trainStart]),
        train_end: iso(t[s.trainEnd - 1]),
        test_start: iso(t[s.testStart]),
        test_end: iso(t[s.testEnd - 1]),
        parameters: s.parameters,
        in_sample_score: finite(s.inSampleScore),
        out_of_sample_score: finite(s.outOfSampleScore),
        in_sample: segment(s.inSample),
        out_of_sample: segment(s.outOfSample),
      })),
      stitched_out_of_sample: { ...segment(r.outOfSample), timestamps: Array.from(r.time, iso), values: Array.from(r.equity) },
    };
    return { document, hardwareUsed: 'worker_thread' };
  }
  const r = crossValidate(request, { folds: study.folds, purgeBars: study.purgeBars, embargoBars: study.embargoBars, maxEvaluations: study.search.maxEvaluations });
  const document = {
    kind: 'cross_validation',
    parameter_sets: r.parameterSets,
    purge_bars: study.purgeBars,
    embargo_bars: study.embargoBars,
    folds: r.folds.map((f) => ({
      test_start: iso(run.time[f.testStart]),
      test_end: iso(run.time[f.testEnd - 1]),
      train_bars: f.trainBars,
      parameters: f.parameters,
      train_score: finite(f.trainScore),
      test_score: finite(f.testScore),
      test: segment(f.test),
    })),
    mean_test_score: finite(r.meanTestScore),
    std_test_score: finite(r.stdTestScore),
    mean_train_score: finite(r.meanTrainScore),
  };
  return { document, hardwareUsed: 'worker_thread' };
}

function performance(stats: Stats, equity: Float64Array) {
  return {
    total_return_pct: finite(stats.totalReturnPct),
    annualized_return_pct: finite(stats.annualizedReturnPct),
    annualized_volatility_pct: finite(stats.annualizedVolatilityPct),
    sharpe_ratio: finite(stats.sharpeRatio),
    sortino_ratio: finite(stats.sortinoRatio),
    max_drawdown_pct: finite(stats.maxDrawdownPct),
    num_trades: stats.numTrades,
    final_equity: finite(stats.equityFinal),
    values: Array.from(equity),
  };
}

/** Returns the JSON-ready document of a portfolio optimization: weights over time and the comparison with equal weight. */
export function portfolioDocument(r: PortfolioOptimizationResult): Record<string, unknown> {
  const named = (w: Float64Array) => Object.fromEntries(r.symbols.map((s, i) => [s, w[i]]));
  const time = r.optimized.result.time;
  const o = r.optimized.stats;
  const e = r.equalWeight.stats;
  return {
    kind: 'portfolio_optimization',
    method: r.spec.method,
    lookback_bars: r.spec.lookbackBars,
    rebalance_bars: r.spec.rebalanceBars,
    min_weight: r.spec.bounds.min,
    max_weight: r.spec.bounds.max,
    shrinkage: r.spec.shrinkage,
    periods_per_year: r.spec.periodsPerYear,
    symbols: r.symbols,
    latest_weights: named(r.latest.weights),
    latest_shrinkage: r.latest.shrinkage,
    rebalances: r.rebalances.map((b) => ({ time: new Date(time[b.index]).toISOString(), weights: named(b.weights), shrinkage: b.shrinkage })),
    optimized: performance(o, r.optimized.result.equity),
    equal_weight: performance(e, r.equalWeight.result.equity),
    difference_vs_equal_weight: {
      total_return_pct: finite(o.totalReturnPct - e.totalReturnPct),
      annualized_volatility_pct: finite(o.annualizedVolatilityPct - e.annualizedVolatilityPct),
      sharpe_ratio: finite(o.sharpeRatio - e.sharpeRatio),
      max_drawdown_pct: finite(o.maxDrawdownPct - e.maxDrawdownPct),
    },
  };
}
