export * from './path-generators';
export * from './path-statistics';
export * from './monte-carlo';
export * from './block-bootstrap';
export * from './equity-bands';
export * from './trade-returns';
