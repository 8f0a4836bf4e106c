import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sumSquaredDeviations } from '../metrics/returns';
import { createSweepBuffers } from './sweep-wasm';

const root = join(__dirname, '..', '..', '..', '..');

describe('sweep WebAssembly kernels', () => {
  it('are the build of assembly/sweep.ts that is committed', () => {
    // Exits non-zero, failing the test, when the generated module differs from a fresh compile.
    expect(() => execFileSync(process.execPath, [join(root, 'tools/scripts/build-wasm.mjs'), '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });

  it('take sums of squared deviations bit for bit as sumSquaredDeviations does, at any offset and length', () => {
    const n = 37;
    const buffers = createSweepBuffers(new Float64Array(n));
    let seed = 11;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      buffers.returns[i] = (seed / 2 ** 31 - 0.5) * 0.04;
    }
    let compared = 0;
    for (let from = 0; from < 6; from++) {
      for (let to = from; to <= n; to++) {
        const m = 0.001 * (to - from);
        expect(buffers.sumSquaredDeviations(from, to, m)).toBe(sumSquaredDeviations(buffers.returns, from, to, m));
        compared++;
      }
    }
    expect(compared).toBe(38 + 37 + 36 + 35 + 34 + 33);
  });

  it('mark a flat stretch from bar 0 without writing a return before the first bar', () => {
    // Four bars: equity and returns sit next to each other in memory, so a return written for
    // bar 0 would land on the last equity value.
    const buffers = createSweepBuffers(new Float64Array(4));
    buffers.equity[3] = 42;
    buffers.returns.fill(9);
    buffers.markFlat(0, 3, 5);
    expect(Array.from(buffers.equity)).toEqual([5, 5, 5, 42]);
    expect(Array.from(buffers.returns)).toEqual([0, 0, 9, 9]);
  });

  it('copy the closes and give each instance memory of its own', () => {
    const a = createSweepBuffers(Float64Array.of(1, 2, 3));
    const b = createSweepBuffers(Float64Array.of(4, 5, 6));
    a.equity[0] = 7;
    expect(Array.from(a.close)).toEqual([1, 2, 3]);
    expect(Array.from(b.close)).toEqual([4, 5, 6]);
    expect(b.equity[0]).toBe(0);
  });
});
