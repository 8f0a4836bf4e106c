/**
 * Returns the simple per-bar returns r[i−1] = e[i]/e[i−1] − 1 of an equity curve (length n−1;
 * empty for fewer than two bars).
 */
export function returnsFromEquity(equity: Float64Array, out?: Float64Array): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = out ?? new Float64Array(n);
  for (let i = 1; i < equity.length; i++) r[i - 1] = equity[i] / equity[i - 1] - 1;
  return r;
}

/**
 * Returns `equity` up to and including its first value at or below zero. A short or leveraged
 * position can lose more than the account (no margin call is modelled), and past that bar a
 * "return" is a ratio of debts: negative equity that shrinks would count as a gain.
 */
export function equityUntilRuin(equity: Float64Array): Float64Array {
  for (let i = 0; i < equity.length; i++) if (equity[i] <= 0) return equity.subarray(0, i + 1);
  return equity;
}

/** Returns the cumulative return c[i] = e[i]/e[0] − 1 of an equity curve. */
export function cumulativeReturns(equity: Float64Array, out?: Float64Array): Float64Array {
  const c = out ?? new Float64Array(equity.length);
  const base = equity[0];
  for (let i = 0; i < equity.length; i++) c[i] = equity[i] / base - 1;
  return c;
}

/**
 * Returns the returns between the last equity of consecutive UTC calendar days, with the day
 * each return ends on (epoch ms of that day's last bar). For daily bars it equals returnsFromEquity.
 */
export function dailyReturns(time: Float64Array, equity: Float64Array): { time: Float64Array; returns: Float64Array } {
  const lastOfDay: number[] = [];
  for (let i = 0; i < time.length; i++) {
    const day = Math.floor(time[i] / 86_400_000);
    const nextDay = i + 1 < time.length ? Math.floor(time[i + 1] / 86_400_000) : NaN;
    if (day !== nextDay) lastOfDay.push(i);
  }
  const n = Math.max(0, lastOfDay.length - 1);
  const t = new Float64Array(n);
  const r = new Float64Array(n);
  for (let j = 1; j < lastOfDay.length; j++) {
    t[j - 1] = time[lastOfDay[j]];
    r[j - 1] = equity[lastOfDay[j]] / equity[lastOfDay[j - 1]] - 1;
  }
  return { time: t, returns: r };
}

/** Returns the arithmetic mean (NaN when empty), summed as {@link laneSum} sums. */
export function mean(x: Float64Array): number {
  if (x.length === 0) return NaN;
  return laneSum(x, 0, x.length) / x.length;
}

/**
 * Returns Σ x[i] over [from, to) in four interleaved running sums, one per position i ≡ 0, 1, 2, 3
 * (mod 4) from `from`, added pairwise at the end: (s0 + s1) + (s2 + s3). The sweep kernel
 * sums a run's returns in the same lanes, four bars per step in WebAssembly, so its means are bit
 * for bit these; one running sum would chain every bar's addition to the last.
 */
export function laneSum(x: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    s0 += x[i];
    s1 += x[i + 1];
    s2 += x[i + 2];
    s3 += x[i + 3];
  }
  // The last one to three values keep their positions' lanes, as the kernel's lanes by bar do.
  if (i < to) s0 += x[i];
  if (i + 1 < to) s1 += x[i + 1];
  if (i + 2 < to) s2 += x[i + 2];
  return s0 + s1 + (s2 + s3);
}

/** Returns Σ min(0, x[i] − rf)² over [from, to), the downside deviation's sum, in the lanes of {@link laneSum}. */
export function sumSquaredShortfalls(x: Float64Array, from: number, to: number, rf: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    const a = x[i] - rf;
    const b = x[i + 1] - rf;
    const c = x[i + 2] - rf;
    const d = x[i + 3] - rf;
    if (a < 0) s0 += a * a;
    if (b < 0) s1 += b * b;
    if (c < 0) s2 += c * c;
    if (d < 0) s3 += d * d;
  }
  for (let lane = 0; i < to; i++, lane++) {
    const a = x[i] - rf;
    if (a < 0) {
      if (lane === 0) s0 += a * a;
      else if (lane === 1) s1 += a * a;
      else s2 += a * a;
    }
  }
  return s0 + s1 + (s2 + s3);
}

/** Returns the standard deviation with `ddof` degrees of freedom removed (NaN when n ≤ ddof). */
export function standardDeviation(x: Float64Array, ddof = 1): number {
  const n = x.length;
  if (n <= ddof) return NaN;
  return Math.sqrt(sumSquaredDeviations(x, 0, n, mean(x)) / (n - ddof));
}

/**
 * Returns Σ (x[i] − m)² over [from, to), summed in four interleaved running sums (i ≡ 0, 1, 2, 3
 * mod 4 from `from`) added pairwise at the end. One running sum waits for each addition to finish
 * before the next; four run in parallel, about twice as fast, and round no worse. Every variance
 * of returns goes through here, so the parameter sweep's Sharpe ratios stay bit for bit those of
 * `sharpeRatio`.
 */
export function sumSquaredDeviations(x: Float64Array, from: number, to: number, m: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    const a = x[i] - m;
    const b = x[i + 1] - m;
    const c = x[i + 2] - m;
    const d = x[i + 3] - m;
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < to; i++) {
    const a = x[i] - m;
    s0 += a * a;
  }
  return s0 + s1 + (s2 + s3);
}

/** Returns the per-period rate equivalent to an annual rate: (1 + annual)^(1/periodsPerYear) − 1. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}
