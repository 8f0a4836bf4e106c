import { OrderSide } from '../../model/enums';
import { Order } from '../../model/order';

/**
 * Returns the price at which a resting order triggers or fills on a bar, or NaN when the bar does
 * not reach it. A bar that opens beyond the level fills at the open (a gap), never at the better
 * level that the market skipped; otherwise the level itself is the price.
 */
export function matchRestingOrder(order: Order, open: number, high: number, low: number): number {
  const buy = order.side === 'buy';
  if (order.type === 'limit') {
    const limit = order.limitPrice as number;
    if (buy) return open <= limit ? open : low <= limit ? limit : NaN;
    return open >= limit ? open : high >= limit ? limit : NaN;
  }
  const stop = order.stopPrice as number;
  if (buy) return open >= stop ? open : high >= stop ? stop : NaN;
  return open <= stop ? open : low <= stop ? stop : NaN;
}

/**
 * Returns `units` rounded down to a whole number of lots of `lotSize` (0: fractional units allowed),
 * as target sizing rounds. A quantity within 1e-9 lot of a whole number of lots is returned as given,
 * so that 0.3 with lots of 0.1 stays 0.3 rather than becoming 3 × 0.1 = 0.30000000000000004.
 */
export function roundDownToLot(units: number, lotSize: number): number {
  if (!(lotSize > 0)) return units;
  const lots = units / lotSize;
  return Math.abs(lots - Math.round(lots)) <= 1e-9 ? units : Math.floor(lots) * lotSize;
}

/**
 * Returns why stop-loss and take-profit levels cannot protect a `side` entry at `entry`, or undefined
 * when they can: a buy needs stopLoss < entry < takeProfit, a sell takeProfit < entry < stopLoss. A
 * level on the wrong side would close the position at its first price, or never as intended.
 */
export function bracketLevelsProblem(side: OrderSide, entry: number, stopLoss: number | undefined, takeProfit: number | undefined): string | undefined {
  const buy = side === 'buy';
  if (stopLoss !== undefined && !(buy ? stopLoss < entry : stopLoss > entry)) return buy ? 'stop_loss_not_below_entry' : 'stop_loss_not_above_entry';
  if (takeProfit !== undefined && !(buy ? takeProfit > entry : takeProfit < entry)) return buy ? 'take_profit_not_above_entry' : 'take_profit_not_below_entry';
  return undefined;
}
