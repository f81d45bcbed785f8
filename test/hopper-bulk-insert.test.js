'use strict';
// hopper_bulk_insert: the simulator's exact text (expected lines written from the PHP source's echo
// statements: one NOTICE per requested lead, then a SUCCESS or ERROR summary), and the client's parse of it.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { rejects } = require('./support/sim');

/** 14:00 in Chicago: GMT -6 leads are inside 9am-9pm, GMT +8 leads (04:00) are not. */
const WINTER = new Date('2025-01-15T20:00:00Z');

describe('hopper_bulk_insert', () => {
  let sim;
  let admin;
  const clients = [];
  const client = (user, pass) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0 });
    clients.push(c);
    return c;
  };
  const post = async (params) => {
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: '6666', pass: '1234', source: 'test', function: 'hopper_bulk_insert', ...params }),
    });
    return { status: res.status, body: await res.text() };
  };
  const lead = (vendor) => [...sim.state.leads.values()].find((l) => l.vendor_lead_code === vendor);
  const lastHopperId = () => Math.max(0, ...sim.state.hopper.map((h) => h.hopper_id ?? 0));

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, now: () => WINTER });
    admin = client('6666', '1234');
  });
  afterEach(async () => {
    while (clients.length) clients.pop().close();
    await sim.stop();
  });

  it('prints one NOTICE per requested lead in request order, then the SUCCESS summary', async () => {
    const a = lead('CRM-1001');
    const b = lead('CRM-1002');
    sim.state.hopper.push({ hopper_id: 50, lead_id: b.lead_id, list_id: b.list_id, campaign_id: 'TESTCAMP', priority: 0, status: 'READY' });
    const { status, body } = await post({ lead_ids: `${a.lead_id},999999,${b.lead_id}`, hopper_priority: '5' });
    assert.equal(status, 200);
    const hopperId = lastHopperId();
    assert.equal(hopperId, 51);
    assert.equal(
      body,
      `NOTICE: hopper_bulk_insert LEAD ADDED TO HOPPER - 3125550101|${a.lead_id}|51|6666\n` +
        'NOTICE: hopper_bulk_insert NOT ADDED TO HOPPER, LEAD NOT FOUND - 999999\n' +
        `NOTICE: hopper_bulk_insert NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER - ${b.lead_id}\n` +
        'SUCCESS: hopper_bulk_insert LEADS HAVE BEEN INSERTED INTO THE HOPPER - 1|1|51|6666\n',
    );
    const entry = sim.state.hopper.find((h) => h.hopper_id === 51);
    assert.equal(entry.priority, 5);
    assert.equal(entry.campaign_id, 'TESTCAMP');
    assert.equal(entry.source, 'P');
  });

  it('the client names the summary and every per-lead NOTICE', async () => {
    const a = lead('CRM-1001');
    const c = lead('CRM-1003');
    const r = await admin.call('hopper_bulk_insert', { lead_ids: [a.lead_id, 424242, c.lead_id] });
    assert.equal(r.data.result, 'LEADS HAVE BEEN INSERTED INTO THE HOPPER');
    assert.equal(r.data.added_count, '2');
    assert.equal(r.data.error_count, '0');
    assert.equal(r.data.user, '6666');
    assert.equal(r.data.hopper_id, String(lastHopperId()));
    assert.deepEqual(
      r.notices.map((n) => [n.reason, n.fields.lead_id]),
      [
        ['LEAD ADDED TO HOPPER', String(a.lead_id)],
        ['NOT ADDED TO HOPPER, LEAD NOT FOUND', '424242'],
        ['LEAD ADDED TO HOPPER', String(c.lead_id)],
      ],
    );
    assert.equal(r.notices[0].fields.phone_number, '3125550101');
  });

  it('nothing inserted is an ERROR line with error and not-found counts; the client keeps each lead\'s reason', async () => {
    const a = lead('CRM-1001');
    const raw = await post({ lead_ids: `${a.lead_id},${a.lead_id},77` });
    // The first copy goes in; the same id again is then already in the hopper.
    assert.match(raw.body, /^SUCCESS: hopper_bulk_insert LEADS HAVE BEEN INSERTED INTO THE HOPPER - 1\|1\|\d+\|6666$/m);
    const err = await rejects(admin.call('hopper_bulk_insert', { lead_ids: `${a.lead_id},88` }), 'NOT_FOUND', 'NO LEADS HAVE BEEN INSERTED INTO THE HOPPER');
    assert.deepEqual(err.fields, { error_count: '1', not_found_count: '1', user: '6666' });
    assert.deepEqual(
      err.notices.map((n) => n.reason),
      ['NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER', 'NOT ADDED TO HOPPER, LEAD NOT FOUND'],
    );
  });

  it('outside the local call time, and a list without a campaign (reported twice, as the source does)', async () => {
    const a = lead('CRM-1001');
    a.gmt_offset_now = '8.00';
    const d = lead('CRM-1004');
    sim.state.lists.set('555', { list_id: '555', list_name: 'Orphan', campaign_id: 'GONE', active: 'Y' });
    d.list_id = '555';
    const { body } = await post({ lead_ids: `${a.lead_id},${d.lead_id}`, hopper_local_call_time_check: 'Y' });
    assert.equal(
      body,
      `NOTICE: hopper_bulk_insert NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME, - ${a.lead_id}|8.00|IL|0\n` +
        `NOTICE: hopper_bulk_insert CAMPAIGN DOES NOT EXIST - 555|${d.lead_id}\n` +
        `NOTICE: hopper_bulk_insert NOT ADDED TO HOPPER, LEAD NOT FOUND - ${d.lead_id}\n` +
        'ERROR: hopper_bulk_insert NO LEADS HAVE BEEN INSERTED INTO THE HOPPER - 2|1|6666\n',
    );
    const spec = findFunction('hopper_bulk_insert');
    assert.throws(() => parseResponse(spec, body), (e) => {
      assert.equal(e.notices.length, 3);
      return e.code === 'NOT_FOUND';
    });
  });

  it('a user without modify_campaigns gets the permission refusal', async () => {
    const flags = { ...sim.state.users.get('6666').flags, modify_campaigns: '0' };
    sim.state.users.set('nocamp', makeUser({ user: 'nocamp', pass: 'nocamp99', user_level: 9, user_group: 'ADMIN', flags }));
    const err = await rejects(client('nocamp', 'nocamp99').call('hopper_bulk_insert', { lead_ids: '1001' }), 'PERMISSION');
    assert.equal(err.raw, 'ERROR: hopper_bulk_insert USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE HOPPER: |nocamp|0|\n');
  });

  it('an empty lead id is an HTTP 500 with an empty body on the server, and refused before sending by the client', async () => {
    for (const ids of ['', '1,,2', '1001,', 'abc']) {
      const { status, body } = await post({ lead_ids: ids });
      assert.equal(status, 500, `lead_ids=${ids}`);
      assert.equal(body, '');
    }
    const before = sim.requests.length;
    for (const ids of ['1,,2', '1001,', 'abc', ['1', '']]) {
      await rejects(admin.call('hopper_bulk_insert', { lead_ids: ids }), 'INVALID', 'lead_ids must be whole numbers');
    }
    await rejects(admin.call('hopper_bulk_insert', {}), 'INVALID', 'lead_ids is required');
    assert.equal(sim.requests.length, before, 'nothing was sent');
    const err = await rejects(
      (async () => parseResponse(findFunction('hopper_bulk_insert'), '', { status: 500 }))(),
      'HTTP',
    );
    assert.equal(err.status, 500);
  });
});
