import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ExecutionCompletedEvent, ExecutionStartedEvent, MessageBus, RedisBus, topicFor, Topics } from '@nautilus/messagebus';
import { BacktestsService } from '../backtests/backtests.service';
import { ServiceConfig } from '../core/service-config';
import { MESSAGE_BUS, SERVICE_CONFIG } from '../core/tokens';
import { JobEvent, JobRunner } from '../jobs/job-runner';
import { MetricsRecorder } from '../metrics/metrics-recorder';
import { WildcardRedisServer } from './wildcard-redis.server';

/**
 * Publishes what happens in the service on the bus: job starts and ends, and every
 * `busIntervalMs` the health and performance snapshots. A publish that fails because Redis is
 * down is counted and dropped; the jobs themselves never wait on the bus.
 */
@Injectable()
export class MessagingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('messagebus');
  private transport?: WildcardRedisServer;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private published = 0;
  private failed = 0;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly runner: JobRunner,
    private readonly metrics: MetricsRecorder,
    private readonly backtests: BacktestsService,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.runner.onEvent((event) => void this.publishJobEvent(event));
    this.timer = setInterval(() => void this.publishSnapshots(), this.config.busIntervalMs);
    this.timer.unref();
  }

  /** Records the Redis transport that serves the inbound topics, for /health. */
  attachTransport(transport: WildcardRedisServer): void {
    this.transport = transport;
  }

  /** What /health reports about the bus: measured state only. */
  status() {
    const redis = this.bus instanceof RedisBus ? this.bus.options : undefined;
    return {
      mode: this.bus.distributed ? 'redis' : 'in-process',
      connected: this.bus.distributed && this.bus.connected,
      ...(redis ? { host: redis.host, port: redis.port } : { detail: 'MESSAGEBUS_REDIS_HOST not set; events stay in this process' }),
      inbound: this.transport ? { listening: this.transport.connected } : { listening: false },
      events_published: this.published,
      events_failed: this.failed,
    };
  }

  private async publish(topic: string, payload: unknown): Promise<void> {
    try {
      await this.bus.publish(topic, payload);
      this.published++;
    } catch (error) {
      this.failed++;
      if (this.failed === 1 || this.failed % 100 === 0) this.logger.warn(`publish on ${topic} failed (${(error as Error).message}); ${this.failed} failed so far`);
    }
  }

  private async publishJobEvent(event: JobEvent): Promise<void> {
    if (event.kind === 'started') {
      const payload: ExecutionStartedEvent = { execution_id: event.id, backtest_type: event.type, started_at: event.at };
      return this.publish(topicFor(Topics.ExecutionStarted, event.id), payload);
    }
    const payload: ExecutionCompletedEvent = {
      execution_id: event.id,
      backtest_type: event.type,
      status: event.status,
      completed_at: event.at,
      processing_time_ms: event.processingTimeMs,
      ...(event.error ? { error: event.error } : {}),
      ...(event.headline ?? {}),
    };
    const pattern = event.type === 'parameter_optimization' ? Topics.OptimizationCompleted : Topics.ExecutionCompleted;
    return this.publish(topicFor(pattern, event.id), payload);
  }

  private async publishSnapshots(): Promise<void> {
    const at = new Date().toISOString();
    await this.publish(Topics.HealthMetrics, { at, uptime_seconds: (Date.now() - this.metrics.startedAt) / 1000, executions: this.backtests.counters(), message_bus: this.status() });
    await this.publish(Topics.PerformanceSummary, { at, ...this.metrics.snapshot() });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.bus.close();
  }
}
