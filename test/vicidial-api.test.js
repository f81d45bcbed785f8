'use strict';
const assert = require('node:assert/strict');
const { helper, startSimulator, load, nextMessage, recordStatuses, nodeTestLifecycle, exampleFlow } = require('./support/nodes');
const apiNode = require('../nodes/vicidial-api.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

describe('vicidial-api node', () => {
  let sim;
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(() => sim.stop());
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
    sim.clearOverrides();
  });

  function flow(extra = {}) {
    return [
      { id: 'n1', type: 'vicidial-api', name: 'api', server: 'vd-server', func: 'version', api: 'non_agent', params: '', wires: [['out']], ...extra },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  it('calls the configured function and passes unrelated properties through', async () => {
    await load([apiNode, catchNode], sim, flow());
    const out = helper.getNode('out');
    const got = nextMessage(out);
    helper.getNode('n1').receive({ payload: {}, topic: 'keep-me', correlation: 42 });
    const msg = await got;
    assert.equal(msg.payload.version, sim.state.version);
    assert.equal(msg.topic, 'keep-me');
    assert.equal(msg.correlation, 42);
    assert.equal(msg.vicidial.function, 'version');
    assert.equal(msg.vicidial.api, 'non_agent');
    assert.ok(msg.vicidial.raw.startsWith('VERSION:'));
  });

  it('lets msg.function and msg.api override the dialog', async () => {
    await load([apiNode, catchNode], sim, flow());
    const got = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload: {}, function: 'version', api: 'agent' });
    const msg = await got;
    assert.equal(msg.payload.version, sim.state.agentVersion);
    assert.equal(msg.vicidial.api, 'agent');
  });

  it('merges message fields over the dialog defaults', async () => {
    let seen;
    sim.override('non_agent', 'lead_field_info', (ctx) => {
      seen = { ...ctx.params };
      return 'Maria\n';
    });
    await load([apiNode, catchNode], sim, flow({ func: 'lead_field_info', params: '{"lead_id": "1001", "field_name": "last_name"}' }));
    const got = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload: { fieldName: 'first_name' } });
    const msg = await got;
    assert.equal(seen.lead_id, '1001');
    assert.equal(seen.field_name, 'first_name');
    assert.equal(msg.payload.value, 'Maria');
  });

  it('rejects an unknown parameter with INVALID before sending, to Catch nodes', async () => {
    await load([apiNode, catchNode], sim, flow({ func: 'lead_field_info' }));
    const before = sim.requests.length;
    const statuses = recordStatuses(helper.getNode('n1'));
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: { lead_id: 1, field_name: 'x', bogus: 1 }, keep: 'yes' });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /bogus/);
    assert.equal(msg.keep, 'yes');
    assert.equal(sim.requests.length, before);
    assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
    assert.equal(statuses[statuses.length - 1].fill, 'red');
    assert.match(statuses[statuses.length - 1].text, /^INVALID/);
  });

  it('sends errors to the second output when asked, with code, function, reason and details', async () => {
    const f = flow({ func: 'logged_in_agents', errorOutput: true, wires: [['out'], ['err']] });
    await load([apiNode, catchNode], sim, f, { user: '6666', password: 'not-the-pass' });
    const got = nextMessage(helper.getNode('err'));
    helper.getNode('n1').receive({ payload: {} });
    const msg = await got;
    assert.equal(msg.error.code, 'AUTH');
    assert.equal(msg.error.function, 'logged_in_agents');
    assert.ok(Array.isArray(msg.error.details));
    assert.ok(!JSON.stringify(msg).includes('not-the-pass'));
    sim.state.users.get('6666').failed_login_count = 0;
  });

  it('reports an unknown function as INVALID', async () => {
    await load([apiNode, catchNode], sim, flow());
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: {}, function: 'make_coffee_please' });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
  });

  it('ends every message in exactly one output or error under load', async () => {
    sim.override('non_agent', 'lead_field_info', (ctx) => (Number(ctx.params.lead_id) % 3 === 0 ? 'ERROR: lead_field_info LEAD NOT FOUND - x\n' : 'ok\n'));
    const f = flow({ func: 'lead_field_info', errorOutput: true, wires: [['out'], ['err']] });
    await load([apiNode, catchNode], sim, f, undefined, { concurrency: 2 });
    const outs = [];
    const errs = [];
    helper.getNode('out').on('input', (m) => outs.push(m.n));
    helper.getNode('err').on('input', (m) => errs.push(m.n));
    for (let n = 1; n <= 30; n++) helper.getNode('n1').receive({ n, payload: { lead_id: n, field_name: 'first_name' } });
    const deadline = Date.now() + 8000;
    while (outs.length + errs.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(outs.length, 20);
    assert.equal(errs.length, 10);
    assert.deepEqual([...outs, ...errs].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('serves the catalog to the editor', async () => {
    await load([apiNode, catchNode], sim, flow());
    const res = await helper.request().get('/vicidial/catalog').expect(200);
    const names = res.body.map((f) => `${f.api}:${f.name}`);
    assert.ok(names.includes('non_agent:add_lead'));
    assert.ok(names.includes('agent:external_dial'));
  });
});

describe('vicidial-api example flow', () => {
  const injectNode = require('@node-red/nodes/core/common/20-inject.js');
  const debugNode = require('@node-red/nodes/core/common/21-debug.js');
  const t = nodeTestLifecycle();

  it('searches a lead, then resumes agent1 through msg.function', async () => {
    const { flow, server } = exampleFlow('generic-api-call.json', t.sim);
    const api = flow.find((n) => n.type === 'vicidial-api');
    api.wires[0].push('ok');
    api.wires[1].push('bad');
    flow.push({ id: 'ok', type: 'helper', z: api.z }, { id: 'bad', type: 'helper', z: api.z });
    await helper.load([require('../nodes/vicidial-server.js'), apiNode, injectNode, debugNode], flow, { [server.id]: { user: '6666', password: '1234' } });
    const [search, pause] = flow.filter((n) => n.type === 'inject');

    const phone = JSON.parse(search.payload).phone_number;
    const expected = [...t.sim.state.leads.values()].filter((l) => l.phone_number === phone).map((l) => String(l.lead_id));
    assert.ok(expected.length > 0, 'the seed has the searched lead');
    const first = nextMessage(helper.getNode('ok'));
    helper.getNode(search.id).receive({});
    const found = await first;
    assert.ok(JSON.stringify(found.payload).includes(expected[0]), JSON.stringify(found.payload));

    assert.equal(t.sim.state.agents.get('agent1').status, 'PAUSED');
    const second = nextMessage(helper.getNode('ok'));
    helper.getNode(pause.id).receive({});
    const resumed = await second;
    assert.equal(resumed.vicidial.api, 'agent');
    assert.equal(t.sim.state.agents.get('agent1').status, 'READY');
  });
});
