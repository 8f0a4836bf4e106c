import { DomainError } from '@nautilus/domain';
import { getHeapStatistics } from 'node:v8';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { JobStore } from './job-store';
import { createStrategyRegistry } from '../core/strategy-modules';
import { resultOf } from './result-document';
import { runBacktest } from './run-backtest';
import { runOptimization } from './run-optimization';
import { headlineOf, ResultHeadline, RunSummary, WorkerJob, WorkerMessage } from './run-request';
import { lowerThreadPriority } from './thread-priority';

if (!parentPort) throw new Error('backtest.worker must run in a worker thread');
const port: MessagePort = parentPort;
const { dbPath, nice } = (workerData ?? {}) as { dbPath?: string; nice?: number };

// Before any job: the API thread then wins the CPU whenever both want it, so a request is not kept
// waiting behind a backtest; the thread pools this worker starts inherit the value.
port.postMessage({ kind: 'thread', ...lowerThreadPriority(nice ?? 0) } satisfies WorkerMessage);

// Built from the environment the API read too (workers inherit it), so module strategies run here.
const registry = createStrategyRegistry();

// The worker stores the result body itself, so the API thread never copies, writes or collects the
// large result documents; the API thread then marks the job completed (a small update), so status,
// counters and events change together. A result is always stored before its job says completed.
const store = dbPath && dbPath !== ':memory:' ? new JobStore(dbPath) : undefined;

/** Stores the result (when this worker has the database) and tells the API thread the job is done. */
function finish(jobId: string, startedAtMs: number, summary: RunSummary, resultJson: string, headline: ResultHeadline): void {
  const completedAt = new Date().toISOString();
  const processingTimeMs = Date.now() - startedAtMs;
  store?.saveResult(jobId, resultJson);
  // The API thread leaves checkpoints of the jobs file to the workers (see JobStore), off its event loop.
  store?.checkpointJobs();
  port.postMessage({ kind: 'done', summary, headline, completedAt, processingTimeMs, ...(store ? {} : { resultJson }) } satisfies WorkerMessage);
}

const progress = (fraction: number) => port.postMessage({ kind: 'progress', fraction } satisfies WorkerMessage);

// A long-lived worker: one job at a time, so a pool of them avoids a thread start per job.
port.on('message', (job: WorkerJob) => void handle(job));

async function handle({ request, startedAtMs }: WorkerJob): Promise<void> {
  try {
    if (request.task === 'optimize') {
      const { summary, resultJson, headline } = await runOptimization(request, progress, registry);
      finish(request.jobId, startedAtMs, { ...summary, heapUsedMb: getHeapStatistics().used_heap_size / 1_048_576 }, resultJson, headline);
      return;
    }
    const output = await runBacktest(request, progress, registry);
    const summary = { bars: output.bars, fills: output.fills, trades: output.trades.length, heapUsedMb: output.heapUsedMb, hardwareUsed: output.hardwareUsed };
    const doc = resultOf(request.jobId, output);
    finish(request.jobId, startedAtMs, summary, JSON.stringify(doc), headlineOf(doc));
  } catch (error) {
    const e = error as Error;
    const message: WorkerMessage =
      error instanceof DomainError
        ? { kind: 'error', code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
        : { kind: 'error', code: 'internal_error', message: e?.message ?? String(error) };
    port.postMessage(message);
  }
}
