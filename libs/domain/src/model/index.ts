export * from './enums';
export * from './order';
export * from './fill';
export * from './trade';
export * from './position';
export * from './portfolio';
