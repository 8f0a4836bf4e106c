import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { workerEntryFor } from '@nautilus/hardware-router';
import { Worker } from 'node:worker_threads';
import { JOB_STORE, SERVICE_CONFIG } from '../core/tokens';
import { ServiceConfig } from '../core/service-config';
import { MetricsRecorder } from '../metrics/metrics-recorder';
import { completionPatch, LiveJobState } from './job-record';
import { JobStore } from './job-store';
import { ResultHeadline, RunRequest, WorkerJob, WorkerMessage } from './run-request';

/** Builds the worker request of a queued job when it starts (loading its bars then, so the queue holds ids, not arrays). */
export type RequestLoader = (jobId: string) => Promise<RunRequest>;

/** A job's lifecycle, for the message bus. */
export type JobEvent =
  | { readonly kind: 'started'; readonly id: string; readonly type: string; readonly at: string }
  | {
      readonly kind: 'finished';
      readonly id: string;
      readonly type: string;
      readonly status: 'completed' | 'failed' | 'cancelled';
      readonly at: string;
      readonly processingTimeMs: number;
      readonly error?: string;
      /** Headline fields of a completed job's result. */
      readonly headline?: ResultHeadline;
    };

interface Running {
  readonly worker: Worker;
  progress: number;
  cancelled: boolean;
}

/**
 * Runs jobs on a pool of long-lived worker threads, at most `maxConcurrent` at a time, first in
 * first out, keeping the event loop free for the API. Cancelling a running job terminates its
 * worker, which the pool then replaces. Progress is kept in memory and written to the store at most every
 * 250 ms; the final state and the result are written together.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Running>();
  private readonly idle: Worker[] = [];
  /** Nice value each live worker read back for its own thread when it started. */
  private readonly threadNice = new Map<Worker, number>();
  private priorityWarned = false;
  private readonly loaders = new Map<string, RequestLoader>();
  private readonly entry = workerEntryFor('apps/backtesting-service/src/jobs/backtest.worker.ts');
  private shuttingDown = false;
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly metrics: MetricsRecorder,
  ) {}

  /** Starts the pool's workers now, so that the first jobs do not wait for a thread to load the libraries. */
  onApplicationBootstrap(): void {
    while (this.idle.length + this.running.size < this.config.maxConcurrent) this.idle.push(this.spawn());
  }

  /** Sets how jobs of `jobType` become worker requests; each job service registers its own. */
  registerLoader(jobType: string, loader: RequestLoader): void {
    this.loaders.set(jobType, loader);
  }

  /** Calls `listener` on every job start and end; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`job event listener failed: ${(error as Error).message}`);
      }
    }
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Returns the nice values the live workers reported for their own threads (lower priority = higher value), for /health. */
  workerThreadNice(): number[] {
    return [...this.threadNice.values()];
  }

  /**
   * Returns what only this runner knows of a job running here: its live progress (0–100), and
   * whether it is cancelling (asked to stop, its worker not yet gone; the store still says running).
   */
  liveOf(id: string): LiveJobState | undefined {
    const r = this.running.get(id);
    return r ? { progress: Math.round(r.progress * 1000) / 10, cancelling: r.cancelled } : undefined;
  }

  enqueue(id: string): void {
    this.queue.push(id);
    this.pump();
  }

  /** Cancels a queued or running job; returns false when it is neither. */
  cancel(id: string): boolean {
    const q = this.queue.indexOf(id);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.store.update(id, { status: 'cancelled', completedAt: new Date().toISOString() });
      this.metrics.recordCancelled();
      return true;
    }
    const r = this.running.get(id);
    if (!r) return false;
    r.cancelled = true;
    void r.worker.terminate();
    return true;
  }

  private pump(): void {
    while (!this.shuttingDown && this.running.size < this.config.maxConcurrent && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      void this.start(id);
    }
  }

  /** Returns an idle pooled worker, starting one when the pool is not full. */
  private takeWorker(): Worker {
    return this.idle.pop() ?? this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(this.entry.source, { eval: this.entry.eval, env: this.entry.env, workerData: { dbPath: this.config.dbPath, nice: this.config.workerNice } });
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind !== 'thread') return;
      this.threadNice.set(worker, m.nice);
      // Every worker meets the same refusal, so once is enough; the service runs on, only without the lower priority.
      if (m.error && !this.priorityWarned) {
        this.priorityWarned = true;
        this.logger.warn(`worker threads run at nice ${m.nice}, not lowered by BACKTESTING_WORKER_NICE=${this.config.workerNice}: ${m.error}`);
      }
    });
    worker.once('exit', () => this.threadNice.delete(worker));
    return worker;
  }

  private async start(id: string): Promise<void> {
    const job = this.store.get(id);
    if (!job || job.status !== 'queued') return this.pump();
    const startedAt = new Date();
    // Reserve the slot before the first await, so pump() does not start more than maxConcurrent.
    const worker = this.takeWorker();
    const state: Running = { worker, progress: 0, cancelled: false };
    this.running.set(id, state);
    this.store.update(id, { status: 'running', startedAt: startedAt.toISOString(), progress: 0 });
    this.emit({ kind: 'started', id, type: job.type, at: startedAt.toISOString() });
    let settled = false;
    let lastWrite = 0;
    const finish = (reusable: boolean) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.running.delete(id);
      if (reusable && !this.shuttingDown) this.idle.push(worker);
      else void worker.terminate();
      this.pump();
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.kind === 'thread') return;
      if (m.kind === 'progress') {
        state.progress = m.fraction;
        const now = Date.now();
        if (now - lastWrite > 250) {
          lastWrite = now;
          this.store.update(id, { progress: Math.round(m.fraction * 1000) / 10 });
        }
      } else if (m.kind === 'done') {
        this.succeed(id, job.type, m);
        finish(true);
      } else {
        this.fail(id, job.type, m.code, m.message, startedAt);
        finish(true);
      }
    };
    const onError = (error: Error) => {
      this.fail(id, job.type, 'worker_error', error.message, startedAt);
      finish(false);
    };
    const onExit = () => {
      if (state.cancelled) {
        const at = new Date().toISOString();
        const processingTimeMs = Date.now() - startedAt.getTime();
        this.store.updateIfRunning(id, { status: 'cancelled', completedAt: at, processingTimeMs });
        this.metrics.recordCancelled();
        this.emit({ kind: 'finished', id, type: job.type, status: 'cancelled', at, processingTimeMs });
      } else if (!this.shuttingDown) {
        this.fail(id, job.type, 'worker_exit', 'the worker stopped without a result', startedAt);
      }
      finish(false);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    let request: RunRequest;
    try {
      const loader = this.loaders.get(job.type) ?? this.loaders.get('*');
      if (!loader) throw new Error(`no loader for jobs of type ${job.type}`);
      request = await loader(id);
    } catch (error) {
      this.fail(id, job.type, 'data_unavailable', (error as Error).message, startedAt);
      return finish(true);
    }
    if (settled) return;
    worker.postMessage({ request, startedAtMs: startedAt.getTime() } satisfies WorkerJob);
  }

  /** Records a finished job: its state, and its result unless the worker already stored it. */
  private succeed(id: string, type: string, done: Extract<WorkerMessage, { kind: 'done' }>): void {
    const { summary, resultJson, headline, completedAt, processingTimeMs } = done;
    const patch = completionPatch(summary, completedAt, processingTimeMs);
    if (resultJson !== undefined) this.store.complete(id, resultJson, patch);
    else this.store.update(id, patch);
    this.metrics.recordCompleted(type, processingTimeMs, summary.hardwareUsed);
    this.emit({ kind: 'finished', id, type, status: 'completed', at: completedAt, processingTimeMs, headline });
  }

  private fail(id: string, type: string, code: string, message: string, startedAt: Date): void {
    this.logger.warn(JSON.stringify({ job: id, type, code, message }));
    const at = new Date().toISOString();
    const processingTimeMs = Date.now() - startedAt.getTime();
    this.store.update(id, { status: 'failed', completedAt: at, processingTimeMs, error: `${code}: ${message}` });
    this.metrics.recordFailed(code);
    this.emit({ kind: 'finished', id, type, status: 'failed', at, processingTimeMs, error: `${code}: ${message}` });
  }

  /**
   * Graceful stop: running jobs go back to 'queued' and run again on the next start, so nothing
   * accepted is lost. (After a crash they stay 'running' and the next start marks them interrupted.)
   */
  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const ids = [...this.running.keys()];
    await Promise.all([...this.running.values(), ...this.idle.map((worker) => ({ worker }))].map((r) => r.worker.terminate()));
    // A job whose worker stored its result just before the stop stays completed.
    for (const id of ids) this.store.updateIfRunning(id, { status: 'queued', progress: 0, startedAt: null });
    this.store.close();
  }
}
