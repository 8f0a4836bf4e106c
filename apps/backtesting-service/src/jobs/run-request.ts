/** A job handed to a worker, with when it started (its processing time counts from there). */
export interface WorkerJob {
  readonly request: RunRequest;
  readonly startedAtMs: number;
}

/** What a worker needs to run one job: the validated request and the bars as plain columns. */
export type RunRequest = BacktestRunRequest | OptimizeRunRequest;

/** One backtest. */
export interface BacktestRunRequest {
  readonly task: 'backtest';
  readonly jobId: string;
  readonly strategyId: string;
  readonly parameters: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly engine: 'vector' | 'event';
  readonly series: readonly SeriesColumns[];
  readonly benchmark?: SeriesColumns;
  readonly study?: StudyRequest;
  /** Set for strategy_id onnx_model: the model and how its outputs become positions. */
  readonly onnx?: OnnxModelSpec;
}

/** A validated onnx_model request (see docs/ml-strategies.md). */
export interface OnnxModelSpec {
  /** Relative to `modelsDir`; resolved again in the worker, inside that folder only. */
  readonly model: string;
  readonly modelsDir: string;
  readonly features: { readonly log_returns: number; readonly rsi?: number; readonly zscore?: number };
  readonly mode: 'threshold' | 'sign' | 'argmax';
  readonly threshold?: number;
  readonly longOnly?: boolean;
  readonly positionSize?: number;
}

/** The search a walk-forward or cross-validation runs in each window or fold. */
export interface StudySearch {
  readonly parameterRanges: Record<string, unknown>;
  readonly target: unknown;
  readonly constraints: readonly string[];
  readonly maxGridSize: number;
  /** Windows (folds) × parameter sets a walk-forward (cross-validation) may run. */
  readonly maxEvaluations: number;
}

/** A study run on top of a backtest, by backtest_type. */
export type StudyRequest =
  | {
      readonly kind: 'monte_carlo';
      readonly method: 'bootstrap' | 'block_bootstrap' | 'trade_reshuffle' | 'gbm';
      readonly nPaths: number;
      readonly nSteps?: number;
      readonly seed: number;
      readonly meanBlockLength: number;
      /** Threads the study may use in this process (the job's worker and a pool of threads − 1); the numbers do not depend on it. */
      readonly threads: number;
    }
  | { readonly kind: 'walk_forward'; readonly search: StudySearch; readonly trainBars: number; readonly testBars: number; readonly stepBars?: number; readonly anchored: boolean }
  | { readonly kind: 'cross_validation'; readonly search: StudySearch; readonly folds: number; readonly purgeBars: number; readonly embargoBars: number }
  | { readonly kind: 'portfolio_optimization'; readonly spec: PortfolioSpec };

/** The allocation of a portfolio_optimization job (the library's AllocationSpec without the inferred bar frequency). */
export interface PortfolioSpec {
  readonly method: 'min_variance' | 'max_sharpe' | 'risk_parity' | 'equal_weight';
  readonly lookbackBars: number;
  readonly rebalanceBars: number;
  readonly bounds: { readonly min: number; readonly max: number };
  readonly shrinkage: 'none' | 'ledoit_wolf';
  readonly riskFreeRate: number;
}

/** One parameter search over the bars of a base backtest. */
export interface OptimizeRunRequest {
  readonly task: 'optimize';
  readonly jobId: string;
  readonly baseJobId: string;
  readonly strategyId: string;
  readonly baseParameters: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly series: readonly SeriesColumns[];
  readonly search: {
    readonly parameterRanges: Record<string, unknown>;
    readonly target: unknown;
    readonly method: 'grid' | 'random' | 'bayesian';
    readonly maxIterations?: number;
    readonly seed: number;
    readonly inSampleFraction: number;
    readonly constraints: readonly string[];
    readonly maxGridSize: number;
  };
  /** Threads the search may use in this process (the job's worker and a pool of threads - 1). */
  readonly threads: number;
  /** Present when the sweep is split into chunks for worker processes (DISTRIBUTED=1). */
  readonly distributed?: { readonly host: string; readonly port: number; readonly queueName?: string; readonly chunkSize: number };
}

/** Bar columns of one symbol, transferable to a worker. */
export interface SeriesColumns {
  readonly symbol: string;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** What a worker sends back. NaN stays NaN here; JSON turns it into null at the API. */
export interface RunOutput {
  readonly stats: Record<string, number>;
  readonly symbols: readonly string[];
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly close: Float64Array;
  readonly benchmark: Float64Array | null;
  readonly trades: readonly {
    symbol: string;
    size: number;
    entryTime: number;
    exitTime: number;
    entryIndex: number;
    exitIndex: number;
    entryPrice: number;
    exitPrice: number;
    pnl: number;
    returnPct: number;
    commission: number;
  }[];
  readonly fills: number;
  readonly bars: number;
  readonly heapUsedMb: number;
  /** The study's document (JSON-ready), for study backtest types. */
  readonly study?: Record<string, unknown>;
  readonly hardwareUsed: string;
  /** How the model ran, for onnx_model runs: rows, ms, provider, one batched call. */
  readonly inference?: Record<string, unknown>;
}

/** Messages from a worker. */
export type WorkerMessage =
  /** Sent once, first, when the worker starts: the nice value its thread reads back (os.getPriority(0)) after lowering it. */
  | { readonly kind: 'thread'; readonly nice: number; readonly error?: string }
  | { readonly kind: 'progress'; readonly fraction: number }
  | {
      readonly kind: 'done';
      readonly summary: RunSummary;
      /** The result document, when the worker did not store it itself (no database file). */
      readonly resultJson?: string;
      readonly headline: ResultHeadline;
      readonly completedAt: string;
      readonly processingTimeMs: number;
    }
  | { readonly kind: 'error'; readonly code: string; readonly field?: string; readonly message: string };

/** The few fields of a result that completion events carry, picked in the worker so the API thread never parses a result. */
export type ResultHeadline = Readonly<Partial<Record<'performance_metrics' | 'trades_summary' | 'best_parameters', Record<string, unknown>>>>;

/** Returns the headline fields of a result document. */
export function headlineOf(doc: Readonly<Record<string, unknown>>): ResultHeadline {
  const out: Record<string, Record<string, unknown>> = {};
  for (const key of ['performance_metrics', 'trades_summary', 'best_parameters'] as const) {
    const v = doc[key];
    if (v && typeof v === 'object') out[key] = v as Record<string, unknown>;
  }
  return out;
}

/** The counters of a finished run that the job record keeps. */
export interface RunSummary {
  readonly bars: number;
  readonly fills: number;
  readonly trades: number;
  readonly heapUsedMb: number;
  /** The executor that ran it (see JobRecord.hardwareUsed). */
  readonly hardwareUsed: string;
}
