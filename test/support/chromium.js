'use strict';
// Debian's Chromium for the browser tests: where it is, how it runs, and what happens
// when it is missing (a failure on CI, a skip with instructions for a developer).
const fs = require('node:fs');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Chromium is required on CI (CI=true); a developer without it is told how to get it. */
function chromiumOrSkip(ctx) {
  if (fs.existsSync(CHROMIUM)) return;
  const how = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(how);
  process.stdout.write(`  browser tests skipped: ${how}\n`);
  ctx.skip();
}

module.exports = { CHROMIUM, FLAGS, chromiumOrSkip };
