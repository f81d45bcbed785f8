#!/usr/bin/env node
'use strict';
/**
 * Benchmarks (not tests: they print figures and never fail). Each figure is a ratio
 * against a baseline measured in the same run, so a noisy shared machine skews both.
 * 1. Client calls/second against the simulator vs a bare fetch loop sending the same
 *    requests, at concurrency 1 and 8 (target: >= 0.9).
 * 2. Parser rows/second on a 100,000-row report vs a naive split (target: >= 0.5).
 * 3. bench/webhook.js: the webhook node vs Node-RED's core http in → http response route.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { VicidialClient } = require('../nodes/core/client');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { startSimulator } = require('../nodes/sim/server');

const CALLS = Number(process.env.BENCH_CALLS || 3000);
const ROWS = 100_000;
const ROUNDS = 3;

async function runPool(total, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await task();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}

async function benchClient(sim, concurrency) {
  const body = new URLSearchParams({ source: 'node-red', user: '6666', pass: '1234', function: 'version' }).toString();
  const url = `${sim.url}/vicidial/non_agent_api.php`;
  const bare = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then((r) => r.text());
  const client = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234', concurrency, queueLimit: CALLS });
  const ours = () => client.call('version');
  // Warm both paths (sockets, JIT) before measuring, then alternate rounds.
  await runPool(200, concurrency, bare);
  await runPool(200, concurrency, ours);
  const rates = { bare: [], ours: [] };
  for (let r = 0; r < ROUNDS; r++) {
    rates.bare.push(await runPool(CALLS, concurrency, bare));
    rates.ours.push(await runPool(CALLS, concurrency, ours));
  }
  client.close();
  const best = (a) => Math.max(...a);
  return { bare: best(rates.bare), ours: best(rates.ours) };
}

function benchParser() {
  const spec = findFunction('logged_in_agents');
  const cols = spec.response.columns.length;
  const lines = [];
  for (let i = 0; i < ROWS; i++) {
    const row = [];
    for (let c = 0; c < cols; c++) row.push(c === 0 ? `agent${i}` : `v${(i * 7 + c) % 97}`);
    lines.push(row.join('|'));
  }
  const text = `${lines.join('\n')}\n`;
  const naive = () => text.split('\n').map((l) => l.split('|'));
  const ours = () => parseResponse(spec, text, { params: {} });
  naive();
  ours();
  const time = (fn) => {
    let best = Infinity;
    for (let r = 0; r < ROUNDS + 2; r++) {
      const t0 = performance.now();
      fn();
      best = Math.min(best, performance.now() - t0);
    }
    return ROWS / (best / 1000);
  };
  const n = time(naive);
  const o = time(ours);
  const check = ours();
  if (check.data.length !== ROWS || check.data[5].user !== 'agent5') throw new Error('parser produced the wrong rows');
  return { naive: n, ours: o };
}

function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}

async function main() {
  const sim = await startSimulator({ port: 0, seed: { calls: false } });
  try {
    process.stdout.write(`client vs bare fetch (${CALLS} calls x ${ROUNDS} rounds, best round)\n`);
    for (const c of [1, 8]) {
      const r = await benchClient(sim, c);
      const ratio = r.ours / r.bare;
      process.stdout.write(`  concurrency ${c}: client ${fmt(r.ours)}/s, fetch ${fmt(r.bare)}/s, ratio ${ratio.toFixed(2)} (target >= 0.90) ${ratio >= 0.9 ? 'ok' : 'BELOW TARGET'}\n`);
    }
  } finally {
    await sim.stop();
  }
  const p = benchParser();
  const ratio = p.ours / p.naive;
  process.stdout.write(`parser on ${fmt(ROWS)} rows: named rows ${fmt(p.ours)}/s, naive split ${fmt(p.naive)}/s, ratio ${ratio.toFixed(2)} (target >= 0.50) ${ratio >= 0.5 ? 'ok' : 'BELOW TARGET'}\n`);
  // Each further benchmark is its own file, run in its own process.
  for (const file of ['webhook.js']) {
    await new Promise((resolve) => spawn(process.execPath, [path.join(__dirname, file)], { stdio: 'inherit' }).on('exit', resolve));
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack || err}\n`);
  process.exitCode = 0;
});
