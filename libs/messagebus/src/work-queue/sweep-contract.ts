import { OptimizeRequest, TrialResult } from '@nautilus/analytics';

/** Default BullMQ queue of sweep chunks. */
export const SWEEP_QUEUE = 'nautilus-sweep-chunks';

/** Where the queue's Redis is. */
export interface SweepConnection {
  readonly host: string;
  readonly port: number;
}

/** A search as stored for the workers: the request without its bars and callbacks (JSON-able). */
export type SweepSpec = Omit<OptimizeRequest, 'series' | 'registry' | 'onProgress' | 'shouldCancel'>;

/** Bar columns as plain arrays. */
export interface StoredSeries {
  readonly symbol: string;
  readonly time: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

/** Everything a worker needs to rebuild the plan of a sweep, stored once in Redis per sweep. */
export interface StoredSweep {
  readonly spec: SweepSpec;
  readonly series: readonly StoredSeries[];
}

/** One unit of work: candidate sets [from, to) of a sweep, in the plan's candidate order. */
export interface ChunkJob {
  readonly sweepId: string;
  readonly chunk: number;
  readonly from: number;
  readonly to: number;
}

/** What a worker returns for a chunk; trials are encoded with {@link encodeJson}. */
export interface ChunkResult {
  readonly sweepId: string;
  readonly chunk: number;
  readonly from: number;
  readonly to: number;
  /** Who evaluated it (host:pid), for the record. */
  readonly worker: string;
  readonly trials: string;
}

/** Redis key of a stored sweep. */
export function sweepKey(sweepId: string): string {
  return `nautilus:sweep:${sweepId}`;
}

/** BullMQ job id of a chunk: one id per chunk, so a chunk can never be queued twice. */
export function chunkJobId(sweepId: string, chunk: number): string {
  return `${sweepId}-${chunk}`;
}

const NON_FINITE = '__nonfinite__';

/** JSON that keeps NaN and ±Infinity (metrics of flat runs are NaN, and must stay NaN). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v));
}

/** Inverse of {@link encodeJson}. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, v) => (v && typeof v === 'object' && NON_FINITE in v ? Number(v[NON_FINITE]) : v)) as T;
}

/** Decodes a chunk's trials. */
export function trialsOf(result: ChunkResult): TrialResult[] {
  return decodeJson<TrialResult[]>(result.trials);
}
