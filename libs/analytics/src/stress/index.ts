export * from './shock-series';
export * from './scenarios';
export * from './stress-test';
