'use strict';
// `npm start` (scripts/start.js) in a child process on free loopback ports, for tests that
// need the main job as a person runs it: both simulators and Node-RED with the starter content.
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { freePort } = require('./ports');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Resolves once the flows have started with { editor, ports, output(), stop() }. */
async function startMainJob() {
  const ports = { editor: await freePort(), sim: await freePort(), sim8x8: await freePort() };
  let output = '';
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'start.js')], {
    env: { ...process.env, PORT: String(ports.editor), VICIDIAL_SIM_PORT: String(ports.sim), E8X8_SIM_PORT: String(ports.sim8x8) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 45000;
  while (!/Started flows/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`Node-RED did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { editor: `http://127.0.0.1:${ports.editor}`, ports, output: () => output, stop };
}

/**
 * Debian's Chromium, headless, with one page whose errors are collected; skips the
 * calling suite when Chromium is missing, except on CI where that is a failure.
 */
async function openBrowser(suite) {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    suite.skip();
  }
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { browser, page, pageErrors };
}

module.exports = { startMainJob, openBrowser };
