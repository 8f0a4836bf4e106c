import { Injectable } from '@nestjs/common';

/** Linear-interpolated percentile of sorted values (numpy's default); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** In-process counters and latencies, measured as jobs and requests happen. */
@Injectable()
export class MetricsRecorder {
  readonly startedAt = Date.now();
  private readonly latencies = new Map<string, number[]>();
  private readonly errors = new Map<string, number>();
  private readonly completions: number[] = [];
  private readonly outcomes = { succeeded: 0, failed: 0, cancelled: 0 };
  private readonly executors = new Map<string, { jobs: number; totalMs: number }>();

  /** Records a finished job of `type` that ran `ms` on `executor` (the job's hardware_used). */
  recordCompleted(type: string, ms: number, executor?: string): void {
    if (executor) {
      const e = this.executors.get(executor) ?? { jobs: 0, totalMs: 0 };
      e.jobs++;
      e.totalMs += ms;
      this.executors.set(executor, e);
    }
    const list = this.latencies.get(type) ?? [];
    list.push(ms);
    if (list.length > 10_000) list.shift();
    this.latencies.set(type, list);
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
    for (const [type, list] of this.latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      latency[type] = {
        count: sorted.length,
        p50_ms: percentile(sorted, 50),
        p95_ms: percentile(sorted, 95),
        p99_ms: percentile(sorted, 99),
        mean_ms: sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : null,
      };
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
    };
  }
}
