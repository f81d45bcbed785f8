'use strict';
// Simulator: Non-Agent API part 3 (agent_status … call_dispo_report) through the real client:
// look-ups, lead reads, lead_search, logged_in_agents and the call statistics.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { VicidialClient } = require('../nodes/core/client');
const { findFunction } = require('../nodes/core/catalog');
const { makeUser, HUMAN_ANSWERED_STATUSES } = require('../nodes/sim/seed');
const { blankLead } = require('../nodes/sim/state');

describe('simulator: reports (agent, call and lead look-ups, call stats)', function () {
  this.timeout(10000);
  let sim;
  let admin;
  let reports;
  let limited;
  let apiagent;
  let badSource;
  let day;
  const fixed = new Date();
  fixed.setHours(19, 0, 0, 0);

  before(async () => {
    sim = await startSimulator({ port: 0, now: () => fixed });
    admin = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234' });
    reports = new VicidialClient({ baseUrl: sim.url, user: 'apireports', pass: 'reports99' });
    limited = new VicidialClient({ baseUrl: sim.url, user: 'apilimited', pass: 'limited99' });
    apiagent = new VicidialClient({ baseUrl: sim.url, user: 'apiagent', pass: 'agentapi9' });
    badSource = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234', source: 'x' });
    day = sim.state.calls[0].call_date.slice(0, 10);
  });

  after(async () => {
    for (const c of [admin, reports, limited, apiagent, badSource]) c.close();
    await sim.stop();
  });

  /** Sends parameters as given (no client-side validation), to reach the server's own checks. */
  function raw(client, fn, params) {
    return client.send(findFunction(fn, 'non_agent'), params);
  }

  async function rejects(promise, code, reasonStart) {
    await assert.rejects(promise, (err) => {
      assert.equal(err.code, code, `${err.code} ${err.reason}`);
      if (reasonStart) assert.ok(err.reason.startsWith(reasonStart), err.reason);
      return true;
    });
  }

  /** The PHP's body, straight from the simulator. */
  async function body(params) {
    const form = new URLSearchParams({ source: 'test', user: '6666', pass: '1234', ...params });
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, { method: 'POST', body: form });
    return res.text();
  }

  describe('checks before the work', () => {
    it('source shorter than 2 characters: Invalid Source (two lines)', async () => {
      await rejects(raw(badSource, 'agent_status', { agent_user: 'agent1' }), 'INVALID', 'Invalid Source');
      assert.equal(await body({ function: 'user_details', source: 'x', agent_user: 'agent1' }), 'ERROR: Invalid Source - x\nERROR: Invalid Source: |x|\n');
    });

    it('api_allowed_functions is checked before the user level', async () => {
      await rejects(raw(limited, 'logged_in_agents', {}), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });

    const denied = {
      agent_status: [{ agent_user: 'agent1' }, 'USER DOES NOT HAVE PERMISSION TO GET AGENT INFO'],
      user_details: [{ agent_user: 'agent1' }, 'USER DOES NOT HAVE PERMISSION TO GET USER DETAILS'],
      callid_info: [{ call_id: 'M00000000000000000001' }, 'USER DOES NOT HAVE PERMISSION TO GET CALL INFO'],
      lead_all_info: [{ lead_id: '1001' }, 'USER DOES NOT HAVE PERMISSION TO GET LEAD INFO'],
      lead_field_info: [{ lead_id: '1001', field_name: 'first_name' }, 'USER DOES NOT HAVE PERMISSION TO GET LEAD INFO'],
      lead_search: [{ phone_number: '3125550101' }, 'USER DOES NOT HAVE PERMISSION TO SEARCH FOR LEADS'],
      logged_in_agents: [{}, 'USER DOES NOT HAVE PERMISSION TO GET AGENT INFO'],
      call_status_stats: [{ campaigns: 'TESTCAMP' }, 'USER DOES NOT HAVE PERMISSION TO VIEW STATS'],
      call_dispo_report: [{ campaigns: 'TESTCAMP' }, 'USER DOES NOT HAVE PERMISSION TO VIEW STATS'],
    };
    for (const [fn, [params, reason]] of Object.entries(denied)) {
      it(`${fn}: a level-7 report user without the needed flags/level is refused`, async () => {
        await rejects(raw(reports, fn, params), 'PERMISSION', reason);
      });
    }

    it('lead_search needs level 8 + vdc_agent_api_access + modify_leads (apiagent has them)', async () => {
      const r = await admin.call('lead_search', { phone_number: '3125550101' });
      assert.equal(r.data[0].records_found, 1);
      const viaAgent = await apiagent.call('lead_search', { phone_number: '3125550101' });
      assert.equal(viaAgent.data[0].lead_ids, r.data[0].lead_ids);
    });

    it('call_dispo_report prints call_status_stats as the function of its denial', async () => {
      const text = await body({ function: 'call_dispo_report', user: 'apireports', pass: 'reports99', campaigns: 'TESTCAMP' });
      assert.equal(text, 'ERROR: call_status_stats USER DOES NOT HAVE PERMISSION TO VIEW STATS: |apireports|0|\n');
    });
  });

  describe('agent_status', () => {
    it('one row for a logged-in agent (header, pipe)', async () => {
      const agent = sim.state.agents.get('agent1');
      const user = sim.state.users.get('agent1');
      const r = await admin.call('agent_status', { agent_user: 'agent1', header: 'YES' });
      assert.equal(r.data.length, 1);
      const row = r.data[0];
      assert.equal(row.status, agent.status);
      assert.equal(row.campaign_id, agent.campaign_id);
      assert.equal(row.full_name, user.full_name);
      assert.equal(row.user_group, user.user_group);
      assert.equal(row.user_level, user.user_level);
      assert.equal(row.pause_code, agent.pause_code);
      assert.equal(row.session_id, agent.conf_exten);
    });

    it('INCALL agent: phone and vendor code of the lead, DEAD without a live call, 3-WAY when shared', async () => {
      const lead = sim.state.leads.get(1003);
      const a2 = sim.state.agents.get('agent2');
      const saved = { ...a2 };
      try {
        Object.assign(a2, { status: 'INCALL', lead_id: lead.lead_id, callerid: 'M1234567890000001003' });
        let r = await raw(admin, 'agent_status', { agent_user: 'agent2', stage: 'csv' });
        assert.equal(r.data[0].lead_id, lead.lead_id);
        assert.equal(r.data[0].phone_number, lead.phone_number);
        assert.equal(r.data[0].vendor_lead_code, lead.vendor_lead_code);
        assert.equal(r.data[0].real_time_sub_status, 'DEAD');
        sim.state.autoCalls = [{ callerid: a2.callerid, campaign_id: 'TESTCAMP', status: 'LIVE', lead_id: lead.lead_id, phone_number: '9998887777' }];
        const a1 = sim.state.agents.get('agent1');
        const saved1 = { ...a1 };
        Object.assign(a1, { status: 'INCALL', lead_id: lead.lead_id, callerid: 'M1234567890000001003' });
        r = await raw(admin, 'agent_status', { agent_user: 'agent2' });
        assert.equal(r.data[0].real_time_sub_status, '3-WAY');
        assert.equal(r.data[0].phone_number, '9998887777');
        Object.assign(a1, saved1);
      } finally {
        Object.assign(a2, saved);
        delete sim.state.autoCalls;
      }
    });

    it('a known user without a session: AGENT NOT LOGGED IN is NOT_FOUND, as in the Agent API', async () => {
      await rejects(admin.call('agent_status', { agent_user: 'agent3' }), 'NOT_FOUND', 'AGENT NOT LOGGED IN');
    });

    it('unknown user: AGENT NOT FOUND; missing agent_user: INVALID SEARCH PARAMETERS', async () => {
      await rejects(admin.call('agent_status', { agent_user: 'nobody' }), 'NOT_FOUND', 'AGENT NOT FOUND');
      await rejects(raw(admin, 'agent_status', {}), 'INVALID', 'INVALID SEARCH PARAMETERS');
      assert.equal(await body({ function: 'agent_status', agent_user: 'nobody' }), 'ERROR: agent_status AGENT NOT FOUND: 6666|nobody\n');
    });
  });

  describe('user_details', () => {
    it('csv row with header', async () => {
      const u = sim.state.users.get('agent3');
      const r = await admin.call('user_details', { agent_user: 'agent3', stage: 'csv', header: 'YES' });
      assert.deepEqual(r.data, [{ user: 'agent3', full_name: u.full_name, user_group: u.user_group, user_level: u.user_level, active: u.active }]);
    });

    it('USER NOT FOUND / INVALID SEARCH PARAMETERS', async () => {
      await rejects(admin.call('user_details', { agent_user: 'ghost' }), 'NOT_FOUND', 'USER NOT FOUND');
      await rejects(raw(admin, 'user_details', {}), 'INVALID', 'INVALID SEARCH PARAMETERS');
    });
  });

  describe('callid_info and ccc_lead_info', () => {
    it('callid_info with detail: the call from the log', async () => {
      const call = sim.state.calls.find((c) => !c.inbound);
      const r = await admin.call('callid_info', { call_id: call.call_id, detail: 'YES', header: 'YES' });
      const row = r.data[0];
      assert.equal(row.call_id, call.call_id);
      assert.equal(row.call_date, call.call_date);
      assert.equal(row.phone, call.phone_number);
      assert.equal(row.call_type, 'OUTBOUND_MANUAL');
      assert.equal(row.campaign_id, call.campaign_id);
      assert.equal(row.list_id, Number(call.list_id));
      assert.equal(row.status, call.status);
      assert.equal(row.user, call.user);
    });

    it('callid_info without detail: call_id and custtime only; inbound IDs read the closer log', async () => {
      const call = sim.state.calls.find((c) => c.inbound);
      const r = await admin.call('callid_info', { call_id: call.call_id });
      assert.deepEqual(Object.keys(r.data[0]), ['call_id', 'custtime']);
      assert.equal(r.data[0].call_id, call.call_id);
    });

    it('callid_info errors: malformed ID, unknown ID', async () => {
      await rejects(admin.call('callid_info', { call_id: 'Q123' }), 'INVALID', 'INVALID SEARCH PARAMETERS');
      await rejects(admin.call('callid_info', { call_id: 'M99999999990000009999' }), 'NOT_FOUND', 'CALL NOT FOUND');
    });

    it('ccc_lead_info: the lead of a call from the last ten hours', async () => {
      const limit = new Date(fixed.getTime() - 10 * 3600 * 1000);
      const recent = sim.state.calls.filter((c) => new Date(c.start_epoch * 1000) > limit);
      const call = recent[recent.length - 1];
      const lead = sim.state.leads.get(call.lead_id);
      const r = await admin.call('ccc_lead_info', { call_id: call.call_id, stage: 'tab' });
      assert.equal(r.data[0].phone_number, lead.phone_number);
      assert.equal(r.data[0].first_name, lead.first_name);
      assert.equal(r.data[0].list_id, Number(lead.list_id));
      const old = sim.state.calls.find((c) => new Date(c.start_epoch * 1000) <= limit);
      if (old) await rejects(admin.call('ccc_lead_info', { call_id: old.call_id }), 'NOT_FOUND', 'CALL NOT FOUND');
    });
  });

  describe('lead_field_info and lead_all_info', () => {
    it('lead_field_info prints the bare value', async () => {
      const lead = sim.state.leads.get(1002);
      assert.equal(await body({ function: 'lead_field_info', lead_id: '1002', field_name: 'last_name' }), lead.last_name);
      const r = await admin.call('lead_field_info', { lead_id: 1002, field_name: 'phone_number' });
      assert.equal(r.data.value, lead.phone_number);
    });

    it('lead_field_info: custom field with custom_fields=Y', async () => {
      const lead = sim.state.leads.get(1004);
      lead.custom = { ...lead.custom, favorite_color: 'teal' };
      const r = await admin.call('lead_field_info', { lead_id: 1004, field_name: 'favorite_color', custom_fields: 'Y' });
      assert.equal(r.data.value, 'teal');
      await rejects(admin.call('lead_field_info', { lead_id: 1004, field_name: 'favorite_color' }), 'INVALID', 'LIST FIELD NOT FOUND');
    });

    it('lead_field_info errors', async () => {
      await rejects(admin.call('lead_field_info', { lead_id: 999999, field_name: 'first_name' }), 'NOT_FOUND', 'LEAD NOT FOUND');
      await rejects(admin.call('lead_field_info', { lead_id: 1001, field_name: 'no_such_column' }), 'INVALID', 'LIST FIELD NOT FOUND');
      await rejects(raw(admin, 'lead_field_info', { lead_id: '1001' }), 'INVALID', 'INVALID SEARCH PARAMETERS');
    });

    it('lead_all_info by lead_id: 30 lead columns, entry_list_id and lead_id', async () => {
      const lead = sim.state.leads.get(1001);
      const r = await admin.call('lead_all_info', { lead_id: 1001, header: 'YES', stage: 'tab' });
      assert.equal(r.data.length, 1);
      assert.equal(r.data[0].lead_id, 1001);
      assert.equal(r.data[0].first_name, lead.first_name);
      assert.equal(r.data[0].vendor_lead_code, lead.vendor_lead_code);
      assert.equal(r.data[0].postal_code, lead.postal_code);
    });

    it('lead_all_info by phone: every lead with that number, newest first, header before each', async () => {
      const phone = '5105550177';
      const a = blankLead(sim.state.nextLeadId++, '101', phone, '2024-01-01 00:00:00');
      const b = blankLead(sim.state.nextLeadId++, '201', phone, '2024-01-01 00:00:00');
      b.first_name = 'Second';
      sim.state.leads.set(a.lead_id, a);
      sim.state.leads.set(b.lead_id, b);
      const text = await body({ function: 'lead_all_info', phone_number: phone, header: 'YES' });
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, 4);
      assert.ok(lines[0].startsWith('status|user|vendor_lead_code'));
      assert.ok(lines[2].startsWith('status|user|vendor_lead_code'));
      assert.ok(lines[1].endsWith(`|${b.lead_id}`));
      assert.ok(lines[3].endsWith(`|${a.lead_id}`));
      const r = await admin.call('lead_all_info', { phone_number: phone });
      assert.deepEqual(r.data.map((row) => row.lead_id), [b.lead_id, a.lead_id]);
    });

    it('lead_all_info: nothing found / nothing to search is LEAD NOT FOUND', async () => {
      await rejects(admin.call('lead_all_info', { lead_id: 999999 }), 'NOT_FOUND', 'LEAD NOT FOUND');
      await rejects(raw(admin, 'lead_all_info', { phone_number: '123' }), 'NOT_FOUND', 'LEAD NOT FOUND');
    });
  });

  describe('lead_search', () => {
    it('phone numbers: one line per number, unmatched ones with 0', async () => {
      const lead = sim.state.leads.get(1001);
      const r = await admin.call('lead_search', { phone_number: `${lead.phone_number},3125550000` });
      assert.deepEqual(r.data, [
        { search_key: lead.phone_number, records_found: 1, lead_ids: '1001' },
        { search_key: '3125550000', records_found: 0, lead_ids: '' },
      ]);
    });

    it('header=YES prints the names without separators (the block never sets its delimiter)', async () => {
      const text = await body({ function: 'lead_search', phone_number: '3125550101', header: 'YES' });
      assert.equal(text, 'search_keyrecords_foundlead_ids\n3125550101|1|1001\n');
    });

    it('vendor lead codes with search_method VENDOR_LEAD_CODE', async () => {
      const lead = sim.state.leads.get(1003);
      const r = await admin.call('lead_search', { vendor_lead_code: lead.vendor_lead_code, search_method: 'VENDOR_LEAD_CODE' });
      assert.deepEqual(r.data, [{ search_key: lead.vendor_lead_code, records_found: 1, lead_ids: String(lead.lead_id) }]);
    });

    it('a lead added with add_lead is found', async () => {
      const added = await admin.call('add_lead', { phone_number: '6305550188', list_id: 102, first_name: 'Found' });
      const id = Number(added.data.lead_id);
      assert.ok(sim.state.leads.has(id));
      const r = await admin.call('lead_search', { phone_number: '6305550188' });
      assert.equal(r.data[0].lead_ids, String(id));
    });

    it('no match: empty result; no usable method: INVALID', async () => {
      const r = await admin.call('lead_search', { phone_number: '9995550000' });
      assert.equal(r.empty, true);
      assert.equal(await body({ function: 'lead_search', phone_number: '9995550000' }), 'ERROR: lead_search NO MATCHES FOUND IN THE SYSTEM: |6666|||9995550000\n');
      await rejects(admin.call('lead_search', { vendor_lead_code: 'CRM-1001' }), 'INVALID', 'NO VALID SEARCH METHOD');
    });

    it('list-restricted users: list IDs outside their lists are refused', async () => {
      sim.state.users.set('restricted', makeUser({ user: 'restricted', pass: 'restrict1', user_level: 8, user_group: 'ADMIN', api_list_restrict: 1, flags: { vdc_agent_api_access: '1', modify_leads: '1' } }));
      const c = new VicidialClient({ baseUrl: sim.url, user: 'restricted', pass: 'restrict1' });
      try {
        await rejects(c.call('lead_search', { phone_number: '3125550101', list_id: 555 }), 'PERMISSION', 'NOT AN ALLOWED LIST ID');
        const r = await c.call('lead_search', { phone_number: '3125550101', list_id: 101, search_location: 'LIST' });
        assert.equal(r.data[0].lead_ids, '1001');
      } finally {
        c.close();
      }
    });
  });

  describe('logged_in_agents', () => {
    it('one row per live agent, with pause code and sub-status', async () => {
      const r = await admin.call('logged_in_agents', { show_sub_status: 'YES', header: 'YES', stage: 'tab' });
      const agents = [...sim.state.agents.values()];
      assert.deepEqual(r.data.map((row) => row.user), agents.map((a) => a.user));
      for (const [i, a] of agents.entries()) {
        assert.equal(r.data[i].session_id, a.conf_exten);
        assert.equal(r.data[i].status, a.status);
        assert.equal(r.data[i].pause_code, a.pause_code);
        assert.equal(r.data[i].full_name, sim.state.users.get(a.user).full_name);
      }
    });

    it('campaigns and user_groups filters; nothing left is an empty result', async () => {
      let r = await admin.call('logged_in_agents', { campaigns: 'RENEWALS|TESTCAMP' });
      assert.equal(r.data.length, sim.state.agents.size);
      assert.equal(Object.keys(r.data[0]).length, 10);
      r = await admin.call('logged_in_agents', { campaigns: 'RENEWALS' });
      assert.equal(r.empty, true);
      r = await admin.call('logged_in_agents', { user_groups: 'ADMIN' });
      assert.equal(r.empty, true);
      assert.equal(await body({ function: 'logged_in_agents', user_groups: 'ADMIN' }), 'ERROR: logged_in_agents NO LOGGED IN AGENTS: 6666|\n');
    });
  });

  describe('call_status_stats', () => {
    function expected(id, calls) {
      const hourly = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}-${calls.filter((c) => Number(c.call_date.slice(11, 13)) === h).length}`).join(',');
      const counts = {};
      for (const c of calls) counts[c.status] = (counts[c.status] ?? 0) + 1;
      const statuses = Object.keys(counts).sort().map((s) => `${s}-${counts[s]}`).join(',');
      const human = calls.filter((c) => HUMAN_ANSWERED_STATUSES.has(c.status)).length;
      return `${id}|${calls.length}|${human}|${hourly}|${statuses}|`;
    }

    it('campaign rows then in-group rows (trailing pipe, 24 hourly pairs, sorted statuses)', async () => {
      const text = await body({ function: 'call_status_stats', campaigns: 'TESTCAMP-RENEWALS', query_date: day });
      const outCalls = sim.state.calls.filter((c) => !c.inbound && c.call_date.startsWith(day));
      const lines = text.trimEnd().split('\n');
      assert.deepEqual(lines, [
        expected('RENEWALS', []),
        expected('TESTCAMP', outCalls.filter((c) => c.campaign_id === 'TESTCAMP')),
        ...[...sim.state.inGroups.keys()].sort().map((g) => expected(g, sim.state.calls.filter((c) => c.inbound && c.campaign_id === g && c.call_date.startsWith(day)))),
      ]);
      const r = await admin.call('call_status_stats', { campaigns: 'TESTCAMP', ingroups: 'SALESLINE', query_date: day });
      assert.equal(r.data.length, 2);
      assert.equal(r.data[0].campaign_id, 'TESTCAMP');
      assert.equal(r.data[0].total_calls, outCalls.length);
      assert.equal(r.data[0].hourly_breakdown.length, 24);
      assert.equal(r.data[0].hourly_breakdown.reduce((a, b) => a + b, 0), outCalls.filter((c) => c.campaign_id === 'TESTCAMP').length);
    });

    it('statuses filter and ---ALL---', async () => {
      const r = await admin.call('call_status_stats', { campaigns: '---ALL---', ingroups: 'SUPPORT', statuses: 'SALE-NI', query_date: day });
      const ids = r.data.map((row) => row.campaign_id);
      assert.deepEqual(ids, [...[...sim.state.campaigns.keys()].sort(), 'SUPPORT']);
      const want = sim.state.calls.filter((c) => !c.inbound && c.campaign_id === 'TESTCAMP' && ['SALE', 'NI'].includes(c.status) && c.call_date.startsWith(day));
      const test = r.data.find((row) => row.campaign_id === 'TESTCAMP');
      assert.equal(test.total_calls, want.length);
      assert.equal(test.human_answered_calls, want.length);
    });

    it('another day: zeros; missing campaigns: two-line error', async () => {
      const text = await body({ function: 'call_status_stats', campaigns: 'TESTCAMP', ingroups: 'SALESLINE', query_date: '2001-01-01' });
      assert.equal(text, `${expected('TESTCAMP', [])}\n${expected('SALESLINE', [])}\n`);
      assert.equal(await body({ function: 'call_status_stats' }), 'ERROR: call_status_stats INVALID OR MISSING CAMPAIGNS - test\nERROR: Invalid Source: |test|\n');
      await rejects(raw(admin, 'call_status_stats', {}), 'INVALID', 'INVALID OR MISSING CAMPAIGNS');
    });
  });

  describe('call_dispo_report', () => {
    function count(calls) {
      const out = {};
      for (const c of calls) out[c.status] = (out[c.status] ?? 0) + 1;
      return out;
    }

    it('status breakdown: header in first-seen order, values in sorted order, parsed by status code', async () => {
      const out = sim.state.calls.filter((c) => !c.inbound && c.call_date.startsWith(day));
      const inb = sim.state.calls.filter((c) => c.inbound && c.call_date.startsWith(day));
      const text = await body({ function: 'call_dispo_report', campaigns: 'TESTCAMP', ingroups: 'SALESLINE', query_date: day, status_breakdown: '1' });
      const lines = text.split('\n');
      const outStatuses = Object.keys(count(out)).sort();
      const order = [...outStatuses, ...Object.keys(count(inb)).sort().filter((s) => !outStatuses.includes(s))];
      assert.equal(lines[0], ['CAMPAIGN', 'TOTAL CALLS', ...order].join(','));
      assert.ok(!text.endsWith('\n'), 'the TOTAL line has no newline');
      const r = await admin.call('call_dispo_report', { campaigns: 'TESTCAMP', ingroups: 'SALESLINE', query_date: day, status_breakdown: 1 });
      const [camp, ingroup, total] = r.data;
      assert.equal(camp.campaign, 'TESTCAMP');
      assert.equal(camp.total_calls, out.length);
      for (const [s, n] of Object.entries(count(out))) assert.equal(camp[s], n, s);
      assert.equal(ingroup.campaign, 'SALESLINE');
      for (const s of order) assert.equal(ingroup[s], count(inb)[s] ?? 0, s);
      assert.equal(total.campaign, 'TOTAL');
      assert.equal(total.total_calls, out.length + inb.length);
      for (const s of order) assert.equal(total[s], (count(out)[s] ?? 0) + (count(inb)[s] ?? 0), s);
    });

    it('show_percentages: "N (P.P%)" of the row total', async () => {
      const out = sim.state.calls.filter((c) => !c.inbound && c.call_date.startsWith(day));
      const r = await admin.call('call_dispo_report', { campaigns: 'TESTCAMP', query_date: day, status_breakdown: 1, show_percentages: 1 });
      for (const [s, n] of Object.entries(count(out))) assert.deepEqual(r.data[0][s], { count: n, percent: Number(((100 * n) / out.length).toFixed(1)) });
    });

    it('DIDs (only without ingroups): one row keyed by the DID number', async () => {
      const inb = sim.state.calls.filter((c) => c.inbound && c.call_date.startsWith(day));
      const r = await admin.call('call_dispo_report', { did_patterns: inb[0].did_pattern, query_date: day });
      assert.deepEqual(r.data, [
        { campaign: inb[0].did_pattern, total_calls: inb.length },
        { campaign: 'TOTAL', total_calls: inb.length },
      ]);
    });

    it('no calls: header and TOTAL,0; missing selection: two-line error', async () => {
      assert.equal(await body({ function: 'call_dispo_report', campaigns: 'TESTCAMP', query_date: '2001-01-01' }), 'CAMPAIGN,TOTAL CALLS\nTOTAL,0');
      const r = await admin.call('call_dispo_report', { campaigns: 'TESTCAMP', query_date: '2001-01-01' });
      assert.deepEqual(r.data, [{ campaign: 'TOTAL', total_calls: 0 }]);
      await rejects(raw(admin, 'call_dispo_report', {}), 'INVALID', 'INVALID OR MISSING CAMPAIGNS, INGROUPS, OR DIDS');
    });
  });

  describe('lead_callback_info and lead_dearchive', () => {
    it('lead_callback_info: current callbacks of the lead; none is an empty result', async () => {
      sim.state.callbacks = [
        { callback_id: 7, lead_id: 1002, list_id: '101', campaign_id: 'TESTCAMP', status: 'ACTIVE', entry_time: `${day} 09:00:00`, callback_time: `${day} 18:30:00`, user: 'agent1', recipient: 'USERONLY', comments: 'call back', user_group: 'AGENTS', lead_status: 'CALLBK', customer_timezone: '-5,00' },
      ];
      const r = await admin.call('lead_callback_info', { lead_id: 1002, header: 'YES' });
      assert.equal(r.data.length, 1);
      assert.equal(r.data[0].callback_type, 'CURRENT');
      assert.equal(r.data[0].callback_date, `${day} 18:30:00`);
      assert.equal(r.data[0].customer_timezone, '-5-00');
      assert.equal(r.data[0].comments, 'call back');
      const none = await admin.call('lead_callback_info', { lead_id: 1003 });
      assert.equal(none.empty, true);
      assert.equal(await body({ function: 'lead_callback_info', lead_id: '1003', search_location: 'ALL' }), 'ERROR: lead_callback_info CALLBACK NOT FOUND: 6666|1003|pipe|ALL\n');
      delete sim.state.callbacks;
    });

    it('lead_dearchive moves an archived lead back; then it is a lead again', async () => {
      const lead = blankLead(424242, '101', '7735550142', '2020-01-01 00:00:00');
      lead.first_name = 'Archie';
      sim.state.leadsArchive = new Map([[lead.lead_id, lead]]);
      await rejects(admin.call('lead_field_info', { lead_id: 424242, field_name: 'first_name' }), 'NOT_FOUND', 'LEAD NOT FOUND');
      const archived = await admin.call('lead_field_info', { lead_id: 424242, field_name: 'first_name', archived_lead: 'Y' });
      assert.equal(archived.data.value, 'Archie');
      const r = await admin.call('lead_dearchive', { lead_id: 424242 });
      assert.equal(r.data.result, 'LEAD DE-ARCHIVED');
      assert.equal(r.data.lead_id, '424242');
      assert.equal(sim.state.leadsArchive.has(424242), false);
      const found = await admin.call('lead_field_info', { lead_id: 424242, field_name: 'first_name' });
      assert.equal(found.data.value, 'Archie');
      await rejects(admin.call('lead_dearchive', { lead_id: 424242 }), 'NOT_FOUND', 'ARCHIVED LEAD NOT FOUND');
      sim.state.leadsArchive.set(1001, { ...sim.state.leads.get(1001) });
      await rejects(admin.call('lead_dearchive', { lead_id: 1001 }), 'DUPLICATE', 'NON-ARCHIVED LEAD FOUND');
      delete sim.state.leadsArchive;
    });
  });
});
