export * from './normal-distribution';
export * from './deflated-sharpe';
