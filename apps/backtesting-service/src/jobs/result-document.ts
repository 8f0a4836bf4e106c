import { equityUntilRuin } from '@nautilus/analytics';
import { RunOutput } from './run-request';

const DAY_MS = 86_400_000;

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\d+)/g, '_$1').replace(/__/g, '_');

/**
 * Returns the stored result of a run in the API's shape: metrics, series, trade summary and trades.
 * Built in the worker, so the main thread only stores a string.
 */
export function resultOf(id: string, output: RunOutput) {
  const stats: Record<string, number | string | null> = {};
  for (const [k, v] of Object.entries(output.stats)) {
    stats[snake(k)] = k === 'start' || k === 'end' ? new Date(v).toISOString() : Number.isFinite(v) ? v : null;
  }
  const n = output.equity.length;
  const values = Array.from(output.equity);
  // Past the first equity at or below zero a ratio of debts is no return (see computeStats): null there.
  const live = equityUntilRuin(output.equity).length;
  const returns = values.map((v, i) => (i === 0 ? 0 : i < live ? v / values[i - 1] - 1 : null));
  let peak = -Infinity;
  const drawdowns = values.map((v) => ((peak = Math.max(peak, v)), v / peak - 1));
  const trades = output.trades.map((t) => ({
    symbol: t.symbol,
    side: t.size > 0 ? 'long' : 'short',
    size: Math.abs(t.size),
    entry_time: new Date(t.entryTime).toISOString(),
    exit_time: new Date(t.exitTime).toISOString(),
    entry_price: t.entryPrice,
    exit_price: t.exitPrice,
    pnl: t.pnl,
    return_pct: t.returnPct * 100,
    commission: t.commission,
    duration_bars: t.exitIndex - t.entryIndex,
    duration_days: (t.exitTime - t.entryTime) / DAY_MS,
  }));
  const wins = trades.filter((t) => t.pnl > 0).length;
  return {
    execution_id: id,
    symbols: output.symbols,
    performance_metrics: stats,
    portfolio_performance: {
      timestamps: Array.from(output.time, (t) => new Date(t).toISOString()),
      values,
      returns,
      drawdowns,
      close: Array.from(output.close),
      benchmark_values: output.benchmark ? Array.from(output.benchmark) : null,
      points: n,
    },
    ...(output.study ? { study: output.study } : {}),
    ...(output.inference ? { inference: output.inference } : {}),
    trades_summary: {
      total_trades: trades.length,
      winning_trades: wins,
      losing_trades: trades.filter((t) => t.pnl < 0).length,
      win_rate_pct: trades.length ? (wins / trades.length) * 100 : null,
      total_pnl: trades.reduce((s, t) => s + t.pnl, 0),
      total_commission: trades.reduce((s, t) => s + t.commission, 0),
      orders_executed: output.fills,
    },
    trades,
  };
}

