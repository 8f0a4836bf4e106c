/** Milliseconds in a UTC day; bar times carry no zone, so days are UTC calendar days throughout. */
export const DAY_MS = 86_400_000;

/** Returns the UTC calendar day of an epoch-ms time as an epoch day (days since 1970-01-01). */
export function epochDayOfTime(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}

/** Returns the UTC calendar date of an epoch-ms time as `YYYY-MM-DD`. */
export function isoDateOf(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Returns the earliest and latest finite values of `time`, or NaN for both when there is none. */
export function finiteExtent(time: ArrayLike<number>): [number, number] {
  let earliest = Infinity;
  let latest = -Infinity;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) continue;
    if (t < earliest) earliest = t;
    if (t > latest) latest = t;
  }
  return earliest <= latest ? [earliest, latest] : [NaN, NaN];
}
