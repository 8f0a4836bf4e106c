import {
  blockBootstrapStatistics,
  equityBandSteps,
  evaluateClaimed,
  monteCarlo,
  MonteCarloRequest,
  MonteCarloResult,
  optimize,
  OptimizationResult,
  OptimizeRequest,
  packTrials,
  PathPlan,
  PathStatistics,
  PreparedSearch,
  prepareSearch,
  simulateBlocks,
  stressTest,
  StressTestRequest,
  StressTestResult,
} from '@nautilus/analytics';
import { buildFeatureMatrix, FeatureSpec, ValidationError } from '@nautilus/domain';

/** A parameter search without its in-process hooks, which cannot cross to a worker thread. */
export type SweepRequest = Omit<OptimizeRequest, 'registry' | 'onProgress' | 'shouldCancel'>;

/** One thread's part in the sweep `sweepId`: it claims candidate sets `chunkSize` at a time from `next` until none is left. */
export interface SweepChunk {
  readonly sweepId: string;
  readonly request: SweepRequest;
  /** Index of the next unclaimed candidate set, shared by the sweep's threads (an Int32Array on a SharedArrayBuffer). */
  readonly next: Int32Array;
  readonly chunkSize: number;
}

/** What a thread of a sweep evaluated: the first candidate index of each chunk it claimed, and the chunks' trials packed by `packTrials`. */
export interface SweepChunkResult {
  readonly starts: Int32Array;
  readonly trials: Float64Array;
}

/** Blocks [fromBlock, toBlock) of an i.i.d. bootstrap study (see blockBootstrapStatistics). */
export interface BootstrapBlocks {
  readonly returns: Float64Array;
  readonly nPaths: number;
  readonly nSteps: number;
  readonly seed: number;
  readonly periodsPerYear: number;
  readonly fromBlock: number;
  readonly toBlock: number;
}

/**
 * Blocks [fromBlock, toBlock) of a Monte Carlo study (see simulateBlocks), which write their equity
 * paths into `equity`: a matrix on a SharedArrayBuffer, so that every thread of a split fills the
 * one matrix the bands are then read from.
 */
export interface MonteCarloBlocks {
  readonly plan: PathPlan;
  readonly fromBlock: number;
  readonly toBlock: number;
  readonly equity: Float64Array;
}

/** Steps [fromStep, toStep) of the percentile bands of a study's shared equity matrix (see equityBandSteps). */
export interface EquityBands {
  readonly equity: Float64Array;
  readonly nPaths: number;
  readonly bands: readonly number[];
  readonly fromStep: number;
  readonly toStep: number;
}

/** One batched inference: `rows` × `columns` float32 features through the model at `modelPath`. */
export interface InferenceRequest {
  readonly modelPath: string;
  readonly input: Float32Array;
  readonly rows: number;
  readonly columns: number;
}

/** The model's first output, row-major `rows` × `columns`, and the provider that computed it. */
export interface InferenceResult {
  readonly values: Float32Array;
  readonly columns: number;
  readonly provider: string;
}

/** Every task an executor can run, by name, with its input and output. */
export interface TaskMap {
  parameter_sweep: { input: SweepRequest; output: OptimizationResult };
  /** Trials come back packed by `packTrials`: one buffer instead of thousands of objects to clone. */
  sweep_chunk: { input: SweepChunk; output: SweepChunkResult };
  bootstrap_blocks: { input: BootstrapBlocks; output: PathStatistics };
  monte_carlo_blocks: { input: MonteCarloBlocks; output: PathStatistics };
  equity_bands: { input: EquityBands; output: Float64Array };
  monte_carlo: { input: MonteCarloRequest; output: MonteCarloResult };
  /** A stress test of a built-in strategy (a registry of user strategies cannot cross threads). */
  stress_test: { input: Omit<StressTestRequest, 'registry'>; output: StressTestResult };
  feature_matrix: { input: { readonly close: Float64Array; readonly spec: FeatureSpec }; output: Float32Array };
  onnx_inference: { input: InferenceRequest; output: InferenceResult };
}

export type TaskName = keyof TaskMap;
export type TaskInput<K extends TaskName> = TaskMap[K]['input'];
export type TaskOutput<K extends TaskName> = TaskMap[K]['output'];

/** Tasks that are plain functions of transferable data: the main thread and workers run the same ones. */
export type ComputeTaskName = Exclude<TaskName, 'onnx_inference'>;

/** The compute tasks, each a call into the libraries' own facades and kernels. */
export const COMPUTE_TASKS: { readonly [K in ComputeTaskName]: (input: TaskInput<K>) => TaskOutput<K> } = {
  parameter_sweep: (request) => optimize(request),
  sweep_chunk: (chunk) => evaluateChunk(chunk),
  bootstrap_blocks: (b) => blockBootstrapStatistics(b.returns, b.nPaths, b.nSteps, b.seed, b.periodsPerYear, b.fromBlock, b.toBlock),
  monte_carlo_blocks: (b) => simulateBlocks(b.plan, b.fromBlock, b.toBlock, shared(b.equity)),
  equity_bands: (b) => equityBandSteps(shared(b.equity), b.nPaths, b.bands, b.fromStep, b.toStep),
  monte_carlo: (request) => monteCarlo(request),
  stress_test: (request) => stressTest(request),
  feature_matrix: ({ close, spec }) => buildFeatureMatrix(close, spec),
};

/** Returns `equity` when it is shared memory: a worker given a copy would drop its writes (blocks) or copy the whole matrix (bands). */
function shared(equity: Float64Array): Float64Array {
  if (!(equity.buffer instanceof SharedArrayBuffer)) throw new ValidationError('equity', 'a Float64Array on a SharedArrayBuffer', equity.buffer.constructor.name);
  return equity;
}

// The last sweep is kept prepared, so that its later chunks on this thread reuse its indicator cache.
let lastSweep: { id: string; search: PreparedSearch } | undefined;

/** Evaluates the chunks this thread claims; planning is deterministic, so every thread sees the same candidate order. */
function evaluateChunk(chunk: SweepChunk): SweepChunkResult {
  if (lastSweep?.id !== chunk.sweepId) lastSweep = { id: chunk.sweepId, search: prepareSearch(chunk.request) };
  const { evaluator, sets } = lastSweep.search;
  const { starts, trials } = evaluateClaimed(evaluator, sets, chunk.next, chunk.chunkSize);
  return { starts: Int32Array.from(starts), trials: packTrials(trials) };
}

/** Returns whether `task` is one of {@link COMPUTE_TASKS}. */
export function isComputeTask(task: TaskName): task is ComputeTaskName {
  return Object.prototype.hasOwnProperty.call(COMPUTE_TASKS, task);
}

/** Runs compute task `task` on this thread. */
export function runComputeTask<K extends ComputeTaskName>(task: K, input: TaskInput<K>): TaskOutput<K> {
  return (COMPUTE_TASKS[task] as (input: TaskInput<K>) => TaskOutput<K>)(input);
}
