'use strict';
// Simulator: report/export functions (recording_lookup, did_log_export, phone_number_log,
// agent_stats_export, user_group_status, in_group_status) and list_info, through the real client.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { VicidialClient } = require('../nodes/core/client');
const { findFunction } = require('../nodes/core/catalog');
const { makeUser } = require('../nodes/sim/seed');
const { agentLog } = require('../nodes/sim/handlers/stats');

describe('simulator: stats and exports', function () {
  this.timeout(10000);
  let sim;
  let admin;
  let noReports;
  let limited;
  let day;
  const fixed = new Date();
  fixed.setHours(19, 0, 0, 0);

  before(async () => {
    sim = await startSimulator({ port: 0, now: () => fixed });
    // A report user without the Agent-API flag (the PHP's report check needs it).
    sim.state.users.set('viewonly', makeUser({ user: 'viewonly', pass: 'viewonly1', user_level: 7, flags: { view_reports: '1' } }));
    admin = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234' });
    noReports = new VicidialClient({ baseUrl: sim.url, user: 'viewonly', pass: 'viewonly1' });
    limited = new VicidialClient({ baseUrl: sim.url, user: 'apilimited', pass: 'limited99' });
    day = sim.state.calls[0].call_date.slice(0, 10);
  });

  after(async () => {
    for (const c of [admin, noReports, limited]) c.close();
    await sim.stop();
  });

  /** Sends parameters as given (no client-side validation), to reach the server's own checks. */
  function raw(client, fn, params) {
    return client.send(findFunction(fn, 'non_agent'), params);
  }

  async function rejects(promise, code, reasonStart) {
    await assert.rejects(promise, (err) => {
      assert.equal(err.code, code, err.message);
      if (reasonStart) assert.ok(err.reason.startsWith(reasonStart), err.reason);
      return true;
    });
  }

  describe('permissions (all report functions)', () => {
    const fns = {
      recording_lookup: ['RECORDING', { lead_id: '1001' }],
      did_log_export: ['DID', { phone_number: '8885551000', date: '2024-01-01' }],
      phone_number_log: ['CALL LOG', { phone_number: '3125550101' }],
      agent_stats_export: ['AGENT', { datetime_start: '2024-01-01 00:00:00', datetime_end: '2024-01-01 23:59:59' }],
      user_group_status: ['USER GROUP', { user_groups: 'AGENTS' }],
      in_group_status: ['IN-GROUP', { in_groups: 'SALESLINE' }],
    };
    for (const [fn, [what, params]] of Object.entries(fns)) {
      it(`${fn}: needs view_reports and vdc_agent_api_access`, async () => {
        await rejects(raw(noReports, fn, params), 'PERMISSION', `USER DOES NOT HAVE PERMISSION TO GET ${what} INFO`);
      });
      it(`${fn}: api_allowed_functions is checked first`, async () => {
        await rejects(raw(limited, fn, params), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
      });
    }
  });

  describe('recording_lookup', () => {
    const recorded = () => sim.state.calls.filter((c) => c.recording_id !== '');

    it('finds every recording of a lead, oldest first', async () => {
      const lead = recorded()[0].lead_id;
      const expected = recorded()
        .filter((c) => c.lead_id === lead)
        .sort((a, b) => a.call_date.localeCompare(b.call_date));
      const res = await admin.call('recording_lookup', { lead_id: lead });
      assert.equal(res.empty, false);
      assert.deepEqual(
        res.data.map((r) => r.recording_id),
        expected.map((c) => Number(c.recording_id)),
      );
      assert.equal(res.data[0].location, expected[0].recording_location);
      assert.equal(res.data[0].user, expected[0].user);
      assert.equal(res.data[0].start_time, expected[0].call_date);
    });

    it('duration=Y adds a column before location; the header keeps 5 names', async () => {
      const call = recorded()[0];
      const body = await (await fetch(`${sim.url}/vicidial/non_agent_api.php?user=6666&pass=1234&source=test&function=recording_lookup&lead_id=${call.lead_id}&duration=Y&header=YES`)).text();
      const lines = body.trim().split('\n');
      assert.equal(lines[0], 'start_time|user|recording_id|lead_id|location');
      const first = lines.find((l) => l.includes(`|${call.recording_id}|`)).split('|');
      assert.equal(first.length, 6);
      assert.equal(first[4], String(call.length_in_sec));
      assert.equal(first[5], call.recording_location);
    });

    it('a matching uniqueid alone is enough', async () => {
      const call = recorded()[1];
      const res = await admin.call('recording_lookup', { uniqueid: call.uniqueid });
      assert.ok(res.data.some((r) => r.recording_id === Number(call.recording_id)));
    });

    it('agent_user alone is not enough (INVALID SEARCH PARAMETERS, no leading pipe)', async () => {
      await rejects(admin.call('recording_lookup', { agent_user: 'agent1' }), 'INVALID', 'INVALID SEARCH PARAMETERS');
      const body = await (await fetch(`${sim.url}/vicidial/non_agent_api.php?user=6666&pass=1234&source=test&function=recording_lookup&agent_user=agent1`)).text();
      assert.equal(body, 'ERROR: recording_lookup INVALID SEARCH PARAMETERS: 6666|agent1|||\n');
    });

    it('agent_user + date finds that agent’s recordings of the day, with csv', async () => {
      const expected = recorded().filter((c) => c.user === 'agent1' && c.call_date.startsWith(day));
      const res = await admin.call('recording_lookup', { agent_user: 'agent1', date: day, stage: 'csv', header: 'YES' });
      assert.equal(res.data.length, expected.length);
      assert.ok(res.data.every((r) => r.user === 'agent1'));
    });

    it('no recordings → empty set', async () => {
      const res = await admin.call('recording_lookup', { lead_id: 987654 });
      assert.equal(res.empty, true);
      assert.deepEqual(res.data, []);
    });
  });

  describe('did_log_export', () => {
    it('exports the DID’s calls of the day (caller id and date swapped as the PHP prints them)', async () => {
      const did = sim.state.calls.find((c) => c.inbound && c.did_pattern).did_pattern;
      const expected = sim.state.calls.filter((c) => c.inbound && c.did_pattern === did && c.call_date.startsWith(day));
      const res = await admin.call('did_log_export', { phone_number: did, date: day, header: 'YES' });
      assert.equal(res.data.length, expected.length);
      assert.equal(res.data[0].did_number, did);
      assert.equal(res.data[0].caller_id_number, expected[0].phone_number);
      assert.equal(res.data[0].call_date, expected[0].call_date);
      assert.equal(res.data[0].length_in_sec, Number(expected[0].length_in_sec));
    });

    it('missing date → INVALID SEARCH PARAMETERS', async () => {
      await rejects(raw(admin, 'did_log_export', { phone_number: '8885551000' }), 'INVALID', 'INVALID SEARCH PARAMETERS');
    });

    it('a DID without calls → empty set', async () => {
      const res = await admin.call('did_log_export', { phone_number: '8005550199', date: day });
      assert.equal(res.empty, true);
    });
  });

  describe('phone_number_log', () => {
    it('outbound calls of a number, newest first, with lead status', async () => {
      const number = '7275550103';
      const expected = sim.state.calls.filter((c) => !c.inbound && c.phone_number === number).sort((a, b) => b.start_epoch - a.start_epoch);
      const lead = [...sim.state.leads.values()].find((l) => l.phone_number === number);
      const res = await admin.call('phone_number_log', { phone_number: number });
      assert.equal(res.data.length, expected.length);
      assert.equal(res.data[0].call_date, expected[0].call_date);
      assert.equal(res.data[0].call_status, expected[0].status);
      assert.equal(res.data[0].hangup_reason, expected[0].term_reason);
      assert.equal(res.data[0].lead_status, lead.status);
      assert.equal(res.data[0].user, expected[0].user);
    });

    it('type=ALL detail=LAST: newest outbound then newest inbound per number; short pieces dropped', async () => {
      const numbers = ['3125550101', '7275550103'];
      let expected = 0;
      for (const n of numbers) for (const inb of [false, true]) if (sim.state.calls.some((c) => c.inbound === inb && c.phone_number === n)) expected++;
      const res = await admin.call('phone_number_log', { phone_number: `${numbers[0]},12,${numbers[1]}`, type: 'ALL', detail: 'LAST', stage: 'tab', header: 'YES' });
      assert.equal(res.data.length, expected);
      assert.equal(res.data[0].phone_number, numbers[0]);
    });

    it('a status change on the lead shows in lead_status', async () => {
      const lead = [...sim.state.leads.values()].find((l) => l.phone_number === '7275550103');
      const old = lead.status;
      lead.status = 'XFER';
      try {
        const res = await admin.call('phone_number_log', { phone_number: '7275550103', detail: 'LAST' });
        assert.equal(res.data[0].lead_status, 'XFER');
      } finally {
        lead.status = old;
      }
    });

    it('no calls → NOTICE, empty set', async () => {
      const res = await admin.call('phone_number_log', { phone_number: '5555550000' });
      assert.equal(res.empty, true);
      assert.equal(res.notices[0].tag, 'NOTICE');
    });

    it('no number of 4+ digits → NO VALID PHONE NUMBERS DEFINED', async () => {
      await rejects(raw(admin, 'phone_number_log', { phone_number: '12,34' }), 'INVALID', 'NO VALID PHONE NUMBERS DEFINED');
    });
  });

  describe('agent_stats_export', () => {
    const range = () => ({ datetime_start: `${day} 00:00:00`, datetime_end: `${day} 23:59:59` });

    it('one row per agent with calls and pauses from the agent log', async () => {
      const log = agentLog(sim.state);
      const users = [...new Set(log.map((r) => r.user))].sort();
      const res = await admin.call('agent_stats_export', { ...range(), header: 'YES' });
      assert.deepEqual(
        res.data.map((r) => r.user),
        users,
      );
      const a1 = res.data.find((r) => r.user === 'agent1');
      const rows = log.filter((r) => r.user === 'agent1');
      assert.equal(a1.full_name, sim.state.users.get('agent1').full_name);
      assert.equal(a1.calls, rows.filter((r) => r.lead_id > 0).length);
      assert.equal(a1.pauses, rows.length);
      assert.equal(a1.pause_time, rows.reduce((s, r) => s + r.pause_sec, 0));
      assert.equal(a1.sessions, 1);
      // login_time is printed as H:MM:SS and typed as seconds; pct_of_queue as a number without its %.
      assert.ok(Number.isInteger(a1.login_time) && a1.login_time >= 0, String(a1.login_time));
      assert.equal(typeof a1.pct_of_queue, 'number');
    });

    it('time_format=S, agent_user filter, group_by_campaign adds a first column', async () => {
      const body = await (
        await fetch(`${sim.url}/vicidial/non_agent_api.php?user=6666&pass=1234&source=test&function=agent_stats_export&datetime_start=${day}+00:00:00&datetime_end=${day}+23:59:59&agent_user=agent2&group_by_campaign=YES&time_format=S`)
      ).text();
      const lines = body.trim().split('\n');
      const camps = new Set(agentLog(sim.state).filter((r) => r.user === 'agent2').map((r) => r.campaign_id));
      assert.equal(lines.length, camps.size);
      const cols = lines[0].split('|');
      assert.equal(cols.length, 21);
      assert.ok(camps.has(cols[0]));
      assert.equal(cols[1], 'agent2');
      assert.match(cols[5], /^\d+$/);
    });

    it('bad or missing datetimes → INVALID SEARCH PARAMETERS', async () => {
      await rejects(raw(admin, 'agent_stats_export', { datetime_start: day, datetime_end: `${day} 23:59:59`, agent_user: 'agent1' }), 'INVALID', 'INVALID SEARCH PARAMETERS');
    });

    it('no agent activity → empty set', async () => {
      const res = await admin.call('agent_stats_export', { datetime_start: '2001-01-01 00:00:00', datetime_end: '2001-01-01 23:59:59' });
      assert.equal(res.empty, true);
    });
  });

  describe('user_group_status / in_group_status', () => {
    it('user_group_status counts the logged-in agents of the groups', async () => {
      const agents = [...sim.state.agents.values()].filter((a) => sim.state.users.get(a.user).user_group === 'AGENTS');
      const res = await admin.call('user_group_status', { user_groups: 'AGENTS|ADMIN', header: 'YES' });
      assert.equal(res.data.length, 1);
      const row = res.data[0];
      assert.equal(row.usergroups, 'AGENTS ADMIN');
      assert.equal(row.agents_logged_in, agents.length);
      assert.equal(row.agents_paused, agents.filter((a) => a.status === 'PAUSED' && a.lead_id === 0).length);
      assert.equal(row.agents_waiting, agents.filter((a) => a.status === 'READY' || a.status === 'CLOSER').length);
    });

    it('agent state changes: dispo, dead call, live call, waiting calls', async () => {
      const a1 = sim.state.agents.get('agent1');
      const a2 = sim.state.agents.get('agent2');
      const saved = [{ ...a1 }, { ...a2 }];
      sim.state.autoCalls = [
        { callerid: 'V1121190000000001001', campaign_id: 'SALESLINE', status: 'LIVE', lead_id: 1001, phone_number: '3125550101' },
        { callerid: 'M1121190000000001002', campaign_id: 'TESTCAMP', status: 'XFER', lead_id: 1002, phone_number: '3125550102' },
      ];
      try {
        a1.status = 'PAUSED';
        a1.lead_id = 1003; // paused with a lead = in dispo
        a2.status = 'INCALL';
        a2.callerid = 'M1121190000000009999'; // not among the live calls = dead call
        let row = (await admin.call('user_group_status', { user_groups: 'AGENTS' })).data[0];
        assert.equal(row.calls_waiting, 1);
        assert.equal(row.agents_in_dispo, 1);
        assert.equal(row.agents_in_dead_calls, 1);
        assert.equal(row.agents_in_calls, 0);
        a2.callerid = 'M1121190000000001002';
        row = (await admin.call('user_group_status', { user_groups: 'AGENTS' })).data[0];
        assert.equal(row.agents_in_dead_calls, 0);
        assert.equal(row.agents_in_calls, 1);

        const ig = (await admin.call('in_group_status', { in_groups: 'SALESLINE', stage: 'csv', header: 'YES' })).data[0];
        assert.equal(ig.ingroups, 'SALESLINE');
        assert.equal(ig.total_calls, 1);
        assert.equal(ig.calls_waiting, 1);
        assert.equal(ig.agents_logged_in, 2);
        assert.equal(ig.agents_in_calls, 1);
        assert.equal(ig.agents_in_dispo, 1);
      } finally {
        Object.assign(a1, saved[0]);
        Object.assign(a2, saved[1]);
        delete sim.state.autoCalls;
      }
    });

    it('a group nobody is logged into still answers one row of zeros', async () => {
      const res = await admin.call('user_group_status', { user_groups: 'NOSUCHGROUP' });
      assert.deepEqual(res.data[0], {
        usergroups: 'NOSUCHGROUP',
        calls_waiting: 0,
        agents_logged_in: 0,
        agents_in_calls: 0,
        agents_waiting: 0,
        agents_paused: 0,
        agents_in_dead_calls: 0,
        agents_in_dispo: 0,
        agents_in_dial: 0,
      });
      const ig = await admin.call('in_group_status', { in_groups: 'SUPPORT' });
      assert.equal(ig.data[0].agents_logged_in, 0);
    });

    it('missing groups → INVALID SEARCH PARAMETERS', async () => {
      await rejects(raw(admin, 'user_group_status', {}), 'INVALID', 'INVALID SEARCH PARAMETERS');
      await rejects(raw(admin, 'in_group_status', {}), 'INVALID', 'INVALID SEARCH PARAMETERS');
    });
  });

  describe('list_info', () => {
    it('describes a list; leads_counts counts its leads', async () => {
      const list = sim.state.lists.get('101');
      const leads = [...sim.state.leads.values()].filter((l) => l.list_id === '101');
      const res = await admin.call('list_info', { list_id: '101', header: 'YES' });
      assert.equal(res.data.length, 1);
      assert.equal(res.data[0].list_name, list.list_name);
      assert.equal(res.data[0].campaign_id, list.campaign_id);
      assert.equal(res.data[0].active, list.active);
      const body = await (await fetch(`${sim.url}/vicidial/non_agent_api.php?user=6666&pass=1234&source=test&function=list_info&list_id=101&leads_counts=Y&dialable_count=Y`)).text();
      const cols = body.trim().split('|');
      assert.equal(cols.length, 11);
      assert.equal(cols[8], String(leads.length));
      assert.equal(cols[9], String(leads.filter((l) => l.status === 'NEW').length));
      assert.equal(cols[10], String(leads.filter((l) => l.status === 'NEW' && l.called_since_last_reset === 'N').length));
    });

    it('the plain row ends with an empty dialable_count field', async () => {
      const body = await (await fetch(`${sim.url}/vicidial/non_agent_api.php?user=6666&pass=1234&source=test&function=list_info&list_id=201`)).text();
      assert.ok(body.endsWith('|\n'), JSON.stringify(body));
      assert.equal(body.replace(/\n$/, '').split('|').length, 9);
    });

    it('unknown list → LIST DOES NOT EXIST; short id → required fields', async () => {
      await rejects(admin.call('list_info', { list_id: '4242' }), 'NOT_FOUND', 'LIST DOES NOT EXIST');
      await rejects(raw(admin, 'list_info', { list_id: '7' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
    });

    it('needs modify_lists and level 8 (no trailing pipe on the permission line)', async () => {
      await rejects(noReports.call('list_info', { list_id: '101' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO MODIFY LISTS');
    });
  });
});
