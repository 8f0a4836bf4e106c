import { FillColumns } from '../kernels/ledger';
import { OrderSide } from './enums';

/** One execution, immutable. */
export interface Fill {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Units, always positive; see `side`. */
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  readonly barIndex: number;
  /** Epoch ms of the bar on which the fill happened. */
  readonly time: number;
}

/** Returns the fill rows of a ledger as records (for reports and APIs; not for hot loops). */
export function fillsOf(fills: FillColumns, symbols: readonly string[], time: Float64Array): Fill[] {
  const out: Fill[] = [];
  for (let r = 0; r < fills.length; r++) {
    const q = fills.quantity[r];
    out.push({
      symbol: symbols[fills.symbolIndex[r]],
      side: q > 0 ? 'buy' : 'sell',
      quantity: Math.abs(q),
      price: fills.price[r],
      commission: fills.commission[r],
      barIndex: fills.barIndex[r],
      time: time[fills.barIndex[r]],
    });
  }
  return out;
}
