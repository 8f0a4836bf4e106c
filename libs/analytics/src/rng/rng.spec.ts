import { createRng } from './rng';

describe('Rng (xoshiro128**)', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('fills indices with exactly the draws nextUint32 would give, and continues the same stream after', () => {
    const bulk = createRng(5);
    const one = createRng(5);
    const n = 2148;
    const out = new Int32Array(1000);
    bulk.fillIndices(out, 999, n);
    const expected = Array.from({ length: 999 }, () => ((one.nextUint32() * n) / 4294967296) | 0);
    expect(Array.from(out.subarray(0, 999))).toEqual(expected);
    expect(out[999]).toBe(0);
    expect(Math.min(...expected)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...expected)).toBeLessThan(n);
    expect(bulk.nextUint32()).toBe(one.nextUint32());
  });

  it('draws uniforms that pass a chi-square test on 20 bins', () => {
    const r = createRng(7);
    const bins = new Array(20).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) bins[Math.floor(r.next() * 20)]++;
    const e = n / 20;
    const chi2 = bins.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    // 19 degrees of freedom: the 99.9th percentile of χ² is 43.82.
    expect(chi2).toBeLessThan(43.82);
  });

  it('draws standard normals: mean 0 and variance 1 within 4 standard errors', () => {
    const r = createRng(11);
    const n = 1_000_000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      ss += z * z;
    }
    const mean = s / n;
    const variance = ss / n - mean * mean;
    // SE(mean) = 1/√n = 0.001; SE(variance) = √(2/n) = 0.0014.
    expect(Math.abs(mean)).toBeLessThan(0.004);
    expect(Math.abs(variance - 1)).toBeLessThan(0.0057);
  });

  it('draws integers in range', () => {
    const r = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(7);
      expect(Number.isInteger(k)).toBe(true);
    }
  });
});
