'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const { helper, startSimulator, load, nextMessage, recordStatuses, SERVER_ID, CREDS, serverNode, nodeTestLifecycle, exampleFlow } = require('./support/nodes');
const dncNode = require('../nodes/vicidial-dnc.js');
const dnc = require('../nodes/core/dnc');
const { VicidialError } = require('../nodes/core/errors');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { makeUser } = require('../nodes/sim/seed');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const injectNode = require('@node-red/nodes/core/common/20-inject.js');
const debugNode = require('@node-red/nodes/core/common/21-debug.js');

// ---------------------------------------------------------------------------
// Core: src/core/dnc.ts

describe('dnc core', () => {
  describe('parseAction', () => {
    it('accepts the short names, the API function names and loose spellings', () => {
      assert.equal(dnc.parseAction('add'), 'add');
      assert.equal(dnc.parseAction('delete_dnc_phone'), 'remove');
      assert.equal(dnc.parseAction(' Remove-FPG '), 'remove_fpg');
      assert.equal(dnc.parseAction('add_fpg_phone'), 'add_fpg');
      assert.equal(dnc.parseAction('CHECK_PHONE_NUMBER'), 'check');
      assert.equal(dnc.actionFunction('remove_fpg'), 'delete_fpg_phone');
    });
    it('rejects anything else as INVALID', () => {
      assert.throws(() => dnc.parseAction('purge'), (e) => e.code === 'INVALID' && /purge/.test(e.reason));
      assert.throws(() => dnc.parseAction(undefined), (e) => e.code === 'INVALID' && /no DNC action/.test(e.reason));
    });
  });

  describe('phoneEntries / phoneDigits', () => {
    it('takes a number, a text, a list in one text, an object, and arrays of them', () => {
      assert.deepEqual(dnc.phoneEntries(3125550101).map((e) => e.phone), [3125550101]);
      assert.deepEqual(dnc.phoneEntries('312 555 0101').map((e) => e.phone), ['312 555 0101']);
      assert.deepEqual(dnc.phoneEntries('3125550101, 3125550102;\n3125550103').map((e) => e.phone), ['3125550101', '3125550102', '3125550103']);
      assert.deepEqual(dnc.phoneEntries({ phoneNumber: '3125550101', campaign_id: 'X' })[0].fields, { phoneNumber: '3125550101', campaign_id: 'X' });
      const arr = dnc.phoneEntries(['1', 2, { phone_number: '3' }, null]);
      assert.deepEqual(arr.map((e) => e.phone), ['1', 2, '3', null]);
      assert.deepEqual(dnc.phoneEntries([]), []);
    });
    it('rejects a payload without any number', () => {
      for (const p of [undefined, null, '', ' , ', true, Buffer.from('3125550101')]) {
        assert.throws(() => dnc.phoneEntries(p), (e) => e.code === 'INVALID', String(p));
      }
    });
    it('keeps digits only, and refuses numbers that lost digits or lists in one array element', () => {
      assert.equal(dnc.phoneDigits('+1 (312) 555-0101'), '13125550101');
      assert.equal(dnc.phoneDigits(3125550101), '3125550101');
      assert.throws(() => dnc.phoneDigits(2 ** 53 + 2), (e) => e.code === 'INVALID' && e.fields.field === 'phone_number');
      assert.throws(() => dnc.phoneDigits('3125550101,3125550102'), (e) => /array/.test(e.reason));
      assert.throws(() => dnc.phoneDigits({}), (e) => e.fields.field === 'phone_number');
    });
  });

  describe('planDnc', () => {
    it('builds one checked call per number, item fields over the configured list', () => {
      const plan = dnc.planDnc('add', ['(312) 555-0101', { phone_number: '3125550102', campaign_id: 'TESTCAMP', email: 'x@y' }, '12345'], {
        campaignId: 'SYSTEM_INTERNAL',
      });
      assert.equal(plan.spec.name, 'add_dnc_phone');
      assert.deepEqual(plan.items[0].params, { campaign_id: 'SYSTEM_INTERNAL', phone_number: '3125550101' });
      // email is not a parameter of add_dnc_phone: a CRM record's other fields are ignored.
      assert.deepEqual(plan.items[1].params, { campaign_id: 'TESTCAMP', phone_number: '3125550102' });
      assert.equal(plan.items[2].params, undefined);
      assert.equal(dnc.planDnc('remove', '3125550101', { campaignId: ' system_internal' }).items[0].params.campaign_id, 'SYSTEM_INTERNAL');
      assert.equal(plan.items[2].error.code, 'INVALID');
      assert.ok(dnc.isDataError(plan.items[2].error));
    });
    it('uses group for filter phone groups and reports a missing list as a non-data INVALID', () => {
      const fpg = dnc.planDnc('remove_fpg', '8005550000', { group: 'FPG1', campaignId: 'IGNORED' });
      assert.deepEqual(fpg.items[0].params, { group: 'FPG1', phone_number: '8005550000' });
      const none = dnc.planDnc('add', '3125550101', {});
      assert.equal(none.items[0].error.code, 'INVALID');
      assert.equal(none.items[0].error.fields.field, 'campaign_id');
      assert.ok(!dnc.isDataError(none.items[0].error));
    });
    it('sends check options, drops SYSTEM_INTERNAL as a campaign, and wants a campaign for the campaign check', () => {
      const check = { local_call_time: '24hours', dnc_check: 'Y', campaign_dnc_check: 'N' };
      const sys = dnc.planDnc('check', '3125550101', { campaignId: 'SYSTEM_INTERNAL', check });
      assert.deepEqual(sys.items[0].params, { local_call_time: '24hours', dnc_check: 'Y', campaign_dnc_check: 'N', phone_number: '3125550101' });
      const camp = dnc.planDnc('check', [{ phone_number: '3125550101', usacanPrefixCheck: 'Y' }], { campaignId: 'TESTCAMP', check });
      assert.equal(camp.items[0].params.campaign_id, 'TESTCAMP');
      assert.equal(camp.items[0].params.usacan_prefix_check, 'Y');
      const bad = dnc.planDnc('check', '3125550101', { campaignId: 'SYSTEM_INTERNAL', check: { ...check, campaign_dnc_check: 'Y' } });
      assert.equal(bad.items[0].error.fields.field, 'campaign_id');
      const long = dnc.planDnc('check', '12345678901234567', { check });
      assert.ok(dnc.isDataError(long.items[0].error));
    });
  });

  describe('runWindowed', () => {
    it('runs the first job alone, then never more than the window at once, and keeps order', async () => {
      let running = 0;
      let most = 0;
      const log = [];
      const out = await dnc.runWindowed(
        40,
        async (i) => {
          running++;
          most = Math.max(most, running);
          log.push({ i, running });
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          running--;
          return i * 10;
        },
        () => false,
        7,
      );
      assert.deepEqual(out, Array.from({ length: 40 }, (_, i) => i * 10));
      assert.equal(most, 7);
      assert.deepEqual(log[0], { i: 0, running: 1 });
      assert.equal(log[1].running, 1, 'the second job starts only after the first finished');
    });
    it('starts nothing more once a result says stop', async () => {
      const started = [];
      const out = await dnc.runWindowed(10, async (i) => (started.push(i), i === 0 ? 'stop' : 'ok'), (r) => r === 'stop', 4);
      assert.deepEqual(started, [0]);
      assert.equal(out[0], 'stop');
      assert.ok(out.slice(1).every((r) => r === undefined));
    });
    it('keeps the window below the client queue', () => {
      const { DEFAULTS } = require('../nodes/core/transport');
      assert.ok(dnc.BATCH_WINDOW >= 1 && dnc.BATCH_WINDOW < DEFAULTS.queueLimit);
    });
  });

  describe('outcomes and reporting', () => {
    it('check_phone_number is parsed by the catalog: named, typed sections', () => {
      const spec = findFunction('check_phone_number');
      assert.deepEqual(parseResponse(spec, 'AREACODE: 0|-8.00#POSTAL: 0|#PHONE: 4155550101|1|94105|CA|owner1|\n').data, {
        areacode: { dialable: 0, gmt_offset: -8 },
        postal: { dialable: 0, gmt_offset: null },
        dialable: 0,
        gmt_offset: -8,
        phone_number: '4155550101',
        phone_code: '1',
        postal_code: '94105',
        state: 'CA',
        owner: 'owner1',
      });
    });
    it('fails a batch only when nothing succeeded and the non-data failures share one code', () => {
      const auth = new VicidialError({ code: 'AUTH', reason: 'Login incorrect' });
      const net = new VicidialError({ code: 'NETWORK', reason: 'refused' });
      const bad = new VicidialError({ code: 'INVALID', reason: 'short', fields: { field: 'phone_number' } });
      const r = (ok) => ({ phone_number: '1', outcome: ok ? 'added' : 'failed', ok });
      assert.equal(dnc.batchFailure([r(false), r(false)], [auth, auth]), auth);
      assert.equal(dnc.batchFailure([r(false), r(false)], [bad, auth]), auth);
      assert.equal(dnc.batchFailure([r(false), r(false)], [auth, net]), undefined);
      assert.equal(dnc.batchFailure([r(true), r(false)], [undefined, auth]), undefined);
      assert.equal(dnc.batchFailure([r(false)], [bad]), undefined);
      assert.equal(dnc.batchFailure([], []), undefined);
    });
    it('summarises and words the status', () => {
      const rs = [
        { phone_number: '3125550101', outcome: 'added', ok: true },
        { phone_number: '3125550102', outcome: 'already_listed', ok: true },
        { phone_number: '1', outcome: 'invalid', ok: false },
        { phone_number: '3125550103', outcome: 'added', ok: true },
      ];
      assert.deepEqual(dnc.summarize(rs), { total: 4, succeeded: 3, failed: 1, outcomes: { added: 2, already_listed: 1, invalid: 1 } });
      assert.equal(dnc.statusText(rs), '2 added, 1 already listed, 1 invalid');
      assert.equal(dnc.statusText(rs.slice(1, 2)), '3125550102 already listed');
      assert.equal(dnc.statusText([]), 'no numbers');
    });
  });
});

// ---------------------------------------------------------------------------
// Node against the simulator

describe('vicidial-dnc node', () => {
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

  // Numbers no seed list holds, unique per test run so the shared simulator state cannot leak between tests.
  let serial = 1000;
  const fresh = (prefix = '312555') => `${prefix}${String(serial++).padStart(4, '0')}`;
  const dncRequests = (from) => sim.requests.slice(from).filter((r) => /dnc_phone|fpg_phone|check_phone_number/.test(r.fn));

  function flow(extra = {}) {
    return [
      {
        id: 'n1',
        type: 'vicidial-dnc',
        name: 'dnc',
        server: SERVER_ID,
        action: 'add',
        actionType: 'dncaction',
        campaign: 'SYSTEM_INTERNAL',
        campaignType: 'str',
        group: '',
        groupType: 'str',
        callTime: '24hours',
        callTimeType: 'str',
        dncCheck: 'Y',
        campaignDncCheck: 'N',
        wires: [['out']],
        ...extra,
      },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  async function send(payload, extra = {}, msg = {}) {
    const got = nextMessage(helper.getNode(extra.errorOutput ? 'err' : 'out'));
    helper.getNode('n1').receive({ payload, ...msg });
    return got;
  }

  it('adds numbers to the system DNC list, one result per number in order, with a summary', async () => {
    await load([dncNode, catchNode], sim, flow());
    const a = fresh();
    const b = fresh();
    const listed = [...sim.state.dnc][0];
    assert.ok(listed, 'the seed has a system DNC number');
    const statuses = recordStatuses(helper.getNode('n1'));
    const got = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload: [`(${a.slice(0, 3)}) ${a.slice(3, 6)}-${a.slice(6)}`, listed, '555-01', { phone_number: b, email: 'x@example.com' }], topic: 'keep', correlation: 7 });
    const msg = await got;
    assert.deepEqual(
      msg.payload.map((r) => [r.phone_number, r.outcome, r.ok]),
      [
        [a, 'added', true],
        [listed, 'already_listed', true],
        ['55501', 'invalid', false],
        [b, 'added', true],
      ],
    );
    assert.equal(msg.payload[0].campaign_id, 'SYSTEM_INTERNAL');
    assert.equal(msg.payload[2].error.code, 'INVALID');
    assert.equal(msg.payload[2].input, '555-01');
    assert.ok(sim.state.dnc.has(a) && sim.state.dnc.has(b));
    assert.equal(msg.topic, 'keep');
    assert.equal(msg.correlation, 7);
    assert.equal(msg.vicidial.function, 'add_dnc_phone');
    assert.equal(msg.vicidial.action, 'add');
    assert.deepEqual(
      { total: msg.vicidial.total, succeeded: msg.vicidial.succeeded, failed: msg.vicidial.failed, outcomes: msg.vicidial.outcomes },
      { total: 4, succeeded: 3, failed: 1, outcomes: { added: 2, already_listed: 1, invalid: 1 } },
    );
    assert.match(msg.vicidial.raw, /DNC NUMBER HAS BEEN ADDED/);
    assert.match(msg.vicidial.raw, /DNC NUMBER ALREADY EXISTS/);
    assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
    const last = statuses[statuses.length - 1];
    assert.equal(last.fill, 'green');
    assert.ok(last.text.startsWith('2 added, 1 already listed'), last.text);
  });

  it('removes numbers from a campaign DNC list; a number not on it is not_listed', async () => {
    const [seeded] = [...sim.state.campaignDnc.get('TESTCAMP')];
    assert.ok(seeded, 'the seed has a TESTCAMP DNC number');
    await load([dncNode, catchNode], sim, flow({ action: 'remove', campaign: 'TESTCAMP' }));
    const other = fresh('727555');
    const msg = await send(`${seeded}\n${other}`);
    assert.deepEqual(
      msg.payload.map((r) => [r.phone_number, r.outcome, r.ok, r.campaign_id]),
      [
        [seeded, 'removed', true, 'TESTCAMP'],
        [other, 'not_listed', true, 'TESTCAMP'],
      ],
    );
    assert.ok(!sim.state.campaignDnc.get('TESTCAMP').has(seeded));
  });

  it('adds to and removes from a filter phone group', async () => {
    const [member] = [...sim.state.filterPhoneGroups.get('FPG1')];
    const n = fresh('800555');
    await load([dncNode, catchNode], sim, flow({ action: 'add_fpg', group: 'FPG1' }));
    let msg = await send([member, n]);
    assert.deepEqual(msg.payload.map((r) => [r.phone_number, r.outcome, r.group]), [
      [member, 'already_listed', 'FPG1'],
      [n, 'added', 'FPG1'],
    ]);
    assert.ok(sim.state.filterPhoneGroups.get('FPG1').has(n));
    msg = await send([n, n], {}, { action: 'remove_fpg' }); // msg.action is ignored while the dialog fixes the action
    assert.equal(msg.vicidial.action, 'add_fpg');
    assert.deepEqual(msg.payload.map((r) => r.outcome), ['already_listed', 'already_listed']);
    await helper.unload();
    await load([dncNode, catchNode], sim, flow({ action: 'remove_fpg', group: 'FPG1' }));
    msg = await send([n, fresh('800555')]);
    assert.deepEqual(msg.payload.map((r) => r.outcome), ['removed', 'not_listed']);
    assert.ok(!sim.state.filterPhoneGroups.get('FPG1').has(n));
  });

  it('checks numbers against the system and campaign DNC lists', async () => {
    const sysListed = fresh();
    const campListed = fresh('727555');
    sim.state.dnc.add(sysListed);
    sim.state.campaignDnc.get('TESTCAMP').add(campListed);
    const clean = fresh();
    await load([dncNode, catchNode], sim, flow({ action: 'check', campaign: 'TESTCAMP', campaignDncCheck: 'Y' }));
    const msg = await send([sysListed, campListed, clean, { phone_number: '3121234567', usacan_prefix_check: 'Y' }, '1234567890123456789']);
    assert.equal(msg.vicidial.function, 'check_phone_number');
    assert.deepEqual(
      msg.payload.map((r) => [r.phone_number, r.outcome, r.ok, r.dnc_list]),
      [
        [sysListed, 'dnc', true, 'system'],
        [campListed, 'dnc', true, 'campaign'],
        [clean, 'not_dnc', true, undefined],
        ['3121234567', 'invalid', false, undefined],
        ['1234567890123456789', 'invalid', false, undefined],
      ],
    );
    // 312 is a Central-time area code: the simulator's table gives -6.00 (or -5.00 in summer).
    assert.ok([-6, -5].includes(msg.payload[2].check.gmt_offset), String(msg.payload[2].check.gmt_offset));
    assert.ok([0, 1].includes(msg.payload[2].check.dialable));
    assert.equal(msg.payload[2].check.phone_code, '1');
    assert.match(msg.payload[3].error.reason, /^INVALID PHONE NUMBER PREFIX/);
    // The over-long number never reached the server: four check calls for five numbers.
    assert.equal(msg.vicidial.raw.trim().split('\n').length, 4);
  });

  it('says "checked", not "not_dnc", when both DNC checks are off', async () => {
    const listed = fresh();
    sim.state.dnc.add(listed);
    await load([dncNode, catchNode], sim, flow({ action: 'check', dncCheck: 'N' }));
    const msg = await send(listed);
    assert.equal(msg.payload[0].outcome, 'checked');
  });

  it('takes the action, the list and the call time from the message when configured so', async () => {
    const n = fresh();
    await load([dncNode, catchNode], sim, flow({ action: 'action', actionType: 'msg', campaign: 'list', campaignType: 'msg' }));
    let msg = await send(n, {}, { action: 'add_dnc_phone', list: 'RENEWALS' });
    assert.deepEqual([msg.payload[0].outcome, msg.payload[0].campaign_id], ['added', 'RENEWALS']);
    assert.ok(sim.state.campaignDnc.get('RENEWALS').has(n));
    msg = await send({ phone_number: n, campaign_id: 'RENEWALS' }, {}, { action: 'remove', list: 'SYSTEM_INTERNAL' });
    assert.deepEqual([msg.payload[0].outcome, msg.payload[0].campaign_id], ['removed', 'RENEWALS'], 'the number object wins over the node');
    const seen = [];
    sim.override('non_agent', 'check_phone_number', (ctx) => {
      seen.push(ctx.params.local_call_time);
      return `AREACODE: 1|-5.00#PHONE: ${ctx.params.phone_number}|1||||\n`;
    });
    await helper.unload();
    await load([dncNode, catchNode], sim, flow({ action: 'check', callTime: 'ct', callTimeType: 'msg' }));
    msg = await send(n, {}, { ct: '9am-5pm' });
    assert.deepEqual(seen, ['9am-5pm']);
    assert.equal(msg.payload[0].outcome, 'not_dnc');
  });

  it('rejects an unknown msg.action with INVALID before sending', async () => {
    await load([dncNode, catchNode], sim, flow({ action: 'action', actionType: 'msg' }));
    const before = sim.requests.length;
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: fresh(), action: 'purge', keep: 1 });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.equal(msg.keep, 1);
    assert.equal(sim.requests.length, before);
  });

  it('reports bad numbers in the array without sending anything', async () => {
    await load([dncNode, catchNode], sim, flow());
    const before = sim.requests.length;
    const msg = await send(['123', { phone_number: '' }, { name: 'no number' }]);
    assert.deepEqual(msg.payload.map((r) => [r.outcome, r.ok, r.error.code]), [
      ['invalid', false, 'INVALID'],
      ['invalid', false, 'INVALID'],
      ['invalid', false, 'INVALID'],
    ]);
    assert.equal(sim.requests.length, before);
  });

  it('fails the message with INVALID before sending when no list is set', async () => {
    await load([dncNode, catchNode], sim, flow({ campaign: '' }));
    const before = sim.requests.length;
    const statuses = recordStatuses(helper.getNode('n1'));
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.vicidial.error.reason, /campaign_id/);
    assert.equal(sim.requests.length, before);
    assert.equal(statuses[statuses.length - 1].fill, 'red');
    assert.match(statuses[statuses.length - 1].text, /^INVALID/);
  });

  it('fails the message with INVALID for an empty payload', async () => {
    await load([dncNode, catchNode], sim, flow());
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: '' });
    assert.equal((await got).error.code, 'INVALID');
  });

  it('answers an empty array with an empty array', async () => {
    await load([dncNode, catchNode], sim, flow());
    const msg = await send([]);
    assert.deepEqual(msg.payload, []);
    assert.equal(msg.vicidial.total, 0);
  });

  it('AUTH: sends one call only, then fails the whole message to Catch nodes without the password', async () => {
    await load([dncNode, catchNode], sim, flow(), { user: '6666', password: 'wrong-pass-77' });
    const from = sim.requests.length;
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh(), fresh(), fresh(), fresh(), fresh()] });
    const msg = await got;
    assert.equal(msg.error.code, 'AUTH');
    assert.equal(msg.vicidial.error.code, 'AUTH');
    assert.equal(dncRequests(from).length, 1, 'a bad password must not be tried once per number');
    assert.ok(!JSON.stringify(msg).includes('wrong-pass-77'));
    sim.state.users.get('6666').failed_login_count = 0;
  });

  it('LOCKED: a locked API user fails the message', async () => {
    const admin = sim.state.users.get('6666');
    admin.failed_login_count = 10;
    admin.last_login_date = Math.floor(Date.now() / 1000);
    try {
      await load([dncNode, catchNode], sim, flow());
      const got = nextMessage(helper.getNode('caught'));
      helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
      assert.equal((await got).error.code, 'LOCKED');
    } finally {
      admin.failed_login_count = 0;
    }
  });

  it('PERMISSION: missing modify_lists, or the function not allowed, fails the message (second output)', async () => {
    await load([dncNode, catchNode], sim, flow({ errorOutput: true, wires: [['out'], ['err']] }), { user: 'apireports', password: 'reports99' });
    let msg = await send([fresh(), fresh()], { errorOutput: true });
    assert.equal(msg.error.code, 'PERMISSION');
    assert.match(msg.error.reason, /PERMISSION TO ADD DNC NUMBERS/);
    assert.equal(msg.error.function, 'add_dnc_phone');
    await helper.unload();
    await load([dncNode, catchNode], sim, flow({ errorOutput: true, wires: [['out'], ['err']] }), { user: 'apilimited', password: 'limited99' });
    msg = await send(fresh(), { errorOutput: true });
    assert.equal(msg.error.code, 'PERMISSION');
  });

  it('PERMISSION: removing needs delete_from_dnc as well', async () => {
    sim.state.users.set(
      'dncadder',
      makeUser({ user: 'dncadder', pass: 'adder-pass-9', user_level: 8, user_group: 'ADMIN', flags: { modify_lists: '1' } }),
    );
    await load([dncNode, catchNode], sim, flow({ action: 'remove' }), { user: 'dncadder', password: 'adder-pass-9' });
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: fresh() });
    const msg = await got;
    assert.equal(msg.error.code, 'PERMISSION');
    assert.match(msg.error.message, /DELETE DNC NUMBERS/);
  });

  it('INVALID: an unknown filter phone group fails the message', async () => {
    await load([dncNode, catchNode], sim, flow({ action: 'add_fpg', group: 'NO_SUCH_GROUP' }));
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh('800555'), fresh('800555')] });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.error.message, /FILTER PHONE GROUP DOES NOT EXIST/);
    assert.ok(!sim.state.filterPhoneGroups.has('NO_SUCH_GROUP'));
  });

  it('INVALID from the server: an unknown call time fails the message', async () => {
    await load([dncNode, catchNode], sim, flow({ action: 'check', callTime: 'never-o-clock' }));
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
    const msg = await got;
    assert.equal(msg.error.code, 'INVALID');
    assert.match(msg.error.message, /NOT A VALID CALL TIME/);
  });

  it('HTTP: a wrong API path fails the message after one call', async () => {
    await load([dncNode, catchNode], sim, flow(), CREDS, { nonAgentPath: '/nowhere.php' });
    const from = sim.requests.length;
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh(), fresh(), fresh()] });
    const msg = await got;
    assert.equal(msg.error.code, 'HTTP');
    assert.equal(sim.requests.length - from, 1);
  });

  it('UNKNOWN: garbage answers for every number fail the message', async () => {
    sim.override('non_agent', 'add_dnc_phone', () => 'something odd\n');
    await load([dncNode, catchNode], sim, flow());
    const got = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
    assert.equal((await got).error.code, 'UNKNOWN');
  });

  it('reports per-number failures in the array when other numbers succeed', async () => {
    const good = fresh();
    const odd = fresh();
    sim.override('non_agent', 'add_dnc_phone', (ctx) =>
      ctx.params.phone_number === odd ? 'something odd\n' : `SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - 6666|${ctx.params.phone_number}|${ctx.params.campaign_id}\n`,
    );
    await load([dncNode, catchNode], sim, flow());
    const msg = await send([good, odd]);
    assert.deepEqual(msg.payload.map((r) => [r.phone_number, r.outcome, r.ok, r.error && r.error.code]), [
      [good, 'added', true, undefined],
      [odd, 'failed', false, 'UNKNOWN'],
    ]);
  });

  it('NETWORK: an unreachable server fails the message', async () => {
    const closed = http.createServer();
    await new Promise((r) => closed.listen(0, '127.0.0.1', r));
    const port = closed.address().port;
    await new Promise((r) => closed.close(r));
    await load([dncNode, catchNode], sim, flow(), CREDS, { url: `http://127.0.0.1:${port}` });
    const got = nextMessage(helper.getNode('caught'), 8000);
    helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
    assert.equal((await got).error.code, 'NETWORK');
  });

  it('TIMEOUT: a server that never answers fails the message', async () => {
    const sockets = new Set();
    const silent = http.createServer(() => {});
    silent.on('connection', (s) => sockets.add(s));
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await load([dncNode, catchNode], sim, flow(), CREDS, { url: `http://127.0.0.1:${silent.address().port}`, timeout: 1 });
      const got = nextMessage(helper.getNode('caught'), 8000);
      helper.getNode('n1').receive({ payload: [fresh(), fresh()] });
      assert.equal((await got).error.code, 'TIMEOUT');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('QUEUE_FULL never happens for a batch larger than the client queue', async () => {
    const numbers = Array.from({ length: 180 }, () => fresh('646555'));
    await load([dncNode, catchNode], sim, flow({ campaign: 'TESTCAMP' }), CREDS, { concurrency: 1 });
    const got = nextMessage(helper.getNode('out'), 12000);
    helper.getNode('n1').receive({ payload: numbers });
    const msg = await got;
    assert.equal(msg.payload.length, numbers.length);
    assert.deepEqual(msg.payload.map((r) => r.phone_number), numbers);
    assert.deepEqual(msg.vicidial.outcomes, { added: numbers.length });
    assert.ok(numbers.every((n) => sim.state.campaignDnc.get('TESTCAMP').has(n)));
  });

  it('sends a whole-message error to the second output when asked, and results to the first', async () => {
    const f = flow({ errorOutput: true, wires: [['out'], ['err']] });
    await load([dncNode, catchNode], sim, f, { user: '6666', password: 'nope-nope' });
    const caught = [];
    helper.getNode('caught').on('input', (m) => caught.push(m));
    const msg = await send(fresh(), { errorOutput: true }, { keep: 'me' });
    assert.equal(msg.error.code, 'AUTH');
    assert.equal(msg.keep, 'me');
    assert.equal(caught.length, 0);
    sim.state.users.get('6666').failed_login_count = 0;
  });
});

// ---------------------------------------------------------------------------
// Example flow

describe('vicidial-dnc example flow', () => {
  const t = nodeTestLifecycle();

  it('adds CRM opt-outs to the system DNC list', async () => {
      const { flow, server } = exampleFlow('dnc-from-crm-optout.json', t.sim);
    const inject = flow.find((n) => n.type === 'inject');
    const records = JSON.parse(inject.payload);
    const digits = records.map((r) => String(typeof r === 'object' ? r.phone_number : r).replace(/\D/g, ''));
    const expected = digits.map((d) => (d.length < 6 ? 'invalid' : t.sim.state.dnc.has(d) ? 'already_listed' : 'added'));
    assert.ok(expected.includes('added') && expected.includes('already_listed'), 'the example shows both outcomes');

    await helper.load([serverNode, dncNode, injectNode, debugNode], flow, { [server.id]: CREDS });
    const results = helper.getNode(flow.find((n) => n.type === 'debug' && n.name === 'DNC results').id);
    const got = nextMessage(results);
    helper.getNode(inject.id).receive({});
    const msg = await got;
    assert.equal(msg.topic, 'crm/optout');
    assert.deepEqual(msg.payload.map((r) => r.outcome), expected);
    assert.deepEqual(msg.payload.map((r) => r.phone_number), digits);
    digits.forEach((d, i) => expected[i] !== 'invalid' && assert.ok(t.sim.state.dnc.has(d), d));
  });
});
