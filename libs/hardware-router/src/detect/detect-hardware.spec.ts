import { availableParallelism } from 'node:os';
import { detectHardware, probeHardware } from './detect-hardware';

/** A stand-in for onnxruntime-node: lists `backends`, and creates sessions unless `failing` names the provider. */
function fakeOrt(backends: { name: string; bundled: boolean }[], failing: Record<string, string> = {}) {
  const created: string[] = [];
  const ort = {
    env: { versions: { common: '1.30.0', node: '1.30.0' } },
    listSupportedBackends: () => backends,
    Tensor: class {
      constructor(
        readonly type: string,
        readonly data: Float32Array,
        readonly dims: number[],
      ) {}
    },
    InferenceSession: {
      create: async (_model: Uint8Array, options: { executionProviders: (string | { name: string; coreMlFlags?: number })[] }) => {
        const ep = options.executionProviders[0];
        const name = typeof ep === 'string' ? ep : `${ep.name}:${ep.coreMlFlags}`;
        created.push(name);
        const failure = failing[typeof ep === 'string' ? ep : ep.name];
        if (failure) throw new Error(failure);
        return { inputNames: ['features'], run: async () => ({}), release: async () => undefined };
      },
    },
  };
  return { ort, created, load: (id: string) => (id === 'onnxruntime-node' ? ort : require(id)) };
}

const linuxBackends = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];
const macBackends = [
  { name: 'cpu', bundled: true },
  { name: 'coreml', bundled: true },
];

describe('detectHardware', () => {
  it('reports the CPUs the OS reports and a pool that leaves the main thread a CPU', () => {
    const hw = detectHardware({ env: {} });
    expect(hw.parallelism).toBe(availableParallelism());
    expect(hw.logicalCpus).toBeGreaterThanOrEqual(1);
    expect(hw.workerThreads).toBe(true);
    expect(hw.workerPoolSize).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('loads the installed onnxruntime-node and lists its backends, but claims no provider before probing', () => {
    const hw = detectHardware({ env: {} });
    expect(hw.onnx.available).toBe(true);
    expect(hw.onnx.version).toMatch(/^1\.\d+\.\d+/);
    expect(hw.onnx.backends.map((b) => b.name)).toContain('cpu');
    expect(hw.onnx.probed).toBe(false);
    expect(hw.onnx.providers).toEqual([]);
    for (const a of Object.values(hw.accelerators)) expect(a.available).toBe(false);
  });

  it('reports ONNX Runtime absent, with the reason, when it cannot be loaded', () => {
    const hw = detectHardware({
      env: {},
      load: (id) => {
        if (id === 'onnxruntime-node') throw Object.assign(new Error("Cannot find module 'onnxruntime-node'"), { code: 'MODULE_NOT_FOUND' });
        return require(id);
      },
    });
    expect(hw.onnx.available).toBe(false);
    expect(hw.onnx.providers).toEqual([]);
    expect(hw.onnx.reason).toMatch(/not installed/);
    expect(hw.accelerators.cuda).toMatchObject({ allowed: true, available: false, reason: expect.stringMatching(/not installed/) });
  });

  it('reports a switched-off accelerator as not allowed, and a missing one as unavailable, never as enabled', () => {
    const { load } = fakeOrt(linuxBackends);
    const hw = detectHardware({ env: { NEURAL_ENGINE_ENABLED: 'true', METAL_GPU_ENABLED: 'false' }, load, platform: 'linux', arch: 'x64' });
    expect(hw.accelerators.neural_engine).toEqual({
      allowed: true,
      available: false,
      reason: 'the Neural Engine is Apple hardware; this is linux',
      provider: 'coreml:neural_engine',
    });
    expect(hw.accelerators.metal_gpu).toMatchObject({ allowed: false, available: false, reason: 'not allowed: METAL_GPU_ENABLED=false' });
    const off = detectHardware({ env: { AUTO_HARDWARE_ROUTING: 'false' }, load, platform: 'linux', arch: 'x64' });
    expect(off.accelerators.cuda).toMatchObject({ allowed: false, available: false, reason: 'not allowed: AUTO_HARDWARE_ROUTING=false' });
  });

  it('needs Apple silicon for the Neural Engine and a listed backend for CoreML', () => {
    const intelMac = detectHardware({ env: {}, load: fakeOrt(macBackends).load, platform: 'darwin', arch: 'x64' });
    expect(intelMac.accelerators.neural_engine.reason).toBe('the Neural Engine exists only on Apple silicon; this is x64');
    const noCoreml = detectHardware({ env: {}, load: fakeOrt([{ name: 'cpu', bundled: true }]).load, platform: 'darwin', arch: 'arm64' });
    expect(noCoreml.accelerators.metal_gpu.reason).toBe('onnxruntime-node on darwin/arm64 does not list the coreml backend (it lists cpu)');
  });
});

describe('probeHardware', () => {
  it('marks an accelerator available only when its session was created, and keeps the error text otherwise', async () => {
    const fake = fakeOrt(linuxBackends, { cuda: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library' });
    const hw = await probeHardware({ env: {}, load: fake.load, platform: 'linux', arch: 'x64' });
    expect(fake.created).toEqual(['cpu', 'cuda']);
    expect(hw.onnx.probed).toBe(true);
    expect(hw.onnx.providers).toEqual(['cpu']);
    expect(hw.accelerators.cuda).toEqual({
      allowed: true,
      available: false,
      reason: 'session with the cuda provider failed: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
      provider: 'cuda',
    });
  });

  it('tries CoreML with the Neural Engine and GPU flags on Apple silicon, each only when allowed', async () => {
    const fake = fakeOrt(macBackends);
    const hw = await probeHardware({ env: {}, load: fake.load, platform: 'darwin', arch: 'arm64' });
    expect(fake.created).toEqual(['cpu', 'coreml:4', 'coreml:32']);
    expect(hw.onnx.providers).toEqual(['cpu', 'coreml:neural_engine', 'coreml:gpu']);
    expect(hw.accelerators.neural_engine.available).toBe(true);
    expect(hw.accelerators.neural_engine.reason).toMatch(/does not report its choice/);
    expect(hw.accelerators.cuda.reason).toBe('onnxruntime-node has no CUDA build for darwin');

    const gpuOff = fakeOrt(macBackends);
    const limited = await probeHardware({ env: { METAL_GPU_ENABLED: 'off' }, load: gpuOff.load, platform: 'darwin', arch: 'arm64' });
    expect(gpuOff.created).toEqual(['cpu', 'coreml:4']);
    expect(limited.accelerators.metal_gpu).toMatchObject({ allowed: false, available: false });
  });

  it('on this machine: the CPU provider runs a real session, and every accelerator is either proven or explained', async () => {
    const hw = await probeHardware({ env: {} });
    expect(hw.onnx.providers).toContain('cpu');
    for (const a of Object.values(hw.accelerators)) {
      if (!a.available) expect(a.reason.length).toBeGreaterThan(0);
      else expect(hw.onnx.providers).toContain(a.provider);
    }
  });
});
