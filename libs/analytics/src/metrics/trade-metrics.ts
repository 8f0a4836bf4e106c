import { TradeColumns } from '@nautilus/domain';

/** The trade columns the metrics read. */
export type TradeInput = Pick<TradeColumns, 'length' | 'entryIndex' | 'exitIndex' | 'size' | 'entryPrice' | 'exitPrice' | 'pnl' | 'returnPct'>;

/** Per-trade statistics; percentages are fractions here and scaled to % only in `computeStats`. */
export interface TradeMetrics {
  readonly count: number;
  /** Winners (pnl > 0) over all trades. */
  readonly winRate: number;
  /** Gross profit over |gross loss|; Infinity with profits and no losses, NaN without trades. */
  readonly profitFactor: number;
  readonly averageWinReturn: number;
  readonly averageLossReturn: number;
  readonly averageReturn: number;
  readonly bestReturn: number;
  readonly worstReturn: number;
  /** Mean pnl per trade in currency: W·avgWin + (1 − W)·avgLoss. */
  readonly expectancy: number;
  readonly maxDurationBars: number;
  readonly averageDurationBars: number;
  /** Van Tharp's System Quality Number √N·mean(pnl)/σ(pnl), sample σ. */
  readonly sqn: number;
  /** Kelly fraction W − (1 − W)/R with R = average win / |average loss| in currency. */
  readonly kelly: number;
}

/**
 * Returns the trade statistics of closed trades. Win rate, averages and best/worst use each
 * trade's return (pnl over entry notional); profit factor, expectancy, SQN and Kelly use pnl.
 * @see R. Pardo, The Evaluation and Optimization of Trading Strategies (2008), ch. 7; V. K. Tharp, SQN;
 *   J. L. Kelly, "A New Interpretation of Information Rate" (1956)
 */
export function tradeMetrics(trades: TradeInput): TradeMetrics {
  const n = trades.length;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let sumWinRet = 0;
  let sumLossRet = 0;
  let sumRet = 0;
  let best = -Infinity;
  let worst = Infinity;
  let sumPnl = 0;
  let sumWinPnl = 0;
  let sumLossPnl = 0;
  let maxDur = 0;
  let sumDur = 0;
  for (let t = 0; t < n; t++) {
    const pnl = trades.pnl[t];
    const ret = trades.returnPct[t];
    sumPnl += pnl;
    sumRet += ret;
    if (ret > best) best = ret;
    if (ret < worst) worst = ret;
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
      sumWinPnl += pnl;
      sumWinRet += ret;
    } else if (pnl < 0) {
      grossLoss -= pnl;
      sumLossPnl += pnl;
      sumLossRet += ret;
    }
    const dur = trades.exitIndex[t] - trades.entryIndex[t];
    sumDur += dur;
    if (dur > maxDur) maxDur = dur;
  }
  const meanPnl = n ? sumPnl / n : NaN;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (trades.pnl[t] - meanPnl) * (trades.pnl[t] - meanPnl);
  const sdPnl = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const winRate = n ? wins / n : NaN;
  const avgWinPnl = wins ? sumWinPnl / wins : NaN;
  const lossCount = trades.length - wins - countZero(trades);
  const avgLossPnl = lossCount ? sumLossPnl / lossCount : NaN;
  return {
    count: n,
    winRate,
    profitFactor: n === 0 ? NaN : grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? Infinity : NaN,
    averageWinReturn: wins ? sumWinRet / wins : NaN,
    averageLossReturn: lossCount ? sumLossRet / lossCount : NaN,
    averageReturn: n ? sumRet / n : NaN,
    bestReturn: n ? best : NaN,
    worstReturn: n ? worst : NaN,
    expectancy: meanPnl,
    maxDurationBars: n ? maxDur : NaN,
    averageDurationBars: n ? sumDur / n : NaN,
    sqn: sdPnl > 0 ? (Math.sqrt(n) * meanPnl) / sdPnl : NaN,
    kelly: wins && lossCount ? winRate - (1 - winRate) / (avgWinPnl / -avgLossPnl) : NaN,
  };
}

function countZero(trades: TradeInput): number {
  let z = 0;
  for (let t = 0; t < trades.length; t++) if (trades.pnl[t] === 0) z++;
  return z;
}
