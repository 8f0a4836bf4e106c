import { ValidationError } from '@nautilus/domain';
import { quantile } from '../metrics/value-at-risk';
import { createRng } from '../rng/rng';
import { bootstrapReturns, fitGbm, gbmReturns, reshuffleTrades, stationaryBootstrap } from './path-generators';
import { pathStatistics } from './path-statistics';

/** How paths are generated. */
export type MonteCarloMethod = 'bootstrap' | 'block_bootstrap' | 'trade_reshuffle' | 'gbm';

/** A Monte Carlo study of a return series or a trade list. */
export interface MonteCarloRequest {
  readonly method: MonteCarloMethod;
  /** Per-period returns (bootstrap, block_bootstrap, gbm fit). */
  readonly returns?: Float64Array;
  /** Per-trade returns (trade_reshuffle). */
  readonly tradeReturns?: Float64Array;
  readonly nPaths: number;
  /** Steps per path; trade_reshuffle uses the number of trades. */
  readonly nSteps?: number;
  readonly seed: number;
  readonly periodsPerYear: number;
  readonly meanBlockLength?: number;
  /** Percentiles of the equity path to report per step (default 5, 25, 50, 75, 95). */
  readonly bands?: readonly number[];
  /** Largest paths × steps accepted (default 50,000,000). */
  readonly maxCells?: number;
}

/** Summary of one distribution across paths. */
export interface DistributionSummary {
  readonly mean: number;
  readonly std: number;
  /** Percentile (1, 5, 25, 50, 75, 95, 99) → value. */
  readonly percentiles: Readonly<Record<string, number>>;
}

/** The outcome of a Monte Carlo study. */
export interface MonteCarloResult {
  readonly method: MonteCarloMethod;
  readonly nPaths: number;
  readonly nSteps: number;
  readonly seed: number;
  readonly gbm?: { readonly mu: number; readonly sigma: number };
  readonly finalReturn: DistributionSummary;
  readonly maxDrawdown: DistributionSummary;
  readonly sharpe: DistributionSummary;
  /** Historical VaR and CVaR of the final return across paths (negative = loss). */
  readonly var95: number;
  readonly cvar95: number;
  readonly var99: number;
  readonly cvar99: number;
  /** Percentile → equity (starting at 1) at every step 0…nSteps. */
  readonly equityBands: Readonly<Record<string, Float64Array>>;
}

const PERCENTILES = [1, 5, 25, 50, 75, 95, 99];

function summarize(x: Float64Array): DistributionSummary {
  const finite = x.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const mean = n ? finite.reduce((s, v) => s + v, 0) / n : NaN;
  const std = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, std, percentiles: Object.fromEntries(PERCENTILES.map((p) => [String(p), quantile(finite, p / 100)])) };
}

function tail(x: Float64Array, confidence: number): { v: number; c: number } {
  const v = quantile(x, 1 - confidence);
  let s = 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] <= v) {
      s += x[i];
      k++;
    }
  }
  return { v, c: k ? s / k : NaN };
}

/** Percentile bands of the compounded paths at every step, by sorting one step's column at a time. */
function equityBands(returns: Float64Array, nPaths: number, nSteps: number, bands: readonly number[]): Record<string, Float64Array> {
  const equity = new Float64Array(nPaths).fill(1);
  const column = new Float64Array(nPaths);
  const out: Record<string, Float64Array> = {};
  for (const b of bands) out[String(b)] = new Float64Array(nSteps + 1).fill(1);
  for (let t = 0; t < nSteps; t++) {
    for (let p = 0; p < nPaths; p++) {
      equity[p] *= 1 + returns[p * nSteps + t];
      column[p] = equity[p];
    }
    column.sort();
    for (const b of bands) {
      const pos = (b / 100) * (nPaths - 1);
      const lo = Math.floor(pos);
      const hi = Math.min(nPaths - 1, lo + 1);
      out[String(b)][t + 1] = column[lo] + (column[hi] - column[lo]) * (pos - lo);
    }
  }
  return out;
}

/**
 * Runs a seeded Monte Carlo study and returns the distributions of final return, max drawdown and
 * Sharpe ratio across paths, VaR/CVaR at 95 and 99 % of the final return, and percentile bands of
 * the equity path. Same request and seed, same numbers.
 */
export function monteCarlo(request: MonteCarloRequest): MonteCarloResult {
  const { method, nPaths, seed, periodsPerYear } = request;
  if (!['bootstrap', 'block_bootstrap', 'trade_reshuffle', 'gbm'].includes(method)) {
    throw new ValidationError('method', 'bootstrap, block_bootstrap, trade_reshuffle or gbm', String(method));
  }
  if (!Number.isInteger(nPaths) || nPaths < 2) throw new ValidationError('n_paths', 'an integer ≥ 2', String(nPaths));
  if (!Number.isInteger(seed)) throw new ValidationError('seed', 'an integer', String(seed));
  const source = method === 'trade_reshuffle' ? request.tradeReturns : request.returns;
  const field = method === 'trade_reshuffle' ? 'trade_returns' : 'returns';
  if (!source || source.length < 2) throw new ValidationError(field, 'at least 2 values', String(source?.length ?? 0));
  for (let i = 0; i < source.length; i++) {
    if (!Number.isFinite(source[i]) || source[i] <= -1) throw new ValidationError(field, 'finite returns above −100 %', String(source[i]));
  }
  const nSteps = method === 'trade_reshuffle' ? source.length : request.nSteps ?? source.length;
  if (!Number.isInteger(nSteps) || nSteps < 2) throw new ValidationError('n_steps', 'an integer ≥ 2', String(nSteps));
  const maxCells = request.maxCells ?? 50_000_000;
  if (nPaths * nSteps > maxCells) throw new ValidationError('n_paths', `n_paths × n_steps ≤ ${maxCells} (max_cells)`, `${nPaths} × ${nSteps}`);
  const block = request.meanBlockLength ?? 20;
  if (method === 'block_bootstrap' && !(block >= 1)) throw new ValidationError('mean_block_length', 'a number ≥ 1', String(block));
  const bands = request.bands ?? [5, 25, 50, 75, 95];
  for (const b of bands) if (!(b >= 0 && b <= 100)) throw new ValidationError('bands', 'percentiles in [0, 100]', String(b));

  const rng = createRng(seed);
  const paths = new Float64Array(nPaths * nSteps);
  let gbm: { mu: number; sigma: number } | undefined;
  if (method === 'bootstrap') bootstrapReturns(source, nPaths, nSteps, rng, paths);
  else if (method === 'block_bootstrap') stationaryBootstrap(source, nPaths, nSteps, block, rng, paths);
  else if (method === 'trade_reshuffle') reshuffleTrades(source, nPaths, rng, paths);
  else {
    gbm = fitGbm(source, periodsPerYear);
    gbmReturns(gbm.mu, gbm.sigma, 1 / periodsPerYear, nPaths, nSteps, rng, paths);
  }
  const stats = pathStatistics(paths, nPaths, nSteps, periodsPerYear);
  const t95 = tail(stats.finalReturn, 0.95);
  const t99 = tail(stats.finalReturn, 0.99);
  return {
    method,
    nPaths,
    nSteps,
    seed,
    ...(gbm ? { gbm } : {}),
    finalReturn: summarize(stats.finalReturn),
    maxDrawdown: summarize(stats.maxDrawdown),
    sharpe: summarize(stats.sharpe),
    var95: t95.v,
    cvar95: t95.c,
    var99: t99.v,
    cvar99: t99.c,
    equityBands: equityBands(paths, nPaths, nSteps, bands),
  };
}
