import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ObjectiveSpec, planSearch, RangeSpec } from '@nautilus/analytics';
import { StrategyRegistry } from '@nautilus/domain';
import { FrequencyAwareSource } from '@nautilus/marketdata-client';
import { columnsOf } from '../backtests/backtests.service';
import { barsOf, configOf, jobViewOf } from '../backtests/backtests.mapper';
import { strategyBacktestOf } from '../backtests/base-backtest';
import { ServiceConfig } from '../core/service-config';
import { JOB_STORE, MARKET_DATA, SERVICE_CONFIG, STRATEGY_REGISTRY } from '../core/tokens';
import { JobRecord, newJobRecord } from '../jobs/job-record';
import { JobRunner } from '../jobs/job-runner';
import { JobStore } from '../jobs/job-store';
import { OptimizeRunRequest } from '../jobs/run-request';
import { CreateOptimizationDto } from './dto/create-optimization.dto';

export const OPTIMIZATION_JOB_TYPE = 'parameter_optimization';

/** Accepts parameter searches over a finished or queued backtest's setup and runs them on the worker pool. */
@Injectable()
export class OptimizationService {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(MARKET_DATA) private readonly market: FrequencyAwareSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(STRATEGY_REGISTRY) private readonly registry: StrategyRegistry,
    private readonly runner: JobRunner,
  ) {
    runner.registerLoader(OPTIMIZATION_JOB_TYPE, (id) => this.requestOf(id));
  }

  private async searchOf(dto: CreateOptimizationDto) {
    const base = strategyBacktestOf(this.store, dto.backtest_id);
    const series = await Promise.all(base.symbols.map((s) => barsOf(this.market, base, s)));
    const search = {
      parameterRanges: dto.parameter_ranges,
      target: dto.optimization_target ?? 'sharpe_ratio',
      method: dto.method ?? 'grid',
      ...(dto.max_iterations === undefined ? {} : { maxIterations: dto.max_iterations }),
      seed: dto.seed ?? 0,
      inSampleFraction: dto.in_sample_fraction ?? 0.7,
      constraints: dto.constraints ?? [],
      maxGridSize: this.config.maxGridSize,
    } as const;
    return { base, series, search };
  }

  /** Validates the whole search (ranges, grid size cap, target, constraints) before accepting it. */
  async submit(dto: CreateOptimizationDto) {
    const { base, series, search } = await this.searchOf(dto);
    planSearch({
      series,
      strategyId: base.strategy_id,
      baseParameters: base.strategy_parameters ?? {},
      parameterRanges: search.parameterRanges as Record<string, RangeSpec>,
      config: configOf(base),
      target: search.target as ObjectiveSpec,
      method: search.method,
      ...(search.maxIterations === undefined ? {} : { maxIterations: search.maxIterations }),
      seed: search.seed,
      inSampleFraction: search.inSampleFraction,
      constraints: search.constraints,
      maxGridSize: search.maxGridSize,
      registry: this.registry,
    });
    const job = newJobRecord(`optimize ${base.backtest_name}`, OPTIMIZATION_JOB_TYPE, dto);
    this.store.insert(job);
    this.runner.enqueue(job.id);
    return this.view(job);
  }

  private async requestOf(id: string): Promise<OptimizeRunRequest> {
    const dto = JSON.parse((this.store.get(id) as JobRecord).request) as CreateOptimizationDto;
    const { base, series, search } = await this.searchOf(dto);
    return {
      task: 'optimize',
      jobId: id,
      baseJobId: dto.backtest_id,
      strategyId: base.strategy_id,
      baseParameters: base.strategy_parameters ?? {},
      config: configOf(base) as Record<string, unknown>,
      series: series.map(columnsOf),
      search,
      threads: this.config.sweepThreads,
      ...(this.config.distributed ? { distributed: this.config.distributed } : {}),
    };
  }

  private view(job: JobRecord) {
    const { execution_id, links: _links, ...rest } = jobViewOf(job, this.runner.liveOf(job.id));
    return { optimization_id: execution_id, ...rest, links: { self: `/optimization/${job.id}` } };
  }

  /** Returns the job's state, and its full result once completed. */
  get(id: string) {
    const job = this.store.get(id);
    if (!job || job.type !== OPTIMIZATION_JOB_TYPE) throw new NotFoundException({ message: `optimization '${id}' not found`, field: 'id', error: 'not_found' });
    return { ...this.view(job), result: job.status === 'completed' ? this.store.result(id) : null };
  }

  cancel(id: string) {
    const job = this.get(id);
    // Asking again while the worker stops answers the same cancelling view, as for backtests.
    if (job.status !== 'queued' && job.status !== 'running' && job.status !== 'cancelling') {
      throw new ConflictException({ message: `optimization '${id}' is already ${job.status}`, field: 'id', error: 'not_cancellable' });
    }
    this.runner.cancel(id);
    return this.get(id);
  }
}
