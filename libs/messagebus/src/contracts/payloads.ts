/** What the service answers to a request on an inbound topic. */
export type RequestReply = AcceptedReply | ErrorReply;

/** The job was validated and queued (or, for risk scenarios, run). */
export interface AcceptedReply {
  readonly status: 'accepted' | 'completed';
  readonly execution_id?: string;
  readonly optimization_id?: string;
  readonly [key: string]: unknown;
}

/** The request was refused; `field` names the failing input as the REST API does. */
export interface ErrorReply {
  readonly status: 'error';
  readonly error: string;
  readonly field?: string;
  readonly message: string;
}

/** Published on backtest.execution.started.<id>. */
export interface ExecutionStartedEvent {
  readonly execution_id: string;
  readonly backtest_type: string;
  readonly started_at: string;
}

/** Published on backtest.execution.completed.<id> and backtest.optimization.completed.<id>. */
export interface ExecutionCompletedEvent {
  readonly execution_id: string;
  readonly backtest_type: string;
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly completed_at: string;
  readonly processing_time_ms: number | null;
  readonly error?: string;
  /** The headline results of a completed job; the full document is at GET /backtests/:id/results. */
  readonly performance_metrics?: Record<string, unknown>;
  readonly trades_summary?: Record<string, unknown>;
  readonly best_parameters?: Record<string, unknown>;
}
