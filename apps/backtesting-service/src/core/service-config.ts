import { ValidationError } from '@nautilus/domain';
import { DEFAULT_MAX_STUDY_EVALUATIONS } from '@nautilus/analytics';
import { MarketDataConfig, marketDataConfigFromEnv } from '@nautilus/marketdata-client';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { workspaceRootOf } from '@nautilus/hardware-router';

/** Settings read once from the environment. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly maxConcurrent: number;
  /**
   * How much lower than the API thread the job worker threads run (BACKTESTING_WORKER_NICE, default
   * 10): added to the nice value each worker inherits, capped at 19; 0 leaves them equal.
   */
  readonly workerNice: number;
  readonly dbPath: string;
  readonly dataDirectories: readonly string[];
  /** Embedded store, hub and cache settings (MARKETDATA_*); see docs/marketdata.md. */
  readonly marketData: MarketDataConfig;
  readonly bodyLimit: string;
  readonly maxSymbols: number;
  /** Largest parameter grid an optimization may ask for. */
  readonly maxGridSize: number;
  /** Largest walk-forward or cross-validation: windows (folds) × parameter sets. */
  readonly maxStudyEvaluations: number;
  /** Largest Monte Carlo study (paths × steps). */
  readonly maxMonteCarloCells: number;
  /** Folder of the ONNX models that strategy_id onnx_model may name (MODELS_DIR). */
  readonly modelsDir: string;
  /** Threads one parameter search or Monte Carlo study uses inside a job (BACKTESTING_SWEEP_THREADS, default 1). */
  readonly sweepThreads: number;
  /** Bars × symbols a backtest may load (BACKTESTING_MAX_BARS). */
  readonly maxBarsPerJob: number;
  /** API key every route but /health needs in `x-api-key` (BACKTESTING_API_KEY); absent means open. */
  readonly apiKey?: string;
  /** Requests per client per `rateLimitWindowMs` (BACKTESTING_RATE_LIMIT); /health is not counted. */
  readonly rateLimit: number;
  readonly rateLimitWindowMs: number;
  /** Origins allowed by CORS (BACKTESTING_CORS_ORIGINS, comma-separated; `*` for any); absent means no CORS. */
  readonly corsOrigins?: readonly string[];
  /** Redis of the message bus; absent means the in-process bus. */
  readonly messageBus?: { readonly host: string; readonly port: number };
  /** Period of backtesting.health_metrics and backtesting.performance_summary, ms. */
  readonly busIntervalMs: number;
  /** With DISTRIBUTED=1: optimizations are split into chunks on this BullMQ queue for apps/backtesting-worker. */
  readonly distributed?: DistributedSweeps;
}

/** Where distributed sweeps go. */
export interface DistributedSweeps {
  readonly host: string;
  readonly port: number;
  readonly queueName?: string;
  readonly chunkSize: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return v;
}

/** Returns BACKTESTING_WORKER_NICE: an integer from 0 to 19, 10 when unset; throws ValidationError naming it otherwise. */
function workerNiceFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.BACKTESTING_WORKER_NICE;
  if (raw === undefined || raw.trim() === '') return 10;
  const nice = Number(raw);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new ValidationError('BACKTESTING_WORKER_NICE', 'an integer from 0 to 19 (0: workers at the API thread\'s priority)', JSON.stringify(raw));
  return nice;
}

/** Returns the service settings from `env`, with the embedded defaults. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const root = workspaceRootOf();
  return {
    port: intFromEnv(env, 'BACKTESTING_PORT', 8110),
    host: env.BACKTESTING_HOST ?? '0.0.0.0',
    // One core is left to the API thread: a request waits on the OS scheduler, not on a busy core.
    maxConcurrent: intFromEnv(env, 'BACKTESTING_MAX_CONCURRENT', Math.max(1, availableParallelism() - 1)),
    // The spare core alone does not keep request latency down: the OS still runs workers on the API thread's core.
    workerNice: workerNiceFromEnv(env),
    dbPath: env.BACKTESTING_DB_PATH ?? join(root, 'data', 'backtesting.sqlite'),
    dataDirectories: (env.BACKTESTING_DATA_DIRS ?? [join(root, 'data', 'samples'), join(root, '..', 'shared', 'data')].join(':')).split(':').filter(Boolean),
    marketData: marketDataConfigFromEnv(env),
    bodyLimit: env.BACKTESTING_BODY_LIMIT ?? '1mb',
    maxSymbols: intFromEnv(env, 'BACKTESTING_MAX_SYMBOLS', 50),
    maxGridSize: intFromEnv(env, 'BACKTESTING_MAX_GRID_SIZE', 100_000),
    maxStudyEvaluations: intFromEnv(env, 'BACKTESTING_MAX_STUDY_EVALUATIONS', DEFAULT_MAX_STUDY_EVALUATIONS),
    maxMonteCarloCells: intFromEnv(env, 'BACKTESTING_MAX_MC_CELLS', 50_000_000),
    maxBarsPerJob: intFromEnv(env, 'BACKTESTING_MAX_BARS', 5_000_000),
    sweepThreads: intFromEnv(env, 'BACKTESTING_SWEEP_THREADS', 1),
    modelsDir: env.MODELS_DIR ?? join(root, 'models'),
    ...(env.BACKTESTING_API_KEY ? { apiKey: env.BACKTESTING_API_KEY } : {}),
    rateLimit: intFromEnv(env, 'BACKTESTING_RATE_LIMIT', 10_000),
    rateLimitWindowMs: intFromEnv(env, 'BACKTESTING_RATE_LIMIT_WINDOW_MS', 10_000),
    ...(env.BACKTESTING_CORS_ORIGINS ? { corsOrigins: env.BACKTESTING_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) } : {}),
    ...(env.MESSAGEBUS_REDIS_HOST ? { messageBus: { host: env.MESSAGEBUS_REDIS_HOST, port: intFromEnv(env, 'MESSAGEBUS_REDIS_PORT', 6379) } } : {}),
    busIntervalMs: intFromEnv(env, 'MESSAGEBUS_BUFFER_INTERVAL_MS', 10_000),
    ...(env.DISTRIBUTED === '1'
      ? {
          distributed: {
            host: env.SWEEP_REDIS_HOST ?? env.MESSAGEBUS_REDIS_HOST ?? '127.0.0.1',
            port: intFromEnv(env, 'SWEEP_REDIS_PORT', intFromEnv(env, 'MESSAGEBUS_REDIS_PORT', 6379)),
            ...(env.SWEEP_QUEUE ? { queueName: env.SWEEP_QUEUE } : {}),
            chunkSize: intFromEnv(env, 'SWEEP_CHUNK_SIZE', 500),
          },
        }
      : {}),
  };
}
