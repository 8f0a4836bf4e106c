import { DomainError } from '@nautilus/domain';
import { getHeapStatistics } from 'node:v8';
import { MessagePort, parentPort } from 'node:worker_threads';
import { createStrategyRegistry } from '../core/strategy-modules';
import { resultOf } from './result-document';
import { runBacktest } from './run-backtest';
import { runOptimization } from './run-optimization';
import { RunRequest, WorkerMessage } from './run-request';

if (!parentPort) throw new Error('backtest.worker must run in a worker thread');
const port: MessagePort = parentPort;

// Built from the environment the API read too (workers inherit it), so module strategies run here.
const registry = createStrategyRegistry();

const progress = (fraction: number) => port.postMessage({ kind: 'progress', fraction } satisfies WorkerMessage);

// A long-lived worker: one job at a time, so a pool of them avoids a thread start per job.
port.on('message', (request: RunRequest) => void handle(request));

async function handle(request: RunRequest): Promise<void> {
  try {
    if (request.task === 'optimize') {
      const { summary, resultJson } = await runOptimization(request, progress, registry);
      port.postMessage({ kind: 'done', summary: { ...summary, heapUsedMb: getHeapStatistics().used_heap_size / 1_048_576 }, resultJson } satisfies WorkerMessage);
      return;
    }
    const output = await runBacktest(request, progress, registry);
    const summary = { bars: output.bars, fills: output.fills, trades: output.trades.length, heapUsedMb: output.heapUsedMb, hardwareUsed: output.hardwareUsed };
    port.postMessage({ kind: 'done', summary, resultJson: JSON.stringify(resultOf(request.jobId, output)) } satisfies WorkerMessage);
  } catch (error) {
    const e = error as Error;
    const message: WorkerMessage =
      error instanceof DomainError
        ? { kind: 'error', code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
        : { kind: 'error', code: 'internal_error', message: e?.message ?? String(error) };
    port.postMessage(message);
  }
}
