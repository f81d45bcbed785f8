'use strict';
/**
 * The benchmarks' VICIdial server, run in its own process (fork this file). It asks the
 * simulator once for real answers (same framing, field order and width), then serves
 * them from memory, so the figures measure the client and not the server. It counts
 * requests per function and, on request, logs when each came and with which parameters
 * (without user and password), for the polling benchmark.
 *
 * IPC: sends { ready: url } once listening; answers { cmd: 'counts' } with
 * { counts, log }, { cmd: 'reset' } by clearing both, { cmd: 'log', on } by switching the log.
 */
const http = require('node:http');
const { startSimulator } = require('../../nodes/sim/server');

const AGENTS = 50;
const CREDS = { source: 'bench', user: '6666', pass: '1234' };

/** The requests whose real answers are captured: function → parameters. */
const SAMPLES = {
  add_lead: { phone_number: '3125550101', list_id: '101', first_name: 'Ada', last_name: 'Lovelace' },
  logged_in_agents: {},
  add_dnc_phone: { phone_number: '3125550101', campaign_id: 'SYSTEM_INTERNAL' },
  call_status_stats: { campaigns: 'TESTCAMP' },
  in_group_status: { in_groups: 'SALESLINE' },
  agent_status: { agent_user: 'agent001', stage: 'tab' },
  version: {},
};

function seed() {
  const users = [];
  const agents = [];
  for (let i = 1; i <= AGENTS; i++) {
    const id = `agent${String(i).padStart(3, '0')}`;
    users.push({ user: id, pass: `pass${id}`, full_name: `Agent Number ${i}`, user_level: 1, user_group: 'AGENTS' });
    agents.push({ user: id, campaign_id: i % 2 ? 'TESTCAMP' : 'RENEWALS', status: i % 3 ? 'READY' : 'PAUSED' });
  }
  return {
    users: [{ user: '6666', pass: '1234', full_name: 'Admin', user_level: 9, user_group: 'ADMIN', flags: require('../../nodes/sim/seed').ADMIN_FLAGS }, ...users],
    agents,
  };
}

function post(url, params) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(params).toString();
    const req = http.request(`${url}/vicidial/non_agent_api.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function captureAnswers() {
  const sim = await startSimulator({ port: 0, seed: seed() });
  try {
    const answers = new Map();
    for (const [fn, params] of Object.entries(SAMPLES)) answers.set(fn, await post(sim.url, { ...CREDS, function: fn, ...params }));
    return answers;
  } finally {
    await sim.stop();
  }
}

const FUNCTION = /(?:^|&)function=([^&]*)/;
const UNKNOWN = Buffer.from('ERROR: NO FUNCTION SPECIFIED\n');

function withoutSecrets(body) {
  const p = new URLSearchParams(body);
  p.delete('user');
  p.delete('pass');
  p.delete('source');
  p.sort();
  return p.toString();
}

async function main() {
  const answers = await captureAnswers();
  const counts = Object.create(null);
  let log = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0].toString('latin1') : Buffer.concat(chunks).toString('latin1');
      const m = FUNCTION.exec(body) ?? FUNCTION.exec((req.url ?? '').split('?')[1] ?? '');
      const fn = m ? m[1] : '';
      counts[fn] = (counts[fn] ?? 0) + 1;
      if (log) log.push({ t: Date.now(), fn, params: withoutSecrets(body) });
      const answer = answers.get(fn) ?? UNKNOWN;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': answer.length });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ ready: `http://127.0.0.1:${server.address().port}` }));
  process.on('message', (m) => {
    if (m.cmd === 'counts') process.send({ counts: { ...counts }, log: log ? log.slice() : [] });
    else if (m.cmd === 'reset') {
      for (const k of Object.keys(counts)) delete counts[k];
      if (log) log = [];
    } else if (m.cmd === 'log') log = m.on ? [] : null;
  });
  // The parent going away (normally or not) ends this process: nothing is left behind.
  process.on('disconnect', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`bench server: ${err.stack || err}\n`);
  process.exit(1);
});
