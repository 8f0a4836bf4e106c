import { computeStats } from './compute-stats';
import { formatStats, STATS_LABELS } from './format-stats';

const f = (xs: number[]) => Float64Array.from(xs);
const day = 86_400_000;
// Weekdays Mon 2024-01-01 .. Thu 2024-01-04 → inferred 252 bars per year.
const time = f([0, 1, 2, 3].map((d) => Date.UTC(2024, 0, 1) + d * day));
const noTrades = { length: 0, entryIndex: new Int32Array(0), exitIndex: new Int32Array(0), size: f([]), entryPrice: f([]), exitPrice: f([]), pnl: f([]), returnPct: f([]) };

describe('computeStats', () => {
  it('assembles the hand-computed metrics', () => {
    const s = computeStats({ time, equity: f([100, 110, 99, 120]), exposure: f([0, 1, 1, 0]), trades: noTrades, benchmark: f([10, 11, 12, 13]) });
    expect(s.periodsPerYear).toBe(252);
    expect(s.totalReturnPct).toBeCloseTo(20, 12);
    expect(s.buyAndHoldReturnPct).toBeCloseTo(30, 12);
    expect(s.exposureTimePct).toBe(50);
    expect(s.equityPeak).toBe(120);
    // Max drawdown 99/110 − 1 = −10 %, from the peak at bar 1 to the recovery at bar 3: 2 bars, 2 days.
    expect(s.maxDrawdownPct).toBeCloseTo(-10, 12);
    expect(s.maxDrawdownDurationBars).toBe(2);
    expect(s.maxDrawdownDurationDays).toBe(2);
    expect(s.sharpeRatio).toBeCloseTo(7.0993, 3);
    expect(s.numTrades).toBe(0);
    expect(s.winRatePct).toBeNaN();
    expect(s.durationDays).toBe(3);
  });

  it('uses an explicit periodsPerYear and risk-free rate', () => {
    const s = computeStats({ time, equity: f([100, 101, 102, 104]), trades: noTrades }, { periodsPerYear: 12, riskFreeRate: 0.02 });
    expect(s.periodsPerYear).toBe(12);
    expect(s.annualizedReturnPct).toBeCloseTo((Math.pow(1.04, 12 / 3) - 1) * 100, 10);
    expect(s.exposureTimePct).toBeNaN();
    expect(s.alphaPct).toBeNaN();
  });

  it('ends the returns at the first bar whose equity is at or below zero', () => {
    // 100 → 110 → −20 (a short that lost more than the account) → −30 → −25. Past −20 the ratios
    // of debts (−30/−20 − 1 = +50 %, −25/−30 − 1 = −17 %) are no returns; the two before them are
    // r = [0.1, −20/110 − 1 = −13/11], mean m = (0.1 − 13/11)/2, sample σ = |0.1 − m|·√2.
    const t5 = f([0, 1, 2, 3, 4].map((d) => Date.UTC(2024, 0, 1) + d * day));
    const s = computeStats({ time: t5, equity: f([100, 110, -20, -30, -25]), trades: noTrades });
    const m = (0.1 - 13 / 11) / 2;
    const sigma = Math.abs(0.1 - m) * Math.SQRT2;
    expect(s.annualizedVolatilityPct).toBeCloseTo(sigma * Math.sqrt(252) * 100, 10);
    expect(s.sharpeRatio).toBeCloseTo((m / sigma) * Math.sqrt(252), 10);
    // The 5 % quantile of those two returns lies between them, below a loss of 100 %.
    expect(s.valueAtRisk95Pct).toBeLessThan(-100);
    expect(s.annualizedReturnPct).toBe(-100);
    expect(s.totalReturnPct).toBeCloseTo(-125, 10);
  });

  it('does not throw on a single bar', () => {
    const s = computeStats({ time: f([0]), equity: f([100]), trades: noTrades });
    expect(s.totalReturnPct).toBe(0);
    expect(s.sharpeRatio).toBeNaN();
    expect(s.annualizedReturnPct).toBeNaN();
  });

  it('prints a labelled line for every key', () => {
    const s = computeStats({ time, equity: f([100, 110, 99, 120]), trades: noTrades });
    const table = formatStats(s);
    const keys = Object.keys(s);
    expect(Object.keys(STATS_LABELS).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(table).toContain(STATS_LABELS[key as keyof typeof STATS_LABELS]);
    expect(table.split('\n')).toHaveLength(keys.length);
    expect(table).toMatch(/Return \[%\]\s+20\n/);
  });
});
