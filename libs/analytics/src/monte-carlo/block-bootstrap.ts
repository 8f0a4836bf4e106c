import { createRng } from '../rng/rng';
import { bootstrapReturns } from './path-generators';
import { PathStatistics, pathStatistics } from './path-statistics';

/** Paths per block of {@link blockBootstrapStatistics}; each block has its own random stream. */
export const BOOTSTRAP_BLOCK_PATHS = 64;

/** Returns the seed of block `block` of a study seeded with `seed` (a Weyl step, then murmur3's finaliser). */
export function blockSeed(seed: number, block: number): number {
  let h = ((seed >>> 0) + Math.imul(block + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * I.i.d. bootstrap paths with their final return, max drawdown and Sharpe ratio, for the blocks
 * [fromBlock, toBlock) of {@link BOOTSTRAP_BLOCK_PATHS} paths. Each block draws from its own stream
 * seeded by {@link blockSeed}, so any split of the blocks (across threads or machines) gives the
 * same numbers for the same seed. The result covers only the paths of those blocks.
 */
export function blockBootstrapStatistics(
  returns: Float64Array,
  nPaths: number,
  nSteps: number,
  seed: number,
  periodsPerYear: number,
  fromBlock = 0,
  toBlock = Math.ceil(nPaths / BOOTSTRAP_BLOCK_PATHS),
): PathStatistics {
  const first = fromBlock * BOOTSTRAP_BLOCK_PATHS;
  const last = Math.min(nPaths, toBlock * BOOTSTRAP_BLOCK_PATHS);
  const count = Math.max(0, last - first);
  const out = { finalReturn: new Float64Array(count), maxDrawdown: new Float64Array(count), sharpe: new Float64Array(count) };
  const buffer = new Float64Array(BOOTSTRAP_BLOCK_PATHS * nSteps);
  for (let b = fromBlock; b < toBlock; b++) {
    const p0 = b * BOOTSTRAP_BLOCK_PATHS;
    const m = Math.min(BOOTSTRAP_BLOCK_PATHS, nPaths - p0);
    if (m <= 0) break;
    bootstrapReturns(returns, m, nSteps, createRng(blockSeed(seed, b)), buffer);
    const at = p0 - first;
    pathStatistics(buffer, m, nSteps, periodsPerYear, {
      finalReturn: out.finalReturn.subarray(at, at + m),
      maxDrawdown: out.maxDrawdown.subarray(at, at + m),
      sharpe: out.sharpe.subarray(at, at + m),
    });
  }
  return out;
}
