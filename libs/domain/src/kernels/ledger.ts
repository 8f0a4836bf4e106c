import { FLAT_TOLERANCE } from './costs';

/** Growable columnar record of fills; one row per executed order. */
export interface FillColumns {
  length: number;
  symbolIndex: Int32Array;
  barIndex: Int32Array;
  /** Signed units: positive buys, negative sells. */
  quantity: Float64Array;
  price: Float64Array;
  commission: Float64Array;
}

/**
 * Growable columnar record of closed trades. A trade row is written each time a fill reduces or
 * closes a position (vectorbt's "exit trades"): its entry price is the position's average entry price.
 */
export interface TradeColumns {
  length: number;
  symbolIndex: Int32Array;
  entryIndex: Int32Array;
  exitIndex: Int32Array;
  /** Signed units: positive long, negative short. */
  size: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  /** Net profit after the entry commission share and the exit commission. */
  pnl: Float64Array;
  /** `pnl` divided by the entry notional |size| × entryPrice. */
  returnPct: Float64Array;
  commission: Float64Array;
}

/**
 * Cash and per-symbol positions, mutated only by {@link applyFill}. Both engines keep their books
 * in a ledger, so that the same fill gives the same cash, position and trade in either engine.
 */
export interface Ledger {
  cash: number;
  readonly symbols: number;
  readonly quantity: Float64Array;
  readonly averagePrice: Float64Array;
  /** Commission paid on entry fills of the open position not yet attributed to a closed trade. */
  readonly entryCommission: Float64Array;
  /** Bar index of the fill that opened the current position; -1 when flat. */
  readonly entryIndex: Int32Array;
  readonly fills: FillColumns;
  readonly trades: TradeColumns;
}

function growInt(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function growFloat(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

/** Returns an empty ledger for `symbols` instruments holding `cash`. */
export function createLedger(symbols: number, cash: number, capacity = 64): Ledger {
  const cap = Math.max(4, capacity);
  return {
    cash,
    symbols,
    quantity: new Float64Array(symbols),
    averagePrice: new Float64Array(symbols),
    entryCommission: new Float64Array(symbols),
    entryIndex: new Int32Array(symbols).fill(-1),
    fills: {
      length: 0,
      symbolIndex: new Int32Array(cap),
      barIndex: new Int32Array(cap),
      quantity: new Float64Array(cap),
      price: new Float64Array(cap),
      commission: new Float64Array(cap),
    },
    trades: {
      length: 0,
      symbolIndex: new Int32Array(cap),
      entryIndex: new Int32Array(cap),
      exitIndex: new Int32Array(cap),
      size: new Float64Array(cap),
      entryPrice: new Float64Array(cap),
      exitPrice: new Float64Array(cap),
      pnl: new Float64Array(cap),
      returnPct: new Float64Array(cap),
      commission: new Float64Array(cap),
    },
  };
}

/**
 * Empties `l` for a new run holding `cash`, keeping its column buffers: a parameter sweep runs
 * every set on one ledger instead of allocating fifteen typed arrays per set.
 */
export function resetLedger(l: Ledger, cash: number): Ledger {
  l.cash = cash;
  l.quantity.fill(0);
  l.averagePrice.fill(0);
  l.entryCommission.fill(0);
  l.entryIndex.fill(-1);
  l.fills.length = 0;
  l.trades.length = 0;
  return l;
}

function ensureFillCapacity(f: FillColumns): void {
  if (f.length < f.symbolIndex.length) return;
  const size = f.symbolIndex.length * 2;
  f.symbolIndex = growInt(f.symbolIndex, size);
  f.barIndex = growInt(f.barIndex, size);
  f.quantity = growFloat(f.quantity, size);
  f.price = growFloat(f.price, size);
  f.commission = growFloat(f.commission, size);
}

function ensureTradeCapacity(t: TradeColumns): void {
  if (t.length < t.symbolIndex.length) return;
  const size = t.symbolIndex.length * 2;
  t.symbolIndex = growInt(t.symbolIndex, size);
  t.entryIndex = growInt(t.entryIndex, size);
  t.exitIndex = growInt(t.exitIndex, size);
  t.size = growFloat(t.size, size);
  t.entryPrice = growFloat(t.entryPrice, size);
  t.exitPrice = growFloat(t.exitPrice, size);
  t.pnl = growFloat(t.pnl, size);
  t.returnPct = growFloat(t.returnPct, size);
  t.commission = growFloat(t.commission, size);
}

function recordTrade(
  l: Ledger,
  s: number,
  size: number,
  exitPrice: number,
  exitCommission: number,
  entryCommission: number,
  barIndex: number,
): void {
  const t = l.trades;
  ensureTradeCapacity(t);
  const row = t.length++;
  const entryPrice = l.averagePrice[s];
  const commission = entryCommission + exitCommission;
  const pnl = size * (exitPrice - entryPrice) - commission;
  t.symbolIndex[row] = s;
  t.entryIndex[row] = l.entryIndex[s];
  t.exitIndex[row] = barIndex;
  t.size[row] = size;
  t.entryPrice[row] = entryPrice;
  t.exitPrice[row] = exitPrice;
  t.pnl[row] = pnl;
  t.returnPct[row] = pnl / (Math.abs(size) * entryPrice);
  t.commission[row] = commission;
}

/**
 * Applies one fill of signed `quantity` units of symbol `s` at `price` with `commission` on bar
 * `barIndex`: updates cash, position and average price, and writes a trade row for any part that
 * reduces the position. A fill that crosses zero closes the old position and opens the rest anew.
 */
export function applyFill(l: Ledger, s: number, quantity: number, price: number, commission: number, barIndex: number): void {
  const f = l.fills;
  ensureFillCapacity(f);
  const row = f.length++;
  f.symbolIndex[row] = s;
  f.barIndex[row] = barIndex;
  f.quantity[row] = quantity;
  f.price[row] = price;
  f.commission[row] = commission;

  l.cash -= quantity * price + commission;
  const held = l.quantity[s];
  const absQty = Math.abs(quantity);
  if (held === 0 || Math.sign(held) === Math.sign(quantity)) {
    const total = held + quantity;
    l.averagePrice[s] = (held * l.averagePrice[s] + quantity * price) / total;
    l.entryCommission[s] += commission;
    if (held === 0) l.entryIndex[s] = barIndex;
    l.quantity[s] = total;
    return;
  }
  const closing = Math.min(absQty, Math.abs(held));
  const closeShare = closing / absQty;
  const entryShare = (l.entryCommission[s] * closing) / Math.abs(held);
  recordTrade(l, s, Math.sign(held) * closing, price, commission * closeShare, entryShare, barIndex);
  l.entryCommission[s] -= entryShare;
  const remaining = held + quantity;
  if (Math.abs(remaining) < FLAT_TOLERANCE) {
    l.quantity[s] = 0;
    l.averagePrice[s] = 0;
    l.entryCommission[s] = 0;
    l.entryIndex[s] = -1;
  } else if (Math.sign(remaining) === Math.sign(held)) {
    l.quantity[s] = remaining;
  } else {
    l.quantity[s] = remaining;
    l.averagePrice[s] = price;
    l.entryCommission[s] = commission * (1 - closeShare);
    l.entryIndex[s] = barIndex;
  }
}

/** Returns cash plus every position marked at `prices[s * stride + i]`. */
export function markToMarket(l: Ledger, prices: Float64Array, stride: number, i: number): number {
  let equity = l.cash;
  for (let s = 0; s < l.symbols; s++) {
    const q = l.quantity[s];
    if (q !== 0) equity += q * prices[s * stride + i];
  }
  return equity;
}
