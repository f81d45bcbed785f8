'use strict';
const assert = require('node:assert/strict');
const { helper, startSimulator, load, nextMessage, recordStatuses, statusSettled, CREDS, serverNode, nodeTestLifecycle, exampleFlow } = require('./support/nodes');
const dialNode = require('../nodes/vicidial-dial.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const injectNode = require('@node-red/nodes/core/common/20-inject.js');
const debugNode = require('@node-red/nodes/core/common/21-debug.js');

/** The external_dial request the agent screen will read: value!phone_code!search!preview!focus!vendor_id!epoch!prefix!alias!cid!vtiger!lead_id!alt_dial!ingroup. */
function dialRequest(sim, agent) {
  const [value, phoneCode, search, preview, focus, vendorId, , dialPrefix, groupAlias, cid, , leadId, altDial, dialIngroup] = sim.state.agents
    .get(agent)
    .external_dial.split('!');
  return { value, phoneCode, search, preview, focus, vendorId, dialPrefix, groupAlias, cid, leadId, altDial, dialIngroup };
}

describe('vicidial-dial node', () => {
  let sim;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0 });
    await new Promise((r) => helper.startServer(r));
  });
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
    await sim.stop();
  });

  function flow(extra = {}) {
    return [
      {
        id: 'n1',
        type: 'vicidial-dial',
        name: 'dial',
        server: 'vd-server',
        agentUser: '',
        agentUserType: 'str',
        phoneCode: '1',
        phoneCodeType: 'str',
        search: 'YES',
        searchType: 'yesno',
        preview: 'NO',
        previewType: 'yesno',
        focus: 'YES',
        focusType: 'yesno',
        altDial: '',
        altDialType: 'altdial',
        wires: [['out']],
        ...extra,
      },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  async function send(msg, out = 'out') {
    const got = nextMessage(helper.getNode(out));
    helper.getNode('n1').receive(msg);
    return got;
  }

  async function failWith(msg, extra = {}) {
    await load([dialNode, catchNode], sim, flow(extra));
    return send(msg, 'caught');
  }

  it('dials a number for msg.agent_user: digits only, status, pass-through', async () => {
    await load([dialNode, catchNode], sim, flow());
    const statuses = recordStatuses(helper.getNode('n1'));
    const msg = await send({ payload: '+1 (312) 555-0101', agent_user: 'agent1', topic: 'crm', correlation: 7 });
    assert.equal(msg.payload.result, 'function set');
    assert.equal(msg.payload.value, '3125550101');
    assert.equal(msg.payload.agent_user, 'agent1');
    assert.equal(msg.payload.phone_code, '1');
    assert.equal(msg.topic, 'crm');
    assert.equal(msg.correlation, 7);
    assert.equal(msg.agent_user, 'agent1');
    assert.equal(msg.vicidial.function, 'external_dial');
    assert.equal(msg.vicidial.api, 'agent');
    assert.equal(msg.vicidial.agent_user, 'agent1');
    assert.match(msg.vicidial.raw, /^SUCCESS: external_dial function set - 3125550101\|agent1\|/);
    assert.ok(!msg.vicidial.raw.includes(CREDS.password + '|'));
    assert.deepEqual(
      (({ value, phoneCode, search, preview, focus }) => ({ value, phoneCode, search, preview, focus }))(dialRequest(sim, 'agent1')),
      { value: '3125550101', phoneCode: '1', search: 'YES', preview: 'NO', focus: 'YES' },
    );
    assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
    assert.deepEqual(statuses[statuses.length - 1], { fill: 'green', shape: 'dot', text: 'dialing 3125550101' });
  });

  it('dials a lead by lead_id (its own number and phone code)', async () => {
    const [leadId, lead] = [...sim.state.leads.entries()][1];
    await load([dialNode, catchNode], sim, flow({ agentUser: 'agent1' }));
    const msg = await send({ payload: { lead_id: leadId } });
    assert.equal(msg.payload.value, lead.phone_number);
    assert.equal(dialRequest(sim, 'agent1').leadId, String(leadId));
    assert.equal(dialRequest(sim, 'agent1').phoneCode, lead.phone_code);
  });

  it('message fields override the dialog options; msg.agent_user overrides the node agent', async () => {
    sim.state.groupAliases = new Map([['SALES', { group_alias_id: 'SALES', group_alias_name: 'Sales', caller_id_number: '3125550000', caller_id_name: 'Sales', active: 'Y', user_group: '---ALL---' }]]);
    await load([dialNode, catchNode], sim, flow({ agentUser: 'agent2', dialPrefix: '8', groupAlias: 'NOPE' }));
    const msg = await send({ payload: { phoneNumber: '312.555.0102', preview: 'YES', group_alias: 'SALES', vendor_id: 'CRM-9' }, agent_user: 'agent1' });
    assert.equal(msg.payload.agent_user, 'agent1');
    assert.equal(msg.payload.preview, 'YES');
    assert.equal(msg.payload.caller_id_number, '3125550000');
    const req = dialRequest(sim, 'agent1');
    assert.deepEqual([req.value, req.preview, req.search, req.dialPrefix, req.groupAlias, req.vendorId], ['3125550102', 'YES', 'YES', '8', 'SALES', 'CRM-9']);
  });

  it('reads typedInput options from the message', async () => {
    await load([dialNode, catchNode], sim, flow({ agentUser: 'who', agentUserType: 'msg', phoneCode: 'cc', phoneCodeType: 'msg', focus: 'focus', focusType: 'msg' }));
    const msg = await send({ payload: '2079460958', who: 'agent1', cc: 44, focus: 'NO' });
    assert.equal(msg.payload.phone_code, '44');
    assert.equal(msg.payload.focus, 'NO');
    assert.equal(msg.payload.agent_user, 'agent1');
  });

  it('NOT_FOUND: agent_user is not logged in', async () => {
    const msg = await failWith({ payload: '3125550101', agent_user: 'agent3', keep: 1 });
    assert.equal(msg.error.code, 'NOT_FOUND');
    assert.equal(msg.vicidial.error.reason, 'agent_user is not logged in');
    assert.deepEqual(msg.vicidial.error.details, ['agent3']);
    assert.equal(msg.keep, 1);
  });

  it('INVALID: agent_user is not paused (READY agent in STANDARD mode)', async () => {
    assert.equal(sim.state.agents.get('agent2').status, 'READY');
    const msg = await failWith({ payload: '3125550101', agent_user: 'agent2' });
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.reason, 'agent_user is not paused');
    assert.equal(sim.state.agents.get('agent2').external_dial, '');
  });

  it('a valid dial in-group lets a READY agent dial; an unknown one is a notice', async () => {
    await load([dialNode, catchNode], sim, flow({ dialIngroup: 'SALESLINE' }));
    const ok = await send({ payload: '3125550101', agent_user: 'agent2' });
    assert.equal(ok.payload.value, '3125550101');
    assert.equal(dialRequest(sim, 'agent2').dialIngroup, 'SALESLINE');
    const noted = await send({ payload: { phone_number: '3125550101', dial_ingroup: 'NOSUCH' }, agent_user: 'agent1' });
    assert.equal(noted.vicidial.notices[0].reason, 'defined dial_ingroup not found');
    assert.equal(dialRequest(sim, 'agent1').dialIngroup, '');
  });

  it('PERMISSION: outbound_cid is not allowed on this system; allowed with API_ONLY', async () => {
    const refused = await failWith({ payload: '3125550101', agent_user: 'agent1' }, { outboundCid: '3125557777' });
    assert.equal(refused.error.code, 'PERMISSION');
    assert.equal(refused.vicidial.error.reason, 'outbound_cid is not allowed on this system');
    sim.state.outboundCidAny = 'API_ONLY';
    const msg = await send({ payload: '3125550101', agent_user: 'agent1' });
    assert.equal(msg.payload.caller_id_number, '3125557777');
    assert.equal(msg.payload.group_alias, '-FORCE-');
  });

  it('INVALID: group_alias is not valid, and so is its caller id', async () => {
    const missing = await failWith({ payload: '3125550101', agent_user: 'agent1' }, { groupAlias: 'NOPE' });
    assert.equal(missing.error.code, 'INVALID');
    assert.equal(missing.vicidial.error.reason, 'group_alias is not valid');
    sim.state.groupAliases = new Map([['NOPE', { group_alias_id: 'NOPE', group_alias_name: 'x', caller_id_number: '', caller_id_name: '', active: 'Y', user_group: '---ALL---' }]]);
    const bad = await send({ payload: '3125550101', agent_user: 'agent1' }, 'caught');
    assert.equal(bad.error.code, 'INVALID');
    assert.equal(bad.vicidial.error.reason, 'caller_id_number from group_alias is not valid');
  });

  it('INVALID: lead_id is not valid, and alt_dial SEARCH without a match (references, not the agent)', async () => {
    const missingId = Math.max(...sim.state.leads.keys()) + 100;
    const msg = await failWith({ payload: { lead_id: missingId }, agent_user: 'agent1' });
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.reason, 'lead_id is not valid');
    const [leadId] = [...sim.state.leads.keys()];
    const search = await send({ payload: { lead_id: leadId, phone_number: '9999999999', alt_dial: 'SEARCH' }, agent_user: 'agent1' }, 'caught');
    assert.equal(search.error.code, 'INVALID');
    assert.equal(search.vicidial.error.reason, 'phone number lead_id search not found');
  });

  it("INVALID: phone number is not valid (the lead's number)", async () => {
    const [leadId, lead] = [...sim.state.leads.entries()][0];
    lead.alt_phone = '';
    const msg = await failWith({ payload: { lead_id: leadId, alt_dial: 'ALT' }, agent_user: 'agent1' });
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.reason, 'phone number is not valid');
  });

  it('PERMISSION: the agent may not place manual calls; the API user may not use external_dial', async () => {
    sim.state.users.get('agent1').flags.agentcall_manual = '0';
    const agent = await failWith({ payload: '3125550101', agent_user: 'agent1' });
    assert.equal(agent.error.code, 'PERMISSION');
    assert.equal(agent.vicidial.error.reason, 'agent_user is not allowed to place manual dial calls');
    sim.state.users.get('6666').api_allowed_functions = ' version external_pause ';
    const api = await send({ payload: '3125550101', agent_user: 'agent1' }, 'caught');
    assert.equal(api.error.code, 'PERMISSION');
    assert.match(api.vicidial.error.reason, /DOES NOT HAVE PERMISSION/);
  });

  it('DUPLICATE: the number is already in the manual dial queue (queue mode)', async () => {
    sim.state.campaigns.get('TESTCAMP').api_manual_dial = 'QUEUE';
    await load([dialNode, catchNode], sim, flow());
    const first = await send({ payload: '3125550101', agent_user: 'agent2' });
    assert.equal(first.payload.value, '3125550101');
    assert.equal(sim.state.manualDialQueue.length, 1);
    const again = await send({ payload: '(312) 555-0101', agent_user: 'agent2' }, 'caught');
    assert.equal(again.error.code, 'DUPLICATE');
    assert.equal(sim.state.manualDialQueue.length, 1);
  });

  it('NOT_FOUND: an alt_user nobody has', async () => {
    const msg = await failWith({ payload: { phone_number: '3125550101', alt_user: 'CRM9999' } });
    assert.equal(msg.error.code, 'NOT_FOUND');
    assert.equal(msg.vicidial.error.reason, 'no user found');
  });

  it('dials for the agent an alt_user names', async () => {
    await load([dialNode, catchNode], sim, flow({ agentUser: 'agent2' }));
    const msg = await send({ payload: { phone_number: '3125550101', altUser: 'CRM7001' } });
    assert.equal(msg.payload.agent_user, 'agent1');
  });

  it('INVALID before sending: letters, nothing to dial, no agent, unknown fields, bad options', async () => {
    await load([dialNode, catchNode], sim, flow());
    const cases = [
      [{ payload: 'call 312 555 0101', agent_user: 'agent1' }, /contains letters/],
      [{ payload: {}, agent_user: 'agent1' }, /nothing to dial/],
      [{ payload: '3125550101' }, /one of agent_user, alt_user is required/],
      [{ payload: { phone_number: '3125550101', bogus: 1 }, agent_user: 'agent1' }, /unknown parameter "bogus"/],
      [{ payload: { phone_number: '3125550101', preview: 'MAYBE' }, agent_user: 'agent1' }, /preview must be one of YES, NO/],
      [{ payload: { phone_number: '+44 20 7946 0958', phone_code: '1' }, agent_user: 'agent1' }, /country code 44/],
      [{ payload: '3125550101', agent_user: { id: 1 } }, /agent user must be text/],
    ];
    const before = sim.requests.length;
    for (const [m, re] of cases) {
      const statuses = recordStatuses(helper.getNode('n1'));
      const msg = await send(m, 'caught');
      assert.equal(msg.error.code, 'INVALID', String(re));
      assert.match(msg.vicidial.error.reason, re);
      await statusSettled(helper.getNode('n1'));
      assert.equal(statuses[statuses.length - 1].fill, 'red');
      assert.match(statuses[statuses.length - 1].text, /^INVALID/);
    }
    assert.equal(sim.requests.length, before);
  });

  it('sends errors to the second output when asked (no password anywhere)', async () => {
    const f = flow({ errorOutput: true, wires: [['out'], ['err']] });
    await load([dialNode, catchNode], sim, f, { user: '6666', password: 'wrong-pass-42' });
    const got = nextMessage(helper.getNode('err'));
    let caught = false;
    helper.getNode('caught').on('input', () => (caught = true));
    helper.getNode('n1').receive({ payload: '3125550101', agent_user: 'agent1', keep: 'x' });
    const msg = await got;
    assert.equal(msg.error.code, 'AUTH');
    assert.equal(msg.error.function, 'external_dial');
    assert.equal(msg.keep, 'x');
    assert.ok(!JSON.stringify(msg).includes('wrong-pass-42'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(caught, false);
  });

  it('second output: a success still goes to the first', async () => {
    await load([dialNode, catchNode], sim, flow({ errorOutput: true, wires: [['out'], ['err']] }));
    const msg = await send({ payload: '3125550101', agent_user: 'agent1' });
    assert.equal(msg.payload.value, '3125550101');
    assert.equal(msg.error, undefined);
  });
});

describe('vicidial-dial example flow', () => {
  const t = nodeTestLifecycle();

  it('click-to-dial: the inject makes agent1 dial the number', async () => {
    const { flow, server } = exampleFlow('click-to-dial.json', t.sim);
    const inject = flow.find((n) => n.type === 'inject');
    const agent = inject.props.find((p) => p.p === 'agent_user').v;
    const digits = inject.payload.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    await helper.load([serverNode, dialNode, injectNode, debugNode], flow, { [server.id]: CREDS });
    const dialing = helper.getNode(flow.find((n) => n.type === 'debug' && n.name === 'Dialing').id);
    const got = nextMessage(dialing);
    helper.getNode(inject.id).receive({});
    const msg = await got;
    assert.equal(msg.payload.value, digits);
    assert.equal(msg.payload.agent_user, agent);
    assert.ok(t.sim.state.agents.get(agent).external_dial.startsWith(`${digits}!`));
  });
});
