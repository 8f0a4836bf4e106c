export default {
  displayName: 'marketdata-client',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/marketdata-client',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
};
