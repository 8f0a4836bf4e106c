export * from './backtest-result';
export * from './market-data';
export * from './vector/backtest-vectorized';
export * from './event/strategy';
export * from './event/backtest-event';
export * from './event/order-matching';
export * from './run-strategy';
