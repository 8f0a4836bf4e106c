export * from './path-generators';
export * from './path-statistics';
export * from './monte-carlo';
