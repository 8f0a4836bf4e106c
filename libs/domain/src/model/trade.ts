import { TradeColumns } from '../kernels/ledger';

/** One closed trade (or the closed part of a position), as a record. */
export interface Trade {
  readonly symbol: string;
  /** Signed units: positive long, negative short. */
  readonly size: number;
  readonly entryIndex: number;
  readonly exitIndex: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Net of commissions. */
  readonly pnl: number;
  /** `pnl` over entry notional, as a fraction. */
  readonly returnPct: number;
  readonly commission: number;
}

/** Returns the trade rows as records (for reports and APIs; not for hot loops). */
export function tradesOf(trades: TradeColumns, symbols: readonly string[], time: Float64Array): Trade[] {
  const out: Trade[] = [];
  for (let r = 0; r < trades.length; r++) {
    out.push({
      symbol: symbols[trades.symbolIndex[r]],
      size: trades.size[r],
      entryIndex: trades.entryIndex[r],
      exitIndex: trades.exitIndex[r],
      entryTime: time[trades.entryIndex[r]],
      exitTime: time[trades.exitIndex[r]],
      entryPrice: trades.entryPrice[r],
      exitPrice: trades.exitPrice[r],
      pnl: trades.pnl[r],
      returnPct: trades.returnPct[r],
      commission: trades.commission[r],
    });
  }
  return out;
}
