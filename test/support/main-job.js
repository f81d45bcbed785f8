'use strict';
// Runs the main job (scripts/start.js, what `npm start` runs) for a test: free loopback
// ports for Node-RED and both simulators, its own Node-RED user directory in the system's
// temp folder (never the developer's .node-red-data), and a stop that leaves no process or
// file behind.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort } = require('./ports');
const { CHROMIUM, FLAGS, chromiumOrSkip } = require('./chromium');

const START = path.join(__dirname, '..', '..', 'scripts', 'start.js');

async function waitFor(check, what, ms) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One main job. `start()` runs it and resolves once Node-RED has started its flows;
 * `stop()` ends it; `start()` again restarts it on the same user directory and ports.
 */
class MainJob {
  constructor(options = {}) {
    this.userDir = options.userDir;
    this.simPort = options.simPort;
    this.sim8x8Port = options.sim8x8Port;
    this.port = options.port;
    this.env = options.env || {};
    this.child = null;
    this.output = '';
    this.ownsUserDir = !options.userDir;
  }

  get editor() {
    return `http://127.0.0.1:${this.port}`;
  }

  get flowFile() {
    return path.join(this.userDir, 'flows.json');
  }

  async start(timeoutMs = 90000) {
    if (!this.userDir) this.userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vicidial-main-job-'));
    if (!this.port) this.port = await freePort();
    if (!this.simPort) this.simPort = await freePort();
    if (!this.sim8x8Port) this.sim8x8Port = await freePort();
    this.output = '';
    const child = spawn(process.execPath, [START], {
      env: { ...process.env, PORT: String(this.port), VICIDIAL_SIM_PORT: String(this.simPort), E8X8_SIM_PORT: String(this.sim8x8Port), NODE_RED_USER_DIR: this.userDir, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (d) => (this.output += d));
    child.stderr.on('data', (d) => (this.output += d));
    await waitFor(() => /Started flows/.test(this.output) || child.exitCode !== null, 'Node-RED to start', timeoutMs).catch((err) => {
      throw new Error(`${err.message}:\n${this.output}`);
    });
    if (child.exitCode !== null) throw new Error(`the main job exited with ${child.exitCode}:\n${this.output}`);
    return this;
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Stops the job and removes the user directory it made. */
  async dispose() {
    await this.stop();
    if (this.ownsUserDir && this.userDir) fs.rmSync(this.userDir, { recursive: true, force: true });
  }

  /** Resolves once the job's output matches `re`. */
  waitForOutput(re, ms = 20000) {
    return waitFor(() => re.test(this.output), String(re), ms);
  }

  async json(urlPath, init = {}) {
    const res = await fetch(`${this.editor}${urlPath}`, { ...init, headers: { accept: 'application/json', ...(init.headers || {}) } });
    if (!res.ok) throw new Error(`${init.method || 'GET'} ${urlPath}: HTTP ${res.status}`);
    return res.json();
  }

  /** Deploys a whole flow through the admin API, as the editor's Deploy button does. */
  async deploy(flows) {
    const res = await fetch(`${this.editor}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
      body: JSON.stringify(flows),
    });
    if (!res.ok) throw new Error(`deploy: HTTP ${res.status} ${await res.text()}`);
  }
}

/**
 * The main job started for a test: resolves once the flows have started with
 * { editor, ports, output(), stop() }; stop() also removes its user directory.
 */
async function startMainJob() {
  const job = new MainJob();
  try {
    await job.start();
  } catch (err) {
    await job.dispose();
    throw err;
  }
  return {
    editor: job.editor,
    ports: { editor: job.port, sim: job.simPort, sim8x8: job.sim8x8Port },
    output: () => job.output,
    stop: () => job.dispose(),
    job,
  };
}

/**
 * Debian's Chromium, headless, with one page whose errors are collected; skips the
 * calling suite when Chromium is missing, except on CI where that is a failure.
 */
async function openBrowser(suite) {
  chromiumOrSkip(suite);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { browser, page, pageErrors };
}

module.exports = { MainJob, startMainJob, openBrowser, waitFor };
