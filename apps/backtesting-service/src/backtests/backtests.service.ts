import { ConflictException, Inject, Injectable, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { checkAllocationSpec, ObjectiveSpec, planCrossValidation, planWalkForward, RangeSpec } from '@nautilus/analytics';
import { BarSeries, NotFoundError, parseBacktestConfig, StrategyRegistry, ValidationError } from '@nautilus/domain';
import { ONNX_MODEL_STRATEGY_ID } from '@nautilus/hardware-router';
import { FrequencyAwareSource } from '@nautilus/marketdata-client';
import { JOB_STORE, MARKET_DATA, SERVICE_CONFIG, STRATEGY_REGISTRY } from '../core/tokens';
import { ServiceConfig } from '../core/service-config';
import { JobRecord, JobStatus, newJobRecord } from '../jobs/job-record';
import { JobRunner } from '../jobs/job-runner';
import { JobStore } from '../jobs/job-store';
import { BacktestRunRequest, PortfolioSpec, SeriesColumns, StudyRequest, StudySearch } from '../jobs/run-request';
import { MetricsRecorder } from '../metrics/metrics-recorder';
import { parseOnnxParameters } from './onnx-parameters';
import { barsOf, configOf, jobViewOf, rangeOf } from './backtests.mapper';
import { CreateBacktestDto } from './dto/create-backtest.dto';

/** The strategy id a portfolio_optimization job reports: its allocation, not a registered strategy. */
const PORTFOLIO_STRATEGY_ID = 'portfolio_allocation';

/** Runs `check`, reporting any validation error under `prefix` (walk_forward.parameter_ranges.fast). */
function withPrefix(prefix: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(`${prefix}.${error.field}`, error.expected, error.found);
    throw error;
  }
}

/** Returns the columns of `s` for a worker message. */
export function columnsOf(s: BarSeries): SeriesColumns {
  return { symbol: s.symbol, time: s.time, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume };
}

/** Accepts, validates, queues and reports backtest jobs; the arithmetic lives in the libraries. */
@Injectable()
export class BacktestsService implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(STRATEGY_REGISTRY) private readonly registry: StrategyRegistry,
    @Inject(MARKET_DATA) private readonly market: FrequencyAwareSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly runner: JobRunner,
    private readonly metrics: MetricsRecorder,
  ) {
    runner.registerLoader('*', (id) => this.requestOf(id));
  }

  /** Marks jobs a crash left running as interrupted and re-queues the accepted ones that never ran. */
  onApplicationBootstrap(): void {
    const { queued } = this.store.recover(new Date().toISOString());
    for (const job of queued) this.runner.enqueue(job.id);
  }

  /** Validates `dto` completely (so bad input never becomes a job) and queues it; returns the job view. */
  async submit(dto: CreateBacktestDto) {
    try {
      await this.validate(dto);
    } catch (error) {
      this.metrics.recordRejected((error as { code?: string }).code ?? 'invalid');
      throw error;
    }
    const job = newJobRecord(dto.backtest_name, dto.backtest_type, dto);
    this.store.insert(job);
    this.runner.enqueue(job.id);
    return jobViewOf(job);
  }

  private async validate(dto: CreateBacktestDto): Promise<void> {
    const { start, end } = rangeOf(dto);
    if (!(end >= start)) throw new ValidationError('end_date', `a date on or after start_date (${dto.start_date})`, dto.end_date);
    if (dto.symbols.length > this.config.maxSymbols) throw new ValidationError('symbols', `at most ${this.config.maxSymbols} symbols`, String(dto.symbols.length));
    if (new Set(dto.symbols.map((s) => s.toUpperCase())).size !== dto.symbols.length) throw new ValidationError('symbols', 'distinct symbols', dto.symbols.join(', '));
    const portfolio = dto.backtest_type === 'portfolio_optimization' ? this.portfolioSpecOf(dto) : undefined;
    if (portfolio) checkAllocationSpec({ ...portfolio, periodsPerYear: 252 }, dto.symbols.length);
    const warmup = portfolio ? portfolio.lookbackBars : dto.strategy_id === ONNX_MODEL_STRATEGY_ID ? this.onnxOf(dto).warmupBars : this.strategyWarmup(dto);
    parseBacktestConfig(configOf(dto));
    for (const symbol of [...dto.symbols, ...(dto.benchmark_symbol ? [dto.benchmark_symbol] : [])]) {
      if (!(await this.market.has(symbol))) {
        throw new NotFoundError(symbol === dto.benchmark_symbol && !dto.symbols.includes(symbol) ? 'benchmark_symbol' : 'symbols', symbol);
      }
    }
    const series = await Promise.all(dto.symbols.map((s) => barsOf(this.market, dto, s)));
    const bars = Math.min(...series.map((s) => s.length));
    const total = series.reduce((n, s) => n + s.length, 0);
    if (total > this.config.maxBarsPerJob) {
      throw new ValidationError('end_date', `a range of at most ${this.config.maxBarsPerJob} bars over all symbols (BACKTESTING_MAX_BARS)`, `${total} bars`);
    }
    if (bars <= warmup) {
      const why = portfolio ? 'portfolio_optimization.lookback_bars' : `${dto.strategy_id}'s warm-up`;
      throw new ValidationError('start_date', `a range with more than ${warmup} bars (${why})`, `${bars} bars from ${dto.start_date} to ${dto.end_date}`);
    }
    const study = this.studyOf(dto);
    if (study?.kind === 'monte_carlo') {
      const steps = study.nSteps ?? bars;
      if (study.nPaths * steps > this.config.maxMonteCarloCells) {
        throw new ValidationError('monte_carlo.n_paths', `n_paths × n_steps ≤ ${this.config.maxMonteCarloCells}`, `${study.nPaths} × ${steps}`);
      }
    } else if (study && study.kind !== 'portfolio_optimization') {
      const field = study.kind;
      withPrefix(field, () => {
        const request = {
          series,
          strategyId: dto.strategy_id,
          baseParameters: dto.strategy_parameters ?? {},
          parameterRanges: study.search.parameterRanges as Record<string, RangeSpec>,
          config: configOf(dto),
          target: study.search.target as ObjectiveSpec,
          constraints: study.search.constraints,
          maxGridSize: study.search.maxGridSize,
          registry: this.registry,
        };
        const limits = { maxEvaluations: study.search.maxEvaluations };
        if (study.kind === 'walk_forward') {
          planWalkForward(request, { trainBars: study.trainBars, testBars: study.testBars, ...(study.stepBars ? { stepBars: study.stepBars } : {}), anchored: study.anchored, ...limits });
        } else {
          planCrossValidation(request, { folds: study.folds, purgeBars: study.purgeBars, embargoBars: study.embargoBars, ...limits });
        }
      });
    }
  }

  /** Checks an onnx_model request: one symbol, a plain backtest, and its model parameters. */
  private onnxOf(dto: CreateBacktestDto) {
    if (dto.backtest_type !== 'strategy_validation') throw new ValidationError('backtest_type', `strategy_validation for ${ONNX_MODEL_STRATEGY_ID}`, dto.backtest_type);
    if (dto.symbols.length !== 1) throw new ValidationError('symbols', `one symbol for ${ONNX_MODEL_STRATEGY_ID}`, String(dto.symbols.length));
    return parseOnnxParameters(dto.strategy_parameters, this.config.modelsDir);
  }

  /** Checks the strategy and its parameters; returns its warm-up in bars. */
  private strategyWarmup(dto: CreateBacktestDto): number {
    if (dto.strategy_id === undefined) throw new ValidationError('strategy_id', 'a registered strategy id', 'nothing');
    const definition = this.registry.get(dto.strategy_id);
    return definition.warmupBars(this.registry.parameters(dto.strategy_id, dto.strategy_parameters, dto.symbols.length));
  }

  /** Returns the allocation of a portfolio_optimization request; its allocation replaces strategy_id. */
  private portfolioSpecOf(dto: CreateBacktestDto): PortfolioSpec {
    if (dto.strategy_id !== undefined && dto.strategy_id !== PORTFOLIO_STRATEGY_ID) {
      throw new ValidationError('strategy_id', `absent (or '${PORTFOLIO_STRATEGY_ID}'): portfolio_optimization.method chooses the weights`, dto.strategy_id);
    }
    const p = dto.portfolio_optimization ?? {};
    return {
      method: p.method ?? 'min_variance',
      lookbackBars: p.lookback_bars ?? 60,
      rebalanceBars: p.rebalance_bars ?? 21,
      bounds: { min: p.min_weight ?? 0, max: p.max_weight ?? 1 },
      shrinkage: p.shrinkage ?? 'ledoit_wolf',
      riskFreeRate: dto.risk_free_rate ?? 0,
    };
  }

  /** Returns the study a backtest type asks for, from its settings object (required for walk_forward and cross_validation). */
  private studyOf(dto: CreateBacktestDto): StudyRequest | undefined {
    const searchOf = (s: { parameter_ranges: Record<string, unknown>; optimization_target?: unknown; constraints?: string[] }): StudySearch => ({
      parameterRanges: s.parameter_ranges,
      target: s.optimization_target ?? 'sharpe_ratio',
      constraints: s.constraints ?? [],
      maxGridSize: this.config.maxGridSize,
      maxEvaluations: this.config.maxStudyEvaluations,
    });
    switch (dto.backtest_type) {
      case 'monte_carlo': {
        const mc = dto.monte_carlo ?? {};
        return {
          kind: 'monte_carlo',
          method: mc.method ?? 'block_bootstrap',
          nPaths: mc.n_paths ?? 1000,
          ...(mc.n_steps === undefined ? {} : { nSteps: mc.n_steps }),
          seed: mc.seed ?? 0,
          meanBlockLength: mc.mean_block_length ?? 20,
          threads: this.config.sweepThreads,
        };
      }
      case 'walk_forward': {
        const wf = dto.walk_forward;
        if (!wf) throw new ValidationError('walk_forward', 'an object with parameter_ranges, train_bars and test_bars', 'nothing');
        return { kind: 'walk_forward', search: searchOf(wf), trainBars: wf.train_bars, testBars: wf.test_bars, ...(wf.step_bars ? { stepBars: wf.step_bars } : {}), anchored: wf.anchored ?? false };
      }
      case 'cross_validation': {
        const cv = dto.cross_validation;
        if (!cv) throw new ValidationError('cross_validation', 'an object with parameter_ranges (and folds, purge_bars, embargo_bars)', 'nothing');
        return { kind: 'cross_validation', search: searchOf(cv), folds: cv.folds ?? 5, purgeBars: cv.purge_bars ?? 0, embargoBars: cv.embargo_bars ?? 0 };
      }
      case 'portfolio_optimization':
        return { kind: 'portfolio_optimization', spec: this.portfolioSpecOf(dto) };
      default:
        return undefined;
    }
  }

  /** Builds the worker request of a stored job, loading its bars. */
  private async requestOf(id: string): Promise<BacktestRunRequest> {
    const job = this.store.get(id) as JobRecord;
    const dto = JSON.parse(job.request) as CreateBacktestDto;
    const series = await Promise.all(dto.symbols.map((s) => barsOf(this.market, dto, s)));
    const benchmark = dto.benchmark_symbol ? await barsOf(this.market, dto, dto.benchmark_symbol) : undefined;
    const study = this.studyOf(dto);
    return {
      task: 'backtest',
      jobId: id,
      strategyId: dto.strategy_id ?? PORTFOLIO_STRATEGY_ID,
      parameters: dto.strategy_parameters ?? {},
      config: configOf(dto) as Record<string, unknown>,
      engine: dto.engine ?? 'vector',
      series: series.map(columnsOf),
      ...(benchmark ? { benchmark: columnsOf(benchmark) } : {}),
      ...(study ? { study } : {}),
      ...(dto.strategy_id === ONNX_MODEL_STRATEGY_ID ? { onnx: this.onnxOf(dto).spec } : {}),
    };
  }

  private job(id: string): JobRecord {
    const job = this.store.get(id);
    if (!job || job.type === 'parameter_optimization') throw new NotFoundException({ message: `backtest '${id}' not found`, field: 'id', error: 'not_found' });
    return job;
  }

  get(id: string) {
    return jobViewOf(this.job(id), this.runner.liveOf(id));
  }

  list(status: JobStatus | undefined, page: number, pageSize: number) {
    const { items, total } = this.store.list(status, pageSize, (page - 1) * pageSize, 'parameter_optimization');
    return { items: items.map((j) => jobViewOf(j, this.runner.liveOf(j.id))), page, page_size: pageSize, total, total_pages: Math.ceil(total / pageSize) };
  }

  /** Returns the stored result of a completed job; 409 while it is not completed. */
  results(id: string): Record<string, unknown> {
    const job = this.job(id);
    if (job.status !== 'completed') {
      throw new ConflictException({ message: `backtest '${id}' is ${job.status}; results exist once it is completed`, field: 'id', error: 'not_completed', status: job.status });
    }
    return this.store.result(id) as Record<string, unknown>;
  }

  cancel(id: string) {
    const job = this.job(id);
    if (job.status !== 'queued' && job.status !== 'running') {
      throw new ConflictException({ message: `backtest '${id}' is already ${job.status}`, field: 'id', error: 'not_cancellable', status: job.status });
    }
    this.runner.cancel(id);
    return this.get(id);
  }

  /** Execution counters for /health, from the store (so they survive restarts) and the runner. */
  counters() {
    const by = this.store.countByStatus();
    const succeeded = by.completed ?? 0;
    const failed = (by.failed ?? 0) + (by.failed_interrupted ?? 0);
    const finished = succeeded + failed;
    return {
      executed: finished + (by.cancelled ?? 0),
      in_progress: this.runner.runningCount,
      queued: this.runner.queuedCount,
      succeeded,
      failed,
      cancelled: by.cancelled ?? 0,
      success_rate: finished ? succeeded / finished : null,
      mean_execution_time_ms: this.store.meanProcessingTimeMs(),
    };
  }
}
