import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Timing of one benchmark case: best and median wall time over repeated runs after warm-up. */
export interface Timing {
  readonly name: string;
  readonly bestMs: number;
  readonly medianMs: number;
  readonly runs: number;
}

/**
 * What a case is beside ours: `baseline` is a plain loop over the same arrays (the memory floor),
 * `naive` the straightforward way of doing the same job, `library` a widely used package.
 */
export type CaseRole = 'ours' | 'baseline' | 'naive' | 'library';

/** One measured case with the work it does per run, in the section's unit. */
export interface BenchCase extends Timing {
  readonly role: CaseRole;
  readonly units: number;
  /** Label of the row this case takes in the summary table of `npm run bench`, if any. */
  readonly headline?: string;
  /** What a reader must know to compare it, e.g. how its output agrees with ours. */
  readonly note?: string;
}

/** The result of one benchmark file: its cases, all measured in the same process. */
export interface BenchSection {
  readonly id: string;
  readonly title: string;
  /** What `units` counts: bars, parameter sets, paths, rows, values. */
  readonly unit: string;
  readonly detail: string;
  readonly cases: readonly BenchCase[];
}

function summarize(name: string, ms: number[]): Timing {
  ms.sort((a, b) => a - b);
  return { name, bestMs: ms[0], medianMs: ms[ms.length >> 1], runs: ms.length };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured, and returns best and median. */
export function time(name: string, fn: () => unknown, runs = 7, warmup = 2): Timing {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += Number(Boolean(fn()));
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink += Number(Boolean(fn()));
    ms.push(performance.now() - t0);
  }
  if (sink < 0) console.log(sink);
  return summarize(name, ms);
}

/** {@link time} for a function that returns a promise; each run is awaited before the next starts. */
export async function timeAsync(name: string, fn: () => Promise<unknown>, runs = 7, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return summarize(name, ms);
}

/** Returns `timing` as a case of `role` doing `units` per run. */
export function asCase(timing: Timing, role: CaseRole, units: number, extra: { headline?: string; note?: string } = {}): BenchCase {
  return { ...timing, role, units, ...extra };
}

/** Returns `units` per second at the best time of `c`. */
export function ratePerSecond(c: BenchCase): number {
  return c.units / (c.bestMs / 1000);
}

/**
 * Prints `section` as a table (rate per second, and time relative to the baseline case), and, when
 * BENCH_JSON names a file, appends it there as one JSON line for `tools/bench/run-all.ts`.
 */
export function report(section: BenchSection): void {
  const base = section.cases.find((c) => c.role === 'baseline');
  console.log(`\n${section.title}\n${section.detail}`);
  console.log(`${'case'.padEnd(52)} ${'best ms'.padStart(10)} ${'median ms'.padStart(10)} ${`${section.unit}/s (best)`.padStart(18)} ${'÷ baseline'.padStart(11)}`);
  for (const c of section.cases) {
    const perUnitVsBase = base ? `${((c.bestMs / c.units) / (base.bestMs / base.units)).toFixed(1)}×` : '';
    console.log(`${c.name.padEnd(52)} ${c.bestMs.toFixed(2).padStart(10)} ${c.medianMs.toFixed(2).padStart(10)} ${ratePerSecond(c).toExponential(2).padStart(18)} ${perUnitVsBase.padStart(11)}`);
    if (c.note) console.log(`  ${c.note}`);
  }
  if (process.env.BENCH_JSON) appendFileSync(process.env.BENCH_JSON, `${JSON.stringify(section)}\n`);
}
