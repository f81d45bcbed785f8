#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: every benchmark file in this folder, each in its own Node process
 * (with --expose-gc, so memory figures are taken after a full collection). The known
 * ones run in goal order, then any other bench/*.js found here. Benchmarks print
 * figures and ratios against targets; they never fail: this runner always exits 0.
 * BENCH_ONLY=client,parser runs a subset; BENCH_TIMEOUT_S bounds each file (default 300).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ORDER = ['client', 'flow', 'polling', 'parser'];
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S || 300) * 1000;

function benchFiles() {
  const found = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== path.basename(__filename))
    .map((f) => f.slice(0, -3));
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  const only = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
  return found.filter((n) => only.length === 0 || only.includes(n)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function runOne(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, `${name}.js`)], { stdio: 'inherit' });
    const timer = setTimeout(() => {
      process.stdout.write(`  (${name} stopped after ${TIMEOUT_MS / 1000} s)\n`);
      child.kill('SIGTERM');
    }, TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const s = ((Date.now() - started) / 1000).toFixed(0);
      if (code || signal) process.stdout.write(`  (${name} ended with ${signal ?? `code ${code}`})\n`);
      process.stdout.write(`  [${name}: ${s} s]\n\n`);
      resolve();
    });
  });
}

async function main() {
  const files = benchFiles();
  process.stdout.write(`Benchmarks: ${files.join(', ')} (node ${process.version}, ${require('node:os').cpus().length} CPUs)\n\n`);
  for (const name of files) await runOne(name);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack || err}\n`);
}).finally(() => {
  process.exitCode = 0;
});
