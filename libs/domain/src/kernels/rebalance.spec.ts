import { mulberry32 } from '../testing';
import { ExecutionParams } from './costs';
import { createLedger, Ledger } from './ledger';
import { rebalanceOneSymbol, rebalanceToTargets } from './rebalance';

/** Every number of the ledger, fills and trades included, compared with Object.is (NaN-exact, bit-exact). */
function expectSameLedger(a: Ledger, b: Ledger): void {
  expect(Object.is(a.cash, b.cash)).toBe(true);
  expect(Array.from(a.quantity)).toEqual(Array.from(b.quantity));
  expect(Array.from(a.averagePrice)).toEqual(Array.from(b.averagePrice));
  expect(Array.from(a.entryCommission)).toEqual(Array.from(b.entryCommission));
  expect(Array.from(a.entryIndex)).toEqual(Array.from(b.entryIndex));
  expect(a.fills.length).toBe(b.fills.length);
  expect(a.trades.length).toBe(b.trades.length);
  for (const key of ['barIndex', 'quantity', 'price', 'commission'] as const) {
    expect(Array.from(a.fills[key].subarray(0, a.fills.length))).toEqual(Array.from(b.fills[key].subarray(0, b.fills.length)));
  }
  for (const key of ['entryIndex', 'exitIndex', 'size', 'entryPrice', 'exitPrice', 'pnl', 'returnPct', 'commission'] as const) {
    expect(Array.from(a.trades[key].subarray(0, a.trades.length))).toEqual(Array.from(b.trades[key].subarray(0, b.trades.length)));
  }
}

const costs: [string, ExecutionParams, number][] = [
  ['frictionless, whole shares', { commissionRate: 0, commissionPerUnit: 0, commissionFixed: 0, commissionMin: 0, slippageBps: 0, lotSize: 1 }, 1],
  ['fractional, percent commission and slippage', { commissionRate: 0.001, commissionPerUnit: 0, commissionFixed: 0, commissionMin: 0, slippageBps: 5, lotSize: 0 }, 1],
  ['lots of 10, per-share, fixed and minimum commission, 2× leverage', { commissionRate: 0, commissionPerUnit: 0.01, commissionFixed: 1, commissionMin: 5, slippageBps: 2, lotSize: 10 }, 2],
];

describe('rebalanceOneSymbol', () => {
  it.each(costs)('trades exactly as rebalanceToTargets on one symbol (%s), step after step', (_name, p, leverage) => {
    const rand = mulberry32(11);
    const general = createLedger(1, 100_000);
    const single = createLedger(1, 100_000);
    const targets = [1, 0, -1, 0.5, 0.25, -0.75, -0.25, 1, 1, 0, 0, 0.9, -0.1];
    const prices = new Float64Array(1);
    let price = 100;
    for (let step = 0; step < 400; step++) {
      price *= Math.exp(0.03 * (rand() - 0.5));
      prices[0] = price;
      // Mostly the listed targets, sometimes a random one, so that growing, shrinking and reversing all occur.
      const t = rand() < 0.7 ? targets[step % targets.length] : Math.round((rand() * 2 - 1) * 100) / 100;
      rebalanceToTargets(general, Float64Array.of(t), prices, 1, 0, p, leverage, step);
      rebalanceOneSymbol(single, t, price, p, leverage, step);
      expectSameLedger(single, general);
    }
    // Not vacuous: positions were opened, shrunk and reversed, and trades were closed.
    expect(general.fills.length).toBeGreaterThan(200);
    expect(general.trades.length).toBeGreaterThan(100);
  });
});
