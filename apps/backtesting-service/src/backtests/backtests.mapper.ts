import { BacktestConfigInput, BarSeries } from '@nautilus/domain';
import { FrequencyAwareSource } from '@nautilus/marketdata-client';
import { JobRecord, LiveJobState } from '../jobs/job-record';
import { CreateBacktestDto } from './dto/create-backtest.dto';

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

/** Loads the bars of `symbol` for a request: its date range, at its frequency (resampled from finer bars when needed). */
export function barsOf(market: FrequencyAwareSource, dto: CreateBacktestDto, symbol: string): Promise<BarSeries> {
  return market.load(symbol, rangeOf(dto), dto.frequency ?? '1d');
}

/**
 * Returns the API view of a job record, with the runner's live state while it runs. Its status is the
 * stored one, except `cancelling` for a running job whose cancel has been asked for: its worker takes
 * a moment to stop, and "running" would tell the client the cancel did not take.
 */
export function jobViewOf(job: JobRecord, live?: LiveJobState) {
  const running = job.status === 'running';
  return {
    execution_id: job.id,
    backtest_name: job.name,
    backtest_type: job.type,
    status: running && live?.cancelling ? 'cancelling' : job.status,
    // Live progress only while running: a worker stores the final state before the API thread hears of it.
    progress_percentage: running ? live?.progress ?? job.progress : job.progress,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    processing_time_ms: job.processingTimeMs,
    data_points_processed: job.dataPointsProcessed,
    orders_executed: job.ordersExecuted,
    trades_completed: job.tradesCompleted,
    memory_usage_mb: job.memoryUsageMb,
    hardware_used: job.hardwareUsed,
    error: job.error,
    links: { self: `/backtests/${job.id}`, results: `/backtests/${job.id}/results`, report: `/backtests/${job.id}/report` },
  };
}
