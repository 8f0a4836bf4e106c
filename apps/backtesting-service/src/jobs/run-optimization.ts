import { optimize, OptimizationResult, OptimizeRequest, RangeSpec, TrialResult, ObjectiveSpec } from '@nautilus/analytics';
import { createBarSeries, StrategyRegistry } from '@nautilus/domain';
import { parallelOptimize } from '@nautilus/hardware-router';
import { SweepCoordinator } from '@nautilus/messagebus';
import { jobPool } from './job-pool';
import { headlineOf, OptimizeRunRequest, ResultHeadline, RunSummary } from './run-request';

const pct = (x: number) => (Number.isFinite(x) ? x * 100 : null);
const num = (x: number) => (Number.isFinite(x) ? x : null);

function segment(m: TrialResult['inSample']) {
  return {
    total_return_pct: pct(m.totalReturn),
    annualized_return_pct: pct(m.annualizedReturn),
    sharpe_ratio: num(m.sharpeRatio),
    sortino_ratio: num(m.sortinoRatio),
    calmar_ratio: num(m.calmarRatio),
    max_drawdown_pct: pct(m.maxDrawdown),
    profit_factor: num(m.profitFactor),
    num_trades: m.numTrades,
    win_rate_pct: pct(m.winRate),
  };
}

function trial(t: TrialResult) {
  return { parameters: t.parameters, in_sample_score: num(t.inSampleScore), out_of_sample_score: num(t.outOfSampleScore), in_sample: segment(t.inSample), out_of_sample: segment(t.outOfSample) };
}

/** Returns the library request of a search job. */
function searchRequestOf(request: OptimizeRunRequest, onProgress: (fraction: number) => void, registry?: StrategyRegistry): OptimizeRequest {
  return {
    ...(registry ? { registry } : {}),
    series: request.series.map((s) => createBarSeries(s.symbol, s, { checkRange: false })),
    strategyId: request.strategyId,
    baseParameters: request.baseParameters,
    parameterRanges: request.search.parameterRanges as Record<string, RangeSpec>,
    config: request.config,
    target: request.search.target as ObjectiveSpec,
    method: request.search.method,
    ...(request.search.maxIterations === undefined ? {} : { maxIterations: request.search.maxIterations }),
    seed: request.search.seed,
    inSampleFraction: request.search.inSampleFraction,
    constraints: request.search.constraints,
    maxGridSize: request.search.maxGridSize,
    onProgress: (done, total) => onProgress(total ? done / total : 1),
  };
}

/**
 * Runs a parameter search and returns its summary and the stored result document: in this worker
 * thread, or, when the request says distributed, as chunks on the BullMQ queue that
 * apps/backtesting-worker processes drain.
 */
export async function runOptimization(
  request: OptimizeRunRequest,
  onProgress: (fraction: number) => void,
  registry?: StrategyRegistry,
): Promise<{ summary: RunSummary; resultJson: string; headline: ResultHeadline }> {
  const search = searchRequestOf(request, onProgress, registry);
  const t0 = Date.now();
  let r: OptimizationResult;
  // A Bayesian search picks each set from the scores so far, so it has no chunks to hand out.
  if (request.distributed && request.search.method !== 'bayesian') {
    const { host, port, queueName, chunkSize } = request.distributed;
    const coordinator = new SweepCoordinator({ host, port }, { chunkSize, ...(queueName ? { queueName } : {}) });
    try {
      r = await coordinator.run(request.jobId, search);
    } finally {
      await coordinator.close();
    }
  } else if (request.threads > 1) {
    r = await parallelOptimize(search, jobPool(request.threads));
  } else {
    r = optimize(search);
  }
  const time = search.series[0].time;
  const iso = (i: number) => new Date(time[Math.min(time.length - 1, i)]).toISOString();
  const document = {
    optimization_id: request.jobId,
    backtest_id: request.baseJobId,
    strategy_id: request.strategyId,
    method: r.method,
    optimization_target: request.search.target,
    seed: request.search.seed,
    grid_size: r.gridSize,
    iterations: r.evaluated,
    skipped_by_constraints: r.skippedByConstraints,
    search_time_ms: Date.now() - t0,
    distributed: request.distributed && request.search.method !== 'bayesian' ? { queue: request.distributed.queueName ?? 'nautilus-sweep-chunks', chunk_size: request.distributed.chunkSize } : null,
    in_sample: { start: iso(0), end: iso(r.splitIndex - 1), bars: r.splitIndex },
    // With in_sample_fraction 1 there is no out-of-sample bar, hence no dates and no score.
    out_of_sample: r.splitIndex < time.length ? { start: iso(r.splitIndex - 1), end: iso(time.length - 1), bars: time.length - r.splitIndex } : { start: null, end: null, bars: 0 },
    best_parameters: r.best.parameters,
    in_sample_score: num(r.best.inSampleScore),
    out_of_sample_score: num(r.best.outOfSampleScore),
    original_parameters: r.original.parameters,
    original_in_sample_score: num(r.original.inSampleScore),
    original_out_of_sample_score: num(r.original.outOfSampleScore),
    overfitting: {
      deflated_sharpe_ratio: num(r.deflatedSharpeRatio),
      method: 'Deflated Sharpe ratio of the best in-sample Sharpe given the number of trials and the variance of their Sharpe ratios (Bailey & López de Prado, 2014); below 0.5 the best result is likely a product of the search.',
      out_of_sample_minus_in_sample: num(r.best.outOfSampleScore - r.best.inSampleScore),
    },
    best: trial(r.best),
    original: trial(r.original),
    results: r.trials.map(trial),
  };
  const hardwareUsed =
    request.distributed && request.search.method !== 'bayesian'
      ? `bullmq_workers:${request.distributed.queueName ?? 'nautilus-sweep-chunks'}`
      : request.threads > 1 && request.search.method !== 'bayesian'
        ? `worker_thread + ${jobPool(request.threads).hardware}`
        : 'worker_thread';
  return { summary: { bars: time.length * r.evaluated, fills: 0, trades: r.best.inSample.numTrades + r.best.outOfSample.numTrades, heapUsedMb: 0, hardwareUsed }, resultJson: JSON.stringify(document), headline: headlineOf(document) };
}
