import { assembleOptimization, OptimizationResult, OptimizeRequest, TrialResult } from '@nautilus/analytics';
import { CancelledError } from '@nautilus/domain';
import type { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { ChunkJob, chunkJobId, ChunkResult, encodeJson, SWEEP_QUEUE, SweepConnection, sweepKey, trialsOf } from './sweep-contract';
import { prepareSweep, storedSeriesOf } from './sweep-plan';

/** Settings of a coordinator. */
export interface SweepCoordinatorOptions {
  readonly queueName?: string;
  /** Parameter sets per chunk (default 500). */
  readonly chunkSize?: number;
  /** Attempts per chunk when a worker reports an error (default 3; a dead worker's chunk is re-queued without using one). */
  readonly attempts?: number;
}

/**
 * Splits a parameter search into chunks on a BullMQ queue, waits for the workers, and assembles
 * the result from the chunks in candidate order: each chunk counts once whatever worker finished
 * it, so the table equals a single-process run.
 */
export class SweepCoordinator {
  private readonly queue: Queue<ChunkJob, ChunkResult>;
  private readonly events: QueueEvents;
  private readonly store: Redis;

  constructor(
    connection: SweepConnection,
    private readonly options: SweepCoordinatorOptions = {},
  ) {
    const redis = { host: connection.host, port: connection.port, maxRetriesPerRequest: null };
    const name = options.queueName ?? SWEEP_QUEUE;
    // BullMQ loads here, not with the library: most users of the bus never queue a sweep.
    const bullmq = require('bullmq') as typeof import('bullmq');
    this.queue = new bullmq.Queue<ChunkJob, ChunkResult>(name, { connection: redis });
    this.events = new bullmq.QueueEvents(name, { connection: redis });
    this.store = new Redis(redis);
    // Every chunk awaited with waitUntilFinished adds a listener; hundreds of chunks are normal.
    this.queue.setMaxListeners(0);
    this.events.setMaxListeners(0);
  }

  /** Runs the search of `request` on the workers; `sweepId` must be unique (the job id). */
  async run(sweepId: string, request: OptimizeRequest): Promise<OptimizationResult> {
    const { series, registry: _registry, onProgress, shouldCancel, ...spec } = request;
    const stored = { spec, series: series.map(storedSeriesOf) };
    const local = prepareSweep(stored);
    const size = this.options.chunkSize ?? 500;
    const chunks: ChunkJob[] = [];
    for (let from = 0, chunk = 0; from < local.sets.length; from += size, chunk++) chunks.push({ sweepId, chunk, from, to: Math.min(local.sets.length, from + size) });
    await this.events.waitUntilReady();
    await this.store.set(sweepKey(sweepId), encodeJson(stored), 'EX', 86_400);
    const jobs = await this.queue.addBulk(
      chunks.map((c) => ({
        name: 'chunk',
        data: c,
        opts: { jobId: chunkJobId(sweepId, c.chunk), attempts: this.options.attempts ?? 3, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
      })),
    );
    let done = 0;
    onProgress?.(0, local.sets.length);
    const results: ChunkResult[] = new Array(chunks.length);
    let finished = false;
    const cancelled = new Promise<never>((_resolve, reject) => {
      const poll = () => {
        if (finished) return;
        if (shouldCancel?.()) reject(new CancelledError('optimization cancelled while its chunks were on the queue'));
        else setTimeout(poll, 100);
      };
      poll();
    });
    try {
      await Promise.race([
        Promise.all(
          jobs.map(async (job, i) => {
            results[i] = await job.waitUntilFinished(this.events);
            done += chunks[i].to - chunks[i].from;
            onProgress?.(done, local.sets.length);
          }),
        ),
        cancelled,
      ]);
    } catch (error) {
      await Promise.allSettled(jobs.map((j) => j.remove()));
      throw error;
    } finally {
      finished = true;
      await this.store.del(sweepKey(sweepId));
    }
    const trials: TrialResult[] = [];
    for (const r of results) trials.push(...trialsOf(r));
    return assembleOptimization(local.plan, trials, local.skipped, local.evaluator);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.events.close(), this.store.quit()]);
  }
}
