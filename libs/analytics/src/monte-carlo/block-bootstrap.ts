import { createRng, Rng } from '../rng/rng';
import type { MonteCarloMethod } from './monte-carlo';
import { bootstrapReturns, fitGbm, gbmReturns, reshuffleTrades, stationaryBootstrap } from './path-generators';
import { PathStatistics, pathStatistics } from './path-statistics';

/** Paths per block of {@link simulateBlocks}; each block has its own random stream. */
export const BOOTSTRAP_BLOCK_PATHS = 64;

/** Returns the seed of block `block` of a study seeded with `seed` (a Weyl step, then murmur3's finaliser). */
export function blockSeed(seed: number, block: number): number {
  let h = ((seed >>> 0) + Math.imul(block + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Returns the number of blocks of a study of `nPaths` paths. */
export function blockCount(nPaths: number): number {
  return Math.ceil(nPaths / BOOTSTRAP_BLOCK_PATHS);
}

/** A study's paths as plain data (it crosses to worker threads): every block is drawn from this alone. */
export interface PathPlan {
  readonly method: MonteCarloMethod;
  /** Per-period returns, or per-trade returns for trade_reshuffle. */
  readonly source: Float64Array;
  readonly nPaths: number;
  /** Steps per path; trade_reshuffle draws `source.length`. */
  readonly nSteps: number;
  readonly seed: number;
  /** Steps per year, which annualise the Sharpe ratio: bars per year, or closed trades per year for trade_reshuffle. */
  readonly periodsPerYear: number;
  /** Mean block length of block_bootstrap, in steps. */
  readonly meanBlockLength: number;
}

/** Returns how `plan` fills `m` rows of its block buffer from `rng`. */
function generatorOf(plan: PathPlan): (m: number, rng: Rng, out: Float64Array) => void {
  const { source, nSteps } = plan;
  switch (plan.method) {
    case 'bootstrap':
      return (m, rng, out) => bootstrapReturns(source, m, nSteps, rng, out);
    case 'block_bootstrap':
      return (m, rng, out) => stationaryBootstrap(source, m, nSteps, plan.meanBlockLength, rng, out);
    case 'trade_reshuffle':
      return (m, rng, out) => reshuffleTrades(source, m, rng, out);
    case 'gbm': {
      // Fitted once per call; the fit is a pure function of the returns, so every thread gets the same one.
      const { mu, sigma } = fitGbm(source, plan.periodsPerYear);
      return (m, rng, out) => gbmReturns(mu, sigma, 1 / plan.periodsPerYear, m, nSteps, rng, out);
    }
  }
}

/**
 * Draws the paths of blocks [fromBlock, toBlock) of `plan`, {@link BOOTSTRAP_BLOCK_PATHS} paths a
 * block, and returns their final return, max drawdown and Sharpe ratio (only those paths, in order).
 * Each block draws from its own stream seeded by {@link blockSeed}, so any split of the blocks
 * (across threads or machines) gives the same numbers for the same seed. With `equity` (step-major,
 * nSteps rows of nPaths: path p after step t + 1 at t·nPaths + p, shared by all parts of a split),
 * the compounded equity of these paths is written into their columns, for the percentile bands.
 * `afterBlock` is called with the number of blocks done after each (for progress; it may throw to
 * cancel).
 */
export function simulateBlocks(plan: PathPlan, fromBlock = 0, toBlock = blockCount(plan.nPaths), equity?: Float64Array, afterBlock?: (done: number) => void): PathStatistics {
  const { nPaths, nSteps } = plan;
  const first = fromBlock * BOOTSTRAP_BLOCK_PATHS;
  const last = Math.min(nPaths, toBlock * BOOTSTRAP_BLOCK_PATHS);
  const count = Math.max(0, last - first);
  const out = { finalReturn: new Float64Array(count), maxDrawdown: new Float64Array(count), sharpe: new Float64Array(count) };
  const generate = generatorOf(plan);
  const buffer = new Float64Array(BOOTSTRAP_BLOCK_PATHS * nSteps);
  const running = new Float64Array(BOOTSTRAP_BLOCK_PATHS);
  for (let b = fromBlock; b < toBlock; b++) {
    const p0 = b * BOOTSTRAP_BLOCK_PATHS;
    const m = Math.min(BOOTSTRAP_BLOCK_PATHS, nPaths - p0);
    if (m <= 0) break;
    generate(m, createRng(blockSeed(plan.seed, b)), buffer);
    const at = p0 - first;
    pathStatistics(buffer, m, nSteps, plan.periodsPerYear, {
      finalReturn: out.finalReturn.subarray(at, at + m),
      maxDrawdown: out.maxDrawdown.subarray(at, at + m),
      sharpe: out.sharpe.subarray(at, at + m),
    });
    if (equity) writeEquity(buffer, m, nSteps, nPaths, p0, running, equity);
    afterBlock?.(b - fromBlock + 1);
  }
  return out;
}

/**
 * Writes the compounded equity of a block's `m` paths (rows of `buffer`) into their columns of the
 * step-major `equity`, step by step across the rows, so each step's writes are one contiguous run;
 * the products are taken in the order pathStatistics takes them, so the last row is finalReturn + 1.
 */
function writeEquity(buffer: Float64Array, m: number, nSteps: number, nPaths: number, p0: number, running: Float64Array, equity: Float64Array): void {
  running.fill(1);
  for (let t = 0; t < nSteps; t++) {
    const row = t * nPaths + p0;
    for (let p = 0; p < m; p++) {
      running[p] *= 1 + buffer[p * nSteps + t];
      equity[row + p] = running[p];
    }
  }
}

/**
 * I.i.d. bootstrap paths with their final return, max drawdown and Sharpe ratio, for the blocks
 * [fromBlock, toBlock): {@link simulateBlocks} with method bootstrap, so any split of the blocks
 * gives the same numbers for the same seed. The result covers only the paths of those blocks.
 */
export function blockBootstrapStatistics(
  returns: Float64Array,
  nPaths: number,
  nSteps: number,
  seed: number,
  periodsPerYear: number,
  fromBlock = 0,
  toBlock = blockCount(nPaths),
): PathStatistics {
  return simulateBlocks({ method: 'bootstrap', source: returns, nPaths, nSteps, seed, periodsPerYear, meanBlockLength: 1 }, fromBlock, toBlock);
}
