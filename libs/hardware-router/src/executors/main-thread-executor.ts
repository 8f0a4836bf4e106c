import { ExecutorUnavailableError } from '@nautilus/domain';
import { Executor } from './executor';
import { isComputeTask, runComputeTask, TaskInput, TaskName, TaskOutput } from './tasks';

/** Runs compute tasks synchronously on the calling thread: no copy, no thread start, for small jobs. */
export class MainThreadExecutor implements Executor {
  readonly kind = 'main_thread';
  readonly hardware = 'cpu: main thread';

  supports(task: TaskName): boolean {
    return isComputeTask(task);
  }

  async run<K extends TaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
    if (!isComputeTask(task)) throw new ExecutorUnavailableError(this.kind, `it does not run ${task}`);
    return runComputeTask(task, input as never) as TaskOutput<K>;
  }

  async close(): Promise<void> {
    // Nothing to release: the main thread is not ours.
  }
}
