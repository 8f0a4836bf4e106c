import { randomUUID } from 'node:crypto';

/** Job states; `failed_interrupted` marks a job that was running when the process stopped. */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'failed_interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One accepted job, as persisted. Times are ISO strings. */
export interface JobRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  status: JobStatus;
  /** The validated request, as JSON, so a queued job can be re-run after a restart. */
  readonly request: string;
  progress: number;
  readonly createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  processingTimeMs: number | null;
  dataPointsProcessed: number | null;
  ordersExecuted: number | null;
  tradesCompleted: number | null;
  memoryUsageMb: number | null;
  /** The executor that really ran the job: a worker thread, an ONNX provider, or remote sweep workers. */
  hardwareUsed: string | null;
  error: string | null;
}

/** The state of a running job that the runner holds in memory, not in the store. */
export interface LiveJobState {
  /** Percent done, 0–100. */
  readonly progress: number;
  /** Asked to stop; its worker has not exited yet. */
  readonly cancelling: boolean;
}

/** The fields a finished job's record gets from its run. */
export function completionPatch(
  summary: { bars: number; fills: number; trades: number; heapUsedMb: number; hardwareUsed: string },
  completedAt: string,
  processingTimeMs: number,
): Partial<JobRecord> {
  return {
    status: 'completed',
    progress: 100,
    completedAt,
    processingTimeMs,
    dataPointsProcessed: summary.bars,
    ordersExecuted: summary.fills,
    tradesCompleted: summary.trades,
    memoryUsageMb: Math.round(summary.heapUsedMb * 100) / 100,
    hardwareUsed: summary.hardwareUsed,
  };
}

/** Returns the record of a newly accepted job: queued, with nothing measured yet. */
export function newJobRecord(name: string, type: string, request: unknown): JobRecord {
  return {
    id: randomUUID(),
    name,
    type,
    status: 'queued',
    request: JSON.stringify(request),
    progress: 0,
    createdAt: new Date().toISOString(),
    startedAt: null,
    completedAt: null,
    processingTimeMs: null,
    dataPointsProcessed: null,
    ordersExecuted: null,
    tradesCompleted: null,
    memoryUsageMb: null,
    hardwareUsed: null,
    error: null,
  };
}
