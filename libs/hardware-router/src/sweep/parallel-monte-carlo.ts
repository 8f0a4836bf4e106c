import { blockCount, concatPathStatistics, equityBandSteps, MonteCarloRequest, MonteCarloResult, monteCarloResultOf, planMonteCarlo, simulateBlocks } from '@nautilus/analytics';
import { Executor } from '../executors/executor';
import { splitRange } from './split-range';

/** A study's result and how many threads computed it (this one included). */
export interface ParallelMonteCarloResult {
  readonly result: MonteCarloResult;
  readonly threads: number;
}

/**
 * Runs a Monte Carlo study across this thread and the threads of `pool`, in two passes over one
 * equity matrix in shared memory: each thread draws a contiguous range of path blocks (each block
 * with its own random stream), then each computes the percentile bands of a range of steps. The
 * result equals `monteCarlo(request)` number for number, whatever the pool size; `threads` counts
 * the threads that were given work.
 */
export async function parallelMonteCarlo(request: MonteCarloRequest, pool: Executor & { readonly size: number }): Promise<ParallelMonteCarloResult> {
  const plan = planMonteCarlo(request);
  const { nPaths, nSteps, bands } = plan;
  const threads = pool.size + 1;
  const equity = new Float64Array(new SharedArrayBuffer(nPaths * nSteps * Float64Array.BYTES_PER_ELEMENT));
  // This thread takes the first range of each pass, so a pool of 0 threads runs the study alone.
  const blocks = splitRange(blockCount(nPaths), threads);
  const [[b0, b1], ...otherBlocks] = blocks;
  const remoteStats = otherBlocks.map(([fromBlock, toBlock]) => pool.run('monte_carlo_blocks', { plan, fromBlock, toBlock, equity }));
  const stats = concatPathStatistics([simulateBlocks(plan, b0, b1, equity), ...(await Promise.all(remoteStats))]);
  const steps = splitRange(nSteps, threads);
  const [[s0, s1], ...otherSteps] = steps;
  const remoteBands = otherSteps.map(([fromStep, toStep]) => pool.run('equity_bands', { equity, nPaths, bands, fromStep, toStep }));
  const parts = [equityBandSteps(equity, nPaths, bands, s0, s1), ...(await Promise.all(remoteBands))];
  const bandSteps = new Float64Array(nSteps * bands.length);
  let at = 0;
  for (const p of parts) {
    bandSteps.set(p, at);
    at += p.length;
  }
  return { result: monteCarloResultOf(plan, stats, bandSteps), threads: Math.max(blocks.length, steps.length) };
}
