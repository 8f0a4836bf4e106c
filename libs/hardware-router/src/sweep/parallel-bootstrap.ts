import { blockBootstrapStatistics, blockCount, concatPathStatistics, PathStatistics } from '@nautilus/analytics';
import { Executor } from '../executors/executor';
import { splitRange } from './split-range';

/**
 * Runs an i.i.d. bootstrap study (per-path final return, max drawdown, Sharpe) across this thread
 * and the threads of `pool`, one contiguous range of blocks each. Blocks carry their own random
 * streams, so the result equals `blockBootstrapStatistics` on one thread, number for number.
 */
export async function parallelBootstrapStatistics(
  returns: Float64Array,
  nPaths: number,
  nSteps: number,
  seed: number,
  periodsPerYear: number,
  pool: Executor & { readonly size: number },
): Promise<PathStatistics> {
  const [[from, to], ...others] = splitRange(blockCount(nPaths), pool.size + 1);
  const remote = others.map(([fromBlock, toBlock]) => pool.run('bootstrap_blocks', { returns, nPaths, nSteps, seed, periodsPerYear, fromBlock, toBlock }));
  return concatPathStatistics([blockBootstrapStatistics(returns, nPaths, nSteps, seed, periodsPerYear, from, to), ...(await Promise.all(remote))]);
}
