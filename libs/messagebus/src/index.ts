export * from './topics';
export * from './message-bus';
export * from './in-process/in-process-bus';
