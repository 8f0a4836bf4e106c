import { Stats } from './compute-stats';

/** Label (with unit) of every stats key, in the order the table prints them. */
export const STATS_LABELS: Readonly<Record<keyof Stats, string>> = {
  start: 'Start',
  end: 'End',
  durationDays: 'Duration [days]',
  bars: 'Bars',
  periodsPerYear: 'Bars per year',
  riskFreeRate: 'Risk-free rate',
  exposureTimePct: 'Exposure Time [%]',
  equityInitial: 'Equity Initial [$]',
  equityFinal: 'Equity Final [$]',
  equityPeak: 'Equity Peak [$]',
  totalReturnPct: 'Return [%]',
  buyAndHoldReturnPct: 'Buy & Hold Return [%]',
  annualizedReturnPct: 'Return (Ann.) [%]',
  annualizedVolatilityPct: 'Volatility (Ann.) [%]',
  sharpeRatio: 'Sharpe Ratio',
  sortinoRatio: 'Sortino Ratio',
  calmarRatio: 'Calmar Ratio',
  maxDrawdownPct: 'Max. Drawdown [%]',
  avgDrawdownPct: 'Avg. Drawdown [%]',
  maxDrawdownDurationBars: 'Max. Drawdown Duration [bars]',
  maxDrawdownDurationDays: 'Max. Drawdown Duration [days]',
  avgDrawdownDurationBars: 'Avg. Drawdown Duration [bars]',
  valueAtRisk95Pct: 'VaR 95% (1 bar) [%]',
  conditionalValueAtRisk95Pct: 'CVaR 95% (1 bar) [%]',
  alphaPct: 'Alpha (Ann.) [%]',
  beta: 'Beta',
  numTrades: '# Trades',
  winRatePct: 'Win Rate [%]',
  bestTradePct: 'Best Trade [%]',
  worstTradePct: 'Worst Trade [%]',
  avgTradePct: 'Avg. Trade [%]',
  avgWinPct: 'Avg. Win [%]',
  avgLossPct: 'Avg. Loss [%]',
  maxTradeDurationBars: 'Max. Trade Duration [bars]',
  avgTradeDurationBars: 'Avg. Trade Duration [bars]',
  profitFactor: 'Profit Factor',
  expectancy: 'Expectancy [$]',
  sqn: 'SQN',
  kellyCriterion: 'Kelly Criterion',
};

function formatValue(key: keyof Stats, value: number): string {
  if (key === 'start' || key === 'end') return Number.isFinite(value) ? new Date(value).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z') : 'n/a';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(2) : value.toPrecision(6).replace(/\.?0+$/, '');
}

/** Returns the stats as a two-column text table, one `label  value` line per key. */
export function formatStats(stats: Stats): string {
  const keys = Object.keys(STATS_LABELS) as (keyof Stats)[];
  const width = Math.max(...keys.map((k) => STATS_LABELS[k].length)) + 2;
  return keys.map((k) => `${STATS_LABELS[k].padEnd(width)}${formatValue(k, stats[k]).padStart(16)}`).join('\n');
}
