#!/usr/bin/env node
'use strict';
/**
 * Goal 2: through a flow, against the physical limit. In Node-RED's own runtime:
 * 100,000 messages through vicidial-add-lead (8 in flight, server concurrency 8) and
 * one vicidial-dnc message of 10,000 numbers, each against the bare node:http loop
 * sending the same requests (taken from what the node sent) at concurrency 8.
 * Wall time ratio (target ≤ 1.15), RSS growth after GC (target ≤ 50 MB), nothing lost.
 */
const bus = require('./support/bus');
const { startRed } = require('./support/red');
const { CREDS, startServer, bareLoop, runPool, alternate, median, spread, fmt, goalLine, print, rssAfterGc } = require('./support/lib');

const MESSAGES = Number(process.env.BENCH_MESSAGES || 100_000);
const NUMBERS = Number(process.env.BENCH_NUMBERS || 10_000);
const ROUNDS = Number(process.env.BENCH_FLOW_ROUNDS || 2);
const CONCURRENCY = 8;
const LEAD = { phone_number: '3125550101', first_name: 'Ada', last_name: 'Lovelace' };

function flow(url) {
  const sink = (id, name) => ({ id, type: 'bench-sink', z: 'tab', name, x: 400, y: 100, wires: [] });
  return [
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'srv', type: 'vicidial-server', name: 'bench', url, timeout: 30, method: 'POST', concurrency: CONCURRENCY },
    {
      id: 'add', type: 'vicidial-add-lead', z: 'tab', x: 200, y: 100, server: 'srv', mode: 'add', modeType: 'mode', listId: '101', listIdType: 'str',
      phoneCode: '1', phoneCodeType: 'str', campaignId: '', campaignIdType: 'str', duplicateCheck: '', duplicateCheckType: 'dup',
      mapping: [], unknownFields: 'reject', params: '', errorOutput: true, outputs: 2, wires: [['add-ok'], ['add-err']],
    },
    sink('add-ok', 'add-ok'),
    sink('add-err', 'add-err'),
    {
      id: 'dnc', type: 'vicidial-dnc', z: 'tab', x: 200, y: 200, server: 'srv', action: 'add', actionType: 'dncaction', campaign: 'SYSTEM_INTERNAL', campaignType: 'str',
      errorOutput: true, outputs: 2, wires: [['dnc-ok'], ['dnc-err']],
    },
    sink('dnc-ok', 'dnc-ok'),
    sink('dnc-err', 'dnc-err'),
  ];
}

/** Sends `total` messages into the add-lead node, keeping `window` in flight; counts what comes out. */
function feedLeads(node, total, window) {
  return new Promise((resolve) => {
    let sent = 0;
    const outcome = { ok: 0, failed: 0, codes: {} };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const next = () => {
      if (sent < total) {
        sent++;
        node.receive({ payload: { ...LEAD } });
        return;
      }
      if (outcome.ok + outcome.failed === total) {
        bus.off('add-ok', ok);
        bus.off('add-err', err);
        const cpu = process.cpuUsage(cpu0);
        resolve({ ms: performance.now() - t0, cpuUs: cpu.user + cpu.system, ...outcome });
      }
    };
    const ok = (msg) => {
      if (msg.payload && msg.payload.lead_id) outcome.ok++;
      else outcome.failed++;
      next();
    };
    const err = (msg) => {
      outcome.failed++;
      const code = msg.error?.code ?? '?';
      outcome.codes[code] = (outcome.codes[code] ?? 0) + 1;
      next();
    };
    bus.on('add-ok', ok);
    bus.on('add-err', err);
    for (let i = 0; i < Math.min(window, total); i++) next();
  });
}

function sendDnc(node, count) {
  return new Promise((resolve) => {
    const numbers = Array.from({ length: count }, (_, i) => String(3125000000 + i));
    const t0 = performance.now();
    const done = (msg, failed) => {
      bus.off('dnc-ok', onOk);
      bus.off('dnc-err', onErr);
      const results = Array.isArray(msg.payload) ? msg.payload : [];
      resolve({ ms: performance.now() - t0, ok: failed ? 0 : results.filter((r) => r.ok).length, failed: failed ? count : results.filter((r) => !r.ok).length });
    };
    const onOk = (msg) => done(msg, false);
    const onErr = (msg) => done(msg, true);
    bus.on('dnc-ok', onOk);
    bus.on('dnc-err', onErr);
    node.receive({ payload: numbers });
  });
}

/** The exact request a node sends, from the server's log, with the credentials put back. */
async function requestOf(server, act) {
  await server.log(true);
  await act();
  const { log } = await server.counts();
  await server.log(false);
  return { ...Object.fromEntries(new URLSearchParams(log[0].params)), source: 'node-red', ...CREDS };
}

async function main() {
  print(`Goal 2: through a flow in Node-RED vs the bare node:http loop (concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds, medians)`);
  const server = await startServer();
  const red = await startRed(flow(server.url), { srv: { user: CREDS.user, password: CREDS.pass } });
  try {
    const add = red.node('add');
    const dnc = red.node('dnc');
    const leadRequest = await requestOf(server, () => feedLeads(add, 1, 1));
    const dncRequest = await requestOf(server, () => sendDnc(dnc, 1));
    const bareLead = bareLoop(server, CONCURRENCY, leadRequest);
    const bareDnc = bareLoop(server, CONCURRENCY, dncRequest);
    // Warm up both paths, then take the baseline memory.
    await feedLeads(add, 2000, CONCURRENCY);
    await runPool(2000, CONCURRENCY, bareLead);
    await sendDnc(dnc, 1000);
    const rssBefore = rssAfterGc();

    const leads = await alternate(ROUNDS, { bare: () => runPool(MESSAGES, CONCURRENCY, bareLead), flow: () => feedLeads(add, MESSAGES, CONCURRENCY) });
    const dncs = await alternate(ROUNDS + 1, { bare: () => runPool(NUMBERS, CONCURRENCY, bareDnc), flow: () => sendDnc(dnc, NUMBERS) });
    const rssAfter = rssAfterGc();
    bareLead.close();
    bareDnc.close();

    const report = (label, r, count, unit) => {
      const ratio = median(r.flow.map((x) => x.ms)) / median(r.bare.map((x) => x.ms));
      const perRound = r.flow.map((x, i) => x.ms / r.bare[i].ms);
      const lost = r.flow.map((x) => count - x.ok - x.failed);
      print(`  ${label}: flow ${spread(r.flow.map((x) => x.ms))} ms, bare ${spread(r.bare.map((x) => x.ms))} ms;` +
        ` delivered ${r.flow.map((x) => x.ok).join('/')} of ${fmt(count)} ${unit}, failed ${r.flow.map((x) => x.failed).join('/')}, lost ${lost.join('/')}` +
        (r.flow[0].cpuUs ? `; CPU/message flow ${fmt(median(r.flow.map((x) => x.cpuUs / count)))} µs, bare ${fmt(median(r.bare.map((x) => x.cpuUs / count)))} µs` : ''));
      if (r.flow.some((x) => x.codes && Object.keys(x.codes).length)) print(`    failures by code: ${JSON.stringify(r.flow.map((x) => x.codes))}`);
      print(goalLine(`goal 2 ${label} wall time`, ratio, perRound, 1.15, false));
      print(goalLine(`goal 2 ${label} nothing lost`, Math.max(...lost), null, 0, false, 0).replace('ratio', 'lost'));
    };
    report(`${fmt(MESSAGES)} messages through vicidial-add-lead`, leads, MESSAGES, 'leads');
    report(`one vicidial-dnc message of ${fmt(NUMBERS)} numbers`, dncs, NUMBERS, 'numbers');
    const growth = rssAfter - rssBefore;
    print(`  RSS after GC: ${fmt(rssBefore)} MB before, ${fmt(rssAfter)} MB after${global.gc ? '' : ' (run with --expose-gc for a full GC)'}`);
    print(goalLine('goal 2 RSS growth (MB)', growth, null, 50, false, 1).replace('ratio', 'growth'));
  } finally {
    await red.stop();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`flow bench failed: ${err.stack || err}\n`);
  process.exit(0);
});
