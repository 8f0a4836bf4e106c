export * from './normal-distribution';
export * from './deflated-sharpe';
export * from './splitters';
export * from './parameter-sweep';
export * from './study-plan';
export * from './choose-on-training';
export * from './walk-forward';
export * from './cross-validation';
