import { ExecutionParams } from './costs';
import { createLedger, Ledger, markToMarket } from './ledger';
import { liquidateAll, rebalanceToTargets } from './rebalance';

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
}

/** Per-bar outputs of {@link simulateTargets}, each of length n. */
export interface SimulationBuffers {
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Gross notional of open positions at the close, over equity. */
  readonly exposure: Float64Array;
}

/**
 * Simulates a portfolio of k symbols over n bars from target weights, in one pass without per-bar
 * allocation. `open`, `close` and `target` are column-major n × k matrices (symbol s, bar i at
 * s·n + i). A target acts when it differs from the last finite target of its symbol; NaN means
 * "no decision". Writes equity, cash and exposure at each close into `out` and returns the ledger
 * holding fills and trades.
 */
export function simulateTargets(
  open: Float64Array,
  close: Float64Array,
  target: Float64Array,
  n: number,
  k: number,
  p: SimulationParams,
  out: SimulationBuffers,
): Ledger {
  const ledger = createLedger(k, p.initialCash, 64);
  const pending = new Float64Array(k);
  const last = new Float64Array(k).fill(NaN);
  const atClose = p.fillTiming === 'same_close';
  for (let i = 0; i < n; i++) {
    const decided = atClose ? i : i - 1;
    if (decided >= 0) {
      let any = false;
      for (let s = 0; s < k; s++) {
        const t = target[s * n + decided];
        if (t === t && t !== last[s]) {
          pending[s] = t;
          last[s] = t;
          any = true;
        } else {
          pending[s] = NaN;
        }
      }
      if (any) rebalanceToTargets(ledger, pending, atClose ? close : open, n, i, p, p.leverage, i);
    }
    if (p.closeAtEnd && i === n - 1) liquidateAll(ledger, close, n, i, p, i);
    const equity = markToMarket(ledger, close, n, i);
    let gross = 0;
    for (let s = 0; s < k; s++) gross += Math.abs(ledger.quantity[s]) * close[s * n + i];
    out.equity[i] = equity;
    out.cash[i] = ledger.cash;
    out.exposure[i] = equity > 0 ? gross / equity : gross > 0 ? Infinity : 0;
  }
  return ledger;
}
