'use strict';
// The login-failure guard against the simulator's own lock counter: concurrency, several
// clients (config nodes), redeploys (clients closed and made again), LOCKED answers, and
// two guard registries (two runtimes) sharing one store.
const assert = require('node:assert/strict');
const http = require('node:http');
const { VicidialClient } = require('../nodes/core/client');
const { GuardRegistry } = require('../nodes/core/login-guard');
const { contextGuardStore } = require('../nodes/core/guard-context');
const { startSimulator } = require('../nodes/sim/server');

const outcome = (p) => p.then(() => 'ok', (e) => e.code);

describe('login guard', () => {
  let sim;
  const clients = [];
  function client(extra = {}) {
    const c = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: 'wrong-pass', retries: 0, ...extra });
    clients.push(c);
    return c;
  }
  const failed = () => sim.state.users.get('6666').failed_login_count;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  it('30 concurrent calls with a wrong password make at most 3 failed logins; the rest fail at once with AUTH', async () => {
    const c = client({ concurrency: 30 });
    const codes = await Promise.all(Array.from({ length: 30 }, () => outcome(c.call('logged_in_agents'))));
    assert.deepEqual([...new Set(codes)], ['AUTH']);
    assert.equal(failed(), 3);
    assert.equal(sim.requests.length, 3);
    const state = c.loginState();
    assert.equal(state.state, 'paused');
    assert.ok(state.retryAt > Date.now() + 60_000, 'paused for minutes, not seconds');
  });

  it('the pause carries retryAt and the time left in its reason', async () => {
    const c = client();
    for (let i = 0; i < 3; i++) await outcome(c.call('logged_in_agents'));
    const err = await c.call('logged_in_agents').then(() => null, (e) => e);
    assert.equal(err.code, 'AUTH');
    assert.match(err.reason, /^not sent: 3 failed logins .* resume in \d+ s/);
    assert.equal(typeof err.retryAt, 'number');
    assert.equal(err.toJSON().retryAt, err.retryAt);
  });

  it('spans config nodes and survives redeploys: a poller on five clients, each closed and made again', async () => {
    const codes = [];
    for (let deploy = 0; deploy < 5; deploy++) {
      const a = client({ concurrency: 4 });
      const b = client({ concurrency: 8 });
      codes.push(...(await Promise.all([a, b, a, b, a, b].map((x) => outcome(x.call('logged_in_agents'))))));
      a.close();
      b.close();
    }
    assert.equal(codes.length, 30);
    assert.ok(codes.every((c) => c === 'AUTH'), codes.join());
    assert.equal(failed(), 3);
    assert.equal(sim.requests.length, 3);
  });

  it('never has more login-bearing calls in flight than the limit allows', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = http.createServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ERROR: logged_in_agents NO LOGGED IN AGENTS\n');
      }, 20);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const c = new VicidialClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, user: 'u', pass: 'p', concurrency: 16 });
      clients.push(c);
      const codes = await Promise.all(Array.from({ length: 40 }, () => outcome(c.call('logged_in_agents'))));
      assert.ok(codes.every((x) => x === 'ok'), codes.join());
      assert.equal(peak, 3);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('a right password is not held back by the guard, and version never counts', async () => {
    const c = client({ pass: '1234', concurrency: 8 });
    const codes = await Promise.all(Array.from({ length: 20 }, () => outcome(c.call('logged_in_agents'))));
    assert.ok(codes.every((x) => x === 'ok'));
    const bad = client({ concurrency: 8 });
    for (let i = 0; i < 4; i++) await outcome(bad.call('logged_in_agents'));
    assert.equal(await outcome(bad.call('version')), 'ok', 'version is answered before the login');
  });

  it('a LOCKED answer stops every call for that user, on every client, with the time left', async () => {
    const u = sim.state.users.get('6666');
    u.failed_login_count = 10;
    u.last_login_date = Math.floor(Date.now() / 1000);
    const a = client({ pass: '1234' });
    const b = client({ pass: '1234', concurrency: 2 });
    const first = await a.call('logged_in_agents').then(() => null, (e) => e);
    assert.equal(first.code, 'LOCKED');
    const sent = sim.requests.length;
    const later = await Promise.all([a, b, b].map((x) => x.call('campaigns_list').then(() => null, (e) => e)));
    assert.ok(later.every((e) => e && e.code === 'LOCKED'), later.map(String).join());
    assert.ok(later.every((e) => e.retryAt > Date.now() + 14 * 60_000));
    assert.equal(sim.requests.length, sent, 'nothing more was sent');
    assert.equal(a.loginState().state, 'locked');
  });

  it('a timeout before the first successful login counts as a possible failure', async () => {
    const server = http.createServer(() => {/* never answers */});
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const c = new VicidialClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, user: 'u', pass: 'p', timeoutMs: 100, retries: 0 });
      clients.push(c);
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(await outcome(c.call('logged_in_agents')));
      assert.deepEqual(codes, ['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'AUTH']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('closing a client fails its calls waiting for a guard slot, and sends nothing more', async () => {
    let answer;
    const server = http.createServer((req, res) => {
      answer = () => res.end('ERROR: logged_in_agents NO LOGGED IN AGENTS\n');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${server.address().port}`;
      const holder = new VicidialClient({ baseUrl: url, user: 'u', pass: 'p', concurrency: 3 });
      const c = new VicidialClient({ baseUrl: url, user: 'u', pass: 'p', concurrency: 3 });
      clients.push(holder, c);
      const held = [1, 2, 3].map(() => outcome(holder.call('logged_in_agents')));
      await new Promise((r) => setTimeout(r, 100));
      const waiting = outcome(c.call('logged_in_agents'));
      c.close();
      assert.equal(await waiting, 'NETWORK');
      answer();
      holder.close();
      await Promise.all(held);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  describe('shared through a context store', () => {
    /** A store of Node-RED's context API (callback forms) that two runtimes share, answering asynchronously. */
    function sharedContext() {
      const data = new Map();
      const later = (fn) => setImmediate(fn);
      return {
        data,
        keys: (store, cb) => later(() => cb(null, [...data.keys()])),
        get: (keys, store, cb) => later(() => cb(null, ...keys.map((k) => (data.has(k) ? JSON.parse(data.get(k)) : undefined)))),
        set: (key, value, store, cb) => later(() => { data.set(key, JSON.stringify(value)); cb(null); }),
      };
    }

    it('two runtimes sharing a store make at most 3 failed logins together, and both pause', async () => {
      const ctx = sharedContext();
      const one = new GuardRegistry(contextGuardStore(ctx, 'shared'));
      const two = new GuardRegistry(contextGuardStore(ctx, 'shared'));
      assert.notEqual(one.owner, two.owner);
      const a = client({ guards: one, concurrency: 20 });
      const b = client({ guards: two, concurrency: 20 });
      const codes = await Promise.all(
        Array.from({ length: 40 }, (_, i) => outcome((i % 2 ? a : b).call('logged_in_agents'))),
      );
      assert.ok(codes.every((x) => x === 'AUTH'), codes.join());
      assert.equal(failed(), 3);
      assert.equal(sim.requests.length, 3);
      assert.equal(a.loginState().state, 'paused');
      assert.equal(b.loginState().state, 'paused');
      assert.ok([...ctx.data.keys()].every((k) => /^vicidialGuard_[0-9a-f]+_[0-9a-f]+$/.test(k)), 'keys are safe context keys');
    });

    it('a LOCKED answer seen by one runtime stops the other', async () => {
      const ctx = sharedContext();
      const a = client({ pass: '1234', guards: new GuardRegistry(contextGuardStore(ctx, 's')) });
      const b = client({ pass: '1234', guards: new GuardRegistry(contextGuardStore(ctx, 's')) });
      const u = sim.state.users.get('6666');
      u.failed_login_count = 10;
      u.last_login_date = Math.floor(Date.now() / 1000);
      assert.equal(await outcome(a.call('logged_in_agents')), 'LOCKED');
      const sent = sim.requests.length;
      assert.equal(await outcome(b.call('logged_in_agents')), 'LOCKED');
      assert.equal(sim.requests.length, sent);
    });

    it('without a shared store, separate runtimes each have their own guard (the default memory store)', async () => {
      const a = client({ guards: new GuardRegistry() });
      const b = client({ guards: new GuardRegistry() });
      for (let i = 0; i < 3; i++) await outcome(a.call('logged_in_agents'));
      const before = sim.requests.length;
      await outcome(b.call('logged_in_agents'));
      assert.equal(sim.requests.length, before + 1);
    });
  });
});
