import { parseHardwareFlags } from './hardware-flags';

describe('parseHardwareFlags', () => {
  it('allows everything when unset, and says the value is the default', () => {
    const flags = parseHardwareFlags({});
    expect(flags.autoRouting).toEqual({ name: 'AUTO_HARDWARE_ROUTING', value: true, source: 'default' });
    expect(flags.neuralEngine.value).toBe(true);
    expect(flags.metalGpu.source).toBe('default');
  });

  it('reads the usual spellings of true and false', () => {
    const flags = parseHardwareFlags({ AUTO_HARDWARE_ROUTING: 'False', NEURAL_ENGINE_ENABLED: '0', METAL_GPU_ENABLED: ' yes ' });
    expect(flags.autoRouting).toEqual({ name: 'AUTO_HARDWARE_ROUTING', value: false, source: 'env' });
    expect(flags.neuralEngine.value).toBe(false);
    expect(flags.metalGpu).toEqual({ name: 'METAL_GPU_ENABLED', value: true, source: 'env' });
  });

  it('rejects anything else naming the variable', () => {
    expect(() => parseHardwareFlags({ METAL_GPU_ENABLED: 'maybe' })).toThrow(/METAL_GPU_ENABLED: expected one of 1, true, yes, on, 0, false, no, off, found "maybe"/);
  });
});
