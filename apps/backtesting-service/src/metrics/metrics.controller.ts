import { Controller, Get, Header, Inject } from '@nestjs/common';
import { MarketDataSource } from '@nautilus/marketdata-client';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BacktestsService } from '../backtests/backtests.service';
import { marketDataStatus } from '../core/market-data-status';
import { MARKET_DATA } from '../core/tokens';
import { MetricsRecorder } from './metrics-recorder';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRecorder,
    private readonly backtests: BacktestsService,
    @Inject(MARKET_DATA) private readonly market: MarketDataSource,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Throughput, latency percentiles per job type and error counts, as measured.' })
  json() {
    const cache = marketDataStatus(this.market).cache;
    return { ...this.metrics.snapshot(), executions: this.backtests.counters(), ...(cache ? { marketdata_cache: cache } : {}) };
  }

  @Get('prometheus')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiProduces('text/plain')
  prometheus(): string {
    const s = this.metrics.snapshot();
    const c = this.backtests.counters();
    const lines: string[] = [
      '# HELP backtesting_uptime_seconds Seconds since the service started.',
      '# TYPE backtesting_uptime_seconds gauge',
      `backtesting_uptime_seconds ${s.uptime_seconds}`,
      '# HELP backtesting_jobs_completed_total Jobs completed by this process.',
      '# TYPE backtesting_jobs_completed_total counter',
      `backtesting_jobs_completed_total ${s.throughput.completed_total}`,
      '# HELP backtesting_jobs_in_progress Jobs running now.',
      '# TYPE backtesting_jobs_in_progress gauge',
      `backtesting_jobs_in_progress ${c.in_progress}`,
      '# HELP backtesting_jobs_queued Jobs waiting for a worker.',
      '# TYPE backtesting_jobs_queued gauge',
      `backtesting_jobs_queued ${c.queued}`,
      '# HELP backtesting_job_duration_ms Job execution time percentiles by job type.',
      '# TYPE backtesting_job_duration_ms summary',
    ];
    for (const [type, l] of Object.entries(s.latency_by_job_type)) {
      for (const [q, v] of [['0.5', l.p50_ms], ['0.95', l.p95_ms], ['0.99', l.p99_ms]] as const) {
        if (v !== null) lines.push(`backtesting_job_duration_ms{job_type="${type}",quantile="${q}"} ${v}`);
      }
      lines.push(`backtesting_job_duration_ms_count{job_type="${type}"} ${l.count}`);
    }
    lines.push('# HELP backtesting_http_request_duration_ms Time inside the service per route, percentiles of the last 10,000 requests.', '# TYPE backtesting_http_request_duration_ms summary');
    for (const [route, l] of Object.entries(s.http_latency_by_route)) {
      for (const [q, v] of [['0.5', l.p50_ms], ['0.95', l.p95_ms], ['0.99', l.p99_ms]] as const) {
        if (v !== null) lines.push(`backtesting_http_request_duration_ms{route="${route}",quantile="${q}"} ${v}`);
      }
      lines.push(`backtesting_http_request_duration_ms_count{route="${route}"} ${l.count}`);
    }
    const cache = marketDataStatus(this.market).cache;
    if (cache) {
      lines.push('# HELP backtesting_marketdata_cache_total Market-data cache lookups by outcome.', '# TYPE backtesting_marketdata_cache_total counter');
      lines.push(`backtesting_marketdata_cache_total{outcome="hit"} ${cache.hits}`, `backtesting_marketdata_cache_total{outcome="miss"} ${cache.misses}`);
      lines.push('# HELP backtesting_marketdata_cache_hit_ratio Share of lookups served from the cache.', '# TYPE backtesting_marketdata_cache_hit_ratio gauge');
      lines.push(`backtesting_marketdata_cache_hit_ratio ${cache.hit_rate}`);
    }
    lines.push('# HELP backtesting_errors_total Errors by type.', '# TYPE backtesting_errors_total counter');
    for (const [type, n] of Object.entries(s.errors_by_type)) lines.push(`backtesting_errors_total{type="${type}"} ${n}`);
    return `${lines.join('\n')}\n`;
  }
}
