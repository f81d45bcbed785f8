'use strict';
// The 8x8 client against the 8x8 simulator over loopback: every resource, paging across
// many pages with both offset bases, every date form, filters, every status code, and the
// token kept out of everything that leaves. Expected figures come from the simulator's own
// event data, counted here independently of the server's answer.
const assert = require('node:assert/strict');
const { startSimulator8x8 } = require('../nodes/sim8x8/server');
const { E8x8Client, deriveBaseUrl, testTenant } = require('../nodes/core/e8x8/client');
const { RESOURCES, PAGE_SIZE } = require('../nodes/core/e8x8/catalog');
const { startOfDay } = require('../nodes/core/e8x8/dates');

// A fixed clock: a Tuesday afternoon in the tenant's zone, so the data never depends on the run time.
const NOW = Date.parse('2026-03-10T22:10:00Z');
const IDS = { 'agent-id': 'alice', 'group-id': '101', 'queue-id': '201', 'channel-id': '301', 'campaign-id': '401' };
const OFFLINE_IDS = { ...IDS, 'queue-id': '204', 'channel-id': '304' };

function leaks(value, token) {
  return JSON.stringify(value).includes(token) || String(value && value.message).includes(token) || String(value && value.stack).includes(token);
}

describe('8x8 client against the simulator', function () {
  this.timeout(60_000);
  let sim;
  const clients = [];
  const client = (extra = {}) => {
    const c = new E8x8Client({ url: sim.url, tenant: sim.tenant, token: sim.token, retryBaseMs: 1, ...extra });
    clients.push(c);
    return c;
  };
  before(async () => {
    sim = await startSimulator8x8({ port: 0, now: NOW });
  });
  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  const tz = () => sim.options.tz;
  const today = () => startOfDay(NOW, tz());

  it('answers every resource of the catalog in JSON, XML and CSV alike, with records', async () => {
    const c = client();
    for (const spec of RESOURCES) {
      const ids = spec.name.includes('offline') ? OFFLINE_IDS : IDS;
      const q = { resource: spec.name, ids, date: spec.query.d ? { range: 'yesterday' } : undefined };
      const json = await c.fetchAll(q);
      assert.ok(json.records.length > 0, `${spec.name} has records`);
      for (const format of ['xml', 'csv']) {
        const other = await c.fetchAll({ ...q, format });
        assert.deepEqual(other.records, json.records, `${spec.name} ${format}`);
      }
    }
  });

  it('pages through many pages and returns each record once', async () => {
    const from = startOfDay(NOW, tz(), -7);
    const expected = sim.data.interactions.filter((x) => x.create >= from && x.create < today()).map((x) => String(x.id));
    assert.ok(expected.length > 10 * PAGE_SIZE, `enough data for many pages (${expected.length})`);
    const before = sim.requests.length;
    const r = await client().fetchAll({ resource: 'interactions', date: { range: 'last7days' } });
    assert.deepEqual(r.records.map((x) => x['interaction-id']), expected);
    assert.equal(r.pages, Math.ceil(expected.length / PAGE_SIZE));
    assert.equal(r.truncated, false);
    const offsets = sim.requests.slice(before).map((q) => q.query.n);
    assert.equal(offsets[0], undefined);
    assert.equal(offsets[1], '50');
    // The simulator counts from 1 as the reference shows: auto-detection switched to it.
    assert.equal(offsets[2], String(2 * PAGE_SIZE));
  });

  it('reads a server that counts offsets from 0, and one that ignores n', async () => {
    const zero = await startSimulator8x8({ port: 0, now: NOW, pageBase: 0 });
    const deaf = await startSimulator8x8({ port: 0, now: NOW, ignoreN: true });
    try {
      const q = { resource: 'campaign-records', ids: { 'campaign-id': '401' } };
      const expected = sim.data.campaignRecords.get('401').map((r) => r['record-id']);
      const c0 = new E8x8Client({ url: zero.url, tenant: zero.tenant, token: zero.token });
      const r0 = await c0.fetchAll(q);
      c0.close();
      assert.deepEqual(r0.records.map((x) => x['record-id']), expected);
      assert.deepEqual(zero.requests.map((x) => x.query.n), [undefined, '50', '100']);
      const cd = new E8x8Client({ url: deaf.url, tenant: deaf.tenant, token: deaf.token });
      const rd = await cd.fetchAll(q);
      cd.close();
      assert.deepEqual(rd.records.map((x) => x['record-id']), expected.slice(0, PAGE_SIZE));
      assert.equal(deaf.requests.length, 2, 'a repeated page ends paging');
    } finally {
      await zero.stop();
      await deaf.stop();
    }
  });

  it('stops at the page cap and says so, or yields one page at a time', async () => {
    const r = await client().fetchAll({ resource: 'interactions', date: { range: 'last7days' }, maxPages: 3, offsetBase: '1' });
    assert.equal(r.records.length, 3 * PAGE_SIZE);
    assert.equal(r.truncated, true);
    const pages = [];
    for await (const p of client().pages({ resource: 'campaign-records', ids: { 'campaign-id': '401' }, offsetBase: '1' })) pages.push(p);
    assert.deepEqual(pages.map((p) => p.records.length), [50, 50, 30]);
    assert.deepEqual(pages.map((p) => p.last), [false, false, true]);
  });

  it('sends each date form as the server reads it and gets the matching records', async () => {
    const c = client();
    const count = (from, to) => sim.data.interactions.filter((x) => x.create >= from && x.create < to).length;
    const cases = [
      [{ range: 'today' }, 'today', count(today(), startOfDay(NOW, tz(), 1))],
      [{ range: 'yesterday' }, 'today-1d,today', count(startOfDay(NOW, tz(), -1), today())],
      [{ range: 'last7days' }, 'today-7d,today', count(startOfDay(NOW, tz(), -7), today())],
      [{ range: 'range', from: new Date(NOW - 6 * 3_600_000), to: new Date(NOW - 3_600_000) }, undefined, count(Math.floor((NOW - 6 * 3_600_000) / 60_000) * 60_000, Math.floor((NOW - 3_600_000) / 60_000) * 60_000)],
      [{ range: 'raw', d: '20260309T1500Z,20260309T1900Z' }, '20260309T1500Z,20260309T1900Z', count(Date.parse('2026-03-09T15:00:00Z'), Date.parse('2026-03-09T19:00:00Z'))],
      [{ range: 'raw', d: '2026-03-08 08:00Z,2026-03-08 12:30Z' }, '2026-03-08 08:00Z,2026-03-08 12:30Z', count(Date.parse('2026-03-08T08:00:00Z'), Date.parse('2026-03-08T12:30:00Z'))],
    ];
    for (const [date, d, expected] of cases) {
      const before = sim.requests.length;
      const r = await c.fetchAll({ resource: 'interactions', date, maxPages: 100 });
      if (d) assert.equal(sim.requests[before].query.d, d);
      assert.ok(expected > 0, `${JSON.stringify(date)} selects data`);
      assert.equal(r.records.length, expected, JSON.stringify(date));
    }
  });

  it('reads the day in the time zone given', async () => {
    const zone = 'Asia/Tokyo';
    const from = startOfDay(NOW, zone, -1);
    const to = startOfDay(NOW, zone);
    const expected = sim.data.interactions.filter((x) => x.create >= from && x.create < to && x.queue.id === '202').length;
    const r = await client().fetchAll({ resource: 'queue-interactions', ids: { 'queue-id': '202' }, date: { range: 'yesterday' }, tz: zone });
    assert.equal(r.records.length, expected);
    assert.equal(sim.requests[sim.requests.length - 1].query.tz, zone);
  });

  it('constrains answers with field filters', async () => {
    const from = startOfDay(NOW, tz(), -7);
    const expected = sim.data.interactions.filter((x) => x.create >= from && x.create < today() && x.queue.media === 'C').length;
    const r = await client().fetchAll({ resource: 'interactions', date: { range: 'last7days' }, filters: { 'media-type': 'C' } });
    assert.equal(r.records.length, expected);
    assert.ok(r.records.every((x) => x['media-type'] === 'C' && x['media-type-text'] === 'Chat'));
    const byAgent = await client().fetchAll({ resource: 'agent-interactions', ids: { 'agent-id': 'bruno' }, date: { range: 'last7days' }, filters: { 'media-type': 'T', 'queue-id': '201' } });
    assert.ok(byAgent.records.length > 0 && byAgent.records.every((x) => x['queue-id'] === '201'));
  });

  it('types records: numbers, ISO timestamps, null for empty, decoded codes', async () => {
    const r = await client().fetchAll({ resource: 'interactions', date: { range: 'yesterday' } });
    const abandoned = r.records.find((x) => x['abandon-timestamp'] !== null);
    assert.ok(abandoned, 'an abandoned interaction yesterday');
    assert.equal(abandoned['accept-timestamp'], null);
    assert.equal(typeof abandoned['process-time'], 'number');
    assert.match(abandoned['create-timestamp'], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const stats = await client().fetchAll({ resource: 'queue-statistics', ids: { 'queue-id': '201' }, date: { range: 'yesterday' } });
    const entered = stats.records.reduce((s, x) => s + x['entered-count'], 0);
    assert.equal(entered, r.records.filter((x) => x['queue-id'] === '201').length, 'interval statistics agree with the interactions');
  });

  it('maps each status code to the pack vocabulary, without the token anywhere', async () => {
    const c = client({ busyRetries: 0 });
    const cases = [
      [400, 'INVALID'],
      [404, 'NOT_FOUND'],
      [500, 'HTTP'],
      [502, 'HTTP'],
      [503, 'BUSY'],
    ];
    for (const [status, code] of cases) {
      sim.fail(status);
      await assert.rejects(c.fetchAll({ resource: 'queues' }), (e) => e.code === code && e.status === status && !leaks(e, sim.token));
    }
    await assert.rejects(c.fetchAll({ resource: 'queue', ids: { 'queue-id': '999' } }), (e) => e.code === 'NOT_FOUND');
    await assert.rejects(c.fetchAll({ resource: 'interactions', filters: { 'no-such-field': 'x' } }), (e) => e.code === 'INVALID' && e.status === 400);
  });

  it('retries 503 as Retry-After asks, then gives up with BUSY', async () => {
    const c = client({ busyRetries: 2 });
    sim.fail(503, 2, '0');
    const ok = await c.fetchAll({ resource: 'groups' });
    assert.equal(ok.records.length, 4);
    sim.fail(503, 3, '0');
    const before = sim.requests.length;
    await assert.rejects(c.fetchAll({ resource: 'groups' }), (e) => e.code === 'BUSY');
    assert.equal(sim.requests.length - before, 3);
  });

  it('reports a wrong token as AUTH (403 and a 401 challenge), never showing it, and stops after three', async () => {
    const wrong = 'Wr0ng-T0ken-Value!';
    const challenge = await startSimulator8x8({ port: 0, now: NOW, authChallenge: true });
    try {
      const c401 = new E8x8Client({ url: challenge.url, tenant: 'acme', token: wrong });
      await assert.rejects(c401.fetchAll({ resource: 'groups' }), (e) => e.code === 'AUTH' && e.status === 401 && !leaks(e, wrong));
      c401.close();
    } finally {
      await challenge.stop();
    }
    const c = client({ token: wrong });
    for (let i = 0; i < 3; i++) await assert.rejects(c.fetchAll({ resource: 'groups' }), (e) => e.code === 'AUTH' && e.status === 403 && !leaks(e, wrong));
    const before = sim.requests.length;
    await assert.rejects(c.fetchAll({ resource: 'groups' }), (e) => e.code === 'AUTH' && e.status === undefined && /not sent/.test(e.reason));
    assert.equal(sim.requests.length, before, 'nothing sent while paused');
    assert.ok(sim.requests.every((r) => !JSON.stringify(r).includes(sim.token) && !JSON.stringify(r).includes(wrong)));
    // The right token is a different login: it is not paused.
    assert.equal((await client().fetchAll({ resource: 'groups' })).records.length, 4);
  });

  it('refuses bad input before sending anything', async () => {
    const c = client();
    const before = sim.requests.length;
    const bad = [
      { resource: 'nope' },
      { resource: 'agent' },
      { resource: 'queues', date: { range: 'today' } },
      { resource: 'queues', filters: { 'queue-name': 'x' } },
      { resource: 'interactions', date: { range: 'raw', d: 'last tuesday' } },
      { resource: 'interactions', date: { range: 'range', from: '2026-01-01' } },
      { resource: 'interactions', tz: 'Mars/Olympus' },
      { resource: 'interactions', filters: { n: '5' } },
      { resource: 'interactions', format: 'yaml' },
      { resource: 'interactions', maxPages: 0 },
    ];
    for (const q of bad) await assert.rejects(c.fetchAll(q), (e) => (e.code === 'INVALID' || e.code === 'NOT_FOUND') && !leaks(e, sim.token), JSON.stringify(q));
    assert.equal(sim.requests.length, before);
  });

  it('tests a tenant in plain words', async () => {
    const good = await testTenant({ url: sim.url, tenant: sim.tenant, token: sim.token });
    assert.equal(good.ok, true);
    assert.match(good.message, /5 queues/);
    const bad = await testTenant({ url: sim.url, tenant: sim.tenant, token: 'another-wrong-token' });
    assert.equal(bad.ok, false);
    assert.equal(bad.code, 'AUTH');
    assert.ok(!bad.message.includes('another-wrong-token'));
  });
});

describe('8x8 base URL from what users know', () => {
  it('derives the API base from a login URL, a host or a base URL', () => {
    assert.equal(deriveBaseUrl('https://vcc-na4.8x8.com/AGUI/login.php'), 'https://vcc-na4.8x8.com/api/stats');
    assert.equal(deriveBaseUrl('vcc-eu2.8x8.com'), 'https://vcc-eu2.8x8.com/api/stats');
    assert.equal(deriveBaseUrl(' https://vcc-ap3b.8x8.com/api/stats/queues.json '), 'https://vcc-ap3b.8x8.com/api/stats');
    assert.equal(deriveBaseUrl('http://127.0.0.1:8090'), 'http://127.0.0.1:8090/api/stats');
    assert.equal(deriveBaseUrl('cc.partner.example:8443/proxy/api/stats'), 'https://cc.partner.example:8443/proxy/api/stats');
  });

  it('refuses URLs with credentials and other schemes', () => {
    assert.throws(() => deriveBaseUrl('https://acme:secret@vcc-na4.8x8.com/'), (e) => e.code === 'INVALID' && !e.message.includes('secret'));
    assert.throws(() => deriveBaseUrl('ftp://vcc-na4.8x8.com/'), (e) => e.code === 'INVALID');
    assert.throws(() => deriveBaseUrl(''), (e) => e.code === 'INVALID');
  });
});
