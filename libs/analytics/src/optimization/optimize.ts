import {
  alignMarket,
  BacktestConfigInput,
  BarSeries,
  CancelledError,
  decisionsOf,
  computeSignals,
  createLedger,
  IndicatorCache,
  Ledger,
  inferPeriodsPerYear,
  parseBacktestConfig,
  ParameterValues,
  simulateTargets,
  simulationParamsOf,
  StrategyRegistry,
  ValidationError,
} from '@nautilus/domain';
import { equityUntilRuin, perPeriodRate, returnsFromEquity } from '../metrics/returns';
import { createRng } from '../rng/rng';
import { deflatedSharpeRatio, skewnessKurtosis } from '../validation/deflated-sharpe';
import { NO_SEGMENT, objectiveOf, ObjectiveSpec, SegmentMetrics } from './objective';
import { Constraint, expandRange, gridPoint, gridSize, parseConstraint, RangeSpec } from './parameter-space';
import { emptySums, segmentMetrics } from './segment-metrics';
import { finishKernelSegment, simulateOneSymbolSegments } from './sweep-kernel';
import { SweepBuffers } from './sweep-wasm';
import { tpeMaximize } from './tpe';

/** Search methods: every grid point, or a seeded random sample of them. */
export type SearchMethod = 'grid' | 'random' | 'bayesian';

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
  /** {@link NO_SEGMENT} (NaN metrics, no trades) when in_sample_fraction is 1: there are no out-of-sample bars. */
  readonly outOfSample: SegmentMetrics;
  readonly inSampleScore: number;
  /** NaN when there are no out-of-sample bars; −∞ when its metric is undefined (no trades, a flat curve). */
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
/** Evaluations of a Bayesian search when max_iterations is not given. */
const DEFAULT_BAYESIAN_ITERATIONS = 100;

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
  readonly maxIterations: number;
  readonly userConstraints: readonly Constraint[];
  readonly originalParams: ParameterValues;
  readonly score: (m: SegmentMetrics) => number;
}

/**
 * Validates a search without running it (every error names its field: strategy_id, parameter_ranges,
 * max_iterations, method, in_sample_fraction, constraints, optimization_target) and returns the plan.
 * The service calls it before accepting a job, so bad input never becomes a job.
 */
export function planSearch(request: OptimizeRequest): SearchPlan {
  const registry = request.registry ?? new StrategyRegistry();
  const definition = registry.get(request.strategyId);
  // Searches simulate signal matrices, which an event-only strategy (an onBar module) has none of.
  if (definition.eventStrategy) {
    throw new ValidationError('strategy_id', 'a strategy with a vectorized form (signals): searches run the vectorized engine', `${definition.id}, an event-only strategy`);
  }
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
  if (method !== 'grid' && method !== 'random' && method !== 'bayesian') throw new ValidationError('method', "'grid', 'random' or 'bayesian'", String(method));
  const maxIterations = request.maxIterations ?? (method === 'bayesian' ? Math.min(size, DEFAULT_BAYESIAN_ITERATIONS) : size);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new ValidationError('max_iterations', 'an integer ≥ 1', String(maxIterations));
  const fraction = request.inSampleFraction ?? 0.7;
  if (!(fraction > 0 && fraction <= 1)) throw new ValidationError('in_sample_fraction', 'a number in (0, 1]', String(fraction));
  const split = Math.min(n, Math.max(2, Math.round(n * fraction)));
  const known = Object.keys(definition.parameters);
  const userConstraints: Constraint[] = (request.constraints ?? []).map((c) => parseConstraint(c, known));
  const base = request.baseParameters ?? {};
  const originalParams = registry.parameters(request.strategyId, base, k);
  const score = objectiveOf(request.target ?? 'sharpe_ratio');

  // A Bayesian search chooses its points as it goes; the others visit theirs in `order`.
  const order: number[] = [];
  const plan = { request, registry, definition, config, market, names, axes, size, method, split, order, maxIterations, userConstraints, originalParams, score };
  if (method !== 'bayesian') visitOrder(plan, request.seed ?? 0, order);
  checkSomeFeasible(plan, request.constraints ?? []);
  return plan;
}

/**
 * Fills `order` with the grid points a grid or random search visits, in order: grid order, or
 * seeded distinct draws. A point that breaks a constraint or whose warm-up does not fit the
 * in-sample bars is passed over and another visited in its place, until `maxIterations` points
 * pass or the grid runs out, so a search evaluates `max_iterations` sets whenever the grid holds
 * that many. When `max_iterations` covers the grid every point is visited, and none is checked here.
 */
function visitOrder(plan: SearchPlan, seed: number, order: number[]): void {
  const { size, maxIterations, method } = plan;
  const everyPoint = maxIterations >= size;
  const rng = createRng(seed);
  const drawn = new Set<number>();
  let passed = 0;
  while (order.length < size && (everyPoint || passed < maxIterations)) {
    let index = order.length;
    if (method === 'random') {
      do index = rng.int(size);
      while (drawn.has(index));
      drawn.add(index);
    }
    order.push(index);
    if (!everyPoint && feasibleParameters(plan, index)) passed++;
  }
}

/**
 * Returns the parameter sets of a plan that satisfy the strategy's and the user's constraints and
 * leave room for the warm-up in the in-sample bars, with the count of those left out. A plan from
 * {@link planSearch} has at least one.
 */
export function candidateSets(plan: SearchPlan): { sets: Record<string, number | boolean>[]; skipped: number } {
  const sets: Record<string, number | boolean>[] = [];
  let skipped = 0;
  for (const index of plan.order) {
    const params = feasibleParameters(plan, index);
    if (params) sets.push(params);
    else skipped++;
  }
  return { sets, skipped };
}

/** Returns grid point `index` merged into the base parameters. */
function fullParameters(plan: SearchPlan, index: number): Record<string, number | boolean> {
  // The base set was parsed by the registry and every axis value checked against the schema by
  // expandRange, so the merge needs no second parse (2–6 ms per 10,000 sets here).
  return { ...(plan.originalParams as Record<string, number | boolean>), ...gridPoint(plan.names, plan.axes, index) };
}

/** Returns grid point `index` as full parameters, or undefined when a constraint or the warm-up rules it out. */
function feasibleParameters(plan: SearchPlan, index: number): Record<string, number | boolean> | undefined {
  const { definition, userConstraints, split } = plan;
  const params = fullParameters(plan, index);
  if (definition.checkConstraints?.(params) || !userConstraints.every((c) => c(params)) || definition.warmupBars(params) >= split) return undefined;
  return params;
}

/**
 * Throws a {@link ValidationError} when no point the search would try (the grid or random order;
 * the whole grid for a Bayesian search) passes the strategy's constraints, the user's and the
 * warm-up limit, so such a request is refused before it becomes a job. The field is the filter
 * that removed the last points: the strategy's own rules or the warm-up (`parameter_ranges`), or
 * the user's `constraints`. Stops at the first feasible point, so a usual search pays one check.
 */
function checkSomeFeasible(plan: SearchPlan, expressions: readonly string[]): void {
  const { definition, userConstraints, split } = plan;
  const tried = plan.method === 'bayesian' ? plan.size : plan.order.length;
  const what = plan.method === 'random' ? `sampled combination${tried === 1 ? '' : 's'}` : `combination${tried === 1 ? '' : 's'}`;
  let strategyOk = 0;
  let userOk = 0;
  let firstBroken: { field: string; expected: string } | undefined;
  let shortestWarmup = Infinity;
  for (let t = 0; t < tried; t++) {
    const params = fullParameters(plan, plan.method === 'bayesian' ? t : plan.order[t]);
    const broken = definition.checkConstraints?.(params);
    if (broken) {
      firstBroken ??= broken;
      continue;
    }
    strategyOk++;
    if (!userConstraints.every((c) => c(params))) continue;
    userOk++;
    const warmup = definition.warmupBars(params);
    if (warmup < split) return;
    shortestWarmup = Math.min(shortestWarmup, warmup);
  }
  if (strategyOk === 0) {
    const rule = firstBroken ? `: ${firstBroken.field.replace(/^strategy_parameters\./, '')} ${firstBroken.expected}` : '';
    throw new ValidationError('parameter_ranges', `combinations that ${definition.id} accepts${rule}`, `all ${tried} ${what} rejected by the strategy`);
  }
  if (userOk === 0) {
    throw new ValidationError('constraints', 'constraints that at least one combination of parameter_ranges satisfies', `all ${strategyOk} ${what} ${definition.id} accepts break ${expressions.map((c) => `'${c}'`).join(' or ')}`);
  }
  throw new ValidationError(
    'parameter_ranges',
    `a combination whose warm-up is shorter than the ${split} in-sample bars`,
    `the shortest warm-up of the ${userOk} ${what} that pass the constraints is ${shortestWarmup} bars`,
  );
}

/**
 * A Bayesian search: TPE over the grid (see {@link tpeMaximize}) on the in-sample score, for
 * `maxIterations` evaluations. A set whose score is NaN (no trades) counts as the worst; grid
 * points that break a constraint are skipped without using the budget. Returns the trials in
 * evaluation order.
 */
function bayesianTrials(plan: SearchPlan, evaluator: Evaluator, control: Pick<OptimizeRequest, 'onProgress' | 'shouldCancel' | 'seed'>): { trials: TrialResult[]; skipped: number } {
  const trials = new Map<number, TrialResult>();
  let skipped = 0;
  const budget = Math.min(plan.maxIterations, plan.size);
  const observed = tpeMaximize(
    plan.axes.map((a) => a.length),
    (index) => {
      const params = feasibleParameters(plan, index);
      if (!params) {
        skipped++;
        return undefined;
      }
      if (control.shouldCancel?.()) throw new CancelledError(`optimization cancelled after ${trials.size} of ${budget} parameter sets`);
      const trial = evaluator.evaluate(params);
      trials.set(index, trial);
      control.onProgress?.(trials.size, budget);
      return Number.isNaN(trial.inSampleScore) ? -Infinity : trial.inSampleScore;
    },
    { budget, rng: createRng(control.seed ?? 0) },
  );
  // planSearch found a feasible point in the grid, and TPE's start-up tries every point until it meets one.
  return { trials: observed.map((o) => trials.get(o.index) as TrialResult), skipped };
}

/** Runs parameter sets of one plan on reused buffers and a shared indicator cache. */
export interface Evaluator {
  evaluate(params: Readonly<Record<string, number | boolean>>): TrialResult;
  /** Bar returns of the in-sample segment for `params` (for the deflated Sharpe ratio's moments). */
  inSampleReturns(params: Readonly<Record<string, number | boolean>>): Float64Array;
}

/**
 * Returns the evaluator of a plan: one run per set over all bars on the vectorized engine, scored
 * on the in-sample bars and reported on both segments. Indicator arrays are shared between sets
 * (SMA(10) is computed once) and buffers and the ledger are reused. A set on one symbol costs one
 * pass listing its decisions and one fused pass of simulation and metrics ({@link simulateOneSymbolSegments});
 * on several symbols, a simulation and two passes of metrics per segment.
 */
export function createEvaluator(plan: SearchPlan): Evaluator {
  const { definition, config, market, split, score } = plan;
  const { n, k } = market;
  const ppy = config.periodsPerYear ?? inferPeriodsPerYear(market.time);
  const rf = config.riskFreeRate;
  const rfPerBar = perPeriodRate(rf, ppy);
  const sim = simulationParamsOf(config, definition.rebalances === true);
  const target = new Float64Array(n * k);
  const out = { equity: new Float64Array(n) };
  const scratch = new Float64Array(n);
  const cache: IndicatorCache = new Map();
  let ledger: Ledger = createLedger(k, sim.initialCash);
  const scratchLists = { bars: new Int32Array(n), targets: new Float64Array(n) };
  const run = (params: Readonly<Record<string, number | boolean>>) => {
    computeSignals(definition, market, params, target, cache, scratchLists);
    ledger = simulateTargets(market.open, market.close, target, n, k, sim, out, ledger);
    return ledger;
  };
  const trial = (params: Readonly<Record<string, number | boolean>>, inSample: SegmentMetrics, outOfSample: SegmentMetrics): TrialResult => ({
    parameters: params,
    inSample,
    outOfSample,
    inSampleScore: score(inSample),
    // score() ranks an undefined metric as −∞ so it never wins; with no bars there is nothing to rank.
    outOfSampleScore: split < n ? score(outOfSample) : NaN,
  });
  // The kernel sets every field of the sums it fills, so one pair serves all sets.
  const is = emptySums();
  const oos = emptySums();
  const oneSymbol = (buffers: SweepBuffers) => (params: Readonly<Record<string, number | boolean>>) => {
    const decider = definition.prepare(market, params, cache);
    const decisions = decider.crossing
      ? buffers.crossings(decider.crossing)
      : decider.band
        ? buffers.bandDecisions(decider.band)
        : decisionsOf(decider, n, buffers.decisionBars, buffers.decisionTargets);
    simulateOneSymbolSegments(market.open, buffers, buffers.decisionBars, buffers.decisionTargets, decisions, n, sim, ledger, split, rfPerBar, is, oos);
    const inSample = finishKernelSegment(is, buffers, ledger.trades, 0, split, ppy, rf, scratch);
    const outOfSample = split < n ? finishKernelSegment(oos, buffers, ledger.trades, split - 1, n, ppy, rf, scratch) : NO_SEGMENT;
    return trial(params, inSample, outOfSample);
  };
  // The one-symbol kernel trades a decision only when it changes the target; a rebalancing strategy's repeats trade too.
  const evaluate =
    k === 1 && !definition.rebalances
      ? oneSymbol(new SweepBuffers(market.close))
      : (params: Readonly<Record<string, number | boolean>>) => {
          run(params);
          const inSample = segmentMetrics(out.equity, ledger.trades, 0, split, ppy, rf, scratch);
          const outOfSample = split < n ? segmentMetrics(out.equity, ledger.trades, split - 1, n, ppy, rf, scratch) : NO_SEGMENT;
          return trial(params, inSample, outOfSample);
        };
  return {
    evaluate,
    inSampleReturns: (params) => {
      run(params);
      return returnsFromEquity(equityUntilRuin(out.equity.subarray(0, split)));
    },
  };
}

/** A grid or random search ready to evaluate: its plan, an evaluator and the candidate sets in order. */
export interface PreparedSearch {
  readonly plan: SearchPlan;
  readonly evaluator: Evaluator;
  readonly sets: readonly Readonly<Record<string, number | boolean>>[];
  readonly skipped: number;
}

/**
 * Plans a grid or random search and lists its candidate sets. Planning is deterministic (grid
 * order, or the seeded sample), so candidate [from, to) means the same sets in every thread or
 * process that prepares the same request.
 */
export function prepareSearch(request: OptimizeRequest): PreparedSearch {
  const plan = planSearch(request);
  const { sets, skipped } = candidateSets(plan);
  return { plan, evaluator: createEvaluator(plan), sets, skipped };
}

/**
 * Evaluates candidate sets [from, to) in order: the unit of work a distributed sweep sends to a
 * worker. Polls `shouldCancel` and reports progress every 64 sets.
 */
export function evaluateCandidates(
  evaluator: Evaluator,
  sets: readonly Readonly<Record<string, number | boolean>>[],
  from = 0,
  to = sets.length,
  control: Pick<OptimizeRequest, 'onProgress' | 'shouldCancel'> = {},
): TrialResult[] {
  const trials: TrialResult[] = [];
  for (let t = from; t < to; t++) {
    if (((t - from) & 63) === 0) {
      if (control.shouldCancel?.()) throw new CancelledError(`optimization cancelled after ${t - from} of ${to - from} parameter sets`);
      control.onProgress?.(t - from, to - from);
    }
    trials.push(evaluator.evaluate(sets[t]));
  }
  control.onProgress?.(to - from, to - from);
  return trials;
}

/**
 * Completes a search from all its trials, in candidate order: the best in-sample set (first on
 * ties), the original parameters' trial and the deflated Sharpe ratio over all trials.
 */
export function assembleOptimization(plan: SearchPlan, trials: readonly TrialResult[], skipped: number, evaluator: Evaluator = createEvaluator(plan)): OptimizationResult {
  const { config, market, size, method, split, originalParams } = plan;
  const ppy = config.periodsPerYear ?? inferPeriodsPerYear(market.time);
  let best = trials[0];
  for (const t of trials) if (t.inSampleScore > best.inSampleScore) best = t;
  return {
    method,
    gridSize: size,
    skippedByConstraints: skipped,
    evaluated: trials.length,
    splitIndex: split,
    splitTime: market.time[split - 1],
    trials,
    best,
    original: evaluator.evaluate({ ...(originalParams as Record<string, number | boolean>) }),
    deflatedSharpeRatio: deflatedSharpeOf(best, trials, () => evaluator.inSampleReturns(best.parameters), ppy),
  };
}

/**
 * Searches parameter sets of a strategy on the vectorized engine (see {@link createEvaluator}),
 * in the shape of backtesting.py's `Backtest.optimize`.
 */
export function optimize(request: OptimizeRequest): OptimizationResult {
  const plan = planSearch(request);
  const evaluator = createEvaluator(plan);
  if (plan.method === 'bayesian') {
    const { trials, skipped } = bayesianTrials(plan, evaluator, request);
    return assembleOptimization(plan, trials, skipped, evaluator);
  }
  const candidates = candidateSets(plan);
  const trials = evaluateCandidates(evaluator, candidates.sets, 0, candidates.sets.length, request);
  return assembleOptimization(plan, trials, candidates.skipped, evaluator);
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
