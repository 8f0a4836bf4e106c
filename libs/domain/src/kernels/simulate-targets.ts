import { ExecutionParams } from './costs';
import { createLedger, Ledger, resetLedger } from './ledger';
import { liquidateAll, rebalanceOneSymbol, rebalanceToTargets } from './rebalance';

/** When a target decided on bar i trades. */
export const FillTiming = {
  /** At bar i+1's open: the default, and the only timing free of look-ahead for close-based signals. */
  NextOpen: 'next_open',
  /** At bar i's close (backtesting.py's `trade_on_close`); only honest if the signal is known before the close. */
  SameClose: 'same_close',
} as const;
export type FillTiming = (typeof FillTiming)[keyof typeof FillTiming];

/** Scalar settings of {@link simulateTargets}. */
export interface SimulationParams extends ExecutionParams {
  readonly initialCash: number;
  readonly fillTiming: FillTiming;
  readonly closeAtEnd: boolean;
  readonly leverage: number;
  /**
   * Whether a finite target equal to its symbol's last one trades too: a rebalance back to the
   * weight that prices moved the holding away from (allocations, momentum). Off by default: a
   * signal strategy that repeats its target means "keep holding", not "resize".
   */
  readonly rebalance?: boolean;
}

/** Per-bar outputs of {@link simulateTargets}, each of length n; `cash` and `exposure` are optional. */
export interface SimulationBuffers {
  readonly equity: Float64Array;
  readonly cash?: Float64Array;
  /** Gross notional of open positions at the close, over equity. */
  readonly exposure?: Float64Array;
}

/**
 * Simulates a portfolio of k symbols over n bars from target weights, in one pass without per-bar
 * allocation. `open`, `close` and `target` are column-major n × k matrices (symbol s, bar i at
 * s·n + i). A target acts when it differs from the last finite target of its symbol (any finite
 * target with `p.rebalance`); NaN means "no decision". Writes equity (and, when given, cash and
 * exposure) at each close into `out` and returns the ledger holding fills and trades. Bars without
 * a decision cost one read per symbol and one mark to market, which is what lets parameter sweeps
 * run at memory speed. A sweep passes `reuse`, a ledger of k symbols from an earlier run, which is
 * emptied and returned.
 */
export function simulateTargets(
  open: Float64Array,
  close: Float64Array,
  target: Float64Array,
  n: number,
  k: number,
  p: SimulationParams,
  out: SimulationBuffers,
  reuse?: Ledger,
): Ledger {
  const ledger = reuse && reuse.symbols === k ? resetLedger(reuse, p.initialCash) : createLedger(k, p.initialCash, initialRows(n, k));
  if (k === 1) {
    simulateOneSymbol(ledger, open, close, target, n, p, out);
    return ledger;
  }
  const pending = new Float64Array(k);
  const last = new Float64Array(k).fill(NaN);
  const atClose = p.fillTiming === 'same_close';
  const prices = atClose ? close : open;
  const equityOut = out.equity;
  const cashOut = out.cash;
  const exposureOut = out.exposure;
  const qty = ledger.quantity;
  const lastBar = p.closeAtEnd ? n - 1 : -1;
  // With rebalance, `last` stays NaN, which no target equals, so every finite target acts.
  const remember = p.rebalance !== true;
  for (let i = 0; i < n; i++) {
    const decided = atClose ? i : i - 1;
    if (decided >= 0) {
      let changed = false;
      for (let s = 0; s < k; s++) {
        const t = target[s * n + decided];
        if (t === t && t !== last[s]) {
          changed = true;
          break;
        }
      }
      if (changed) {
        for (let s = 0; s < k; s++) {
          const t = target[s * n + decided];
          pending[s] = t === t && t !== last[s] ? t : NaN;
          if (t === t && remember) last[s] = t;
        }
        rebalanceToTargets(ledger, pending, prices, n, i, p, p.leverage, i);
      }
    }
    if (i === lastBar) liquidateAll(ledger, close, n, i, p, i);
    let equity = ledger.cash;
    let gross = 0;
    for (let s = 0; s < k; s++) {
      const q = qty[s];
      if (q !== 0) {
        const v = q * close[s * n + i];
        equity += v;
        gross += v < 0 ? -v : v;
      }
    }
    equityOut[i] = equity;
    if (cashOut !== undefined) cashOut[i] = ledger.cash;
    if (exposureOut !== undefined) exposureOut[i] = equity > 0 ? gross / equity : gross > 0 ? Infinity : 0;
  }
  return ledger;
}

/**
 * Fill and trade rows a new ledger starts with: one per 64 bars of each symbol, between 64 and
 * 65,536. A million-bar run then grows its fourteen columns once or twice rather than nine times,
 * each growth a reallocation and copy of all of them (0.3 ms of a 5 ms run), and a short run
 * starts as small as before.
 */
function initialRows(n: number, k: number): number {
  return Math.min(65_536, Math.max(64, Math.ceil((n * k) / 64)));
}

/**
 * The k = 1 case of {@link simulateTargets}: the same decisions and fills, with position and cash
 * held in locals between trades, so a quiet bar costs one target read and one multiply-add.
 */
function simulateOneSymbol(
  ledger: Ledger,
  open: Float64Array,
  close: Float64Array,
  target: Float64Array,
  n: number,
  p: SimulationParams,
  out: SimulationBuffers,
): void {
  const atClose = p.fillTiming === 'same_close';
  const prices = atClose ? close : open;
  const lag = atClose ? 0 : 1;
  const { equity, cash: cashOut, exposure } = out;
  let last = NaN;
  let cash = ledger.cash;
  let q = 0;
  // No decision can fill before bar `lag` (bar 0 under next-open fills): those bars hold the starting cash.
  for (let i = 0; i < lag && i < n; i++) markBar(equity, cashOut, exposure, i, cash, 0);
  let i = lag;
  while (i < n) {
    // Bars up to the next trade, in a loop with no call in it: with the trade's call inside the
    // per-bar loop the run took a tenth longer, as the optimizer must assume the call changes what
    // it would otherwise keep in registers across bars.
    let px = 0;
    let t = NaN;
    for (; i < n; i++) {
      // The fill price is read on every bar, not only on a trade: read in sequence it streams from
      // the prefetcher, while a read at trades alone misses the cache once per trade on a long
      // series (a quarter of the run's time at a million bars).
      px = prices[i];
      t = target[i - lag];
      if (t === t && t !== last) break;
      markBar(equity, cashOut, exposure, i, cash, q * close[i]);
    }
    if (i === n) break;
    // With rebalance `last` stays NaN, so every finite target acts; read here, off the per-bar path.
    if (p.rebalance !== true) last = t;
    rebalanceOneSymbol(ledger, t, px, p, p.leverage, i);
    cash = ledger.cash;
    q = ledger.quantity[0];
    markBar(equity, cashOut, exposure, i, cash, q * close[i]);
    i++;
  }
  // The end-of-run liquidation comes after the last bar's trade and before its mark, so that bar
  // is marked again here and the loop needs no test for it.
  if (p.closeAtEnd && n > 0 && q !== 0) {
    liquidateAll(ledger, close, n, n - 1, p, n - 1);
    markBar(equity, cashOut, exposure, n - 1, ledger.cash, 0);
  }
}

/** Writes bar i's equity, and its cash and exposure when wanted, from cash and the position's value `v`. */
function markBar(
  equityOut: Float64Array,
  cashOut: Float64Array | undefined,
  exposureOut: Float64Array | undefined,
  i: number,
  cash: number,
  v: number,
): void {
  const equity = cash + v;
  equityOut[i] = equity;
  if (cashOut !== undefined) cashOut[i] = cash;
  if (exposureOut !== undefined) {
    const gross = v < 0 ? -v : v;
    exposureOut[i] = equity > 0 ? gross / equity : gross > 0 ? Infinity : 0;
  }
}
