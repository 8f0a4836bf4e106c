import { DomainError } from '@nautilus/domain';
import { parentPort } from 'node:worker_threads';
import { ComputeTaskName, runComputeTask, TaskInput } from '../executors/tasks';

/** A job sent by WorkerPoolExecutor. */
export interface WorkerJob {
  readonly task: ComputeTaskName;
  readonly input: TaskInput<ComputeTaskName>;
}

/** The reply to one job: the output, or the error with what is needed to rebuild it. */
export type WorkerReply =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: string; readonly field?: string } };

/** Returns the distinct buffers behind the typed arrays of `value` (one level into objects), to move rather than copy. */
function buffersOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (v && typeof v === 'object' && depth < 2) {
      for (const x of Object.values(v)) visit(x, depth + 1);
    }
  };
  visit(value, 0);
  return [...found];
}

const port = parentPort;
if (!port) throw new Error('compute.worker must run in a worker thread');

// One job at a time per worker; the pool queues the rest.
port.on('message', (job: WorkerJob) => {
  try {
    const output = runComputeTask(job.task, job.input as never);
    port.postMessage({ ok: true, output } satisfies WorkerReply, buffersOf(output));
  } catch (error) {
    const e = error as Error;
    const reply: WorkerReply = {
      ok: false,
      error: {
        name: e?.name ?? 'Error',
        message: e?.message ?? String(error),
        ...(error instanceof DomainError ? { code: error.code, ...(error.field ? { field: error.field } : {}) } : {}),
      },
    };
    port.postMessage(reply);
  }
});
