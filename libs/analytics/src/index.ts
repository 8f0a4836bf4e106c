export * from './metrics';
export * from './backtest';
