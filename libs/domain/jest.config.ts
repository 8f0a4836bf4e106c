export default {
  displayName: 'domain',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/domain',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
};
