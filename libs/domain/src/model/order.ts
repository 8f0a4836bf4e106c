import { OrderSide, OrderStatus, OrderType } from './enums';

/** What a strategy asks for; exactly one of `quantity` and `equityFraction` sizes it. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type?: OrderType;
  /** Units to trade. */
  readonly quantity?: number;
  /** Spend this fraction of equity at the fill price (commission included). */
  readonly equityFraction?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** Trailing distance as a fraction of the best price since submission (0.05 = 5 %). */
  readonly trailPct?: number;
  /** Stop-loss price attached to the position this order opens. */
  readonly stopLoss?: number;
  /** Take-profit price attached to the position this order opens. */
  readonly takeProfit?: number;
  readonly tag?: string;
}

/** An order inside the simulated broker. Mutable only by the broker. */
export interface Order {
  readonly id: number;
  readonly symbol: string;
  readonly symbolIndex: number;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Units; for `equityFraction` orders, set when the order fills. */
  quantity: number;
  readonly equityFraction?: number;
  readonly limitPrice?: number;
  /** Trigger price; for trailing stops it moves with the market. */
  stopPrice?: number;
  readonly trailPct?: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  /** Orders cancelled when this one fills (the other leg of a stop-loss/take-profit bracket). */
  ocoWith?: number;
  /** Bracket legs close the position they protect, whatever its size at fill time. */
  readonly closesPosition: boolean;
  readonly tag?: string;
  readonly createdIndex: number;
  status: OrderStatus;
  filledIndex: number;
  fillPrice: number;
  rejectReason?: string;
}
