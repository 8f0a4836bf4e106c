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
