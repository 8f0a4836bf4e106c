import { createLedger, Ledger } from '../kernels/ledger';
import { PositionView } from './position';

/** Cash and positions of several symbols, long or short, backed by a {@link Ledger}. */
export class Portfolio {
  readonly ledger: Ledger;
  private readonly views: PositionView[];
  private readonly indexBySymbol: Map<string, number>;

  constructor(readonly symbols: readonly string[], initialCash: number) {
    this.ledger = createLedger(symbols.length, initialCash);
    this.views = symbols.map((s, i) => new PositionView(this.ledger, s, i));
    this.indexBySymbol = new Map(symbols.map((s, i) => [s, i]));
  }

  get cash(): number {
    return this.ledger.cash;
  }

  /** Returns the index of `symbol`, or -1. */
  indexOf(symbol: string): number {
    return this.indexBySymbol.get(symbol) ?? -1;
  }

  /** Returns the position view of symbol index `s`. */
  position(s: number): PositionView {
    return this.views[s];
  }

  /** Returns cash plus positions marked at `prices[s * stride + i]`. */
  equityAt(prices: Float64Array, stride: number, i: number): number {
    let equity = this.ledger.cash;
    for (let s = 0; s < this.symbols.length; s++) {
      const q = this.ledger.quantity[s];
      if (q !== 0) equity += q * prices[s * stride + i];
    }
    return equity;
  }
}
