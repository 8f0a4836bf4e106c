export * from './topics';
export * from './message-bus';
export * from './in-process/in-process-bus';
export * from './redis/redis-bus';
export * from './contracts/wire';
export * from './contracts/payloads';
export * from './client/backtesting-client';
export * from './work-queue';
