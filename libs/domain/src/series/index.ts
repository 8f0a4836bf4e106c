export * from './bar-series';
export * from './align';
export * from './frequency';
export * from './csv';
