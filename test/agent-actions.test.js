'use strict';
const assert = require('node:assert/strict');
const aa = require('../nodes/core/agent-actions');
const { VicidialError } = require('../nodes/core/errors');
const { CATALOG, getFunction } = require('../nodes/core/catalog');
const { buildParams, camelCase } = require('../nodes/core/params');
const { parseResponse } = require('../nodes/core/parser');

function invalid(fn, re) {
  assert.throws(fn, (e) => e instanceof VicidialError && e.code === 'INVALID' && re.test(e.reason));
}

const AGENT_SPECS = CATALOG.filter((f) => f.api === 'agent');

describe('agent-actions: the action table', () => {
  it('names every action once, in snake_case, pointing at an Agent API function', () => {
    const names = aa.AGENT_ACTIONS.map((a) => a.name);
    assert.equal(new Set(names).size, names.length);
    for (const a of aa.AGENT_ACTIONS) {
      assert.match(a.name, /^[a-z][a-z0-9_]*$/, a.name);
      assert.ok(AGENT_SPECS.some((f) => f.name === a.function), `${a.name} → ${a.function}`);
      assert.ok(a.summary && a.group, a.name);
    }
  });

  it('only fixes or defaults parameters the function has, with values the catalog accepts', () => {
    for (const a of aa.AGENT_ACTIONS) {
      const spec = getFunction(a.function, 'agent');
      for (const [name, value] of Object.entries({ ...(a.fixed || {}), ...(a.defaults || {}) })) {
        const p = spec.params.find((q) => q.name === name);
        assert.ok(p, `${a.name}: ${a.function} has no ${name}`);
        if (p.values) assert.ok(p.values.includes(value), `${a.name}: ${name}=${value} not in ${p.values}`);
      }
    }
  });

  it('aliases only new names, for parameters the function has', () => {
    for (const a of aa.AGENT_ACTIONS) {
      const spec = getFunction(a.function, 'agent');
      const names = new Set(spec.params.flatMap((p) => [p.name, camelCase(p.name)]));
      for (const [alias, target] of Object.entries(a.aliases || {})) {
        assert.ok(!names.has(alias), `${a.name}: alias ${alias} shadows a parameter`);
        assert.ok(names.has(target), `${a.name}: alias target ${target}`);
      }
    }
  });

  it('keeps raw semantics for an action named like a catalog function', () => {
    // A friendly name equal to a function name may only fix what that function allows anyway.
    for (const a of aa.AGENT_ACTIONS) {
      if (!AGENT_SPECS.some((f) => f.name === a.name)) continue;
      assert.equal(a.function, a.name);
      for (const [name, value] of Object.entries(a.fixed || {})) {
        assert.deepEqual(getFunction(a.function, 'agent').params.find((p) => p.name === name).values, [value], `${a.name} fixes ${name}`);
      }
    }
  });

  it('covers every Agent API function (by an action or its raw name)', () => {
    for (const f of AGENT_SPECS) assert.equal(aa.resolveAction(f.name).function, f.name);
    const covered = new Set(aa.AGENT_ACTIONS.map((a) => a.function));
    const uncovered = AGENT_SPECS.map((f) => f.name).filter((n) => !covered.has(n));
    // Those without a friendly name are the ones without a use in agent control flows, or dialing (the dial node).
    assert.deepEqual(uncovered.sort(), [
      'external_add_lead',
      'external_dial',
      'force_fronter_audio_stop',
      'force_fronter_leave_3way',
      'st_get_agent_active_lead',
      'st_login_log',
      'version',
      'webserver',
    ]);
  });
});

describe('agent-actions: resolving names', () => {
  it('maps the issue examples', () => {
    const cases = {
      pause: ['external_pause', { value: 'PAUSE' }],
      resume: ['external_pause', { value: 'RESUME' }],
      hangup: ['external_hangup', { value: '1' }],
    };
    for (const [name, [fn, fixed]] of Object.entries(cases)) {
      const a = aa.resolveAction(name);
      assert.equal(a.function, fn);
      assert.deepEqual(a.fixed, fixed);
    }
    assert.equal(aa.resolveAction('disposition').function, 'external_status');
  });

  it('ignores case, dashes and spaces', () => {
    assert.equal(aa.resolveAction('Record-Start').name, 'record_start');
    assert.equal(aa.resolveAction(' BLIND transfer ').name, 'blind_transfer');
    assert.equal(aa.resolveAction('EXTERNAL_PAUSE').function, 'external_pause');
  });

  it('refuses unknown, empty and non-text actions with INVALID', () => {
    invalid(() => aa.resolveAction('make_coffee'), /unknown action "make_coffee".*pause/);
    invalid(() => aa.resolveAction(''), /no action/);
    invalid(() => aa.resolveAction(undefined), /no action/);
    invalid(() => aa.resolveAction(42), /no action/);
    // Non-Agent names are not Agent API functions.
    invalid(() => aa.resolveAction('add_lead'), /unknown action/);
  });
});

describe('agent-actions: building a call', () => {
  it('pause: fixed value, agent from the options', () => {
    assert.deepEqual(aa.buildAgentCall('pause', {}, { agentUser: 'agent1' }), {
      action: 'pause',
      function: 'external_pause',
      input: { value: 'PAUSE', agent_user: 'agent1' },
      agent: 'agent1',
    });
  });

  it("the payload's agent_user or alt_user wins over the options'", () => {
    assert.equal(aa.buildAgentCall('hangup', { agent_user: 'agent2' }, { agentUser: 'agent1' }).input.agent_user, 'agent2');
    assert.equal(aa.buildAgentCall('hangup', { agentUser: 'agent2' }, { agentUser: 'agent1' }).input.agentUser, 'agent2');
    const alt = aa.buildAgentCall('hangup', { alt_user: 'CRM7001' }, { agentUser: 'agent1' }).input;
    assert.deepEqual(alt, { alt_user: 'CRM7001', value: '1' });
  });

  it('accepts the fixed value when the message repeats it, refuses a different one', () => {
    assert.equal(aa.buildAgentCall('pause', { value: 'pause' }, { agentUser: 'a1' }).input.value, 'PAUSE');
    invalid(() => aa.buildAgentCall('pause', { value: 'RESUME' }, { agentUser: 'a1' }), /action pause sends value=PAUSE.*external_pause/);
    invalid(() => aa.buildAgentCall('play_audio', { stage: 'STOP', file: 'x' }, { agentUser: 'a1' }), /stage=PLAY/);
  });

  it('disposition: value from status, value, or the dialog, in that order', () => {
    assert.equal(aa.buildAgentCall('disposition', { status: 'SALE' }, { agentUser: 'a1', value: 'NI' }).input.value, 'SALE');
    assert.equal(aa.buildAgentCall('disposition', { value: 'NI' }, { agentUser: 'a1', value: 'SALE' }).input.value, 'NI');
    assert.equal(aa.buildAgentCall('disposition', {}, { agentUser: 'a1', value: 'CALLBK' }).input.value, 'CALLBK');
    invalid(() => aa.buildAgentCall('disposition', { status: 'SALE', value: 'NI' }), /status and value are the same parameter/);
    const cb = aa.buildAgentCall('disposition', { status: 'CALLBK', callbackDatetime: '2030-01-02 10:00:00', callback_type: 'USERONLY' }, { agentUser: 'a1' });
    assert.deepEqual(cb.input, { value: 'CALLBK', callbackDatetime: '2030-01-02 10:00:00', callback_type: 'USERONLY', agent_user: 'a1' });
  });

  it('the dialog value does not replace a fixed value', () => {
    assert.equal(aa.buildAgentCall('resume', {}, { agentUser: 'a1', value: 'SALE' }).input.value, 'RESUME');
  });

  it('message fields override the dialog defaults, in either spelling', () => {
    const call = aa.buildAgentCall('blind_transfer', { phoneNumber: '3125550199' }, { agentUser: 'a1', defaults: { phone_number: '1111111111', dial_override: 'YES' } });
    assert.deepEqual(call.input, { dial_override: 'YES', phoneNumber: '3125550199', value: 'BLIND_TRANSFER', agent_user: 'a1' });
  });

  it('in-groups: arrays and plain lists get the framing the server reads', () => {
    assert.equal(aa.ingroupChoices(['SALESLINE', 'SUPPORT']), ' SALESLINE SUPPORT -');
    assert.equal(aa.ingroupChoices('SALESLINE SUPPORT'), ' SALESLINE SUPPORT -');
    assert.equal(aa.ingroupChoices(' SALESLINE SUPPORT -'), ' SALESLINE SUPPORT -');
    assert.equal(aa.ingroupChoices('SALESLINE,SUPPORT'), ' SALESLINE SUPPORT -');
    assert.equal(aa.ingroupChoices([]), '');
    invalid(() => aa.ingroupChoices(['SALES LINE!']), /may only contain/);
    const call = aa.buildAgentCall('add_ingroups', { ingroups: ['SUPPORT'] }, { agentUser: 'a1' });
    assert.deepEqual(call.input, { ingroup_choices: ' SUPPORT -', value: 'ADD', agent_user: 'a1', blended: 'NO' });
    // The raw function gets the same framing.
    assert.equal(aa.buildAgentCall('change_ingroups', { value: 'CHANGE', blended: 'YES', ingroupChoices: 'A B' }, { agentUser: 'a1' }).input.ingroup_choices, ' A B -');
    // What the server does with what is sent: the first space-separated token is skipped.
    const sent = buildParams(getFunction('change_ingroups', 'agent'), call.input).ingroup_choices;
    assert.deepEqual(sent.replace(/\+/g, ' ').replace(/-$/, '').split(' ').slice(1).filter((g) => g.length > 1), ['SUPPORT']);
  });

  it('dtmf: # and * become P and S; anything else is refused', () => {
    assert.equal(aa.dtmfDigits('12#*q'), '12PSQ');
    assert.equal(aa.buildAgentCall('dtmf', { digits: '*72#' }, { agentUser: 'a1' }).input.value, 'S72P');
    assert.equal(aa.buildAgentCall('send_dtmf', { value: 5 }, { agentUser: 'a1' }).input.value, '5');
    invalid(() => aa.dtmfDigits('12-34'), /may only contain/);
  });

  it('notify goes to the agent as a USER unless the message names a recipient', () => {
    assert.deepEqual(aa.buildAgentCall('notify', { text: 'Great job' }, { agentUser: 'agent1' }).input, {
      notification_text: 'Great job',
      recipient: 'agent1',
      recipient_type: 'USER',
    });
    const camp = aa.buildAgentCall('notify', { recipient: 'TESTCAMP', recipient_type: 'CAMPAIGN', text: 'x' }, { agentUser: 'agent1' });
    assert.equal(camp.input.recipient, 'TESTCAMP');
    assert.equal(camp.input.recipient_type, 'CAMPAIGN');
    assert.equal(camp.agent, 'TESTCAMP');
  });

  it('functions without an agent get none', () => {
    const call = aa.buildAgentCall('st_login_log', { value: 'CRM7001', vendor_id: 'TEAM1' }, { agentUser: 'agent1' });
    assert.deepEqual(call.input, { value: 'CRM7001', vendor_id: 'TEAM1' });
    assert.equal(call.agent, undefined);
  });

  it('aliases of timer_action and ra actions', () => {
    assert.deepEqual(aa.buildAgentCall('timer_action', { message: 'Wrap up', seconds: 30 }, { agentUser: 'a1', value: 'MESSAGE_ONLY' }).input, {
      notes: 'Wrap up',
      rank: 30,
      value: 'MESSAGE_ONLY',
      agent_user: 'a1',
    });
    assert.deepEqual(aa.buildAgentCall('ra_transfer_ingroup', { call_id: 'Y123', ingroup: 'SUPPORT' }, { agentUser: 'a1' }).input, {
      value: 'Y123',
      ingroup_choices: 'SUPPORT',
      stage: 'INGROUPTRANSFER',
      agent_user: 'a1',
    });
  });

  it('every action builds parameters the catalog accepts', () => {
    const sample = { value: 'X1', file: 'hello', status: 'SALE', code: 'BREAK', digits: '1', text: 'hi', lead_id: 1001, call_id: 'Y1', ingroups: ['A1'] };
    for (const a of aa.AGENT_ACTIONS) {
      const spec = getFunction(a.function, 'agent');
      const payload = {};
      for (const [k, v] of Object.entries(sample)) {
        const target = (a.aliases || {})[k] || k;
        if (spec.params.some((p) => p.name === target) && !(a.fixed || {})[target] && !(k === 'value' && Object.values(a.aliases || {}).includes('value'))) payload[k] = v;
      }
      if (a.function === 'set_timer_action') payload.value = 'NONE';
      const call = aa.buildAgentCall(a.name, payload, { agentUser: 'agent1' });
      assert.doesNotThrow(() => buildParams(spec, call.input), a.name);
    }
  });

  it('status text', () => {
    const call = aa.buildAgentCall('calls_in_queue', {}, { agentUser: 'agent1' });
    assert.equal(aa.agentStatusText(call, { count: '3' }), '3 in queue');
    assert.equal(aa.agentStatusText(aa.buildAgentCall('pause', {}, { agentUser: 'agent1' }), {}), 'pause: agent1');
    assert.equal(aa.agentStatusText(aa.buildAgentCall('webserver', {}, {}), {}), 'webserver');
  });

  it('pickAgent takes the first given, as text', () => {
    assert.equal(aa.pickAgent(undefined, '', ' agent2 '), 'agent2');
    assert.equal(aa.pickAgent(7001, 'agent1'), '7001');
    assert.equal(aa.pickAgent(undefined, null), undefined);
    invalid(() => aa.pickAgent({ user: 'x' }), /must be text/);
  });
});

describe('agent-actions: external_dial input', () => {
  const opts = { agentUser: 'agent1', search: 'YES', preview: 'NO', focus: 'YES', phoneCode: '1' };

  it('a bare number: digits only, + country code split off', () => {
    assert.deepEqual(aa.buildDialInput('+1 (312) 555-0101', opts), { value: '3125550101', phone_code: '1', search: 'YES', preview: 'NO', focus: 'YES', agent_user: 'agent1' });
    assert.deepEqual(aa.buildDialInput('+44 20 7946 0958', opts).phone_code, '44');
    assert.equal(aa.buildDialInput(3125550101, opts).value, '3125550101');
    assert.equal(aa.buildDialInput('1-312-555-0101', opts).value, '3125550101');
  });

  it('an object: phone_number, phone, number or value; lead_id alone is enough', () => {
    assert.equal(aa.buildDialInput({ phoneNumber: '312.555.0101' }, opts).value, '3125550101');
    assert.equal(aa.buildDialInput({ phone: '3125550101' }, opts).value, '3125550101');
    assert.equal(aa.buildDialInput({ value: '3125550101', phone_number: '(312) 555-0101' }, opts).value, '3125550101');
    invalid(() => aa.buildDialInput({ value: '3125550101', phone_number: '3125550102' }, opts), /two numbers/);
    const lead = aa.buildDialInput({ lead_id: 1002, alt_dial: 'ALT' }, opts);
    assert.deepEqual(lead, { lead_id: 1002, alt_dial: 'ALT', phone_code: '1', search: 'YES', preview: 'NO', focus: 'YES', agent_user: 'agent1' });
  });

  it('message fields override the dialog options', () => {
    const input = aa.buildDialInput({ phone_number: '2079460958', phone_code: '44', preview: 'YES', groupAlias: 'SALES', agent_user: 'agent2' }, { ...opts, groupAlias: 'OTHER', dialPrefix: '9' });
    assert.deepEqual(input, { preview: 'YES', groupAlias: 'SALES', agent_user: 'agent2', value: '2079460958', phone_code: '44', search: 'YES', focus: 'YES', dial_prefix: '9' });
  });

  it('MANUALNEXT is kept as the server reads it', () => {
    assert.equal(aa.buildDialInput('manualnext', opts).value, 'MANUALNEXT');
  });

  it('refuses letters, no number, and other payload types with INVALID', () => {
    invalid(() => aa.buildDialInput('call 3125550101 ext 5', opts), /contains letters/);
    invalid(() => aa.buildDialInput({}, opts), /nothing to dial/);
    invalid(() => aa.buildDialInput(undefined, opts), /nothing to dial/);
    invalid(() => aa.buildDialInput(['3125550101'], opts), /must be a phone number/);
    invalid(() => aa.buildDialInput({ phone_number: '+44 20 7946 0958', phone_code: '1' }, opts), /country code 44, but phone_code is 1/);
  });

  it('the catalog accepts what it builds', () => {
    const spec = getFunction('external_dial', 'agent');
    assert.deepEqual(buildParams(spec, aa.buildDialInput('+1 312 555 0101', { ...opts, altDial: 'MAIN', dialIngroup: 'SALESLINE' })), {
      value: '3125550101',
      phone_code: '1',
      search: 'YES',
      preview: 'NO',
      focus: 'YES',
      alt_dial: 'MAIN',
      dial_ingroup: 'SALESLINE',
      agent_user: 'agent1',
    });
  });

  it('dial status text', () => {
    assert.equal(aa.dialStatusText({ value: '3125550101' }, { value: '3125550101' }), 'dialing 3125550101');
    assert.equal(aa.dialStatusText({ lead_id: 1002 }, {}), 'dialing lead 1002');
  });
});

describe('agent catalog: error codes of the agent-state lines', () => {
  const cases = [
    ['external_dial', 'ERROR: agent_user is not logged in - agent3', 'NOT_FOUND'],
    ['external_dial', 'ERROR: agent_user is not paused - agent2', 'INVALID'],
    ['external_dial', 'ERROR: outbound_cid is not allowed on this system - agent1|3125551212|DISABLED', 'PERMISSION'],
    ['external_dial', 'ERROR: agent_user is not allowed to place manual dial calls - agent1', 'PERMISSION'],
    ['external_dial', 'ERROR: phone_number is already in this agents manual dial queue - agent1|3125550101', 'DUPLICATE'],
    ['external_pause', 'ERROR: external_pause agent is not paused - RESUME|agent2', 'INVALID'],
    ['external_pause', 'ERROR: agent_user is not logged in - agent3', 'NOT_FOUND'],
    ['pause_code', 'ERROR: pause_code error - agent is not paused - agent2', 'INVALID'],
    ['preview_dial_action', 'ERROR: agent_user is not paused - agent2', 'INVALID'],
    ['preview_dial_action', 'ERROR: preview dialing not allowed on this campaign - agent1|TESTCAMP|DISABLED', 'PERMISSION'],
    ['preview_dial_action', 'ERROR: preview dial skipping not allowed on this campaign - agent1|TESTCAMP|PREVIEW_ONLY', 'PERMISSION'],
    ['preview_dial_action', 'ERROR: alt number dialing not allowed on this campaign - agent1|TESTCAMP|N', 'PERMISSION'],
    ['audio_playback', 'ERROR: agent_user is not logged in - PLAY|agent3', 'NOT_FOUND'],
  ];
  for (const [fn, line, code] of cases) {
    it(`${fn}: ${line.slice(7, 60)} → ${code}`, () => {
      assert.throws(() => parseResponse(getFunction(fn, 'agent'), `${line}\n`), (e) => e.code === code);
    });
  }
});
