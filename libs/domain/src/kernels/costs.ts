/** Execution cost parameters shared by both engines. All rates are fractions (0.001 = 0.1 %). */
export interface ExecutionParams {
  /** Commission as a fraction of traded notional. */
  readonly commissionRate: number;
  /** Commission per unit (share, contract) traded. */
  readonly commissionPerUnit: number;
  /** Fixed commission per order. */
  readonly commissionFixed: number;
  /** Minimum commission per order; applies to the sum of the three parts above. */
  readonly commissionMin: number;
  /** Slippage in basis points, applied against the trader (buys pay more, sells receive less). */
  readonly slippageBps: number;
  /** Units are rounded down to a multiple of this; 0 allows fractional units. */
  readonly lotSize: number;
}

/** Quantities below this magnitude count as flat; float sums of fills otherwise leave 1e-15 residues. */
export const FLAT_TOLERANCE = 1e-9;

/** Returns the commission of one order of `units` (absolute) at `price`; 0 for an empty order. */
export function commissionFor(units: number, price: number, p: ExecutionParams): number {
  if (units <= 0) return 0;
  const c = p.commissionFixed + p.commissionPerUnit * units + p.commissionRate * units * price;
  return c > p.commissionMin ? c : p.commissionMin;
}

/** Returns the execution price of a buy (`side` = 1) or sell (`side` = -1) at `price` after slippage. */
export function executionPrice(side: number, price: number, slippageBps: number): number {
  return price * (1 + (side * slippageBps) / 10_000);
}

/**
 * Returns the largest number of units (a multiple of `lotSize`, or fractional when it is 0) whose
 * notional plus commission fits in `budget` at `price`.
 */
export function affordableUnits(budget: number, price: number, p: ExecutionParams): number {
  if (!(budget > 0) || !(price > 0)) return 0;
  let units = (budget - p.commissionFixed) / (price * (1 + p.commissionRate) + p.commissionPerUnit);
  if (units > 0 && p.commissionMin > 0) {
    const c = p.commissionFixed + p.commissionPerUnit * units + p.commissionRate * units * price;
    if (c < p.commissionMin) units = (budget - p.commissionMin) / price;
  }
  // A price so small that the budget buys more units than a double holds (1e-307 here) buys none.
  if (!(units > 0) || units === Infinity) return 0;
  if (p.lotSize > 0) {
    units = Math.floor(units / p.lotSize + 1e-9) * p.lotSize;
    // Rounding up by the 1e-9 guard or the minimum commission can overshoot by one lot; step back.
    // Past 2^53 lots, one lot is below the spacing of doubles and subtracting it changes nothing,
    // so the step is then a relative one: the loop always ends.
    while (units > 0 && units * price + commissionFor(units, price, p) > budget * (1 + 1e-12)) {
      const less = units - p.lotSize;
      units = less < units ? less : Math.floor((units * (1 - 1e-9)) / p.lotSize) * p.lotSize;
    }
  }
  return units > 0 ? units : 0;
}
