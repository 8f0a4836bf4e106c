export default {
  displayName: 'messagebus',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/messagebus',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
};
