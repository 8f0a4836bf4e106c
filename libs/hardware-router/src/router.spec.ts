import { ExecutorUnavailableError, ValidationError } from '@nautilus/domain';
import { AcceleratorName, AcceleratorStatus, HardwareProfile } from './detect/detect-hardware';
import { parseHardwareFlags } from './detect/hardware-flags';
import { OnnxProvider } from './detect/onnx-runtime';
import { Executor, ExecutorKind } from './executors/executor';
import { isComputeTask, TaskName } from './executors/tasks';
import { HardwareRouter } from './router';

const absent = (reason: string, provider: string): AcceleratorStatus => ({ allowed: true, available: false, reason, provider });
const present = (provider: string): AcceleratorStatus => ({ allowed: true, available: true, reason: 'a session was created and ran', provider });

/** A profile as detection would report it, with the parts a test changes. */
function profile(overrides: { env?: NodeJS.ProcessEnv; pool?: number; onnx?: Partial<HardwareProfile['onnx']>; accelerators?: Partial<Record<AcceleratorName, AcceleratorStatus>> } = {}): HardwareProfile {
  return {
    platform: 'linux',
    arch: 'x64',
    logicalCpus: 8,
    parallelism: 8,
    cpuModel: 'test CPU',
    workerThreads: true,
    workerPoolSize: overrides.pool ?? 7,
    flags: parseHardwareFlags(overrides.env ?? {}),
    onnx: { available: true, version: '1.30.0', backends: [], probed: true, providers: ['cpu'], ...overrides.onnx },
    accelerators: {
      cuda: absent('session with the cuda provider failed: Failed to load shared library', 'cuda'),
      neural_engine: absent('the Neural Engine is Apple hardware; this is linux', 'coreml:neural_engine'),
      metal_gpu: absent('Metal (through CoreML) is macOS only; this is linux', 'coreml:gpu'),
      ...overrides.accelerators,
    },
  };
}

/** An executor that records its calls and fails with `failure` when given one. */
class FakeExecutor implements Executor {
  readonly calls: TaskName[] = [];
  closed = false;
  constructor(
    readonly kind: ExecutorKind,
    readonly hardware: string,
    private readonly failure?: Error,
  ) {}
  supports(task: TaskName): boolean {
    return this.kind === 'onnx_session' ? task === 'onnx_inference' : isComputeTask(task);
  }
  async run(task: TaskName): Promise<never> {
    this.calls.push(task);
    if (this.failure) throw this.failure;
    return `${this.hardware} did ${task}` as never;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function fakes(failing: Record<string, Error> = {}) {
  const made = new Map<string, FakeExecutor>();
  const make = (key: string, kind: ExecutorKind, hardware: string) => {
    const e = new FakeExecutor(kind, hardware, failing[key]);
    made.set(key, e);
    return e;
  };
  return {
    made,
    factories: {
      mainThread: () => make('main', 'main_thread', 'cpu: main thread'),
      workerPool: (size: number) => make('pool', 'worker_pool', `cpu: pool of ${size} worker threads`),
      onnxSession: (p: OnnxProvider) => make(p.label, 'onnx_session', `onnxruntime ${p.label}`),
    },
  };
}

describe('HardwareRouter.route', () => {
  it('keeps small compute jobs on the main thread and sends large ones to the pool, with the main thread as fallback', () => {
    const router = new HardwareRouter(profile(), { factories: fakes().factories, minWorkerCells: 1000 });
    const small = router.route('parameter_sweep', 999);
    expect(small.executor.kind).toBe('main_thread');
    expect(small.reason).toBe('999 cells < 1000: copying inputs to a worker would cost about what the job does');
    expect(small.fallbacks).toEqual([]);
    const large = router.route('monte_carlo', 1000);
    expect(large.executor.kind).toBe('worker_pool');
    expect(large.executor.hardware).toBe('cpu: pool of 7 worker threads');
    expect(large.reason).toBe('1000 cells ≥ 1000: 7 worker threads (of 8 CPUs), main thread kept free');
    expect(large.fallbacks.map((e) => e.kind)).toEqual(['main_thread']);
    expect(router.route('data_processing', 5000).executor).toBe(large.executor);
  });

  it('keeps compute on the main thread when routing is switched off or there are no workers', () => {
    const off = new HardwareRouter(profile({ env: { AUTO_HARDWARE_ROUTING: 'false' } }), { factories: fakes().factories, minWorkerCells: 1 });
    expect(off.route('parameter_sweep', 1e9)).toMatchObject({ reason: 'AUTO_HARDWARE_ROUTING=false: compute stays on the main thread', fallbacks: [] });
    const none = new HardwareRouter({ ...profile(), workerThreads: false, workerPoolSize: 0 }, { factories: fakes().factories, minWorkerCells: 1 });
    expect(none.route('monte_carlo', 1e9).executor.kind).toBe('main_thread');
  });

  it('uses the CPU provider for inference when no accelerator is available, and says why for each', () => {
    const router = new HardwareRouter(profile(), { factories: fakes().factories });
    const d = router.route('model_inference', 1e6);
    expect(d.executor.hardware).toBe('onnxruntime cpu');
    expect(d.reason).toMatch(/^CPU provider; no accelerator available \(cuda: session with the cuda provider failed: Failed to load shared library; neural_engine: the Neural Engine/);
  });

  it('sends large batches to the first available accelerator, small ones to the CPU, with the CPU last in the chain', () => {
    const router = new HardwareRouter(profile({ accelerators: { cuda: present('cuda'), metal_gpu: present('coreml:gpu') } }), { factories: fakes().factories, minAcceleratorRows: 100 });
    const large = router.route('model_inference', 100);
    expect(large.executor.hardware).toBe('onnxruntime cuda');
    expect(large.fallbacks.map((e) => e.hardware)).toEqual(['onnxruntime coreml:gpu', 'onnxruntime cpu']);
    const small = router.route('model_inference', 99);
    expect(small.executor.hardware).toBe('onnxruntime cpu');
    expect(small.reason).toBe('99 rows < 100: the CPU provider answers before a copy to cuda would');
  });

  it('prefers the Neural Engine to the GPU on a Mac, and honours the switch that turns routing off', () => {
    const mac = profile({ accelerators: { neural_engine: present('coreml:neural_engine'), metal_gpu: present('coreml:gpu') } });
    expect(new HardwareRouter(mac, { factories: fakes().factories, minAcceleratorRows: 1 }).route('model_inference', 10).executor.hardware).toBe('onnxruntime coreml:neural_engine');
    const off = new HardwareRouter({ ...mac, flags: parseHardwareFlags({ AUTO_HARDWARE_ROUTING: 'false' }) }, { factories: fakes().factories, minAcceleratorRows: 1 });
    expect(off.route('model_inference', 10)).toMatchObject({ reason: 'AUTO_HARDWARE_ROUTING=false: the CPU provider', fallbacks: [] });
  });

  it('refuses inference without onnxruntime, and bad workloads or sizes', () => {
    const router = new HardwareRouter(profile({ onnx: { available: false, reason: 'onnxruntime-node not installed', providers: [] } }), { factories: fakes().factories });
    expect(() => router.route('model_inference', 10)).toThrow(new ExecutorUnavailableError('onnx_session', 'onnxruntime-node not installed'));
    expect(() => router.route('rendering' as never, 10)).toThrow(ValidationError);
    expect(() => router.route('monte_carlo', NaN)).toThrow(/size_hint/);
  });
});

describe('HardwareRouter.run', () => {
  it('records the hardware used and the measured time of every job', async () => {
    const router = new HardwareRouter(profile(), { factories: fakes().factories, minWorkerCells: 1000 });
    const { output, job } = await router.run('monte_carlo', 5000, 'monte_carlo', {} as never);
    expect(output).toBe('cpu: pool of 7 worker threads did monte_carlo');
    expect(job).toMatchObject({ job: 1, workload: 'monte_carlo', task: 'monte_carlo', size_hint: 5000, executor: 'worker_pool', hardware_used: 'cpu: pool of 7 worker threads', fell_back_from: [] });
    expect(job.ms).toBeGreaterThanOrEqual(0);
    await router.run('data_processing', 10, 'feature_matrix', {} as never);
    expect(router.jobs().map((j) => [j.job, j.hardware_used])).toEqual([
      [1, 'cpu: pool of 7 worker threads'],
      [2, 'cpu: main thread'],
    ]);
  });

  it('falls back along the chain when an executor is unavailable, and says so', async () => {
    const { factories, made } = fakes({ cuda: new ExecutorUnavailableError('onnx_session', 'session with the cuda provider failed: out of memory') });
    const router = new HardwareRouter(profile({ accelerators: { cuda: present('cuda') } }), { factories, minAcceleratorRows: 1 });
    const { output, job } = await router.run('model_inference', 50, 'onnx_inference', {} as never);
    expect(output).toBe('onnxruntime cpu did onnx_inference');
    expect(job.hardware_used).toBe('onnxruntime cpu');
    expect(job.fell_back_from).toEqual([{ hardware: 'onnxruntime cuda', error: "executor 'onnx_session' unavailable: session with the cuda provider failed: out of memory" }]);
    expect(job.reason).toMatch(/; fell back to onnxruntime cpu$/);
    expect(made.get('cuda')?.calls).toEqual(['onnx_inference']);
  });

  it('does not retry errors of the task itself, and fails when the whole chain is unavailable', async () => {
    const bad = new ValidationError('features', '10 columns', '5');
    const router = new HardwareRouter(profile(), { factories: fakes({ pool: bad }).factories, minWorkerCells: 1 });
    await expect(router.run('parameter_sweep', 10, 'parameter_sweep', {} as never)).rejects.toBe(bad);
    const down = new ExecutorUnavailableError('worker_pool', 'worker thread failed');
    const gone = new HardwareRouter(profile(), { factories: fakes({ pool: down, main: new ExecutorUnavailableError('main_thread', 'busy') }).factories, minWorkerCells: 1 });
    await expect(gone.run('monte_carlo', 10, 'monte_carlo', {} as never)).rejects.toThrow(/executor 'monte_carlo' unavailable: cpu: pool of 7 worker threads: .*worker thread failed; cpu: main thread: .*busy/);
    expect(gone.jobs()).toEqual([]);
  });

  it('keeps a bounded history and closes what it created', async () => {
    const { factories, made } = fakes();
    const router = new HardwareRouter(profile(), { factories, historyLimit: 2 });
    for (let i = 0; i < 3; i++) await router.run('data_processing', 1, 'feature_matrix', {} as never);
    expect(router.jobs().map((j) => j.job)).toEqual([2, 3]);
    await router.close();
    expect(made.get('main')?.closed).toBe(true);
  });
});

describe('HardwareRouter on this machine', () => {
  jest.setTimeout(60_000);

  it('runs a probed route end to end and reports the hardware it used', async () => {
    const router = await HardwareRouter.create({ detect: { env: {} }, minWorkerCells: 1 });
    try {
      const { job } = await router.run('data_processing', 100, 'feature_matrix', { close: Float64Array.from([1, 2, 3, 4]), spec: { log_returns: 1 } });
      expect(job.executor).toBe(router.profile.workerPoolSize > 0 ? 'worker_pool' : 'main_thread');
      expect(router.route('model_inference', 10).executor.hardware).toMatch(/^onnxruntime /);
    } finally {
      await router.close();
    }
  });
});
