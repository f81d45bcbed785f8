#!/usr/bin/env node
'use strict';
/**
 * Goal 4: one poll per report. N = 1, 10 and 50 vicidial-stats nodes on each of three
 * reports (same server, same parameters within a report) poll every second in Node-RED's
 * runtime; the server (another process) logs each request. Printed: requests per
 * distinct report per interval (target 1 whatever N), whether every node got each
 * result, and how the distinct reports are spread over the interval.
 */
const bus = require('./support/bus');
const { startRed } = require('./support/red');
const { CREDS, startServer, median, fmt, goalLine, print } = require('./support/lib');

const INTERVAL_S = 1;
const INTERVALS = Number(process.env.BENCH_POLL_INTERVALS || 4);
const REPORTS = [
  { report: 'logged_in_agents', params: '' },
  { report: 'call_status_stats', params: '{"campaigns": "TESTCAMP"}' },
  { report: 'in_group_status', params: '{"in_groups": "SALESLINE"}' },
];

function flow(url, n) {
  const nodes = [
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'srv', type: 'vicidial-server', name: 'bench', url, timeout: 30, method: 'POST', concurrency: 4 },
  ];
  REPORTS.forEach((r, ri) => {
    for (let i = 0; i < n; i++) {
      const id = `s${ri}-${i}`;
      nodes.push({
        id, type: 'vicidial-stats', z: 'tab', x: 100, y: 40 * i, server: 'srv', report: r.report, reportType: 'report', shape: 'objects', shapeType: 'shape',
        params: r.params, interval: INTERVAL_S, onlyChanged: false, errorOutput: false, wires: [[`k${id}`]],
      });
      nodes.push({ id: `k${id}`, type: 'bench-sink', z: 'tab', x: 300, y: 40 * i, name: id, wires: [] });
    }
  });
  return nodes;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(red, server, n) {
  const received = new Map();
  const listeners = [];
  REPORTS.forEach((_r, ri) => {
    for (let i = 0; i < n; i++) {
      const id = `s${ri}-${i}`;
      const on = () => received.set(id, (received.get(id) ?? 0) + 1);
      bus.on(id, on);
      listeners.push([id, on]);
    }
  });
  await server.log(true);
  await red.RED.runtime.flows.setFlows({ flows: { flows: flow(server.url, n) } });
  const t0 = Date.now();
  await sleep((INTERVALS + 1) * INTERVAL_S * 1000);
  const { log } = await server.counts();
  await server.log(false);
  for (const [id, on] of listeners) bus.off(id, on);
  const intervalMs = INTERVAL_S * 1000;
  // Only this deployment's requests (the previous one's nodes may poll until it stops).
  const reports = log.filter((e) => e.t >= t0 && REPORTS.some((r) => r.report === e.fn));
  const byKey = new Map();
  for (const e of reports) byKey.set(`${e.fn}?${e.params}`, [...(byKey.get(`${e.fn}?${e.params}`) ?? []), e.t]);
  // Requests per interval from the gaps between one report's requests (robust to where a window's edges fall).
  const gaps = [...byKey.values()].flatMap((ts) => ts.slice(1).map((t, i) => t - ts[i]));
  const perReport = gaps.length ? intervalMs / median(gaps) : 0;
  const offsets = [...byKey.values()].map((ts) => Math.round((ts[0] - t0) % intervalMs)).sort((a, b) => a - b);
  const counts = [...received.values()];
  const minPerNode = counts.length === REPORTS.length * n ? Math.min(...counts) : 0;
  const distinct = byKey;
  return { perReport, distinct: distinct.size, total: reports.length, offsets, minPerNode, seconds: (INTERVALS + 1) * INTERVAL_S };
}

async function main() {
  print(`Goal 4: one poll per report (3 reports, N stats nodes each, every ${INTERVAL_S} s for ${INTERVALS} intervals)`);
  const server = await startServer();
  const red = await startRed(flow(server.url, 0), { srv: { user: CREDS.user, password: CREDS.pass } });
  try {
    for (const n of [1, 10, 50]) {
      const r = await measure(red, server, n);
      print(`  N=${n}: ${fmt(r.total)} requests in ${r.seconds} s for ${r.distinct} distinct reports, ${fmt(r.perReport, 2)} per report per interval;` +
        ` every node got ≥ ${r.minPerNode} results; first requests of the reports at ${r.offsets.map((o) => `+${o} ms`).join(', ')} into the interval`);
      print(goalLine(`goal 4 N=${n} requests per report per interval`, r.perReport, null, 1.05, false).replace('ratio', 'requests'));
    }
  } finally {
    await red.stop();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`polling bench failed: ${err.stack || err}\n`);
  process.exit(0);
});
