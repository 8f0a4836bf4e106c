import {
  alignMarket,
  BacktestConfigInput,
  BarSeries,
  CancelledError,
  computeSignals,
  IndicatorCache,
  inferPeriodsPerYear,
  parseBacktestConfig,
  parseParameters,
  ParameterValues,
  simulateTargets,
  simulationParamsOf,
  StrategyRegistry,
  ValidationError,
} from '@nautilus/domain';
import { returnsFromEquity } from '../metrics/returns';
import { createRng } from '../rng/rng';
import { deflatedSharpeRatio, skewnessKurtosis } from '../validation/deflated-sharpe';
import { objectiveOf, ObjectiveSpec, SegmentMetrics } from './objective';
import { Constraint, expandRange, gridPoint, gridSize, parseConstraint, RangeSpec } from './parameter-space';
import { segmentMetrics } from './segment-metrics';

/** Search methods: every grid point, or a seeded random sample of them. */
export type SearchMethod = 'grid' | 'random';

/** One parameter search, in the shape of backtesting.py's `Backtest.optimize`. */
export interface OptimizeRequest {
  readonly series: readonly BarSeries[];
  readonly strategyId: string;
  /** Values of the parameters that are not searched, and the "original" set the result compares against. */
  readonly baseParameters?: Record<string, unknown>;
  readonly parameterRanges: Readonly<Record<string, RangeSpec>>;
  readonly config?: BacktestConfigInput;
  readonly target?: ObjectiveSpec;
  readonly method?: SearchMethod;
  /** Parameter sets to evaluate at most (random search samples this many; grid stops there). */
  readonly maxIterations?: number;
  readonly seed?: number;
  /** Share of bars used to choose parameters; the rest is the out-of-sample test (default 0.7). */
  readonly inSampleFraction?: number;
  /** Constraints such as 'fast < slow', on top of the strategy's own. */
  readonly constraints?: readonly string[];
  /** Largest grid accepted before sampling or evaluating (default 100,000). */
  readonly maxGridSize?: number;
  readonly registry?: StrategyRegistry;
  readonly onProgress?: (done: number, total: number) => void;
  readonly shouldCancel?: () => boolean;
}

/** One evaluated parameter set. */
export interface TrialResult {
  readonly parameters: Readonly<Record<string, number | boolean>>;
  readonly inSample: SegmentMetrics;
  readonly outOfSample: SegmentMetrics;
  readonly inSampleScore: number;
  readonly outOfSampleScore: number;
}

/** What a search found, with the evidence to judge it. */
export interface OptimizationResult {
  readonly method: SearchMethod;
  readonly gridSize: number;
  readonly skippedByConstraints: number;
  readonly evaluated: number;
  readonly splitIndex: number;
  readonly splitTime: number;
  readonly trials: readonly TrialResult[];
  readonly best: TrialResult;
  readonly original: TrialResult;
  /**
   * Deflated Sharpe ratio of the best in-sample Sharpe given the number of trials and the spread of
   * their Sharpe ratios (Bailey & López de Prado 2014): the probability that its true Sharpe ratio
   * exceeds what the luckiest of that many unskilled trials would show. Below 0.5: likely overfit.
   */
  readonly deflatedSharpeRatio: number;
}

const DEFAULT_MAX_GRID = 100_000;

/** A validated search: what {@link optimize} will evaluate, in order. */
export interface SearchPlan {
  readonly request: OptimizeRequest;
  readonly registry: StrategyRegistry;
  readonly definition: ReturnType<StrategyRegistry['get']>;
  readonly config: ReturnType<typeof parseBacktestConfig>;
  readonly market: ReturnType<typeof alignMarket>;
  readonly names: readonly string[];
  readonly axes: readonly (readonly (number | boolean)[])[];
  readonly size: number;
  readonly method: SearchMethod;
  readonly split: number;
  readonly order: readonly number[];
  readonly userConstraints: readonly Constraint[];
  readonly originalParams: ParameterValues;
  readonly score: (m: SegmentMetrics) => number;
}

/**
 * Validates a search without running it (every error names its field: parameter_ranges,
 * max_iterations, method, in_sample_fraction, constraints, optimization_target) and returns the plan.
 * The service calls it before accepting a job, so bad input never becomes a job.
 */
export function planSearch(request: OptimizeRequest): SearchPlan {
  const registry = request.registry ?? new StrategyRegistry();
  const definition = registry.get(request.strategyId);
  const config = parseBacktestConfig(request.config);
  const market = alignMarket(request.series);
  const { n, k } = market;
  const names = Object.keys(request.parameterRanges);
  if (names.length === 0) throw new ValidationError('parameter_ranges', 'at least one parameter to search', 'none');
  const axes = names.map((name) => expandRange(name, request.parameterRanges[name], definition.parameters));
  const size = gridSize(axes);
  const maxGrid = request.maxGridSize ?? DEFAULT_MAX_GRID;
  if (size > maxGrid) throw new ValidationError('parameter_ranges', `a grid of at most ${maxGrid} combinations (max_grid_size)`, `${size} combinations`);
  const method = request.method ?? 'grid';
  if (method !== 'grid' && method !== 'random') throw new ValidationError('method', "'grid' or 'random'", String(method));
  const maxIterations = request.maxIterations ?? size;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new ValidationError('max_iterations', 'an integer ≥ 1', String(maxIterations));
  const fraction = request.inSampleFraction ?? 0.7;
  if (!(fraction > 0 && fraction <= 1)) throw new ValidationError('in_sample_fraction', 'a number in (0, 1]', String(fraction));
  const split = Math.min(n, Math.max(2, Math.round(n * fraction)));
  const known = Object.keys(definition.parameters);
  const userConstraints: Constraint[] = (request.constraints ?? []).map((c) => parseConstraint(c, known));
  const base = request.baseParameters ?? {};
  const originalParams = registry.parameters(request.strategyId, base, k);
  const score = objectiveOf(request.target ?? 'sharpe_ratio');

  // Which grid points to try, in order.
  let order: number[];
  if (method === 'random') {
    const rng = createRng(request.seed ?? 0);
    const pick = Math.min(maxIterations, size);
    const chosen = new Set<number>();
    while (chosen.size < pick) chosen.add(rng.int(size));
    order = [...chosen];
  } else {
    order = Array.from({ length: Math.min(size, maxIterations) }, (_, i) => i);
  }

  return { request, registry, definition, config, market, names, axes, size, method, split, order, userConstraints, originalParams, score };
}

/**
 * Returns the parameter sets of a plan that satisfy the strategy's and the user's constraints and
 * leave room for the warm-up in the in-sample bars, with the count of those left out. Throws when
 * none is left.
 */
export function candidateSets(plan: SearchPlan): { sets: Record<string, number | boolean>[]; skipped: number } {
  const { definition, names, axes, order, originalParams, userConstraints, split } = plan;
  const sets: Record<string, number | boolean>[] = [];
  let skipped = 0;
  for (const index of order) {
    const params = parseParameters(definition.parameters, { ...originalParams, ...gridPoint(names, axes, index) });
    if (definition.checkConstraints?.(params) || !userConstraints.every((c) => c(params)) || definition.warmupBars(params) >= split) skipped++;
    else sets.push(params);
  }
  if (sets.length === 0) throw new ValidationError('parameter_ranges', 'at least one combination that satisfies the constraints', `all ${order.length} excluded`);
  return { sets, skipped };
}

/**
 * Searches parameter sets of a strategy on the vectorized engine: one run per set over all bars,
 * scored on the in-sample bars only and reported on both segments. Indicator arrays are shared
 * between sets (SMA(10) is computed once), and buffers are reused, so a set costs one signal pass
 * and one simulation.
 */
export function optimize(request: OptimizeRequest): OptimizationResult {
  const plan = planSearch(request);
  const { definition, config, market, size, method, split, originalParams, score } = plan;
  const { n, k } = market;
  const ppy = config.periodsPerYear ?? inferPeriodsPerYear(market.time);
  const rf = config.riskFreeRate;
  const sim = simulationParamsOf(config);
  const target = new Float64Array(n * k);
  const out = { equity: new Float64Array(n) };
  const scratch = new Float64Array(n);
  const cache: IndicatorCache = new Map();
  const evaluate = (params: Record<string, unknown>): TrialResult => {
    computeSignals(definition, market, params as Record<string, number | boolean>, target, cache);
    const ledger = simulateTargets(market.open, market.close, target, n, k, sim, out);
    const inSample = segmentMetrics(out.equity, ledger.trades, 0, split, ppy, rf, scratch);
    const outOfSample = split < n ? segmentMetrics(out.equity, ledger.trades, split - 1, n, ppy, rf, scratch) : inSample;
    return { parameters: params as Record<string, number | boolean>, inSample, outOfSample, inSampleScore: score(inSample), outOfSampleScore: score(outOfSample) };
  };

  const trials: TrialResult[] = [];
  const candidates = candidateSets(plan);
  for (let t = 0; t < candidates.sets.length; t++) {
    if ((t & 63) === 0) {
      if (request.shouldCancel?.()) throw new CancelledError(`optimization cancelled after ${t} of ${candidates.sets.length} parameter sets`);
      request.onProgress?.(t, candidates.sets.length);
    }
    trials.push(evaluate(candidates.sets[t]));
  }
  request.onProgress?.(candidates.sets.length, candidates.sets.length);
  const skipped = candidates.skipped;
  let best = trials[0];
  for (const t of trials) if (t.inSampleScore > best.inSampleScore) best = t;
  const original = evaluate({ ...originalParams });
  return {
    method,
    gridSize: size,
    skippedByConstraints: skipped,
    evaluated: trials.length,
    splitIndex: split,
    splitTime: market.time[split - 1],
    trials,
    best,
    original,
    deflatedSharpeRatio: deflatedSharpeOf(best, trials, () => {
      // Re-run the winner to get its in-sample returns for their skewness and kurtosis.
      computeSignals(definition, market, best.parameters, target, cache);
      simulateTargets(market.open, market.close, target, n, k, sim, out);
      return returnsFromEquity(out.equity.subarray(0, split));
    }, ppy),
  };
}

function deflatedSharpeOf(best: TrialResult, trials: readonly TrialResult[], bestReturns: () => Float64Array, ppy: number): number {
  // The paper works with per-period Sharpe ratios; ours are annualised by √ppy.
  const perPeriod = trials.map((t) => t.inSample.sharpeRatio / Math.sqrt(ppy)).filter((s) => Number.isFinite(s));
  if (perPeriod.length === 0 || !Number.isFinite(best.inSample.sharpeRatio)) return NaN;
  const mean = perPeriod.reduce((s, x) => s + x, 0) / perPeriod.length;
  const variance = perPeriod.length > 1 ? perPeriod.reduce((s, x) => s + (x - mean) ** 2, 0) / (perPeriod.length - 1) : 0;
  const returns = bestReturns();
  const { skewness, kurtosis } = skewnessKurtosis(returns);
  return deflatedSharpeRatio({
    sharpe: best.inSample.sharpeRatio / Math.sqrt(ppy),
    observations: returns.length,
    skewness,
    kurtosis,
    trials: perPeriod.length,
    trialSharpeVariance: variance,
  });
}
