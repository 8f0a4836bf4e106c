import { availableParallelism } from 'node:os';
import { detectHardware } from './detect-hardware';

describe('detectHardware', () => {
  it('reports the CPUs the OS reports', () => {
    const hw = detectHardware();
    expect(hw.parallelism).toBe(availableParallelism());
    expect(hw.logicalCpus).toBeGreaterThanOrEqual(1);
    expect(hw.workerThreads).toBe(true);
  });

  it('reports ONNX Runtime absent, with the reason, when it cannot be resolved', () => {
    const hw = detectHardware((id) => {
      if (id === 'onnxruntime-node') throw new Error("Cannot find module 'onnxruntime-node'");
      return id;
    });
    expect(hw.onnx.available).toBe(false);
    expect(hw.onnx.providers).toEqual([]);
    expect(hw.onnx.reason).toMatch(/not installed/);
  });
});
