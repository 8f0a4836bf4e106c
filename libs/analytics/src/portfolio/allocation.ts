import { AlignedMarket, StrategyDefinition, ValidationError } from '@nautilus/domain';
import { checkWeightBounds, WeightBounds } from './capped-simplex';
import { equalWeights, maximumSharpeWeights, minimumVarianceWeights, riskParityWeights } from './allocation-solvers';
import { ledoitWolf, sampleCovariance, columnMeans } from './covariance';
import { perPeriodRate } from '../metrics/returns';

/** How weights are chosen at each rebalance. */
export const ALLOCATION_METHODS = ['equal_weight', 'min_variance', 'max_sharpe', 'risk_parity'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

/** A rebalanced allocation: method, estimation window, schedule, bounds and covariance estimator. */
export interface AllocationSpec {
  readonly method: AllocationMethod;
  /** Returns used for each estimate: the `lookbackBars` bar-to-bar returns ending at the rebalance bar. */
  readonly lookbackBars: number;
  /** Bars between rebalances; weights drift with prices in between. */
  readonly rebalanceBars: number;
  readonly bounds: WeightBounds;
  readonly shrinkage: 'none' | 'ledoit_wolf';
  /** Annual risk-free rate for max_sharpe, compounded down to one bar, (1 + rf)^(1/periodsPerYear) − 1, as the Sharpe ratio of the metrics takes it. */
  readonly riskFreeRate: number;
  readonly periodsPerYear: number;
}

/** Weights decided on one rebalance bar. */
export interface Rebalance {
  readonly index: number;
  readonly weights: Float64Array;
  /** Ledoit-Wolf intensity used, or 0 for the sample covariance. */
  readonly shrinkage: number;
}

/** Throws a ValidationError naming the field when `spec` cannot run on `k` symbols. */
export function checkAllocationSpec(spec: AllocationSpec, k: number): void {
  const field = 'portfolio_optimization';
  if (!ALLOCATION_METHODS.includes(spec.method)) throw new ValidationError(`${field}.method`, ALLOCATION_METHODS.join(' | '), String(spec.method));
  if (!Number.isInteger(spec.lookbackBars) || spec.lookbackBars < 2) throw new ValidationError(`${field}.lookback_bars`, 'an integer ≥ 2', String(spec.lookbackBars));
  if (!Number.isInteger(spec.rebalanceBars) || spec.rebalanceBars < 1) throw new ValidationError(`${field}.rebalance_bars`, 'an integer ≥ 1', String(spec.rebalanceBars));
  if (k < 2 && spec.method !== 'equal_weight') throw new ValidationError('symbols', `at least 2 symbols for ${spec.method}`, String(k));
  if (spec.method === 'risk_parity' && (spec.bounds.min !== 0 || spec.bounds.max !== 1)) {
    throw new ValidationError(`${field}.max_weight`, 'no weight bounds for risk_parity (it is long-only and sets every weight itself)', `${spec.bounds.min}..${spec.bounds.max}`);
  }
  checkWeightBounds(k, spec.bounds, field);
}

/**
 * Estimates weights from the `lookbackBars` returns of closes ending at bar `end` (inclusive), so
 * a rebalance decided on bar `end`'s close uses no later price.
 */
export function estimateWeights(close: Float64Array, n: number, k: number, end: number, spec: AllocationSpec): { weights: Float64Array; shrinkage: number } {
  if (spec.method === 'equal_weight') return { weights: equalWeights(k), shrinkage: 0 };
  const t = spec.lookbackBars;
  const returns = new Float64Array(t * k);
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < t; r++) {
      const i = end - t + 1 + r;
      returns[j * t + r] = close[j * n + i] / close[j * n + i - 1] - 1;
    }
  }
  const shrunk = spec.shrinkage === 'ledoit_wolf' ? ledoitWolf(returns, t, k) : { covariance: sampleCovariance(returns, t, k), shrinkage: 0 };
  const cov = shrunk.covariance;
  let weights: Float64Array;
  if (spec.method === 'min_variance') weights = minimumVarianceWeights(cov, spec.bounds);
  else if (spec.method === 'risk_parity') weights = riskParityWeights(cov);
  else weights = maximumSharpeWeights(columnMeans(returns, t, k), cov, perPeriodRate(spec.riskFreeRate, spec.periodsPerYear), spec.bounds);
  return { weights, shrinkage: shrunk.shrinkage };
}

/** Returns every rebalance of `spec` over `market`: bars lookback, lookback + rebalanceBars, … */
export function allocationSchedule(market: AlignedMarket, spec: AllocationSpec): Rebalance[] {
  checkAllocationSpec(spec, market.k);
  const out: Rebalance[] = [];
  for (let i = spec.lookbackBars; i < market.n; i += spec.rebalanceBars) {
    out.push({ index: i, ...estimateWeights(market.close, market.n, market.k, i, spec) });
  }
  return out;
}

/** Returns the allocation as a strategy both engines can run: target weights on rebalance bars only, each a rebalance. */
export function allocationStrategy(spec: AllocationSpec): StrategyDefinition {
  return {
    id: `portfolio_${spec.method}`,
    description: `${spec.method} weights re-estimated every ${spec.rebalanceBars} bars over the last ${spec.lookbackBars} returns`,
    parameters: {},
    minSymbols: spec.method === 'equal_weight' ? 1 : 2,
    warmupBars: () => spec.lookbackBars,
    // Weights drift with prices between rebalances; each one trades back to its weights, even unchanged ones.
    rebalances: true,
    prepare: (market) => {
      const weightsAt = new Map(allocationSchedule(market, spec).map((r) => [r.index, r.weights]));
      return { decide: (i, s) => weightsAt.get(i)?.[s] ?? NaN };
    },
  };
}
