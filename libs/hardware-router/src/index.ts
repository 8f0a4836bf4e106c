export * from './detect/detect-hardware';
