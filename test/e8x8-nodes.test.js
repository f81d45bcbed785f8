'use strict';
// The 8x8 tenant and statistics nodes in Node-RED's test helper against the 8x8 simulator:
// typed records, msg overrides, one message per page, chart shapes, errors to Catch or a
// second output without the token, polling, and the dialog's endpoints.
const assert = require('node:assert/strict');
const helper = require('node-red-node-test-helper');
const { startSimulator8x8 } = require('../nodes/sim8x8/server');
const { startOfDay } = require('../nodes/core/e8x8/dates');
const tenantNode = require('../nodes/e8x8-tenant.js');
const statsNode = require('../nodes/e8x8-stats.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

helper.init(require.resolve('node-red'));

const NOW = Date.parse('2026-03-10T22:10:00Z');
const TENANT_ID = 'e8x8-t';

function nextMessages(node, count, ms = 10000) {
  return new Promise((resolve, reject) => {
    const got = [];
    const t = setTimeout(() => reject(new Error(`${got.length} of ${count} messages on ${node.id} within ${ms} ms`)), ms);
    node.on('input', (msg) => {
      got.push(msg);
      if (got.length === count) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

describe('8x8 nodes', function () {
  this.timeout(30000);
  let sim;
  before(async () => {
    sim = await startSimulator8x8({ port: 0, now: NOW });
  });
  after(() => sim.stop());
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });

  function load(stats, extraNodes = [], token = sim.token) {
    const flow = [
      { id: TENANT_ID, type: 'e8x8-tenant', name: 'sim', url: sim.url, timeout: 10, concurrency: 1 },
      { id: 's', type: 'e8x8-stats', tenant: TENANT_ID, wires: [['out'], ['err']], ...stats },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['s'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
      ...extraNodes,
    ];
    return helper.load([tenantNode, statsNode, catchNode], flow, { [TENANT_ID]: { tenant: sim.tenant, token } });
  }

  it("answers a queue's interval statistics for yesterday as typed records", async () => {
    await load({ resource: 'queue-statistics', resourceType: 'resource', queue: '201', queueType: 'str', range: 'yesterday' });
    const got = nextMessages(helper.getNode('out'), 1);
    helper.getNode('s').receive({ payload: 'go', keep: 'me' });
    const [msg] = await got;
    const from = startOfDay(NOW, sim.options.tz, -1);
    const to = startOfDay(NOW, sim.options.tz);
    const entered = sim.data.interactions.filter((x) => x.queue.id === '201' && x.create >= from && x.create < to).length;
    assert.equal(msg.keep, 'me');
    assert.equal(msg.payload.reduce((s, r) => s + r['entered-count'], 0), entered);
    assert.equal(msg.e8x8.resource, 'queue-statistics');
    assert.equal(msg.e8x8.count, msg.payload.length);
    assert.match(msg.e8x8.request, /\/api\/stats\/queues\/201\/statistics\.json\?d=today-1d%2Ctoday$/);
    assert.ok(!JSON.stringify(msg).includes(sim.token));
  });

  it('takes the resource and ids from the message', async () => {
    await load({ resource: 'queues', resourceType: 'resource', agent: 'who', agentType: 'msg', range: 'last7days' });
    const got = nextMessages(helper.getNode('out'), 1);
    helper.getNode('s').receive({ resource: 'agent', who: 'chen' });
    const [msg] = await got;
    assert.equal(msg.payload['agent-id'], 'chen');
    assert.equal(msg.payload['full-name'], 'Chen Wei');
    assert.ok(!Array.isArray(msg.payload), 'a single resource is one object');
  });

  it('sends one message per page for large exports, the last marked complete', async () => {
    await load({ resource: 'campaign-records', campaign: '401', campaignType: 'str', paging: 'each' });
    const expected = sim.data.campaignRecords.get('401').map((r) => r['record-id']);
    const pages = Math.ceil(expected.length / 50);
    const got = nextMessages(helper.getNode('out'), pages);
    helper.getNode('s').receive({ payload: 1 });
    const msgs = await got;
    assert.deepEqual(msgs.flatMap((m) => m.payload.map((r) => r['record-id'])), expected);
    assert.deepEqual(msgs.map((m) => Boolean(m.complete)), msgs.map((_, i) => i === pages - 1));
    assert.equal(new Set(msgs.map((m) => m._msgid)).size, 1, 'the pages belong to one input message');
  });

  it('shapes interval statistics and SLA for Dashboard 2.0 charts', async () => {
    await load({ resource: 'queue-online-slas', queue: '201', queueType: 'str', range: 'yesterday', shape: 'chart-interval' });
    const got = nextMessages(helper.getNode('out'), 3);
    const s = helper.getNode('s');
    s.receive({});
    s.receive({ shape: 'chart-sla' });
    s.receive({ shape: 'chart-service-level' });
    const [interval, sla, level] = await got;
    const from = startOfDay(NOW, sim.options.tz, -1);
    const to = startOfDay(NOW, sim.options.tz);
    const xs = sim.data.interactions.filter((x) => x.queue.id === '201' && x.create >= from && x.create < to);
    const sum = (pts, series) => pts.filter((p) => p.series === series).reduce((a, p) => a + p.value, 0);
    assert.equal(interval.action, 'replace');
    assert.equal(sum(interval.payload, 'entered'), xs.length);
    assert.equal(sum(interval.payload, 'accepted'), xs.filter((x) => x.accept !== undefined).length);
    assert.equal(sum(sla.payload, 'abandoned'), xs.filter((x) => x.abandon !== undefined).length);
    assert.equal(sla.payload.filter((p) => p.series === 'accepted').length, 11);
    assert.ok(level.payload.every((p) => p.value >= 0 && p.value <= 100 && /^\d{2}:\d{2}$/.test(p.label)));
  });

  it('sends AUTH to Catch without the token anywhere', async () => {
    const wrong = 'N0t-The-Right-T0ken';
    await load({ resource: 'groups' }, [], wrong);
    const got = nextMessages(helper.getNode('caught'), 1);
    const s = helper.getNode('s');
    const statuses = [];
    const original = s.status.bind(s);
    s.status = (st) => (statuses.push(st), original(st));
    s.receive({ payload: 'x' });
    const [msg] = await got;
    assert.match(msg.error.message, /AUTH: groups: HTTP 403/);
    assert.equal(msg.e8x8.error.code, 'AUTH');
    assert.ok(!JSON.stringify(msg).includes(wrong));
    assert.ok(!JSON.stringify(statuses).includes(wrong));
    assert.equal(statuses[statuses.length - 1].fill, 'red');
  });

  it('sends bad input to the second output when asked, before anything is sent', async () => {
    await load({ resource: 'interactions', range: 'raw', d: 'next friday', errorOutput: true });
    const got = nextMessages(helper.getNode('err'), 1);
    const before = sim.requests.length;
    helper.getNode('s').receive({});
    const [msg] = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(sim.requests.length, before);
  });

  it('polls at once on deploy and then no faster than once a minute', async () => {
    const before = sim.requests.length;
    await load({ resource: 'queue-statistics', queue: '202', queueType: 'str', range: 'today', interval: 1, shape: 'chart-interval' });
    const [msg] = await nextMessages(helper.getNode('out'), 1);
    assert.ok(msg.payload.length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(sim.requests.length - before, 1, 'a 1-second interval is raised to 60 seconds');
  });

  it('tests the tenant and serves the catalog to the dialog', async () => {
    await load({ resource: 'groups' });
    const ok = await helper.request().post('/e8x8-tenant/test').send({ url: sim.url, tenant: sim.tenant, token: sim.token }).expect(200);
    assert.equal(ok.body.ok, true);
    const stored = await helper.request().post('/e8x8-tenant/test').send({ id: TENANT_ID, url: sim.url, token: '__PWRD__' }).expect(200);
    assert.equal(stored.body.ok, true, 'the stored tenant and token are used');
    const bad = await helper.request().post('/e8x8-tenant/test').send({ url: sim.url, tenant: sim.tenant, token: 'bad-token-1' }).expect(200);
    assert.equal(bad.body.ok, false);
    assert.ok(!JSON.stringify(bad.body).includes('bad-token-1'));
    const cat = await helper.request().get('/e8x8/catalog').expect(200);
    assert.equal(cat.body.resources.length, 36);
  });
});

describe('8x8 example flows', function () {
  this.timeout(30000);
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const functionNode = require('@node-red/nodes/core/function/10-function.js');
  const injectNode = require('@node-red/nodes/core/common/20-inject.js');
  const csvNode = require('@node-red/nodes/core/parsers/70-CSV.js');
  const fileNode = require('@node-red/nodes/core/storage/10-file.js');
  const { csvRows } = require('../nodes/core/e8x8/parse');
  let sim;
  let dir;
  before(async () => {
    sim = await startSimulator8x8({ port: 0, now: NOW });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e8x8-export-'));
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.E8X8_EXPORT_DIR;
  });
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });

  /** An example with its tenant pointed at the simulator and its debug nodes turned into helpers. */
  function example(file) {
    const flow = JSON.parse(JSON.stringify(require(`../examples/${file}`)));
    const tenant = flow.find((n) => n.type === 'e8x8-tenant');
    assert.equal(tenant.url, 'http://127.0.0.1:8090', `${file}: the example points at the local 8x8 simulator`);
    assert.ok(!('credentials' in tenant), `${file}: no credentials in an example`);
    tenant.url = sim.url;
    for (const n of flow) if (n.type === 'debug') Object.assign(n, { type: 'helper' });
    return { flow, creds: { [tenant.id]: { tenant: sim.tenant, token: sim.token } } };
  }

  it('8x8-queue-wallboard.json: Refresh sends chart data for the queue and its SLA', async () => {
    const { flow, creds } = example('8x8-queue-wallboard.json');
    await helper.load([tenantNode, statsNode, injectNode], flow, creds);
    const charts = flow.filter((n) => n.type === 'e8x8-stats' && n.shape !== 'records');
    const outs = charts.map((n) => helper.getNode(n.wires[0][0]));
    // The polls at deploy come first; wait for them, then Refresh and read the next round.
    await Promise.all(outs.map((o) => nextMessages(o, 1)));
    const round = Promise.all(outs.map((o) => nextMessages(o, 1)));
    helper.getNode(flow.find((n) => n.type === 'inject').id).receive({ payload: Date.now() });
    const msgs = (await round).map((m) => m[0]);
    for (const m of msgs) {
      assert.equal(m.action, 'replace');
      assert.ok(m.payload.length > 0 && m.payload.every((p) => typeof p.series === 'string' && typeof p.value === 'number'));
    }
  });

  it("8x8-nightly-export.json: writes yesterday's interactions to one CSV file with one header, and replaces it on a rerun", async () => {
    process.env.E8X8_EXPORT_DIR = dir;
    const { flow, creds } = example('8x8-nightly-export.json');
    await helper.load([tenantNode, statsNode, injectNode, functionNode, csvNode, fileNode], flow, creds);
    const progress = helper.getNode(flow.find((n) => n.type === 'helper').id);
    const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    const file = path.join(dir, `8x8-interactions-${day}.csv`);
    const from = startOfDay(sim.options.now, sim.options.tz, -1);
    const to = startOfDay(sim.options.now, sim.options.tz);
    const queued = sim.data.interactions.filter((x) => x.create >= from && x.create < to).length;
    const dialled = [...sim.data.campaignInteractions.values()].flat().filter((r) => {
      const t = Date.parse(r['accept-timestamp']);
      return t >= from && t < to;
    }).length;
    for (let run = 0; run < 2; run++) {
      const done = nextMessages(progress, 1, 20000);
      helper.getNode(flow.find((n) => n.type === 'inject').id).receive({ payload: Date.now() });
      const [msg] = await done;
      assert.ok(msg.e8x8.pages > 1, 'the export spans several pages');
      const rows = csvRows(fs.readFileSync(file, 'utf8'));
      assert.equal(rows.length, 1 + queued + dialled, `run ${run + 1}: a header and every interaction once`);
      assert.equal(rows[0][0], 'media-type');
      assert.equal(rows.filter((r) => r[0] === 'media-type').length, 1, 'one header');
    }
  });
});
