import { tradeAccountReturns } from './trade-returns';

describe('tradeAccountReturns', () => {
  it('divides each P&L by the closed-trade equity before it, so the returns compound to the final equity', () => {
    // 1,000 of capital; trades +100, −50, +200: 100/1000 = 0.1, −50/1100 = −0.0454…, 200/1050 = 0.1904…
    const r = tradeAccountReturns([100, -50, 200], 1000);
    expect(Array.from(r)).toEqual([0.1, -50 / 1100, 200 / 1050]);
    // 1.1 × (1050/1100) × (1250/1050) = 1250/1000 in any order.
    expect(r.reduce((p, x) => p * (1 + x), 1)).toBeCloseTo(1.25, 14);
    expect([r[2], r[0], r[1]].reduce((p, x) => p * (1 + x), 1)).toBeCloseTo(1.25, 14);
  });
});
