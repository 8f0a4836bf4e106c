import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { HardwareFlags, parseHardwareFlags } from './hardware-flags';
import {
  COREML_GPU_PROVIDER,
  COREML_NEURAL_ENGINE_PROVIDER,
  CPU_PROVIDER,
  CUDA_PROVIDER,
  loadOnnxRuntime,
  ModuleLoader,
  OnnxProvider,
  OnnxRuntime,
  probeProvider,
} from './onnx-runtime';

/** The accelerators the router knows, each reached through an onnxruntime execution provider. */
export type AcceleratorName = 'cuda' | 'neural_engine' | 'metal_gpu';

/** What the environment allows for one accelerator and what the machine offers. */
export interface AcceleratorStatus {
  /** The environment switch allows it. */
  readonly allowed: boolean;
  /** A session was created with its provider and ran; never true without that. */
  readonly available: boolean;
  /** Why it is (un)available: the switch, the platform, the runtime's listing, or onnxruntime's error text. */
  readonly reason: string;
  /** The `provider` label it runs under. */
  readonly provider: string;
}

/** onnxruntime-node as found: whether it loads, what it lists, and which providers ran a session. */
export interface OnnxStatus {
  /** The package loads, native binding included. */
  readonly available: boolean;
  readonly version?: string;
  readonly reason?: string;
  /** `listSupportedBackends()`: what this build knows; `bundled: false` ones need a separate library. */
  readonly backends: readonly { readonly name: string; readonly bundled: boolean }[];
  /** Sessions were tried ({@link probeHardware}); until then `providers` is empty. */
  readonly probed: boolean;
  /** Provider labels with which a session was created and ran. */
  readonly providers: readonly string[];
  /** Why the CPU provider failed, when it did. */
  readonly cpuError?: string;
}

/** What this machine offers for heavy work, as probed at call time. */
export interface HardwareProfile {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** Logical CPUs the OS reports. */
  readonly logicalCpus: number;
  /** CPUs Node recommends for parallel work (respects cgroup and affinity limits). */
  readonly parallelism: number;
  readonly cpuModel: string;
  readonly workerThreads: boolean;
  /** Worker threads the pool may start: one per available CPU minus the main thread's, at least one. */
  readonly workerPoolSize: number;
  readonly flags: HardwareFlags;
  readonly onnx: OnnxStatus;
  readonly accelerators: Readonly<Record<AcceleratorName, AcceleratorStatus>>;
}

/** Inputs of detection, injectable for tests. */
export interface DetectOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly load?: ModuleLoader;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
}

interface AcceleratorRule {
  readonly provider: OnnxProvider;
  readonly flag: keyof HardwareFlags;
  /** Returns why the platform cannot have it, or undefined when it can. */
  readonly platformGap: (platform: NodeJS.Platform, arch: string) => string | undefined;
}

/** The router's preference order: the first available one takes large inference jobs. */
export const ACCELERATOR_ORDER: readonly AcceleratorName[] = ['cuda', 'neural_engine', 'metal_gpu'];

const RULES: Record<AcceleratorName, AcceleratorRule> = {
  cuda: { provider: CUDA_PROVIDER, flag: 'autoRouting', platformGap: (p) => (p === 'linux' || p === 'win32' ? undefined : `onnxruntime-node has no CUDA build for ${p}`) },
  neural_engine: {
    provider: COREML_NEURAL_ENGINE_PROVIDER,
    flag: 'neuralEngine',
    platformGap: (p, a) => (p !== 'darwin' ? `the Neural Engine is Apple hardware; this is ${p}` : a !== 'arm64' ? `the Neural Engine exists only on Apple silicon; this is ${a}` : undefined),
  },
  metal_gpu: { provider: COREML_GPU_PROVIDER, flag: 'metalGpu', platformGap: (p) => (p === 'darwin' ? undefined : `Metal (through CoreML) is macOS only; this is ${p}`) },
};

// CoreML places each op on the Neural Engine, GPU or CPU itself; a session proves CoreML runs, not where.
const COREML_CAVEAT: Partial<Record<AcceleratorName, string>> = {
  neural_engine: '; CoreML chooses per op between Neural Engine, GPU and CPU, and onnxruntime-node does not report its choice',
  metal_gpu: '; CoreML chooses per op between GPU and CPU, and onnxruntime-node does not report its choice',
};

/** The provider configuration behind an accelerator. */
export function acceleratorProvider(name: AcceleratorName): OnnxProvider {
  return RULES[name].provider;
}

function flagText(flags: HardwareFlags, key: keyof HardwareFlags): string {
  const f = flags[key];
  return `${f.name}=${f.source === 'env' ? String(f.value) : `unset (allowed by default)`}`;
}

/**
 * Returns the path of the shared library a non-bundled provider needs when it is missing from the
 * installed onnxruntime-node (its install script downloads it; `.npmrc` skips that offline).
 * Checking the file avoids a session attempt that can only fail, noisily, in native code.
 */
function missingProviderLibrary(backend: string, platform: NodeJS.Platform, arch: string): string | undefined {
  if (platform !== 'linux' && platform !== 'win32') return undefined;
  let root: string;
  try {
    root = dirname(require.resolve('onnxruntime-node/package.json'));
  } catch {
    return undefined;
  }
  const file = platform === 'win32' ? `onnxruntime_providers_${backend}.dll` : `libonnxruntime_providers_${backend}.so`;
  const path = join(root, 'bin', 'napi-v6', platform, arch, file);
  return existsSync(path) ? undefined : path;
}

/** Returns the status of `name` before any session is tried, or the provider to probe. */
function staticStatus(
  name: AcceleratorName,
  flags: HardwareFlags,
  backends: OnnxStatus['backends'],
  onnx: { available: boolean; reason?: string },
  platform: NodeJS.Platform,
  arch: string,
  realRuntime: boolean,
): AcceleratorStatus | OnnxProvider {
  const rule = RULES[name];
  const allowed = flags.autoRouting.value && flags[rule.flag].value;
  const provider = rule.provider.label;
  const unavailable = (reason: string): AcceleratorStatus => ({ allowed, available: false, reason, provider });
  if (!flags.autoRouting.value) return unavailable(`not allowed: AUTO_HARDWARE_ROUTING=false`);
  if (!flags[rule.flag].value) return unavailable(`not allowed: ${flagText(flags, rule.flag)}`);
  const gap = rule.platformGap(platform, arch);
  if (gap) return unavailable(gap);
  if (!onnx.available) return unavailable(onnx.reason ?? 'onnxruntime-node unavailable');
  if (!backends.some((b) => b.name === rule.provider.backend)) {
    return unavailable(`onnxruntime-node on ${platform}/${arch} does not list the ${rule.provider.backend} backend (it lists ${backends.map((b) => b.name).join(', ')})`);
  }
  const listed = backends.find((b) => b.name === rule.provider.backend);
  const missing = realRuntime && listed && !listed.bundled ? missingProviderLibrary(rule.provider.backend, platform, arch) : undefined;
  if (missing) return unavailable(`the ${rule.provider.backend} provider library is not installed (${missing} is missing; onnxruntime-node's install script fetches it from outside the npm registry)`);
  return rule.provider;
}

function baseProfile(options: DetectOptions): { profile: HardwareProfile; ort?: OnnxRuntime; toProbe: Partial<Record<AcceleratorName, OnnxProvider>> } {
  const flags = parseHardwareFlags(options.env ?? process.env);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const load = options.load ?? require;
  let workerThreads = true;
  try {
    load('node:worker_threads');
  } catch {
    workerThreads = false;
  }
  const loaded = loadOnnxRuntime(options.load);
  let backends: OnnxStatus['backends'] = [];
  let onnx: OnnxStatus;
  if (loaded.ok) {
    backends = loaded.ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
    onnx = { available: true, version: loaded.version, backends, probed: false, providers: [] };
  } else {
    onnx = { available: false, reason: loaded.reason, backends, probed: false, providers: [] };
  }
  const accelerators = {} as Record<AcceleratorName, AcceleratorStatus>;
  const toProbe: Partial<Record<AcceleratorName, OnnxProvider>> = {};
  for (const name of ACCELERATOR_ORDER) {
    const s = staticStatus(name, flags, backends, onnx, platform, arch, options.load === undefined);
    if ('allowed' in s) {
      accelerators[name] = s;
    } else {
      toProbe[name] = s;
      accelerators[name] = { allowed: true, available: false, reason: 'allowed and listed; not probed yet (probeHardware() creates a session to check)', provider: s.label };
    }
  }
  const list = cpus();
  const parallelism = availableParallelism();
  return {
    profile: {
      platform,
      arch,
      logicalCpus: list.length,
      parallelism,
      cpuModel: list[0]?.model.trim() ?? 'unknown',
      workerThreads,
      workerPoolSize: workerThreads ? Math.max(1, parallelism - 1) : 0,
      flags,
      onnx,
      accelerators,
    },
    ...(loaded.ok ? { ort: loaded.ort } : {}),
    toProbe,
  };
}

/**
 * Returns the hardware profile without creating any ONNX session: CPUs, worker threads, the
 * switches, whether onnxruntime-node loads and what it lists. Accelerators that are allowed and
 * listed stay unavailable ("not probed") here; {@link probeHardware} settles them.
 */
export function detectHardware(options: DetectOptions = {}): HardwareProfile {
  return baseProfile(options).profile;
}

/**
 * Returns the hardware profile with every provider tested: a session with the CPU provider always,
 * and with each accelerator's provider when it is allowed and listed. An accelerator is available
 * only when its session was created and ran; otherwise its reason holds onnxruntime's error text.
 */
export async function probeHardware(options: DetectOptions = {}): Promise<HardwareProfile> {
  const { profile, ort, toProbe } = baseProfile(options);
  if (!ort) return profile;
  const providers: string[] = [];
  const cpuError = await probeProvider(ort, CPU_PROVIDER);
  if (cpuError === undefined) providers.push(CPU_PROVIDER.label);
  const accelerators = { ...profile.accelerators };
  for (const name of ACCELERATOR_ORDER) {
    const provider = toProbe[name];
    if (!provider) continue;
    const error = await probeProvider(ort, provider);
    if (error === undefined) providers.push(provider.label);
    accelerators[name] = {
      allowed: true,
      available: error === undefined,
      reason: error === undefined ? `a session with the ${provider.label} provider was created and ran${COREML_CAVEAT[name] ?? ''}` : `session with the ${provider.label} provider failed: ${error}`,
      provider: provider.label,
    };
  }
  return { ...profile, onnx: { ...profile.onnx, probed: true, providers, ...(cpuError === undefined ? {} : { cpuError }) }, accelerators };
}
