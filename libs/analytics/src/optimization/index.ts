export * from './parameter-space';
export * from './objective';
export * from './segment-metrics';
export * from './optimize';
export * from './tpe';
export * from './trial-columns';
export * from './claimed-candidates';
