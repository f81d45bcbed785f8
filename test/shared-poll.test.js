'use strict';
// One poll per report: the shared registry (fake clock) and stats nodes against the
// simulator, whose request log counts what the server really received.
const assert = require('node:assert/strict');
const sinon = require('sinon');
const { PollRegistry, nextPhase } = require('../nodes/core/shared-poll');
const { helper, nodeTestLifecycle, load } = require('./support/nodes');
const statsNode = require('../nodes/vicidial-stats.js');

describe('shared poll registry', () => {
  let clock;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => clock.restore());

  /** A fetch that counts its calls and answers with the call number. */
  function counter() {
    const f = () => Promise.resolve(++f.calls);
    f.calls = 0;
    return f;
  }

  it('places each new poll in the middle of the largest free gap', () => {
    assert.equal(nextPhase([], 1000), 0);
    assert.equal(nextPhase([0], 1000), 500);
    assert.equal(nextPhase([0, 500], 1000), 250);
    assert.equal(nextPhase([0, 250, 500], 1000), 750);
  });

  it('subscribers of one key share one request per interval and each gets every result', async () => {
    const reg = new PollRegistry();
    const scope = {};
    const fetch = counter();
    const got = [[], [], []];
    const subs = got.map((g) => reg.subscribe(scope, 'k', 1000, fetch, (o) => g.push(o.value)));
    await clock.tickAsync(0);
    await clock.tickAsync(3000);
    assert.equal(fetch.calls, 4, 'one request now and one per interval');
    for (const g of got) assert.deepEqual(g, [1, 2, 3, 4]);
    assert.equal(reg.size(scope), 1);
    subs.forEach((s) => s.stop());
    assert.equal(reg.size(scope), 0);
    await clock.tickAsync(5000);
    assert.equal(fetch.calls, 4, 'no request once the last subscriber left');
  });

  it('keeps the poll running while any subscriber is left', async () => {
    const reg = new PollRegistry();
    const fetch = counter();
    const a = reg.subscribe({}, 'k', 1000, fetch, () => undefined);
    const scope = {};
    const b = reg.subscribe(scope, 'k', 1000, fetch, () => undefined);
    const c = reg.subscribe(scope, 'k', 1000, fetch, () => undefined);
    await clock.tickAsync(0);
    assert.equal(fetch.calls, 2, 'another scope (server) is another poll');
    b.stop();
    await clock.tickAsync(1000);
    assert.equal(fetch.calls, 4);
    a.stop();
    c.stop();
    await clock.tickAsync(3000);
    assert.equal(fetch.calls, 4);
  });

  it('spreads the polls of different keys over the interval', async () => {
    const reg = new PollRegistry();
    const scope = {};
    const times = { a: [], b: [], c: [], d: [] };
    const subs = Object.keys(times).map((k) =>
      reg.subscribe(scope, k, 1000, () => Promise.resolve(times[k].push(Date.now() - 1_000_000)), () => undefined),
    );
    await clock.tickAsync(2500);
    const offsets = Object.values(times).map((t) => t[0]).sort((x, y) => x - y);
    assert.deepEqual(offsets, [0, 250, 500, 750]);
    for (const t of Object.values(times)) assert.deepEqual(t.slice(1).map((x, i) => x - t[i]), t.slice(1).map(() => 1000));
    subs.forEach((s) => s.stop());
  });

  it('a different interval is a different poll', async () => {
    const reg = new PollRegistry();
    const scope = {};
    const fetch = counter();
    const a = reg.subscribe(scope, 'k', 1000, fetch, () => undefined);
    const b = reg.subscribe(scope, 'k', 500, fetch, () => undefined);
    assert.equal(reg.size(scope), 2);
    a.stop();
    b.stop();
  });

  it('never overlaps its requests: a tick is skipped while one is in flight', async () => {
    const reg = new PollRegistry();
    let open = 0;
    let maxOpen = 0;
    let calls = 0;
    const slow = () => {
      calls++;
      open++;
      maxOpen = Math.max(maxOpen, open);
      return new Promise((r) => setTimeout(() => r(open--), 1500));
    };
    const got = [];
    const s = reg.subscribe({}, 'k', 1000, slow, (o) => got.push(o));
    await clock.tickAsync(5000);
    s.stop();
    assert.equal(maxOpen, 1);
    assert.equal(calls, 3, 'requests at 0, 2 and 4 s: the ticks at 1 and 3 s found one in flight');
    assert.ok(got.length >= 2);
  });

  it('gives every subscriber the failure, and goes on polling', async () => {
    const reg = new PollRegistry();
    let n = 0;
    const fetch = () => (++n === 1 ? Promise.reject(new Error('boom')) : Promise.resolve(n));
    const scope = {};
    const got = [[], []];
    const subs = got.map((g) => reg.subscribe(scope, 'k', 1000, fetch, (o) => g.push(o.ok ? o.value : o.error.message)));
    await clock.tickAsync(1000);
    for (const g of got) assert.deepEqual(g, ['boom', 2]);
    subs.forEach((s) => s.stop());
  });

  it('one subscriber throwing does not keep the result from the others', async () => {
    const reg = new PollRegistry();
    const got = [];
    const a = reg.subscribe({}, 'k', 1000, () => Promise.resolve(7), () => {
      throw new Error('listener bug');
    });
    const scope = {};
    const b = reg.subscribe(scope, 'k', 1000, () => Promise.resolve(7), () => {
      throw new Error('listener bug');
    });
    const c = reg.subscribe(scope, 'k', 1000, () => Promise.resolve(7), (o) => got.push(o.value));
    await clock.tickAsync(0);
    assert.deepEqual(got, [7]);
    [a, b, c].forEach((s) => s.stop());
  });

  it('a subscriber joining between polls gets the latest result at once, without a request', async () => {
    const reg = new PollRegistry();
    const scope = {};
    const fetch = counter();
    const a = reg.subscribe(scope, 'k', 1000, fetch, () => undefined);
    await clock.tickAsync(400);
    const got = [];
    const b = reg.subscribe(scope, 'k', 1000, fetch, (o) => got.push(o.value));
    assert.deepEqual(got, [1]);
    assert.equal(fetch.calls, 1);
    await clock.tickAsync(600);
    assert.deepEqual(got, [1, 2]);
    a.stop();
    b.stop();
  });
});

describe('vicidial-stats: one request per distinct report per interval', function () {
  this.timeout(30000);
  const ctx = nodeTestLifecycle();
  const INTERVAL_S = 0.3;
  const RUN_MS = 1400;
  const REPORTS = [
    { report: 'logged_in_agents', params: '' },
    { report: 'call_status_stats', params: '{"campaigns": "TESTCAMP"}' },
    { report: 'call_status_stats', params: '{"campaigns": "RENEWALS"}' },
  ];

  function flow(n) {
    const nodes = [];
    REPORTS.forEach((r, ri) => {
      for (let i = 0; i < n; i++) {
        nodes.push({
          id: `s${ri}-${i}`, type: 'vicidial-stats', server: 'vd-server', report: r.report, reportType: 'report', shape: 'objects', shapeType: 'shape',
          params: r.params, interval: INTERVAL_S, onlyChanged: false, wires: [[`out${ri}`]],
        });
      }
      nodes.push({ id: `out${ri}`, type: 'helper' });
    });
    return nodes;
  }

  for (const n of [1, 10, 50]) {
    it(`N = ${n} nodes per report`, async () => {
      const sim = ctx.sim;
      const from = sim.requests.length;
      const started = Date.now();
      await load([statsNode], sim, flow(n));
      const got = REPORTS.map((_r, ri) => {
        const seen = [];
        helper.getNode(`out${ri}`).on('input', (m) => seen.push(m));
        return seen;
      });
      await new Promise((r) => setTimeout(r, RUN_MS));
      await helper.unload();
      const elapsed = Date.now() - started;
      const sent = sim.requests.slice(from);
      // At most one request at deploy and one per interval since, per distinct report.
      const bound = Math.floor(elapsed / (INTERVAL_S * 1000)) + 1;
      const agents = sent.filter((r) => r.fn === 'logged_in_agents').length;
      const stats = sent.filter((r) => r.fn === 'call_status_stats').length;
      assert.ok(agents >= 1 && agents <= bound, `logged_in_agents requests: ${agents} (bound ${bound})`);
      assert.ok(stats >= 2 && stats <= 2 * bound, `call_status_stats requests (two parameter sets): ${stats} (bound ${2 * bound})`);
      // Every node got each result: one message per node per poll.
      assert.equal(got[0].length % n, 0, `logged_in_agents messages: ${got[0].length}`);
      assert.ok(got[0].length >= n, 'every node got a result');
      assert.ok(got[1].length >= n && got[2].length >= n);
      assert.ok(got[0].every((m) => Array.isArray(m.payload) && m.topic === 'logged_in_agents'));
      assert.deepEqual(new Set(got[1].map((m) => m.payload[0].id)), new Set(['TESTCAMP']));
      assert.deepEqual(new Set(got[2].map((m) => m.payload[0].id)), new Set(['RENEWALS']));
      // Distinct messages: a flow changing one node's payload cannot change another's.
      assert.notEqual(got[0][0].payload, got[0][got[0].length - 1].payload);
    });
  }

  it('a report read from a flow variable polls on its own, as before', async () => {
    const sim = ctx.sim;
    const from = sim.requests.length;
    const nodes = [
      { id: 'tab', type: 'tab' },
      ...[0, 1].map((i) => ({
        id: `f${i}`, z: 'tab', type: 'vicidial-stats', server: 'vd-server', report: 'which', reportType: 'flow', shape: 'objects', shapeType: 'shape',
        params: '', interval: INTERVAL_S, onlyChanged: false, wires: [['out']],
      })),
      { id: 'out', z: 'tab', type: 'helper' },
    ];
    await load([statsNode], sim, nodes);
    helper.getNode('f0').context().flow.set('which', 'logged_in_agents');
    const got = [];
    helper.getNode('out').on('input', (m) => got.push(m));
    await new Promise((r) => setTimeout(r, 1000));
    await helper.unload();
    assert.ok(got.some((m) => m.topic === 'logged_in_agents'));
    const agents = sim.requests.slice(from).filter((r) => r.fn === 'logged_in_agents').length;
    assert.ok(agents >= 2, `each node polls itself: ${agents}`);
  });
});
