import { BarSeries } from '@nautilus/domain';

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
}
