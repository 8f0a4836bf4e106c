import { sliceBarSeries } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { backtest } from './backtest';

describe('backtest', () => {
  const goog = loadSharedData('GOOG.csv');
  // The same prices under another name, from bar 1,000 on: the run trades only on the bars both share.
  const late = { ...sliceBarSeries(goog, 1_000), symbol: 'LATE' };

  it('benchmarks a run against the first symbol on the bars it traded, when that symbol starts earlier', () => {
    const { result, stats } = backtest({ series: [goog, late], strategyId: 'momentum', parameters: { lookback: 20, top_n: 1 } });
    expect(result.time.length).toBe(goog.length - 1_000);
    const first = goog.close[1_000];
    const last = goog.close[goog.length - 1];
    expect(stats.buyAndHoldReturnPct).toBeCloseTo((last / first - 1) * 100, 10);
    expect(Number.isFinite(stats.beta)).toBe(true);
    expect(Number.isFinite(stats.alphaPct)).toBe(true);
  });
});
