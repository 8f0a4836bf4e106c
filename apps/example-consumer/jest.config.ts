export default {
  displayName: 'example-consumer',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/example-consumer',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
