import { Injectable } from '@nestjs/common';

/** Linear-interpolated percentile of sorted values (numpy's default); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The last `capacity` samples of a latency, kept in a ring so that recording stays O(1). */
class SampleRing {
  private readonly samples: Float64Array;
  private next = 0;
  count = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(capacity);
  }

  push(x: number): void {
    this.samples[this.next] = x;
    this.next = (this.next + 1) % this.samples.length;
    this.count++;
  }

  /** The kept samples, sorted ascending. */
  sorted(): number[] {
    return Array.from(this.samples.subarray(0, Math.min(this.count, this.samples.length))).sort((a, b) => a - b);
  }
}

/** Latencies kept per route and per job type for the percentiles. */
const KEPT_SAMPLES = 10_000;

/** Returns the ring of `key` in `rings`, started empty on first use. */
function ringOf(rings: Map<string, SampleRing>, key: string): SampleRing {
  let ring = rings.get(key);
  if (!ring) {
    ring = new SampleRing(KEPT_SAMPLES);
    rings.set(key, ring);
  }
  return ring;
}

/** In-process counters and latencies, measured as jobs and requests happen. */
@Injectable()
export class MetricsRecorder {
  readonly startedAt = Date.now();
  private readonly latencies = new Map<string, SampleRing>();
  private readonly errors = new Map<string, number>();
  private readonly completions: number[] = [];
  private readonly outcomes = { succeeded: 0, failed: 0, cancelled: 0 };
  private readonly executors = new Map<string, { jobs: number; totalMs: number }>();
  private readonly requests = new Map<string, SampleRing>();

  /** Records one HTTP request of `route` (method and pattern) that took `ms` inside this process. */
  recordRequest(route: string, ms: number): void {
    ringOf(this.requests, route).push(ms);
  }

  /** Records a finished job of `type` that ran `ms` on `executor` (the job's hardware_used). */
  recordCompleted(type: string, ms: number, executor?: string): void {
    if (executor) {
      const e = this.executors.get(executor) ?? { jobs: 0, totalMs: 0 };
      e.jobs++;
      e.totalMs += ms;
      this.executors.set(executor, e);
    }
    ringOf(this.latencies, type).push(ms);
    this.completions.push(Date.now());
    if (this.completions.length > 100_000) this.completions.shift();
    this.outcomes.succeeded++;
  }

  recordFailed(errorCode: string): void {
    this.errors.set(errorCode, (this.errors.get(errorCode) ?? 0) + 1);
    this.outcomes.failed++;
  }

  recordCancelled(): void {
    this.outcomes.cancelled++;
  }

  recordRejected(errorCode: string): void {
    this.errors.set(`rejected_${errorCode}`, (this.errors.get(`rejected_${errorCode}`) ?? 0) + 1);
  }

  /** Returns the JSON metrics: throughput, latency percentiles per job type, error counts. */
  snapshot(now = Date.now()) {
    const uptimeS = (now - this.startedAt) / 1000;
    const lastMinute = this.completions.filter((t) => now - t <= 60_000).length;
    const latency: Record<string, { count: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; mean_ms: number | null }> = {};
    for (const [type, ring] of this.latencies) {
      const sorted = ring.sorted();
      latency[type] = {
        count: sorted.length,
        p50_ms: percentile(sorted, 50),
        p95_ms: percentile(sorted, 95),
        p99_ms: percentile(sorted, 99),
        mean_ms: sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : null,
      };
    }
    const http: Record<string, { count: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; max_ms: number | null }> = {};
    for (const [route, ring] of this.requests) {
      const sorted = ring.sorted();
      http[route] = { count: ring.count, p50_ms: percentile(sorted, 50), p95_ms: percentile(sorted, 95), p99_ms: percentile(sorted, 99), max_ms: sorted.length ? sorted[sorted.length - 1] : null };
    }
    return {
      uptime_seconds: uptimeS,
      throughput: {
        completed_total: this.completions.length,
        completed_last_60s: lastMinute,
        completed_per_minute_lifetime: uptimeS > 0 ? (this.completions.length / uptimeS) * 60 : 0,
      },
      jobs: { ...this.outcomes },
      latency_by_job_type: latency,
      errors_by_type: Object.fromEntries(this.errors),
      jobs_by_executor: Object.fromEntries([...this.executors].map(([name, e]) => [name, { jobs: e.jobs, mean_ms: e.totalMs / e.jobs }])),
      /** Time inside this process per route, over the last 10,000 requests of each (count is all of them). */
      http_latency_by_route: http,
    };
  }
}
