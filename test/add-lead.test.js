'use strict';
const assert = require('node:assert/strict');
const { helper, startSimulator, load, nextMessage, recordStatuses, CREDS, nodeTestLifecycle, exampleFlow } = require('./support/nodes');
const addLeadNode = require('../nodes/vicidial-add-lead.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

describe('vicidial-add-lead node', () => {
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
      {
        id: 'n1',
        type: 'vicidial-add-lead',
        name: 'lead',
        server: 'vd-server',
        mode: 'add',
        modeType: 'mode',
        listId: '101',
        listIdType: 'num',
        phoneCode: '1',
        phoneCodeType: 'str',
        wires: [['out']],
        ...extra,
      },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  function leadByPhone(phone) {
    return [...sim.state.leads.values()].find((l) => l.phone_number === phone);
  }

  async function run(extra, msg, to = 'out', creds) {
    await load([addLeadNode, catchNode], sim, flow(extra), creds);
    const got = nextMessage(helper.getNode(to));
    helper.getNode('n1').receive(msg);
    return got;
  }

  it('adds a lead, names it, and passes unrelated properties through', async () => {
    await load([addLeadNode, catchNode], sim, flow());
    const statuses = recordStatuses(helper.getNode('n1'));
    const got = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload: { phone_number: '+1 (312) 555-0201', first_name: 'Ana', last_name: 'Diaz' }, topic: 'keep', correlation: 7 });
    const msg = await got;
    const lead = leadByPhone('3125550201');
    assert.ok(lead, 'the simulator stored the lead with the normalised number');
    assert.equal(lead.first_name, 'Ana');
    assert.equal(lead.list_id, '101');
    assert.equal(lead.phone_code, '1');
    assert.equal(msg.payload.action, 'added');
    assert.equal(msg.payload.lead_id, String(lead.lead_id));
    assert.equal(msg.payload.list_id, '101');
    assert.equal(msg.payload.phone_number, '3125550201');
    assert.equal(msg.payload.gmt_offset, lead.gmt_offset_now);
    assert.equal(msg.topic, 'keep');
    assert.equal(msg.correlation, 7);
    assert.equal(msg.vicidial.function, 'add_lead');
    assert.equal(msg.vicidial.mode, 'add');
    assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
    assert.deepEqual(statuses[statuses.length - 1], { fill: 'green', shape: 'dot', text: `lead ${lead.lead_id} added` });
  });

  it('feeds a web-form payload through the mapping table and reports hopper and callback notices', async () => {
    const mapping = [
      { from: 'phone', to: 'phone_number' },
      { from: 'fname', to: 'first_name' },
      { from: 'contact.mail', to: 'email' },
      { from: 'ref', to: 'vendorLeadCode' },
    ];
    const msg = await run(
      { mapping, addToHopper: true, hopperPriority: '5', campaignId: 'TESTCAMP', campaignIdType: 'str' },
      { payload: { phone: '312.555.0202', fname: 'Bo', contact: { mail: 'bo@example.com' }, ref: 'WEB-202', callback: true, callback_datetime: '2030-01-02 10:00:00' } },
    );
    const lead = leadByPhone('3125550202');
    assert.equal(lead.first_name, 'Bo');
    assert.equal(lead.email, 'bo@example.com');
    assert.equal(lead.vendor_lead_code, 'WEB-202');
    const inHopper = sim.state.hopper.find((h) => h.lead_id === lead.lead_id);
    assert.ok(inHopper, 'lead is in the hopper');
    assert.equal(inHopper.priority, 5);
    assert.equal(msg.payload.hopper.added, true);
    assert.equal(msg.payload.hopper.hopper_id, String(inHopper.hopper_id));
    assert.equal(msg.payload.callback.scheduled, true);
    assert.equal(msg.payload.callback.callback_datetime, '2030-01-02 10:00:00');
    assert.equal(msg.payload.callback.campaign_id, 'TESTCAMP');
    assert.ok((sim.state.callbacks || []).some((c) => c.lead_id === lead.lead_id && c.campaign_id === 'TESTCAMP'));
  });

  it('splits an E.164 number of another country into phone_code and national number', async () => {
    const msg = await run({}, { payload: { phone_number: '+44 20 7946 0203' } });
    const lead = leadByPhone('2079460203');
    assert.equal(lead.phone_code, '44');
    assert.equal(msg.payload.phone_code, '44');
  });

  it('lets message fields and typedInputs override the dialog', async () => {
    await load([addLeadNode, catchNode], sim, flow({ listId: 'target.list', listIdType: 'msg', mode: 'which', modeType: 'msg' }));
    const out = helper.getNode('out');
    let got = nextMessage(out);
    helper.getNode('n1').receive({ which: 'add', target: { list: '102' }, payload: { phone_number: '3125550204' } });
    const msg = await got;
    assert.equal(leadByPhone('3125550204').list_id, '102');
    assert.equal(msg.payload.list_id, '102');
    got = nextMessage(out);
    helper.getNode('n1').receive({ which: 'add', target: { list: '102' }, payload: { phone_number: '3125550205', list_id: '201' } });
    const over = await got;
    assert.equal(leadByPhone('3125550205').list_id, '201');
    assert.equal(over.payload.list_id, '201');
  });

  it('refuses a mode read from the message that is missing or wrong, before sending', async () => {
    await load([addLeadNode, catchNode], sim, flow({ mode: 'which', modeType: 'msg' }));
    const before = sim.requests.length;
    const caught = helper.getNode('caught');
    let got = nextMessage(caught);
    helper.getNode('n1').receive({ payload: { phone_number: '3125550212' } });
    assert.match((await got).vicidial.error.reason, /msg\.which is not set/);
    got = nextMessage(caught);
    helper.getNode('n1').receive({ which: 'upsert', payload: { phone_number: '3125550212' } });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /upsert/);
    assert.equal(sim.requests.length, before);
  });

  it('refuses a duplicate with DUPLICATE and the existing lead id, to Catch nodes', async () => {
    const existing = leadByPhone('3125550101');
    const before = sim.state.leads.size;
    const msg = await run({ duplicateCheck: 'DUPLIST', duplicateCheckType: 'dup' }, { payload: { phone_number: '312-555-0101' }, keep: 1 }, 'caught');
    assert.equal(msg.error.code, 'DUPLICATE');
    assert.equal(msg.vicidial.error.code, 'DUPLICATE');
    assert.equal(msg.vicidial.error.lead_id, String(existing.lead_id));
    assert.equal(msg.vicidial.error.fields.lead_id, String(existing.lead_id));
    assert.match(msg.error.message, new RegExp(`existing lead ${existing.lead_id}`));
    assert.equal(msg.keep, 1);
    assert.equal(sim.state.leads.size, before, 'nothing was added');
  });

  it('sends a system-wide duplicate to the second output with the existing lead and its list', async () => {
    const existing = leadByPhone('4155550105');
    const msg = await run(
      { duplicateCheck: 'DUPSYS', duplicateCheckType: 'str', errorOutput: true, wires: [['out'], ['err']] },
      { payload: { phone_number: '4155550105' } },
      'err',
    );
    assert.equal(msg.error.code, 'DUPLICATE');
    assert.equal(msg.error.lead_id, String(existing.lead_id));
    assert.equal(msg.error.list_id, existing.list_id);
    assert.equal(msg.error.fields.duplicate_lead_id, String(existing.lead_id));
    assert.equal(msg.payload.phone_number, '4155550105', 'the input payload stays on error');
  });

  it('refuses a number on the system DNC list with DNC', async () => {
    const dncPhone = [...sim.state.dnc][0];
    const msg = await run({ dncCheck: 'Y' }, { payload: { phone_number: dncPhone } }, 'caught');
    assert.equal(msg.error.code, 'DNC');
    assert.equal(msg.vicidial.error.reason, 'PHONE NUMBER IN DNC');
    assert.equal(leadByPhone(dncPhone), undefined);
  });

  it('refuses a number on the campaign DNC list with DNC', async () => {
    const [camp, nums] = [...sim.state.campaignDnc][0];
    const phone = [...nums][0];
    const msg = await run({ campaignDncCheck: 'Y', campaignId: camp, campaignIdType: 'str' }, { payload: { phone_number: phone } }, 'caught');
    assert.equal(msg.error.code, 'DNC');
    assert.equal(msg.vicidial.error.fields.campaign_id, camp);
  });

  it('rejects an unknown payload field with INVALID before sending', async () => {
    await load([addLeadNode, catchNode], sim, flow());
    const before = sim.requests.length;
    const statuses = recordStatuses(helper.getNode('n1'));
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: { phone_number: '3125550206', frist_name: 'Typo' } });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /frist_name/);
    assert.equal(sim.requests.length, before);
    assert.equal(statuses[statuses.length - 1].fill, 'red');
    assert.match(statuses[statuses.length - 1].text, /^INVALID/);
  });

  it('ignores unknown fields when set to, and says which', async () => {
    const msg = await run({ unknownFields: 'ignore' }, { payload: { phone_number: '3125550207', utm_source: 'ad' } });
    assert.equal(msg.payload.action, 'added');
    assert.deepEqual(msg.vicidial.ignored, ['utm_source']);
  });

  it('reports a phone number the server refuses as INVALID', async () => {
    const msg = await run({}, { payload: { phone_number: '55501' } }, 'caught');
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.reason, 'INVALID PHONE NUMBER LENGTH');
  });

  it('reports an undefined list with list_exists_check as INVALID (a reference, not the lead)', async () => {
    const msg = await run({ params: '{"list_exists_check":"Y"}' }, { payload: { phone_number: '3125550208', list_id: '5555' } }, 'caught');
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /NOT A DEFINED LIST ID/);
  });

  it('reports a user without lead rights as PERMISSION', async () => {
    const msg = await run({}, { payload: { phone_number: '3125550209' } }, 'caught', { user: 'apilimited', password: 'limited99' });
    assert.equal(msg.error.code, 'PERMISSION');
  });

  it('reports a wrong password as AUTH without leaking it', async () => {
    const msg = await run({}, { payload: { phone_number: '3125550210' } }, 'caught', { user: CREDS.user, password: 'wrong-secret' });
    assert.equal(msg.error.code, 'AUTH');
    assert.ok(!JSON.stringify(msg).includes('wrong-secret'));
    sim.state.users.get(CREDS.user).failed_login_count = 0;
  });

  describe('update mode', () => {
    const update = { mode: 'update', modeType: 'mode' };

    it('finds a lead by vendor_lead_code and updates it', async () => {
      const target = [...sim.state.leads.values()].find((l) => l.vendor_lead_code === 'CRM-1003');
      const msg = await run(update, { payload: { vendor_lead_code: 'CRM-1003', first_name: 'Anabel', email: 'ana@example.com' } });
      assert.equal(target.first_name, 'Anabel');
      assert.equal(target.email, 'ana@example.com');
      assert.equal(msg.payload.action, 'updated');
      assert.equal(msg.payload.lead_id, String(target.lead_id));
      assert.equal(msg.payload.affected_rows, 1);
      assert.equal(msg.vicidial.function, 'update_lead');
      assert.equal(msg.vicidial.mode, 'update');
    });

    it('inserts a lead when none matches and insert is on', async () => {
      const msg = await run({ ...update, insertIfNotFound: true }, { payload: { phone_number: '+1 312 555 0211', first_name: 'Nia' } });
      const lead = leadByPhone('3125550211');
      assert.ok(lead);
      assert.equal(lead.first_name, 'Nia');
      assert.equal(lead.phone_code, '1');
      assert.equal(msg.payload.action, 'inserted');
      assert.equal(msg.payload.lead_id, String(lead.lead_id));
      assert.equal(msg.payload.list_id, '101');
    });

    it('reports no matching lead as NOT_FOUND when insert is off', async () => {
      const missing = Math.max(...sim.state.leads.keys()) + 1000;
      const msg = await run(update, { payload: { lead_id: missing, first_name: 'X' } }, 'caught');
      assert.equal(msg.error.code, 'NOT_FOUND');
      assert.equal(msg.vicidial.error.fields.lead_id, String(missing));
    });

    it('reads the mode from the message', async () => {
      const target = [...sim.state.leads.values()].find((l) => l.vendor_lead_code === 'CRM-1004');
      const msg = await run({ mode: 'op', modeType: 'msg' }, { op: 'update', payload: { lead_id: target.lead_id, comments: 'moved' } });
      assert.equal(target.comments, 'moved');
      assert.equal(msg.payload.lead_id, String(target.lead_id));
    });

    it('refuses an update with nothing to change before sending', async () => {
      await load([addLeadNode, catchNode], sim, flow(update));
      const before = sim.requests.length;
      const got = nextMessage(helper.getNode('caught'));
      helper.getNode('n1').receive({ payload: { lead_id: 1001 } });
      const msg = await got;
      assert.equal(msg.error.code, 'INVALID');
      assert.match(msg.vicidial.error.reason, /nothing to update/);
      assert.equal(sim.requests.length, before);
    });
  });
});

describe('vicidial-add-lead example flow', () => {
  const injectNode = require('@node-red/nodes/core/common/20-inject.js');
  const debugNode = require('@node-red/nodes/core/common/21-debug.js');
  const t = nodeTestLifecycle();

  it('adds the web-form lead, then refuses the same submission as a duplicate', async () => {
    const { flow, server } = exampleFlow('add-lead-from-web-form.json', t.sim);
    const node = flow.find((n) => n.type === 'vicidial-add-lead');
    node.wires[0].push('ok');
    node.wires[1].push('bad');
    flow.push({ id: 'ok', type: 'helper', z: node.z }, { id: 'bad', type: 'helper', z: node.z });
    await helper.load([require('../nodes/vicidial-server.js'), addLeadNode, injectNode, debugNode], flow, { [server.id]: CREDS });
    const inject = helper.getNode(flow.find((n) => n.type === 'inject').id);
    const form = JSON.parse(flow.find((n) => n.type === 'inject').payload);

    const ok = nextMessage(helper.getNode('ok'));
    inject.receive({});
    const msg = await ok;
    const national = form.phone.replace(/\D/g, '').slice(1);
    const lead = [...t.sim.state.leads.values()].find((l) => l.phone_number === national);
    assert.ok(lead);
    assert.equal(lead.first_name, form.fname);
    assert.equal(lead.vendor_lead_code, form.ref);
    assert.equal(lead.email, form.email_address);
    assert.equal(lead.source_id, form.utm_campaign);
    assert.equal(msg.payload.lead_id, String(lead.lead_id));
    assert.equal(msg.payload.hopper.added, true);

    const bad = nextMessage(helper.getNode('bad'));
    inject.receive({});
    const dup = await bad;
    assert.equal(dup.error.code, 'DUPLICATE');
    assert.equal(dup.error.lead_id, String(lead.lead_id));
  });
});
