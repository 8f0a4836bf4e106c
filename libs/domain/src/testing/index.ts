export * from './shared-data';
export * from './synthetic';
