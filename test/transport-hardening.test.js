'use strict';
// Transport faults: a close during a read retry's back-off, answers over the size cap,
// bodies cut short of their Content-Length.
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const { VicidialClient } = require('../nodes/core/client');

/** A raw TCP server: `onConnection(socket, n)` writes whatever bytes the test wants. */
async function rawServer(onConnection) {
  let n = 0;
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => onConnection(socket, ++n));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get requests() {
      return n;
    },
    sockets,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }),
  };
}

const client = (url, extra = {}) => new VicidialClient({ baseUrl: url, user: 'u', pass: 'p', ...extra });

describe('transport hardening', () => {
  it('a close during a read retry back-off sends nothing more, fails the call at once and leaves no timer', async () => {
    const srv = await rawServer((socket) => socket.destroy());
    const c = client(srv.url, { retries: 3, retryBaseMs: 400 });
    const started = Date.now();
    const call = c.call('logged_in_agents').then(() => null, (e) => e);
    while (srv.requests < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    const timersBefore = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    c.close();
    const err = await call;
    const took = Date.now() - started;
    await new Promise((r) => setTimeout(r, 900));
    assert.equal(err.code, 'NETWORK');
    assert.ok(took < 400, `failed ${took} ms after start, not after the back-off`);
    assert.equal(srv.requests, 1, 'the retry was not sent after close');
    assert.ok(process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length < timersBefore, 'the back-off timer was cleared');
    await srv.close();
  });

  it('fails an answer over the size cap with TOO_LARGE and stops reading it', async () => {
    const srv = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 64 && socket.writable) {
          sent++;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return socket.once('drain', pump);
        }
        if (socket.writable) socket.end('0\r\n\r\n');
      };
      pump();
    });
    const c = client(srv.url, { maxBytes: 256 * 1024, retries: 0 });
    const err = await c.call('logged_in_agents').then(() => null, (e) => e);
    c.close();
    await srv.close();
    assert.equal(err.code, 'TOO_LARGE');
    assert.match(err.reason, /262144-byte limit/);
  });

  it('fails at once when Content-Length announces more than the cap', async () => {
    const srv = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 999999999\r\n\r\nabc'));
    const c = client(srv.url, { maxBytes: 1024, retries: 0 });
    const err = await c.call('logged_in_agents').then(() => null, (e) => e);
    c.close();
    await srv.close();
    assert.equal(err.code, 'TOO_LARGE');
    assert.match(err.reason, /999999999 bytes/);
  });

  it('a body cut short of its Content-Length is TRUNCATED, never data, and a write is not resent', async () => {
    const srv = await rawServer((socket) => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 60\r\n\r\nSUCCESS: add_lead LEAD HAS BE');
    });
    const c = client(srv.url, { retries: 3, retryBaseMs: 5 });
    const err = await c.call('add_lead', { phone_number: '3125550101', list_id: '101' }).then(() => null, (e) => e);
    c.close();
    await srv.close();
    assert.equal(err.code, 'TRUNCATED');
    assert.match(err.reason, /after 29 bytes of the 60 announced/);
    assert.equal(srv.requests, 1);
  });

  it('an ordinary answer with a matching Content-Length still works', async () => {
    const server = http.createServer((req, res) => res.end('VERSION: 2.14-917a|BUILD: 1|\n'));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const c = client(`http://127.0.0.1:${server.address().port}`);
    const r = await c.call('version');
    c.close();
    server.closeAllConnections();
    await new Promise((r2) => server.close(r2));
    assert.equal(r.data.version, '2.14-917a');
  });

  describe('answers cut short without a Content-Length (the connection closed early)', () => {
    /** Answers each request with `body`, delimited only by closing the connection. */
    const closeDelimited = (body) => rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n${body}`));
    const run = async (body, fn, params) => {
      const srv = await closeDelimited(body);
      const c = client(srv.url, { retries: 0 });
      try {
        return await c.call(fn, params).then((r) => r, (e) => e);
      } finally {
        c.close();
        await srv.close();
      }
    };

    it('a cut SUCCESS line of add_lead is TRUNCATED, not an "unchanged" success', async () => {
      const r = await run('SUCCESS: add_lead LEAD HAS BE', 'add_lead', { phone_number: '3125550101', list_id: '101' });
      assert.equal(r.code, 'TRUNCATED');
      assert.match(r.reason, /without its final newline/);
    });

    it('a cut lead_search row is TRUNCATED, never a wrong lead id', async () => {
      const r = await run('search_key|records_found|lead_ids\n3125550101|1|102', 'lead_search', { phone_number: '3125550101' });
      assert.equal(r.code, 'TRUNCATED');
    });

    it('functions the PHP answers without a final newline are read as usual', async () => {
      const value = await run('Ada', 'lead_field_info', { lead_id: '1001', field_name: 'first_name' });
      assert.equal(Object.values(value.data)[0], 'Ada');
      const queue = await run('SUCCESS: calls_in_queue_count - 3', 'agent:calls_in_queue_count', { agent_user: 'agent1', value: 'DISPLAY' });
      assert.equal(queue.code, undefined, String(queue));
    });

    it('the catalog marks only functions whose PHP prints an answer without a final newline', () => {
      const { CATALOG } = require('../nodes/core/catalog');
      const marked = CATALOG.filter((f) => f.unterminated).map((f) => `${f.api}:${f.name}`).sort();
      assert.deepEqual(marked, [
        'agent:calls_in_queue_count',
        'agent:force_fronter_leave_3way',
        'agent:switch_lead',
        'agent:webphone_url',
        'non_agent:call_dispo_report',
        'non_agent:lead_field_info',
      ]);
    });
  });

  it('the server node sets the answer cap and the guard limit, with defaults for flows saved before they existed', () => {
    const { clientConfig } = require('../nodes/core/server-config');
    const old = clientConfig({ url: 'http://127.0.0.1' }, { user: 'u', password: 'p' });
    assert.equal(old.maxBytes, 64 * 1024 * 1024);
    assert.equal(old.loginFailureLimit, 3);
    const set = clientConfig({ url: 'http://127.0.0.1', maxAnswerMB: '2', loginLimit: 40 }, { user: 'u', password: 'p' });
    assert.equal(set.maxBytes, 2 * 1024 * 1024);
    assert.equal(set.loginFailureLimit, 9, 'never up to the lock VICIdial applies at 10');
  });
});
