import { join } from 'node:path';
import { findWorkspaceRoot } from './workspace-root';

/** Settings read once from the environment. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly maxConcurrent: number;
  readonly dbPath: string;
  readonly dataDirectories: readonly string[];
  readonly bodyLimit: string;
  readonly maxSymbols: number;
  /** Largest parameter grid an optimization may ask for. */
  readonly maxGridSize: number;
  /** Largest Monte Carlo study (paths × steps). */
  readonly maxMonteCarloCells: number;
  /** Redis of the message bus; absent means the in-process bus. */
  readonly messageBus?: { readonly host: string; readonly port: number };
  /** Period of backtesting.health_metrics and backtesting.performance_summary, ms. */
  readonly busIntervalMs: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return v;
}

/** Returns the service settings from `env`, with the embedded defaults. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const root = findWorkspaceRoot();
  return {
    port: intFromEnv(env, 'BACKTESTING_PORT', 8110),
    host: env.BACKTESTING_HOST ?? '0.0.0.0',
    maxConcurrent: intFromEnv(env, 'BACKTESTING_MAX_CONCURRENT', 2),
    dbPath: env.BACKTESTING_DB_PATH ?? join(root, 'data', 'backtesting.sqlite'),
    dataDirectories: (env.BACKTESTING_DATA_DIRS ?? [join(root, 'data', 'samples'), join(root, '..', 'shared', 'data')].join(':')).split(':').filter(Boolean),
    bodyLimit: env.BACKTESTING_BODY_LIMIT ?? '1mb',
    maxSymbols: intFromEnv(env, 'BACKTESTING_MAX_SYMBOLS', 50),
    maxGridSize: intFromEnv(env, 'BACKTESTING_MAX_GRID_SIZE', 100_000),
    maxMonteCarloCells: intFromEnv(env, 'BACKTESTING_MAX_MC_CELLS', 50_000_000),
    ...(env.MESSAGEBUS_REDIS_HOST ? { messageBus: { host: env.MESSAGEBUS_REDIS_HOST, port: intFromEnv(env, 'MESSAGEBUS_REDIS_PORT', 6379) } } : {}),
    busIntervalMs: intFromEnv(env, 'MESSAGEBUS_BUFFER_INTERVAL_MS', 10_000),
  };
}
