export default {
  displayName: 'backtesting-service',
  preset: '../../jest.preset.js',
  // onnxruntime (probed at start) and worker replies make typed arrays outside the test's context.
  testEnvironment: '<rootDir>/../../jest.environment.js',
  coverageDirectory: '../../coverage/apps/backtesting-service',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
  passWithNoTests: true,
};
