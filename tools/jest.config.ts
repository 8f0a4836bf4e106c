export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  coverageDirectory: '../coverage/tools',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  passWithNoTests: true,
};
