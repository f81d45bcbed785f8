#!/usr/bin/env node
'use strict';
/**
 * Webhook benchmark. Goal: the vicidial-webhook node, with a secret and an IP allow-list,
 * serves VICIdial's callbacks at least as fast as Node-RED's core `http in` → `http response`
 * route (ratio ≥ 1.0) with a p99 latency no worse. One Node-RED runtime (default settings,
 * in a child process) serves both routes; this process is the load: a bare node:http
 * keep-alive loop sending the same Dispo Call URL GET to each route, rounds alternating.
 * Printed: the median over round pairs of the requests/second ratio, the ratio of Node-RED's
 * CPU time per request (steadier than throughput on a shared machine), and p99 latencies.
 * It prints figures; it never fails.
 * BENCH_WEBHOOK_ROUND_MS (default 400) and BENCH_WEBHOOK_ROUNDS (default 11) tune it.
 */
const fs = require('node:fs');
const http = require('node:http');
const { startNodeRed } = require('../test/support/node-red-process');

const ROUND_MS = Number(process.env.BENCH_WEBHOOK_ROUND_MS || 400);
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS || 11);
/** Linux reports a process's CPU time in clock ticks, 100 per second on every common kernel. */
const TICK_MS = 10;
const CONCURRENCY = [1, 8];
const SECRET = 'bench-secret-7f3a9c';

const flows = [
  { id: 'tab', type: 'tab', label: 'bench' },
  { id: 'core-in', z: 'tab', type: 'http in', url: '/core', method: 'get', upload: false, wires: [['core-out']] },
  { id: 'core-out', z: 'tab', type: 'http response', statusCode: '', headers: {}, wires: [] },
  {
    id: 'hook', z: 'tab', type: 'vicidial-webhook', path: '/hook', respond: 'node',
    allowIps: '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 127.0.0.1, ::1', wires: [['hook-out']],
  },
  { id: 'hook-out', z: 'tab', type: 'http response', statusCode: '', headers: {}, wires: [] },
  // The node's default: it answers 200 itself and the message goes on into the flow.
  {
    id: 'hook2', z: 'tab', type: 'vicidial-webhook', path: '/hook2',
    allowIps: '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 127.0.0.1, ::1', wires: [['sink']],
  },
  { id: 'sink', z: 'tab', type: 'debug', active: false, tosidebar: false, console: false, complete: 'payload', wires: [] },
];

/** A Dispo Call URL as VICIdial fills it in. */
const QUERY = new URLSearchParams({
  type: 'dispo_callback', secret: SECRET, lead_id: '321452', vendor_lead_code: 'CRM-88', phone_number: '3125551234',
  first_name: 'Ana', last_name: 'Diaz', user: '1001', campaign: 'SALESA', dispo: 'SALE', talk_time: '214',
  uniqueid: '1736937000.4411', call_id: 'M1151030000012345', epoch: '1736937000', recording_filename: '20250115-103000_3125551234',
  callback_datetime: '', term_reason: 'AGENT',
}).toString();

/** CPU time (user + system) the process has used, in ms; undefined where /proc is missing. */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** One round: `concurrency` loops of keep-alive GETs for ROUND_MS; requests/s, Node-RED CPU per request, latencies. */
function round(nr, path, concurrency) {
  const url = nr.url;
  const cpu0 = cpuMs(nr.pid);
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const options = { host: hostname, port: Number(port), path, method: 'GET', agent };
  const latencies = [];
  let failed = 0;
  const deadline = process.hrtime.bigint() + BigInt(ROUND_MS) * 1_000_000n;
  const started = process.hrtime.bigint();
  const one = () =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(options, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode !== 200) failed++;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) await one();
  };
  return Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const cpu1 = cpuMs(nr.pid);
    const cpuUs = cpu0 === undefined || cpu1 === undefined ? NaN : ((cpu1 - cpu0) * 1000) / latencies.length;
    return { rate: latencies.length / seconds, cpuUs, p50: pct(0.5), p99: pct(0.99), failed };
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function main() {
  process.stdout.write('Webhook: vicidial-webhook (secret + IP allow-list) vs core http in → http response, same Node-RED\n');
  const nr = await startNodeRed({ flows, credentials: { hook: { secret: SECRET }, hook2: { secret: SECRET } } });
  try {
    const routes = {
      core: `/core?${QUERY}`,
      'webhook → http response': `/hook?${QUERY}`,
      'webhook answering itself': `/hook2?${QUERY}`,
    };
    const names = Object.keys(routes);
    for (const c of CONCURRENCY) {
      // Warm every route (sockets, JIT) before measuring.
      for (const n of names) await round(nr, routes[n], c);
      const results = Object.fromEntries(names.map((n) => [n, []]));
      for (let r = 0; r < ROUNDS; r++) {
        // Rotate which goes first, so drift on a shared machine hits all alike.
        for (let i = 0; i < names.length; i++) {
          const n = names[(i + r) % names.length];
          results[n].push(await round(nr, routes[n], c));
        }
      }
      const core = results.core;
      const rate = (xs) => median(xs.map((x) => x.rate));
      const cpu = (xs) => median(xs.map((x) => x.cpuUs));
      const p99 = (xs) => median(xs.map((x) => x.p99));
      process.stdout.write(`  concurrency ${c}: core ${rate(core).toFixed(0)} req/s (${spread(core.map((x) => x.rate))}), ` +
        `Node-RED CPU ${cpu(core).toFixed(0)} µs/request, p99 ${p99(core).toFixed(2)} ms\n`);
      for (const n of names.slice(1)) {
        const xs = results[n];
        // Rounds of one index ran close together, so their ratio is the least disturbed by drift.
        const pairs = xs.map((x, i) => x.rate / core[i].rate);
        const ratio = median(pairs);
        const failed = xs.reduce((k, x) => k + x.failed, 0);
        process.stdout.write(
          `    ${n}: ${rate(xs).toFixed(0)} req/s, ratio ${ratio.toFixed(2)} (rounds ${Math.min(...pairs).toFixed(2)}–` +
            `${Math.max(...pairs).toFixed(2)}; target ≥ 1.00) ${ratio >= 1 ? 'met' : 'NOT met'}; CPU ${cpu(xs).toFixed(0)} µs/request ` +
            `(ratio ${(cpu(core) / cpu(xs)).toFixed(2)}); p99 ${p99(xs).toFixed(2)} ms (${p99(xs) <= p99(core) ? 'no worse' : 'WORSE'})` +
            `${failed ? `; ${failed} requests failed` : ''}\n`,
        );
      }
    }
  } finally {
    await nr.stop();
  }
}

main().catch((err) => {
  process.stdout.write(`webhook benchmark could not run: ${err && err.message ? err.message : err}\n`);
}).finally(() => {
  process.exitCode = 0;
});
