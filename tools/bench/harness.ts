import { performance } from 'node:perf_hooks';

/** Timing of one benchmark case: best and median wall time over repeated runs after warm-up. */
export interface Timing {
  readonly name: string;
  readonly bestMs: number;
  readonly medianMs: number;
  readonly runs: number;
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
  ms.sort((a, b) => a - b);
  if (sink < 0) console.log(sink);
  return { name, bestMs: ms[0], medianMs: ms[ms.length >> 1], runs };
}

/** Prints timings as a table with a per-second rate computed from `units` per run. */
export function printTable(title: string, units: number, unitName: string, rows: readonly Timing[], baseline: string): void {
  const base = rows.find((r) => r.name === baseline);
  console.log(`\n${title}`);
  console.log(`${'case'.padEnd(44)} ${'best ms'.padStart(10)} ${'median ms'.padStart(10)} ${`${unitName}/s (best)`.padStart(18)} ${'vs baseline'.padStart(12)}`);
  for (const r of rows) {
    const rate = units / (r.bestMs / 1000);
    const ratio = base ? `${(r.bestMs / base.bestMs).toFixed(1)}×` : '';
    console.log(
      `${r.name.padEnd(44)} ${r.bestMs.toFixed(2).padStart(10)} ${r.medianMs.toFixed(2).padStart(10)} ${rate.toExponential(2).padStart(18)} ${ratio.padStart(12)}`,
    );
  }
}
