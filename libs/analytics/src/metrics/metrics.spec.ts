import { alphaBeta } from './alpha-beta';
import { annualizedReturn } from './annualized-return';
import { annualizedVolatility } from './annualized-volatility';
import { calmarRatio } from './calmar-ratio';
import { drawdownSeries, drawdownSummary } from './drawdown';
import { exposureTime } from './exposure-time';
import { cumulativeReturns, dailyReturns, returnsFromEquity } from './returns';
import { sharpeRatio } from './sharpe-ratio';
import { sortinoRatio } from './sortino-ratio';
import { totalReturn } from './total-return';
import { tradeMetrics } from './trade-metrics';
import { historicalCVaR, historicalVaR, quantile } from './value-at-risk';

const f = (xs: number[]) => Float64Array.from(xs);
// Equity 100 → 110 → 99 → 120: returns +10 %, −10 %, +21.2121… %.
const equity = f([100, 110, 99, 120]);
const r = [0.1, -0.1, 120 / 99 - 1];

describe('return series', () => {
  it('derives simple and cumulative returns', () => {
    const got = returnsFromEquity(equity);
    r.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 14));
    expect(Array.from(cumulativeReturns(equity)).map((x) => +x.toFixed(12))).toEqual([0, 0.1, -0.01, 0.2]);
    expect(totalReturn(equity)).toBeCloseTo(0.2, 14);
  });

  it('takes the last equity of each UTC day for daily returns', () => {
    const h = 3_600_000;
    const d = 24 * h;
    // Day 0: 100 then 104 (last); day 1: 102, 110 (last); day 2: 99 (last).
    const t = f([10 * h, 15 * h, d + 10 * h, d + 15 * h, 2 * d + 10 * h]);
    const e = f([100, 104, 102, 110, 99]);
    const got = dailyReturns(t, e);
    expect(Array.from(got.returns)).toEqual([110 / 104 - 1, 99 / 110 - 1]);
    expect(Array.from(got.time)).toEqual([d + 15 * h, 2 * d + 10 * h]);
  });
});

describe('annualized measures', () => {
  it('CAGR over bar intervals: (120/100)^(252/3) − 1', () => {
    expect(annualizedReturn(equity, 252)).toBeCloseTo(Math.pow(1.2, 84) - 1, 6);
    // One year of 252 intervals doubling: 100 %.
    const year = new Float64Array(253).map((_, i) => 100 * Math.pow(2, i / 252));
    expect(annualizedReturn(year, 252)).toBeCloseTo(1, 12);
    expect(annualizedReturn(f([100]), 252)).toBeNaN();
    expect(annualizedReturn(f([100, 0]), 252)).toBe(-1);
  });

  it('volatility and Sharpe by hand', () => {
    // mean = (0.1 − 0.1 + 0.212121…)/3 = 0.0707070…
    // deviations: 0.0292929…, −0.1707070…, 0.1414141…; squares sum = 0.000858076 + 0.029140904 + 0.019997959 = 0.049996939
    // sample variance = 0.049996939/2 = 0.02499847; σ = 0.158108…
    const m = (0.1 - 0.1 + (120 / 99 - 1)) / 3;
    const ss = (0.1 - m) ** 2 + (-0.1 - m) ** 2 + (120 / 99 - 1 - m) ** 2;
    const sd = Math.sqrt(ss / 2);
    expect(sd).toBeCloseTo(0.158108, 5);
    expect(annualizedVolatility(f(r), 252)).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(sharpeRatio(f(r), 252)).toBeCloseTo((m / sd) * Math.sqrt(252), 12);
    expect(sharpeRatio(f(r), 252)).toBeCloseTo(7.0993, 3);
    // With a 5 % annual risk-free rate the per-bar rate is 1.05^(1/252) − 1 = 0.00019363.
    const rf = Math.pow(1.05, 1 / 252) - 1;
    expect(sharpeRatio(f(r), 252, 0.05)).toBeCloseTo(((m - rf) / sd) * Math.sqrt(252), 12);
    expect(sharpeRatio(f([0.01, 0.01, 0.01]), 252)).toBeNaN();
  });

  it('Sortino divides by the downside deviation over all returns', () => {
    // Only −0.1 is below 0: DD = √(0.01 / 3) = 0.057735; mean 0.070707 → (0.070707/0.057735)·√252 = 19.441
    const m = (120 / 99 - 1) / 3;
    expect(sortinoRatio(f(r), 252)).toBeCloseTo((m / Math.sqrt(0.01 / 3)) * Math.sqrt(252), 12);
    expect(sortinoRatio(f(r), 252)).toBeCloseTo(19.441, 2);
    expect(sortinoRatio(f([0.01, 0.02]), 252)).toBeNaN();
  });

  it('Calmar is CAGR over the absolute max drawdown', () => {
    expect(calmarRatio(0.2, -0.1)).toBeCloseTo(2, 14);
    expect(calmarRatio(0.2, 0)).toBeNaN();
  });
});

describe('drawdowns', () => {
  // Peak 100 at 0; 90 (−10 %), 80 (−20 %), back to 100 at bar 3; new peak 120 at 4; 108 (−10 %) to the end.
  const e = f([100, 90, 80, 100, 120, 108, 114]);
  const day = 86_400_000;
  const t = f([0, 1, 2, 5, 6, 7, 8].map((d) => d * day));

  it('series below the running peak', () => {
    expect(Array.from(drawdownSeries(e)).map((x) => +x.toFixed(12))).toEqual([0, -0.1, -0.2, 0, 0, -0.1, -0.05]);
  });

  it('depth and duration of each period', () => {
    const s = drawdownSummary(e, t);
    expect(s.maxDrawdown).toBeCloseTo(-0.2, 14);
    expect(s.periods).toBe(2);
    // Period 1: bars 0→3 (3 bars, 5 days), trough −20 %. Period 2: bars 4→6 unrecovered (2 bars, 2 days), trough −10 %.
    expect(s.averageDrawdown).toBeCloseTo(-0.15, 14);
    expect(s.maxDurationBars).toBe(3);
    expect(s.maxDurationMs).toBe(5 * day);
    expect(s.averageDurationBars).toBe(2.5);
  });

  it('none on a rising curve', () => {
    const s = drawdownSummary(f([1, 2, 3]));
    expect(s).toMatchObject({ maxDrawdown: 0, averageDrawdown: 0, periods: 0, maxDurationBars: 0 });
  });
});

describe('historical VaR and CVaR', () => {
  it('linear-interpolated quantile, as numpy.percentile', () => {
    // numpy.percentile([1,2,3,4,5], 5) = 1 + 0.05·4·(2 − 1) = 1.2
    expect(quantile(f([5, 1, 4, 2, 3]), 0.05)).toBeCloseTo(1.2, 14);
  });

  it('VaR 95 and the mean of returns at or below it', () => {
    // 20 returns −0.10, −0.05, then 18 × 0.01. Position 0.05·19 = 0.95 → −0.10 + 0.95·0.05 = −0.0525.
    const xs = f([-0.1, -0.05, ...new Array(18).fill(0.01)]);
    expect(historicalVaR(xs, 0.95)).toBeCloseTo(-0.0525, 14);
    // Only −0.10 is ≤ −0.0525.
    expect(historicalCVaR(xs, 0.95)).toBeCloseTo(-0.1, 14);
  });
});

describe('alpha and beta', () => {
  it('recovers the beta and alpha of r_p = 0.001 + 2·r_b exactly', () => {
    const rb = f([0.01, -0.02, 0.015, 0.003, -0.007]);
    const rp = rb.map((x) => 0.001 + 2 * x);
    const ab = alphaBeta(rp, rb, 252);
    expect(ab.beta).toBeCloseTo(2, 12);
    // Jensen's alpha per bar is the intercept 0.001; annualized ×252 = 0.252.
    expect(ab.alpha).toBeCloseTo(0.252, 12);
  });
});

describe('trade metrics', () => {
  // Three trades: +100 (return 10 %), −50 (−5 %), +30 (3 %); durations 5, 2, 3 bars.
  const trades = {
    length: 3,
    entryIndex: Int32Array.from([0, 10, 20]),
    exitIndex: Int32Array.from([5, 12, 23]),
    size: f([10, 10, -10]),
    entryPrice: f([100, 100, 100]),
    exitPrice: f([110, 95, 97]),
    pnl: f([100, -50, 30]),
    returnPct: f([0.1, -0.05, 0.03]),
  };

  it('by hand', () => {
    const m = tradeMetrics(trades);
    expect(m.count).toBe(3);
    expect(m.winRate).toBeCloseTo(2 / 3, 14);
    // (100 + 30) / 50 = 2.6
    expect(m.profitFactor).toBeCloseTo(2.6, 14);
    expect(m.averageWinReturn).toBeCloseTo(0.065, 14);
    expect(m.averageLossReturn).toBeCloseTo(-0.05, 14);
    expect(m.averageReturn).toBeCloseTo(0.08 / 3, 14);
    expect(m.bestReturn).toBe(0.1);
    expect(m.worstReturn).toBe(-0.05);
    // Expectancy = mean pnl = 80/3 = 26.667 = (2/3)·65 + (1/3)·(−50)
    expect(m.expectancy).toBeCloseTo(80 / 3, 12);
    expect(m.maxDurationBars).toBe(5);
    expect(m.averageDurationBars).toBeCloseTo(10 / 3, 14);
    // σ(pnl): deviations 73.33, −76.67, 3.33 → ss = 5377.8 + 5877.8 + 11.1 = 11266.7; /2 → σ = 75.055
    // SQN = √3 · 26.667 / 75.055 = 0.6154
    expect(m.sqn).toBeCloseTo(0.6154, 4);
    // Kelly = W − (1 − W)/R, R = 65/50 = 1.3 → 0.6667 − 0.3333/1.3 = 0.41026
    expect(m.kelly).toBeCloseTo(2 / 3 - 1 / 3 / 1.3, 12);
  });

  it('NaN, not zero, without trades', () => {
    const m = tradeMetrics({ ...trades, length: 0 });
    expect(m.count).toBe(0);
    expect(m.winRate).toBeNaN();
    expect(m.profitFactor).toBeNaN();
    expect(m.sqn).toBeNaN();
  });

  it('infinite profit factor with wins only', () => {
    expect(tradeMetrics({ ...trades, length: 1 }).profitFactor).toBe(Infinity);
  });
});

describe('exposure time', () => {
  it('counts bars with a position', () => {
    expect(exposureTime(f([0, 0.5, 1, 0]))).toBe(0.5);
    expect(exposureTime(f([]))).toBeNaN();
  });
});
