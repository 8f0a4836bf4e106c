import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { detectHardware } from '@nautilus/hardware-router';
import { MarketDataSource } from '@nautilus/marketdata-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BacktestsService } from '../backtests/backtests.service';
import { ServiceConfig } from '../core/service-config';
import { MARKET_DATA, SERVICE_CONFIG } from '../core/tokens';
import { findWorkspaceRoot } from '../core/workspace-root';
import { MessagingService } from '../messaging/messaging.service';
import { MetricsRecorder } from '../metrics/metrics-recorder';

const VERSION = (JSON.parse(readFileSync(join(findWorkspaceRoot(), 'package.json'), 'utf8')) as { version: string }).version;
const hardware = detectHardware();

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly backtests: BacktestsService,
    private readonly metrics: MetricsRecorder,
    private readonly messaging: MessagingService,
    @Inject(MARKET_DATA) private readonly market: MarketDataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Liveness, measured counters and which optional parts are connected.' })
  async health() {
    return {
      status: 'ok',
      version: VERSION,
      uptime_seconds: (Date.now() - this.metrics.startedAt) / 1000,
      executions: this.backtests.counters(),
      components: {
        message_bus: this.messaging.status(),
        marketdata: { source: this.market.name, symbols: (await this.market.listSymbols()).length, directories: this.config.dataDirectories },
        marketdata_hub: { configured: false },
        database: { engine: 'sqlite', path: this.config.dbPath },
        workers: { max_concurrent: this.config.maxConcurrent, worker_threads: hardware.workerThreads, parallelism: hardware.parallelism },
        onnx: { available: hardware.onnx.available, providers: hardware.onnx.providers, ...(hardware.onnx.reason ? { reason: hardware.onnx.reason } : {}) },
      },
    };
  }
}
