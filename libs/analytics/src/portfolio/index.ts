export * from './capped-simplex';
export * from './covariance';
export * from './allocation-solvers';
export * from './allocation';
export * from './optimize-portfolio';
