import { monteCarlo, MonteCarloRequest } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import { WorkerPoolExecutor } from '../executors/worker-pool-executor';
import { parallelMonteCarlo } from './parallel-monte-carlo';
import { splitRange } from './split-range';

jest.setTimeout(60_000);

describe('parallelMonteCarlo', () => {
  const pools = [new WorkerPoolExecutor(0), new WorkerPoolExecutor(1), new WorkerPoolExecutor(2)];
  afterAll(() => Promise.all(pools.map((p) => p.close())));
  const close = loadSharedData('GOOG.csv').close;
  const returns = new Float64Array(close.length - 1).map((_, i) => close[i + 1] / close[i] - 1);

  it.each(['bootstrap', 'block_bootstrap', 'gbm'] as const)('%s: equals monteCarlo number for number on 1, 2 and 3 threads', async (method) => {
    const request: MonteCarloRequest = { method, returns, nPaths: 1000, nSteps: 252, seed: 11, periodsPerYear: 252, meanBlockLength: 10 };
    const single = monteCarlo(request);
    for (const [i, pool] of pools.entries()) {
      const { result, threads } = await parallelMonteCarlo(request, pool);
      expect(threads).toBe(i + 1);
      expect(result).toEqual(single);
    }
  });

  it('gives a thread only as many block ranges as there are blocks', async () => {
    // 100 paths are 2 blocks of 64: the third thread has none to draw but takes a range of steps.
    const { result, threads } = await parallelMonteCarlo({ method: 'bootstrap', returns, nPaths: 100, nSteps: 30, seed: 1, periodsPerYear: 252 }, pools[2]);
    expect(threads).toBe(3);
    expect(result).toEqual(monteCarlo({ method: 'bootstrap', returns, nPaths: 100, nSteps: 30, seed: 1, periodsPerYear: 252 }));
  });

  it('reports the fraction done, from 0 to 1 and rising, with the same numbers as without a reporter', async () => {
    // 1,260 steps per thread of 2,000 paths: more than the 524 steps ranked between two reports.
    const request: MonteCarloRequest = { method: 'bootstrap', returns, nPaths: 2000, nSteps: 2520, seed: 3, periodsPerYear: 252 };
    const seen: number[] = [];
    const { result } = await parallelMonteCarlo(request, pools[1], { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    // Not vacuous: both passes report (paths, then bands), not only their ends.
    expect(seen.some((f) => f > 0 && f < 0.5)).toBe(true);
    expect(seen.some((f) => f > 0.5 && f < 1)).toBe(true);
    expect(result).toEqual(monteCarlo(request));
  });

  it('stops when cancelled, after the pool has handed back its share', async () => {
    const request: MonteCarloRequest = { method: 'bootstrap', returns, nPaths: 2000, nSteps: 600, seed: 3, periodsPerYear: 252 };
    let polls = 0;
    await expect(parallelMonteCarlo(request, pools[1], { shouldCancel: () => ++polls > 3 })).rejects.toMatchObject({ code: 'cancelled' });
    // The pool is free for the next study.
    const { result } = await parallelMonteCarlo(request, pools[1]);
    expect(result).toEqual(monteCarlo(request));
  });

  it('names the field of a bad request before starting any thread', async () => {
    await expect(parallelMonteCarlo({ method: 'bootstrap', returns, nPaths: 1, seed: 1, periodsPerYear: 252 }, pools[1])).rejects.toThrow(/n_paths/);
  });
});

describe('splitRange', () => {
  it('covers [0, count) in order with at most `parts` non-empty ranges', () => {
    expect(splitRange(10, 3)).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(splitRange(2, 3)).toEqual([[0, 1], [1, 2]]);
    expect(splitRange(0, 2)).toEqual([[0, 0]]);
  });
});
