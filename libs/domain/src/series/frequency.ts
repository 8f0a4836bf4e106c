/** Bar frequencies the engine knows by name. */
export const BarFrequency = {
  Minute: '1m',
  FiveMinutes: '5m',
  Hour: '1h',
  Day: '1d',
  Week: '1w',
  Month: '1M',
} as const;
export type BarFrequency = (typeof BarFrequency)[keyof typeof BarFrequency];

const DAY_MS = 86_400_000;

/**
 * Share of bars on Saturdays and Sundays above which a series counts as trading every day: backtesting.py's
 * `compute_stats` threshold (60 % of 2/7), so that stray weekend bars — FX's Sunday-evening open, one
 * mis-stamped row — leave a weekday series on 252 days.
 */
const WEEKEND_SHARE = (2 / 7) * 0.6;

/**
 * Returns the number of bars per year implied by the timestamps: the median spacing decides the
 * frequency and the share of weekend bars decides between 252 trading days and 365 calendar days
 * (backtesting.py's `compute_stats` convention). Needs at least two bars; returns 252 otherwise.
 */
export function inferPeriodsPerYear(time: Float64Array): number {
  const n = time.length;
  if (n < 2) return 252;
  const deltas = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) deltas[i - 1] = time[i] - time[i - 1];
  deltas.sort();
  const median = deltas[(deltas.length - 1) >> 1];
  let weekendBars = 0;
  for (let i = 0; i < n; i++) {
    const dow = new Date(time[i]).getUTCDay();
    if (dow === 0 || dow === 6) weekendBars++;
  }
  const weekend = weekendBars / n > WEEKEND_SHARE;
  const daysPerYear = weekend ? 365 : 252;
  if (median >= 27 * DAY_MS) return 12;
  if (median >= 6 * DAY_MS) return 52;
  if (median >= 0.9 * DAY_MS) return daysPerYear;
  // Intraday: count the bars of a typical session from the data rather than assuming 24h or 6.5h days.
  const perDay = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const day = Math.floor(time[i] / DAY_MS);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const counts = Float64Array.from(perDay.values()).sort();
  const barsPerDay = counts[(counts.length - 1) >> 1];
  return barsPerDay * daysPerYear;
}

/** Returns the bars per year of a named frequency on a 252-trading-day, 6.5-hour-session calendar. */
export function periodsPerYearOf(frequency: BarFrequency): number {
  switch (frequency) {
    case '1m':
      return 252 * 390;
    case '5m':
      return 252 * 78;
    case '1h':
      return 252 * 7;
    case '1d':
      return 252;
    case '1w':
      return 52;
    case '1M':
      return 12;
  }
}
