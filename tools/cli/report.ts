import { BacktestReport, ReportInput, STATS_LABELS, Stats } from '@nautilus/analytics';
import { BarSeries, tradesOf } from '@nautilus/domain';

/**
 * Returns what `renderReportHtml` draws for a run: its stats under their table labels, the equity,
 * drawdown and first symbol's closes at the run's bars (that symbol is also the benchmark), and the
 * trades.
 */
export function reportInputOf(title: string, { result, stats }: BacktestReport, series: readonly BarSeries[]): ReportInput {
  const iso = (t: number) => new Date(t).toISOString();
  const metrics: Record<string, number | string | null> = {};
  for (const key of Object.keys(STATS_LABELS) as (keyof Stats)[]) {
    const v = stats[key];
    metrics[STATS_LABELS[key]] = key === 'start' || key === 'end' ? iso(v) : Number.isFinite(v) ? v : null;
  }
  const first = series[0];
  const closeAt = new Map<number, number>();
  for (let i = 0; i < first.length; i++) closeAt.set(first.time[i], first.close[i]);
  const close = Array.from(result.time, (t) => closeAt.get(t) ?? NaN);
  let peak = -Infinity;
  return {
    title,
    result: {
      symbols: result.symbols,
      performance_metrics: metrics,
      portfolio_performance: {
        timestamps: Array.from(result.time, iso),
        values: Array.from(result.equity),
        drawdowns: Array.from(result.equity, (v) => ((peak = Math.max(peak, v)), v / peak - 1)),
        close,
        benchmark_values: close,
      },
      trades: tradesOf(result.trades, result.symbols, result.time).map((t) => ({
        symbol: t.symbol,
        side: t.size > 0 ? 'long' : 'short',
        entry_time: iso(t.entryTime),
        exit_time: iso(t.exitTime),
        entry_price: t.entryPrice,
        exit_price: t.exitPrice,
        pnl: t.pnl,
      })),
    },
  };
}
