/** Order side. */
export const OrderSide = { Buy: 'buy', Sell: 'sell' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

/** Order types the event engine matches. */
export const OrderType = {
  Market: 'market',
  Limit: 'limit',
  Stop: 'stop',
  TrailingStop: 'trailing_stop',
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

/** Life cycle of an order. */
export const OrderStatus = {
  Pending: 'pending',
  Filled: 'filled',
  Cancelled: 'cancelled',
  Rejected: 'rejected',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
