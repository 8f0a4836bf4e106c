import { evaluateCandidates } from '@nautilus/analytics';
import type { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { ChunkJob, ChunkResult, encodeJson, StoredSweep, SWEEP_QUEUE, SweepConnection, sweepKey, decodeJson } from './sweep-contract';
import { PreparedSearch } from '@nautilus/analytics';
import { prepareSweep } from './sweep-plan';

/** Settings of a sweep worker. */
export interface SweepWorkerOptions {
  readonly queueName?: string;
  /** Chunks evaluated at once by this process (default 1: evaluation is CPU-bound). */
  readonly concurrency?: number;
  /** How long a chunk's lock lasts without renewal; a worker that dies releases its chunk after this (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often stalled chunks are looked for and re-queued (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Called when a chunk starts and ends, for logs. */
  readonly onChunk?: (event: 'start' | 'done', job: ChunkJob) => void;
}

/**
 * Starts a BullMQ worker that evaluates sweep chunks. A chunk is pure (same sets, same numbers on
 * any worker), so a chunk whose worker died is simply evaluated again elsewhere.
 */
export function createSweepWorker(connection: SweepConnection, options: SweepWorkerOptions = {}): Worker<ChunkJob, ChunkResult> {
  const store = new Redis({ host: connection.host, port: connection.port, maxRetriesPerRequest: null });
  const name = `${hostname()}:${process.pid}`;
  // The last sweep's plan is kept: consecutive chunks of one sweep reuse its indicator cache.
  let cached: { id: string; sweep: PreparedSearch } | undefined;
  const prepared = async (sweepId: string): Promise<PreparedSearch> => {
    if (cached?.id === sweepId) return cached.sweep;
    const raw = await store.get(sweepKey(sweepId));
    if (!raw) throw new Error(`sweep ${sweepId} is not in Redis (expired or cancelled)`);
    cached = { id: sweepId, sweep: prepareSweep(decodeJson<StoredSweep>(raw)) };
    return cached.sweep;
  };
  // BullMQ loads here, not with the library: most users of the bus never process a sweep.
  const bullmq = require('bullmq') as typeof import('bullmq');
  const worker = new bullmq.Worker<ChunkJob, ChunkResult>(
    options.queueName ?? SWEEP_QUEUE,
    async (job: Job<ChunkJob, ChunkResult>) => {
      const { sweepId, chunk, from, to } = job.data;
      options.onChunk?.('start', job.data);
      const sweep = await prepared(sweepId);
      const trials = evaluateCandidates(sweep.evaluator, sweep.sets, from, to);
      options.onChunk?.('done', job.data);
      return { sweepId, chunk, from, to, worker: name, trials: encodeJson(trials) };
    },
    {
      connection: { host: connection.host, port: connection.port, maxRetriesPerRequest: null },
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 5,
    },
  );
  worker.on('closed', () => void store.quit().catch(() => undefined));
  return worker;
}
