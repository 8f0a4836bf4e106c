import { buildFeatureMatrix, DomainError, ExecutorUnavailableError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { join } from 'node:path';
import { CPU_PROVIDER, CUDA_PROVIDER, loadOnnxRuntime, OnnxRuntime } from '../detect/onnx-runtime';
import { LOGREG_RETURNS_10, logisticRegression } from '../onnx/logistic-regression';
import { MainThreadExecutor } from './main-thread-executor';
import { OnnxSessionExecutor } from './onnx-session-executor';
import { WorkerPoolExecutor } from './worker-pool-executor';

const goog = loadSharedData('GOOG.csv');
const MODEL = join(__dirname, '..', '..', '..', '..', 'models', 'logreg-returns-10.onnx');
const loaded = loadOnnxRuntime();
const ort = (loaded.ok ? loaded.ort : undefined) as OnnxRuntime;

describe('MainThreadExecutor', () => {
  it('runs compute tasks with the library functions, and refuses inference', async () => {
    const main = new MainThreadExecutor();
    const spec = { log_returns: 10 };
    expect(Array.from(await main.run('feature_matrix', { close: goog.close, spec }))).toEqual(Array.from(buildFeatureMatrix(goog.close, spec)));
    expect(main.supports('onnx_inference')).toBe(false);
    await expect(main.run('onnx_inference', { modelPath: MODEL, input: new Float32Array(10), rows: 1, columns: 10 })).rejects.toThrow(ExecutorUnavailableError);
  });
});

describe('WorkerPoolExecutor', () => {
  // A worker started from TypeScript sources compiles the libraries through tsx first: seconds, once.
  jest.setTimeout(60_000);
  const pool = new WorkerPoolExecutor(2);
  afterAll(() => pool.close());

  it('gives the same outputs as the main thread, for several jobs at once, leaving the inputs usable', async () => {
    const request = { method: 'bootstrap' as const, returns: new Float64Array(500).map((_, i) => Math.sin(i) * 0.01), nPaths: 200, nSteps: 250, seed: 7, periodsPerYear: 252 };
    const main = new MainThreadExecutor();
    const [a, b, c] = await Promise.all([
      pool.run('monte_carlo', request),
      pool.run('feature_matrix', { close: goog.close, spec: { log_returns: 5, rsi: 14 } }),
      pool.run('monte_carlo', { ...request, seed: 8 }),
    ]);
    expect(a).toEqual(await main.run('monte_carlo', request));
    expect(Array.from(b)).toEqual(Array.from(buildFeatureMatrix(goog.close, { log_returns: 5, rsi: 14 })));
    expect(c.finalReturn.mean).not.toBe(a.finalReturn.mean);
    expect(goog.close.length).toBe(goog.length);
  });

  it('returns a task error with its code and field, without falling back', async () => {
    const error = await pool.run('feature_matrix', { close: goog.close, spec: { log_returns: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(ExecutorUnavailableError);
    expect(error).toMatchObject({ name: 'ValidationError', code: 'validation_failed', field: 'features.log_returns' });
  });

  it('reports a worker that cannot start as unavailable', async () => {
    const broken = new WorkerPoolExecutor(1, { source: 'throw new Error("no entry")', eval: true, env: process.env });
    await expect(broken.run('feature_matrix', { close: goog.close, spec: { log_returns: 2 } })).rejects.toThrow(/executor 'worker_pool' unavailable: worker thread failed: no entry/);
    await broken.close();
    await expect(broken.run('feature_matrix', { close: goog.close, spec: { log_returns: 2 } })).rejects.toThrow(/closed/);
  });
});

describe('OnnxSessionExecutor', () => {
  it('runs the model in one call and reports the provider', async () => {
    const cpu = new OnnxSessionExecutor(ort, CPU_PROVIDER);
    const input = buildFeatureMatrix(goog.close, { log_returns: 10 });
    const out = await cpu.run('onnx_inference', { modelPath: MODEL, input, rows: goog.length, columns: 10 });
    expect(out.provider).toBe('cpu');
    expect(out.columns).toBe(1);
    const expected = logisticRegression(LOGREG_RETURNS_10, input, goog.length);
    for (let t = 10; t < goog.length; t++) expect(Math.abs(out.values[t] - expected[t])).toBeLessThan(1e-6);
    expect(out.values[0]).toBeNaN();
    await cpu.close();
  });

  it('rejects features the model does not take, and a file that is no model', async () => {
    const cpu = new OnnxSessionExecutor(ort, CPU_PROVIDER);
    await expect(cpu.run('onnx_inference', { modelPath: MODEL, input: new Float32Array(5), rows: 1, columns: 5 })).rejects.toThrow(/features: expected 10 feature columns/);
    await expect(cpu.run('onnx_inference', { modelPath: __filename, input: new Float32Array(10), rows: 1, columns: 10 })).rejects.toThrow(/model: expected an ONNX model onnxruntime can load/);
    await cpu.close();
  });

  it('turns an accelerator session that cannot be created into ExecutorUnavailableError', async () => {
    const failing = { ...ort, InferenceSession: { create: () => Promise.reject(new Error('Failed to load shared library')) } } as unknown as OnnxRuntime;
    const cuda = new OnnxSessionExecutor(failing, CUDA_PROVIDER);
    await expect(cuda.run('onnx_inference', { modelPath: MODEL, input: new Float32Array(10), rows: 1, columns: 10 })).rejects.toThrow(
      new ExecutorUnavailableError('onnx_session', 'session with the cuda provider failed: Failed to load shared library'),
    );
  });
});
