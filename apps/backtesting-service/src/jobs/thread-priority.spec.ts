import { lowerThreadPriority } from './thread-priority';

// These run on the test's main thread, so setPriority is replaced: the real effect, on a worker
// thread of the job pool, is checked in e2e/worker-priority.e2e-spec.ts.
describe('lowerThreadPriority', () => {
  const nodeOs = jest.requireActual<typeof import('node:os')>('node:os');
  let setPriority: jest.SpyInstance;
  beforeEach(() => {
    setPriority = jest.spyOn(nodeOs, 'setPriority').mockImplementation(() => undefined);
  });
  afterEach(() => setPriority.mockRestore());

  it('adds the increment to the inherited nice value, capped at 19', () => {
    const inherited = nodeOs.getPriority(0);
    lowerThreadPriority(10, 'linux');
    expect(setPriority).toHaveBeenCalledWith(0, Math.min(19, inherited + 10));
    lowerThreadPriority(19, 'linux');
    expect(setPriority).toHaveBeenLastCalledWith(0, 19);
  });

  it('changes nothing for an increment of 0, nor where nice is per process', () => {
    expect(lowerThreadPriority(0, 'linux')).toEqual({ nice: nodeOs.getPriority(0) });
    expect(lowerThreadPriority(10, 'darwin')).toEqual({ nice: nodeOs.getPriority(0), error: expect.stringContaining('per process on darwin') });
    expect(setPriority).not.toHaveBeenCalled();
  });

  it('returns a refusal instead of throwing', () => {
    setPriority.mockImplementation(() => {
      throw Object.assign(new Error('A system error occurred: uv_os_setpriority returned EACCES (permission denied)'), { code: 'ERR_SYSTEM_ERROR' });
    });
    const result = lowerThreadPriority(10, 'linux');
    expect(result.nice).toBe(nodeOs.getPriority(0));
    expect(result.error).toMatch(/^os\.setPriority\(0, \d+\) failed: .*EACCES/);
  });
});
