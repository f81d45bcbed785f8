#!/usr/bin/env node
'use strict';
// Lets `npm start` and `npm test` work on a fresh clone: installs the pinned
// dependencies from the lock file when they are missing. Uses only Node's own modules.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const needed = ['typescript', 'node-red', 'mocha', 'node-red-node-test-helper'];
const missing = needed.filter((m) => !fs.existsSync(path.join(root, 'node_modules', m, 'package.json')));
if (missing.length > 0) {
  process.stdout.write(`Installing dependencies (missing: ${missing.join(', ')})…\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = fs.existsSync(path.join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
