import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HardwareProfile, workspaceRootOf } from '@nautilus/hardware-router';
import { MarketDataSource } from '@nautilus/marketdata-client';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { BacktestsService } from '../backtests/backtests.service';
import { ServiceConfig } from '../core/service-config';
import { HARDWARE, MARKET_DATA, SERVICE_CONFIG } from '../core/tokens';
import { marketDataStatus, symbolListStatus } from '../core/market-data-status';
import { Public } from '../common/guards/api-key.guard';
import { JobRunner } from '../jobs/job-runner';
import { MessagingService } from '../messaging/messaging.service';
import { MetricsRecorder } from '../metrics/metrics-recorder';

const VERSION = (JSON.parse(readFileSync(join(workspaceRootOf(), 'package.json'), 'utf8')) as { version: string }).version;

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly backtests: BacktestsService,
    private readonly metrics: MetricsRecorder,
    private readonly messaging: MessagingService,
    private readonly jobs: JobRunner,
    @Inject(MARKET_DATA) private readonly market: MarketDataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(HARDWARE) private readonly hardware: HardwareProfile,
  ) {}

  @Get()
  // Open (no API key, no rate limit) for probes; an empty requirement tells declareCommonAnswers so.
  @ApiOperation({ security: [] })
  @ApiOkResponse({ description: 'Liveness, measured counters and which optional parts are connected.' })
  health() {
    const market = marketDataStatus(this.market);
    // The cache's last symbol listing, with its age: polling /health never waits for the hub, and asks it at most once per TTL.
    const listing = symbolListStatus(this.market);
    const hub = market.members?.marketdata_hub;
    const hw = this.hardware;
    return {
      status: 'ok',
      version: VERSION,
      uptime_seconds: (Date.now() - this.metrics.startedAt) / 1000,
      executions: this.backtests.counters(),
      components: {
        message_bus: this.messaging.status(),
        marketdata: {
          source: market.source,
          symbols: listing.symbols,
          symbols_checked_seconds_ago: listing.checkedSecondsAgo,
          ...(market.members ?? {}),
          ...(market.cache ? { cache: market.cache } : {}),
        },
        marketdata_hub: hub?.configured
          ? { ...hub, reachable: listing.hubReachable, checked_seconds_ago: listing.checkedSecondsAgo, ...(listing.hubError ? { error: listing.hubError } : {}) }
          : { configured: false },
        database: { engine: 'sqlite', path: this.config.dbPath },
        workers: {
          max_concurrent: this.config.maxConcurrent,
          worker_threads: hw.workerThreads,
          parallelism: hw.parallelism,
          cpu_model: hw.cpuModel,
          // As each thread reads it for itself: what the OS scheduler sees, not what was asked for.
          api_thread_nice: getPriority(0),
          worker_thread_nice: this.jobs.workerThreadNice(),
        },
        onnx: { available: hw.onnx.available, ...(hw.onnx.version ? { version: hw.onnx.version } : {}), providers: hw.onnx.providers, ...(hw.onnx.reason ? { reason: hw.onnx.reason } : {}) },
        accelerators: hw.accelerators,
      },
    };
  }
}
