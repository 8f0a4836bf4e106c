import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { BacktestsController } from './backtests/backtests.controller';
import { BacktestsService } from './backtests/backtests.service';
import { ApiKeyGuard } from './common/guards/api-key.guard';
import { CoreModule } from './core/core.module';
import { ServiceConfig } from './core/service-config';
import { SERVICE_CONFIG } from './core/tokens';
import { DataController } from './data/data.controller';
import { DataService } from './data/data.service';
import { HealthController } from './health/health.controller';
import { JobRunner } from './jobs/job-runner';
import { MessagingController } from './messaging/messaging.controller';
import { MessagingService } from './messaging/messaging.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRecorder } from './metrics/metrics-recorder';
import { OptimizationController } from './optimization/optimization.controller';
import { OptimizationService } from './optimization/optimization.service';
import { ReportsController } from './reports/reports.controller';
import { StressController } from './stress/stress.controller';
import { StressService } from './stress/stress.service';

@Module({
  imports: [
    CoreModule,
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => ({
        throttlers: [{ ttl: config.rateLimitWindowMs, limit: config.rateLimit }],
        // Bus messages come through Redis, not from HTTP clients; Redis access is their limit.
        skipIf: (context) => context.getType() !== 'http',
      }),
    }),
  ],
  controllers: [HealthController, MetricsController, BacktestsController, ReportsController, OptimizationController, StressController, MessagingController, DataController],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    MetricsRecorder, JobRunner, BacktestsService, OptimizationService, StressService, MessagingService, DataService],
})
export class AppModule {}
