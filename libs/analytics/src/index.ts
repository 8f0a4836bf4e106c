export * from './metrics';
export * from './backtest';
export * from './rng';
export * from './optimization';
export * from './validation';
export * from './monte-carlo';
export * from './stress';
export * from './portfolio';
