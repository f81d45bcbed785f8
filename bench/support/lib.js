'use strict';
/**
 * What every benchmark shares: the server in its own process, the bare node:http
 * keep-alive loop that is the physical limit, a worker pool, alternating rounds,
 * medians and spreads, and one format for a goal's ratio against its target.
 */
const http = require('node:http');
const path = require('node:path');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const NON_AGENT_PATH = '/vicidial/non_agent_api.php';
const CREDS = { user: '6666', pass: '1234' };

/** Starts bench/support/server.js in a child process; resolves once it listens. */
function startServer() {
  const child = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = [];
  child.on('message', (m) => {
    if (!m.ready) pending.shift()?.(m);
  });
  const ask = (cmd, extra = {}) =>
    new Promise((resolve) => {
      if (cmd === 'counts') pending.push(resolve);
      child.send({ cmd, ...extra });
      if (cmd !== 'counts') resolve();
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.once('message', (m) => {
      const url = new URL(m.ready);
      resolve({
        url: m.ready,
        host: url.hostname,
        port: Number(url.port),
        counts: () => ask('counts'),
        reset: () => ask('reset'),
        log: (on) => ask('log', { on }),
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}

/**
 * The physical limit: node:http with a keep-alive agent and plain options, sending a
 * form body encoded once. Returns a function that sends one request and resolves
 * with the answer's text.
 */
function bareLoop(server, concurrency, params, pathName = NON_AGENT_PATH) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = new URLSearchParams(params).toString();
  const options = {
    host: server.host,
    port: server.port,
    path: pathName,
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
  };
  const send = () =>
    new Promise((resolve, reject) => {
      const req = http.request(options, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  send.close = () => agent.destroy();
  return send;
}

/** Runs `total` tasks, `concurrency` at a time; resolves with wall milliseconds and CPU microseconds. */
async function runPool(total, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await task();
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuUs: cpu.user + cpu.system };
}

/**
 * Runs the named contenders in alternating rounds (the order flips every round, so
 * neither always runs on a warmer or cooler machine); returns each one's per-round results.
 */
async function alternate(rounds, contenders) {
  const names = Object.keys(contenders);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) out[n].push(await contenders[n]());
  }
  return out;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "1,234 (1,100–1,300)": the median and the range of the rounds. */
function spread(values, digits = 0) {
  const f = (n) => fmt(n, digits);
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

function fmt(n, digits = 0) {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * One goal's line: the measured ratio, the per-round range, the target, met or not.
 * `atLeast` false means the target is a ceiling (e.g. wall time ≤ 1.15× the limit).
 */
function goalLine(label, ratio, rounds, target, atLeast = true, digits = 2) {
  const met = atLeast ? ratio >= target : ratio <= target;
  const range = rounds && rounds.length > 1 ? `rounds ${fmt(Math.min(...rounds), 2)}–${fmt(Math.max(...rounds), 2)}, ` : '';
  return `  ${label}: ratio ${fmt(ratio, digits)} (${range}target ${atLeast ? '≥' : '≤'} ${fmt(target, digits)}) ${met ? 'met' : 'NOT MET'}`;
}

function print(line = '') {
  process.stdout.write(`${line}\n`);
}

/** Full GC when the process runs with --expose-gc (the runner passes it), then RSS in MB. */
function rssAfterGc() {
  if (global.gc) {
    global.gc();
    global.gc();
  }
  return process.memoryUsage().rss / 1048576;
}

module.exports = { NON_AGENT_PATH, CREDS, startServer, bareLoop, runPool, alternate, median, spread, fmt, goalLine, print, rssAfterGc };
