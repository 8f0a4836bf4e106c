import { loadSharedData } from '../../testing';
import { atr } from './atr';
import { bollingerBands } from './bollinger-bands';
import { crossAbove, crossBelow } from './cross';
import { ema } from './ema';
import { rollingMax, rollingMin } from './rolling-extreme';
import { rollingStd } from './rolling-std';
import { rsi } from './rsi';
import { sma } from './sma';
import { zScore } from './z-score';

const f = (xs: number[]) => Float64Array.from(xs);

/** A seeded LCG walk (Numerical Recipes constants), so the naive comparisons run on fixed data. */
function lcgSeries(n: number, seed = 12345, start = 100): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  let p = start;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    p *= 1 + (s / 4294967296 - 0.5) * 0.04;
    out[i] = p;
  }
  return out;
}

const naiveMean = (x: Float64Array, i: number, w: number) => {
  let s = 0;
  for (let j = i - w + 1; j <= i; j++) s += x[j];
  return s / w;
};
const naiveStd = (x: Float64Array, i: number, w: number, ddof: number) => {
  const m = naiveMean(x, i, w);
  let s = 0;
  for (let j = i - w + 1; j <= i; j++) s += (x[j] - m) ** 2;
  return Math.sqrt(s / (w - ddof));
};

function expectClose(actual: Float64Array, expected: (i: number) => number, from: number): void {
  for (let i = from; i < actual.length; i++) {
    const e = expected(i);
    expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  }
}

const x = lcgSeries(5000);
const high = x.map((v, i) => v * (1 + 0.01 * ((i * 7919) % 13) / 13));
const low = x.map((v, i) => v * (1 - 0.01 * ((i * 104729) % 11) / 11));

describe('indicators against hand-computed values', () => {
  it('sma: [1..5], w = 3 → 2, 3, 4', () => {
    expect(Array.from(sma(f([1, 2, 3, 4, 5]), 3))).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('ema: α = 2/(3+1) = 0.5 seeded with mean(1,2,3) = 2 → 3, 4', () => {
    expect(Array.from(ema(f([1, 2, 3, 4, 5]), 3))).toEqual([NaN, NaN, 2, 3, 4]);
    // x = 2, 4, 8, 16: seed mean(2,4) = 3 (w = 2, α = 2/3); 2/3·8 + 1/3·3 = 6.3333; 2/3·16 + 1/3·6.3333 = 12.7778
    const e = ema(f([2, 4, 8, 16]), 2);
    expect(e[2]).toBeCloseTo(19 / 3, 12);
    expect(e[3]).toBeCloseTo(115 / 9, 12);
  });

  it('rolling std: [1..5], w = 5, population σ = √2, sample σ = √2.5', () => {
    expect(rollingStd(f([1, 2, 3, 4, 5]), 5)[4]).toBeCloseTo(Math.SQRT2, 14);
    expect(rollingStd(f([1, 2, 3, 4, 5]), 5, 1)[4]).toBeCloseTo(Math.sqrt(2.5), 14);
  });

  it('z-score: [1, 2, 3], w = 3 → (3 − 2)/√(2/3) = 1.2247', () => {
    expect(zScore(f([1, 2, 3]), 3)[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 14);
    expect(zScore(f([5, 5, 5]), 3)[2]).toBeNaN();
  });

  it("rsi: StockCharts' Wilder example, first 14-day RSI", () => {
    // https://school.stockcharts.com/doku.php?id=technical_indicators:relative_strength_index_rsi (cs-rsi.xls)
    const closes = f([44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28]);
    // Gains: .06+.72+.50+.27+.32+.42+.24+.14+.67 = 3.34; losses: .25+.54+.19+.42 = 1.40.
    // RSI = 100 − 100/(1 + 3.34/1.40) = 70.464; the sheet prints 70.53 because it rounds the averages to 0.24 and 0.10.
    const out = rsi(closes, 14);
    expect(out[14]).toBeCloseTo(100 - 100 / (1 + 3.34 / 1.4), 9);
    expect(out[14]).toBeCloseTo(70.53, 0);
    expect(Number.isNaN(out[13])).toBe(true);
  });

  it('atr: Wilder smoothing of true ranges by hand', () => {
    // TR0 = 12 − 8 = 4; TR1 = max(13 − 11, |13 − 10|, |11 − 10|) = 3; TR2 = max(9 − 7, |9 − 12|, |7 − 12|) = 5
    // ATR(2): bar 1 = (4 + 3)/2 = 3.5; bar 2 = (3.5·1 + 5)/2 = 4.25
    const out = atr(f([12, 13, 9]), f([8, 11, 7]), f([10, 12, 8]), 2);
    expect(Array.from(out)).toEqual([NaN, 3.5, 4.25]);
  });

  it('bollinger: [1..5], w = 5, k = 2 → 3 ± 2√2', () => {
    const b = bollingerBands(f([1, 2, 3, 4, 5]), 5, 2);
    expect(b.middle[4]).toBe(3);
    expect(b.upper[4]).toBeCloseTo(3 + 2 * Math.SQRT2, 14);
    expect(b.lower[4]).toBeCloseTo(3 - 2 * Math.SQRT2, 14);
  });

  it('rolling max/min: [3, 1, 4, 1, 5, 9, 2, 6], w = 3', () => {
    const v = f([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(Array.from(rollingMax(v, 3))).toEqual([NaN, NaN, 4, 4, 5, 9, 9, 9]);
    expect(Array.from(rollingMin(v, 3))).toEqual([NaN, NaN, 1, 1, 1, 1, 2, 2]);
  });

  it('crosses: fire on the bar the order flips, never on NaN', () => {
    const a = f([NaN, 1, 3, 2, 1]);
    const b = f([2, 2, 2, 2, 2]);
    expect(Array.from(crossAbove(a, b))).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(crossBelow(a, b))).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('indicators against naive implementations', () => {
  it.each([2, 10, 50, 200])('sma, std, z-score, max/min, bollinger with window %i', (w) => {
    expectClose(sma(x, w), (i) => naiveMean(x, i, w), w - 1);
    expectClose(rollingStd(x, w, 1), (i) => naiveStd(x, i, w, 1), w - 1);
    expectClose(rollingStd(x, w, 0), (i) => naiveStd(x, i, w, 0), w - 1);
    // z = (x − mean)/σ loses digits as σ/x shrinks (a near-flat window): its condition number is |x|/σ.
    const z = zScore(x, w);
    for (let i = w - 1; i < x.length; i++) {
      const sd = naiveStd(x, i, w, 0);
      expect(Math.abs(z[i] - (x[i] - naiveMean(x, i, w)) / sd)).toBeLessThanOrEqual(1e-11 * (Math.abs(x[i]) / sd));
    }
    expectClose(rollingMax(x, w), (i) => Math.max(...x.subarray(i - w + 1, i + 1)), w - 1);
    expectClose(rollingMin(x, w), (i) => Math.min(...x.subarray(i - w + 1, i + 1)), w - 1);
    const bb = bollingerBands(x, w, 2.5);
    expectClose(bb.upper, (i) => naiveMean(x, i, w) + 2.5 * naiveStd(x, i, w, 0), w - 1);
  });

  it.each([2, 14, 30])('ema, rsi and atr with window %i follow their recursions', (w) => {
    const alpha = 2 / (w + 1);
    let e = naiveMean(x, w - 1, w);
    const emaOut = ema(x, w);
    for (let i = w - 1; i < x.length; i++) {
      if (i > w - 1) e = alpha * x[i] + (1 - alpha) * e;
      expect(emaOut[i]).toBeCloseTo(e, 9);
    }
    // Wilder RSI from plain loops.
    let g = 0;
    let l = 0;
    for (let i = 1; i <= w; i++) {
      const d = x[i] - x[i - 1];
      g += Math.max(d, 0) / w;
      l += Math.max(-d, 0) / w;
    }
    const rsiOut = rsi(x, w);
    for (let i = w; i < x.length; i++) {
      if (i > w) {
        const d = x[i] - x[i - 1];
        g = (g * (w - 1) + Math.max(d, 0)) / w;
        l = (l * (w - 1) + Math.max(-d, 0)) / w;
      }
      expect(rsiOut[i]).toBeCloseTo(100 - 100 / (1 + g / l), 9);
    }
    const tr = (i: number) => (i === 0 ? high[0] - low[0] : Math.max(high[i] - low[i], Math.abs(high[i] - x[i - 1]), Math.abs(low[i] - x[i - 1])));
    let a = 0;
    for (let i = 0; i < w; i++) a += tr(i) / w;
    const atrOut = atr(high, low, x, w);
    for (let i = w - 1; i < x.length; i++) {
      if (i > w - 1) a = (a * (w - 1) + tr(i)) / w;
      expect(atrOut[i]).toBeCloseTo(a, 9);
    }
  });
});

type Indicator = [name: string, warmup: number, run: (v: Float64Array, out?: Float64Array) => Float64Array];
const W = 14;
const contract: Indicator[] = [
  ['sma', W - 1, (v, o) => sma(v, W, o)],
  ['ema', W - 1, (v, o) => ema(v, W, o)],
  ['rollingStd', W - 1, (v, o) => rollingStd(v, W, 0, o)],
  ['zScore', W - 1, (v, o) => zScore(v, W, o)],
  ['rsi', W, (v, o) => rsi(v, W, o)],
  ['atr', W - 1, (v, o) => atr(v.map((p) => p * 1.01), v.map((p) => p * 0.99), v, W, o)],
  ['bollinger.upper', W - 1, (v, o) => bollingerBands(v, W, 2, o && { middle: new Float64Array(v.length), upper: o, lower: new Float64Array(v.length) }).upper],
  ['rollingMax', W - 1, (v, o) => rollingMax(v, W, o)],
  ['rollingMin', W - 1, (v, o) => rollingMin(v, W, o)],
];

describe.each(contract)('%s contract', (_name, warmup, run) => {
  const v = x.subarray(0, 400);

  it(`has exactly ${warmup} leading NaN`, () => {
    const out = run(v);
    for (let i = 0; i < warmup; i++) expect(out[i]).toBeNaN();
    for (let i = warmup; i < out.length; i++) expect(Number.isFinite(out[i])).toBe(true);
  });

  it('does not look ahead: changing values after t leaves outputs up to t unchanged', () => {
    const t = 250;
    const changed = Float64Array.from(v);
    for (let i = t + 1; i < changed.length; i++) changed[i] *= 1.5;
    expect(Array.from(run(changed).subarray(0, t + 1))).toEqual(Array.from(run(v).subarray(0, t + 1)));
  });

  it('writes into the out buffer when given one', () => {
    const out = new Float64Array(v.length);
    expect(run(v, out)).toBe(out);
  });
});

describe('indicators on real data', () => {
  it('sma(10) of GOOG at bar 100 is the mean of closes 91..100', () => {
    const goog = loadSharedData('GOOG.csv');
    const out = sma(goog.close, 10);
    expect(out[100]).toBeCloseTo(naiveMean(goog.close, 100, 10), 10);
    expect(out.subarray(9).every((v) => Number.isFinite(v))).toBe(true);
  });

  it('rejects a bad window naming the field', () => {
    expect(() => sma(x, 0)).toThrow(/window: expected an integer ≥ 1, found 0/);
    expect(() => rsi(x, 2.5)).toThrow(/window/);
  });
});
