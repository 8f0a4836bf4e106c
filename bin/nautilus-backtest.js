#!/usr/bin/env node
// Runs the TypeScript CLI from its sources: tsx compiles them on require, and the workspace
// tsconfig maps the @nautilus/* imports, wherever the command is run from.
const { join } = require('node:path');

process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs/api').register();
const { runCli } = require('../tools/cli/main.ts');

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`unexpected error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
