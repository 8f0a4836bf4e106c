import { Order, OrderRequest } from '../../model/order';
import { PositionView } from '../../model/position';
import { BarSeries } from '../../series/bar-series';

/** The current (just closed) bar of one symbol; one cursor per symbol is reused for the whole run. */
export interface BarCursor {
  readonly symbol: string;
  readonly index: number;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Price fields a strategy may read. */
export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume';

/** What a strategy sees and can do in `onBar`: bars up to and including the current one, never later. */
export interface StrategyContext {
  /** Index of the bar that just closed. */
  readonly index: number;
  readonly time: number;
  readonly symbols: readonly string[];
  readonly equity: number;
  readonly cash: number;
  /** Returns the current bar of `symbol` (default: the first symbol). */
  bar(symbol?: string | number): BarCursor;
  /** Returns `field` of `symbol` `barsAgo` bars before the current one (0 = now); NaN before the first bar. */
  value(field: PriceField, barsAgo?: number, symbol?: string | number): number;
  /** Returns the last `length` values of `field` up to and including the current bar, as a view. */
  history(field: PriceField, length: number, symbol?: string | number): Float64Array;
  position(symbol?: string | number): PositionView;
  /**
   * Asks to hold `weight` × equity in `symbol` (negative = short), traded at the next fill time.
   * Repeating the last target does nothing, so a strategy may call it on every bar; with
   * `rebalance`, a repeated weight trades too, back from where prices let the holding drift.
   */
  setTarget(symbol: string | number, weight: number, options?: { readonly rebalance?: boolean }): void;
  submit(request: OrderRequest): Order;
  /** Cancels a pending order; returns whether it was still pending. */
  cancel(orderId: number): boolean;
  /** Submits a market order that flattens `symbol`, if it is not flat. */
  closePosition(symbol?: string | number): Order | undefined;
  openOrders(symbol?: string | number): readonly Order[];
}

/** What `init` receives: the whole series, for precomputing causal indicators only. */
export interface StrategySetup {
  readonly symbols: readonly string[];
  readonly length: number;
  series(symbol?: string | number): BarSeries;
}

/**
 * An event-driven strategy. Indicators computed in `init` over the whole series must be causal
 * (value at i uses bars ≤ i), as every kernel in `kernels/indicators` is; `onBar` sees only the past.
 */
export interface EventStrategy {
  init?(setup: StrategySetup): void;
  onBar(ctx: StrategyContext): void;
}
