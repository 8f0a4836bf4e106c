import { BacktestConfig } from '../config/backtest-config';
import { FillColumns, TradeColumns } from '../kernels/ledger';
import { Order } from '../model/order';

/** Which engine produced a result. */
export type EngineKind = 'vector' | 'event';

/** Raw outcome of a simulation; `computeStats` in @nautilus/analytics turns it into metrics. */
export interface BacktestResult {
  readonly engine: EngineKind;
  readonly config: BacktestConfig;
  readonly symbols: readonly string[];
  /** Bar times shared by all symbols (epoch ms, UTC). */
  readonly time: Float64Array;
  /** Equity at each bar's close. */
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Gross notional of open positions over equity at each close. */
  readonly exposure: Float64Array;
  readonly fills: FillColumns;
  readonly trades: TradeColumns;
  /** Orders of the event engine (empty for the vector engine, where every fill is one market order). */
  readonly orders: readonly Order[];
  /** Units held per symbol after the last bar. */
  readonly finalPositions: Float64Array;
}

/** Progress and cancellation hooks for long runs. */
export interface RunControl {
  /** Called every `progressEveryBars` bars with the fraction done in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
  /** Polled as often as progress; returning true stops the run with a CancelledError. */
  readonly shouldCancel?: () => boolean;
  readonly progressEveryBars?: number;
}
