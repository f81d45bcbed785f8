'use strict';
// Thousands of messages through the action nodes, at concurrency, against a fault-injecting
// proxy in front of the simulator: every message ends in exactly one outcome, no write reaches
// the simulator twice, no login fails beyond the guard, and nothing is left open after close.
const assert = require('node:assert/strict');
const { helper, startSimulator, load } = require('./support/nodes');
const { startFaultServer } = require('./support/fault-server');
const addLeadNode = require('../nodes/vicidial-add-lead.js');
const apiNode = require('../nodes/vicidial-api.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

const MESSAGES = Number(process.env.FAULT_MESSAGES) || 2000;
const WINDOW = 40;
const WEIGHTS = { pass: 70, hang: 1, reset: 5, closeBeforeHeaders: 4, empty500: 4, truncated: 5, garbage: 4, huge: 2, slow: 5 };

const resources = (kind) => process.getActiveResourcesInfo().filter((r) => r === kind).length;

async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function flow() {
  return [
    { id: 'adder', type: 'vicidial-add-lead', server: 'vd-server', mode: 'add', modeType: 'mode', listId: '101', listIdType: 'num', phoneCode: '1', phoneCodeType: 'str', wires: [['out']] },
    { id: 'searcher', type: 'vicidial-api', server: 'vd-server', func: 'lead_search', api: 'non_agent', params: '', wires: [['out']] },
    { id: 'out', type: 'helper' },
    { id: 'c1', type: 'catch', scope: ['adder', 'searcher'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];
}

/** Feeds `count` messages, at most WINDOW without an outcome, and returns how often each ended. */
async function drive(count, makeMsg, timeoutMs) {
  const outcomes = new Map();
  let sent = 0;
  let ended = 0;
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  const record = (kind) => (msg) => {
    const seen = outcomes.get(msg.n) ?? [];
    seen.push(msg.error?.code ?? kind);
    outcomes.set(msg.n, seen);
    ended++;
    if (ended >= count) resolveAll();
    else if (sent < count) send();
  };
  helper.getNode('out').on('input', record('ok'));
  helper.getNode('caught').on('input', record('error'));
  const send = () => {
    const n = sent++;
    const { node, msg } = makeMsg(n);
    helper.getNode(node).receive({ ...msg, n });
  };
  for (let i = 0; i < Math.min(WINDOW, count); i++) send();
  const timer = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${ended} of ${count} messages ended`)), timeoutMs).unref());
  await Promise.race([all, timer]);
  return outcomes;
}

const phone = (n) => `31255${String(10000 + n).padStart(5, '0')}`;

describe('fault injection through the action nodes', function () {
  this.timeout(180_000);
  let sim;
  let proxy;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0 });
    await new Promise((r) => helper.startServer(r));
  });
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
    await proxy?.close();
    await sim.stop();
  });

  it(`${MESSAGES} messages: exactly one outcome each, no duplicate write, no failed login, nothing left open`, async () => {
    proxy = await startFaultServer(sim.url, { seed: 8, weights: WEIGHTS, passFirst: 4, hugeBytes: 1536 * 1024 });
    const sockets0 = resources('TCPSocketWrap');
    const timers0 = resources('Timeout');
    await load([addLeadNode, apiNode, catchNode], { url: proxy.url }, flow(), undefined, { timeout: 1, concurrency: 8, maxAnswerMB: 1 });
    const outcomes = await drive(
      MESSAGES,
      (n) =>
        n % 3 === 2
          ? { node: 'searcher', msg: { payload: { phone_number: phone(n - 1) } } }
          : { node: 'adder', msg: { payload: { phone_number: phone(n), vendor_lead_code: `fault-${n}` } } },
      150_000,
    );

    assert.equal(outcomes.size, MESSAGES, 'every message ended');
    const doubled = [...outcomes].filter(([, seen]) => seen.length !== 1);
    assert.deepEqual(doubled, [], 'no message ended twice');
    const writes = new Map();
    for (const lead of sim.state.leads.values()) {
      if (lead.vendor_lead_code?.startsWith('fault-')) writes.set(lead.vendor_lead_code, (writes.get(lead.vendor_lead_code) ?? 0) + 1);
    }
    assert.deepEqual([...writes].filter(([, c]) => c > 1), [], 'no write reached the simulator twice');
    assert.equal(sim.state.users.get('6666').failed_login_count, 0, 'no failed login with the right password');
    const codes = [...outcomes.values()].flat();
    for (const fault of ['reset', 'truncated', 'huge', 'empty500', 'garbage', 'hang']) assert.ok(proxy.counts[fault] > 0, `the ${fault} fault was injected`);
    for (const code of ['ok', 'TRUNCATED', 'TOO_LARGE', 'HTTP', 'TIMEOUT']) assert.ok(codes.includes(code), `some message ended with ${code}: ${[...new Set(codes)]}`);
    assert.ok(!codes.includes('AUTH'), 'the guard never paused a good password');

    await helper.unload();
    await until(() => resources('TCPSocketWrap') <= sockets0 && proxy.openSockets === 0, 5000, 'sockets closed after unload');
    await until(() => resources('Timeout') <= timers0, 5000, 'timers cleared after unload');
  });

  it('a wrong password through the faults never makes more failed logins than the guard allows', async () => {
    proxy = await startFaultServer(sim.url, { seed: 11, weights: WEIGHTS });
    await load([addLeadNode, apiNode, catchNode], { url: proxy.url }, flow(), { user: '6666', password: 'not-the-password' }, { timeout: 1, concurrency: 8 });
    const outcomes = await drive(300, (n) => ({ node: n % 2 ? 'searcher' : 'adder', msg: { payload: { phone_number: phone(n), vendor_lead_code: `bad-${n}` } } }), 60_000);
    assert.equal(outcomes.size, 300);
    assert.ok([...outcomes.values()].every((seen) => seen.length === 1));
    assert.ok(sim.state.users.get('6666').failed_login_count <= 3, `failed logins at the simulator: ${sim.state.users.get('6666').failed_login_count}`);
    assert.ok([...outcomes.values()].flat().filter((c) => c === 'AUTH').length > 250, 'the rest failed at once with AUTH');
  });
});
