import type * as OrtModule from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { encodeLogisticRegression } from '../onnx/logistic-regression';

/** The onnxruntime-node module, loaded only when present. */
export type OnnxRuntime = typeof OrtModule;

/** Whether onnxruntime-node loaded, with the module, or why not. */
export type OnnxLoad =
  | { readonly ok: true; readonly ort: OnnxRuntime; readonly version: string }
  | { readonly ok: false; readonly reason: string };

/** Requires a module by id; injectable so tests can simulate a missing or broken runtime. */
export type ModuleLoader = (id: string) => unknown;

let cached: OnnxLoad | undefined;

/**
 * Returns onnxruntime-node when it loads, else the reason. Loading runs the native binding, so a
 * package present without a binary for this platform is reported as not loading, not as present.
 * The default loader's result is cached for the process.
 */
export function loadOnnxRuntime(load?: ModuleLoader): OnnxLoad {
  if (load === undefined && cached) return cached;
  let result: OnnxLoad;
  try {
    const ort = (load ?? require)('onnxruntime-node') as OnnxRuntime;
    result = { ok: true, ort, version: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown' };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const first = String(e?.message ?? error).split('\n')[0];
    result = { ok: false, reason: e?.code === 'MODULE_NOT_FOUND' ? `onnxruntime-node not installed (${first})` : `onnxruntime-node failed to load: ${first}` };
  }
  if (load === undefined) cached = result;
  return result;
}

/** An execution provider configuration, with the label reported as `provider`. */
export interface OnnxProvider {
  readonly label: string;
  /** The backend name in `listSupportedBackends()` that must be listed for this provider to load. */
  readonly backend: string;
  readonly config: InferenceSession.ExecutionProviderConfig;
}

/** onnxruntime's own CPU kernels, always compiled in. */
export const CPU_PROVIDER: OnnxProvider = { label: 'cpu', backend: 'cpu', config: 'cpu' };
/** NVIDIA CUDA; needs the provider library onnxruntime-node downloads only when its CUDA install is enabled. */
export const CUDA_PROVIDER: OnnxProvider = { label: 'cuda', backend: 'cuda', config: 'cuda' };
// CoreML flags from onnxruntime's coreml_provider_factory.h.
const COREML_FLAG_ONLY_ENABLE_DEVICE_WITH_ANE = 0x004;
const COREML_FLAG_USE_CPU_AND_GPU = 0x020;
/** CoreML enabled only on devices with a Neural Engine; CoreML itself places each op on the ANE, GPU or CPU. */
export const COREML_NEURAL_ENGINE_PROVIDER: OnnxProvider = {
  label: 'coreml:neural_engine',
  backend: 'coreml',
  config: { name: 'coreml', coreMlFlags: COREML_FLAG_ONLY_ENABLE_DEVICE_WITH_ANE },
};
/** CoreML restricted to CPU and GPU (Metal), leaving the Neural Engine out. */
export const COREML_GPU_PROVIDER: OnnxProvider = { label: 'coreml:gpu', backend: 'coreml', config: { name: 'coreml', coreMlFlags: COREML_FLAG_USE_CPU_AND_GPU } };

let probeModel: Uint8Array | undefined;

/**
 * Creates a session of a one-weight model with `provider` alone and runs one row through it;
 * returns undefined when both succeed, else onnxruntime's error text. A provider that cannot load
 * its library fails here, at session creation, with the library's name in the message.
 */
export async function probeProvider(ort: OnnxRuntime, provider: OnnxProvider): Promise<string | undefined> {
  probeModel ??= encodeLogisticRegression({ weights: [1], bias: 0 }, 'probe');
  let session: InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(probeModel, { executionProviders: [provider.config], logSeverityLevel: 3 });
    await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.of(0.5), [1, 1]) });
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error).split('\n')[0];
  } finally {
    await session?.release();
  }
}
