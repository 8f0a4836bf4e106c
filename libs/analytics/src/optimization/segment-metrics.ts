import { TradeColumns } from '@nautilus/domain';
import { annualizedReturn } from '../metrics/annualized-return';
import { calmarRatio } from '../metrics/calmar-ratio';
import { drawdownSummary } from '../metrics/drawdown';
import { returnsFromEquity } from '../metrics/returns';
import { sharpeRatio } from '../metrics/sharpe-ratio';
import { sortinoRatio } from '../metrics/sortino-ratio';
import { tradeMetrics } from '../metrics/trade-metrics';
import { SegmentMetrics } from './objective';

/**
 * Returns the metrics of bars [start, end) of a run: the equity curve restricted to them and the
 * trades that closed inside them. `scratch` (length ≥ end − start − 1) receives the returns, so a
 * sweep allocates nothing per parameter set.
 */
export function segmentMetrics(
  equity: Float64Array,
  trades: TradeColumns,
  start: number,
  end: number,
  periodsPerYear: number,
  riskFreeRate: number,
  scratch: Float64Array,
): SegmentMetrics {
  const curve = equity.subarray(start, end);
  const returns = returnsFromEquity(curve, scratch.subarray(0, Math.max(0, curve.length - 1)));
  const cagr = annualizedReturn(curve, periodsPerYear);
  const dd = drawdownSummary(curve).maxDrawdown;
  // Trades are appended in exit order, so the ones closing in [start, end) are one contiguous run.
  let first = 0;
  while (first < trades.length && trades.exitIndex[first] < start) first++;
  let last = first;
  while (last < trades.length && trades.exitIndex[last] < end) last++;
  const tm = tradeMetrics({
    length: last - first,
    entryIndex: trades.entryIndex.subarray(first, last),
    exitIndex: trades.exitIndex.subarray(first, last),
    size: trades.size.subarray(first, last),
    entryPrice: trades.entryPrice.subarray(first, last),
    exitPrice: trades.exitPrice.subarray(first, last),
    pnl: trades.pnl.subarray(first, last),
    returnPct: trades.returnPct.subarray(first, last),
  });
  return {
    totalReturn: curve.length ? curve[curve.length - 1] / curve[0] - 1 : NaN,
    annualizedReturn: cagr,
    sharpeRatio: sharpeRatio(returns, periodsPerYear, riskFreeRate),
    sortinoRatio: sortinoRatio(returns, periodsPerYear, riskFreeRate),
    calmarRatio: calmarRatio(cagr, dd),
    maxDrawdown: dd,
    profitFactor: tm.profitFactor,
    numTrades: tm.count,
    winRate: tm.winRate,
  };
}
