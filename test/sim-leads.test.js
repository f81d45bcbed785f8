'use strict';
// The simulator's lead functions (add_lead, update_lead, batch_update_lead, check_phone_number,
// update_log_entry) through the real client over HTTP, plus raw bodies where exact lines matter.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { sqlDateTime } = require('../nodes/sim/context');
const { VicidialClient } = require('../nodes/core/client');

/** 14:00 in Chicago, no daylight saving time: 312 numbers are GMT -6.00 and dialable 9am-9pm. */
const WINTER = new Date('2025-01-15T20:00:00Z');
/** Daylight saving time in effect. */
const SUMMER = new Date('2025-07-15T18:00:00Z');

const { rejects } = require('./support/sim');

describe('simulator: lead functions', () => {
  let sim;
  let admin;
  let clients;
  let phoneSeq = 0;
  /** A fresh Chicago number nobody has used in this run. */
  const newPhone = () => `31255570${String(phoneSeq++).padStart(2, '0')}`;
  const client = (user, pass) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0 });
    clients.push(c);
    return c;
  };
  /** A raw POST: the exact body, and parameter values the client refuses to send. */
  const post = async (params, server = sim) => {
    const res = await fetch(`${server.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: '6666', pass: '1234', source: 'test', ...params }),
    });
    return res.text();
  };
  const leadByPhone = (phone) => [...sim.state.leads.values()].find((l) => l.phone_number === phone);
  const seedLead = (vendor) => [...sim.state.leads.values()].find((l) => l.vendor_lead_code === vendor);

  before(async () => {
    sim = await startSimulator({ port: 0, now: () => WINTER });
    clients = [];
    admin = client('6666', '1234');
    const adminFlags = sim.state.users.get('6666').flags;
    sim.state.users.set('noleads', makeUser({ user: 'noleads', pass: 'noleads1', user_level: 9, user_group: 'ADMIN', flags: { ...adminFlags, modify_leads: '0' } }));
    sim.state.users.set('restrict', makeUser({ user: 'restrict', pass: 'restrict1', user_level: 9, user_group: 'OTHERONLY', api_list_restrict: 1, flags: { ...adminFlags } }));
    sim.state.userGroups.add('OTHERONLY');
    if (!sim.state.userGroupSettings) sim.state.userGroupSettings = new Map();
    sim.state.userGroupSettings.set('OTHERONLY', { allowed_campaigns: ' RENEWALS -' });
  });

  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  // -------------------------------------------------------------------------
  describe('add_lead', () => {
    it('inserts the lead and answers phone|list|lead_id|gmt|user', async () => {
      const phone = newPhone();
      const before = sim.state.nextLeadId;
      const r = await admin.call('add_lead', { phone_number: phone, list_id: '101', first_name: 'Ada', last_name: 'Byron', vendor_lead_code: 'V-1' });
      assert.equal(r.data.phone_number, phone);
      assert.equal(r.data.list_id, '101');
      assert.equal(r.data.lead_id, String(before));
      assert.equal(r.data.gmt_offset, '-6.00');
      assert.equal(r.data.user, '6666');
      const lead = sim.state.leads.get(before);
      assert.equal(lead.phone_number, phone);
      assert.equal(lead.first_name, 'Ada');
      assert.equal(lead.status, 'NEW');
      assert.equal(lead.gender, 'U');
      assert.equal(lead.user, '6666');
      assert.equal(lead.gmt_offset_now, '-6.00');
      // findable afterwards
      const found = await admin.call('update_lead', { lead_id: before, no_update: 'Y' });
      assert.equal(found.notices[0].reason, 'LEADS FOUND IN THE SYSTEM');
      assert.equal(found.notices[0].fields.list_id, '101');
    });

    it('defaults list_id to 999 and phone_code to 1; a summer offset includes DST', async () => {
      const summer = await startSimulator({ port: 0, now: () => SUMMER });
      try {
        const body = await post({ function: 'add_lead', phone_number: '3125550177' }, summer);
        const id = summer.state.nextLeadId - 1;
        assert.equal(body, `SUCCESS: add_lead LEAD HAS BEEN ADDED - 3125550177|999|${id}|-5|6666\n`);
        assert.equal(summer.state.leads.get(id).phone_code, '1');
        assert.equal(summer.state.leads.get(id).gmt_offset_now, '-5.00');
        const ca = await post({ function: 'add_lead', phone_number: '4155550177', list_id: '201' }, summer);
        assert.match(ca, /^SUCCESS: add_lead LEAD HAS BEEN ADDED - 4155550177\|201\|\d+\|-7\|6666\n$/);
        const az = await post({ function: 'add_lead', phone_number: '6025550177', list_id: '201' }, summer);
        assert.match(az, /\|-7\.00\|6666\n$/, 'Arizona keeps standard time');
      } finally {
        await summer.stop();
      }
    });

    it('refuses users without modify_leads or below level 8, and functions not allowed', async () => {
      const e = await rejects(client('noleads', 'noleads1').call('add_lead', { phone_number: newPhone() }), 'PERMISSION');
      assert.match(e.raw, /^ERROR: add_lead USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE SYSTEM: \|noleads\|0\|\n$/);
      await rejects(client('apireports', 'reports99').call('add_lead', { phone_number: newPhone() }), 'PERMISSION');
      const limited = await rejects(client('apilimited', 'limited99').call('update_lead', { lead_id: 1001 }), 'PERMISSION');
      assert.equal(limited.raw, 'ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |apilimited|update_lead|\n');
    });

    it('answers Invalid Source on two lines', async () => {
      assert.equal(await post({ function: 'add_lead', phone_number: newPhone(), source: 'x' }), 'ERROR: Invalid Source - x\nERROR: Invalid Source: |x|\n');
    });

    it('validates the phone number: length, prefix, area code', async () => {
      assert.equal(await post({ function: 'add_lead', phone_number: '12345' }), 'ERROR: add_lead INVALID PHONE NUMBER LENGTH - 12345|6666\n');
      assert.equal(await post({ function: 'add_lead', phone_number: '3121550100', usacan_prefix_check: 'Y' }), 'ERROR: add_lead INVALID PHONE NUMBER PREFIX - 3121550100|6666\n');
      assert.equal(await post({ function: 'add_lead', phone_number: '1115550100', usacan_areacode_check: 'Y' }), 'ERROR: add_lead INVALID PHONE NUMBER AREACODE - 1115550100|6666\n');
      const e = await rejects(admin.call('add_lead', { phone_number: '1115550100', usacan_areacode_check: 'Y' }));
      assert.equal(e.fields.phone_number, '1115550100');
    });

    it('reports NANPA options as not loaded (a NOTICE before the result)', async () => {
      const phone = newPhone();
      const body = await post({ function: 'add_lead', phone_number: phone, list_id: '101', nanpa_ac_prefix_check: 'Y' });
      const lines = body.split('\n');
      assert.equal(lines[0], 'NOTICE: add_lead NANPA options disabled, NANPA prefix data not loaded - 0|6666');
      assert.match(lines[1], new RegExp(`^SUCCESS: add_lead LEAD HAS BEEN ADDED - ${phone}\\|101\\|`));
    });

    it('list_exists_check refuses undefined lists', async () => {
      const phone = newPhone();
      const e = await rejects(admin.call('add_lead', { phone_number: phone, list_id: '555', list_exists_check: 'Y' }), 'INVALID');
      assert.equal(e.raw, `ERROR: add_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - ${phone}|555\n`);
      assert.equal(leadByPhone(phone), undefined);
    });

    it('api_list_restrict allows only the lists of the group campaigns', async () => {
      const restricted = client('restrict', 'restrict1');
      const phone = newPhone();
      const e = await rejects(restricted.call('add_lead', { phone_number: phone, list_id: '101' }), 'PERMISSION');
      assert.equal(e.raw, `ERROR: add_lead NOT AN ALLOWED LIST ID - ${phone}|101\n`);
      const ok = await restricted.call('add_lead', { phone_number: phone, list_id: '201' });
      assert.equal(ok.data.list_id, '201');
    });

    it('dnc_check and campaign_dnc_check print the number, campaign and user', async () => {
      const dnc = [...sim.state.dnc][0];
      const e = await rejects(admin.call('add_lead', { phone_number: dnc, dnc_check: 'Y' }));
      assert.equal(e.raw, `ERROR: add_lead PHONE NUMBER IN DNC - ${dnc}|6666\n`);
      assert.equal(e.fields.phone_number, dnc);
      const [camp, nums] = [...sim.state.campaignDnc][0];
      const cnum = [...nums][0];
      const c = await rejects(admin.call('add_lead', { phone_number: cnum, campaign_dnc_check: 'Y', campaign_id: camp }));
      assert.equal(c.raw, `ERROR: add_lead PHONE NUMBER IN CAMPAIGN DNC - ${cnum}|${camp}|6666\n`);
      assert.equal(c.fields.campaign_id, camp);
      // AREACODE matches a whole-area-code entry
      sim.state.dnc.add('909XXXXXXX');
      assert.equal(await post({ function: 'add_lead', phone_number: '9095550100', dnc_check: 'AREACODE' }), 'ERROR: add_lead PHONE NUMBER IN DNC - 9095550100|6666\n');
      // without the check the number is accepted
      assert.match(await post({ function: 'add_lead', phone_number: dnc }), /^SUCCESS: add_lead LEAD HAS BEEN ADDED/);
    });

    it('duplicate_check modes carry the existing lead id (and list, and match type)', async () => {
      const maria = seedLead('CRM-1001'); // list 101 (TESTCAMP)
      const list = async (params) => post({ function: 'add_lead', ...params });
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: maria.list_id, duplicate_check: 'DUPLIST' }),
        `ERROR: add_lead DUPLICATE PHONE NUMBER IN LIST - ${maria.phone_number}|${maria.list_id}|${maria.lead_id}\n`,
      );
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: '102', duplicate_check: 'DUPCAMP' }),
        `ERROR: add_lead DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS - ${maria.phone_number}|102|${maria.lead_id}|${maria.list_id}\n`,
      );
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: '201', duplicate_check: 'DUPSYS' }),
        `ERROR: add_lead DUPLICATE PHONE NUMBER IN SYSTEM - ${maria.phone_number}|201|${maria.lead_id}|${maria.list_id}\n`,
      );
      // DUPCAMP from another campaign's list finds nothing
      assert.match(await list({ phone_number: maria.phone_number, list_id: '201', duplicate_check: 'DUPCAMP' }), /^SUCCESS/);
      // alt_phone matches report ALT
      const alt = newPhone();
      maria.alt_phone = alt;
      const e = await rejects(admin.call('add_lead', { phone_number: alt, list_id: '102', duplicate_check: 'DUPPHONEALTCAMP' }));
      assert.equal(e.reason, 'DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS');
      assert.equal(e.fields.duplicate_lead_id, String(maria.lead_id));
      assert.equal(e.fields.duplicate_list_id, maria.list_id);
      assert.equal(e.fields.duplicate_type, 'ALT');
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: maria.list_id, duplicate_check: 'DUPPHONEALTLIST' }),
        `ERROR: add_lead DUPLICATE PHONE NUMBER IN LIST - ${maria.phone_number}|${maria.list_id}|${maria.lead_id}|PHONE\n`,
      );
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: '201', duplicate_check: 'DUPPHONEALTSYS' }),
        `ERROR: add_lead DUPLICATE PHONE NUMBER IN SYSTEM - ${maria.phone_number}|201|${maria.lead_id}|${maria.list_id}|PHONE\n`,
      );
      maria.title = 'Dr';
      assert.equal(
        await list({ phone_number: newPhone(), list_id: '201', title: 'dr', alt_phone: alt, duplicate_check: 'DUPTITLEALTPHONESYS' }),
        `ERROR: add_lead DUPLICATE TITLE ALT_PHONE IN SYSTEM - dr|${alt}|201|${maria.lead_id}|${maria.list_id}\n`,
      );
      assert.equal(
        await list({ phone_number: maria.phone_number, list_id: maria.list_id, first_name: maria.first_name, last_name: maria.last_name, duplicate_check: 'DUPNAMEPHONELIST' }),
        `ERROR: add_lead DUPLICATE NAME PHONE IN LIST - ${maria.first_name}|${maria.last_name}|${maria.phone_number}|${maria.list_id}|${maria.lead_id}\n`,
      );
      // a different name is not a NAME PHONE duplicate
      assert.match(await list({ phone_number: maria.phone_number, list_id: '201', first_name: 'Other', last_name: maria.last_name, duplicate_check: 'DUPNAMEPHONESYS' }), /^SUCCESS/);
      // modes combine; the first in the server's order wins
      const both = await rejects(admin.call('add_lead', { phone_number: maria.phone_number, list_id: '102', duplicate_check: 'DUPLIST-DUPSYS' }));
      assert.equal(both.reason, 'DUPLICATE PHONE NUMBER IN SYSTEM');
    });

    it('a day limit only looks at recent leads', async () => {
      const sam = seedLead('CRM-1005');
      const saved = sam.entry_date;
      sam.entry_date = sqlDateTime(new Date(WINTER.getTime() - 10 * 86400_000));
      try {
        assert.match(await post({ function: 'add_lead', phone_number: sam.phone_number, list_id: '101', duplicate_check: 'DUPSYS7DAY' }), /^SUCCESS/);
        assert.match(await post({ function: 'add_lead', phone_number: sam.phone_number, list_id: '101', duplicate_check: 'DUPSYS-14DAY' }), new RegExp(`^ERROR: add_lead DUPLICATE PHONE NUMBER IN SYSTEM - ${sam.phone_number}\\|101\\|${sam.lead_id}\\|`));
      } finally {
        sam.entry_date = saved;
      }
    });

    it('add_to_hopper: ADDED TO HOPPER with the hopper id, or OUTSIDE OF LOCAL TIME', async () => {
      const phone = newPhone();
      const r = await admin.call('add_lead', { phone_number: phone, list_id: '101', add_to_hopper: 'Y', hopper_priority: 150 });
      const id = Number(r.data.lead_id);
      const entry = sim.state.hopper.find((h) => h.lead_id === id);
      assert.ok(entry, 'in the hopper');
      assert.equal(entry.campaign_id, sim.state.lists.get('101').campaign_id);
      assert.equal(entry.priority, 99, 'clamped');
      assert.equal(entry.status, 'READY');
      assert.equal(r.raw.split('\n')[1], `NOTICE: add_lead ADDED TO HOPPER - ${phone}|${id}|${entry.hopper_id}|6666`);
      assert.equal(r.notices[0].reason, 'ADDED TO HOPPER');
      assert.equal(r.notices[0].fields.hopper_id, String(entry.hopper_id));

      // 14:00 in Chicago is outside a 5pm-9pm list call time
      sim.state.lists.get('102').local_call_time = '5pm-9pm';
      try {
        const late = newPhone();
        const body = await post({ function: 'add_lead', phone_number: late, list_id: '102', add_to_hopper: 'Y', hopper_local_call_time_check: 'Y' });
        const lead = leadByPhone(late);
        assert.equal(body.split('\n')[1], `NOTICE: add_lead NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME - ${late}|${lead.lead_id}|-6.00|0|6666`);
        assert.equal(sim.state.hopper.some((h) => h.lead_id === lead.lead_id), false);
        // without the check it goes in anyway
        const any = await admin.call('add_lead', { phone_number: newPhone(), list_id: '102', add_to_hopper: 'Y' });
        assert.equal(any.notices[0].reason, 'ADDED TO HOPPER');
      } finally {
        delete sim.state.lists.get('102').local_call_time;
      }
      // remove_from_hopper=Y turns add_to_hopper off
      const none = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101', add_to_hopper: 'Y', remove_from_hopper: 'Y' });
      assert.equal(none.notices.length, 0);
    });

    it('callback=Y: CBHOLD lead and a callback NOTICE in the server order', async () => {
      const phone = newPhone();
      const r = await admin.call('add_lead', {
        phone_number: phone, list_id: '101', callback: 'Y', campaign_id: 'TESTCAMP', callback_datetime: '2025-03-14 10:30:00',
        callback_type: 'USERONLY', callback_user: 'agent1', callback_comments: 'call back',
      });
      const id = Number(r.data.lead_id);
      assert.equal(sim.state.leads.get(id).status, 'CBHOLD');
      assert.equal(r.raw.split('\n')[1], `NOTICE: add_lead SCHEDULED CALLBACK ADDED - ${id}|TESTCAMP|2025-03-14 10:30:00|USERONLY|agent1|CALLBK`);
      const cb = sim.state.callbacks.find((c) => c.lead_id === id);
      assert.equal(cb.user_group, sim.state.users.get('agent1').user_group);
      assert.equal(cb.recipient, 'USERONLY');
      assert.equal(cb.status, 'ACTIVE');

      const any = await post({ function: 'add_lead', phone_number: newPhone(), list_id: '101', callback: 'Y', campaign_id: 'TESTCAMP', callback_datetime: '1DAYS', callback_user: 'agent1' });
      const anyId = sim.state.nextLeadId - 1;
      const tomorrow = sqlDateTime(new Date(WINTER.getTime() + 86400_000));
      assert.equal(any.split('\n')[1], `NOTICE: add_lead SCHEDULED CALLBACK ADDED - ${anyId}|TESTCAMP|${tomorrow}|ANYONE||CALLBK`);

      const badUser = await post({ function: 'add_lead', phone_number: newPhone(), list_id: '101', callback: 'Y', campaign_id: 'TESTCAMP', callback_type: 'USERONLY', callback_user: 'ghost' });
      const badUserId = sim.state.nextLeadId - 1;
      assert.equal(badUser.split('\n')[1], `NOTICE: add_lead SCHEDULED CALLBACK NOT ADDED, USER NOT VALID - ${badUserId}|TESTCAMP|ghost|USERONLY`);
      assert.equal(sim.state.leads.get(badUserId).status, 'CBHOLD', 'status stays CBHOLD');

      const badCamp = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101', callback: 'Y', campaign_id: 'NOCAMP' });
      assert.equal(badCamp.notices[0].reason, 'SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID');
      assert.equal(badCamp.notices[0].fields.lead_id, badCamp.data.lead_id);
    });

    it('custom_fields=Y stores the extra parameters in lead.custom', async () => {
      const phone = newPhone();
      const r = await admin.call('add_lead', { phone_number: phone, list_id: '101', custom_fields: 'Y', favorite_color: 'blue', shoe_size: '42' });
      const lead = sim.state.leads.get(Number(r.data.lead_id));
      assert.deepEqual(lead.custom, { favorite_color: 'blue', shoe_size: '42' });
      assert.equal(lead.entry_list_id, '101');
      assert.equal(r.raw.split('\n')[1], `NOTICE: add_lead CUSTOM FIELDS VALUES ADDED - ${phone}|${lead.lead_id}|101|1`);

      const none = await post({ function: 'add_lead', phone_number: newPhone(), list_id: '201', custom_fields: 'Y' });
      assert.match(none.split('\n')[1], /^NOTICE: add_lead CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST - \d+\|\d+\|201$/);

      // defined fields: every one is written, absent ones empty, --BLANK-- empty
      sim.state.customFieldDefs = new Map([['102', ['plan', 'agent_note']]]);
      try {
        const d = await admin.call('add_lead', { phone_number: newPhone(), list_id: '102', custom_fields: 'Y', plan: 'gold', other: 'x' });
        assert.deepEqual(sim.state.leads.get(Number(d.data.lead_id)).custom, { plan: 'gold', agent_note: '' });
      } finally {
        delete sim.state.customFieldDefs;
      }
      sim.state.customFieldsEnabled = false;
      try {
        const off = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101', custom_fields: 'Y', favorite_color: 'red' });
        assert.equal(off.notices[0].reason, 'CUSTOM FIELDS NOT ADDED, CUSTOM FIELDS DISABLED');
        assert.deepEqual(sim.state.leads.get(Number(off.data.lead_id)).custom, {});
      } finally {
        delete sim.state.customFieldsEnabled;
      }
    });

    it('multi_alt_phones: echoed without newlines, then the LOADED notice', async () => {
      const phone = newPhone();
      const body = await post({ function: 'add_lead', phone_number: phone, list_id: '101', multi_alt_phones: '3125550150_1_work!3125550151__sister' });
      const id = sim.state.nextLeadId - 1;
      assert.equal(body.split('\n')[1], `3125550150|1|work3125550151||sisterNOTICE: add_lead MULTI-ALT-PHONE NUMBERS LOADED - 2|${id}|6666`);
      const rows = sim.state.altPhones.filter((a) => a.lead_id === id);
      assert.deepEqual(rows.map((a) => [a.phone_number, a.phone_code, a.alt_phone_count]), [['3125550150', '1', 1], ['3125550151', '1', 2]]);
    });

    it('lookup_state fills an empty state from the area code', async () => {
      const r = await admin.call('add_lead', { phone_number: '2125550188', list_id: '101', lookup_state: 'Y' });
      assert.equal(sim.state.leads.get(Number(r.data.lead_id)).state, 'NY');
      assert.equal(r.data.gmt_offset, '-5.00');
    });
  });

  // -------------------------------------------------------------------------
  describe('update_lead', () => {
    it('updates by lead_id: SUCCESS with user|lead|affected|||', async () => {
      const john = seedLead('CRM-1002');
      const r = await admin.call('update_lead', { lead_id: john.lead_id, first_name: 'Johnny', city: 'Chicago' });
      assert.equal(r.raw, `SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|${john.lead_id}|1|||\n`);
      assert.equal(r.data.lead_id, String(john.lead_id));
      assert.equal(r.data.affected_rows, '1');
      assert.equal(john.first_name, 'Johnny');
      assert.equal(john.city, 'Chicago');
      // same values again: 0 rows changed
      const again = await admin.call('update_lead', { lead_id: john.lead_id, first_name: 'Johnny' });
      assert.equal(again.data.affected_rows, '0');
    });

    it('searches by vendor_lead_code and phone_number, within a list when asked', async () => {
      const ana = seedLead('CRM-1003');
      const v = await admin.call('update_lead', { vendor_lead_code: 'CRM-1003', search_method: 'VENDOR_LEAD_CODE', comments: 'vip' });
      assert.equal(v.data.lead_id, String(ana.lead_id));
      assert.equal(ana.comments, 'vip');
      const p = await admin.call('update_lead', { phone_number: ana.phone_number, search_method: 'PHONE_NUMBER', email: 'ana@example.com' });
      assert.equal(p.data.lead_id, String(ana.lead_id));
      assert.equal(ana.email, 'ana@example.com');
      // LIST search in another list: nothing
      const e = await rejects(admin.call('update_lead', { phone_number: ana.phone_number, search_method: 'PHONE_NUMBER', search_location: 'LIST', list_id: 201, email: 'x@example.com' }), undefined, 'NO MATCHES FOUND IN THE SYSTEM');
      assert.equal(e.raw, `ERROR: update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|||${ana.phone_number}\n`);
      // CAMPAIGN search from a sister list finds it
      const c = await admin.call('update_lead', { phone_number: ana.phone_number, search_method: 'PHONE_NUMBER', search_location: 'CAMPAIGN', list_id: 102, owner: 'team1' });
      assert.equal(c.data.lead_id, String(ana.lead_id));
      assert.equal(ana.owner, 'team1');
    });

    it('records > 1 updates every match (one SUCCESS line each)', async () => {
      const phone = newPhone();
      const a = await admin.call('add_lead', { phone_number: phone, list_id: '101' });
      const b = await admin.call('add_lead', { phone_number: phone, list_id: '102' });
      const body = await post({ function: 'update_lead', phone_number: phone, search_method: 'PHONE_NUMBER', records: '5', status: 'NI' });
      assert.equal(body.split('\n').filter((l) => l.startsWith('SUCCESS: update_lead LEAD HAS BEEN UPDATED')).length, 2);
      assert.equal(sim.state.leads.get(Number(a.data.lead_id)).status, 'NI');
      assert.equal(sim.state.leads.get(Number(b.data.lead_id)).status, 'NI');
    });

    it('NO VALID SEARCH METHOD when no key is usable', async () => {
      const e = await rejects(admin.call('update_lead', { vendor_lead_code: 'CRM-1001', first_name: 'X' }), 'INVALID');
      assert.equal(e.raw, 'ERROR: update_lead NO VALID SEARCH METHOD - 6666|LEAD_ID||CRM-1001|\n');
    });

    it('no_update=Y only reports', async () => {
      const maria = seedLead('CRM-1001');
      const r = await admin.call('update_lead', { phone_number: maria.phone_number, search_method: 'PHONE_NUMBER', no_update: 'Y', first_name: 'Nope' });
      assert.equal(r.raw, `NOTICE: update_lead LEADS FOUND IN THE SYSTEM: |6666|${maria.lead_id}||${maria.phone_number}|${maria.list_id}|${maria.entry_list_id}\n`);
      assert.equal(r.notices[0].fields.lead_id, String(maria.lead_id));
      assert.equal(maria.first_name, 'Maria');
      const none = await post({ function: 'update_lead', lead_id: '987654', no_update: 'Y' });
      assert.equal(none, 'NOTICE: update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|987654||\n');
    });

    it('insert_if_not_found inserts with the add_lead style line', async () => {
      const phone = newPhone();
      const body = await post({ function: 'update_lead', phone_number: phone, search_method: 'PHONE_NUMBER', insert_if_not_found: 'Y', phone_code: '1', list_id: '201', first_name: 'New' });
      const lead = leadByPhone(phone);
      assert.ok(lead);
      assert.equal(body, `NOTICE: update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|||${phone}\nSUCCESS: update_lead LEAD HAS BEEN ADDED - ${phone}|201|${lead.lead_id}|-6.00|6666\n`);
      assert.equal(lead.first_name, 'New');
      assert.equal(lead.list_id, '201');
      // no phone_code default on this path
      const bad = await post({ function: 'update_lead', phone_number: newPhone(), search_method: 'PHONE_NUMBER', insert_if_not_found: 'Y', list_id: '201' });
      assert.match(bad, /\nERROR: update_lead INVALID DATA FOR LEAD INSERTION - 6666\|\d+\|\|201\|Y\n$/);
    });

    it('delete_lead removes the lead and its callbacks', async () => {
      const r = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101', callback: 'Y', campaign_id: 'TESTCAMP' });
      const id = Number(r.data.lead_id);
      const d = await admin.call('update_lead', { lead_id: id, delete_lead: 'Y' });
      assert.equal(d.raw, `SUCCESS: update_lead LEAD HAS BEEN DELETED 1|1 - 6666|${id}|1|1|1|\n`);
      assert.equal(sim.state.leads.has(id), false);
      assert.equal(sim.state.callbacks.some((c) => c.lead_id === id), false);
      assert.ok(sim.state.callbacksArchive.some((c) => c.lead_id === id));
    });

    it('reset_lead and update_phone_number', async () => {
      const r = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101' });
      const lead = sim.state.leads.get(Number(r.data.lead_id));
      lead.called_since_last_reset = 'Y3';
      const phone = newPhone();
      await admin.call('update_lead', { lead_id: lead.lead_id, reset_lead: 'Y', update_phone_number: 'Y', phone_number: phone });
      assert.equal(lead.called_since_last_reset, 'N');
      assert.equal(lead.phone_number, phone);
    });

    it('callback=Y adds then updates; REMOVE deletes', async () => {
      const r = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101' });
      const id = r.data.lead_id;
      const add = await post({ function: 'update_lead', lead_id: id, callback: 'Y', campaign_id: 'TESTCAMP', callback_datetime: '2025-02-01 09:00:00' });
      assert.equal(add, `NOTICE: update_lead SCHEDULED CALLBACK ADDED - ${id}|TESTCAMP|2025-02-01 09:00:00|ANYONE||CALLBK\n`);
      assert.equal(sim.state.leads.get(Number(id)).status, 'NEW', 'update_lead does not set CBHOLD');
      const upd = await post({ function: 'update_lead', lead_id: id, callback: 'Y', callback_status: 'CBX' });
      assert.equal(upd, `NOTICE: update_lead SCHEDULED CALLBACK UPDATED - ${id}|||||CBX\n`);
      assert.equal(sim.state.callbacks.find((c) => c.lead_id === Number(id)).lead_status, 'CBX');
      const nothing = await post({ function: 'update_lead', lead_id: id, callback: 'Y' });
      assert.equal(nothing, `NOTICE: update_lead SCHEDULED CALLBACK NOT UPDATED, NO FIELDS SPECIFIED - ${id}|\n`);
      const rm = await admin.call('update_lead', { lead_id: id, callback: 'REMOVE' });
      assert.equal(rm.raw, `NOTICE: update_lead SCHEDULED CALLBACK DELETED - 6666|${id}|1|1\n`);
      assert.equal(sim.state.callbacks.some((c) => c.lead_id === Number(id)), false);
    });

    it('custom_fields=Y writes the given labels', async () => {
      const phone = newPhone();
      const r = await admin.call('add_lead', { phone_number: phone, list_id: '101', custom_fields: 'Y', favorite_color: 'blue' });
      const id = Number(r.data.lead_id);
      const u = await post({ function: 'update_lead', lead_id: String(id), custom_fields: 'Y', favorite_color: 'green' });
      assert.equal(u, `NOTICE: update_lead CUSTOM FIELDS VALUES UPDATED - |${id}|101|101|101|1\n`);
      assert.equal(sim.state.leads.get(id).custom.favorite_color, 'green');
    });

    it('hopper: add, already in the hopper, remove', async () => {
      const r = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101' });
      const id = r.data.lead_id;
      const add = await post({ function: 'update_lead', lead_id: id, add_to_hopper: 'Y' });
      const entry = sim.state.hopper.find((h) => h.lead_id === Number(id));
      assert.ok(entry);
      assert.equal(add, `NOTICE: update_lead ADDED TO HOPPER - |${id}|${entry.hopper_id}|6666\n`);
      const again = await admin.call('update_lead', { lead_id: id, add_to_hopper: 'Y' });
      assert.equal(again.notices[0].reason, 'NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER');
      const rm = await post({ function: 'update_lead', lead_id: id, remove_from_hopper: 'Y' });
      assert.equal(rm, `NOTICE: update_lead REMOVED FROM HOPPER - |${id}|READY|6666\n`);
      const rm2 = await post({ function: 'update_lead', lead_id: id, remove_from_hopper: 'Y' });
      assert.equal(rm2, `NOTICE: update_lead NOT REMOVED FROM HOPPER, LEAD IS NOT IN THE HOPPER - |${id}|6666\n`);
    });

    it('api_list_restrict: searching an unallowed list, and results in unallowed lists', async () => {
      const restricted = client('restrict', 'restrict1');
      const maria = seedLead('CRM-1001');
      const s = await rejects(restricted.call('update_lead', { lead_id: maria.lead_id, list_id: 101, first_name: 'X' }), 'PERMISSION');
      assert.equal(s.raw, 'ERROR: update_lead NOT AN ALLOWED LIST ID, SEARCH - |101\n');
      const res = await rejects(restricted.call('update_lead', { lead_id: maria.lead_id, first_name: 'X' }), 'PERMISSION');
      assert.equal(res.raw, `ERROR: update_lead NOT AN ALLOWED LIST ID, RESULTS - ${maria.list_id}\n`);
      assert.equal(maria.first_name, 'Maria');
    });

    it('refuses users without modify_leads', async () => {
      const e = await rejects(client('noleads', 'noleads1').call('update_lead', { lead_id: 1001, first_name: 'X' }), 'PERMISSION');
      assert.equal(e.raw, 'ERROR: update_lead USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM: |noleads|0|\n');
    });
  });

  // -------------------------------------------------------------------------
  describe('batch_update_lead', () => {
    it('updates every listed lead in one go, highest id first', async () => {
      const a = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101' });
      const b = await admin.call('add_lead', { phone_number: newPhone(), list_id: '101' });
      const ids = [Number(a.data.lead_id), Number(b.data.lead_id)];
      const r = await admin.call('batch_update_lead', { lead_ids: `${ids[0]},${ids[1]},999999`, status: 'SALE' });
      assert.equal(r.raw, `SUCCESS: batch_update_lead LEADS HAVE BEEN UPDATED - 6666|2|2|${ids[1]},${ids[0]}\n`);
      assert.equal(r.data.found_count, '2');
      for (const id of ids) assert.equal(sim.state.leads.get(id).status, 'SALE');
    });

    it('errors: no leads, no matches; nothing to change gives an empty body', async () => {
      assert.equal(await post({ function: 'batch_update_lead', lead_ids: '', status: 'SALE' }), 'ERROR: batch_update_lead NO LEADS DEFINED - 6666|\n');
      const e = await rejects(admin.call('batch_update_lead', { lead_ids: '999998,999999', status: 'SALE' }), undefined, 'NO MATCHES FOUND IN THE SYSTEM');
      assert.equal(e.raw, 'ERROR: batch_update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|999998,999999\n');
      assert.equal(await post({ function: 'batch_update_lead', lead_ids: '1001' }), '');
      const nl = await post({ function: 'batch_update_lead', lead_ids: '1001', list_id_field: '555', list_exists_check: 'Y' });
      assert.equal(nl, 'ERROR: batch_update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - 6666|555\n');
    });
  });

  // -------------------------------------------------------------------------
  describe('check_phone_number', () => {
    it('answers one untagged line per method plus PHONE', async () => {
      const maria = seedLead('CRM-1001');
      const r = await admin.call('check_phone_number', { phone_number: maria.phone_number, local_call_time: '9am-9pm', postal_code: '60601', tz_method: 'AREACODEPOSTAL' });
      assert.equal(r.raw, `AREACODE: 1|-6.00#POSTAL: 1|-6.00#PHONE: ${maria.phone_number}|1|60601|||\n`);
      // 14:00 in Chicago is outside 5pm-9pm; TZCODE with a short owner
      const late = await post({ function: 'check_phone_number', phone_number: maria.phone_number, local_call_time: '5pm-9pm', tz_method: 'TZCODE', owner: 'PST' });
      assert.equal(late, `TZCODE: 0|-8.00#PHONE: ${maria.phone_number}|1|||PST|\n`);
    });

    it('errors: call time, phone, DNC, permission', async () => {
      const e = await rejects(admin.call('check_phone_number', { phone_number: '3125550101', local_call_time: 'never' }), 'INVALID');
      assert.equal(e.raw, 'ERROR: check_phone_number THIS IS NOT A VALID CALL TIME: |6666|never|\n');
      assert.equal(await post({ function: 'check_phone_number', phone_number: '12345', local_call_time: '24hours' }), 'ERROR: check_phone_number INVALID PHONE NUMBER LENGTH - 12345|6666\n');
      const dnc = [...sim.state.dnc][0];
      assert.equal(await post({ function: 'check_phone_number', phone_number: dnc, local_call_time: '24hours', dnc_check: 'Y' }), `ERROR: check_phone_number PHONE NUMBER IN DNC - ${dnc}|6666\n`);
      assert.equal(await post({ function: 'check_phone_number', phone_number: '3125550101', local_call_time: '24hours', tz_method: 'NANPA' }), 'ERROR: check_phone_number NANPA options disabled, NANPA prefix data not loaded - 0|6666\n');
      const p = await rejects(client('apireports', 'reports99').call('check_phone_number', { phone_number: '3125550101', local_call_time: '24hours' }), 'PERMISSION');
      assert.equal(p.raw, 'ERROR: check_phone_number USER DOES NOT HAVE PERMISSION TO CHECK PHONE NUMBERS: |apireports||\n');
    });
  });

  // -------------------------------------------------------------------------
  describe('update_log_entry', () => {
    const call = (inbound) => sim.state.calls.find((c) => c.inbound === inbound);
    before(() => {
      // A fixed day may have no generated calls yet: make sure one of each kind exists.
      const lead = seedLead('CRM-1004');
      for (const inbound of [false, true]) {
        if (call(inbound)) continue;
        sim.state.calls.push({
          uniqueid: `${Math.floor(WINTER.getTime() / 1000)}.${inbound ? 2 : 1}`,
          call_id: `${inbound ? 'Y' : 'M'}0115140000${String(lead.lead_id).padStart(10, '0')}`,
          lead_id: lead.lead_id, list_id: lead.list_id, campaign_id: inbound ? 'SALESLINE' : 'TESTCAMP', inbound,
          call_date: sqlDateTime(WINTER), start_epoch: 0, end_epoch: 0, length_in_sec: 10, status: 'NA', phone_code: '1',
          phone_number: lead.phone_number, user: 'VDAD', user_group: '', term_reason: 'CALLER', queue_seconds: 0,
          did_pattern: '', recording_id: '', recording_filename: '', recording_location: '',
        });
      }
    });

    it('changes the status of the latest outbound log row', async () => {
      const c = call(false);
      const latest = sim.state.calls.filter((x) => !x.inbound && x.lead_id === c.lead_id && x.campaign_id === c.campaign_id).sort((a, b) => (a.call_date < b.call_date ? 1 : -1))[0];
      const old = latest.status;
      const status = old === 'XFER' ? 'SALE' : 'XFER';
      const r = await admin.call('update_log_entry', { group: c.campaign_id, call_id: c.call_id, status });
      assert.equal(r.raw, `SUCCESS: update_log_entry RECORD HAS BEEN UPDATED - 6666|6666|${c.campaign_id}|${c.call_id}|${status}|${old}|${latest.uniqueid}|\n`);
      assert.equal(latest.status, status);
      const same = await post({ function: 'update_log_entry', group: c.campaign_id, call_id: c.call_id, status });
      assert.equal(same, `ERROR: update_log_entry NO RECORDS UPDATED: 6666|${c.campaign_id}|${c.call_id}|${status}|${status}|${latest.uniqueid}\n`);
    });

    it('works for in-groups too', async () => {
      const c = call(true);
      const r = await admin.call('update_log_entry', { group: c.campaign_id, call_id: c.call_id, status: 'DROPX' });
      assert.equal(r.success.reason, 'RECORD HAS BEEN UPDATED');
      assert.equal(sim.state.calls.filter((x) => x.inbound && x.lead_id === c.lead_id && x.campaign_id === c.campaign_id).pop().status, 'DROPX');
    });

    it('errors: group not found, no records', async () => {
      const e = await rejects(admin.call('update_log_entry', { group: 'NOGROUP', call_id: 'M0101000000000000001', status: 'SALE' }), 'INVALID');
      assert.equal(e.raw, 'ERROR: update_log_entry GROUP NOT FOUND: 6666|NOGROUP\n');
      assert.equal(await post({ function: 'update_log_entry', group: 'TESTCAMP', call_id: 'M0101000000009999999', status: 'SALE' }), 'ERROR: update_log_entry NO RECORDS FOUND: 6666|TESTCAMP|M0101000000009999999|SALE\n');
      const p = await rejects(client('noleads', 'noleads1').call('update_log_entry', { group: 'TESTCAMP', call_id: 'M0101000000000000001', status: 'SALE' }), 'PERMISSION');
      assert.equal(p.raw, 'ERROR: update_log_entry USER DOES NOT HAVE PERMISSION TO UPDATE LOGS: |noleads|0|\n');
    });
  });
});
