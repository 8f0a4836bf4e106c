import { parseBacktestConfig } from '../../config/backtest-config';
import { OrderRequest } from '../../model/order';
import { alignMarket } from '../market-data';
import { barsFromRows } from '../test-bars';
import { backtestEvent } from './backtest-event';
import { EventStrategy, StrategyContext } from './strategy';

// Bars: [open, high, low, close].
const rows = [
  [10, 11, 9, 10],
  [11, 12, 10, 12],
  [12, 13, 11, 13],
  [14, 15, 13, 14],
  [12, 12.5, 9, 10],
] as const;
const market = alignMarket([barsFromRows('X', rows)]);
const noEnd = parseBacktestConfig({ initialCapital: 1000, closeAtEnd: false });

/** Submits the given requests on the given bars. */
function scripted(plan: Record<number, OrderRequest[]>): EventStrategy {
  return { onBar: (ctx) => plan[ctx.index]?.forEach((r) => ctx.submit(r)) };
}

describe('event engine order matching', () => {
  it('fills a market order placed on bar t at the open of bar t+1', () => {
    const r = backtestEvent(noEnd, market, scripted({ 0: [{ symbol: 'X', side: 'buy', quantity: 5 }] }));
    expect(r.orders[0].status).toBe('filled');
    expect(r.orders[0].filledIndex).toBe(1);
    expect(r.orders[0].fillPrice).toBe(11);
    // Equity on bar 0 is untouched by an order that has not filled yet.
    expect(r.equity[0]).toBe(1000);
    expect(r.equity[1]).toBe(1000 - 55 + 5 * 12);
  });

  it('fills limit orders at the limit, or at a better open after a gap', () => {
    const r = backtestEvent(
      noEnd,
      market,
      scripted({
        0: [
          // Bar 1 opens at 11 above 10.5 and its low 10 reaches it: fill at the limit 10.5.
          { symbol: 'X', side: 'buy', type: 'limit', limitPrice: 10.5, quantity: 1 },
          // Bar 1 opens at 11, already below the limit 12: fill at the open 11.
          { symbol: 'X', side: 'buy', type: 'limit', limitPrice: 12, quantity: 1 },
          // Never reached (lowest low after bar 0 is 9, on bar 4): fills there at 9.5.
          { symbol: 'X', side: 'buy', type: 'limit', limitPrice: 9.5, quantity: 1 },
        ],
      }),
    );
    expect(r.orders.map((o) => [o.filledIndex, o.fillPrice])).toEqual([
      [1, 10.5],
      [1, 11],
      [4, 9.5],
    ]);
  });

  it('fills stop orders at the stop, or at a worse open after a gap', () => {
    const r = backtestEvent(
      noEnd,
      market,
      scripted({
        0: [
          // Bar 1 opens at 11 below 11.5 and its high 12 reaches it: fill at 11.5.
          { symbol: 'X', side: 'buy', type: 'stop', stopPrice: 11.5, quantity: 1 },
          // Bar 1 opens at 11, already above the stop 10.5: fill at the open 11.
          { symbol: 'X', side: 'buy', type: 'stop', stopPrice: 10.5, quantity: 1 },
        ],
        3: [
          // Bar 4 gaps down to 12 through the sell stop at 13: fill at the open 12.
          { symbol: 'X', side: 'sell', type: 'stop', stopPrice: 13, quantity: 2 },
        ],
      }),
    );
    expect(r.orders.map((o) => [o.filledIndex, o.fillPrice])).toEqual([
      [1, 11.5],
      [1, 11],
      [4, 12],
    ]);
  });

  it('attaches stop-loss and take-profit legs that cancel each other', () => {
    const r = backtestEvent(
      noEnd,
      market,
      scripted({ 0: [{ symbol: 'X', side: 'buy', quantity: 10, stopLoss: 9.5, takeProfit: 12.5 }] }),
    );
    // Entry at bar 1 open 11; bar 1 high 12 < 12.5; bar 2 high 13 ≥ 12.5 → take profit at 12.5.
    const [entry, sl, tp] = r.orders;
    expect(entry.fillPrice).toBe(11);
    expect(tp.status).toBe('filled');
    expect(tp.filledIndex).toBe(2);
    expect(tp.fillPrice).toBe(12.5);
    expect(sl.status).toBe('cancelled');
    expect(r.trades.length).toBe(1);
    expect(r.trades.pnl[0]).toBeCloseTo(10 * 1.5, 12);
  });

  it('assumes the stop-loss first when one bar reaches both legs', () => {
    const wide = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 13, 8, 10], [10, 10, 10, 10]])]);
    const r = backtestEvent(noEnd, wide, scripted({ 0: [{ symbol: 'X', side: 'buy', quantity: 1, stopLoss: 9, takeProfit: 12 }] }));
    expect(r.orders[1].status).toBe('filled');
    expect(r.orders[1].fillPrice).toBe(9);
    expect(r.orders[2].status).toBe('cancelled');
  });

  it('activates the legs of a limit or stop entry from the bar after its fill', () => {
    const run = (bars: [number, number, number, number][], entry: OrderRequest) => backtestEvent(noEnd, alignMarket([barsFromRows('X', bars)]), scripted({ 0: [entry] }));
    // Buy limit 95 + take-profit 98. Bar 1 opens at 100 and falls to 90: the entry fills at 95 when the
    // market comes down through it, after the 100 open, so the leg must not sell at that open.
    // Bar 2 opens at 92 below 98 and its high 92 never reaches it: the position stays open.
    const limit = run([[100, 100, 100, 100], [100, 101, 90, 92], [92, 92, 92, 92]], { symbol: 'X', side: 'buy', type: 'limit', limitPrice: 95, quantity: 1, takeProfit: 98 });
    expect(limit.orders.map((o) => [o.status, o.filledIndex, o.fillPrice])).toEqual([
      ['filled', 1, 95],
      ['pending', -1, NaN],
    ]);
    // Cash 1000 − 95; equity on bar 2 = 905 + 1 × 92 = 997.
    expect(limit.equity[2]).toBe(997);
    // Buy stop 105 + stop-loss 102 on bar 1 [100, 110, 95, 108]: the entry fills at 105 on the way up;
    // the 100 open came before it. From bar 2 (a flat 101) the stop-loss sees 101 ≤ 102 at the open → sells at 101.
    const stop = run([[100, 100, 100, 100], [100, 110, 95, 108], [101, 101, 101, 101]], { symbol: 'X', side: 'buy', type: 'stop', stopPrice: 105, quantity: 1, stopLoss: 102 });
    expect(stop.orders.map((o) => [o.status, o.filledIndex, o.fillPrice])).toEqual([
      ['filled', 1, 105],
      ['filled', 2, 101],
    ]);
    // Round trip 101 − 105 = −4.
    expect(stop.equity[2]).toBe(996);
  });

  it('keeps the legs of a market entry live from the entry bar open', () => {
    // Market buy on bar 0 fills at bar 1's open 10; bar 1's high 11 reaches the take-profit 10.5
    // after that open, so it sells there on bar 1: +0.5.
    const m = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 11, 9.8, 10.2], [10, 10, 10, 10]])]);
    const r = backtestEvent(noEnd, m, scripted({ 0: [{ symbol: 'X', side: 'buy', quantity: 1, stopLoss: 9, takeProfit: 10.5 }] }));
    expect(r.orders.map((o) => [o.status, o.filledIndex, o.fillPrice])).toEqual([
      ['filled', 1, 10],
      ['cancelled', -1, NaN],
      ['filled', 1, 10.5],
    ]);
  });

  it('cancels bracket legs once the position they protect is reversed or closed, by any path', () => {
    // Flat at 10; bar 5 dips to 8 (under the old stop-loss 9); bar 6 is at 12.
    const f10 = [10, 10, 10, 10] as const;
    const m = alignMarket([barsFromRows('X', [f10, f10, f10, f10, f10, [10, 10, 8, 9], [12, 12, 12, 12]])]);
    const entry: OrderRequest = { symbol: 'X', side: 'buy', quantity: 10, stopLoss: 9, takeProfit: 15 };
    const buy10: OrderRequest = { symbol: 'X', side: 'buy', quantity: 10 };
    // Reversal by orders: long 10 @ 10 on bar 1, sell 20 → short 10 on bar 2, buy 20 → long 10 on bar 4.
    const reversed = backtestEvent(noEnd, m, scripted({ 0: [entry], 1: [{ symbol: 'X', side: 'sell', quantity: 20 }], 3: [{ ...buy10, quantity: 20 }] }));
    // Exit by target: setTarget 0 sells the 10 on bar 2 through the rebalance; a plain buy 10 on bar 4.
    const targeted = backtestEvent(noEnd, m, {
      onBar: (ctx) => {
        if (ctx.index === 0) ctx.submit(entry);
        if (ctx.index === 1) ctx.setTarget('X', 0);
        if (ctx.index === 3) ctx.submit(buy10);
      },
    });
    for (const r of [reversed, targeted]) {
      // The legs died with the first long on bar 2, so the dip on bar 5 sells nothing.
      expect(r.orders.filter((o) => o.closesPosition).map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
      expect(r.fills.length).toBe(3);
      expect(Array.from(r.finalPositions)).toEqual([10]);
      // Cash 1000 − 100 + 200 − 200 = 1000 − 100 + 100 − 100 = 900; equity on bar 6 = 900 + 10 × 12.
      expect(r.equity[6]).toBe(1020);
    }
  });

  it('fills the leg the open already crosses at the open, before the stop-loss-first rule', () => {
    const run = (side: 'buy' | 'sell', stopLoss: number, takeProfit: number, bar2: [number, number, number, number]) =>
      backtestEvent(noEnd, alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10.5, 9.5, 10], bar2, [9, 9, 9, 9]])]), scripted({ 0: [{ symbol: 'X', side, quantity: 1, stopLoss, takeProfit }] }));
    // Long 1 @ 10 (bar 1 open). Bar 2 opens at 13, above the take-profit 12: its first price takes the
    // profit at 13; the low 8 under the stop-loss 9 comes later, with no position left. P&L +3.
    const long = run('buy', 9, 12, [13, 13, 8, 9]);
    expect(long.orders.map((o) => [o.tag, o.status, o.filledIndex, o.fillPrice])).toEqual([
      [undefined, 'filled', 1, 10],
      ['stop_loss', 'cancelled', -1, NaN],
      ['take_profit', 'filled', 2, 13],
    ]);
    expect(long.trades.pnl[0]).toBe(3);
    // Short 1 @ 10, stop-loss 11, take-profit 9. Bar 2 opens at 8, under 9: take profit at 8 before
    // the high 11.5 reaches the stop-loss. P&L 10 − 8 = +2.
    const short = run('sell', 11, 9, [8, 11.5, 7.5, 10]);
    expect(short.orders.map((o) => [o.tag, o.status, o.filledIndex, o.fillPrice])).toEqual([
      [undefined, 'filled', 1, 10],
      ['stop_loss', 'cancelled', -1, NaN],
      ['take_profit', 'filled', 2, 8],
    ]);
    expect(short.trades.pnl[0]).toBe(2);
  });

  it('rejects bracket levels on the wrong side of the entry at submission', () => {
    const flat = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]])]);
    const submitted = (req: Omit<OrderRequest, 'symbol' | 'quantity'>) => {
      const r = backtestEvent(noEnd, flat, scripted({ 0: [{ symbol: 'X', quantity: 1, ...req }] }));
      return [r.orders[0].status, r.orders[0].rejectReason, r.fills.length];
    };
    // Market entries are judged against the submission bar's close, 10: a long needs SL < 10 < TP.
    // A stop-loss 12 would otherwise buy and sell at the same open 10.
    expect(submitted({ side: 'buy', stopLoss: 12 })).toEqual(['rejected', 'stop_loss_not_below_entry', 0]);
    expect(submitted({ side: 'buy', takeProfit: 9 })).toEqual(['rejected', 'take_profit_not_above_entry', 0]);
    expect(submitted({ side: 'sell', stopLoss: 10 })).toEqual(['rejected', 'stop_loss_not_above_entry', 0]);
    expect(submitted({ side: 'sell', takeProfit: 10.5 })).toEqual(['rejected', 'take_profit_not_below_entry', 0]);
    // Limit and stop entries against their own price: a stop-loss 9.5 is below the close 10 but
    // above the limit 9; a take-profit 10.5 is above 10 but below the stop 11.
    expect(submitted({ side: 'buy', type: 'limit', limitPrice: 9, stopLoss: 9.5 })).toEqual(['rejected', 'stop_loss_not_below_entry', 0]);
    expect(submitted({ side: 'buy', type: 'stop', stopPrice: 11, takeProfit: 10.5 })).toEqual(['rejected', 'take_profit_not_above_entry', 0]);
    // 8.5 < 9 < 10.5: accepted; the flat 10 never reaches the limit 9.
    expect(submitted({ side: 'buy', type: 'limit', limitPrice: 9, stopLoss: 8.5, takeProfit: 10.5 })).toEqual(['pending', undefined, 0]);
    // A level that is no price at all is a malformed request.
    expect(() => submitted({ side: 'buy', stopLoss: NaN })).toThrow(/stopLoss: expected a positive price/);
    expect(() => submitted({ side: 'buy', takeProfit: -1 })).toThrow(/takeProfit: expected a positive price/);
  });

  it('attaches legs only to an order that leaves a position on its own side', () => {
    const flat = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]])]);
    // Long 10 @ 10 on bar 1; on bar 2 a sell of 5 with SL 12 / TP 8 (right for a short) only reduces
    // it: no legs, which as sell orders at 12 and 8 against a long would sell the other 5 at once.
    const r = backtestEvent(
      noEnd,
      flat,
      scripted({ 0: [{ symbol: 'X', side: 'buy', quantity: 10 }], 1: [{ symbol: 'X', side: 'sell', quantity: 5, stopLoss: 12, takeProfit: 8 }] }),
    );
    expect(r.orders.map((o) => o.status)).toEqual(['filled', 'filled']);
    expect(Array.from(r.finalPositions)).toEqual([5]);
  });

  it('trails a stop behind the highest high', () => {
    const r = backtestEvent(
      noEnd,
      market,
      scripted({
        0: [{ symbol: 'X', side: 'buy', quantity: 1 }],
        1: [{ symbol: 'X', side: 'sell', type: 'trailing_stop', trailPct: 0.1, quantity: 1 }],
      }),
    );
    // Placed on bar 1 (close 12): stop 10.8. Bar 2 high 13 → 11.7; bar 3 high 15 → 13.5;
    // bar 4 opens at 12 below 13.5 → fills at the open 12.
    const stop = r.orders[1];
    expect(stop.filledIndex).toBe(4);
    expect(stop.fillPrice).toBe(12);
  });

  it('sizes by equity fraction at the fill price and rejects what it cannot afford', () => {
    const r = backtestEvent(
      noEnd,
      market,
      scripted({
        0: [{ symbol: 'X', side: 'buy', equityFraction: 0.5 }],
        1: [{ symbol: 'X', side: 'buy', quantity: 1000 }],
      }),
    );
    // 0.5 × 1000 / 11 = 45.45 → 45 units.
    expect(r.orders[0].quantity).toBe(45);
    expect(r.orders[1].status).toBe('rejected');
    expect(r.orders[1].rejectReason).toBe('insufficient_buying_power');
  });

  it('cuts an equity-fraction order down to the buying power other symbols leave, as a target is', () => {
    const flatAt = (price: number, bars: number) => Array.from({ length: bars }, () => [price, price, price, price] as const);
    // A stays at 10; B doubles to 20 from bar 2. Leverage 1, 1,000 of capital.
    const m = alignMarket([barsFromRows('A', flatAt(10, 6)), barsFromRows('B', [...flatAt(10, 2), ...flatAt(20, 4)])]);
    const r = backtestEvent(
      noEnd,
      m,
      scripted({
        // Bar 1 at 10: A 0.5 × 1000 / 10 = 50 units; B wants 50, the room is 1000 − 500 = 500: 50.
        0: [
          { symbol: 'A', side: 'buy', equityFraction: 0.5 },
          { symbol: 'B', side: 'buy', equityFraction: 0.5 },
        ],
        // Bar 3: equity 0 + 50 × 10 + 50 × 20 = 1500, and B holds 1000 of it. Selling A at
        // fraction 1 wants 150 units (a short of 100: gross 1000 + 1000 > 1500); closing the 50
        // gives back 500, so the room is 1500 − 1000 + 500 = 1000: 100 units, a short of 50.
        2: [{ symbol: 'A', side: 'sell', equityFraction: 1 }],
        // Bar 4: gross 500 + 1000 = 1500 = equity 1500: no room at all for more B.
        3: [{ symbol: 'B', side: 'buy', equityFraction: 0.1 }],
      }),
    );
    expect(r.orders.map((o) => [o.status, o.quantity, o.filledIndex])).toEqual([
      ['filled', 50, 1],
      ['filled', 50, 1],
      ['filled', 100, 3],
      ['rejected', 0, -1],
    ]);
    expect(r.orders[3].rejectReason).toBe('insufficient_buying_power');
  });

  it('counts commission and slippage against the buying power of a fixed-quantity order', () => {
    const flat = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]])]);
    const buy = (quantity: number, costs: Record<string, unknown>) =>
      backtestEvent(parseBacktestConfig({ initialCapital: 1000, closeAtEnd: false, ...costs }), flat, scripted({ 0: [{ symbol: 'X', side: 'buy', quantity }] })).orders[0];
    const fixed5 = { commission: { fixed: 5 } };
    // 100 × 10 + 5 = 1005 > 1000 of cash; 99 × 10 + 5 = 995 fits.
    expect([buy(100, fixed5).status, buy(100, fixed5).rejectReason]).toEqual(['rejected', 'insufficient_buying_power']);
    expect(buy(99, fixed5).status).toBe('filled');
    const slip50 = { slippageBps: 50 };
    // 50 bps: 10 × 1.005 = 10.05 a unit; 100 × 10.05 = 1005 > 1000; 99 × 10.05 = 994.95 fits.
    expect(buy(100, slip50).status).toBe('rejected');
    expect(buy(99, slip50).fillPrice).toBeCloseTo(10.05, 12);
  });

  it('checks the buying power of a reversal, whatever its size', () => {
    const m = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10, 10, 10], [6, 6, 6, 6], [6, 6, 6, 6], [6, 6, 6, 6]])]);
    const lev2 = parseBacktestConfig({ initialCapital: 1000, closeAtEnd: false, leverage: 2 });
    const r = backtestEvent(
      lev2,
      m,
      scripted({
        // Bar 1: long 200 @ 10 = 2000 = 2 × 1000. Bar 2 at 6: equity 1000 − 2000 + 200 × 6 = 200.
        0: [{ symbol: 'X', side: 'buy', quantity: 200 }],
        // Bar 3: sell 400 would leave short 200 @ 6 = 1200 gross > 2 × 200 = 400 → rejected,
        // as the same short opened from flat would be.
        2: [{ symbol: 'X', side: 'sell', quantity: 400 }],
        // Bar 4: sell 266 leaves short 66 @ 6 = 396 ≤ 400 → filled.
        3: [{ symbol: 'X', side: 'sell', quantity: 266 }],
      }),
    );
    expect(r.orders.map((o) => [o.status, o.filledIndex])).toEqual([
      ['filled', 1],
      ['rejected', -1],
      ['filled', 4],
    ]);
    // Cash 1000 − 2000 + 266 × 6 = 596; equity 596 − 66 × 6 = 200.
    expect(r.cash[4]).toBe(596);
    expect(r.equity[4]).toBe(200);
  });

  it('rounds a quantity down to whole lots and rejects one smaller than a lot', () => {
    const flat = alignMarket([barsFromRows('X', [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]])]);
    const buys = (lotSize: number, ...quantities: number[]) =>
      backtestEvent(
        parseBacktestConfig({ initialCapital: 1000, closeAtEnd: false, lotSize }),
        flat,
        scripted({ 0: quantities.map((quantity) => ({ symbol: 'X', side: 'buy', quantity })) }),
      );
    // Default lot 1: 2.5 → 2 units, cash 1000 − 2 × 10 = 980; 0.5 → 0 lots, rejected at submission.
    const whole = buys(1, 2.5, 0.5);
    expect(whole.orders.map((o) => [o.quantity, o.status, o.rejectReason])).toEqual([
      [2, 'filled', undefined],
      [0, 'rejected', 'below_lot_size'],
    ]);
    expect(whole.cash[2]).toBe(980);
    // Lot 0.1: 0.25 → 2 lots = 0.2; 0.3 is 3 lots already and stays 0.3 (not 3 × 0.1 = 0.30000000000000004).
    expect(buys(0.1, 0.25, 0.3).orders.map((o) => o.quantity)).toEqual([0.2, 0.3]);
    // Lot 0: fractional units as asked.
    expect(buys(0, 2.5).orders[0].quantity).toBe(2.5);
  });

  it('cancels a pending order', () => {
    const r = backtestEvent(noEnd, market, {
      onBar: (ctx) => {
        if (ctx.index === 0) {
          const o = ctx.submit({ symbol: 'X', side: 'buy', type: 'limit', limitPrice: 1, quantity: 1 });
          expect(ctx.cancel(o.id)).toBe(true);
          expect(ctx.openOrders()).toHaveLength(0);
        }
      },
    });
    expect(r.orders[0].status).toBe('cancelled');
    expect(r.fills.length).toBe(0);
  });

  it('rejects malformed requests with the field named', () => {
    const bad = (req: Partial<OrderRequest>) => () =>
      backtestEvent(noEnd, market, { onBar: (ctx) => ctx.submit({ symbol: 'X', side: 'buy', ...req } as OrderRequest) });
    expect(bad({ quantity: -1 })).toThrow(/quantity/);
    expect(bad({})).toThrow(/quantity: expected exactly one/);
    expect(bad({ quantity: 1, type: 'limit' })).toThrow(/limitPrice/);
    expect(bad({ quantity: 1, symbol: 'NOPE' })).toThrow(/symbol/);
  });
});

describe('no look-ahead in the event engine', () => {
  it('shows a strategy only bars up to the current one', () => {
    const seen: number[] = [];
    backtestEvent(noEnd, market, {
      onBar: (ctx: StrategyContext) => {
        seen.push(ctx.bar().close, ctx.history('close', 100).length);
        expect(ctx.history('close', 100).at(-1)).toBe(rows[ctx.index][3]);
        expect(() => ctx.value('close', -1)).toThrow(/barsAgo/);
      },
    });
    expect(seen).toEqual([10, 1, 12, 2, 13, 3, 14, 4, 10, 5]);
  });

  it('denies a peeking strategy the profit it would make at the signal bar close', () => {
    // Flat bars alternating 100, 110, 100, 110…: the whole move happens in the overnight gap.
    const zigzag = Array.from({ length: 40 }, (_, i) => {
      const p = i % 2 === 0 ? 100 : 110;
      return [p, p, p, p] as const;
    });
    const m = alignMarket([barsFromRows('Z', zigzag)]);
    const close = m.close;
    // The oracle reads tomorrow's close (which a strategy must never be able to do) and goes long
    // when it is higher. Filled at the next open, that price already includes the jump.
    const oracle: EventStrategy = {
      onBar: (ctx) => {
        if (ctx.index + 1 < close.length) ctx.setTarget(0, close[ctx.index + 1] > close[ctx.index] ? 1 : 0);
      },
    };
    const honest = backtestEvent(parseBacktestConfig({ initialCapital: 1000, lotSize: 0 }), m, oracle);
    // It buys each 110 open and sells each 100 open: 19 round trips, each losing 1/11 of equity.
    expect(honest.equity[39]).toBeCloseTo(1000 * (10 / 11) ** 19, 6);
    // The same oracle filled at the signal bar's close would have gained 10 % per round trip.
    const peeking = backtestEvent(parseBacktestConfig({ initialCapital: 1000, lotSize: 0, fillTiming: 'same_close' }), m, oracle);
    expect(peeking.equity[39]).toBeCloseTo(1000 * 1.1 ** 20, 6);
  });
});
