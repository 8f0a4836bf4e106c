import { inferPeriodsPerYear } from '@nautilus/domain';
import { alphaBeta } from './alpha-beta';
import { annualizedReturn } from './annualized-return';
import { annualizedVolatility } from './annualized-volatility';
import { calmarRatio } from './calmar-ratio';
import { drawdownSummary } from './drawdown';
import { exposureTime } from './exposure-time';
import { equityUntilRuin, returnsFromEquity } from './returns';
import { sharpeRatio } from './sharpe-ratio';
import { sortinoRatio } from './sortino-ratio';
import { totalReturn } from './total-return';
import { TradeInput, tradeMetrics } from './trade-metrics';
import { historicalCVaR, historicalVaR } from './value-at-risk';

/** What {@link computeStats} reads from a backtest. */
export interface StatsInput {
  /** Bar times, epoch ms UTC. */
  readonly time: Float64Array;
  /** Equity at each bar's close. */
  readonly equity: Float64Array;
  /** Gross exposure over equity per bar; a bar counts as exposed when it is above 0. */
  readonly exposure?: Float64Array;
  readonly trades: TradeInput;
  /** Benchmark prices aligned with `time` (e.g. the traded symbol's closes, for buy & hold). */
  readonly benchmark?: Float64Array;
}

/** Options of {@link computeStats}. */
export interface StatsOptions {
  /** Annual risk-free rate as a fraction (default 0). */
  readonly riskFreeRate?: number;
  /** Bars per year; inferred from `time` when absent (252 for weekday daily bars, 365 with weekends…). */
  readonly periodsPerYear?: number;
}

/**
 * The statistics of one run. Names ending in `Pct` are percentages (12.5 = 12.5 %). Undefined
 * quantities (a Sharpe ratio of a flat curve, a win rate without trades) are NaN, never invented.
 */
export interface Stats {
  readonly start: number;
  readonly end: number;
  readonly durationDays: number;
  readonly bars: number;
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
  readonly exposureTimePct: number;
  readonly equityInitial: number;
  readonly equityFinal: number;
  readonly equityPeak: number;
  readonly totalReturnPct: number;
  readonly buyAndHoldReturnPct: number;
  readonly annualizedReturnPct: number;
  readonly annualizedVolatilityPct: number;
  readonly sharpeRatio: number;
  readonly sortinoRatio: number;
  readonly calmarRatio: number;
  readonly maxDrawdownPct: number;
  readonly avgDrawdownPct: number;
  readonly maxDrawdownDurationBars: number;
  readonly maxDrawdownDurationDays: number;
  readonly avgDrawdownDurationBars: number;
  readonly valueAtRisk95Pct: number;
  readonly conditionalValueAtRisk95Pct: number;
  readonly alphaPct: number;
  readonly beta: number;
  readonly numTrades: number;
  readonly winRatePct: number;
  readonly bestTradePct: number;
  readonly worstTradePct: number;
  readonly avgTradePct: number;
  readonly avgWinPct: number;
  readonly avgLossPct: number;
  readonly maxTradeDurationBars: number;
  readonly avgTradeDurationBars: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly sqn: number;
  readonly kellyCriterion: number;
}

/**
 * Returns the statistics of a run: the one place that assembles them, so REST, the bus, the
 * studies and the tools all report the same numbers. Per-bar returns feed volatility, Sharpe,
 * Sortino, VaR and alpha/beta, annualized with `periodsPerYear`; they end at the first bar whose
 * equity is at or below zero, the last of them a loss of 100 % or more.
 */
export function computeStats(input: StatsInput, options: StatsOptions = {}): Stats {
  const { time, equity } = input;
  const n = equity.length;
  const ppy = options.periodsPerYear ?? inferPeriodsPerYear(time);
  const rf = options.riskFreeRate ?? 0;
  const returns = returnsFromEquity(equityUntilRuin(equity));
  const dd = drawdownSummary(equity, time);
  const cagr = annualizedReturn(equity, ppy);
  const trades = tradeMetrics(input.trades);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) if (equity[i] > peak) peak = equity[i];
  const bench = input.benchmark;
  const ab = bench && bench.length === n ? alphaBeta(returns, returnsFromEquity(bench), ppy, rf) : { alpha: NaN, beta: NaN };
  const pct = (x: number) => x * 100;
  return {
    start: n ? time[0] : NaN,
    end: n ? time[n - 1] : NaN,
    durationDays: n ? (time[n - 1] - time[0]) / 86_400_000 : 0,
    bars: n,
    periodsPerYear: ppy,
    riskFreeRate: rf,
    exposureTimePct: input.exposure ? pct(exposureTime(input.exposure)) : NaN,
    equityInitial: n ? equity[0] : NaN,
    equityFinal: n ? equity[n - 1] : NaN,
    equityPeak: n ? peak : NaN,
    totalReturnPct: pct(totalReturn(equity)),
    buyAndHoldReturnPct: bench && bench.length > 0 ? pct(bench[bench.length - 1] / bench[0] - 1) : NaN,
    annualizedReturnPct: pct(cagr),
    annualizedVolatilityPct: pct(annualizedVolatility(returns, ppy)),
    sharpeRatio: sharpeRatio(returns, ppy, rf),
    sortinoRatio: sortinoRatio(returns, ppy, rf),
    calmarRatio: calmarRatio(cagr, dd.maxDrawdown),
    maxDrawdownPct: pct(dd.maxDrawdown),
    avgDrawdownPct: pct(dd.averageDrawdown),
    maxDrawdownDurationBars: dd.maxDurationBars,
    maxDrawdownDurationDays: dd.maxDurationMs / 86_400_000,
    avgDrawdownDurationBars: dd.averageDurationBars,
    valueAtRisk95Pct: pct(historicalVaR(returns, 0.95)),
    conditionalValueAtRisk95Pct: pct(historicalCVaR(returns, 0.95)),
    alphaPct: pct(ab.alpha),
    beta: ab.beta,
    numTrades: trades.count,
    winRatePct: pct(trades.winRate),
    bestTradePct: pct(trades.bestReturn),
    worstTradePct: pct(trades.worstReturn),
    avgTradePct: pct(trades.averageReturn),
    avgWinPct: pct(trades.averageWinReturn),
    avgLossPct: pct(trades.averageLossReturn),
    maxTradeDurationBars: trades.maxDurationBars,
    avgTradeDurationBars: trades.averageDurationBars,
    profitFactor: trades.profitFactor,
    expectancy: trades.expectancy,
    sqn: trades.sqn,
    kellyCriterion: trades.kelly,
  };
}

