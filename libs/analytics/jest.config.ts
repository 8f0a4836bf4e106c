export default {
  displayName: 'analytics',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/analytics',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
};
