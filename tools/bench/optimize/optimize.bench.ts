/**
 * Parameter sweep speed: sma_crossover on the GOOG sample (2,148 bars), every set with its full
 * equity curve and Sharpe ratio, on one thread and on all, and mean_reversion on one thread; beside
 * a naive one-at-a-time method (a fresh backtest() with the full stats table per set, no shared
 * indicators) and a baseline that only reads the closes once per set, in the same run.
 * Run: `npm run bench:optimize` (env SETS, default 10,000).
 */
import { backtest, optimize } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import { parallelOptimize, WorkerPoolExecutor } from '@nautilus/hardware-router';
import { availableParallelism } from 'node:os';
import { asCase, report, time, timeAsync } from '../harness';

const goog = loadSharedData('GOOG.csv');
const SETS = Number(process.env.SETS ?? 10_000);
// fast 2..101 × slow 105..(105 + 4·(SETS/100 − 1)): all fast < slow, so every set is evaluated.
const slowCount = Math.max(1, Math.round(SETS / 100));
const ranges = { fast: { min: 2, max: 101, step: 1 }, slow: { min: 105, max: 105 + 4 * (slowCount - 1), step: 4 } };
const sets = 100 * slowCount;
const naiveSets = Math.min(sets, 500);

const threads = availableParallelism();
const pool = new WorkerPoolExecutor(Math.max(1, threads - 1));
const request = { series: [goog], strategyId: 'sma_crossover', parameterRanges: ranges, inSampleFraction: 1 };
// The seed's strategy, as many sets: 100 lookbacks × (SETS/100) entry thresholds.
const zRanges = { lookback_period: { min: 5, max: 104, step: 1 }, z_score_threshold: { min: 0.5, max: 0.5 + 0.025 * (slowCount - 1), step: 0.025 } };
const zRequest = { series: [goog], strategyId: 'mean_reversion', parameterRanges: zRanges, inSampleFraction: 1 };

async function main(): Promise<void> {
  // The sweeps get untimed runs first: a thread's first sweeps run before the JIT has optimized
  // the kernel, and each pool thread warms up on its own share only. The two-thread sweep is
  // timed fifteen times: on two vCPUs its time varies by a quarter from run to run, and a median
  // of five moves with it.
  const single = time(`optimize(): ${sets} sets, shared indicators`, () => optimize(request), 5, 3);
  const zSingle = time(`optimize(): ${sets} mean_reversion sets`, () => optimize(zRequest), 5, 3);
  const parallel = await timeAsync(`parallelOptimize(): ${sets} sets on ${pool.size + 1} threads`, () => parallelOptimize(request, pool), 15, 5);
  await pool.close();
report({
  id: 'optimize',
  title: 'Parameter sweep',
  unit: 'sets',
  detail: `sma_crossover on GOOG (${goog.length} bars): ${sets} sets through optimize(), ${naiveSets} through the naive method; mean_reversion: ${sets} sets`,
  cases: [
    asCase(
      time(`baseline: one pass over the closes per set`, () => {
        const c = goog.close;
        let s = 0;
        for (let k = 0; k < sets; k++) for (let i = 0; i < c.length; i++) s += c[i];
        return s;
      }, 5, 1),
      'baseline',
      sets,
    ),
    asCase(
      time(`naive: backtest() per set (${naiveSets} sets)`, () => {
        let best = -Infinity;
        for (let i = 0; i < naiveSets; i++) {
          const { stats } = backtest({ series: [goog], strategyId: 'sma_crossover', parameters: { fast: 2 + (i % 100), slow: 105 + 4 * Math.floor(i / 100) } });
          best = Math.max(best, stats.sharpeRatio);
        }
        return best;
      }, 3, 1),
      'naive',
      naiveSets,
    ),
    asCase(single, 'ours', sets, { headline: 'Parameter sweep, evaluations (one thread)' }),
    asCase(zSingle, 'ours', sets),
    asCase(parallel, 'ours', sets, { headline: `Parameter sweep, evaluations (${pool.size + 1} threads)` }),
  ],
});
}

void main();
