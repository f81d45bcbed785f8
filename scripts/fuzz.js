#!/usr/bin/env node
'use strict';
/**
 * `npm run fuzz`: the property-based tests (test/*fuzz*.test.js) with many more generated
 * cases than `npm test` runs. FUZZ_RUNS (default 20000) and FUZZ_SEED override; a failure
 * prints its seed and case so it can be replayed.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS || '20000' };
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const args = [mocha, '--no-config', '--exit', '--timeout', '0', 'test/**/*fuzz*.test.js'];
const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
