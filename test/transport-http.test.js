'use strict';
// Generic transport features used by status-code APIs (8x8): extra headers, GET, status
// classification, 503 retries honouring Retry-After, then BUSY. VICIdial's defaults stay as they were.
const assert = require('node:assert/strict');
const http = require('node:http');
const { Transport, retryAfterMs } = require('../nodes/core/transport');
const { classifyStatus } = require('../nodes/core/errors');

function server(handler) {
  const seen = [];
  const srv = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, at: Date.now() });
    handler(req, res, seen.length);
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${srv.address().port}`,
        seen,
        close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
      }),
    ),
  );
}

describe('transport: headers, status codes and 503', () => {
  let srv;
  afterEach(() => srv && srv.close());

  it('sends extra headers and the query of a GET', async () => {
    srv = await server((req, res) => res.end('ok'));
    const t = new Transport({ baseUrl: srv.url, method: 'GET', headers: { authorization: 'Basic eDp5' } });
    const a = await t.request('/api/stats/queues.json', { n: '51' }, { kind: 'read' });
    t.close();
    assert.equal(a.status, 200);
    assert.equal(srv.seen[0].headers.authorization, 'Basic eDp5');
    assert.equal(srv.seen[0].url, '/api/stats/queues.json?n=51');
    assert.equal(typeof a.headers, 'object');
  });

  it('returns a 503 answer unchanged when busy retries are off (the VICIdial default)', async () => {
    srv = await server((req, res) => { res.statusCode = 503; res.end('busy'); });
    const t = new Transport({ baseUrl: srv.url });
    const a = await t.request('/x', {}, { kind: 'read' });
    t.close();
    assert.equal(a.status, 503);
    assert.equal(srv.seen.length, 1);
  });

  it('retries a 503 up to busyRetries times, then fails with BUSY', async () => {
    srv = await server((req, res) => { res.statusCode = 503; res.setHeader('retry-after', '0'); res.end('busy'); });
    const t = new Transport({ baseUrl: srv.url, method: 'GET', busyRetries: 2, retryBaseMs: 1 });
    await assert.rejects(t.request('/x', {}, { kind: 'read', functionName: 'queues' }), (e) => e.code === 'BUSY' && e.status === 503);
    t.close();
    assert.equal(srv.seen.length, 3);
  });

  it('honours Retry-After before resending and succeeds when the server recovers', async () => {
    srv = await server((req, res, n) => {
      if (n === 1) { res.statusCode = 503; res.setHeader('retry-after', '1'); res.end(); return; }
      res.end('fine');
    });
    const t = new Transport({ baseUrl: srv.url, method: 'GET', busyRetries: 3, retryBaseMs: 1 });
    const a = await t.request('/x', {}, { kind: 'read' });
    t.close();
    assert.equal(a.body, 'fine');
    assert.equal(srv.seen.length, 2);
    assert.ok(srv.seen[1].at - srv.seen[0].at >= 900, `waited ${srv.seen[1].at - srv.seen[0].at} ms`);
  });

  it('bounds Retry-After and reads both of its forms', () => {
    assert.equal(retryAfterMs('2', 5, 60_000), 2000);
    assert.equal(retryAfterMs('3600', 5, 10_000), 10_000);
    assert.equal(retryAfterMs(undefined, 5, 10_000), 5);
    assert.equal(retryAfterMs('soon', 7, 10_000), 7);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    const ms = retryAfterMs(inFive, 0, 60_000);
    assert.ok(ms > 3000 && ms <= 5000, String(ms));
    assert.equal(retryAfterMs(new Date(Date.now() - 5000).toUTCString(), 9, 60_000), 0);
  });

  it('classifies status codes into the pack vocabulary', () => {
    const got = [200, 204, 400, 401, 403, 404, 500, 502, 503].map((s) => classifyStatus(s));
    assert.deepEqual(got, [undefined, undefined, 'INVALID', 'AUTH', 'AUTH', 'NOT_FOUND', 'HTTP', 'HTTP', 'BUSY']);
  });
});
