import { backtestVectorized, computeSignals, parseBacktestConfig, alignMarket, StrategyRegistry, TradeColumns } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { annualizedReturn } from '../metrics/annualized-return';
import { calmarRatio } from '../metrics/calmar-ratio';
import { drawdownSummary } from '../metrics/drawdown';
import { returnsFromEquity } from '../metrics/returns';
import { sharpeRatio } from '../metrics/sharpe-ratio';
import { sortinoRatio } from '../metrics/sortino-ratio';
import { tradeMetrics } from '../metrics/trade-metrics';
import { segmentMetrics } from './segment-metrics';

const goog = loadSharedData('GOOG.csv');
const registry = new StrategyRegistry();

/**
 * The reference: each metric's own function on the segment's curve and the trades that closed
 * after its first bar, the base its returns start from.
 */
function composed(equity: Float64Array, trades: TradeColumns, start: number, end: number, ppy: number, rf: number) {
  const curve = equity.slice(start, end);
  const returns = returnsFromEquity(curve);
  const rows: number[] = [];
  for (let t = 0; t < trades.length; t++) if (trades.exitIndex[t] > start && trades.exitIndex[t] < end) rows.push(t);
  const pick = (a: Float64Array | Int32Array) => Float64Array.from(rows, (t) => a[t]);
  const tm = tradeMetrics({
    length: rows.length,
    entryIndex: Int32Array.from(rows, (t) => trades.entryIndex[t]),
    exitIndex: Int32Array.from(rows, (t) => trades.exitIndex[t]),
    size: pick(trades.size),
    entryPrice: pick(trades.entryPrice),
    exitPrice: pick(trades.exitPrice),
    pnl: pick(trades.pnl),
    returnPct: pick(trades.returnPct),
  });
  const cagr = annualizedReturn(curve, ppy);
  const dd = drawdownSummary(curve).maxDrawdown;
  return {
    totalReturn: curve.length ? curve[curve.length - 1] / curve[0] - 1 : NaN,
    annualizedReturn: cagr,
    sharpeRatio: sharpeRatio(returns, ppy, rf),
    sortinoRatio: sortinoRatio(returns, ppy, rf),
    calmarRatio: calmarRatio(cagr, dd),
    maxDrawdown: dd,
    profitFactor: tm.profitFactor,
    numTrades: tm.count,
    winRate: tm.winRate,
  };
}

describe('segmentMetrics', () => {
  const market = alignMarket([goog]);
  const n = market.n;
  const runs = [
    { fast: 10, slow: 20 },
    { fast: 5, slow: 60, allow_short: true },
    { fast: 2, slow: 3 },
  ].map((raw) => {
    const params = registry.parameters('sma_crossover', raw, 1);
    const config = parseBacktestConfig({ commission: { rate: 0.002 } });
    return backtestVectorized(config, market, computeSignals(registry.get('sma_crossover'), market, params));
  });
  const segments: [number, number][] = [
    [0, n],
    [0, 1500],
    [1499, n],
    [700, 702],
    [900, 901],
    [n, n],
  ];

  it.each(segments)('equals the metric functions bit for bit on bars [%i, %i), with and without a risk-free rate', (start, end) => {
    const scratch = new Float64Array(n);
    for (const run of runs) {
      for (const rf of [0, 0.03]) {
        expect(segmentMetrics(run.equity, run.trades, start, end, 252, rf, scratch)).toEqual(composed(run.equity, run.trades, start, end, 252, rf));
      }
    }
  });

  it('counts a trade closing on the bar two segments share in the earlier one only', () => {
    // [0, x + 1) ends on bar x and [x, n) starts from it as its base: a trade exiting on bar x is in
    // the first segment's last return and in none of the second's.
    const run = runs[0];
    const scratch = new Float64Array(n);
    const x = run.trades.exitIndex[5];
    const before = segmentMetrics(run.equity, run.trades, 0, x + 1, 252, 0, scratch).numTrades;
    const after = segmentMetrics(run.equity, run.trades, x, n, 252, 0, scratch).numTrades;
    expect(before).toBe(6);
    expect(before + after).toBe(segmentMetrics(run.equity, run.trades, 0, n, 252, 0, scratch).numTrades);
  });

  it('is not vacuous: the runs trade, win and lose, and the full segment has a drawdown', () => {
    for (const run of runs) {
      const m = segmentMetrics(run.equity, run.trades, 0, n, 252, 0, new Float64Array(n));
      expect(m.numTrades).toBeGreaterThan(10);
      expect(m.winRate).toBeGreaterThan(0);
      expect(m.winRate).toBeLessThan(1);
      expect(m.maxDrawdown).toBeLessThan(-0.05);
      expect(Number.isFinite(m.sharpeRatio)).toBe(true);
    }
  });
});
