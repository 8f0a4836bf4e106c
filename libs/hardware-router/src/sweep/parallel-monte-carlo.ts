import {
  blockCount,
  concatPathStatistics,
  equityBandStepsInChunks,
  MonteCarloRequest,
  MonteCarloResult,
  monteCarloProgress,
  monteCarloResultOf,
  planMonteCarlo,
  simulateBlocks,
} from '@nautilus/analytics';
import { RunControl } from '@nautilus/domain';
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
 * the threads that were given work. `control` hears the fraction done as this thread's share of
 * each pass advances (the threads get equal shares and run side by side), and is polled as often;
 * a cancel stops this thread's share, and the study throws once the pool's shares are back.
 */
export async function parallelMonteCarlo(request: MonteCarloRequest, pool: Executor & { readonly size: number }, control: RunControl = {}): Promise<ParallelMonteCarloResult> {
  const plan = planMonteCarlo(request);
  const { nPaths, nSteps, bands } = plan;
  const threads = pool.size + 1;
  const equity = new Float64Array(new SharedArrayBuffer(nPaths * nSteps * Float64Array.BYTES_PER_ELEMENT));
  // This thread takes the first range of each pass, so a pool of 0 threads runs the study alone.
  const blocks = splitRange(blockCount(nPaths), threads);
  const [[b0, b1], ...otherBlocks] = blocks;
  const remoteStats = otherBlocks.map(([fromBlock, toBlock]) => pool.run('monte_carlo_blocks', { plan, fromBlock, toBlock, equity }));
  const tick = monteCarloProgress(control);
  tick(0);
  const local = settle(() => simulateBlocks(plan, b0, b1, equity, (done) => tick(done / Math.max(1, b1 - b0) / 2)));
  const remote = await Promise.all(remoteStats);
  const stats = concatPathStatistics([unwrap(local), ...remote]);
  const steps = splitRange(nSteps, threads);
  const [[s0, s1], ...otherSteps] = steps;
  const remoteBands = otherSteps.map(([fromStep, toStep]) => pool.run('equity_bands', { equity, nPaths, bands, fromStep, toStep }));
  const localBands = settle(() => equityBandStepsInChunks(equity, nPaths, bands, s0, s1, (done) => tick(0.5 + done / 2)));
  const remoteParts = await Promise.all(remoteBands);
  const parts = [unwrap(localBands), ...remoteParts];
  const bandSteps = new Float64Array(nSteps * bands.length);
  let at = 0;
  for (const p of parts) {
    bandSteps.set(p, at);
    at += p.length;
  }
  return { result: monteCarloResultOf(plan, stats, bandSteps), threads: Math.max(blocks.length, steps.length) };
}

/** Runs `work` and keeps its outcome, so that a cancel on this thread waits for the pool's shares before it is thrown. */
function settle<T>(work: () => T): { readonly value?: T; readonly error?: unknown } {
  try {
    return { value: work() };
  } catch (error) {
    return { error };
  }
}

function unwrap<T>(outcome: { readonly value?: T; readonly error?: unknown }): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.value as T;
}
