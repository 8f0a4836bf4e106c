import { WorkerPoolExecutor } from '@nautilus/hardware-router';

// The job worker's own pool, shared by its multi-threaded searches and studies (one job at a time
// runs on a job worker) and started with the first of them.
let pool: WorkerPoolExecutor | undefined;

/** Returns this job worker's pool of `threads − 1` worker threads, started on first use and kept for later jobs. */
export function jobPool(threads: number): WorkerPoolExecutor {
  pool ??= new WorkerPoolExecutor(threads - 1);
  return pool;
}
