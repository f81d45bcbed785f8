'use strict';
// The client core over real loopback HTTP: methods, timeouts, the concurrency limit,
// retries (never for writes or logins) and redaction of the password everywhere.
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const sinon = require('sinon');
const { VicidialClient } = require('../nodes/core/client');
const { VicidialError } = require('../nodes/core/errors');
const { startSimulator } = require('../nodes/sim/server');

const PASS = 'S3cret-Pass_42';

/** A tiny server whose answer each test scripts; records every request it got. */
function scriptedServer(handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, body, params: new URLSearchParams(body) };
      seen.push(entry);
      handler(req, res, entry, seen.length);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    }),
  );
}

/** A port nothing listens on: connections are refused. */
async function closedPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

function client(url, extra = {}) {
  return new VicidialClient({ baseUrl: url, user: 'apiuser', pass: PASS, retryBaseMs: 5, ...extra });
}

describe('transport', () => {
  let sim;
  before(async () => {
    sim = await startSimulator({ port: 0 });
    sim.state.users.set('apiuser', { ...sim.state.users.get('6666'), user: 'apiuser', pass: PASS });
  });
  after(() => sim.stop());
  afterEach(() => sim.clearOverrides());

  it('sends every parameter in a POST body by default, nothing in the URL', async () => {
    const c = client(sim.url);
    await c.call('version');
    c.close();
    const last = sim.requests[sim.requests.length - 1];
    assert.equal(last.method, 'POST');
    assert.deepEqual(last.queryKeys, []);
    assert.ok(last.bodyKeys.includes('pass') && last.bodyKeys.includes('user') && last.bodyKeys.includes('function'));
  });

  it('uses the query string with method GET', async () => {
    const c = client(sim.url, { method: 'GET' });
    const r = await c.call('version');
    c.close();
    const last = sim.requests[sim.requests.length - 1];
    assert.equal(last.method, 'GET');
    assert.ok(last.queryKeys.includes('function'));
    assert.equal(r.data.version, sim.state.version);
  });

  it('honours custom API paths', async () => {
    const srv = await scriptedServer((req, res) => res.end('VERSION: 9|BUILD: 1|\n'));
    const c = client(srv.url, { nonAgentPath: '/custom/na.php' });
    await c.call('version');
    c.close();
    await srv.close();
    assert.equal(srv.seen[0].url, '/custom/na.php');
  });

  it('aborts a call that takes longer than the timeout with TIMEOUT', async () => {
    const srv = await scriptedServer(() => {/* never answers */});
    const c = client(srv.url, { timeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(c.call('logged_in_agents'), (e) => e instanceof VicidialError && e.code === 'TIMEOUT');
    const took = Date.now() - started;
    c.close();
    await srv.close();
    assert.ok(took < 5000, `aborted after ${took} ms`);
  });

  it('never runs more calls at once than the concurrency limit, in FIFO order', async () => {
    let inFlight = 0;
    let peak = 0;
    const order = [];
    const srv = await scriptedServer((req, res, entry) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      order.push(entry.params.get('lead_id'));
      setTimeout(() => { inFlight--; res.end('lead_id|x\n'); }, 30);
    });
    const c = client(srv.url, { concurrency: 2 });
    const ids = ['1', '2', '3', '4', '5', '6'];
    await Promise.all(ids.map((id) => c.call('lead_field_info', { lead_id: id, field_name: 'first_name' })));
    c.close();
    await srv.close();
    assert.equal(peak, 2);
    assert.deepEqual(order, ids);
  });

  it('fails at once with QUEUE_FULL when the queue is full, and loses nothing else', async () => {
    const srv = await scriptedServer((req, res) => setTimeout(() => res.end('x\n'), 50));
    const c = client(srv.url, { concurrency: 1, queueLimit: 2 });
    const calls = [1, 2, 3, 4, 5].map((n) => c.call('lead_field_info', { lead_id: n, field_name: 'first_name' }).then(() => 'ok', (e) => e.code));
    const outcomes = await Promise.all(calls);
    c.close();
    await srv.close();
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'QUEUE_FULL', 'QUEUE_FULL']);
    assert.equal(srv.seen.length, 3);
  });

  it('does not resend a write after the connection drops mid-request', async () => {
    const srv = await scriptedServer((req, res) => res.socket.destroy());
    const c = client(srv.url, { retries: 3 });
    await assert.rejects(c.call('add_lead', { phone_number: '3125551234', list_id: '101' }), (e) => e.code === 'NETWORK');
    c.close();
    await srv.close();
    assert.equal(srv.seen.length, 1);
  });

  it('retries a read after a reset connection, with a cap', async () => {
    const srv = await scriptedServer((req, res, entry, n) => (n < 3 ? res.socket.destroy() : res.end('first_name\n')));
    const c = client(srv.url, { retries: 3 });
    const r = await c.call('lead_field_info', { lead_id: 1001, field_name: 'first_name' });
    c.close();
    await srv.close();
    assert.equal(srv.seen.length, 3);
    assert.equal(r.data.value ?? Object.values(r.data)[0], 'first_name');
  });

  it('gives up on a read after the retry cap', async () => {
    const srv = await scriptedServer((req, res) => res.socket.destroy());
    const c = client(srv.url, { retries: 2 });
    await assert.rejects(c.call('logged_in_agents'), (e) => e.code === 'NETWORK');
    c.close();
    await srv.close();
    assert.equal(srv.seen.length, 3);
  });

  it('reports a refused connection as NETWORK without the password', async () => {
    const port = await closedPort();
    const c = client(`http://127.0.0.1:${port}`, { retries: 1, method: 'GET' });
    await assert.rejects(c.call('logged_in_agents'), (e) => {
      assert.equal(e.code, 'NETWORK');
      assert.ok(!JSON.stringify(e.toJSON()).includes(PASS));
      assert.ok(!e.message.includes(PASS));
      return true;
    });
    c.close();
  });

  it('never retries a login failure, and masks the echoed password', async () => {
    const c = new VicidialClient({ baseUrl: sim.url, user: 'apiuser', pass: 'wrong-pass-77', retries: 3 });
    const before = sim.requests.length;
    const err = await c.call('logged_in_agents').then(() => null, (e) => e);
    c.close();
    assert.equal(sim.requests.length - before, 1);
    assert.equal(err.code, 'AUTH');
    const everything = JSON.stringify(err.toJSON()) + err.message + err.stack;
    assert.ok(!everything.includes('wrong-pass-77'), everything);
    assert.ok(!everything.includes('wrongpass77'), 'the server-sanitised form is masked too');
  });

  it('stops sending after repeated login failures, before VICIdial locks the user', async () => {
    const c = new VicidialClient({ baseUrl: sim.url, user: 'apiuser', pass: 'wrong-again-1' });
    const before = sim.requests.length;
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await c.call('logged_in_agents').then(() => 'ok', (e) => e.code));
    c.close();
    assert.deepEqual(codes, ['AUTH', 'AUTH', 'AUTH', 'AUTH', 'AUTH']);
    assert.equal(sim.requests.length - before, 3);
    sim.state.users.get('apiuser').failed_login_count = 0;
  });

  it('masks the password in raw text, reasons and details of server errors', async () => {
    sim.override('non_agent', 'lead_search', () => `ERROR: lead_search SOMETHING ODD - apiuser|${PASS}|x\n`);
    const c = client(sim.url);
    const err = await c.call('lead_search', { phone_number: '3125550101' }).then(() => null, (e) => e);
    c.close();
    assert.ok(err instanceof VicidialError);
    assert.ok(!JSON.stringify(err.toJSON()).includes(PASS));
    assert.ok(err.raw.includes('********'));
  });

  it('masks the password in the raw text of a success, but leaves data as the server sent it', async () => {
    sim.override('non_agent', 'lead_field_info', () => `note ${PASS} here\n`);
    const c = client(sim.url);
    const r = await c.call('lead_field_info', { lead_id: 1001, field_name: 'comments' });
    c.close();
    assert.ok(!r.raw.includes(PASS));
    assert.equal(Object.values(r.data)[0], `note ${PASS} here`);
  });

  it('maps a non-2xx status to HTTP, with or without a body', async () => {
    const srv = await scriptedServer((req, res, entry, n) => {
      res.statusCode = n === 1 ? 502 : 404;
      res.end(n === 1 ? '' : 'Not here');
    });
    const c = client(srv.url, { retries: 0 });
    const a = await c.call('logged_in_agents').then(() => null, (e) => e);
    const b = await c.call('logged_in_agents').then(() => null, (e) => e);
    c.close();
    await srv.close();
    assert.equal(a.code, 'HTTP');
    assert.equal(a.status, 502);
    assert.equal(b.code, 'HTTP');
    assert.equal(b.status, 404);
  });

  it('logs nothing itself (no console output carries the password)', async () => {
    const spies = ['log', 'error', 'warn', 'info'].map((m) => sinon.spy(console, m));
    try {
      const c = new VicidialClient({ baseUrl: sim.url, user: 'apiuser', pass: 'wrong-pass-99' });
      await c.call('logged_in_agents').catch(() => {});
      c.close();
      for (const s of spies) for (const call of s.getCalls()) assert.ok(!JSON.stringify(call.args).includes('wrong-pass-99'));
    } finally {
      spies.forEach((s) => s.restore());
      sim.state.users.get('apiuser').failed_login_count = 0;
    }
  });

  it('rejects a URL with credentials in it and a source over 20 characters', () => {
    assert.throws(() => new VicidialClient({ baseUrl: 'http://u:p@127.0.0.1', user: 'a', pass: 'b' }), (e) => e.code === 'INVALID');
    assert.throws(() => new VicidialClient({ baseUrl: 'http://127.0.0.1', user: 'a', pass: 'b', source: 'x'.repeat(21) }), (e) => e.code === 'INVALID');
    assert.throws(() => new VicidialClient({ baseUrl: 'ftp://127.0.0.1', user: 'a', pass: 'b' }), (e) => e.code === 'INVALID');
  });
});

describe('transport close', () => {
  it('fails queued calls instead of leaving them waiting', async () => {
    const http = require('node:http');
    const server = http.createServer(() => {/* never answers */});
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const c = new VicidialClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, user: 'u1', pass: 'p1', concurrency: 1, timeoutMs: 2000 });
    const first = c.call('logged_in_agents').then(() => 'ok', (e) => e.code);
    const queued = c.call('logged_in_agents').then(() => 'ok', (e) => e.code);
    await new Promise((r) => setTimeout(r, 50));
    c.close();
    assert.equal(await queued, 'NETWORK');
    assert.notEqual(await first, 'ok');
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});
