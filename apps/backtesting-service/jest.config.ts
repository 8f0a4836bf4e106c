export default {
  displayName: 'backtesting-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/backtesting-service',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
  passWithNoTests: true,
};
