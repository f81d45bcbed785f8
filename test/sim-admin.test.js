'use strict';
// The simulator's administration functions (DNC, filter phone groups, campaign/hopper/agent
// look-ups, in-group chooser, group aliases, server refresh) through the real client over HTTP.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');

const { rejects } = require('./support/sim');

describe('simulator: admin functions', () => {
  let sim;
  let admin;
  let clients;
  const client = (user, pass) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0 });
    clients.push(c);
    return c;
  };
  /** A raw POST, for parameter values the client refuses to send. */
  const post = async (params) => {
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: '6666', pass: '1234', source: 'test', ...params }),
    });
    return res.text();
  };

  before(async () => {
    sim = await startSimulator({ port: 0 });
    clients = [];
    admin = client('6666', '1234');
    // Users with exactly one permission missing.
    const adminFlags = sim.state.users.get('6666').flags;
    sim.state.users.set('nodncdel', makeUser({ user: 'nodncdel', pass: 'nodncdel1', user_level: 9, user_group: 'ADMIN', flags: { ...adminFlags, delete_from_dnc: '0' } }));
    sim.state.users.set('noreports', makeUser({ user: 'noreports', pass: 'noreports1', user_level: 9, user_group: 'ADMIN', flags: { ...adminFlags, view_reports: '0' } }));
  });

  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  describe('add_dnc_phone', () => {
    it('adds to the system list (SYSTEM_INTERNAL) with non-digits stripped', async () => {
      const r = await admin.call('add_dnc_phone', { phone_number: '(312) 555-4444', campaign_id: 'SYSTEM_INTERNAL' });
      assert.equal(r.data.result, 'DNC NUMBER HAS BEEN ADDED');
      assert.equal(r.data.user, '6666');
      assert.equal(r.data.phone_number, '3125554444');
      assert.equal(r.data.campaign_id, 'SYSTEM_INTERNAL');
      assert.ok(sim.state.dnc.has('3125554444'));
    });

    it('adds to a campaign list, even for a campaign that does not exist', async () => {
      await admin.call('add_dnc_phone', { phone_number: '3125554445', campaign_id: 'RENEWALS' });
      assert.ok(sim.state.campaignDnc.get('RENEWALS').has('3125554445'));
      assert.ok(!sim.state.dnc.has('3125554445'));
      await admin.call('add_dnc_phone', { phone_number: '3125554445', campaign_id: 'NOSUCHCAMP' });
      assert.ok(sim.state.campaignDnc.get('NOSUCHCAMP').has('3125554445'));
    });

    it('reports a number already listed as DUPLICATE', async () => {
      const systemNumber = [...sim.state.dnc][0];
      const err = await rejects(admin.call('add_dnc_phone', { phone_number: systemNumber, campaign_id: 'SYSTEM_INTERNAL' }), 'DUPLICATE', 'DNC NUMBER ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', systemNumber, 'SYSTEM_INTERNAL']);
      const campaignNumber = [...sim.state.campaignDnc.get('TESTCAMP')][0];
      await rejects(admin.call('add_dnc_phone', { phone_number: campaignNumber, campaign_id: 'TESTCAMP' }), 'DUPLICATE');
    });

    it('rejects a number shorter than 6 digits', async () => {
      const before = sim.state.dnc.size;
      await rejects(admin.call('add_dnc_phone', { phone_number: '12345', campaign_id: 'SYSTEM_INTERNAL' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.equal(sim.state.dnc.size, before);
    });

    it('needs level 8 and modify_lists, and the function in api_allowed_functions', async () => {
      // apiagent: level 8 without modify_lists; apireports: level 7.
      await rejects(client('apiagent', 'agentapi9').call('add_dnc_phone', { phone_number: '3125554446', campaign_id: 'TESTCAMP' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD DNC NUMBERS');
      await rejects(client('apireports', 'reports99').call('add_dnc_phone', { phone_number: '3125554446', campaign_id: 'TESTCAMP' }), 'PERMISSION');
      await rejects(client('apilimited', 'limited99').call('add_dnc_phone', { phone_number: '3125554446', campaign_id: 'TESTCAMP' }), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
      assert.ok(!sim.state.campaignDnc.get('TESTCAMP').has('3125554446'));
    });

    it('prints the two Invalid Source lines for a short source', async () => {
      const body = await post({ function: 'add_dnc_phone', source: 'x', phone_number: '3125554447', campaign_id: 'TESTCAMP' });
      assert.equal(body, 'ERROR: Invalid Source - x\nERROR: Invalid Source: |x|\n');
    });
  });

  describe('delete_dnc_phone', () => {
    it('removes a number from a campaign list', async () => {
      const number = [...sim.state.campaignDnc.get('TESTCAMP')][0];
      const r = await admin.call('delete_dnc_phone', { phone_number: number, campaign_id: 'TESTCAMP' });
      assert.equal(r.data.result, 'DNC NUMBER HAS BEEN DELETED');
      assert.equal(r.data.phone_number, number);
      assert.ok(!sim.state.campaignDnc.get('TESTCAMP').has(number));
      // Deleting from a campaign list leaves the system list alone, and vice versa.
      await admin.call('add_dnc_phone', { phone_number: number, campaign_id: 'TESTCAMP' });
    });

    it('removes a number from the system list', async () => {
      await admin.call('add_dnc_phone', { phone_number: '3125554450', campaign_id: 'SYSTEM_INTERNAL' });
      await admin.call('delete_dnc_phone', { phone_number: '3125554450', campaign_id: 'SYSTEM_INTERNAL' });
      assert.ok(!sim.state.dnc.has('3125554450'));
    });

    it('reports a number that is not listed as NOT_FOUND', async () => {
      const systemNumber = [...sim.state.dnc][0];
      // On the system list but not on the campaign list.
      await rejects(admin.call('delete_dnc_phone', { phone_number: systemNumber, campaign_id: 'RENEWALS' }), 'NOT_FOUND', 'DNC NUMBER DOES NOT EXIST');
      assert.ok(sim.state.dnc.has(systemNumber));
      await rejects(admin.call('delete_dnc_phone', { phone_number: '3125550000', campaign_id: 'SYSTEM_INTERNAL' }), 'NOT_FOUND');
    });

    it('needs delete_from_dnc besides modify_lists', async () => {
      const systemNumber = [...sim.state.dnc][0];
      await rejects(client('nodncdel', 'nodncdel1').call('delete_dnc_phone', { phone_number: systemNumber, campaign_id: 'SYSTEM_INTERNAL' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE DNC NUMBERS');
      assert.ok(sim.state.dnc.has(systemNumber));
      // The same user may still add.
      await client('nodncdel', 'nodncdel1').call('add_dnc_phone', { phone_number: '3125554460', campaign_id: 'SYSTEM_INTERNAL' });
      assert.ok(sim.state.dnc.has('3125554460'));
    });
  });

  describe('add_fpg_phone / delete_fpg_phone', () => {
    const group = () => [...sim.state.filterPhoneGroups.keys()][0];

    it('adds a number to an existing group, then refuses it a second time', async () => {
      const g = group();
      const r = await admin.call('add_fpg_phone', { phone_number: '8005557777', group: g });
      assert.equal(r.data.result, 'FILTER PHONE GROUP NUMBER HAS BEEN ADDED');
      assert.equal(r.data.phone_number, '8005557777');
      assert.equal(r.data.group, g);
      assert.ok(sim.state.filterPhoneGroups.get(g).has('8005557777'));
      await rejects(admin.call('add_fpg_phone', { phone_number: '8005557777', group: g }), 'DUPLICATE', 'FILTER PHONE GROUP NUMBER ALREADY EXISTS');
    });

    it('reports an unknown group', async () => {
      const err = await rejects(admin.call('add_fpg_phone', { phone_number: '8005557778', group: 'NOGROUP' }), 'INVALID', 'FILTER PHONE GROUP DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'NOGROUP']);
      await rejects(admin.call('delete_fpg_phone', { phone_number: '8005557778', group: 'NOGROUP' }), 'INVALID', 'FILTER PHONE GROUP DOES NOT EXIST');
      assert.ok(!sim.state.filterPhoneGroups.has('NOGROUP'));
    });

    it('deletes a number, then reports it missing', async () => {
      const g = group();
      const number = [...sim.state.filterPhoneGroups.get(g)][0];
      const r = await admin.call('delete_fpg_phone', { phone_number: number, group: g });
      assert.equal(r.data.result, 'FILTER PHONE GROUP NUMBER HAS BEEN DELETED');
      assert.ok(!sim.state.filterPhoneGroups.get(g).has(number));
      await rejects(admin.call('delete_fpg_phone', { phone_number: number, group: g }), 'NOT_FOUND', 'FILTER PHONE GROUP NUMBER DOES NOT EXIST');
    });

    it('rejects a short number and users without modify_lists', async () => {
      await rejects(admin.call('add_fpg_phone', { phone_number: '555', group: group() }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      await rejects(client('apiagent', 'agentapi9').call('add_fpg_phone', { phone_number: '8005557779', group: group() }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD FILTER PHONE GROUP NUMBERS');
      await rejects(client('apiagent', 'agentapi9').call('delete_fpg_phone', { phone_number: '8005557779', group: group() }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE FILTER PHONE GROUP NUMBERS');
    });
  });

  describe('campaigns_list', () => {
    it('lists every campaign with the 12 columns, in id order', async () => {
      const r = await admin.call('campaigns_list', { header: 'YES' });
      const ids = [...sim.state.campaigns.keys()].sort();
      assert.deepEqual(r.data.map((row) => row.campaign_id), ids);
      for (const row of r.data) {
        const c = sim.state.campaigns.get(row.campaign_id);
        assert.equal(row.campaign_name, c.campaign_name);
        assert.equal(row.active, c.active);
        assert.equal(Object.keys(row).length, 12);
      }
    });

    it('prints the stored campaign settings, dial statuses without the framing', async () => {
      const c = sim.state.campaigns.get('TESTCAMP');
      Object.assign(c, { dial_method: 'ADAPT_AVERAGE', auto_dial_level: '2.5', dial_statuses: ' NEW NA B -', dial_prefix: '8', user_group: 'ADMIN' });
      const r = await admin.call('campaigns_list', { campaign_id: 'TESTCAMP', stage: 'csv' });
      assert.equal(r.data.length, 1);
      const row = r.data[0];
      assert.equal(row.dial_method, 'ADAPT_AVERAGE');
      assert.equal(row.dial_level, 2.5);
      assert.equal(row.dial_statuses, 'NEW NA B');
      assert.equal(row.dial_prefix, '8');
      assert.equal(row.user_group, 'ADMIN');
    });

    it('answers empty for an unknown campaign and for a group allowed no campaigns', async () => {
      const r = await admin.call('campaigns_list', { campaign_id: 'NOSUCHCAMP' });
      assert.equal(r.empty, true);
      assert.deepEqual(r.data, []);
      sim.state.userGroupSettings = new Map([['ADMIN', { allowed_campaigns: ' RENEWALS -' }]]);
      try {
        const restricted = await admin.call('campaigns_list', {});
        assert.deepEqual(restricted.data.map((row) => row.campaign_id), ['RENEWALS']);
        assert.equal((await admin.call('campaigns_list', { campaign_id: 'TESTCAMP' })).empty, true);
      } finally {
        sim.state.userGroupSettings = undefined;
      }
    });

    it('needs level 8, view_reports and agent API access', async () => {
      await rejects(client('noreports', 'noreports1').call('campaigns_list', {}), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO GET CAMPAIGN INFO');
      await rejects(client('apireports', 'reports99').call('campaigns_list', {}), 'PERMISSION');
    });
  });

  describe('hopper_list', () => {
    const leadIds = () => [...sim.state.leads.values()].filter((l) => sim.state.lists.get(l.list_id)?.campaign_id === 'TESTCAMP').map((l) => l.lead_id);
    afterEach(() => {
      sim.state.hopper.length = 0;
    });

    it('lists READY leads by priority with lead data', async () => {
      const [a, b, c] = leadIds();
      const lead = (id) => sim.state.leads.get(id);
      sim.state.hopper.push(
        { lead_id: a, list_id: lead(a).list_id, campaign_id: 'TESTCAMP', priority: 0, status: 'READY' },
        { lead_id: b, list_id: lead(b).list_id, campaign_id: 'TESTCAMP', priority: 50, status: 'READY' },
        { lead_id: c, list_id: lead(c).list_id, campaign_id: 'TESTCAMP', priority: 0, status: 'QUEUE' },
        { lead_id: c, list_id: lead(c).list_id, campaign_id: 'RENEWALS', priority: 0, status: 'READY' },
      );
      const r = await admin.call('hopper_list', { campaign_id: 'TESTCAMP', header: 'YES', stage: 'tab' });
      assert.deepEqual(r.data.map((row) => row.lead_id), [b, a]);
      assert.deepEqual(r.data.map((row) => row.hopper_order), [0, 1]);
      const row = r.data[0];
      assert.equal(row.priority, 50);
      assert.equal(row.phone_number, lead(b).phone_number);
      assert.equal(row.status, lead(b).status);
      assert.equal(row.vendor_lead_code, lead(b).vendor_lead_code);
      assert.equal(row.gmt_offset, Number(lead(b).gmt_offset_now));
      assert.match(row.last_call_time, /^(\d+ (HOURS |DAYS  |YEARS )|NEVER    )$/);
      assert.equal(Object.keys(row).length, 17);
    });

    it('gives the age of the last call in hours for a recent call', async () => {
      const [a] = leadIds();
      const l = sim.state.leads.get(a);
      const saved = { last: l.last_local_call_time, gmt: l.gmt_offset_now };
      const d = new Date(Date.now() - 5 * 3600 * 1000 - 60_000);
      const p = (n) => String(n).padStart(2, '0');
      l.last_local_call_time = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
      l.gmt_offset_now = `${sim.state.serverGmt}.00`;
      try {
        sim.state.hopper.push({ lead_id: a, list_id: l.list_id, campaign_id: 'TESTCAMP', priority: 0, status: 'READY' });
        const r = await admin.call('hopper_list', { campaign_id: 'TESTCAMP' });
        assert.equal(r.data[0].last_call_time, '5 HOURS ');
      } finally {
        l.last_local_call_time = saved.last;
        l.gmt_offset_now = saved.gmt;
      }
    });

    it('answers empty when nothing is READY, and NOT_FOUND for an unknown campaign', async () => {
      const r = await admin.call('hopper_list', { campaign_id: 'RENEWALS' });
      assert.equal(r.empty, true);
      const err = await rejects(admin.call('hopper_list', { campaign_id: 'NOSUCHCAMP' }), 'INVALID', 'THIS CAMPAIGN DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'NOSUCHCAMP']);
    });

    it('needs the campaign-info permission', async () => {
      await rejects(client('noreports', 'noreports1').call('hopper_list', { campaign_id: 'TESTCAMP' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO GET CAMPAIGN INFO');
    });
  });

  describe('agent_campaigns', () => {
    it("lists the agent's active campaigns and their in-groups", async () => {
      const r = await admin.call('agent_campaigns', { agent_user: 'agent1', header: 'YES' });
      assert.equal(r.data.length, 1);
      const activeCampaigns = [...sim.state.campaigns.values()].filter((c) => c.active === 'Y').map((c) => c.campaign_id).sort();
      const activeGroups = [...sim.state.inGroups.values()].filter((g) => g.active === 'Y').map((g) => g.group_id).sort();
      assert.equal(r.data[0].user, 'agent1');
      assert.equal(r.data[0].allowed_campaigns_list, activeCampaigns.join('-'));
      assert.equal(r.data[0].allowed_ingroups_list, activeGroups.join('-'));
    });

    it('honours campaign_id, closer_campaigns and ignore_agentdirect', async () => {
      sim.state.inGroups.set('AGENTDIRECT', { group_id: 'AGENTDIRECT', group_name: 'Agent direct', active: 'Y' });
      const c = sim.state.campaigns.get('TESTCAMP');
      c.closer_campaigns = ' AGENTDIRECT SUPPORT -';
      try {
        const r = await admin.call('agent_campaigns', { agent_user: 'agent1', campaign_id: 'TESTCAMP', stage: 'csv' });
        assert.equal(r.data[0].allowed_campaigns_list, 'TESTCAMP');
        assert.equal(r.data[0].allowed_ingroups_list, 'AGENTDIRECT-SUPPORT');
        const r2 = await admin.call('agent_campaigns', { agent_user: 'agent1', campaign_id: 'TESTCAMP', ignore_agentdirect: 'Y' });
        assert.equal(r2.data[0].allowed_ingroups_list, 'SUPPORT');
      } finally {
        sim.state.inGroups.delete('AGENTDIRECT');
        delete c.closer_campaigns;
      }
    });

    it("answers empty when the agent's group is allowed no campaigns", async () => {
      sim.state.userGroupSettings = new Map([['AGENTS', { allowed_campaigns: ' -' }]]);
      try {
        const r = await admin.call('agent_campaigns', { agent_user: 'agent1' });
        assert.equal(r.empty, true);
      } finally {
        sim.state.userGroupSettings = undefined;
      }
    });

    it('reports an unknown agent and checks permissions', async () => {
      const err = await rejects(admin.call('agent_campaigns', { agent_user: 'nobody' }), 'NOT_FOUND', 'AGENT USER DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'nobody']);
      // apiagent lacks view_reports and modify_users.
      await rejects(client('apiagent', 'agentapi9').call('agent_campaigns', { agent_user: 'agent1' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO GET AGENT INFO');
    });
  });

  describe('agent_ingroup_info', () => {
    it('stage=text prints the selected in-groups of a logged-in agent', async () => {
      const agent = sim.state.agents.get('agent1');
      const r = await admin.call('agent_ingroup_info', { agent_user: 'agent1', stage: 'text' });
      assert.equal(r.success.tag, 'SUCCESS');
      assert.equal(r.data.agent_user, 'agent1');
      assert.equal(r.data.stage, 'text');
      const lines = r.data.output.split('\n');
      assert.equal(lines[0], `SELECTED INGROUPS:  ${agent.closer_campaigns.join(' ')} -`);
      assert.match(lines[1], /^OUTBOUND AUTODIAL: [YN]$/);
      assert.match(lines[2], /^MANAGER OVERRIDE: /);
      assert.match(lines[3], /^MANAGER: /);
    });

    it('other stages answer an HTML fragment listing the campaign in-groups', async () => {
      const r = await admin.call('agent_ingroup_info', { agent_user: 'agent1' });
      assert.equal(r.success, undefined);
      assert.match(r.data.output, /^<TABLE /);
      for (const g of sim.state.agents.get('agent1').closer_campaigns) assert.ok(r.data.output.includes(`<TR><TD>${g} *</TD>`), g);
    });

    it('refuses an agent who is not logged in or does not exist', async () => {
      assert.ok(!sim.state.agents.has('agent3'));
      const err = await rejects(admin.call('agent_ingroup_info', { agent_user: 'agent3', stage: 'text' }), 'INVALID', 'INVALID USER ID');
      assert.deepEqual(err.details, ['agent3', '6666']);
      await rejects(admin.call('agent_ingroup_info', { agent_user: 'nobody', stage: 'text' }), 'INVALID', 'INVALID USER ID');
    });

    it('needs agent API access', async () => {
      await rejects(client('apireports', 'reports99').call('agent_ingroup_info', { agent_user: 'agent1', stage: 'text' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO GET AGENT INFO');
    });
  });

  describe('ingroup_list', () => {
    it('answers an HTML chooser with the active in-groups only', async () => {
      sim.state.inGroups.set('OLDLINE', { group_id: 'OLDLINE', group_name: 'Old line', active: 'N' });
      try {
        const r = await admin.call('ingroup_list', { comments: 'field1' });
        const html = r.data.html;
        for (const g of sim.state.inGroups.values()) {
          assert.equal(html.includes(`choose_file('${g.group_id}','field1')`), g.active === 'Y', g.group_id);
        }
        assert.ok(html.trimEnd().endsWith('</table></div></body></HTML>'));
      } finally {
        sim.state.inGroups.delete('OLDLINE');
      }
    });

    it('checks api_allowed_functions', async () => {
      await rejects(client('apilimited', 'limited99').call('ingroup_list', {}), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  describe('add_group_alias', () => {
    it('adds an alias, defaulting id and name to the number', async () => {
      const r = await admin.call('add_group_alias', { caller_id_number: '3125551000' });
      assert.equal(r.data.result, 'GROUP ALIAS HAS BEEN ADDED');
      assert.equal(r.data.group_alias_id, '3125551000');
      assert.equal(r.data.group_alias_name, '3125551000');
      assert.equal(r.data.caller_id_number, '3125551000');
      const stored = sim.state.groupAliases.get('3125551000');
      assert.equal(stored.active, 'Y');
      assert.equal(stored.user_group, '---ALL---');
    });

    it('keeps a given id and name, and refuses a duplicate id', async () => {
      const r = await admin.call('add_group_alias', { caller_id_number: '3125551001', group_alias_id: 'MAIN_LINE', group_alias_name: 'Main line' });
      assert.equal(r.data.group_alias_id, 'MAIN_LINE');
      assert.equal(r.data.group_alias_name, 'Main line');
      const err = await rejects(admin.call('add_group_alias', { caller_id_number: '3125551002', group_alias_id: 'MAIN_LINE' }), 'DUPLICATE', 'GROUP ALIAS ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', 'MAIN_LINE', '3125551002']);
      assert.equal(sim.state.groupAliases.get('MAIN_LINE').caller_id_number, '3125551001');
    });

    it('rejects a short number and users without ast_admin_access', async () => {
      await rejects(admin.call('add_group_alias', { caller_id_number: '12345' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      await rejects(client('apiagent', 'agentapi9').call('add_group_alias', { caller_id_number: '3125551003' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD GROUP ALIASES');
    });
  });

  describe('server_refresh', () => {
    it('flags every server once and counts the servers it changed', async () => {
      sim.state.servers = [
        { server_ip: '10.0.0.15', active: 'Y', rebuild_conf_files: 'N' },
        { server_ip: '10.0.0.16', active: 'N', rebuild_conf_files: 'N' },
        { server_ip: '10.0.0.17', active: 'Y', rebuild_conf_files: 'Y' },
      ];
      const expected = sim.state.servers.filter((s) => s.rebuild_conf_files !== 'Y').length;
      const r = await admin.call('server_refresh', { stage: 'REFRESH' });
      assert.equal(r.data.result, 'SERVER REFRESH HAS BEEN TRIGGERED');
      assert.equal(r.data.servers_updated, String(expected));
      assert.ok(sim.state.servers.every((s) => s.rebuild_conf_files === 'Y'));
      const again = await admin.call('server_refresh', { stage: 'REFRESH' });
      assert.equal(again.data.servers_updated, '0');
    });

    it('needs REFRESH in stage and ast_admin_access', async () => {
      assert.equal(await post({ function: 'server_refresh', stage: 'GO' }), 'ERROR: server_refresh YOU MUST USE ALL REQUIRED FIELDS: |6666|||\n');
      await rejects(client('apiagent', 'agentapi9').call('server_refresh', { stage: 'REFRESH' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO REFRESH SERVERS');
    });
  });
});
