module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The lifecycle tests assert through helpers that expect() inside.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectConflict', 'moveOk', 'create', 'patch'] },
    ],
  },
});
