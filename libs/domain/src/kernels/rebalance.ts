import { affordableUnits, commissionFor, executionPrice, ExecutionParams, FLAT_TOLERANCE } from './costs';
import { applyFill, Ledger, markToMarket } from './ledger';

/**
 * Trades every symbol with a finite `target[s]` (fraction of equity, signed) towards that target at
 * `prices[s * stride + i]`, in two phases so that freed cash is available to new positions:
 * 1. closes positions whose target is zero or of the opposite sign, and shrinks positions whose
 *    target is smaller, sized against the equity marked before any trade;
 * 2. opens or grows positions, sized against the equity after phase 1, so that notional plus
 *    commission fits in |target| × equity and gross exposure stays within `leverage` × equity.
 * Within a phase symbols trade in index order. NaN targets are left alone.
 */
export function rebalanceToTargets(
  l: Ledger,
  target: Float64Array,
  prices: Float64Array,
  stride: number,
  i: number,
  p: ExecutionParams,
  leverage: number,
  barIndex: number,
): void {
  const k = l.symbols;
  const equityBefore = markToMarket(l, prices, stride, i);
  for (let s = 0; s < k; s++) {
    const t = target[s];
    const held = l.quantity[s];
    if (t !== t || held === 0) continue;
    const px = prices[s * stride + i];
    let qty = 0;
    if (t === 0 || Math.sign(t) !== Math.sign(held)) {
      qty = -held;
    } else {
      const desired = affordableUnits(Math.abs(t) * equityBefore, px, p);
      if (desired < Math.abs(held) - FLAT_TOLERANCE) qty = Math.sign(held) * desired - held;
    }
    if (qty !== 0) {
      const exec = executionPrice(Math.sign(qty), px, p.slippageBps);
      applyFill(l, s, qty, exec, commissionFor(Math.abs(qty), exec, p), barIndex);
    }
  }
  let gross = 0;
  let anyOpen = false;
  for (let s = 0; s < k; s++) {
    const t = target[s];
    if (t === t && t !== 0) anyOpen = true;
    gross += Math.abs(l.quantity[s]) * prices[s * stride + i];
  }
  if (!anyOpen) return;
  const equity = markToMarket(l, prices, stride, i);
  for (let s = 0; s < k; s++) {
    const t = target[s];
    if (t !== t || t === 0) continue;
    const side = Math.sign(t);
    const px = prices[s * stride + i];
    const exec = executionPrice(side, px, p.slippageBps);
    const held = l.quantity[s];
    const heldNotional = Math.abs(held) * px;
    const room = leverage * equity - (gross - heldNotional);
    const budget = Math.min(Math.abs(t) * equity, room);
    const desired = side * affordableUnits(budget, exec, p);
    const qty = desired - held;
    if (qty * side > FLAT_TOLERANCE) {
      applyFill(l, s, qty, exec, commissionFor(Math.abs(qty), exec, p), barIndex);
      gross += Math.abs(qty) * px;
    }
  }
}

/**
 * {@link rebalanceToTargets} for a ledger of one symbol and a finite target `t` at price `px`:
 * the same two phases with the same arithmetic in the same order, so the same fills to the bit,
 * without the loops over symbols and the length-1 target array. Single-symbol runs of both
 * engines and the sweep kernel trade through it.
 */
export function rebalanceOneSymbol(l: Ledger, t: number, px: number, p: ExecutionParams, leverage: number, barIndex: number): void {
  let held = l.quantity[0];
  if (held !== 0) {
    const equityBefore = l.cash + held * px;
    let qty = 0;
    if (t === 0 || Math.sign(t) !== Math.sign(held)) {
      qty = -held;
    } else {
      const desired = affordableUnits(Math.abs(t) * equityBefore, px, p);
      if (desired < Math.abs(held) - FLAT_TOLERANCE) qty = Math.sign(held) * desired - held;
    }
    if (qty !== 0) {
      const exec = executionPrice(Math.sign(qty), px, p.slippageBps);
      applyFill(l, 0, qty, exec, commissionFor(Math.abs(qty), exec, p), barIndex);
      held = l.quantity[0];
    }
  }
  if (t === 0) return;
  const equity = held !== 0 ? l.cash + held * px : l.cash;
  const side = Math.sign(t);
  const exec = executionPrice(side, px, p.slippageBps);
  // The general form leaves room for other symbols' gross notional; with one symbol there is none.
  const budget = Math.min(Math.abs(t) * equity, leverage * equity);
  const qty = side * affordableUnits(budget, exec, p) - held;
  if (qty * side > FLAT_TOLERANCE) applyFill(l, 0, qty, exec, commissionFor(Math.abs(qty), exec, p), barIndex);
}

/** Closes every open position at `prices[s * stride + i]` after slippage and commission. */
export function liquidateAll(l: Ledger, prices: Float64Array, stride: number, i: number, p: ExecutionParams, barIndex: number): void {
  for (let s = 0; s < l.symbols; s++) {
    const held = l.quantity[s];
    if (held === 0) continue;
    const exec = executionPrice(-Math.sign(held), prices[s * stride + i], p.slippageBps);
    applyFill(l, s, -held, exec, commissionFor(Math.abs(held), exec, p), barIndex);
  }
}
