import { DomainError, ExecutorUnavailableError } from '@nautilus/domain';
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerReply } from '../workers/compute.worker';
import { Executor } from './executor';
import { isComputeTask, TaskInput, TaskName, TaskOutput } from './tasks';
import { WorkerEntry, workerEntryFor } from './worker-entry';

/** Returns how to start a compute worker (see {@link workerEntryFor}). */
export function defaultWorkerEntry(): WorkerEntry {
  return workerEntryFor('libs/hardware-router/src/workers/compute.worker.ts');
}

interface Pending {
  readonly job: WorkerJob;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
}

function errorOf(reply: Extract<WorkerReply, { ok: false }>['error']): Error {
  // The class does not cross threads; code and field do, and they are what callers map.
  const error = reply.code ? new DomainError(reply.message, reply.code, reply.field) : new Error(reply.message);
  error.name = reply.name;
  return error;
}

/**
 * Runs compute tasks on up to `size` worker threads started on first use and kept for later jobs.
 * Inputs are copied (structured clone), so the caller's arrays stay usable; outputs are moved
 * back without a copy. A worker that dies fails its job with ExecutorUnavailableError and is
 * replaced by the next job. From TypeScript sources the workers run a bundle of the libraries,
 * built once per change of a source (see {@link workerEntryFor}).
 */
export class WorkerPoolExecutor implements Executor {
  readonly kind = 'worker_pool';
  readonly hardware: string;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private live = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly entry: WorkerEntry = defaultWorkerEntry(),
  ) {
    this.hardware = `cpu: pool of ${size} worker thread${size === 1 ? '' : 's'}`;
  }

  supports(task: TaskName): boolean {
    return isComputeTask(task);
  }

  run<K extends TaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
    if (this.closed) return Promise.reject(new ExecutorUnavailableError(this.kind, 'the pool is closed'));
    if (!isComputeTask(task)) return Promise.reject(new ExecutorUnavailableError(this.kind, `it does not run ${task}`));
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      this.queue.push({ job: { task, input: input as WorkerJob['input'] }, resolve: resolve as (output: unknown) => void, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new ExecutorUnavailableError(this.kind, 'the pool was closed'));
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.live < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift() as Pending;
      this.busy.set(worker, pending);
      // A busy worker keeps the process alive until its reply; an idle one must not.
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.entry.source, { eval: this.entry.eval, env: this.entry.env });
    this.live++;
    let gone = false;
    const fail = (why: string) => {
      if (gone) return;
      gone = true;
      this.live--;
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      pending?.reject(new ExecutorUnavailableError(this.kind, `worker thread failed: ${why}`));
      if (!this.closed) this.pump();
    };
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (reply.ok) pending?.resolve(reply.output);
      else pending?.reject(errorOf(reply.error));
      this.pump();
    });
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    return worker;
  }
}
