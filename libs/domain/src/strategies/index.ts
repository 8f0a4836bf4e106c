export * from './parameters';
export * from './strategy-definition';
export * from './registry';
export { buyAndHold } from './buy-and-hold';
export { smaCrossover } from './sma-crossover';
export { meanReversion } from './mean-reversion';
export { momentum } from './momentum';
export { breakout } from './breakout';
export * from './rules';
