export * from './costs';
export * from './ledger';
export * from './rebalance';
export * from './simulate-targets';
export * from './indicators';
export * from './features';
