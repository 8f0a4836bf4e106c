import { TaskInput, TaskName, TaskOutput } from './tasks';

/** The three kinds of executor the router chooses between. */
export type ExecutorKind = 'main_thread' | 'worker_pool' | 'onnx_session';

/** Runs tasks somewhere and says where; the router picks one per job. */
export interface Executor {
  readonly kind: ExecutorKind;
  /** What runs the jobs, as reported in `hardware_used` (e.g. 'cpu: main thread', 'onnxruntime cuda'). */
  readonly hardware: string;
  /** Returns whether this executor can run `task` at all. */
  supports(task: TaskName): boolean;
  /**
   * Runs `task` on `input`. Throws ExecutorUnavailableError when this executor cannot run it (a
   * provider that fails to load, a worker that dies), which lets the router fall back; errors of
   * the task itself, such as a ValidationError of its input, propagate unchanged.
   */
  run<K extends TaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>>;
  /** Releases threads and sessions; the executor rejects jobs afterwards. */
  close(): Promise<void>;
}
