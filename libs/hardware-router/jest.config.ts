export default {
  displayName: 'hardware-router',
  preset: '../../jest.preset.js',
  testEnvironment: '<rootDir>/../../jest.environment.js',
  coverageDirectory: '../../coverage/libs/hardware-router',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
};
