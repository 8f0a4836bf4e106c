import { BarSeries, createBarSeries } from '../series/bar-series';

/** Returns a mulberry32 generator of uniforms in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link syntheticRandomWalk}. */
export interface RandomWalkOptions {
  readonly symbol?: string;
  readonly start?: number;
  /** Daily log-return standard deviation. */
  readonly volatility?: number;
  readonly drift?: number;
}

/**
 * Returns n daily bars (weekdays from 2000-01-03 UTC) of a seeded geometric random walk: each
 * close is the previous one times exp(drift + vol·z) with z ~ N(0,1) by Box–Muller; the open gaps
 * from the previous close by a fifth of that noise, and high/low enclose open and close.
 */
export function syntheticRandomWalk(n: number, seed: number, options: RandomWalkOptions = {}): BarSeries {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const vol = options.volatility ?? 0.015;
  const drift = options.drift ?? 0.0002;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let t = Date.UTC(2000, 0, 3);
  let prev = options.start ?? 100;
  for (let i = 0; i < n; i++) {
    const o = prev * Math.exp(0.2 * vol * normal());
    const c = o * Math.exp(drift + vol * normal());
    time[i] = t;
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + 0.5 * vol * rand());
    low[i] = Math.min(o, c) * (1 - 0.5 * vol * rand());
    volume[i] = 1000 + Math.floor(1000 * rand());
    prev = c;
    t += new Date(t).getUTCDay() === 5 ? 3 * 86_400_000 : 86_400_000;
  }
  return createBarSeries(options.symbol ?? 'WALK', { time, open, high, low, close, volume });
}

/** Returns the OHLCV columns of a series as plain arrays, for comparing series with toEqual. */
export function seriesColumns(s: BarSeries): { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] } {
  return { time: [...s.time], open: [...s.open], high: [...s.high], low: [...s.low], close: [...s.close], volume: [...s.volume] };
}
