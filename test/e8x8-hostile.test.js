'use strict';
// The 8x8 parser and client against hostile input, with fixed seeds: mangled JSON, XML and
// CSV never crash the parser (records or an UNKNOWN error, nothing else), and a loopback
// server that answers 503, 500, resets, cuts bodies short, stalls, and echoes the token
// never makes a fetch hang, lose or double a record, or leak the token.
const assert = require('node:assert/strict');
const http = require('node:http');
const { findResource, PAGE_SIZE } = require('../nodes/core/e8x8/catalog');
const { parseRecords, typeRecord, toCsv } = require('../nodes/core/e8x8/parse');
const { E8x8Client } = require('../nodes/core/e8x8/client');
const { VicidialError, ERROR_CODES } = require('../nodes/core/errors');
const { rng } = require('../nodes/sim8x8/data');

const spec = findResource('queue-online-slas');
const RECORDS = Array.from({ length: 7 }, (_, i) => ({
  'queue-id': String(200 + i),
  'queue-name': `Q & <${i}> "x"`,
  'time-stamp': `2026-03-0${1 + (i % 9)}T10:30:00-08:00`,
  'media-type': 'T',
  'entered-count': String(i * 3),
  accepted: { 't0-5sec': String(i), 't10-or-more': '1' },
}));

function xmlOf(records) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rec = (r) => `<online_sla>${Object.entries(r).map(([k, v]) => (typeof v === 'string' ? `<${k}>${esc(v)}</${k}>` : `<${k}>${Object.entries(v).map(([b, n]) => `<${b}>${n}</${b}>`).join('')}</${k}>`)).join('')}</online_sla>`;
  return `<?xml version='1.0' ?><online_slas>${records.map(rec).join('\n')}</online_slas>`;
}

function mutate(text, rand) {
  let s = text;
  const edits = 1 + Math.floor(rand() * 4);
  const junk = ['<', '>', '</', '"', '{', '}', '[', ']', ',', '\n', '&', '&#x1F600;', '<![CDATA[', '\u0000', 'null', ':', '\\'];
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = Math.floor(rand() * 4);
    if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 20));
    else if (op === 1) s = s.slice(0, at) + junk[Math.floor(rand() * junk.length)] + s.slice(at);
    else if (op === 2) s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(Math.max(0, at - 30), at) + s.slice(at);
  }
  return s;
}

describe('8x8 parser under fuzzing (fixed seed)', () => {
  it('returns records or UNKNOWN for 3,000 mangled answers in three formats', () => {
    const rand = rng(1208);
    const bodies = { json: JSON.stringify({ online_slas: { online_sla: RECORDS } }), xml: xmlOf(RECORDS), csv: toCsv(RECORDS) };
    const outcomes = { records: 0, unknown: 0 };
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const format = ['json', 'xml', 'csv'][i % 3];
      const body = mutate(bodies[format], rand);
      try {
        const rows = parseRecords(spec, body, format).map((r) => typeRecord(spec, r));
        assert.ok(Array.isArray(rows));
        for (const r of rows) assert.equal(typeof r, 'object');
        outcomes.records++;
      } catch (e) {
        assert.ok(e instanceof VicidialError && e.code === 'UNKNOWN', `${format} #${i}: ${e && e.stack}`);
        outcomes.unknown++;
      }
    }
    assert.equal(outcomes.records + outcomes.unknown, 3000);
    assert.ok(outcomes.unknown > 0 && outcomes.records > 0, JSON.stringify(outcomes));
    assert.ok(Date.now() - started < 10000, 'no pathological slowness');
  });

  it('reads the unmangled answers back exactly in every format', () => {
    for (const [format, body] of [['json', JSON.stringify({ online_slas: { online_sla: RECORDS } })], ['xml', xmlOf(RECORDS)], ['csv', toCsv(RECORDS)]]) {
      const rows = parseRecords(spec, body, format);
      assert.deepEqual(rows, RECORDS, format);
    }
  });
});

describe('8x8 client against a hostile server (fixed seed)', function () {
  this.timeout(60000);
  const TOKEN = 'H0stile-T0ken_77';
  const TOTAL = 5 * PAGE_SIZE + 17;
  const ALL = Array.from({ length: TOTAL }, (_, i) => ({ 'interaction-id': String(10000 + i), 'queue-name': 'Sales', 'process-time': String(i % 300) }));
  let server;
  let url;
  const counts = {};
  const sockets = new Set();

  before(async () => {
    const rand = rng(77);
    server = http.createServer((req, res) => {
      const roll = rand();
      const kind = roll < 0.1 ? 'busy' : roll < 0.16 ? 'error' : roll < 0.22 ? 'reset' : roll < 0.28 ? 'cut' : roll < 0.32 ? 'stall' : roll < 0.36 ? 'echo' : 'ok';
      counts[kind] = (counts[kind] || 0) + 1;
      const q = new URL(req.url, 'http://x').searchParams;
      const start = q.get('n') ? Number(q.get('n')) - 1 : 0;
      const body = JSON.stringify({ interactions: { interaction: ALL.slice(start, start + PAGE_SIZE) } });
      if (kind === 'busy') return res.writeHead(503, { 'retry-after': '0' }).end('busy');
      if (kind === 'error') return res.writeHead(500).end(`failed for ${req.headers.authorization} ${TOKEN}`);
      if (kind === 'reset') return req.socket.destroy();
      if (kind === 'cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.write(body.slice(0, body.length >> 1));
        return setTimeout(() => req.socket.destroy(), 5);
      }
      if (kind === 'stall') return undefined;
      if (kind === 'echo') return res.writeHead(403).end(`Forbidden: ${TOKEN} / ${req.headers.authorization}`);
      return res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('ends every fetch in all records exactly once or a classified error, never with the token', async () => {
    const outcomes = {};
    const runs = 60;
    for (let i = 0; i < runs; i++) {
      // A fresh client per run, so the refused-login pause of one run does not decide the next.
      const c = new E8x8Client({ url, tenant: `t${i}`, token: TOKEN, timeoutMs: 300, busyRetries: 2, retryBaseMs: 1, offsetBase: '1' });
      try {
        const r = await c.fetchAll({ resource: 'interactions', offsetBase: '1' });
        assert.deepEqual(r.records.map((x) => x['interaction-id']), ALL.map((x) => x['interaction-id']), 'no record lost or doubled');
        assert.equal(r.pages, Math.ceil(TOTAL / PAGE_SIZE));
        outcomes.ok = (outcomes.ok || 0) + 1;
      } catch (e) {
        assert.ok(e instanceof VicidialError && ERROR_CODES.includes(e.code), String(e && e.stack));
        assert.ok(['BUSY', 'HTTP', 'NETWORK', 'TIMEOUT', 'TRUNCATED', 'AUTH', 'UNKNOWN'].includes(e.code), e.code);
        const text = JSON.stringify(e.toJSON()) + e.message + e.stack;
        assert.ok(!text.includes(TOKEN) && !text.includes(Buffer.from(`t${i}:${TOKEN}`).toString('base64')), `token leaked in ${e.code}`);
        outcomes[e.code] = (outcomes[e.code] || 0) + 1;
      } finally {
        c.close();
      }
    }
    const settled = Object.values(outcomes).reduce((a, b) => a + b, 0);
    assert.equal(settled, runs, `every fetch settled: ${JSON.stringify(outcomes)}`);
    assert.ok(outcomes.ok > 0, `some fetches succeed through the faults: ${JSON.stringify(outcomes)} server: ${JSON.stringify(counts)}`);
    assert.ok(Object.keys(outcomes).length > 2, `several kinds of failure were met: ${JSON.stringify(outcomes)}`);
  });
});
