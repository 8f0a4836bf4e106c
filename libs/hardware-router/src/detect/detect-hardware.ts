import { availableParallelism, cpus } from 'node:os';

/** What this machine offers for heavy work, as probed at call time. */
export interface HardwareProfile {
  /** Logical CPUs the OS reports. */
  readonly logicalCpus: number;
  /** CPUs Node recommends for parallel work (respects cgroup limits). */
  readonly parallelism: number;
  readonly cpuModel: string;
  readonly workerThreads: boolean;
  /** ONNX Runtime for Node: installed or not; providers are listed only when it loads. */
  readonly onnx: { readonly available: boolean; readonly providers: readonly string[]; readonly reason?: string };
}

/** Returns the hardware profile; an accelerator that cannot be loaded is reported absent with the reason. */
export function detectHardware(resolve: (id: string) => string = require.resolve): HardwareProfile {
  let workerThreads = true;
  try {
    resolve('node:worker_threads');
  } catch {
    workerThreads = false;
  }
  let onnx: HardwareProfile['onnx'];
  try {
    resolve('onnxruntime-node');
    // Loading the native binding is what proves the CPU provider; listing GPUs would need a session.
    onnx = { available: true, providers: ['cpu'] };
  } catch (error) {
    onnx = { available: false, providers: [], reason: `onnxruntime-node not installed (${(error as Error).message.split('\n')[0]})` };
  }
  const list = cpus();
  return {
    logicalCpus: list.length,
    parallelism: availableParallelism(),
    cpuModel: list[0]?.model ?? 'unknown',
    workerThreads,
    onnx,
  };
}
