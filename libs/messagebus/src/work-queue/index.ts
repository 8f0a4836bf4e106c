export * from './sweep-contract';
export * from './sweep-plan';
export * from './sweep-worker';
export * from './sweep-coordinator';
