/** Settings of a sweep worker process, from the environment. */
export interface WorkerConfig {
  readonly redis: { readonly host: string; readonly port: number };
  readonly queueName?: string;
  readonly concurrency: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return v;
}

/** Reads the worker settings; Redis defaults to the service's message-bus Redis, then 127.0.0.1:6379. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return {
    redis: { host: env.SWEEP_REDIS_HOST ?? env.MESSAGEBUS_REDIS_HOST ?? '127.0.0.1', port: positiveInt(env, 'SWEEP_REDIS_PORT', positiveInt(env, 'MESSAGEBUS_REDIS_PORT', 6379)) },
    ...(env.SWEEP_QUEUE ? { queueName: env.SWEEP_QUEUE } : {}),
    concurrency: positiveInt(env, 'SWEEP_CONCURRENCY', 1),
    lockDurationMs: positiveInt(env, 'SWEEP_LOCK_MS', 30_000),
    stalledIntervalMs: positiveInt(env, 'SWEEP_STALLED_MS', 30_000),
  };
}
