import { loadSharedData } from '../testing/shared-data';
import { inferPeriodsPerYear } from './frequency';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Monday 2024-01-01 00:00 UTC. */
const MONDAY = Date.UTC(2024, 0, 1);

/** Timestamps from MONDAY every `stepMs`, keeping those for which `keep(dayOfWeek, hour)` holds (0 = Sunday). */
function stamps(count: number, stepMs: number, keep: (dow: number, hour: number) => boolean = () => true): Float64Array {
  const out: number[] = [];
  for (let t = MONDAY; out.length < count; t += stepMs) {
    const d = new Date(t);
    if (keep(d.getUTCDay(), d.getUTCHours())) out.push(t);
  }
  return Float64Array.from(out);
}

const weekday = (dow: number) => dow >= 1 && dow <= 5;

describe('inferPeriodsPerYear', () => {
  it('gives 252 for weekday daily bars and 365 for bars on every day', () => {
    expect(inferPeriodsPerYear(stamps(500, DAY_MS, weekday))).toBe(252);
    expect(inferPeriodsPerYear(stamps(500, DAY_MS))).toBe(365);
  });

  it('keeps a weekday series on 252 days when a few bars fall on a weekend', () => {
    // 500 weekday bars plus 10 stamped on Saturdays: 10/510 ≈ 2 % of bars, far below 2/7 × 0.6 ≈ 17 %.
    const days = Array.from(stamps(500, DAY_MS, weekday));
    for (let w = 0; w < 10; w++) days.push(MONDAY + (7 * w + 5) * DAY_MS);
    expect(inferPeriodsPerYear(Float64Array.from(days.sort((a, b) => a - b)))).toBe(252);
  });

  it('counts weekly and monthly bars', () => {
    expect(inferPeriodsPerYear(stamps(100, 7 * DAY_MS))).toBe(52);
    expect(inferPeriodsPerYear(stamps(60, 30 * DAY_MS))).toBe(12);
  });

  it('multiplies the bars of a typical session by the trading days of the calendar', () => {
    // A 6.5-hour equity session of 7 hourly bars (09:00–15:00) on weekdays: 7 × 252.
    expect(inferPeriodsPerYear(stamps(2_000, HOUR_MS, (dow, h) => weekday(dow) && h >= 9 && h <= 15))).toBe(7 * 252);
    // Crypto, every hour of every day: 24 × 365.
    expect(inferPeriodsPerYear(stamps(5_000, HOUR_MS))).toBe(24 * 365);
    // FX: 24 hours on weekdays plus Sunday from 22:00, as the market opens — 2 of every 122 bars
    // fall on a weekend, so the year has 252 days of 24 bars, not 365.
    expect(inferPeriodsPerYear(stamps(5_000, HOUR_MS, (dow, h) => weekday(dow) || (dow === 0 && h >= 22)))).toBe(24 * 252);
  });

  it('puts the EURUSD hourly sample, with its Sunday-evening bars, on 24 × 252', () => {
    const eurusd = loadSharedData('EURUSD.csv');
    expect(inferPeriodsPerYear(eurusd.time)).toBe(24 * 252);
  });

  it('falls back to 252 with fewer than two bars', () => {
    expect(inferPeriodsPerYear(new Float64Array(0))).toBe(252);
    expect(inferPeriodsPerYear(Float64Array.of(MONDAY))).toBe(252);
  });
});
