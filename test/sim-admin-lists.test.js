'use strict';
// The simulator's list and campaign administration functions (update_list, list_custom_fields, add_list,
// update_campaign, update_alt_url, update_presets) and lead_status_search, through the real client over HTTP.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');

const { rejects } = require('./support/sim');

describe('simulator: list and campaign administration', () => {
  let sim;
  let admin;
  let clients;
  const client = (user, pass) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0 });
    clients.push(c);
    return c;
  };
  /** A raw POST, for parameter values the client refuses to send and for exact bodies. */
  const post = async (params, user = '6666', pass = '1234') => {
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user, pass, source: 'test', ...params }),
    });
    return res.text();
  };
  const addUser = (user, flags, extra = {}) => {
    const adminFlags = sim.state.users.get('6666').flags;
    sim.state.users.set(user, makeUser({ user, pass: `${user}pw`, user_level: 9, user_group: 'ADMIN', flags: { ...adminFlags, ...flags }, ...extra }));
    return client(user, `${user}pw`);
  };

  before(async () => {
    sim = await startSimulator({ port: 0 });
    clients = [];
    admin = client('6666', '1234');
    // The seed's second campaign id is longer than the 8 characters the client allows: add a short one.
    sim.state.campaigns.set('CAMP2', { ...sim.state.campaigns.get('TESTCAMP'), campaign_id: 'CAMP2', campaign_name: 'Second campaign' });
  });

  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  describe('add_list', () => {
    it('creates a list that list_info then shows (inactive, default expiration)', async () => {
      const r = await admin.call('add_list', { list_id: '3001', list_name: 'Spring leads', campaign_id: 'TESTCAMP' });
      assert.equal(r.data.result, 'LIST HAS BEEN ADDED');
      assert.deepEqual({ ...r.data, result: undefined }, { result: undefined, user: '6666', list_id: '3001', list_name: 'Spring leads', campaign_id: 'TESTCAMP' });
      const info = await admin.call('list_info', { list_id: '3001' });
      assert.equal(info.data.length, 1);
      assert.equal(info.data[0].list_name, 'Spring leads');
      assert.equal(info.data[0].campaign_id, 'TESTCAMP');
      assert.equal(info.data[0].active, 'N');
      assert.equal(info.data[0].expiration_date, '2099-12-31');
      assert.equal(info.data[0].resets_today, 0);
    });

    it('stores active and the optional settings it is given', async () => {
      await admin.call('add_list', { list_id: '3002', list_name: 'Summer', campaign_id: 'CAMP2', active: 'Y', expiration_date: '2030-06-30', local_call_time: '9am-5pm' });
      const list = sim.state.lists.get('3002');
      assert.equal(list.active, 'Y');
      assert.equal(list.expiration_date, '2030-06-30');
      assert.equal(list.local_call_time, '9am-5pm');
    });

    it('reports an existing list id as DUPLICATE', async () => {
      const existing = [...sim.state.lists.keys()][0];
      const err = await rejects(admin.call('add_list', { list_id: existing, list_name: 'Again', campaign_id: 'TESTCAMP' }), 'DUPLICATE', 'LIST ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', existing]);
    });

    it('needs list_id, list_name and campaign_id', async () => {
      const body = await post({ function: 'add_list', list_id: '3003', campaign_id: 'TESTCAMP' });
      assert.equal(body, 'ERROR: add_list YOU MUST USE ALL REQUIRED FIELDS: |6666|3003||TESTCAMP\n');
      await rejects(admin.call('add_list', { list_id: '3003', list_name: 'X', campaign_id: 'TESTCAMP' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.ok(!sim.state.lists.has('3003'));
    });

    it('reports an unknown campaign, script or call time', async () => {
      await rejects(admin.call('add_list', { list_id: '3004', list_name: 'Nowhere', campaign_id: 'NOCAMP' }), 'INVALID', 'CAMPAIGN DOES NOT EXIST');
      const body = await post({ function: 'add_list', list_id: '3004', list_name: 'Nowhere', campaign_id: 'TESTCAMP', local_call_time: 'never' });
      assert.equal(body, 'ERROR: add_list LOCAL CALL TIME DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |6666|never\n');
      const reset = await post({ function: 'add_list', list_id: '3004', list_name: 'Nowhere', campaign_id: 'TESTCAMP', reset_time: '12' });
      assert.equal(reset, 'ERROR: add_list RESET TIME IS NOT VALID, THIS IS AN OPTIONAL FIELD: |6666|12\n');
      assert.ok(!sim.state.lists.has('3004'));
    });

    it('denies users without modify_lists or without the function', async () => {
      const err = await rejects(client('apireports', 'reports99').call('add_list', { list_id: '3005', list_name: 'Denied', campaign_id: 'TESTCAMP' }), 'PERMISSION');
      assert.equal(err.reason, 'USER DOES NOT HAVE PERMISSION TO ADD LISTS');
      assert.equal(await post({ function: 'add_list', list_id: '3005', list_name: 'Denied', campaign_id: 'TESTCAMP' }, 'apireports', 'reports99'),
        'ERROR: add_list USER DOES NOT HAVE PERMISSION TO ADD LISTS: |apireports|0\n');
      await rejects(client('apilimited', 'limited99').call('add_list', { list_id: '3005', list_name: 'Denied', campaign_id: 'TESTCAMP' }), 'PERMISSION');
      assert.ok(!sim.state.lists.has('3005'));
    });
  });

  describe('update_list', () => {
    it('changes settings; an inactive list still takes add_lead, as on the real server', async () => {
      const r = await admin.call('update_list', { list_id: '102', active: 'N', list_name: 'Callbacks old' });
      assert.equal(r.data.result, 'LIST HAS BEEN UPDATED');
      assert.equal(r.data.list_id, '102');
      const info = await admin.call('list_info', { list_id: '102', dialable_count: 'Y' });
      assert.equal(info.data[0].active, 'N');
      assert.equal(info.data[0].list_name, 'Callbacks old');
      assert.equal(info.data[0].dialable_count, 0);
      assert.match(info.data[0].list_changedate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const added = await admin.call('add_lead', { phone_number: '3125557001', list_id: '102' });
      assert.equal(added.data.result, 'LEAD HAS BEEN ADDED');
      assert.equal(sim.state.leads.get(Number(added.data.lead_id)).list_id, '102');
    });

    it('answers NO UPDATES DEFINED as a notice when nothing is to change', async () => {
      assert.equal(await post({ function: 'update_list', list_id: '101' }), 'NOTICE: update_list NO UPDATES DEFINED: |6666|\n');
    });

    it('reports a missing list, and validates the settings in order', async () => {
      const err = await rejects(admin.call('update_list', { list_id: '4444', active: 'Y' }), 'NOT_FOUND', 'LIST DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', '4444']);
      await rejects(admin.call('update_list', { list_id: '101', list_name: 'Short' }), 'INVALID', 'LIST NAME MUST BE FROM 6 TO 30 CHARACTERS');
      assert.equal(await post({ function: 'update_list', list_id: '101', campaign_id: 'NOCAMP', list_name: 'x' }),
        'ERROR: update_list CAMPAIGN DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |6666|NOCAMP\n');
      assert.equal(await post({ function: 'update_list', list_id: '101', active: 'MAYBE' }), 'ERROR: update_list ACTIVE MUST BE Y OR N, THIS IS AN OPTIONAL FIELD: |6666|MAYBE\n');
      assert.equal(await post({ function: 'update_list', list_id: 'x' }), 'ERROR: update_list YOU MUST USE ALL REQUIRED FIELDS: |6666|||\n');
      assert.equal(sim.state.lists.get('101').active, 'Y');
    });

    it('insert_if_not_found=Y runs add_list (its own lines and checks)', async () => {
      const body = await post({ function: 'update_list', list_id: '3010', insert_if_not_found: 'Y', list_name: 'Inserted list', campaign_id: 'TESTCAMP' });
      assert.equal(body,
        'NOTICE: update_list LIST DOES NOT EXIST, SENDING TO add_list FUNCTION: |6666|3010\n' +
        'SUCCESS: add_list LIST HAS BEEN ADDED - 6666|3010|Inserted list|TESTCAMP\n');
      const info = await admin.call('list_info', { list_id: '3010' });
      assert.equal(info.data[0].list_name, 'Inserted list');
      // The add_list checks apply, with add_list as the function token.
      const dup = await post({ function: 'update_list', list_id: '3011', insert_if_not_found: 'Y', campaign_id: 'TESTCAMP' });
      assert.equal(dup, 'NOTICE: update_list LIST DOES NOT EXIST, SENDING TO add_list FUNCTION: |6666|3011\nERROR: add_list YOU MUST USE ALL REQUIRED FIELDS: |6666|3011||TESTCAMP\n');
      const viaClient = await admin.call('update_list', { list_id: '3012', insert_if_not_found: 'Y', list_name: 'Client insert', campaign_id: 'CAMP2' });
      assert.equal(viaClient.data.result, 'LIST HAS BEEN ADDED');
      assert.equal(viaClient.notices[0].reason, 'LIST DOES NOT EXIST, SENDING TO add_list FUNCTION');
      assert.equal(sim.state.lists.get('3012').campaign_id, 'CAMP2');
    });

    it('insert_if_not_found needs add_list among the allowed functions', async () => {
      addUser('onlyupdate', {}, { api_allowed_functions: ' update_list ' });
      const body = await post({ function: 'update_list', list_id: '3013', insert_if_not_found: 'Y', list_name: 'Not allowed', campaign_id: 'TESTCAMP' }, 'onlyupdate', 'onlyupdatepw');
      assert.equal(body, 'NOTICE: update_list LIST DOES NOT EXIST, SENDING TO add_list FUNCTION: |onlyupdate|3013\n' +
        'ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |onlyupdate|add_list|\n');
      assert.ok(!sim.state.lists.has('3013'));
    });

    it('reset_list resets called_since_last_reset and counts the resets of the day', async () => {
      const leads = [...sim.state.leads.values()].filter((l) => l.list_id === '101');
      for (const l of leads) l.called_since_last_reset = 'Y';
      const r = await admin.call('update_list', { list_id: '101', reset_list: 'Y' });
      // Only NOTICE lines: NO UPDATES DEFINED, then the reset with an always-empty count.
      assert.equal(r.raw, 'NOTICE: update_list NO UPDATES DEFINED: |6666|\nNOTICE: update_list LEADS IN LIST HAVE BEEN RESET - 6666|101|\n');
      assert.ok(leads.every((l) => l.called_since_last_reset === 'N'));
      const info = await admin.call('list_info', { list_id: '101' });
      assert.equal(info.data[0].resets_today, 1);
    });

    it('reset_list refuses once the daily reset limit is reached', async () => {
      sim.state.lists.get('201').daily_reset_limit = 1;
      sim.state.lists.get('201').resets_today = 1;
      assert.equal(await post({ function: 'update_list', list_id: '201', reset_list: 'Y' }),
        'NOTICE: update_list NO UPDATES DEFINED: |6666|\nNOTICE: update_list LIST RESET FAILED, daily reset limit reached: 1 / 1 - 6666|201\n');
      assert.equal(sim.state.lists.get('201').resets_today, 1);
    });

    it('moving a list to another campaign drops its hopper rows of the old campaign', async () => {
      sim.state.hopper.push({ lead_id: 1, list_id: '3010', campaign_id: 'TESTCAMP', priority: 0, status: 'READY' });
      sim.state.hopper.push({ lead_id: 2, list_id: '101', campaign_id: 'TESTCAMP', priority: 0, status: 'READY' });
      await admin.call('update_list', { list_id: '3010', campaign_id: 'CAMP2' });
      assert.equal(sim.state.lists.get('3010').campaign_id, 'CAMP2');
      assert.ok(!sim.state.hopper.some((h) => h.list_id === '3010'));
      assert.ok(sim.state.hopper.some((h) => h.list_id === '101'));
    });

    it('delete_leads and delete_list need delete_lists; the denial is a NOTICE that stops', async () => {
      addUser('nodellists', { delete_lists: '0' });
      const denied = await post({ function: 'update_list', list_id: '3002', delete_list: 'Y' }, 'nodellists', 'nodellistspw');
      assert.equal(denied, 'NOTICE: update_list NO UPDATES DEFINED: |nodellists|\nNOTICE: update_list USER DOES NOT HAVE PERMISSION TO DELETE LISTS: |nodellists|0\n');
      assert.ok(sim.state.lists.has('3002'));
      await admin.call('add_lead', { phone_number: '3125557002', list_id: '3002' });
      await admin.call('add_lead', { phone_number: '3125557003', list_id: '3002' });
      const r = await admin.call('update_list', { list_id: '3002', delete_leads: 'Y', delete_list: 'Y' });
      const reasons = r.notices.map((n) => `${n.reason}|${n.details.join('|')}`);
      assert.deepEqual(reasons, ['NO UPDATES DEFINED|6666', 'LIST HAS BEEN DELETED|6666|3002|1', 'LEADS IN LIST HAVE BEEN DELETED|6666|3002|2']);
      assert.ok(!sim.state.lists.has('3002'));
      assert.ok(![...sim.state.leads.values()].some((l) => l.list_id === '3002'));
      await rejects(admin.call('list_info', { list_id: '3002' }), 'NOT_FOUND', 'LIST DOES NOT EXIST');
    });

    it('denies users without modify_lists, and lists outside an api_list_restrict user\'s campaigns', async () => {
      await rejects(client('apireports', 'reports99').call('update_list', { list_id: '101', active: 'N' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE LISTS');
      sim.state.userGroupSettings ??= new Map();
      sim.state.userGroupSettings.set('RESTRICTED', { allowed_campaigns: ' TESTCAMP -' });
      sim.state.userGroups.add('RESTRICTED');
      const restricted = addUser('restricted', {}, { user_group: 'RESTRICTED', api_list_restrict: 1 });
      const err = await rejects(restricted.call('update_list', { list_id: '201', active: 'N' }), 'PERMISSION', 'NOT AN ALLOWED LIST ID');
      assert.deepEqual(err.details, ['201']);
      const ok = await restricted.call('update_list', { list_id: '101', list_description: 'Allowed' });
      assert.equal(ok.data.result, 'LIST HAS BEEN UPDATED');
      assert.equal(sim.state.lists.get('101').columns.list_description, 'Allowed');
    });

    it('custom field commands add, update and delete fields (custom_fields_modify needed)', async () => {
      const noModify = await post({ function: 'update_list', list_id: '101', custom_fields_add: 'Y', field_label: 'shoe_size' });
      assert.equal(noModify, 'NOTICE: update_list USER DOES NOT HAVE PERMISSION TO MODIFY CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |6666|101||0\n' +
        'NOTICE: update_list NO UPDATES DEFINED: |6666|\n');
      addUser('cfadmin', { custom_fields_modify: '1' });
      const auth = ['cfadmin', 'cfadminpw'];
      const missing = await post({ function: 'update_list', list_id: '101', custom_fields_add: 'Y', field_label: 'shoe_size' }, ...auth);
      assert.ok(missing.startsWith('NOTICE: update_list REQUIRED CUSTOM FIELDS VARIABLES ARE MISSING, FIELD NOT ADDED, THIS IS AN OPTIONAL FIELD: |cfadmin|101|shoe_size|||||\n'));
      const fields = { field_label: 'shoe_size', field_name: 'Shoe size', field_size: '5', field_type: 'TEXT', field_rank: '2' };
      const added = await post({ function: 'update_list', list_id: '101', custom_fields_add: 'Y', ...fields }, ...auth);
      assert.ok(added.startsWith('NOTICE: update_list ADD CUSTOM FIELD COMMAND SENT - cfadmin|101|shoe_size|TEXT|SUCCESS: Field added|\n'), added);
      assert.deepEqual(sim.state.customFieldDefs.get('101'), ['shoe_size']);
      const again = await post({ function: 'update_list', list_id: '101', custom_fields_add: 'Y', ...fields }, ...auth);
      assert.ok(again.includes('|ERROR: Field not added|'));
      const updated = await post({ function: 'update_list', list_id: '101', custom_fields_update: 'Y', field_label: 'shoe_size', field_name: 'Size' }, ...auth);
      assert.ok(updated.startsWith('NOTICE: update_list UPDATE CUSTOM FIELD COMMAND SENT - cfadmin|101|shoe_size|TEXT|SUCCESS: Field updated|\n'), updated);
      const unknown = await post({ function: 'update_list', list_id: '101', custom_fields_delete: 'Y', field_label: 'hat_size' }, ...auth);
      assert.ok(unknown.startsWith('NOTICE: update_list FIELD DOES NOT EXIST, FIELD NOT DELETED, THIS IS AN OPTIONAL FIELD: |cfadmin|101|hat_size|\n'));
      // Copy to another list, then delete from the first.
      const copied = await post({ function: 'update_list', list_id: '999', custom_fields_copy: '101' }, ...auth);
      assert.equal(copied, 'NOTICE: update_list NO UPDATES DEFINED: |cfadmin|\nNOTICE: update_list COPY CUSTOM FIELDS COMMAND SENT - cfadmin|999|101|APPEND|SUCCESS: Fields copied|\n');
      assert.deepEqual(sim.state.customFieldDefs.get('999'), ['shoe_size']);
      const deleted = await post({ function: 'update_list', list_id: '101', custom_fields_delete: 'Y', field_label: 'shoe_size' }, ...auth);
      assert.ok(deleted.startsWith('NOTICE: update_list DELETE CUSTOM FIELD COMMAND SENT - cfadmin|101|shoe_size||SUCCESS: Field deleted|\n'), deleted);
      assert.deepEqual(sim.state.customFieldDefs.get('101'), []);
    });
  });

  describe('list_custom_fields', () => {
    it('lists every list with its field labels for ---ALL---', async () => {
      (sim.state.customFieldDefs ??= new Map()).set('201', ['zeta', 'alpha']);
      const r = await admin.call('list_custom_fields', { list_id: '---ALL---' });
      const ids = [...sim.state.lists.keys()].sort((a, b) => Number(a) - Number(b));
      assert.deepEqual(r.data.map((row) => row.list_id), ids.map(Number));
      const row = r.data.find((x) => x.list_id === 201);
      assert.equal(row.custom_fields_list_space_delimited, 'zeta alpha');
      assert.equal(row.list_name, sim.state.lists.get('201').list_name);
      const sorted = await admin.call('list_custom_fields', { list_id: '201', custom_order: 'alpha_up' });
      assert.equal(sorted.data[0].custom_fields_list_space_delimited, 'alpha zeta');
    });

    it('prints a header with header=YES', async () => {
      const body = await post({ function: 'list_custom_fields', list_id: '201', header: 'YES', stage: 'csv' });
      const lines = body.split('\n');
      assert.equal(lines[0], 'list_id,list_name,campaign_id,active,list_changedate,list_lastcalldate,custom_fields_list_space_delimited');
      assert.ok(lines[1].startsWith('201,'));
      assert.ok(lines[1].endsWith(',zeta alpha'));
    });

    it('reports a missing list, a missing list_id and disabled custom fields', async () => {
      await rejects(admin.call('list_custom_fields', { list_id: '4444' }), 'NOT_FOUND', 'LIST DOES NOT EXIST');
      assert.equal(await post({ function: 'list_custom_fields' }), 'ERROR: list_custom_fields YOU MUST USE ALL REQUIRED FIELDS: |6666|||\n');
      sim.state.customFieldsEnabled = false;
      try {
        const err = await rejects(admin.call('list_custom_fields', { list_id: '101' }), 'PERMISSION', 'CUSTOM LIST FIELDS ARE NOT ENABLED');
        assert.deepEqual(err.details, ['6666', 'list_custom_fields']);
      } finally {
        delete sim.state.customFieldsEnabled;
      }
    });

    it('denies users without modify_lists', async () => {
      await rejects(client('apireports', 'reports99').call('list_custom_fields', { list_id: '101' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO MODIFY LISTS');
    });
  });

  describe('update_campaign', () => {
    it('changes settings that campaigns_list then shows', async () => {
      const r = await admin.call('update_campaign', { campaign_id: 'CAMP2', campaign_name: 'Renamed campaign', dial_method: 'MANUAL', dial_timeout: '45' });
      assert.equal(r.data.result, 'CAMPAIGN HAS BEEN UPDATED');
      assert.equal(r.data.campaign_id, 'CAMP2');
      const list = await admin.call('campaigns_list', { campaign_id: 'CAMP2' });
      assert.equal(list.data[0].campaign_name, 'Renamed campaign');
      assert.equal(list.data[0].dial_method, 'MANUAL');
      assert.equal(list.data[0].dial_timeout, 45);
    });

    it('adds and removes dial statuses', async () => {
      const before = sim.state.campaigns.get('CAMP2').dial_statuses ?? ' NEW NA -';
      await admin.call('update_campaign', { campaign_id: 'CAMP2', dial_status_add: 'CALLBK' });
      assert.equal(sim.state.campaigns.get('CAMP2').dial_statuses, ` CALLBK${before}`);
      await admin.call('update_campaign', { campaign_id: 'CAMP2', dial_status_remove: 'CALLBK' });
      assert.equal(sim.state.campaigns.get('CAMP2').dial_statuses, before);
      await rejects(admin.call('update_campaign', { campaign_id: 'CAMP2', dial_status_remove: 'XYZ' }), 'INVALID', 'DIAL STATUS REMOVE FAILURE, NOT AN EXISTING DIAL STATUS');
    });

    it('validates values in order', async () => {
      assert.equal(await post({ function: 'update_campaign', campaign_id: 'TESTCAMP', dial_method: 'FAST', dial_timeout: '500' }),
        'ERROR: update_campaign DIAL METHOD IS NOT VALID, THIS IS AN OPTIONAL FIELD: |6666|FAST\n');
      assert.equal(await post({ function: 'update_campaign', campaign_id: 'TESTCAMP', auto_dial_level: '9' }),
        'ERROR: update_campaign AUTO DIAL LEVEL MUST BE FROM 0 TO 4.001, THIS IS AN OPTIONAL FIELD: |6666|9\n');
      await rejects(admin.call('update_campaign', { campaign_id: 'TESTCAMP', dial_timeout: '500' }), 'INVALID', 'DIAL TIMEOUT MUST BE FROM 1 TO 120');
      await rejects(admin.call('update_campaign', { campaign_id: 'TESTCAMP', lead_filter_id: 'NOFILTER' }), 'INVALID', 'CAMPAIGN LEAD FILTER MUST BE A VALID FILTER');
      assert.equal(sim.state.campaigns.get('TESTCAMP').dial_timeout, undefined);
    });

    it('answers NO UPDATES DEFINED, and resets the hopper on request', async () => {
      sim.state.hopper.push({ lead_id: 3, list_id: '101', campaign_id: 'TESTCAMP', priority: 0, status: 'READY' });
      const body = await post({ function: 'update_campaign', campaign_id: 'TESTCAMP', reset_hopper: 'Y' });
      assert.equal(body, 'NOTICE: update_campaign NO UPDATES DEFINED: |6666|\nNOTICE: update_campaign HOPPER HAS BEEN RESET - 6666|TESTCAMP|\n');
      assert.ok(!sim.state.hopper.some((h) => h.campaign_id === 'TESTCAMP'));
    });

    it('reports a missing campaign and a missing campaign_id', async () => {
      const err = await rejects(admin.call('update_campaign', { campaign_id: 'NOCAMP', active: 'N' }), 'NOT_FOUND', 'CAMPAIGN DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'NOCAMP']);
      assert.equal(await post({ function: 'update_campaign', campaign_id: 'X' }), 'ERROR: update_campaign YOU MUST USE ALL REQUIRED FIELDS: |6666|X||X\n');
    });

    it('denies users without modify_campaigns', async () => {
      const user = addUser('nocampmod', { modify_campaigns: '0' });
      await rejects(user.call('update_campaign', { campaign_id: 'TESTCAMP', active: 'N' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS');
      assert.equal(sim.state.campaigns.get('TESTCAMP').active, 'Y');
    });
  });

  describe('update_alt_url', () => {
    it('refuses while the campaign URL is not set to ALT', async () => {
      const err = await rejects(admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: 'NEW', url_address: 'http://x.example/a' }),
        'INVALID', 'CAMPAIGNS dispo URL IS NOT SET TO ALT');
      assert.deepEqual(err.details, ['6666', 'dispo', 'campaign', 'TESTCAMP']);
    });

    it('adds, lists and updates ALT URLs once dispo_call_url is ALT', async () => {
      await admin.call('update_campaign', { campaign_id: 'TESTCAMP', dispo_call_url: 'ALT' });
      const added = await admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: 'NEW', url_address: 'http://crm.example/dispo', active: 'Y', url_statuses: 'SALE NI' });
      assert.equal(added.data.result, 'ALT URL HAS BEEN ADDED');
      const id = sim.state.altUrls[0].url_id;
      assert.equal(added.data.new_url_id, `NEW URL ID: ${id}`);
      const listed = await admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: 'LIST' });
      assert.equal(listed.data.length, 1);
      assert.equal(listed.data[0].url_id, Number(id));
      assert.equal(listed.data[0].url_address, 'http://crm.example/dispo');
      assert.equal(listed.data[0].url_statuses, 'SALE NI');
      assert.equal(listed.data[0].url_rank, 1);
      const updated = await admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: String(id), url_rank: '3' });
      assert.equal(updated.data.result, 'ALT URL HAS BEEN UPDATED');
      assert.equal(sim.state.altUrls[0].url_rank, '3');
    });

    it('needs a known id once a record has two URLs', async () => {
      await admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: 'NEW', url_address: 'http://crm.example/two' });
      const err = await rejects(admin.call('update_alt_url', { campaign_id: 'TESTCAMP', entry_type: 'campaign', url_type: 'dispo', alt_url_id: '999', url_rank: '2' }),
        'NOT_FOUND', 'ALT URL ID DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', '999', 'dispo', 'campaign', 'TESTCAMP', '2']);
    });

    it('reports empty lists, bad entry or URL types and missing campaigns', async () => {
      const empty = await admin.call('update_alt_url', { campaign_id: 'CAMP2', entry_type: 'campaign', url_type: 'start', alt_url_id: 'LIST' });
      assert.equal(empty.empty, true);
      assert.equal(await post({ function: 'update_alt_url', campaign_id: 'TESTCAMP', entry_type: 'thing', url_type: 'dispo' }),
        'ERROR: update_alt_url NO ENTRY TYPE DEFINED:: |6666|thing|TESTCAMP\n');
      assert.equal(await post({ function: 'update_alt_url', campaign_id: 'TESTCAMP', entry_type: 'list', url_type: 'dispo' }),
        'ERROR: update_alt_url NO VALID URL TYPE DEFINED:: |6666|dispo|list|TESTCAMP\n');
      // In-group URLs are reached through a campaign id only.
      await rejects(admin.call('update_alt_url', { campaign_id: 'SALESLINE', entry_type: 'ingroup', url_type: 'dispo', alt_url_id: 'LIST' }), 'INVALID', 'CAMPAIGN DOES NOT EXIST');
    });

    it('denies users without modify_campaigns', async () => {
      await rejects(client('apireports', 'reports99').call('update_alt_url', { campaign_id: 'TESTCAMP', alt_url_id: 'LIST' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS');
    });
  });

  describe('update_presets', () => {
    it('adds, lists, updates and deletes presets', async () => {
      const added = await admin.call('update_presets', { campaign_id: 'TESTCAMP', action: 'NEW', preset_name: 'Billing', preset_number: '8005551212' });
      assert.equal(added.data.result, 'PRESET HAS BEEN ADDED');
      assert.equal(added.data.preset_name, 'NEW PRESET: Billing');
      await admin.call('update_presets', { campaign_id: 'TESTCAMP', action: 'NEW', preset_name: 'Accounts', preset_number: '8005551313', preset_hide_number: 'Y' });
      const listed = await admin.call('update_presets', { campaign_id: 'TESTCAMP', action: 'LIST' });
      assert.deepEqual(listed.data.map((r) => r.preset_name), ['Accounts', 'Billing']);
      assert.equal(listed.data[0].preset_hide_number, 'Y');
      assert.equal(listed.data[1].preset_number, '8005551212');
      const updated = await admin.call('update_presets', { campaign_id: 'TESTCAMP', preset_name: 'Billing', preset_dtmf: '123#' });
      assert.equal(updated.data.result, 'PRESET HAS BEEN UPDATED');
      assert.equal(sim.state.xferPresets.find((x) => x.preset_name === 'Billing').preset_dtmf, '123#');
      const deleted = await admin.call('update_presets', { campaign_id: 'TESTCAMP', action: 'DELETE', preset_name: 'Billing' });
      assert.equal(deleted.data.result, 'PRESET HAS BEEN DELETED');
      assert.deepEqual(sim.state.xferPresets.map((x) => x.preset_name), ['Accounts']);
    });

    it('needs an existing preset name once a campaign has two presets', async () => {
      await admin.call('update_presets', { campaign_id: 'TESTCAMP', action: 'NEW', preset_name: 'Support', preset_number: '8005551414' });
      const err = await rejects(admin.call('update_presets', { campaign_id: 'TESTCAMP', preset_name: 'Nobody', preset_number: '1' }), 'NOT_FOUND', 'PRESET NAME DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'Nobody', 'TESTCAMP', '2']);
    });

    it('reports empty lists, bad values, missing campaigns and no updates', async () => {
      const empty = await admin.call('update_presets', { campaign_id: 'CAMP2', action: 'LIST' });
      assert.equal(empty.empty, true);
      assert.equal(await post({ function: 'update_presets', campaign_id: 'TESTCAMP', preset_name: 'Support', preset_hide_number: 'X' }),
        'ERROR: update_presets PRESET HIDE NUMBER MUST BE Y OR N, THIS IS AN OPTIONAL FIELD: |6666|X\n');
      assert.equal(await post({ function: 'update_presets', campaign_id: 'TESTCAMP', action: 'NEW', preset_name: 'Empty' }), 'NOTICE: update_presets NO UPDATES DEFINED: |6666|\n');
      await rejects(admin.call('update_presets', { campaign_id: 'NOCAMP', action: 'LIST' }), 'INVALID', 'CAMPAIGN DOES NOT EXIST');
      assert.equal(await post({ function: 'update_presets' }), 'ERROR: update_presets YOU MUST USE ALL REQUIRED FIELDS: |6666|||\n');
    });

    it('denies users without modify_campaigns', async () => {
      assert.equal(await post({ function: 'update_presets', campaign_id: 'TESTCAMP', action: 'LIST' }, 'apireports', 'reports99'),
        'ERROR: update_presets USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS: |apireports|0\n');
    });
  });

  describe('lead_status_search', () => {
    const day = '2026-01-15';
    let leads;
    const call = (lead, inbound, status, time) => ({
      uniqueid: `${lead.lead_id}.${time}`,
      call_id: '',
      lead_id: lead.lead_id,
      list_id: lead.list_id,
      campaign_id: inbound ? 'SALESLINE' : 'TESTCAMP',
      inbound,
      call_date: `${day} ${time}`,
      start_epoch: 0,
      end_epoch: 0,
      length_in_sec: 30,
      status,
      phone_code: '1',
      phone_number: lead.phone_number,
      user: 'agent1',
      user_group: 'AGENTS',
      term_reason: 'AGENT',
      queue_seconds: 0,
      did_pattern: '',
      recording_id: '',
      recording_filename: '',
      recording_location: '',
    });

    before(() => {
      leads = [...sim.state.leads.values()].slice(0, 4);
      sim.state.calls.push(
        call(leads[0], false, 'SALE', '09:00:00'),
        call(leads[0], false, 'SALE', '10:00:00'),
        call(leads[1], true, 'SALE', '11:00:00'),
        call(leads[2], false, 'NI', '12:00:00'),
        { ...call(leads[3], false, 'SALE', '12:00:00'), call_date: '2026-01-16 12:00:00' },
      );
    });

    it('dumps a called lead by lead_id', async () => {
      const lead = leads[2];
      const r = await admin.call('lead_status_search', { lead_id: String(lead.lead_id) });
      const lines = r.raw.trimEnd().split('\n');
      assert.equal(lines[0], ';---------- START OF RECORD 1 ----------');
      assert.equal(lines[1], `lead_id => ${lead.lead_id}`);
      assert.equal(lines[2], `status => ${lead.status}`);
      assert.equal(lines[lines.length - 1], `entry_list_id => ${lead.entry_list_id}`);
      assert.equal(r.data.length, 1);
      assert.equal(r.data[0].lead_id, lead.lead_id);
      assert.equal(r.data[0].status, lead.status);
      assert.equal(r.data[0].phone_number, lead.phone_number);
      assert.equal(r.data[0].first_name, lead.first_name);
      assert.equal(r.data[0].entry_list_id, Number(lead.entry_list_id));
    });

    it('finds the leads called on a day with a status: outbound log first, then inbound', async () => {
      const r = await admin.call('lead_status_search', { status: 'SALE', date: day });
      assert.deepEqual(r.data.map((l) => l.lead_id), [leads[0].lead_id, leads[1].lead_id]);
      assert.ok(r.raw.includes(';---------- START OF RECORD 2 ----------'));
    });

    it('adds the custom fields with custom_fields=Y', async () => {
      const lead = leads[2];
      lead.custom = { favorite: 'blue\tgreen' };
      (sim.state.customFieldDefs ??= new Map()).set(lead.list_id, ['favorite']);
      const r = await admin.call('lead_status_search', { lead_id: String(lead.lead_id), custom_fields: 'Y' });
      assert.ok(r.raw.trimEnd().endsWith('favorite => blue -- green'), r.raw);
      assert.equal(r.data[0].favorite, 'blue -- green');
    });

    it('reports invalid parameters and no results', async () => {
      assert.equal(await post({ function: 'lead_status_search', status: 'SALE' }), 'ERROR: lead_status_search INVALID SEARCH PARAMETERS: 6666|SALE||\n');
      const none = await admin.call('lead_status_search', { status: 'NOSUCH', date: '2001-01-01' });
      assert.equal(none.empty, true);
      assert.equal(await post({ function: 'lead_status_search', lead_id: '99999999' }), 'ERROR: lead_status_search NO RESULTS FOUND: 6666|99999999||\n');
    });

    it('denies users without modify_leads', async () => {
      const err = await rejects(client('apireports', 'reports99').call('lead_status_search', { lead_id: '1001' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO GET LEAD INFO');
      assert.deepEqual(err.details, ['apireports', '0']);
    });
  });
});
