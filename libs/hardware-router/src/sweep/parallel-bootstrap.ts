import { BOOTSTRAP_BLOCK_PATHS, blockBootstrapStatistics, PathStatistics } from '@nautilus/analytics';
import { Executor } from '../executors/executor';

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
  const blocks = Math.ceil(nPaths / BOOTSTRAP_BLOCK_PATHS);
  const threads = Math.max(1, pool.size + 1);
  const per = Math.ceil(blocks / threads);
  const remote: Promise<PathStatistics>[] = [];
  for (let t = 1; t < threads && t * per < blocks; t++) {
    remote.push(pool.run('bootstrap_blocks', { returns, nPaths, nSteps, seed, periodsPerYear, fromBlock: t * per, toBlock: Math.min(blocks, (t + 1) * per) }));
  }
  const parts = [blockBootstrapStatistics(returns, nPaths, nSteps, seed, periodsPerYear, 0, Math.min(per, blocks)), ...(await Promise.all(remote))];
  const join = (pick: (p: PathStatistics) => Float64Array) => {
    const out = new Float64Array(nPaths);
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += pick(p).length;
    }
    return out;
  };
  return { finalReturn: join((p) => p.finalReturn), maxDrawdown: join((p) => p.maxDrawdown), sharpe: join((p) => p.sharpe) };
}
