import { Ledger } from '../kernels/ledger';

/** Read-only view of one symbol's position in a ledger; it reflects fills as they happen. */
export class PositionView {
  constructor(
    private readonly ledger: Ledger,
    readonly symbol: string,
    private readonly symbolIndex: number,
  ) {}

  /** Signed units held: positive long, negative short, 0 flat. */
  get quantity(): number {
    return this.ledger.quantity[this.symbolIndex];
  }

  get averagePrice(): number {
    return this.ledger.averagePrice[this.symbolIndex];
  }

  get isFlat(): boolean {
    return this.ledger.quantity[this.symbolIndex] === 0;
  }

  get isLong(): boolean {
    return this.ledger.quantity[this.symbolIndex] > 0;
  }

  get isShort(): boolean {
    return this.ledger.quantity[this.symbolIndex] < 0;
  }

  /** Returns the unrealised profit at `price`, before exit costs. */
  unrealizedPnl(price: number): number {
    const q = this.ledger.quantity[this.symbolIndex];
    return q === 0 ? 0 : q * (price - this.ledger.averagePrice[this.symbolIndex]);
  }
}
