export * from './errors';
export * from './series';
export * from './kernels';
export * from './model';
export * from './config/backtest-config';
export * from './engine';
export * from './strategies';
