/**
 * Returns each closed trade's return on the account: its P&L (net of commissions) over the
 * closed-trade equity before it, the initial capital plus the P&L of the trades listed before it
 * (give them in exit order, as the ledger lists them). These returns carry the run's sizing (cash
 * left aside, fractional positions, commissions), which a trade's price return does not, and they
 * telescope: compounded in any order they give (capital + Σ P&L) / capital, the run's own final
 * equity over its initial capital when every position was closed by the end (close_at_end).
 * Non-overlapping trades (one symbol, one position at a time) each get P&L / equity at entry.
 */
export function tradeAccountReturns(pnl: ArrayLike<number>, initialCapital: number): Float64Array {
  const out = new Float64Array(pnl.length);
  let equity = initialCapital;
  for (let i = 0; i < pnl.length; i++) {
    out[i] = pnl[i] / equity;
    equity += pnl[i];
  }
  return out;
}
