'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { helper, startSimulator, load, nextMessage, recordStatuses, statusSettled, CREDS, serverNode, nodeTestLifecycle, exampleFlow } = require('./support/nodes');
const agentNode = require('../nodes/vicidial-agent.js');
const { AGENT_ACTIONS } = require('../nodes/core/agent-actions');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const injectNode = require('@node-red/nodes/core/common/20-inject.js');
const debugNode = require('@node-red/nodes/core/common/21-debug.js');

describe('vicidial-agent node', () => {
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
        type: 'vicidial-agent',
        name: 'agent',
        server: 'vd-server',
        action: 'pause',
        actionType: 'action',
        agentUser: '',
        agentUserType: 'str',
        value: '',
        valueType: 'str',
        params: '',
        wires: [['out']],
        ...extra,
      },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  function send(msg, out = 'out') {
    const got = nextMessage(helper.getNode(out));
    helper.getNode('n1').receive(msg);
    return got;
  }

  const live = (agent) => sim.state.agents.get(agent);

  it('pauses a READY agent: result, state, status, pass-through', async () => {
    assert.equal(live('agent2').status, 'READY');
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent2' }));
    const statuses = recordStatuses(helper.getNode('n1'));
    const msg = await send({ payload: {}, topic: 'supervisor', correlation: 3 });
    assert.equal(msg.payload.result, 'function set');
    assert.equal(msg.payload.value, 'PAUSE');
    assert.equal(msg.payload.agent_user, 'agent2');
    assert.match(msg.payload.epoch, /^\d+$/);
    assert.equal(msg.topic, 'supervisor');
    assert.equal(msg.correlation, 3);
    assert.deepEqual([msg.vicidial.function, msg.vicidial.api, msg.vicidial.action, msg.vicidial.agent_user], ['external_pause', 'agent', 'pause', 'agent2']);
    assert.equal(live('agent2').external_pause, `PAUSE!${msg.payload.epoch}`);
    assert.equal(live('agent2').status, 'PAUSED');
    assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
    assert.deepEqual(statuses[statuses.length - 1], { fill: 'green', shape: 'dot', text: 'pause: agent2' });
  });

  it('msg.action and msg.agent_user override the dialog; resume of a paused agent', async () => {
    assert.equal(live('agent1').status, 'PAUSED');
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent2' }));
    const msg = await send({ action: 'resume', agent_user: 'agent1' });
    assert.equal(msg.payload.value, 'RESUME');
    assert.equal(msg.payload.agent_user, 'agent1');
    assert.equal(live('agent1').status, 'READY');
    assert.equal(live('agent2').external_pause, '');
  });

  it('INVALID: resume of an agent who is not paused', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'resume', agentUser: 'agent2' }));
    const msg = await send({ keep: 1 }, 'caught');
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.vicidial.error.function, 'external_pause');
    assert.equal(msg.vicidial.error.reason, 'agent is not paused');
    assert.equal(msg.keep, 1);
  });

  it('NOT_FOUND: agent_user is not logged in', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'hangup' }));
    const msg = await send({ agent_user: 'agent3' }, 'caught');
    assert.equal(msg.error.code, 'NOT_FOUND');
    assert.equal(msg.vicidial.error.reason, 'agent_user is not logged in');
    assert.deepEqual(msg.vicidial.error.details, ['agent3']);
  });

  it('hangup sends external_hangup value 1', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'hangup', agentUser: 'agent1' }));
    const msg = await send({});
    assert.equal(msg.payload.value, '1');
    assert.equal(live('agent1').external_hangup, '1');
  });

  it('disposition: the dialog value, overridden by payload.status; a callback', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'disposition', agentUser: 'agent1', value: 'SALE' }));
    const dialog = await send({});
    assert.equal(dialog.payload.value, 'SALE');
    assert.equal(live('agent1').external_status, 'SALE');
    const over = await send({ payload: { status: 'NI' } });
    assert.equal(live('agent1').external_status, 'NI');
    assert.equal(over.vicidial.function, 'external_status');
    await send({ payload: { status: 'CALLBK', callback_datetime: '2030-01-02 10:00:00', callbackComments: 'call back' } });
    assert.equal(live('agent1').external_status, 'CALLBK!2030-01-02 10:00:00!ANYONE!call back!');
  });

  it('the value typedInput reads the message', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'disposition', agentUser: 'agent1', value: 'crm.outcome', valueType: 'msg' }));
    await send({ crm: { outcome: 'DNC' } });
    assert.equal(live('agent1').external_status, 'DNC');
  });

  it('accepts raw catalog function names with their own parameters', async () => {
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent2' }));
    const msg = await send({ action: 'external_pause', payload: { value: 'PAUSE' } });
    assert.equal(msg.vicidial.action, 'external_pause');
    assert.equal(live('agent2').status, 'PAUSED');
  });

  it('pause_code: INVALID for a READY agent, set for a paused one', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'pause_code' }));
    const bad = await send({ agent_user: 'agent2', payload: { code: 'BREAK' } }, 'caught');
    assert.equal(bad.error.code, 'INVALID');
    assert.equal(bad.vicidial.error.function, 'pause_code');
    assert.match(bad.vicidial.error.details[0], /agent is not paused/);
    await send({ agent_user: 'agent1', payload: { code: 'LUNCH' } });
    assert.equal(live('agent1').external_pause_code, 'LUNCH');
  });

  it('dtmf: # and * reach the server as P and S', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'dtmf', agentUser: 'agent1' }));
    await send({ payload: { digits: '*72#' } });
    assert.equal(live('agent1').external_dtmf, 'S72P');
  });

  it('add_ingroups: an array becomes the selection the server reads', async () => {
    assert.deepEqual(live('agent1').closer_campaigns, ['SALESLINE']);
    await load([agentNode, catchNode], sim, flow({ action: 'add_ingroups', agentUser: 'agent1' }));
    const msg = await send({ payload: { ingroups: ['SUPPORT'] } });
    assert.deepEqual(live('agent1').closer_campaigns, ['SALESLINE', 'SUPPORT']);
    assert.equal(msg.payload.ingroup_choices, ' SALESLINE SUPPORT -');
    assert.equal(msg.payload.blended, 'NO');
    const gone = await send({ action: 'remove_ingroups', payload: { ingroups: 'SALESLINE' } });
    assert.deepEqual(live('agent1').closer_campaigns, ['SUPPORT']);
    assert.equal(gone.payload.ingroup_choices, ' SUPPORT -');
  });

  it('NOT_FOUND: an in-group that does not exist; PERMISSION: the API user may not change in-groups', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'set_ingroups', agentUser: 'agent1' }));
    const missing = await send({ payload: { ingroups: ['SALESLINE', 'NOSUCH'] } }, 'caught');
    assert.equal(missing.error.code, 'INVALID');
    assert.equal(missing.vicidial.error.reason, 'ingroup does not exist');
    assert.equal(missing.vicidial.error.details[1], 'NOSUCH');
    sim.state.users.get('6666').flags.change_agent_campaign = '0';
    const denied = await send({ payload: { ingroups: ['SUPPORT'] } }, 'caught');
    assert.equal(denied.error.code, 'PERMISSION');
  });

  it('calls_in_queue counts LIVE calls for the agent', async () => {
    sim.state.autoCalls = [
      { callerid: 'V1', campaign_id: 'TESTCAMP', status: 'LIVE', lead_id: 1, phone_number: '1' },
      { callerid: 'V2', campaign_id: 'SALESLINE', status: 'LIVE', lead_id: 2, phone_number: '2' },
      { callerid: 'V3', campaign_id: 'TESTCAMP', status: 'SENT', lead_id: 3, phone_number: '3' },
    ];
    await load([agentNode, catchNode], sim, flow({ action: 'calls_in_queue', agentUser: 'agent1' }));
    const statuses = recordStatuses(helper.getNode('n1'));
    const msg = await send({});
    assert.equal(msg.payload.count, '2');
    assert.equal(statuses[statuses.length - 1].text, '2 in queue');
  });

  it('notify queues a notification for the agent', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'notify', agentUser: 'agent1' }));
    const msg = await send({ payload: { text: 'Great job', text_color: 'green' } });
    assert.equal(msg.payload.recipient, 'agent1');
    assert.equal(msg.payload.recipient_type, 'USER');
    const queued = sim.state.agentNotificationsQueue.find((n) => n.notification_id === msg.payload.notification_id);
    assert.equal(queued.notification_text, 'Great job');
    assert.equal(queued.recipient, 'agent1');
  });

  it('INVALID: notifications disabled on the system', async () => {
    sim.state.agentNotifications = 0;
    await load([agentNode, catchNode], sim, flow({ action: 'notify', agentUser: 'agent1' }));
    const msg = await send({ payload: { text: 'x' } }, 'caught');
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /Notifications are disabled/);
  });

  it('INVALID: park and transfer without a call; stop recording when none runs', async () => {
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent1' }));
    const park = await send({ action: 'park' }, 'caught');
    assert.equal(park.error.code, 'INVALID');
    assert.equal(park.vicidial.error.reason, 'agent_user does not have a lead on their screen');
    const xfer = await send({ action: 'blind_transfer', payload: { phone_number: '3125550199' } }, 'caught');
    assert.equal(xfer.error.code, 'INVALID');
    assert.equal(xfer.vicidial.error.reason, 'agent_user does not have a live call');
    const rec = await send({ action: 'record_stop' }, 'caught');
    assert.equal(rec.error.code, 'INVALID');
    assert.equal(rec.vicidial.error.reason, 'stop recording error');
  });

  it('park and blind transfer with a live call on screen; dialog parameters under the message', async () => {
    const [leadId] = [...sim.state.leads.keys()];
    Object.assign(live('agent1'), { status: 'INCALL', lead_id: leadId, callerid: `M11200000000000${leadId}` });
    await load([agentNode, catchNode], sim, flow({ action: 'blind_transfer', agentUser: 'agent1', params: '{"dial_override": "YES", "phone_number": "1111111111"}' }));
    const msg = await send({ payload: { phoneNumber: '3125550199' } });
    assert.equal(msg.payload.value, 'BLIND_TRANSFER');
    assert.equal(msg.payload.phone_number, '3125550199');
    assert.equal(msg.payload.call_id, live('agent1').callerid);
    assert.match(live('agent1').external_transferconf, /^BLIND_TRANSFER------3125550199---NO---YES---/);
    // The dialog's parameters belong to its action: another action refuses what it does not take.
    const other = await send({ action: 'park' }, 'caught');
    assert.equal(other.error.code, 'INVALID');
    assert.match(other.vicidial.error.reason, /unknown parameter "dial_override"/);
    await helper.unload();
    await load([agentNode, catchNode], sim, flow({ action: 'park', agentUser: 'agent1' }));
    await send({});
    assert.equal(live('agent1').external_park, 'PARK_CUSTOMER');
  });

  it('record_status answers with the NOTICE as the result', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'record_status', agentUser: 'agent2' }));
    const msg = await send({});
    assert.equal(msg.payload.result, 'not recording');
    assert.equal(msg.payload.agent_user, 'agent2');
    assert.equal(msg.payload.session_id, live('agent2').conf_exten);
  });

  it('preview actions: INVALID when the agent is not paused; PERMISSION when the campaign forbids it', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'preview_skip' }));
    const ready = await send({ agent_user: 'agent2' }, 'caught');
    assert.equal(ready.error.code, 'INVALID');
    assert.equal(ready.vicidial.error.reason, 'agent_user is not paused');
    sim.state.campaigns.get('TESTCAMP').manual_preview_dial = 'DISABLED';
    const off = await send({ agent_user: 'agent1' }, 'caught');
    assert.equal(off.error.code, 'PERMISSION');
    assert.equal(off.vicidial.error.reason, 'preview dialing not allowed on this campaign');
  });

  it('NOT_FOUND: webphone without session data; the URL when there is one', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'webphone', agentUser: 'agent1' }));
    const none = await send({}, 'caught');
    assert.equal(none.error.code, 'NOT_FOUND');
    sim.state.sessionData = new Map([['agent1', { webphone_url: 'https://phone.example/agent1', agent_login_call: '' }]]);
    const msg = await send({});
    assert.equal(msg.payload.url, 'https://phone.example/agent1');
  });

  it('alt_user in the payload picks the agent', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'hangup', agentUser: 'agent2' }));
    const msg = await send({ payload: { alt_user: 'CRM7001' } });
    assert.equal(msg.payload.agent_user, 'agent1');
    assert.equal(msg.vicidial.agent_user, 'agent1');
    assert.equal(live('agent1').external_hangup, '1');
    assert.equal(live('agent2').external_hangup, '');
  });

  it('PERMISSION: the API user may not use the function', async () => {
    sim.state.users.get('6666').api_allowed_functions = ' external_hangup ';
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent1' }));
    const msg = await send({}, 'caught');
    assert.equal(msg.error.code, 'PERMISSION');
    assert.equal(msg.vicidial.error.function, 'external_pause');
    const ok = await send({ action: 'hangup' });
    assert.equal(ok.payload.value, '1');
  });

  it('INVALID before sending: unknown action, no action, no agent, contradicting value, unknown field, bad JSON', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'action', actionType: 'msg' }));
    const cases = [
      [{ action: 'make_coffee', agent_user: 'agent1' }, /unknown action "make_coffee"/],
      [{ agent_user: 'agent1' }, /no action/],
      [{ action: 'pause' }, /one of agent_user, alt_user is required/],
      [{ action: 'pause', agent_user: 'agent1', payload: { value: 'RESUME' } }, /action pause sends value=PAUSE/],
      [{ action: 'hangup', agent_user: 'agent1', payload: { bogus: 1 } }, /unknown parameter "bogus"/],
      [{ action: 'disposition', agent_user: 'agent1' }, /value is required/],
      [{ action: 'dtmf', agent_user: 'agent1', payload: { digits: '1-2' } }, /may only contain/],
    ];
    const before = sim.requests.length;
    for (const [m, re] of cases) {
      const statuses = recordStatuses(helper.getNode('n1'));
      const msg = await send(m, 'caught');
      assert.equal(msg.error.code, 'INVALID', String(re));
      assert.match(msg.vicidial.error.reason, re);
      await statusSettled(helper.getNode('n1'));
      assert.match(statuses[statuses.length - 1].text, /^INVALID/);
    }
    assert.equal(sim.requests.length, before);
    assert.equal(live('agent1').external_pause, '');
  });

  it('INVALID before sending: other parameters that are not a JSON object', async () => {
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent1', params: '[1]' }));
    const before = sim.requests.length;
    const msg = await send({}, 'caught');
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(sim.requests.length, before);
  });

  it('sends errors to the second output when asked', async () => {
    await load([agentNode, catchNode], sim, flow({ action: 'resume', agentUser: 'agent2', errorOutput: true, wires: [['out'], ['err']] }));
    let caught = false;
    helper.getNode('caught').on('input', () => (caught = true));
    const msg = await send({ keep: 'y' }, 'err');
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.error.function, 'external_pause');
    assert.equal(msg.keep, 'y');
    const ok = await send({ action: 'pause' });
    assert.equal(ok.payload.value, 'PAUSE');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(caught, false);
  });

  it('AUTH to the second output without the password', async () => {
    await load([agentNode, catchNode], sim, flow({ agentUser: 'agent1', errorOutput: true, wires: [['out'], ['err']] }), { user: '6666', password: 'not-it-77' });
    const msg = await send({}, 'err');
    assert.equal(msg.error.code, 'AUTH');
    assert.ok(!JSON.stringify(msg).includes('not-it-77'));
  });

  it('serves the action table to the editor', async () => {
    await load([agentNode], sim, flow());
    const res = await helper.request().get('/vicidial-agent/actions').expect(200);
    assert.deepEqual(res.body, JSON.parse(JSON.stringify(AGENT_ACTIONS)));
  });

  it('the help text documents every action', () => {
    const help = fs.readFileSync(path.join(__dirname, '../nodes/locales/en-US/vicidial-agent.html'), 'utf8');
    const words = new Set(help.match(/[a-z0-9_]+/g));
    for (const a of AGENT_ACTIONS) assert.ok(words.has(a.name), `help lacks ${a.name}`);
  });
});

describe('vicidial-agent example flow', () => {
  const t = nodeTestLifecycle();

  it('agent-control: resume, pause and disposition agent1', async () => {
    const { flow, server } = exampleFlow('agent-control.json', t.sim);
    await helper.load([serverNode, agentNode, injectNode, debugNode], flow, { [server.id]: CREDS });
    const results = helper.getNode(flow.find((n) => n.type === 'debug' && n.name === 'Agent results').id);
    const inject = (name) => flow.find((n) => n.type === 'inject' && n.name === name);
    const agent = inject('Pause agent1').props.find((p) => p.p === 'agent_user').v;
    const run = async (name) => {
      const got = nextMessage(results);
      helper.getNode(inject(name).id).receive({});
      return got;
    };
    assert.equal(t.sim.state.agents.get(agent).status, 'PAUSED');
    const resumed = await run('Resume agent1');
    assert.equal(resumed.vicidial.action, 'resume');
    assert.equal(t.sim.state.agents.get(agent).status, 'READY');
    const paused = await run('Pause agent1');
    assert.equal(paused.payload.value, 'PAUSE');
    assert.equal(t.sim.state.agents.get(agent).status, 'PAUSED');
    const status = JSON.parse(inject('Disposition SALE').payload).status;
    await run('Disposition SALE');
    assert.equal(t.sim.state.agents.get(agent).external_status, status);
  });
});
