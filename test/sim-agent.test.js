'use strict';
// Agent API (agc/api.php) in the simulator: preamble (source, login, lock, system switch)
// and the agent functions, through the real client over loopback HTTP.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');
const { GuardRegistry } = require('../nodes/core/login-guard');
const { getFunction } = require('../nodes/core/catalog');

describe('simulator: Agent API', function () {
  let sim;
  const clients = [];

  function client(user = '6666', pass = '1234', extra = {}) {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0, ...extra });
    clients.push(c);
    return c;
  }

  /** Calls the server even with values the client's own checks would refuse. */
  function raw(c, fn, params) {
    return c.send(getFunction(fn, 'agent'), params);
  }

  async function rejects(promise, code) {
    try {
      await promise;
    } catch (err) {
      if (code) assert.equal(err.code, code, `${err.message}\nraw: ${err.raw}`);
      return err;
    }
    assert.fail('expected an error');
  }

  const agent = (name) => sim.state.agents.get(name);

  beforeEach(async function () {
    sim = await startSimulator({ port: 0 });
  });

  afterEach(async function () {
    while (clients.length) clients.pop().close();
    await sim.stop();
  });

  describe('preamble', function () {
    it('answers version before any login', async function () {
      const r = await client('nobody', 'wrongpass').call('version', {}, { api: 'agent' });
      assert.equal(r.data.version, sim.state.agentVersion);
      assert.equal(r.data.build, sim.state.agentBuild);
    });

    it('refuses a source shorter than 2 characters (after removing non-alphanumerics)', async function () {
      const err = await rejects(client('6666', '1234', { source: '-x' }).call('external_hangup', { agent_user: 'agent1', value: 1 }), 'INVALID');
      assert.equal(err.raw, 'ERROR: Invalid Source - x\n');
    });

    it('prints the Invalid Username/Password line with auth, auth_api and BAD for a wrong password', async function () {
      const err = await rejects(client('apiagent', 'wrongpw').call('external_hangup', { agent_user: 'agent1', value: 1 }), 'AUTH');
      assert.equal(err.reason, 'Invalid Username/Password');
      assert.equal(err.details[0], 'apiagent');
      assert.equal(err.details[2], '0');
      assert.equal(err.details[3], '1');
      assert.equal(err.details[4], 'BAD');
      assert.match(err.raw, /SELECT count\(\*\) from vicidial_users where user='apiagent'/);
      assert.equal(sim.state.users.get('apiagent').failed_login_count, 1);
    });

    it('treats a good login without vdc_agent_api_access as a login failure (GOOD, auth_api 0)', async function () {
      const err = await rejects(client('apireports', 'reports99').call('external_pause', { agent_user: 'agent1', value: 'PAUSE' }), 'AUTH');
      assert.deepEqual(err.details.slice(2, 5), ['1', '0', 'GOOD']);
      assert.equal(agent('agent1').external_pause, '');
    });

    it('lets any active user above level 0 with vdc_agent_api_access in (agc login rule)', async function () {
      sim.state.users.set('lvl1api', makeUser({ user: 'lvl1api', pass: 'lvl1pass', user_level: 1, flags: { vdc_agent_api_access: '1' } }));
      const r = await client('lvl1api', 'lvl1pass').call('send_dtmf', { agent_user: 'agent1', value: '12' });
      assert.equal(r.data.value, '12');
      sim.state.users.set('lvl0api', makeUser({ user: 'lvl0api', pass: 'lvl0pass', user_level: 0, flags: { vdc_agent_api_access: '1' } }));
      const err = await rejects(client('lvl0api', 'lvl0pass').call('send_dtmf', { agent_user: 'agent1', value: '12' }), 'AUTH');
      assert.equal(err.details[4], 'BAD');
    });

    it('locks a user after 10 failed logins: same reason, LOCK detail → LOCKED', async function () {
      sim.state.users.set('lockme', makeUser({ user: 'lockme', pass: 'rightpass', user_level: 8, flags: { vdc_agent_api_access: '1' } }));
      // functions.php only locks when the last login (last_login_date) is under 15 minutes old.
      await client('lockme', 'rightpass').call('send_dtmf', { agent_user: 'agent1', value: '1' });
      agent('agent1').external_dtmf = '';
      for (let i = 0; i < 10; i++) {
        // A guard of its own per call (as if each came from another runtime): this drives the simulator past the pack's guard.
        await rejects(client('lockme', 'wrongpass', { guards: new GuardRegistry() }).call('send_dtmf', { agent_user: 'agent1', value: '1' }), 'AUTH');
      }
      const err = await rejects(client('lockme', 'rightpass', { guards: new GuardRegistry() }).call('send_dtmf', { agent_user: 'agent1', value: '1' }), 'LOCKED');
      assert.equal(err.reason, 'Invalid Username/Password');
      assert.equal(err.details[4], 'LOCK');
      assert.equal(agent('agent1').external_dtmf, '');
    });

    it("answers 'System API NOT ACTIVE' when the system switch is off", async function () {
      sim.state.agentApiActive = false;
      const err = await rejects(client().call('external_hangup', { agent_user: 'agent1', value: 1 }), 'INVALID');
      assert.equal(err.raw, 'ERROR: System API NOT ACTIVE\n');
    });

    it('prints nothing for an unknown function', async function () {
      const spec = { ...getFunction('external_hangup', 'agent'), name: 'no_such_function' };
      const err = await rejects(client().send(spec, {}), 'UNKNOWN');
      assert.equal(err.reason, 'EMPTY RESPONSE');
    });

    it('prints the allowed-functions line (value|user|function|group) for a function not in api_allowed_functions', async function () {
      sim.state.users.set('onlypause', makeUser({ user: 'onlypause', pass: 'onlypause1', user_level: 8, user_group: 'ADMIN', flags: { vdc_agent_api_access: '1' }, api_allowed_functions: ' external_pause ' }));
      const c = client('onlypause', 'onlypause1');
      const err = await rejects(c.call('external_hangup', { agent_user: 'agent1', value: 1 }), 'PERMISSION');
      assert.deepEqual(err.details, ['1', 'onlypause', 'external_hangup', 'ADMIN']);
      const ok = await c.call('external_pause', { agent_user: 'agent2', value: 'PAUSE' });
      assert.equal(ok.data.agent_user, 'agent2');
    });
  });

  describe('external_pause', function () {
    it('PAUSE: sets external_pause value!epoch and pauses a READY agent at once', async function () {
      const r = await client('apiagent', 'agentapi9').call('external_pause', { agent_user: 'agent2', value: 'PAUSE' });
      assert.equal(r.data.value, 'PAUSE');
      assert.equal(r.data.agent_user, 'agent2');
      assert.match(r.data.epoch, /^\d{10}$/);
      assert.equal(agent('agent2').external_pause, `PAUSE!${r.data.epoch}`);
      assert.equal(agent('agent2').status, 'PAUSED');
    });

    it('RESUME: a paused agent becomes READY', async function () {
      await client().call('external_pause', { agent_user: 'agent1', value: 'RESUME' });
      assert.equal(agent('agent1').status, 'READY');
    });

    it('RESUME of an agent who is not paused → INVALID "agent is not paused"', async function () {
      const err = await rejects(client().call('external_pause', { agent_user: 'agent2', value: 'RESUME' }), 'INVALID');
      assert.equal(err.reason, 'agent is not paused');
      assert.deepEqual(err.details, ['RESUME', 'agent2']);
      assert.equal(agent('agent2').status, 'READY');
    });

    it('agent not logged in → NOT_FOUND', async function () {
      const err = await rejects(client().call('external_pause', { agent_user: 'agent3', value: 'PAUSE' }), 'NOT_FOUND');
      assert.equal(err.raw, 'ERROR: agent_user is not logged in - agent3\n');
    });

    it('a value without PAUSE/RESUME → "not valid"', async function () {
      const err = await rejects(raw(client(), 'external_pause', { agent_user: 'agent1', value: 'STOP' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: external_pause not valid - STOP|agent1\n');
    });

    it('alt_user resolves through custom_three; an unknown alt_user prints its error and goes on', async function () {
      const r = await client().call('external_pause', { alt_user: 'CRM7002', value: 'PAUSE' });
      assert.equal(r.data.agent_user, 'agent2');
      const err = await rejects(client().call('external_pause', { alt_user: 'CRM9999', value: 'PAUSE' }), 'NOT_FOUND');
      assert.equal(err.raw, 'ERROR: no user found - CRM9999\nERROR: agent_user is not logged in - \n');
    });
  });

  describe('external_dial', function () {
    const base = { search: 'YES', preview: 'NO', focus: 'YES' };

    it('dials a number for a paused agent and stores the request', async function () {
      const r = await client().call('external_dial', { ...base, agent_user: 'agent1', value: '312-555-0199', phone_code: '1' });
      assert.equal(r.data.value, '3125550199');
      assert.equal(r.data.agent_user, 'agent1');
      assert.equal(r.data.phone_code, '1');
      assert.equal(r.data.search, 'YES');
      const parts = agent('agent1').external_dial.split('!');
      assert.deepEqual(parts.slice(0, 5), ['3125550199', '1', 'YES', 'NO', 'YES']);
      assert.equal(parts[6], r.data.epoch);
    });

    it('dials a lead_id: number and phone code come from the lead', async function () {
      const lead = [...sim.state.leads.values()][1];
      const r = await client().call('external_dial', { ...base, agent_user: 'agent1', lead_id: lead.lead_id });
      assert.equal(r.data.value, lead.phone_number);
      assert.equal(r.data.phone_code, lead.phone_code);
      assert.equal(agent('agent1').external_dial.split('!')[11], String(lead.lead_id));
    });

    it('alt_dial SEARCH finds which of the lead numbers was sent', async function () {
      const lead = [...sim.state.leads.values()][0];
      lead.alt_phone = '3125557777';
      const r = await client().call('external_dial', { ...base, agent_user: 'agent1', lead_id: lead.lead_id, value: '3125557777', alt_dial: 'SEARCH' });
      assert.equal(r.data.value, '3125557777');
      assert.equal(r.data.alt_dial, 'ALT');
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent1', lead_id: lead.lead_id, value: '3125550000', alt_dial: 'SEARCH' }));
      assert.equal(err.reason, 'phone number lead_id search not found');
    });

    it('unknown lead_id → "lead_id is not valid"', async function () {
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent1', lead_id: 987654 }), 'INVALID');
      assert.equal(err.raw, 'ERROR: lead_id is not valid - agent1|987654\n');
    });

    it('agent not paused (READY) → INVALID, nothing stored', async function () {
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent2', value: '3125550199' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: agent_user is not paused - agent2\n');
      assert.equal(agent('agent2').external_dial, '');
    });

    it('agent not logged in → NOT_FOUND', async function () {
      await rejects(client().call('external_dial', { ...base, agent_user: 'agent3', value: '3125550199' }), 'NOT_FOUND');
    });

    it('missing search/preview/focus → "external_dial not valid" with every detail', async function () {
      const err = await rejects(raw(client(), 'external_dial', { agent_user: 'agent1', value: '3125550199', search: 'YES' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: external_dial not valid - 3125550199||YES||||agent1|\n');
    });

    it('an unknown dial_ingroup prints a NOTICE and is dropped; an unknown group_alias is refused', async function () {
      const r = await client().call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199', dial_ingroup: 'NOPE' });
      assert.equal(r.notices[0].reason, 'defined dial_ingroup not found');
      assert.equal(agent('agent1').external_dial.split('!')[13], '');
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199', group_alias: 'NOALIAS' }));
      assert.equal(err.raw, 'ERROR: group_alias is not valid - agent1|NOALIAS\n');
    });

    it('outbound_cid needs outbound_cid_any = API_ONLY', async function () {
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199', outbound_cid: '8885551212' }), 'PERMISSION');
      assert.equal(err.details[2], 'DISABLED');
      sim.state.outboundCidAny = 'API_ONLY';
      const r = await client().call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199', outbound_cid: '8885551212' });
      assert.equal(r.data.caller_id_number, '8885551212');
      assert.equal(r.data.group_alias, '-FORCE-');
    });

    it('an agent without agentcall_manual may not dial', async function () {
      sim.state.users.get('agent1').flags.agentcall_manual = '0';
      const err = await rejects(client().call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199' }));
      assert.equal(err.reason, 'agent_user is not allowed to place manual dial calls');
    });

    it('without vdc_agent_api_access → AUTH', async function () {
      await rejects(client('apilimited', 'limited99').call('external_dial', { ...base, agent_user: 'agent1', value: '3125550199' }), 'AUTH');
      assert.equal(agent('agent1').external_dial, '');
    });
  });

  describe('external_status', function () {
    it('sets the disposition', async function () {
      const r = await client().call('external_status', { agent_user: 'agent1', value: 'SALE' });
      assert.equal(r.data.value, 'SALE');
      assert.equal(agent('agent1').external_status, 'SALE');
    });

    it('builds the callback form for a callback status, defaulting callback_type to ANYONE', async function () {
      const r = await client().call('external_status', {
        agent_user: 'agent1',
        value: 'CALLBK',
        callback_datetime: '2030-01-02 10:00:00',
        callback_comments: 'call back later',
      });
      assert.equal(r.data.value, 'CALLBK!2030-01-02 10:00:00!ANYONE!call back later!');
      assert.equal(agent('agent1').external_status, r.data.value);
    });

    it('ignores the callback fields for a non-callback status and appends qm_dispo_code', async function () {
      const r = await client().call('external_status', { agent_user: 'agent1', value: 'SALE', callback_datetime: '2030-01-02 10:00:00', qm_dispo_code: 'Q1' });
      assert.equal(r.data.value, 'SALE!!!!Q1');
    });

    it('agent not logged in / missing value', async function () {
      await rejects(client().call('external_status', { agent_user: 'agent3', value: 'SALE' }), 'NOT_FOUND');
      const err = await rejects(raw(client(), 'external_status', { agent_user: 'agent1' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: external_status not valid - |agent1\n');
    });
  });

  describe('simple agent requests', function () {
    it('external_hangup stores the value', async function () {
      const r = await client().call('external_hangup', { agent_user: 'agent1', value: 1 });
      assert.equal(r.data.agent_user, 'agent1');
      assert.equal(agent('agent1').external_hangup, '1');
      await rejects(client().call('external_hangup', { agent_user: 'agent3', value: 1 }), 'NOT_FOUND');
    });

    it('logout queues LOGOUT with an epoch', async function () {
      const r = await client().call('logout', { agent_user: 'agent2', value: 'LOGOUT' });
      assert.match(r.data.epoch, /^\d+$/);
      assert.equal(agent('agent2').external_pause, 'LOGOUT');
    });

    it('send_dtmf stores the digits; * and # are removed by the server', async function () {
      const r = await raw(client(), 'send_dtmf', { agent_user: 'agent1', value: '12*#P' });
      assert.equal(r.data.value, '12P');
      assert.equal(agent('agent1').external_dtmf, '12P');
    });

    it('pause_code: paused agent gets the code; READY agent → "agent is not paused"', async function () {
      const r = await client().call('pause_code', { agent_user: 'agent1', value: 'BREAK' });
      assert.equal(r.data.agent_user, 'agent1');
      assert.equal(agent('agent1').external_pause_code, 'BREAK');
      assert.equal(agent('agent1').pause_code, 'BREAK');
      const err = await rejects(client().call('pause_code', { agent_user: 'agent2', value: 'BREAK' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: pause_code error - agent is not paused - agent2\n');
      await rejects(raw(client(), 'pause_code', { agent_user: 'agent1', value: 'TOOLONGCODE' }), 'INVALID');
    });

    it('park_call needs a lead on the screen', async function () {
      const err = await rejects(client().call('park_call', { agent_user: 'agent1', value: 'PARK_CUSTOMER' }), 'INVALID');
      assert.equal(err.reason, 'agent_user does not have a lead on their screen');
      agent('agent1').lead_id = [...sim.state.leads.keys()][0];
      const r = await client().call('park_call', { agent_user: 'agent1', value: 'PARK_CUSTOMER' });
      assert.equal(r.data.value, 'PARK_CUSTOMER');
      assert.equal(agent('agent1').external_park, 'PARK_CUSTOMER');
      await rejects(raw(client(), 'park_call', { agent_user: 'agent1', value: 'HOLD' }), 'INVALID');
    });

    it('recording: STATUS, STOP without recording, START', async function () {
      const st = await client().call('recording', { agent_user: 'agent1', value: 'STATUS' });
      assert.equal(st.data.result, 'not recording');
      assert.equal(st.data.session_id, agent('agent1').conf_exten);
      const err = await rejects(client().call('recording', { agent_user: 'agent1', value: 'STOP' }), 'INVALID');
      assert.equal(err.reason, 'stop recording error');
      const r = await client().call('recording', { agent_user: 'agent1', value: 'START', stage: 'crm42' });
      assert.equal(r.data.command, 'START_crm42');
      assert.equal(agent('agent1').external_recording, 'START_crm42');
    });
  });

  describe('transfer_conference', function () {
    beforeEach(function () {
      const a = agent('agent1');
      a.status = 'INCALL';
      a.lead_id = [...sim.state.leads.keys()][0];
      a.callerid = 'M1121100000001001';
    });

    it('blind transfer stores the request and answers with the call id', async function () {
      const r = await client().call('transfer_conference', { agent_user: 'agent1', value: 'BLIND_TRANSFER', phone_number: '3125550177' });
      assert.equal(r.data.phone_number, '3125550177');
      assert.equal(r.data.consultative, 'NO');
      assert.equal(r.data.call_id, 'M1121100000001001');
      assert.match(agent('agent1').external_transferconf, /^BLIND_TRANSFER------3125550177---NO---/);
    });

    it('LOCAL_CLOSER needs an active in-group', async function () {
      const err = await rejects(client().call('transfer_conference', { agent_user: 'agent1', value: 'LOCAL_CLOSER', ingroup_choices: 'NOPE' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: ingroup is not valid - NOPE\n');
      const r = await client().call('transfer_conference', { agent_user: 'agent1', value: 'LOCAL_CLOSER', ingroup_choices: 'SUPPORT' });
      assert.equal(r.data.ingroup_choices, 'SUPPORT');
    });

    it('no live call → INVALID', async function () {
      agent('agent1').callerid = '';
      const err = await rejects(client().call('transfer_conference', { agent_user: 'agent1', value: 'HANGUP_XFER' }), 'INVALID');
      assert.equal(err.reason, 'agent_user does not have a live call');
    });
  });

  describe('change_ingroups', function () {
    // ingroup_choices keeps its leading space only when sent as is (the server ignores the first token).
    it('ADD merges into the current selection, REMOVE takes out, CHANGE replaces', async function () {
      let r = await raw(client(), 'change_ingroups', { agent_user: 'agent1', value: 'ADD', blended: 'YES', ingroup_choices: ' SUPPORT -' });
      assert.equal(r.data.ingroup_choices, ' SALESLINE SUPPORT -');
      assert.deepEqual(agent('agent1').closer_campaigns, ['SALESLINE', 'SUPPORT']);
      r = await raw(client(), 'change_ingroups', { agent_user: 'agent1', value: 'REMOVE', blended: 'NO', ingroup_choices: ' SALESLINE -' });
      assert.equal(r.data.ingroup_choices, ' SUPPORT -');
      r = await raw(client(), 'change_ingroups', { agent_user: 'agent1', value: 'CHANGE', blended: 'NO', ingroup_choices: ' SALESLINE -', set_as_default: 'YES' });
      assert.equal(r.data.default_note, 'User settings set as default');
      assert.deepEqual(agent('agent1').closer_campaigns, ['SALESLINE']);
    });

    it('unknown in-group, missing choices for ADD, user without change_agent_campaign', async function () {
      let err = await rejects(raw(client(), 'change_ingroups', { agent_user: 'agent1', value: 'CHANGE', blended: 'NO', ingroup_choices: ' NOPE -' }));
      assert.equal(err.raw, 'ERROR: ingroup does not exist - agent1|NOPE| NOPE -\n');
      err = await rejects(client().call('change_ingroups', { agent_user: 'agent1', value: 'ADD', blended: 'NO' }));
      assert.equal(err.raw, 'ERROR: ingroup_choices are required for ADD and REMOVE values - agent1|ADD|\n');
      err = await rejects(client('apiagent', 'agentapi9').call('change_ingroups', { agent_user: 'agent1', value: 'ADD', blended: 'NO', ingroup_choices: ' SUPPORT -' }), 'PERMISSION');
      assert.equal(err.raw, 'ERROR: user is not allowed to change agent in-groups - apiagent\n');
      await rejects(client().call('change_ingroups', { agent_user: 'agent3', value: 'CHANGE', blended: 'NO' }), 'NOT_FOUND');
    });
  });

  describe('update_fields', function () {
    it('updates the lead on the screen and lists the fields', async function () {
      const lead = [...sim.state.leads.values()][0];
      agent('agent1').lead_id = lead.lead_id;
      const r = await client().call('update_fields', { agent_user: 'agent1', first_name: 'Dana', address1: '1 Main St' });
      assert.equal(r.data.lead_id, String(lead.lead_id));
      assert.equal(r.data.lead_rows, '1');
      assert.equal(r.data.fields, 'address1,first_name');
      assert.equal(r.data.values, 'address1="1 Main St",first_name="Dana"');
      assert.equal(lead.first_name, 'Dana');
      assert.equal(lead.address1, '1 Main St');
    });

    it('no lead on the screen / no fields / not logged in / user without modify_leads', async function () {
      let err = await rejects(client().call('update_fields', { agent_user: 'agent1', first_name: 'Dana' }), 'INVALID');
      assert.equal(err.reason, 'agent_user does not have a lead on their screen');
      agent('agent1').lead_id = [...sim.state.leads.keys()][0];
      err = await rejects(client().call('update_fields', { agent_user: 'agent1' }), 'INVALID');
      assert.equal(err.reason, 'no fields have been defined');
      await rejects(client().call('update_fields', { agent_user: 'agent3', first_name: 'Dana' }), 'NOT_FOUND');
      sim.state.users.set('nomod', makeUser({ user: 'nomod', pass: 'nomodpass', user_level: 8, flags: { vdc_agent_api_access: '1' } }));
      err = await rejects(client('nomod', 'nomodpass').call('update_fields', { agent_user: 'agent1', first_name: 'Dana' }), 'PERMISSION');
      assert.equal(err.raw, 'ERROR: user is not allowed to modify lead information - agent1|nomod\n');
    });
  });

  describe('switch_lead / preview_dial_action / external_add_lead', function () {
    it('switch_lead on an inbound call in a campaign that allows the search', async function () {
      const leads = [...sim.state.leads.values()];
      const a = agent('agent1');
      a.status = 'INCALL';
      a.lead_id = leads[0].lead_id;
      a.callerid = 'Y1121100000001001';
      let err = await rejects(client().call('switch_lead', { agent_user: 'agent1', lead_id: leads[1].lead_id }), 'INVALID');
      assert.equal(err.reason, 'campaign does not allow inbound lead search');
      sim.state.campaigns.get('TESTCAMP').agent_lead_search = 'LIVE_CALL_INBOUND';
      const r = await client().call('switch_lead', { agent_user: 'agent1', vendor_lead_code: leads[2].vendor_lead_code });
      assert.equal(r.data.lead_id, String(leads[2].lead_id));
      assert.equal(r.data.previous_lead_id, String(leads[0].lead_id));
      err = await rejects(client().call('switch_lead', { agent_user: 'agent1', lead_id: 987654 }), 'INVALID');
      assert.equal(err.reason, 'switch-to lead not found');
    });

    it('preview_dial_action: SKIP for a paused agent, ALTDIAL refused when alt dialing is off, READY agent refused', async function () {
      const r = await client().call('preview_dial_action', { agent_user: 'agent1', value: 'SKIP' });
      assert.equal(r.data.value, 'SKIP');
      assert.equal(agent('agent1').external_dial, 'SKIP');
      let err = await rejects(client().call('preview_dial_action', { agent_user: 'agent1', value: 'ALTDIAL' }), 'PERMISSION');
      assert.equal(err.raw, 'ERROR: alt number dialing not allowed on this campaign - agent1|TESTCAMP|N\n');
      err = await rejects(client().call('preview_dial_action', { agent_user: 'agent2', value: 'SKIP' }), 'INVALID');
      assert.equal(err.reason, 'agent_user is not paused');
    });

    it('external_add_lead adds a lead to the manual dial list; DNC numbers are refused', async function () {
      sim.state.campaigns.get('TESTCAMP').manual_dial_list_id = '999';
      const before = sim.state.leads.size;
      const r = await client().call('external_add_lead', { agent_user: 'agent1', phone_code: '1', phone_number: '3125550188', first_name: 'Eve' });
      assert.equal(r.data.list_id, '999');
      assert.equal(r.data.campaign_id, 'TESTCAMP');
      const lead = sim.state.leads.get(Number(r.data.lead_id));
      assert.equal(lead.phone_number, '3125550188');
      assert.equal(lead.first_name, 'Eve');
      assert.equal(lead.user, '6666');
      assert.equal(sim.state.leads.size, before + 1);
      const dnc = [...sim.state.dnc][0];
      const err = await rejects(client().call('external_add_lead', { agent_user: 'agent1', phone_code: '1', phone_number: dnc, dnc_check: 'YES' }), 'DNC');
      assert.deepEqual(err.details, [dnc, 'agent1']);
      assert.equal(sim.state.leads.size, before + 1);
    });
  });

  describe('queue, CRM lookups and remote agents', function () {
    it('calls_in_queue_count counts LIVE calls of the campaign and selected in-groups', async function () {
      sim.state.autoCalls = [
        { callerid: 'V1', campaign_id: 'TESTCAMP', status: 'LIVE', lead_id: 0, phone_number: '1' },
        { callerid: 'V2', campaign_id: 'SALESLINE', status: 'LIVE', lead_id: 0, phone_number: '2' },
        { callerid: 'V3', campaign_id: 'SUPPORT', status: 'LIVE', lead_id: 0, phone_number: '3' },
        { callerid: 'V4', campaign_id: 'TESTCAMP', status: 'SENT', lead_id: 0, phone_number: '4' },
      ];
      const groups = new Set(['TESTCAMP', ...agent('agent1').closer_campaigns]);
      const expected = sim.state.autoCalls.filter((c) => c.status === 'LIVE' && groups.has(c.campaign_id)).length;
      const r = await client().call('calls_in_queue_count', { agent_user: 'agent1', value: 'DISPLAY' });
      assert.equal(r.data.count, String(expected));
    });

    it('st_get_agent_active_lead finds the lead on the screen by CRM id', async function () {
      const lead = [...sim.state.leads.values()][0];
      let err = await rejects(client().call('st_get_agent_active_lead', { value: 'CRM7001', vendor_id: 'T1' }), 'NOT_FOUND');
      assert.equal(err.raw, 'ERROR: no active lead found - agent1\n');
      agent('agent1').lead_id = lead.lead_id;
      const r = await client().call('st_get_agent_active_lead', { value: 'CRM7001', vendor_id: 'T1' });
      assert.equal(r.data.phone_number, lead.phone_number);
      assert.equal(r.data.vendor_lead_code, lead.vendor_lead_code);
      err = await rejects(client().call('st_get_agent_active_lead', { value: 'CRM7003', vendor_id: 'T1' }), 'NOT_FOUND');
      assert.equal(err.raw, 'ERROR: user not logged in - agent3\n');
    });

    it('ra_call_control hangs up a known call and refuses unknown calls and stages', async function () {
      const lead = [...sim.state.leads.values()][0];
      sim.state.autoCalls = [{ callerid: 'V1121000001', campaign_id: 'TESTCAMP', status: 'LIVE', lead_id: lead.lead_id, phone_number: lead.phone_number }];
      let err = await rejects(client().call('ra_call_control', { agent_user: 'agent1', value: 'V999', stage: 'HANGUP' }), 'NOT_FOUND');
      assert.equal(err.raw, 'ERROR: no active call found - V999\n');
      err = await rejects(raw(client(), 'ra_call_control', { agent_user: 'agent1', value: 'V1121000001', stage: 'BOUNCE' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: stage is not valid - BOUNCE\n');
      const r = await client().call('ra_call_control', { agent_user: 'agent1', value: 'V1121000001', stage: 'HANGUP' });
      assert.equal(r.data.call_id, 'V1121000001');
      assert.equal(sim.state.autoCalls.length, 0);
      assert.equal(lead.status, 'RAXFER');
    });

    it('send_notification queues an alert for a user; unknown users are refused', async function () {
      const r = await client().call('send_notification', { recipient: 'agent1', recipient_type: 'USER', notification_text: 'Hello' });
      assert.equal(r.data.recipient, 'agent1');
      assert.equal(sim.state.agentNotificationsQueue.length, 1);
      assert.equal(sim.state.agentNotificationsQueue[0].notification_text, 'Hello');
      const err = await rejects(client().call('send_notification', { recipient: 'ghost', recipient_type: 'USER', notification_text: 'Hi' }), 'INVALID');
      assert.equal(err.raw, 'ERROR: ghost DOES NOT EXIST in vicidial_users - |ghost\n');
      sim.state.agentNotifications = 0;
      await rejects(client().call('send_notification', { recipient: 'agent1', recipient_type: 'USER', notification_text: 'Hi' }), 'INVALID');
    });

    it('webserver answers a <PRE> block', async function () {
      const r = await client().call('webserver', {});
      assert.match(r.data.webserver, /^<PRE>Webserver Data:/);
      assert.match(r.data.webserver, /<\/PRE>$/);
    });
  });
});
