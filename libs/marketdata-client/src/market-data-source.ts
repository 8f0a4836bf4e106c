import { BarColumns, BarSeries } from '@nautilus/domain';

/** A time range in epoch ms, both ends inclusive; absent ends are open. */
export interface TimeRange {
  readonly start?: number;
  readonly end?: number;
}

/** Where bars come from: local files, the embedded store, or a remote hub. */
export interface MarketDataSource {
  /** A short name for /health and logs. */
  readonly name: string;
  listSymbols(): Promise<string[]>;
  has(symbol: string): Promise<boolean>;
  /** Returns the bars of `symbol` in `range`; throws NotFoundError('symbols') or ValidationError('start_date') when empty. */
  load(symbol: string, range?: TimeRange): Promise<BarSeries>;
  /**
   * Returns the symbol's rows as stored, bad ones included (NaN where a cell is not a number), for
   * data validation; sources that can only hold valid bars may leave it out.
   */
  loadRaw?(symbol: string): Promise<Required<BarColumns>>;
}
