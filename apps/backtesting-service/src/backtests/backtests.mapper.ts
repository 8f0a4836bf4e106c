import { BacktestConfigInput } from '@nautilus/domain';
import { JobRecord } from '../jobs/job-record';
import { RunOutput } from '../jobs/run-request';
import { CreateBacktestDto } from './dto/create-backtest.dto';

const DAY_MS = 86_400_000;

/** Returns the domain config of a request (snake_case API → camelCase domain). */
export function configOf(dto: CreateBacktestDto): BacktestConfigInput {
  return {
    initialCapital: dto.initial_capital ?? 10_000,
    commission: {
      rate: dto.commission?.rate ?? 0,
      perUnit: dto.commission?.per_unit ?? 0,
      fixed: dto.commission?.fixed ?? 0,
      minimum: dto.commission?.minimum ?? 0,
    },
    slippageBps: dto.slippage_bps ?? 0,
    fillTiming: dto.fill_timing ?? 'next_open',
    lotSize: dto.lot_size ?? 1,
    closeAtEnd: dto.close_at_end ?? true,
    riskFreeRate: dto.risk_free_rate ?? 0,
  };
}

/** Returns the inclusive [start, end] range of a request in epoch ms (end is the last ms of end_date). */
export function rangeOf(dto: CreateBacktestDto): { start: number; end: number } {
  return { start: Date.parse(dto.start_date), end: Date.parse(dto.end_date.length === 10 ? `${dto.end_date}T23:59:59.999Z` : dto.end_date) };
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\d+)/g, '_$1').replace(/__/g, '_');

/** Returns the stored result of a run in the API's shape: metrics, series, trade summary and trades. */
export function resultOf(id: string, output: RunOutput) {
  const stats: Record<string, number | string | null> = {};
  for (const [k, v] of Object.entries(output.stats)) {
    stats[snake(k)] = k === 'start' || k === 'end' ? new Date(v).toISOString() : Number.isFinite(v) ? v : null;
  }
  const n = output.equity.length;
  const values = Array.from(output.equity);
  const returns = values.map((v, i) => (i === 0 ? 0 : v / values[i - 1] - 1));
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

/** Returns the API view of a job record. */
export function jobViewOf(job: JobRecord, liveProgress?: number) {
  return {
    execution_id: job.id,
    backtest_name: job.name,
    backtest_type: job.type,
    status: job.status,
    progress_percentage: liveProgress ?? job.progress,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    processing_time_ms: job.processingTimeMs,
    data_points_processed: job.dataPointsProcessed,
    orders_executed: job.ordersExecuted,
    trades_completed: job.tradesCompleted,
    memory_usage_mb: job.memoryUsageMb,
    error: job.error,
    links: { self: `/backtests/${job.id}`, results: `/backtests/${job.id}/results`, report: `/backtests/${job.id}/report` },
  };
}
