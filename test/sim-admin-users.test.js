'use strict';
// The simulator's user, remote agent, phone and phone alias functions (add_user, copy_user,
// update_user, update_remote_agent, add_phone, update_phone, add_phone_alias, update_phone_alias)
// through the real client over HTTP.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');
const { getFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { MASK } = require('../nodes/core/redact');

const FUNCTIONS = ['add_user', 'copy_user', 'update_user', 'update_remote_agent', 'add_phone', 'update_phone', 'add_phone_alias', 'update_phone_alias'];

const { rejects } = require('./support/sim');

describe('simulator: user, remote agent and phone administration', () => {
  let sim;
  let admin;
  let clients;
  const client = (user, pass, extra = {}) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0, ...extra });
    clients.push(c);
    return c;
  };
  /** A raw POST as 6666, for parameter values the client refuses to send. */
  const post = async (params) => {
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: '6666', pass: '1234', source: 'test', ...params }),
    });
    return res.text();
  };
  /** A raw POST parsed as the client would parse it (throws its VicidialError). */
  const postParsed = async (params) => parseResponse(getFunction(params.function), await post(params));
  const newPhone = (ext, extra = {}) => ({
    extension: ext,
    dialplan_number: `9${ext}`,
    voicemail_id: ext,
    phone_login: `tp${ext}`,
    phone_pass: `pp${ext}x`,
    server_ip: '10.0.0.15',
    protocol: 'SIP',
    registration_password: `rp${ext}x`,
    phone_full_name: `Test phone ${ext}`,
    local_gmt: '-5.00',
    outbound_cid: '3125550199',
    ...extra,
  });
  const phone = (ext) => sim.state.phones.find((p) => p.extension === ext && p.server_ip === '10.0.0.15');
  let admin8;
  let strict9;
  let apiagent;

  before(async () => {
    sim = await startSimulator({ port: 0 });
    clients = [];
    admin = client('6666', '1234');
    // A level-8 administrator without delete rights, and a level-9 one that may not touch level 9.
    sim.state.users.set(
      'admin8',
      makeUser({
        user: 'admin8',
        pass: 'admin8pw',
        user_level: 8,
        user_group: 'ADMIN',
        flags: { vdc_agent_api_access: '1', modify_users: '1', modify_remoteagents: '1', ast_admin_access: '1' },
      }),
    );
    sim.state.users.set(
      'strict9',
      makeUser({ user: 'strict9', pass: 'strict9pw', user_level: 9, user_group: 'ADMIN', flags: { ...sim.state.users.get('6666').flags, modify_same_user_level: '0' } }),
    );
    admin8 = client('admin8', 'admin8pw');
    strict9 = client('strict9', 'strict9pw');
    // Level 8 with API access but neither modify_users, modify_remoteagents nor ast_admin_access.
    apiagent = client('apiagent', 'agentapi9');
  });

  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  it('the catalog marks every function of the group as a write (never retried)', () => {
    for (const name of FUNCTIONS) assert.equal(getFunction(name).write, true, name);
  });

  describe('add_user', () => {
    const input = (extra = {}) => ({ agent_user: 'newagent1', agent_pass: 'Secret77', agent_user_level: 1, agent_full_name: 'New Agent', agent_user_group: 'AGENTS', ...extra });

    it('adds the user with its settings and echoes the new password', async () => {
      const r = await admin.call('add_user', input({ email: 'new.agent@example.com', in_groups: ['SALESLINE', 'SUPPORT'], custom_three: 'CRM9001' }));
      assert.equal(r.data.result, 'USER HAS BEEN ADDED');
      assert.equal(r.data.user, '6666');
      assert.equal(r.data.agent_user, 'newagent1');
      // Not the API password: the client does not know it, so it comes back in clear.
      assert.equal(r.data.agent_pass, 'Secret77');
      assert.equal(r.data.agent_user_level, '1');
      assert.equal(r.data.agent_full_name, 'New Agent');
      assert.equal(r.data.agent_user_group, 'AGENTS');
      const u = sim.state.users.get('newagent1');
      assert.equal(u.pass, 'Secret77');
      assert.equal(u.user_level, 1);
      assert.equal(u.user_group, 'AGENTS');
      assert.equal(u.active, 'Y');
      assert.equal(u.custom_three, 'CRM9001');
      assert.equal(u.columns.email, 'new.agent@example.com');
      assert.equal(u.columns.closer_campaigns, ' SALESLINE SUPPORT -');
      // Defaults of the optional settings.
      assert.equal(u.columns.hotkeys_active, '0');
      assert.equal(u.columns.wrapup_seconds_override, '-1');
      assert.equal(u.columns.agent_choose_ingroups, '1');
    });

    it('masks the echoed password when it is the API password', async () => {
      const r = await admin.call('add_user', input({ agent_user: 'samepass1', agent_pass: '1234' }));
      assert.equal(sim.state.users.get('samepass1').pass, '1234');
      assert.equal(r.data.agent_pass, MASK);
      assert.ok(!r.raw.includes('1234'), r.raw);
      // The "required fields" line echoes it too.
      const err = await rejects(admin.call('add_user', input({ agent_user: 'x', agent_pass: '1234' })), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err.details, ['6666', 'x', MASK, '1', 'New Agent', 'AGENTS']);
      assert.ok(!err.raw.includes('1234'));
    });

    it('masks other echoed passwords only when they are listed in extraSecrets', async () => {
      const careful = client('6666', '1234', { extraSecrets: ['Hidden88'] });
      const r = await careful.call('add_user', input({ agent_user: 'hiddenpw1', agent_pass: 'Hidden88' }));
      assert.equal(sim.state.users.get('hiddenpw1').pass, 'Hidden88');
      assert.equal(r.data.agent_pass, MASK);
    });

    it('picks the next free numeric id for AUTOGENERATE, stepping by 7', async () => {
      sim.state.autoUserAddValue = 5000;
      sim.state.users.set('5000', makeUser({ user: '5000', pass: 'taken5000' }));
      const r = await admin.call('add_user', input({ agent_user: 'AUTOGENERATE' }));
      assert.equal(r.data.agent_user, '5007');
      assert.ok(sim.state.users.has('5007'));
      assert.equal(sim.state.autoUserAddValue, 5007);
    });

    it('reports missing fields with every value echoed', async () => {
      const err = await rejects(admin.call('add_user', input({ agent_user: 'x' })), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err.details, ['6666', 'x', 'Secret77', '1', 'New Agent', 'AGENTS']);
      // The client refuses to send without a required field; the server answers the same way.
      await rejects(admin.call('add_user', { agent_user: 'nofields1' }), 'INVALID', 'agent_pass is required');
      const body = await post({ function: 'add_user', agent_user: 'nofields1', agent_pass: 'pw99' });
      assert.equal(body, 'ERROR: add_user YOU MUST USE ALL REQUIRED FIELDS: |6666|nofields1|pw99|||\n');
      assert.ok(!sim.state.users.has('nofields1'));
    });

    it('needs level 8, vdc_agent_api_access and modify_users, and the function allowed', async () => {
      await rejects(apiagent.call('add_user', input({ agent_user: 'denied1' })), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD USERS');
      const err = await rejects(client('apilimited', 'limited99').call('add_user', input({ agent_user: 'denied1' })), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
      assert.deepEqual(err.details, ['apilimited', 'add_user']);
      assert.ok(!sim.state.users.has('denied1'));
    });

    it('refuses a level at or above the own one (equal only with modify_same_user_level)', async () => {
      const err = await rejects(admin8.call('add_user', input({ agent_user: 'lvl8user', agent_user_level: 8 })), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD USERS IN THIS USER LEVEL');
      assert.deepEqual(err.details, ['admin8', '8', '8']);
      await rejects(strict9.call('add_user', input({ agent_user: 'lvl9user', agent_user_level: 9 })), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD USERS IN THIS USER LEVEL');
      assert.ok(!sim.state.users.has('lvl8user') && !sim.state.users.has('lvl9user'));
      // Below the own level is fine.
      await admin8.call('add_user', input({ agent_user: 'lvl7user', agent_user_level: 7 }));
      assert.equal(sim.state.users.get('lvl7user').user_level, 7);
    });

    it('needs an existing user group the API user may see', async () => {
      const err = await rejects(admin.call('add_user', input({ agent_user: 'nogroup1', agent_user_group: 'NOSUCHGROUP' })), 'INVALID', 'USER GROUP DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'NOSUCHGROUP']);
      sim.state.userGroupSettings = new Map([['ADMIN', { admin_viewable_groups: ' AGENTS -' }]]);
      try {
        await rejects(admin8.call('add_user', input({ agent_user: 'nogroup1', agent_user_group: 'ADMIN' })), 'INVALID', 'USER GROUP DOES NOT EXIST');
      } finally {
        sim.state.userGroupSettings = undefined;
      }
      assert.ok(!sim.state.users.has('nogroup1'));
    });

    it('refuses an existing user id as DUPLICATE', async () => {
      const before = sim.state.users.get('agent1').pass;
      const err = await rejects(admin.call('add_user', input({ agent_user: 'agent1' })), 'DUPLICATE', 'USER ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', 'agent1']);
      assert.equal(sim.state.users.get('agent1').pass, before);
    });
  });

  describe('copy_user', () => {
    it('copies every setting and the rank rows of the source user', async () => {
      const source = sim.state.users.get('agent2');
      sim.state.campaignAgents = [{ user: 'agent2', campaign_id: 'TESTCAMP', campaign_rank: 4, campaign_weight: 4, campaign_grade: 6, calls_today: 12 }];
      sim.state.inboundGroupAgents = [{ user: 'agent2', group_id: 'SALESLINE', group_rank: 3, group_weight: 3, group_grade: 2, calls_today: 5, group_type: 'C', daily_limit: -1 }];
      const r = await admin.call('copy_user', { agent_user: 'agent2copy', agent_pass: 'CopyPw55', agent_full_name: 'Copy Of Ben', source_user: 'agent2' });
      assert.equal(r.data.result, 'USER HAS BEEN COPIED');
      assert.equal(r.data.agent_user, 'agent2copy');
      assert.equal(r.data.agent_pass, 'CopyPw55');
      assert.equal(r.data.agent_full_name, 'Copy Of Ben');
      assert.equal(r.data.source_user, 'agent2');
      const copy = sim.state.users.get('agent2copy');
      assert.equal(copy.pass, 'CopyPw55');
      assert.equal(copy.full_name, 'Copy Of Ben');
      assert.equal(copy.user_level, source.user_level);
      assert.equal(copy.user_group, source.user_group);
      assert.equal(copy.custom_three, source.custom_three);
      assert.deepEqual(copy.flags, source.flags);
      assert.notEqual(copy.flags, source.flags);
      const camp = sim.state.campaignAgents.find((x) => x.user === 'agent2copy');
      assert.deepEqual([camp.campaign_id, camp.campaign_rank, camp.campaign_weight, camp.calls_today], ['TESTCAMP', 4, 4, 0]);
      const grp = sim.state.inboundGroupAgents.find((x) => x.user === 'agent2copy');
      assert.deepEqual([grp.group_id, grp.group_rank, grp.group_type, grp.calls_today], ['SALESLINE', 3, 'C', 0]);
    });

    it('reports an unknown source user as a missing (empty) user group', async () => {
      const err = await rejects(admin.call('copy_user', { agent_user: 'copy2', agent_pass: 'CopyPw55', agent_full_name: 'X', source_user: 'nosuchuser' }), 'INVALID', 'USER GROUP DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666']);
      assert.ok(!sim.state.users.has('copy2'));
    });

    it('applies the level rule to the source user', async () => {
      const level = sim.state.users.get('apiagent').user_level;
      const err = await rejects(admin8.call('copy_user', { agent_user: 'copy3', agent_pass: 'CopyPw55', agent_full_name: 'X', source_user: 'apiagent' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO COPY USERS IN THIS USER LEVEL');
      assert.deepEqual(err.details, ['admin8', String(level), '8']);
      assert.ok(!sim.state.users.has('copy3'));
    });

    it('checks permission, required fields and duplicates', async () => {
      await rejects(apiagent.call('copy_user', { agent_user: 'copy4', agent_pass: 'CopyPw55', agent_full_name: 'X', source_user: 'agent1' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO COPY USERS');
      const err = await rejects(admin.call('copy_user', { agent_user: 'copy4', agent_pass: 'p', agent_full_name: 'X', source_user: 'agent1' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err.details, ['6666', 'copy4', 'p', 'agent1', 'X']);
      await rejects(admin.call('copy_user', { agent_user: 'agent3', agent_pass: 'CopyPw55', agent_full_name: 'X', source_user: 'agent1' }), 'DUPLICATE', 'USER ALREADY EXISTS');
      assert.ok(!sim.state.users.has('copy4'));
      assert.equal(sim.state.users.get('agent3').full_name, 'Cy Agent');
    });
  });

  describe('update_user', () => {
    before(async () => {
      await admin.call('add_user', { agent_user: 'upduser1', agent_pass: 'UpdPw111', agent_user_level: 3, agent_full_name: 'Update Me', agent_user_group: 'AGENTS', email: 'upd@example.com' });
    });

    it('changes the given columns and resets the failed login count', async () => {
      const u = sim.state.users.get('upduser1');
      u.failed_login_count = 4;
      const r = await admin.call('update_user', { agent_user: 'upduser1', agent_full_name: 'Updated Name', agent_user_level: 4, active: 'N', custom_one: 'c-one', phone_login: 'cc101', email: '--BLANK--' });
      assert.equal(r.data.result, 'USER HAS BEEN UPDATED');
      assert.equal(r.data.agent_user, 'upduser1');
      assert.deepEqual(r.notices, []);
      assert.equal(u.full_name, 'Updated Name');
      assert.equal(u.user_level, 4);
      assert.equal(u.active, 'N');
      assert.equal(u.columns.custom_one, 'c-one');
      assert.equal(u.columns.phone_login, 'cc101');
      assert.equal(u.columns.email, '');
      assert.equal(u.failed_login_count, 0);
      // A phone alias is a valid phone login too.
      const alias = [...sim.state.phoneAliases.keys()][0];
      await admin.call('update_user', { agent_user: 'upduser1', phone_login: alias });
      assert.equal(u.columns.phone_login, alias);
    });

    it('reports an unknown user as NOT_FOUND (printing server_ip, not the user)', async () => {
      const err = await rejects(admin.call('update_user', { agent_user: 'nosuchuser', agent_full_name: 'X' }), 'NOT_FOUND', 'USER DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666']);
      assert.equal(await post({ function: 'update_user', agent_user: 'nosuchuser', server_ip: '10.0.0.15' }), 'ERROR: update_user USER DOES NOT EXIST: |6666|10.0.0.15\n');
    });

    it('needs the target below the own level and prints an extra empty line', async () => {
      const err = await rejects(admin8.call('update_user', { agent_user: '6666', agent_full_name: 'Hijack' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE THIS USER');
      assert.deepEqual(err.details, ['admin8', '6666', '<=', '8']);
      assert.ok(err.raw.endsWith('|8\n\n'), JSON.stringify(err.raw));
      // Without modify_same_user_level, an equal level is refused too.
      const err2 = await rejects(strict9.call('update_user', { agent_user: '6666', agent_full_name: 'Hijack' }), 'PERMISSION');
      assert.deepEqual(err2.details, ['strict9', '6666', '<', '9']);
      assert.equal(sim.state.users.get('6666').full_name, 'Admin');
    });

    it('validates the optional fields in order', async () => {
      let err = await rejects(admin.call('update_user', { agent_user: 'upduser1', agent_user_level: 10 }), 'INVALID', 'YOU MUST USE A VALID USER LEVEL');
      assert.deepEqual(err.details, ['6666', '10', '9', '1']);
      err = await rejects(admin.call('update_user', { agent_user: 'upduser1', agent_user_group: 'NOSUCHGROUP' }), 'INVALID', 'YOU MUST USE A VALID USER GROUP');
      assert.deepEqual(err.details, ['6666', 'NOSUCHGROUP', '0']);
      err = await rejects(admin.call('update_user', { agent_user: 'upduser1', phone_login: 'nophone' }), 'INVALID', 'YOU MUST USE A VALID PHONE LOGIN');
      assert.deepEqual(err.details, ['6666', 'nophone', '0', '0']);
      err = await rejects(admin.call('update_user', { agent_user: 'upduser1', email: 'a@b' }), 'INVALID', 'YOU MUST USE A VALID EMAIL');
      err = await rejects(admin.call('update_user', { agent_user: 'upduser1', wrapup_seconds_override: 10000 }), 'INVALID', 'wrapup_seconds_override MUST BE A VALID DIGIT');
      assert.deepEqual(err.details, ['6666', '10000']);
      // The first invalid field wins, and nothing is written.
      err = await rejects(admin.call('update_user', { agent_user: 'upduser1', agent_full_name: 'Not Written', hotkeys_active: '1', voicemail_id: 'x' }), 'INVALID', 'YOU MUST USE A VALID VOICEMAIL ID');
      assert.equal(sim.state.users.get('upduser1').full_name, 'Updated Name');
      const body = await post({ function: 'update_user', agent_user: 'upduser1', active: 'y' });
      assert.equal(body, 'ERROR: update_user NO UPDATES DEFINED: |6666|\n');
    });

    it('rank-only calls write the ranks, then end with NOTICE + ERROR NO UPDATES DEFINED', async () => {
      const body = await post({ function: 'update_user', agent_user: 'upduser1', campaign_rank: '7', campaign_grade: '9' });
      assert.equal(body, 'NOTICE: update_user USER CAMPAIGN RANKS/GRADES HAVE BEEN UPDATED - 6666|upduser1|7|9\nERROR: update_user NO UPDATES DEFINED: |6666|\n');
      const rows = sim.state.campaignAgents.filter((x) => x.user === 'upduser1');
      assert.deepEqual(rows.map((x) => x.campaign_id).sort(), [...sim.state.campaigns.keys()].sort());
      for (const x of rows) assert.deepEqual([x.campaign_rank, x.campaign_weight, x.campaign_grade], [7, 7, 9]);
      // Through the client this partial success is an INVALID error whose raw keeps the NOTICE.
      const err = await rejects(admin.call('update_user', { agent_user: 'upduser1', ingroup_rank: -2, ingrp_rg_only: '1', group_id: 'SUPPORT' }), 'INVALID', 'NO UPDATES DEFINED');
      assert.ok(err.raw.startsWith('NOTICE: update_user USER IN-GROUP RANKS/GRADES HAVE BEEN UPDATED - 6666|upduser1|-2||SUPPORT|1\n'), err.raw);
      const groupRows = sim.state.inboundGroupAgents.filter((x) => x.user === 'upduser1');
      assert.deepEqual(groupRows.map((x) => [x.group_id, x.group_rank, x.group_grade]), [['SUPPORT', -2, 1]]);
    });

    it('reports the rank NOTICE beside the SUCCESS when a column changes too', async () => {
      const r = await admin.call('update_user', { agent_user: 'upduser1', campaign_rank: 2, camp_rg_only: '1', campaign_id: 'TESTCAMP', custom_two: 'two' });
      assert.equal(r.data.result, 'USER HAS BEEN UPDATED');
      assert.equal(r.notices.length, 1);
      assert.equal(r.notices[0].reason, 'USER CAMPAIGN RANKS/GRADES HAVE BEEN UPDATED');
      assert.deepEqual(r.notices[0].fields, { user: '6666', agent_user: 'upduser1', campaign_rank: '2', campaign_grade: '', campaign_id: 'TESTCAMP', camp_rg_only: '1' });
      const byCampaign = Object.fromEntries(sim.state.campaignAgents.filter((x) => x.user === 'upduser1').map((x) => [x.campaign_id, x.campaign_rank]));
      assert.equal(byCampaign.TESTCAMP, 2);
      assert.equal(byCampaign.RENEWALS, 7);
      assert.equal(sim.state.users.get('upduser1').columns.custom_two, 'two');
    });

    it('keeps a written NOTICE in front of a later validation ERROR', async () => {
      const body = await post({ function: 'update_user', agent_user: 'upduser1', campaign_rank: '1', ingroup_grade: '11' });
      assert.equal(
        body,
        'NOTICE: update_user USER CAMPAIGN RANKS/GRADES HAVE BEEN UPDATED - 6666|upduser1|1|\nERROR: update_user YOU MUST USE A VALID IN-GROUP GRADE, THIS IS AN OPTIONAL FIELD: |6666|11\n',
      );
      assert.ok(sim.state.campaignAgents.filter((x) => x.user === 'upduser1').every((x) => x.campaign_rank === 1));
      await rejects(admin.call('update_user', { agent_user: 'upduser1', campaign_rank: 3, ingroup_grade: 11 }), 'INVALID', 'YOU MUST USE A VALID IN-GROUP GRADE');
    });

    it('resets the password by mail (NOTICE), or says why it could not', async () => {
      const u = sim.state.users.get('upduser1');
      // Its e-mail was blanked above: no valid address.
      let err = await rejects(admin.call('update_user', { agent_user: 'upduser1', reset_password: 8 }), 'INVALID', 'NO UPDATES DEFINED');
      assert.ok(err.raw.startsWith('NOTICE: update_user USER PASSWORD RESET FAILED: NO VALID EMAIL PROVIDED - 6666|upduser1|\n'), err.raw);
      const r = await admin.call('update_user', { agent_user: 'upduser1', reset_password: 10, email: 'reset.me@example.com' });
      assert.equal(r.data.result, 'USER HAS BEEN UPDATED');
      assert.equal(r.notices[0].reason, 'USER PASSWORD HAS BEEN RESET');
      assert.deepEqual(r.notices[0].fields, { user: '6666', agent_user: 'upduser1', email: 'reset.me@example.com' });
      const mail = sim.state.sentMail[sim.state.sentMail.length - 1];
      assert.equal(mail.to, 'reset.me@example.com');
      const newPass = mail.message.split(': ')[1];
      assert.equal(newPass.length, 10);
      assert.equal(u.pass, newPass);
      assert.equal(u.columns.force_change_password, 'Y');
      // The stored address is used when none is sent; a failing mail() leaves the password alone.
      sim.state.mailError = 'mail(): Could not execute mail delivery program';
      try {
        err = await rejects(admin.call('update_user', { agent_user: 'upduser1', reset_password: 8 }), 'INVALID', 'NO UPDATES DEFINED');
      } finally {
        sim.state.mailError = undefined;
      }
      assert.ok(err.raw.startsWith('NOTICE: update_user USER PASSWORD RESET FAILED: EMAIL FAILURE - 6666|upduser1|reset.me@example.com|mail(): Could not execute mail delivery program\n'), err.raw);
      assert.equal(u.pass, newPass);
    });

    it('deletes a user only with delete_users', async () => {
      await admin.call('add_user', { agent_user: 'deleteme1', agent_pass: 'DelPw111', agent_user_level: 1, agent_full_name: 'Delete Me', agent_user_group: 'AGENTS' });
      const err = await rejects(admin8.call('update_user', { agent_user: 'deleteme1', delete_user: 'Y' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE USERS');
      assert.deepEqual(err.details, ['admin8', '0']);
      assert.ok(sim.state.users.has('deleteme1'));
      const r = await admin.call('update_user', { agent_user: 'deleteme1', delete_user: 'Y' });
      assert.equal(r.data.result, 'USER HAS BEEN DELETED');
      assert.equal(r.data.agent_user, 'deleteme1');
      assert.ok(!sim.state.users.has('deleteme1'));
    });

    it('checks permission and the agent_user length first', async () => {
      await rejects(apiagent.call('update_user', { agent_user: 'agent1', agent_full_name: 'X' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE USERS');
      const err = await rejects(admin.call('update_user', { agent_user: 'a', agent_full_name: 'X' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err.details, ['6666', 'a']);
      assert.equal(await post({ function: 'update_user', agent_user: 'a'.repeat(21) }), `ERROR: update_user YOU MUST USE ALL REQUIRED FIELDS: |6666|${'a'.repeat(21)}|\n`);
      assert.equal(sim.state.users.get('agent1').full_name, 'Ada Agent');
    });
  });

  describe('update_remote_agent', () => {
    const remote = () => sim.state.remoteAgents.find((r) => r.user_start === 'agent3');

    it('changes lines, campaign and status', async () => {
      sim.state.campaigns.set('CAMP2', { ...sim.state.campaigns.get('TESTCAMP'), campaign_id: 'CAMP2', campaign_name: 'Second' });
      const r = await admin.call('update_remote_agent', { agent_user: 'agent3', number_of_lines: 3, campaign_id: 'CAMP2', status: 'ACTIVE' });
      assert.equal(r.data.result, 'REMOTE AGENT HAS BEEN UPDATED');
      assert.equal(r.data.agent_user, 'agent3');
      assert.deepEqual([remote().number_of_lines, remote().campaign_id, remote().status], [3, 'CAMP2', 'ACTIVE']);
    });

    it('reports an unchanged status with a NOTICE (then NO UPDATES DEFINED when nothing else changes)', async () => {
      const status = remote().status;
      const body = await post({ function: 'update_remote_agent', agent_user: 'agent3', status });
      assert.equal(body, `NOTICE: update_remote_agent REMOTE AGENT IS ALREADY ${status}: |6666|agent3\nERROR: update_remote_agent NO UPDATES DEFINED: |6666|\n`);
      await rejects(admin.call('update_remote_agent', { agent_user: 'agent3', status }), 'INVALID', 'NO UPDATES DEFINED');
      const r = await admin.call('update_remote_agent', { agent_user: 'agent3', status, number_of_lines: 2 });
      assert.equal(r.notices[0].reason, `REMOTE AGENT IS ALREADY ${status}`);
      assert.deepEqual(r.notices[0].fields, { user: '6666', agent_user: 'agent3' });
      assert.equal(remote().number_of_lines, 2);
    });

    it('validates lines and campaign', async () => {
      let err = await rejects(admin.call('update_remote_agent', { agent_user: 'agent3', number_of_lines: 1000 }), 'INVALID', 'YOU MUST USE A VALID NUMBER OF LINES');
      assert.deepEqual(err.details, ['6666', '1000']);
      err = await rejects(admin.call('update_remote_agent', { agent_user: 'agent3', campaign_id: 'NOCAMP' }), 'INVALID', 'YOU MUST USE A VALID CAMPAIGN ID');
      assert.deepEqual(err.details, ['6666', 'NOCAMP', '0']);
      // Campaign ids have at most 8 characters: a longer one is refused even when it exists.
      sim.state.campaigns.set('LONGCAMP9', { ...sim.state.campaigns.get('TESTCAMP'), campaign_id: 'LONGCAMP9' });
      assert.equal(await post({ function: 'update_remote_agent', agent_user: 'agent3', campaign_id: 'LONGCAMP9' }), 'ERROR: update_remote_agent YOU MUST USE A VALID CAMPAIGN ID, THIS IS AN OPTIONAL FIELD: |6666|LONGCAMP9|1\n');
      sim.state.campaigns.delete('LONGCAMP9');
      assert.equal(remote().campaign_id, 'CAMP2');
    });

    it('reports a missing remote agent, missing fields and permissions', async () => {
      const err = await rejects(admin.call('update_remote_agent', { agent_user: 'agent1', status: 'ACTIVE' }), 'NOT_FOUND', 'REMOTE AGENT DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666']);
      await rejects(admin.call('update_remote_agent', { agent_user: 'a', status: 'ACTIVE' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      await rejects(apiagent.call('update_remote_agent', { agent_user: 'agent3', status: 'INACTIVE' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE REMOTE AGENTS');
      // A remote agent whose user is above the API user's level.
      sim.state.remoteAgents.push({ remote_agent_id: 2, user_start: '6666', number_of_lines: 1, server_ip: '10.0.0.15', conf_exten: '8301', status: 'INACTIVE', campaign_id: 'TESTCAMP', closer_campaigns: '' });
      const err2 = await rejects(admin8.call('update_remote_agent', { agent_user: '6666', status: 'ACTIVE' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE THIS REMOTE AGENT');
      assert.deepEqual(err2.details, ['admin8', '6666', '<=', '8']);
      assert.equal(sim.state.remoteAgents.find((r) => r.user_start === '6666').status, 'INACTIVE');
    });
  });

  describe('add_phone', () => {
    it('adds the phone and flags its server for a configuration rebuild', async () => {
      sim.state.servers = [{ server_ip: '10.0.0.15', active: 'Y', rebuild_conf_files: 'N' }];
      const r = await admin.call('add_phone', newPhone('201', { email: 'desk201@example.com' }));
      assert.equal(r.data.result, 'PHONE HAS BEEN ADDED');
      assert.deepEqual([r.data.extension, r.data.server_ip, r.data.protocol, r.data.dialplan_number], ['201', '10.0.0.15', 'SIP', '9201']);
      const p = phone('201');
      assert.deepEqual([p.login, p.pass, p.conf_secret, p.fullname, p.local_gmt, p.outbound_cid], ['tp201', 'pp201x', 'rp201x', 'Test phone 201', '-5.00', '3125550199']);
      assert.deepEqual([p.phone_context, p.user_group, p.active, p.status, p.email], ['default', '---ALL---', 'Y', 'ACTIVE', 'desk201@example.com']);
      assert.equal(sim.state.servers[0].rebuild_conf_files, 'Y');
    });

    it('refuses an extension already on the server and a login already used', async () => {
      let err = await rejects(admin.call('add_phone', newPhone('201', { phone_login: 'tp201b' })), 'DUPLICATE', 'PHONE ALREADY EXISTS ON THIS SERVER');
      assert.deepEqual(err.details, ['6666', '10.0.0.15', '201']);
      err = await rejects(admin.call('add_phone', newPhone('202', { phone_login: 'tp201' })), 'DUPLICATE', 'PHONE LOGIN ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', 'tp201']);
      assert.equal(phone('202'), undefined);
    });

    it('needs an existing server, a valid time zone and an existing template', async () => {
      let err = await rejects(admin.call('add_phone', newPhone('203', { server_ip: '10.9.9.9' })), 'INVALID', 'SERVER DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', '10.9.9.9']);
      err = await rejects(postParsed({ function: 'add_phone', ...newPhone('203', { local_gmt: '-5' }) }), 'INVALID', 'YOU MUST USE A VALID TIMEZONE');
      assert.deepEqual(err.details, ['6666', '-5']);
      err = await rejects(admin.call('add_phone', newPhone('203', { template_id: 'NOTEMPLATE' })), 'INVALID', 'TEMPLATE ID DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'tp203', 'NOTEMPLATE']);
      assert.equal(phone('203'), undefined);
      sim.state.confTemplates = new Set(['SIPTEMPLATE']);
      await admin.call('add_phone', newPhone('203', { template_id: 'SIPTEMPLATE', is_webphone: 'Y', on_hook_agent: 'N' }));
      assert.deepEqual(phone('203').columns, { is_webphone: 'Y', template_id: 'SIPTEMPLATE', on_hook_agent: 'N' });
    });

    it('echoes both passwords in the required-fields line (a bad protocol lands there too)', async () => {
      const body = await post({ function: 'add_phone', ...newPhone('204', { protocol: 'H323' }) });
      assert.equal(body, 'ERROR: add_phone YOU MUST USE ALL REQUIRED FIELDS: |6666|204|9204|204|tp204|pp204x|10.0.0.15|H323|rp204x|Test phone 204|-5.00|3125550199\n');
      // The API password is masked wherever it is echoed.
      const err = await rejects(admin.call('add_phone', newPhone('204', { dialplan_number: '9', phone_pass: '1234' })), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.equal(err.details[5], MASK);
      assert.ok(!err.raw.includes('1234'));
      assert.equal(phone('204'), undefined);
    });

    it('needs ast_admin_access', async () => {
      await rejects(apiagent.call('add_phone', newPhone('205')), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD PHONES');
      assert.equal(phone('205'), undefined);
    });
  });

  describe('update_phone', () => {
    before(async () => {
      await admin.call('add_phone', newPhone('301'));
      await admin.call('add_phone', newPhone('302'));
    });

    it('changes the given columns', async () => {
      const r = await admin.call('update_phone', { extension: '301', server_ip: '10.0.0.15', phone_full_name: 'Renamed', protocol: 'IAX2', active: 'N', outbound_cid: '3125550111', phone_ring_timeout: 45, email: 'x301@example.com' });
      assert.equal(r.data.result, 'PHONE HAS BEEN UPDATED');
      assert.deepEqual([r.data.extension, r.data.server_ip], ['301', '10.0.0.15']);
      const p = phone('301');
      assert.deepEqual([p.fullname, p.protocol, p.active, p.outbound_cid, p.email, p.columns.phone_ring_timeout], ['Renamed', 'IAX2', 'N', '3125550111', 'x301@example.com', '45']);
      assert.equal(p.columns.install_directory, '');
      await admin.call('update_phone', { extension: '301', server_ip: '10.0.0.15', email: '--BLANK--' });
      assert.equal(p.email, '');
    });

    it('answers SUCCESS even with nothing to change', async () => {
      const before = { ...phone('302') };
      const r = await admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15' });
      assert.equal(r.data.result, 'PHONE HAS BEEN UPDATED');
      assert.equal(phone('302').fullname, before.fullname);
    });

    it('validates in order and reports the first problem', async () => {
      let err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', phone_full_name: 'X' }), 'INVALID', 'YOU MUST USE A VALID PHONE NAME');
      assert.deepEqual(err.details, ['6666', 'X']);
      err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', dialplan_number: '12', phone_pass: 'x' }), 'INVALID', 'YOU MUST USE A VALID PHONE PASSWORD');
      // The ring-timeout error prints outbound_alt_cid as its data.
      err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', phone_ring_timeout: 1, outbound_alt_cid: '3125550122' }), 'INVALID', 'PHONE RING TIMEOUT MUST BE FROM 2 TO 180 SECONDS');
      assert.deepEqual(err.details, ['6666', '3125550122']);
      err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', outbound_cid: '12345' }), 'INVALID', 'OUTBOUND CID MUST BE FROM 6 TO 18 DIGITS');
      assert.equal(phone('302').dialplan_number, '9302');
    });

    it('refuses a login used by a phone on another extension and server', async () => {
      sim.state.servers.push({ server_ip: '10.0.0.16', active: 'Y', rebuild_conf_files: 'N' });
      await admin.call('add_phone', newPhone('399', { server_ip: '10.0.0.16', phone_login: 'otherbox' }));
      const err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', phone_login: 'otherbox' }), 'DUPLICATE', 'LOGIN ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', 'otherbox']);
      assert.equal(phone('302').login, 'tp302');
    });

    it('reports a missing server as INVALID (a reference) and the phone being updated as NOT_FOUND', async () => {
      let err = await rejects(admin.call('update_phone', { extension: '302', server_ip: '10.9.9.9', active: 'Y' }), 'INVALID', 'SERVER DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', '10.9.9.9']);
      err = await rejects(admin.call('update_phone', { extension: '777', server_ip: '10.0.0.15', active: 'Y' }), 'NOT_FOUND', 'PHONE DOES NOT EXIST ON THIS SERVER');
      assert.deepEqual(err.details, ['6666', '10.0.0.15', '777']);
    });

    it('deletes with ast_delete_phones; without it the server only answers a NOTICE, reported as PERMISSION', async () => {
      const err = await rejects(admin8.call('update_phone', { extension: '302', server_ip: '10.0.0.15', delete_phone: 'Y' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE PHONES');
      assert.ok(err.raw.startsWith('NOTICE: update_phone USER DOES NOT HAVE PERMISSION TO DELETE PHONES'), err.raw);
      assert.ok(phone('302'));
      const d = await admin.call('update_phone', { extension: '302', server_ip: '10.0.0.15', delete_phone: 'Y' });
      assert.equal(d.data.result, 'PHONE HAS BEEN DELETED');
      assert.equal(phone('302'), undefined);
    });

    it('checks permission and required fields', async () => {
      await rejects(apiagent.call('update_phone', { extension: '301', server_ip: '10.0.0.15' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE PHONES');
      const err = await rejects(admin.call('update_phone', { extension: '3', server_ip: '10.0.0.15' }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err.details, ['6666', '3', '10.0.0.15']);
    });
  });

  describe('add_phone_alias / update_phone_alias', () => {
    const logins = () => sim.state.phones.slice(0, 2).map((p) => p.login);

    it('adds an alias of existing phone logins', async () => {
      const r = await admin.call('add_phone_alias', { alias_id: 'alias1', alias_name: 'Alias One', phone_logins: logins() });
      assert.equal(r.data.result, 'PHONE ALIAS HAS BEEN ADDED');
      assert.deepEqual([r.data.alias_id, r.data.alias_name, r.data.phone_logins], ['alias1', 'Alias One', logins().join(',')]);
      assert.deepEqual(sim.state.phoneAliases.get('alias1'), { alias_id: 'alias1', alias_name: 'Alias One', logins_list: logins().join(',') });
    });

    it('refuses a duplicate alias, an unknown login and missing fields', async () => {
      await rejects(admin.call('add_phone_alias', { alias_id: 'alias1', alias_name: 'Again', phone_logins: logins() }), 'DUPLICATE', 'PHONE ALIAS ALREADY EXISTS');
      const err = await rejects(admin.call('add_phone_alias', { alias_id: 'alias2', alias_name: 'Two', phone_logins: [logins()[0], 'nophone'] }), 'INVALID', 'PHONE DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'nophone']);
      const err2 = await rejects(admin.call('add_phone_alias', { alias_id: 'a', alias_name: 'Two', phone_logins: logins() }), 'INVALID', 'YOU MUST USE ALL REQUIRED FIELDS');
      assert.deepEqual(err2.details, ['6666', 'a', 'Two', logins().join(',')]);
      assert.ok(!sim.state.phoneAliases.has('alias2'));
      await rejects(apiagent.call('add_phone_alias', { alias_id: 'alias3', alias_name: 'Three', phone_logins: logins() }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD PHONE ALIASES');
    });

    it('renames and re-points an alias', async () => {
      const r = await admin.call('update_phone_alias', { alias_id: 'alias1', alias_name: 'Alias Renamed', phone_logins: [logins()[1]] });
      assert.equal(r.data.result, 'PHONE ALIAS HAS BEEN UPDATED');
      assert.equal(r.data.alias_id, 'alias1');
      assert.deepEqual(sim.state.phoneAliases.get('alias1'), { alias_id: 'alias1', alias_name: 'Alias Renamed', logins_list: logins()[1] });
    });

    it('validates the name and logins, and reports a missing alias', async () => {
      let err = await rejects(admin.call('update_phone_alias', { alias_id: 'alias1', alias_name: 'X' }), 'INVALID', 'YOU MUST USE A VALID ALIAS NAME');
      assert.deepEqual(err.details, ['6666', 'X']);
      err = await rejects(admin.call('update_phone_alias', { alias_id: 'alias1', phone_logins: ['nophone'] }), 'INVALID', 'PHONE DOES NOT EXIST');
      err = await rejects(admin.call('update_phone_alias', { alias_id: 'noalias', alias_name: 'Name' }), 'NOT_FOUND', 'PHONE ALIAS DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'noalias']);
      await rejects(apiagent.call('update_phone_alias', { alias_id: 'alias1', alias_name: 'Name' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE PHONE ALIASES');
      assert.equal(sim.state.phoneAliases.get('alias1').alias_name, 'Alias Renamed');
      // delete_alias=N alone passes the required check but changes nothing: a NOTICE only.
      assert.equal(await post({ function: 'update_phone_alias', alias_id: 'alias1', delete_alias: 'N' }), 'NOTICE: update_phone_alias NO UPDATES DEFINED: |6666|\n');
    });

    it('deletes with ast_delete_phones; without it the server only answers a NOTICE, reported as PERMISSION', async () => {
      await rejects(admin8.call('update_phone_alias', { alias_id: 'alias1', delete_alias: 'Y' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE PHONE ALIASES');
      assert.ok(sim.state.phoneAliases.has('alias1'));
      const d = await admin.call('update_phone_alias', { alias_id: 'alias1', delete_alias: 'Y' });
      assert.equal(d.data.result, 'PHONE ALIAS HAS BEEN DELETED');
      assert.equal(d.data.alias_id, 'alias1');
      assert.ok(!sim.state.phoneAliases.has('alias1'));
    });
  });

  it('prints the two Invalid Source lines for a short source', async () => {
    for (const fn of FUNCTIONS) {
      assert.equal(await post({ function: fn, source: 'x' }), 'ERROR: Invalid Source - x\nERROR: Invalid Source: |x|\n', fn);
    }
  });
});
