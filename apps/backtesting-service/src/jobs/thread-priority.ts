import { getPriority, setPriority } from 'node:os';

/** The nice value a thread reads back for itself after {@link lowerThreadPriority}, and why it is not the one asked for. */
export interface ThreadPriority {
  readonly nice: number;
  readonly error?: string;
}

/**
 * Adds `increment` (0 to 19) to the calling thread's nice value, capped at 19, and returns the value
 * the thread then reads with `os.getPriority(0)`. On Linux nice values are per thread, so in a worker
 * this lowers that worker alone, and the threads it starts inherit it. Elsewhere `setPriority` would
 * lower the whole process, API thread included, so nothing is changed there. Never throws: a refusal
 * comes back as `error`, for the caller to log.
 */
export function lowerThreadPriority(increment: number, platform: NodeJS.Platform = process.platform): ThreadPriority {
  const inherited = getPriority(0);
  if (increment === 0) return { nice: inherited };
  if (platform !== 'linux') return { nice: inherited, error: `nice is per process on ${platform}, so worker threads keep the API thread's priority` };
  const target = Math.min(19, inherited + increment);
  try {
    setPriority(0, target);
  } catch (error) {
    return { nice: getPriority(0), error: `os.setPriority(0, ${target}) failed: ${(error as Error).message}` };
  }
  return { nice: getPriority(0) };
}
