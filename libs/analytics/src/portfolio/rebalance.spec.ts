import { alignMarket } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { optimizePortfolio } from './optimize-portfolio';

describe('optimizePortfolio rebalances', () => {
  it('trades the equal-weight portfolio back to equal weights at every rebalance', () => {
    const series = [loadSharedData('GOOG.csv'), loadSharedData('orcl-1995-2014.txt')];
    const market = alignMarket(series);
    const spec = { method: 'equal_weight' as const, lookbackBars: 60, rebalanceBars: 21, bounds: { min: 0, max: 1 }, shrinkage: 'none' as const, riskFreeRate: 0 };
    const r = optimizePortfolio({ series, spec, config: { lotSize: 0, closeAtEnd: false } });
    const { fills } = r.equalWeight.result;
    const units = new Float64Array(market.k);
    let f = 0;
    let checked = 0;
    for (const rebalance of r.rebalances) {
      const bar = rebalance.index + 1;
      if (bar >= market.n) break;
      while (f < fills.length && fills.barIndex[f] <= bar) units[fills.symbolIndex[f]] += fills.quantity[f++];
      // After the fills at the next open, each symbol holds half of what both hold, at that open.
      const value = (s: number) => units[s] * market.open[s * market.n + bar];
      expect(value(0) / (value(0) + value(1))).toBeCloseTo(0.5, 9);
      checked++;
    }
    // Not vacuous: prices moved between rebalances, so each rebalance after the first traded both symbols.
    expect(checked).toBeGreaterThan(50);
    expect(fills.length).toBeGreaterThan(2 * (checked - 1));
  });
});
