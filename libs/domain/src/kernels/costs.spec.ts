import { affordableUnits, commissionFor, ExecutionParams } from './costs';

const costs = (over: Partial<ExecutionParams>): ExecutionParams => ({
  commissionRate: 0,
  commissionPerUnit: 0,
  commissionFixed: 0,
  commissionMin: 0,
  slippageBps: 0,
  lotSize: 1,
  ...over,
});

describe('affordableUnits', () => {
  it('buys the whole lots whose notional plus commission fit in the budget', () => {
    // 1000 / (10 × 1.001) = 99.90 → 99 units: 990 + 0.99 = 990.99 ≤ 1000.
    expect(affordableUnits(1000, 10, costs({ commissionRate: 0.001 }))).toBe(99);
    // A fixed 5 comes off the budget first: (1000 − 5) / 10 = 99.5 → 99.
    expect(affordableUnits(1000, 10, costs({ commissionFixed: 5 }))).toBe(99);
    // Lots of 10 at 13: 1000 / 13 = 76.9 → 70.
    expect(affordableUnits(1000, 13, costs({ lotSize: 10 }))).toBe(70);
  });

  it('ends, within the budget, for prices so small that units pass 2^53 lots or overflow', () => {
    // Before, units of Infinity (or past 2^53, where subtracting a lot changes nothing) kept
    // the step-back loop going forever.
    let checked = 0;
    for (const p of [costs({}), costs({ commissionRate: 0.001, slippageBps: 100 }), costs({ commissionMin: 1, lotSize: 10 })]) {
      for (const budget of [123.456, 1e6]) {
        for (let e = -10; e >= -310; e -= 3) {
          for (const m of [1, 1.01, 3.3, 7.7]) {
            const price = m * 10 ** e;
            if (!(price > 0)) continue;
            const units = affordableUnits(budget, price, p);
            expect(Number.isFinite(units) && units >= 0).toBe(true);
            if (units > 0) expect(units * price + commissionFor(units, price, p)).toBeLessThanOrEqual(budget * (1 + 1e-12));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });
});
