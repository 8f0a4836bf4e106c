import { CancelledError } from '@nautilus/domain';
import { evaluateCandidates, Evaluator, OptimizeRequest, TrialResult } from './optimize';

/** Chunks a thread evaluated: the first candidate index of each, in claim order, and their trials one after another. */
export interface ClaimedTrials {
  readonly starts: number[];
  readonly trials: TrialResult[];
}

/**
 * Evaluates candidate sets in chunks of `chunkSize` claimed from `next`, a counter shared by every
 * thread of one sweep (an Int32Array on a SharedArrayBuffer), until none is left. Threads that run
 * faster claim more, so a sweep ends when the work does rather than when the slowest fixed share
 * does (two vCPUs here differ by up to 1.5×, and a pool thread starts tens of milliseconds late).
 * On cancel it exhausts the counter, so the other threads stop at their next claim, and throws.
 */
export function evaluateClaimed(
  evaluator: Evaluator,
  sets: readonly Readonly<Record<string, number | boolean>>[],
  next: Int32Array,
  chunkSize: number,
  control: Pick<OptimizeRequest, 'onProgress' | 'shouldCancel'> = {},
): ClaimedTrials {
  const starts: number[] = [];
  const trials: TrialResult[] = [];
  for (;;) {
    if (control.shouldCancel?.()) {
      const claimed = Math.min(Atomics.exchange(next, 0, sets.length), sets.length);
      throw new CancelledError(`optimization cancelled after ${claimed} of ${sets.length} parameter sets were claimed`);
    }
    const from = Atomics.add(next, 0, chunkSize);
    if (from >= sets.length || from < 0) return { starts, trials };
    starts.push(from);
    for (const t of evaluateCandidates(evaluator, sets, from, Math.min(sets.length, from + chunkSize))) trials.push(t);
    control.onProgress?.(Math.min(sets.length, Atomics.load(next, 0)), sets.length);
  }
}
