import { assembleOptimization, evaluateCandidates, evaluateClaimed, optimize, OptimizationResult, OptimizeRequest, prepareSearch, TrialResult, unpackTrials } from '@nautilus/analytics';
import { StrategyRegistry } from '@nautilus/domain';
import { randomUUID } from 'node:crypto';
import { Executor } from '../executors/executor';

/** Candidate sets per claim: a few milliseconds of work, small enough to even out threads of unequal speed. */
const CHUNK_SIZE = 64;

/**
 * Runs a parameter search across this thread and the threads of `pool`: every thread claims chunks
 * of the candidate sets from one shared counter until none is left (see `evaluateClaimed`), every
 * chunk is evaluated exactly as `optimize()` would, and the trials are put back in candidate
 * order, so the result equals `optimize(request)`. The pool's threads are sent their part before
 * this thread plans the search, so they plan at the same time. A pool thread that dies leaves its
 * chunks to this thread. A Bayesian search (each set picked from the previous scores) and a
 * strategy outside the built-ins (its registry cannot cross to another thread) run here, whole.
 */
export async function parallelOptimize(request: OptimizeRequest, pool: Executor & { readonly size: number }): Promise<OptimizationResult> {
  // Only built-in strategies exist in the pool's threads; a registry cannot be sent there.
  const builtIn = !request.registry || new StrategyRegistry().has(request.strategyId);
  if (request.method === 'bayesian' || pool.size < 1 || !builtIn) return optimize(request);
  const { registry: _registry, onProgress: _onProgress, shouldCancel: _shouldCancel, ...portable } = request;
  const sweepId = randomUUID();
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const remote = Array.from({ length: pool.size }, () => pool.run('sweep_chunk', { sweepId, request: portable, next, chunkSize: CHUNK_SIZE }));
  // A rejection is handled below, after this thread's share; mark it handled now so it is not reported as unhandled meanwhile.
  for (const r of remote) r.catch(() => undefined);
  let search: ReturnType<typeof prepareSearch>;
  let local: ReturnType<typeof evaluateClaimed>;
  try {
    search = prepareSearch(request);
    local = evaluateClaimed(search.evaluator, search.sets, next, CHUNK_SIZE, request);
  } catch (error) {
    // Stop the pool's threads at their next claim before giving up (far past any candidate count,
    // and far enough from 2³¹ that their last claims cannot wrap the counter around).
    Atomics.store(next, 0, 1 << 30);
    throw error;
  }
  const { plan, evaluator, sets, skipped } = search;
  const trials: (TrialResult | undefined)[] = new Array(sets.length);
  const place = (starts: ArrayLike<number>, chunkTrials: readonly TrialResult[]) => {
    let k = 0;
    for (let c = 0; c < starts.length; c++) {
      const end = Math.min(sets.length, starts[c] + CHUNK_SIZE);
      for (let i = starts[c]; i < end; i++) trials[i] = chunkTrials[k++];
    }
  };
  place(local.starts, local.trials);
  for (const settled of await Promise.allSettled(remote)) {
    if (settled.status === 'fulfilled') {
      const { starts, trials: packed } = settled.value;
      const parameters = Array.from(starts).flatMap((s) => sets.slice(s, Math.min(sets.length, s + CHUNK_SIZE)));
      place(starts, unpackTrials(packed, parameters));
    } else if ((settled.reason as { code?: string })?.code !== 'executor_unavailable') {
      throw settled.reason;
    }
  }
  // Chunks claimed by a thread that died are evaluated here.
  for (let i = 0; i < sets.length; i++) if (trials[i] === undefined) trials[i] = evaluateCandidates(evaluator, sets, i, i + 1)[0];
  return assembleOptimization(plan, trials as TrialResult[], skipped, evaluator);
}
