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

/** Returns the arithmetic mean (NaN when empty). */
export function mean(x: Float64Array): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Returns the standard deviation with `ddof` degrees of freedom removed (NaN when n ≤ ddof). */
export function standardDeviation(x: Float64Array, ddof = 1): number {
  const n = x.length;
  if (n <= ddof) return NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  return Math.sqrt(ss / (n - ddof));
}

/** Returns the per-period rate equivalent to an annual rate: (1 + annual)^(1/periodsPerYear) − 1. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}
