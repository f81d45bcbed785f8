#!/usr/bin/env node
'use strict';
/**
 * Goal 1: the client against the physical limit. A write (add_lead) and a 50-row
 * report (logged_in_agents, its default 10 columns) at concurrency 1, 8 and 32, each
 * against a bare node:http keep-alive loop sending the same form to the same server,
 * which runs in another process. Alternating rounds; medians; target ≥ 0.9.
 */
const { VicidialClient } = require('../nodes/core/client');
const { CREDS, startServer, bareLoop, runPool, alternate, median, spread, fmt, goalLine, print } = require('./support/lib');

const CALLS = Number(process.env.BENCH_CALLS || 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const SOURCE = 'node-red';

const CASES = [
  { fn: 'add_lead', what: 'add_lead (write)', input: { phone_number: '3125550101', list_id: '101', first_name: 'Ada', last_name: 'Lovelace' }, check: (r) => r.data.lead_id },
  { fn: 'logged_in_agents', what: 'logged_in_agents (50 rows x 10 columns)', input: {}, check: (r) => r.data.length === 50 && r.data[49].user },
];

async function measure(server, c, concurrency) {
  const bare = bareLoop(server, concurrency, { ...c.input, source: SOURCE, ...CREDS, function: c.fn });
  const client = new VicidialClient({ baseUrl: server.url, ...CREDS, source: SOURCE, concurrency, queueLimit: concurrency });
  try {
    const first = await client.call(c.fn, c.input);
    if (!c.check(first)) throw new Error(`${c.fn}: unexpected answer ${first.raw.slice(0, 200)}`);
    const ours = () => client.call(c.fn, c.input);
    // Warm sockets and JIT on both paths before measuring.
    await runPool(300, concurrency, bare);
    await runPool(300, concurrency, ours);
    const rounds = await alternate(ROUNDS, { bare: () => runPool(CALLS, concurrency, bare), client: () => runPool(CALLS, concurrency, ours) });
    return rounds;
  } finally {
    client.close();
    bare.close();
  }
}

async function main() {
  print(`Goal 1: client vs bare node:http keep-alive loop (server in another process; ${fmt(CALLS)} calls x ${ROUNDS} alternating rounds, medians)`);
  const server = await startServer();
  const ratios = [];
  try {
    for (const c of CASES) {
      for (const concurrency of [1, 8, 32]) {
        const r = await measure(server, c, concurrency);
        const rate = (x) => CALLS / (x.ms / 1000);
        const bareRates = r.bare.map(rate);
        const ourRates = r.client.map(rate);
        const perRound = ourRates.map((o, i) => o / bareRates[i]);
        const ratio = median(ourRates) / median(bareRates);
        ratios.push(ratio);
        print(`  ${c.what}, concurrency ${concurrency}: client ${spread(ourRates)}/s, bare ${spread(bareRates)}/s;` +
          ` CPU/call client ${fmt(median(r.client.map((x) => x.cpuUs / CALLS)))} µs, bare ${fmt(median(r.bare.map((x) => x.cpuUs / CALLS)))} µs`);
        print(goalLine(`  goal 1 ${c.fn} c=${concurrency}`, ratio, perRound, 0.9));
      }
    }
  } finally {
    await server.stop();
  }
  print(goalLine('goal 1 overall (worst case)', Math.min(...ratios), null, 0.9));
}

main().catch((err) => {
  process.stderr.write(`client bench failed: ${err.stack || err}\n`);
});
