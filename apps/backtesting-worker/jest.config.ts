export default {
  displayName: 'backtesting-worker',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/backtesting-worker',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
  passWithNoTests: true,
};
