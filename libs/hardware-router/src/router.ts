import { ExecutorUnavailableError, ValidationError } from '@nautilus/domain';
import { performance } from 'node:perf_hooks';
import { ACCELERATOR_ORDER, acceleratorProvider, DetectOptions, HardwareProfile, probeHardware } from './detect/detect-hardware';
import { CPU_PROVIDER, loadOnnxRuntime, OnnxProvider } from './detect/onnx-runtime';
import { Executor, ExecutorKind } from './executors/executor';
import { MainThreadExecutor } from './executors/main-thread-executor';
import { OnnxSessionExecutor } from './executors/onnx-session-executor';
import { TaskInput, TaskName, TaskOutput } from './executors/tasks';
import { WorkerPoolExecutor } from './executors/worker-pool-executor';

/**
 * The kinds of job the router places, each with the unit of its size hint:
 * - `parameter_sweep`: bars × parameter sets;
 * - `monte_carlo`: paths × steps;
 * - `data_processing`: values read (bars × columns);
 * - `model_inference`: rows of the batch.
 */
export type WorkloadType = 'parameter_sweep' | 'monte_carlo' | 'model_inference' | 'data_processing';

const WORKLOADS: readonly WorkloadType[] = ['parameter_sweep', 'monte_carlo', 'model_inference', 'data_processing'];

/** Where a job goes, why, and what is tried next if that executor turns out unavailable. */
export interface RouteDecision {
  readonly workload: WorkloadType;
  readonly sizeHint: number;
  readonly executor: Executor;
  readonly reason: string;
  readonly fallbacks: readonly Executor[];
}

/** One executed job, as measured. */
export interface JobRecord {
  readonly job: number;
  readonly workload: WorkloadType;
  readonly task: TaskName;
  readonly size_hint: number;
  readonly executor: ExecutorKind;
  readonly hardware_used: string;
  /** Wall time of the run on the executor that completed it, inputs' copy and outputs' return included. */
  readonly ms: number;
  readonly reason: string;
  /** Executors tried before, with why each could not run the job. */
  readonly fell_back_from: readonly { readonly hardware: string; readonly error: string }[];
}

/** Builders of the executors, replaceable in tests. */
export interface ExecutorFactories {
  mainThread(): Executor;
  workerPool(size: number): Executor;
  onnxSession(provider: OnnxProvider): Executor;
}

/** Tuning of {@link HardwareRouter}. */
export interface RouterOptions {
  /**
   * Size from which compute jobs go to the worker pool (default 250,000 cells). A warm worker's
   * round trip measured 1–4 ms, about what 250,000 cells of the lightest task (feature building)
   * take; a Monte Carlo study of that size takes tens of milliseconds, which the main thread then
   * spends serving requests instead.
   */
  readonly minWorkerCells?: number;
  /**
   * Rows from which inference goes to an accelerator (default 10,000). The CPU provider ran 50,000
   * rows of the shipped model in about 1 ms, so a smaller batch leaves a device copy little to win.
   * The value is a judgement, not a measurement: no accelerator was present where we benchmarked.
   */
  readonly minAcceleratorRows?: number;
  /** Executed jobs kept by {@link HardwareRouter.jobs} (default 256), oldest dropped first. */
  readonly historyLimit?: number;
  readonly factories?: Partial<ExecutorFactories>;
}

function defaultFactories(): ExecutorFactories {
  return {
    mainThread: () => new MainThreadExecutor(),
    workerPool: (size) => new WorkerPoolExecutor(size),
    onnxSession: (provider) => {
      const loaded = loadOnnxRuntime();
      if (!loaded.ok) throw new ExecutorUnavailableError('onnx_session', loaded.reason);
      return new OnnxSessionExecutor(loaded.ort, provider);
    },
  };
}

/**
 * Places each job on an executor from what {@link probeHardware} found and what the switches
 * allow, runs it there with a fallback chain, and records the hardware used and the time taken.
 * Executors are created on first use and shared by later jobs.
 */
export class HardwareRouter {
  private readonly factories: ExecutorFactories;
  private readonly executors = new Map<string, Executor>();
  private readonly records: JobRecord[] = [];
  private readonly minWorkerCells: number;
  private readonly minAcceleratorRows: number;
  private readonly historyLimit: number;
  private nextJob = 1;

  constructor(
    readonly profile: HardwareProfile,
    options: RouterOptions = {},
  ) {
    this.factories = { ...defaultFactories(), ...options.factories };
    this.minWorkerCells = options.minWorkerCells ?? 250_000;
    this.minAcceleratorRows = options.minAcceleratorRows ?? 10_000;
    this.historyLimit = options.historyLimit ?? 256;
  }

  /** Returns a router over a freshly probed profile. */
  static async create(options: RouterOptions & { readonly detect?: DetectOptions } = {}): Promise<HardwareRouter> {
    return new HardwareRouter(await probeHardware(options.detect), options);
  }

  /**
   * Returns the executor for a job of `workload` and size `sizeHint` (units in {@link WorkloadType}),
   * the reason, and the fallbacks. Throws {@link ExecutorUnavailableError} for inference when
   * onnxruntime cannot run at all here.
   */
  route(workload: WorkloadType, sizeHint: number): RouteDecision {
    if (!WORKLOADS.includes(workload)) throw new ValidationError('workload', WORKLOADS.join(', '), String(workload));
    if (!(sizeHint >= 0)) throw new ValidationError('size_hint', 'a number ≥ 0', String(sizeHint));
    const decide = (executor: Executor, reason: string, fallbacks: Executor[] = []): RouteDecision => ({ workload, sizeHint, executor, reason, fallbacks });
    const { flags } = this.profile;
    if (workload === 'model_inference') return this.routeInference(sizeHint, decide);

    const main = this.executor('main_thread', () => this.factories.mainThread());
    if (!flags.autoRouting.value) return decide(main, 'AUTO_HARDWARE_ROUTING=false: compute stays on the main thread');
    if (!this.profile.workerThreads || this.profile.workerPoolSize < 1) return decide(main, 'no worker threads on this runtime');
    if (sizeHint < this.minWorkerCells) {
      return decide(main, `${sizeHint} cells < ${this.minWorkerCells}: copying inputs to a worker would cost about what the job does`);
    }
    const size = this.profile.workerPoolSize;
    const pool = this.executor('worker_pool', () => this.factories.workerPool(size));
    return decide(pool, `${sizeHint} cells ≥ ${this.minWorkerCells}: ${size} worker thread${size === 1 ? '' : 's'} (of ${this.profile.parallelism} CPUs), main thread kept free`, [main]);
  }

  /**
   * Routes and runs `task`, falling back along the chain when an executor is unavailable, and
   * returns the output with the job's record. Errors of the task itself are not retried.
   */
  async run<K extends TaskName>(workload: WorkloadType, sizeHint: number, task: K, input: TaskInput<K>): Promise<{ output: TaskOutput<K>; job: JobRecord }> {
    const decision = this.route(workload, sizeHint);
    const chain = [decision.executor, ...decision.fallbacks].filter((e) => e.supports(task));
    const failed: { hardware: string; error: string }[] = [];
    for (const executor of chain) {
      const t0 = performance.now();
      try {
        const output = await executor.run(task, input);
        const job: JobRecord = {
          job: this.nextJob++,
          workload,
          task,
          size_hint: sizeHint,
          executor: executor.kind,
          hardware_used: executor.hardware,
          ms: performance.now() - t0,
          reason: failed.length ? `${decision.reason}; fell back to ${executor.hardware}` : decision.reason,
          fell_back_from: failed,
        };
        this.records.push(job);
        if (this.records.length > this.historyLimit) this.records.shift();
        return { output, job };
      } catch (error) {
        if (!(error instanceof ExecutorUnavailableError)) throw error;
        failed.push({ hardware: executor.hardware, error: error.message });
      }
    }
    throw new ExecutorUnavailableError(workload, failed.length ? failed.map((f) => `${f.hardware}: ${f.error}`).join('; ') : `no executor runs ${task}`);
  }

  /** Returns the latest executed jobs, oldest first. */
  jobs(): readonly JobRecord[] {
    return [...this.records];
  }

  /** Closes every executor the router created (worker threads, ONNX sessions). */
  async close(): Promise<void> {
    const all = [...this.executors.values()];
    this.executors.clear();
    await Promise.all(all.map((e) => e.close()));
  }

  private routeInference(rows: number, decide: (executor: Executor, reason: string, fallbacks?: Executor[]) => RouteDecision): RouteDecision {
    const { onnx, flags, accelerators } = this.profile;
    if (!onnx.available) throw new ExecutorUnavailableError('onnx_session', onnx.reason ?? 'onnxruntime-node unavailable');
    if (onnx.probed && !onnx.providers.includes(CPU_PROVIDER.label) && !ACCELERATOR_ORDER.some((a) => accelerators[a].available)) {
      throw new ExecutorUnavailableError('onnx_session', `no provider ran a session (cpu: ${onnx.cpuError ?? 'failed'})`);
    }
    const cpu = this.onnxExecutor(CPU_PROVIDER);
    if (!flags.autoRouting.value) return decide(cpu, 'AUTO_HARDWARE_ROUTING=false: the CPU provider');
    const ready = ACCELERATOR_ORDER.filter((a) => accelerators[a].available);
    if (ready.length === 0) {
      return decide(cpu, `CPU provider; no accelerator available (${ACCELERATOR_ORDER.map((a) => `${a}: ${accelerators[a].reason}`).join('; ')})`);
    }
    if (rows < this.minAcceleratorRows) {
      return decide(cpu, `${rows} rows < ${this.minAcceleratorRows}: the CPU provider answers before a copy to ${ready[0]} would`);
    }
    const [first, ...rest] = ready.map((a) => this.onnxExecutor(acceleratorProvider(a)));
    return decide(first, `${rows} rows ≥ ${this.minAcceleratorRows}: ${ready[0]} (${accelerators[ready[0]].reason})`, [...rest, cpu]);
  }

  private onnxExecutor(provider: OnnxProvider): Executor {
    return this.executor(`onnx:${provider.label}`, () => this.factories.onnxSession(provider));
  }

  private executor(key: string, create: () => Executor): Executor {
    let e = this.executors.get(key);
    if (!e) {
      e = create();
      this.executors.set(key, e);
    }
    return e;
  }
}
