/**
 * Monte Carlo speed: 10,000 paths × 2,520 days, i.i.d. bootstrap of GOOG's daily returns, with
 * per-path max drawdown and Sharpe, beside a baseline and a naive method in the same run: drawing
 * the 25.2 M uniforms alone, and a JS array per path with Array methods for the statistics.
 * Run: `npx tsx tools/bench/montecarlo/montecarlo.bench.ts`.
 */
import { blockBootstrapStatistics, bootstrapReturns, chunkedPathStatistics, createRng, pathStatistics } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import { parallelBootstrapStatistics, WorkerPoolExecutor } from '@nautilus/hardware-router';
import { availableParallelism } from 'node:os';
import { asCase, report, time, timeAsync } from '../harness';

const goog = loadSharedData('GOOG.csv');
const returns = new Float64Array(goog.length - 1).map((_, i) => goog.close[i + 1] / goog.close[i] - 1);
const PATHS = 10_000;
const STEPS = 2_520;
const cells = PATHS * STEPS;
const buffer = new Float64Array(cells);

const cases = [
  asCase(time('baseline: 25.2 M uniforms only', () => {
    const rng = createRng(1);
    let s = 0;
    for (let c = 0; c < cells; c++) s += rng.next();
    return s;
  }, 3, 1), 'baseline', PATHS),
  asCase(time('naive: a JS array per path, two passes', () => {
    const rng = createRng(1);
    let worst = 0;
    for (let p = 0; p < PATHS; p++) {
      const path: number[] = [];
      for (let t = 0; t < STEPS; t++) path.push(returns[rng.int(returns.length)]);
      const equity: number[] = [];
      let e = 1;
      for (const r of path) equity.push((e *= 1 + r));
      let peak = 1;
      let dd = 0;
      for (const v of equity) dd = Math.min(dd, v / (peak = Math.max(peak, v)) - 1);
      const mean = path.reduce((a, b) => a + b, 0) / STEPS;
      const sd = Math.sqrt(path.reduce((a, b) => a + (b - mean) ** 2, 0) / (STEPS - 1));
      worst = Math.min(worst, dd, mean / sd);
    }
    return worst;
  }, 3, 1), 'naive', PATHS),
  asCase(time('bootstrap + pathStatistics (Float64Array)', () => {
    bootstrapReturns(returns, PATHS, STEPS, createRng(1), buffer);
    return pathStatistics(buffer, PATHS, STEPS, 252).maxDrawdown[0];
  }, 5, 1), 'ours', PATHS),
  asCase(time('chunked: 64 paths at a time, same numbers', () => {
    const rng = createRng(1);
    return chunkedPathStatistics((paths, out) => bootstrapReturns(returns, paths, STEPS, rng, out), PATHS, STEPS, 252).maxDrawdown[0];
  }, 5, 1), 'ours', PATHS, { headline: 'Monte Carlo, bootstrap paths of 2,520 steps' }),
  asCase(time('block-seeded: a stream per 64 paths, any split', () => blockBootstrapStatistics(returns, PATHS, STEPS, 1, 252).maxDrawdown[0], 5, 1), 'ours', PATHS),
];

async function main(): Promise<void> {
  const pool = new WorkerPoolExecutor(Math.max(1, availableParallelism() - 1));
  // Warm-up outside the timing: the pool's thread loads the libraries once.
  await parallelBootstrapStatistics(returns, PATHS, STEPS, 1, 252, pool);
  const parallel = await timeAsync(`block-seeded on ${pool.size + 1} threads, same numbers`, () => parallelBootstrapStatistics(returns, PATHS, STEPS, 1, 252, pool), 5, 1);
  await pool.close();
  cases.push(asCase(parallel, 'ours', PATHS, { headline: `Monte Carlo, bootstrap paths of 2,520 steps (${pool.size + 1} threads)` }));
report({
  id: 'montecarlo',
  title: 'Monte Carlo',
  unit: 'paths',
  detail: `${PATHS.toLocaleString('en-US')} paths × ${STEPS} steps (${(cells / 1e6).toFixed(1)} M cells), i.i.d. bootstrap of GOOG daily returns, max drawdown and Sharpe per path`,
  cases,
});
}

void main();
