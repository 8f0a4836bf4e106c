import { CancelledError, RunControl, ValidationError } from '@nautilus/domain';
import { quantile } from '../metrics/value-at-risk';
import { blockCount, PathPlan, simulateBlocks } from './block-bootstrap';
import { equityBandSteps } from './equity-bands';
import { fitGbm } from './path-generators';
import { PathStatistics } from './path-statistics';

/** How paths are generated. */
export type MonteCarloMethod = 'bootstrap' | 'block_bootstrap' | 'trade_reshuffle' | 'gbm';

/** A Monte Carlo study of a return series or a trade list. */
export interface MonteCarloRequest {
  readonly method: MonteCarloMethod;
  /** Per-period returns (bootstrap, block_bootstrap, gbm fit). */
  readonly returns?: Float64Array;
  /**
   * Per-trade returns on the account, in exit order (trade_reshuffle): see {@link tradeAccountReturns}.
   * A trade's price return would leave out the run's sizing and commissions.
   */
  readonly tradeReturns?: Float64Array;
  readonly nPaths: number;
  /** Steps per path; trade_reshuffle uses the number of trades. */
  readonly nSteps?: number;
  readonly seed: number;
  /** Bars per year of `returns`: annualises the Sharpe ratio and the GBM fit. */
  readonly periodsPerYear: number;
  /**
   * Closed trades per year of the run (trades / years of the run; required for trade_reshuffle):
   * annualises the Sharpe ratio of per-trade returns, which √periodsPerYear would overstate.
   */
  readonly tradesPerYear?: number;
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
  /**
   * Compounded return of each path. A trade_reshuffle path holds the run's trades in another order,
   * and compounding does not depend on order: every path ends at the run's own return (to rounding),
   * so this distribution, its VaR and CVaR are that one number, and the informative outputs are the
   * drawdowns and the equity bands.
   */
  readonly finalReturn: DistributionSummary;
  readonly maxDrawdown: DistributionSummary;
  /**
   * mean/sd of each path's steps × √(steps per year): bars per year, or trades per year for
   * trade_reshuffle, where, a mean and a standard deviation not depending on order either, every
   * path has the Sharpe ratio of the run's trades.
   */
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

/** A validated study: the plan every thread draws its blocks from, and the bands to report. */
export interface MonteCarloPlan extends PathPlan {
  /** Percentiles of the equity path reported per step. */
  readonly bands: readonly number[];
}

/** Checks `request` and returns its plan; every error names the request field. */
export function planMonteCarlo(request: MonteCarloRequest): MonteCarloPlan {
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
  const stepsPerYear = method === 'trade_reshuffle' ? request.tradesPerYear : periodsPerYear;
  if (!(typeof stepsPerYear === 'number' && stepsPerYear > 0 && Number.isFinite(stepsPerYear))) {
    const field = method === 'trade_reshuffle' ? 'trades_per_year' : 'periods_per_year';
    throw new ValidationError(field, 'a positive number', String(stepsPerYear));
  }
  const nSteps = method === 'trade_reshuffle' ? source.length : request.nSteps ?? source.length;
  if (!Number.isInteger(nSteps) || nSteps < 2) throw new ValidationError('n_steps', 'an integer ≥ 2', String(nSteps));
  const maxCells = request.maxCells ?? 50_000_000;
  if (nPaths * nSteps > maxCells) throw new ValidationError('n_paths', `n_paths × n_steps ≤ ${maxCells} (max_cells)`, `${nPaths} × ${nSteps}`);
  const meanBlockLength = request.meanBlockLength ?? 20;
  if (method === 'block_bootstrap' && !(meanBlockLength >= 1)) throw new ValidationError('mean_block_length', 'a number ≥ 1', String(meanBlockLength));
  const bands = request.bands ?? [5, 25, 50, 75, 95];
  for (const b of bands) if (!(b >= 0 && b <= 100)) throw new ValidationError('bands', 'percentiles in [0, 100]', String(b));
  return { method, source, nPaths, nSteps, seed, periodsPerYear: stepsPerYear, meanBlockLength, bands };
}

/**
 * Returns the result of a study from the statistics of all its paths (in block order) and its
 * equity bands after steps 1…nSteps (step-major, as {@link equityBandSteps} returns them).
 */
export function monteCarloResultOf(plan: MonteCarloPlan, stats: PathStatistics, bandSteps: Float64Array): MonteCarloResult {
  const { method, nPaths, nSteps, seed, bands } = plan;
  const equityBands: Record<string, Float64Array> = {};
  bands.forEach((b, i) => {
    const band = new Float64Array(nSteps + 1);
    band[0] = 1;
    for (let t = 0; t < nSteps; t++) band[t + 1] = bandSteps[t * bands.length + i];
    equityBands[String(b)] = band;
  });
  const t95 = tail(stats.finalReturn, 0.95);
  const t99 = tail(stats.finalReturn, 0.99);
  return {
    method,
    nPaths,
    nSteps,
    seed,
    ...(method === 'gbm' ? { gbm: fitGbm(plan.source, plan.periodsPerYear) } : {}),
    finalReturn: summarize(stats.finalReturn),
    maxDrawdown: summarize(stats.maxDrawdown),
    sharpe: summarize(stats.sharpe),
    var95: t95.v,
    cvar95: t95.c,
    var99: t99.v,
    cvar99: t99.c,
    equityBands,
  };
}

/** Equity cells ranked per progress report and cancellation poll while computing the bands. */
const BAND_CELLS_PER_TICK = 1 << 20;

/**
 * Returns the reporter a Monte Carlo study calls with its fraction done: it polls `shouldCancel`
 * (throwing {@link CancelledError}) on every call and tells `onProgress` each whole percent once.
 */
export function monteCarloProgress(control: RunControl): (fraction: number) => void {
  let reported = -1;
  return (fraction) => {
    if (control.shouldCancel?.()) throw new CancelledError(`Monte Carlo study cancelled at ${Math.floor(fraction * 100)} %`);
    const percent = Math.floor(fraction * 100);
    if (percent > reported) {
      reported = percent;
      control.onProgress?.(fraction);
    }
  };
}

/**
 * Returns the bands of steps [from, to) as {@link equityBandSteps} does, ranked in chunks of about
 * 10⁶ cells with `afterChunk` called with the fraction of them done after each (the chunks
 * concatenate, so they change no number).
 */
export function equityBandStepsInChunks(equity: Float64Array, nPaths: number, bands: readonly number[], from: number, to: number, afterChunk: (done: number) => void): Float64Array {
  const out = new Float64Array(Math.max(0, to - from) * bands.length);
  const chunk = Math.max(1, Math.floor(BAND_CELLS_PER_TICK / nPaths));
  for (let t0 = from; t0 < to; t0 += chunk) {
    const t1 = Math.min(to, t0 + chunk);
    out.set(equityBandSteps(equity, nPaths, bands, t0, t1), (t0 - from) * bands.length);
    afterChunk((t1 - from) / (to - from));
  }
  return out;
}

/**
 * Runs a seeded Monte Carlo study and returns the distributions of final return, max drawdown and
 * Sharpe ratio across paths, VaR/CVaR at 95 and 99 % of the final return, and percentile bands of
 * the equity path. Paths are drawn in blocks with a random stream each ({@link simulateBlocks}), so
 * a split of the work across threads (see `parallelMonteCarlo` in hardware-router) gives these
 * numbers too. Same request and seed, same numbers. `control` gets the fraction done, drawing the
 * paths as the first half and ranking the bands as the second (each touches every cell once), at
 * most once per percent, and is polled for cancellation as often.
 */
export function monteCarlo(request: MonteCarloRequest, control: RunControl = {}): MonteCarloResult {
  const plan = planMonteCarlo(request);
  const { nPaths, nSteps, bands } = plan;
  const tick = monteCarloProgress(control);
  tick(0);
  const blocks = blockCount(nPaths);
  const equity = new Float64Array(nPaths * nSteps);
  const stats = simulateBlocks(plan, 0, blocks, equity, (done) => tick(done / blocks / 2));
  const bandSteps = equityBandStepsInChunks(equity, nPaths, bands, 0, nSteps, (done) => tick(0.5 + done / 2));
  return monteCarloResultOf(plan, stats, bandSteps);
}
