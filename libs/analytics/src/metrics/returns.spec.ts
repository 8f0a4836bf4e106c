import { laneSum, mean, sumSquaredShortfalls } from './returns';

describe('laneSum', () => {
  it('adds four running sums, by position mod 4, as (s0 + s1) + (s2 + s3)', () => {
    // 2^53 + 1 is not a double (it rounds to 2^53). Left to right, every 1 after 2^53 is lost:
    // 2^53 − 2^53 = 0. In lanes: s0 = 2^53 − 2^53 = 0, s1 = s2 = s3 = 1, (0 + 1) + (1 + 1) = 3.
    const big = 2 ** 53;
    const x = Float64Array.of(big, 1, 1, 1, -big);
    expect(x.reduce((s, v) => s + v, 0)).toBe(0);
    expect(laneSum(x, 0, x.length)).toBe(3);
  });

  it('puts a tail of one to three values in lanes 0, 1 and 2 by position', () => {
    // Positions 4, 5, 6 are lanes 0, 1, 2: s0 = 2^53, s1 = 1, s2 = −2^53: (2^53 + 1) + (−2^53) = 0.
    // Had the tail gone to s0 alone: s0 = 0, s1 = 1, and the sum would be 1.
    const big = 2 ** 53;
    const x = Float64Array.of(0, 1, 0, 0, big, 0, -big);
    expect(laneSum(x, 0, 7)).toBe(0);
    // From offset 1 the positions shift: s0 = 1 + 0, s1 = 0 − 2^53, s2 = 0, s3 = 2^53:
    // (1 − 2^53) + 2^53 = −(2^53 − 1) + 2^53 = 1, all exact.
    expect(laneSum(x, 1, 7)).toBe(1);
  });

  it('is 0 for an empty range and exact on small integers', () => {
    expect(laneSum(new Float64Array(3), 1, 1)).toBe(0);
    expect(laneSum(Float64Array.from({ length: 11 }, (_, i) => i + 1), 0, 11)).toBe(66);
    expect(mean(Float64Array.of(1, 2, 3, 4, 5))).toBe(3);
  });
});

describe('sumSquaredShortfalls', () => {
  it('sums (r − rf)² over the returns below rf only', () => {
    // rf = 0.01: shortfalls −0.03 and −0.01 (0.02 and 0.01 are not below): 0.0009 + 0.0001 = 0.001.
    const r = Float64Array.of(-0.02, 0.02, 0.01, 0, 0.03);
    expect(sumSquaredShortfalls(r, 0, r.length, 0.01)).toBeCloseTo(0.001, 15);
    expect(sumSquaredShortfalls(r, 1, 3, 0.01)).toBe(0);
  });
});
