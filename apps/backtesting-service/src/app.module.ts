import { Module } from '@nestjs/common';
import { BacktestsController } from './backtests/backtests.controller';
import { BacktestsService } from './backtests/backtests.service';
import { CoreModule } from './core/core.module';
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
  imports: [CoreModule],
  controllers: [HealthController, MetricsController, BacktestsController, ReportsController, OptimizationController, StressController, MessagingController, DataController],
  providers: [MetricsRecorder, JobRunner, BacktestsService, OptimizationService, StressService, MessagingService, DataService],
})
export class AppModule {}
