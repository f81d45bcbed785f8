#!/usr/bin/env node
'use strict';
// Lets `npm start` and `npm test` work on a fresh clone and after a pull that changed the lock file: installs the
// pinned dependencies when any direct one is missing or at another version than the lock file names.
// Uses only Node's own modules.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Direct dependencies that are absent, or installed at another version than the lock file pins. */
function outdated() {
  const pkg = readJson(path.join(root, 'package.json')) ?? {};
  const lock = readJson(path.join(root, 'package-lock.json'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.filter((name) => {
    const installed = readJson(path.join(root, 'node_modules', name, 'package.json'));
    if (!installed) return true;
    const locked = lock?.packages?.[`node_modules/${name}`]?.version;
    return locked !== undefined && installed.version !== locked;
  });
}

const missing = outdated();
if (missing.length > 0) {
  process.stdout.write(`Installing dependencies (missing or changed: ${missing.join(', ')})…\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = fs.existsSync(path.join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
