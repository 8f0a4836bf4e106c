import { optimize, OptimizationResult, OptimizeRequest } from '@nautilus/analytics';
import { CancelledError, ExecutorUnavailableError, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { Executor } from '../executors/executor';
import { runComputeTask, SweepChunk } from '../executors/tasks';
import { WorkerPoolExecutor } from '../executors/worker-pool-executor';
import { parallelOptimize } from './parallel-optimize';

jest.setTimeout(120_000);

function expectSameResult(a: OptimizationResult, b: OptimizationResult): void {
  expect(a.trials.length).toBe(b.trials.length);
  a.trials.forEach((t, i) => {
    expect(t.parameters).toEqual(b.trials[i].parameters);
    // Object.is: NaN scores (sets without trades) must stay NaN, and every number bit-identical.
    expect(Object.is(t.inSampleScore, b.trials[i].inSampleScore)).toBe(true);
    expect(Object.is(t.outOfSampleScore, b.trials[i].outOfSampleScore)).toBe(true);
    expect(t.inSample).toEqual(b.trials[i].inSample);
  });
  expect(a.best.parameters).toEqual(b.best.parameters);
  expect(Object.is(a.deflatedSharpeRatio, b.deflatedSharpeRatio)).toBe(true);
  expect(a.skippedByConstraints).toBe(b.skippedByConstraints);
}

describe('parallelOptimize', () => {
  const pool = new WorkerPoolExecutor(1);
  afterAll(() => pool.close());
  const request: OptimizeRequest = {
    series: [loadSharedData('GOOG.csv')],
    strategyId: 'sma_crossover',
    parameterRanges: { fast: { min: 2, max: 40, step: 1 }, slow: { min: 10, max: 200, step: 10 } },
    constraints: ['fast < slow'],
    config: { initialCapital: 10_000, commission: { rate: 0.001 } },
  };

  it('equals optimize() on one thread, trial for trial, with a thread of the pool claiming chunks', async () => {
    expectSameResult(await parallelOptimize(request, pool), optimize(request));
  });

  it('runs a seeded random search and a Bayesian search to the same result as optimize()', async () => {
    const random = { ...request, method: 'random' as const, maxIterations: 150, seed: 4 };
    expectSameResult(await parallelOptimize(random, pool), optimize(random));
    const bayes = { ...request, method: 'bayesian' as const, maxIterations: 40, seed: 4 };
    expectSameResult(await parallelOptimize(bayes, pool), optimize(bayes));
  });

  /** A pool of one thread that claims one chunk of the sweep and then fails with `error`. */
  const failingPool = (error: Error): Executor & { size: number } => ({
    kind: 'worker_pool',
    hardware: 'test: a thread that fails',
    size: 1,
    supports: () => true,
    run: (_task, input) => {
      const chunk = input as SweepChunk;
      Atomics.add(chunk.next, 0, chunk.chunkSize);
      return Promise.reject(error);
    },
    close: async () => undefined,
  });

  it('puts trials evaluated by a pool thread back in candidate order', async () => {
    // A pool that runs its part at once, in this thread, before this thread plans: it claims every chunk.
    const eager: Executor & { size: number } = {
      kind: 'worker_pool',
      hardware: 'test: runs at once',
      size: 1,
      supports: () => true,
      run: (task, input) => Promise.resolve(runComputeTask(task as 'sweep_chunk', input as SweepChunk)) as never,
      close: async () => undefined,
    };
    expectSameResult(await parallelOptimize({ ...request, inSampleFraction: 0.6 }, eager), optimize({ ...request, inSampleFraction: 0.6 }));
  });

  it('evaluates here the chunks a pool thread claimed before it died, to the same result', async () => {
    expectSameResult(await parallelOptimize(request, failingPool(new ExecutorUnavailableError('worker_pool', 'the worker exited'))), optimize(request));
  });

  it('rejects with an error of the task itself', async () => {
    await expect(parallelOptimize(request, failingPool(new ValidationError('parameter_ranges', 'x', 'y')))).rejects.toThrow(/parameter_ranges/);
  });

  it('on cancel, rejects and leaves the pool threads nothing more to claim', async () => {
    const sent: SweepChunk[] = [];
    const idle: Executor & { size: number } = {
      kind: 'worker_pool',
      hardware: 'test: a thread that has not started yet',
      size: 1,
      supports: () => true,
      run: (_task, input) => {
        sent.push(input as SweepChunk);
        return Promise.resolve({ starts: new Int32Array(0), trials: new Float64Array(0) }) as never;
      },
      close: async () => undefined,
    };
    let polls = 0;
    await expect(parallelOptimize({ ...request, shouldCancel: () => ++polls > 3 }, idle)).rejects.toThrow(CancelledError);
    // A thread that starts now claims past the end at once.
    expect(Atomics.add(sent[0].next, 0, sent[0].chunkSize)).toBeGreaterThanOrEqual(optimize(request).trials.length);
  });
});
