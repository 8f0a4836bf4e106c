import { assembleOptimization, evaluateCandidates, optimize, OptimizationResult, OptimizeRequest, prepareSearch, TrialResult, unpackTrials } from '@nautilus/analytics';
import { StrategyRegistry } from '@nautilus/domain';
import { randomUUID } from 'node:crypto';
import { Executor } from '../executors/executor';

/**
 * Runs a parameter search across this thread and the threads of `pool`: the candidate sets are cut
 * into one contiguous chunk per thread, every chunk is evaluated exactly as `optimize()` would, and
 * the trials are put back in candidate order, so the result equals `optimize(request)`. A Bayesian
 * search (each set picked from the previous scores) and a strategy outside the built-ins (its
 * registry cannot cross to another thread) run here, whole.
 */
export async function parallelOptimize(request: OptimizeRequest, pool: Executor & { readonly size: number }): Promise<OptimizationResult> {
  // Only built-in strategies exist in the pool's threads; a registry cannot be sent there.
  const builtIn = !request.registry || new StrategyRegistry().has(request.strategyId);
  if (request.method === 'bayesian' || pool.size < 1 || !builtIn) return optimize(request);
  const { plan, evaluator, sets, skipped } = prepareSearch(request);
  const threads = pool.size + 1;
  const per = Math.ceil(sets.length / threads);
  const { registry: _registry, onProgress: _onProgress, shouldCancel: _shouldCancel, ...portable } = request;
  const sweepId = randomUUID();
  const remote: Promise<TrialResult[]>[] = [];
  for (let t = 1; t < threads; t++) {
    const from = t * per;
    if (from >= sets.length) break;
    const to = Math.min(sets.length, from + per);
    remote.push(pool.run('sweep_chunk', { sweepId, request: portable, from, to }).then((packed) => unpackTrials(packed, sets.slice(from, to))));
  }
  // This thread takes the first chunk while the pool works on the others.
  // Progress of this thread's chunk stands for all: the chunks are equal and run at once.
  const local = evaluateCandidates(evaluator, sets, 0, Math.min(per, sets.length), {
    ...(request.shouldCancel ? { shouldCancel: request.shouldCancel } : {}),
    ...(request.onProgress ? { onProgress: (done: number, total: number) => request.onProgress?.(Math.min(sets.length, done * threads), total * threads) } : {}),
  });
  const trials = [local, ...(await Promise.all(remote))].flat();
  return assembleOptimization(plan, trials, skipped, evaluator);
}
