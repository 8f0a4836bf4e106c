import { ValidationError } from '@nautilus/domain';

/** One environment switch: its value, and whether it came from the environment or the default. */
export interface HardwareFlag {
  readonly name: string;
  readonly value: boolean;
  readonly source: 'env' | 'default';
}

/**
 * The environment switches of the router. Each one only allows a use; what is used also has to
 * exist and load on this machine, so an allowed accelerator can still be reported unavailable.
 */
export interface HardwareFlags {
  /** AUTO_HARDWARE_ROUTING: route jobs to worker threads and accelerators; off keeps compute on the main thread and inference on the CPU provider. */
  readonly autoRouting: HardwareFlag;
  /** NEURAL_ENGINE_ENABLED: allow the CoreML provider to use the Apple Neural Engine. */
  readonly neuralEngine: HardwareFlag;
  /** METAL_GPU_ENABLED: allow the CoreML provider to use the GPU through Metal. */
  readonly metalGpu: HardwareFlag;
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

function parseFlag(env: NodeJS.ProcessEnv, name: string): HardwareFlag {
  const raw = env[name]?.trim().toLowerCase();
  // Unset means allowed: the router then uses whatever the probes find, which is the point of detection.
  if (raw === undefined || raw === '') return { name, value: true, source: 'default' };
  if (TRUE.includes(raw)) return { name, value: true, source: 'env' };
  if (FALSE.includes(raw)) return { name, value: false, source: 'env' };
  throw new ValidationError(name, `one of ${[...TRUE, ...FALSE].join(', ')}`, JSON.stringify(env[name]));
}

/** Returns the router's switches read from `env`, the one place they are parsed; throws {@link ValidationError} naming a malformed one. */
export function parseHardwareFlags(env: NodeJS.ProcessEnv = process.env): HardwareFlags {
  return {
    autoRouting: parseFlag(env, 'AUTO_HARDWARE_ROUTING'),
    neuralEngine: parseFlag(env, 'NEURAL_ENGINE_ENABLED'),
    metalGpu: parseFlag(env, 'METAL_GPU_ENABLED'),
  };
}
