'use strict';
// The simulator's media and routing administration functions (sound/MOH/voicemail/call-menu/container
// choosers, blind_monitor, inbound DIDs, CID group entries) through the real client over HTTP.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { makeUser } = require('../nodes/sim/seed');
const { VicidialClient } = require('../nodes/core/client');

const { rejects } = require('./support/sim');

describe('simulator: media and routing administration', () => {
  let sim;
  let admin;
  let clients;
  const client = (user, pass) => {
    const c = new VicidialClient({ baseUrl: sim.url, user, pass, retries: 0 });
    clients.push(c);
    return c;
  };
  /** A raw POST, for parameter values the client refuses to send. */
  const post = async (params, user = '6666', pass = '1234') => {
    const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user, pass, source: 'test', ...params }),
    });
    return res.text();
  };
  const didByPattern = (pattern) => (sim.state.dids ?? []).find((d) => d.did_pattern === pattern);
  /** A user with the admin's flags but some changed. */
  const variant = (user, pass, flags, extra = {}) => {
    const adminFlags = sim.state.users.get('6666').flags;
    sim.state.users.set(user, makeUser({ user, pass, user_level: 9, user_group: 'ADMIN', flags: { ...adminFlags, ...flags }, ...extra }));
    return client(user, pass);
  };

  before(async () => {
    sim = await startSimulator({ port: 0 });
    clients = [];
    admin = client('6666', '1234');
  });

  after(async () => {
    for (const c of clients) c.close();
    await sim.stop();
  });

  // -------------------------------------------------------------------------
  describe('sounds_list', () => {
    it('lists the audio store as tab rows, newest first with stage=date', async () => {
      const r = await admin.call('sounds_list', { format: 'tab', stage: 'date' });
      const expected = [...sim.state.soundFiles].sort((a, b) => b.epoch - a.epoch);
      assert.deepEqual(r.data.map((row) => row.filename), expected.map((f) => f.filename));
      assert.deepEqual(r.data.map((row) => row.index), expected.map((_, i) => i));
      assert.equal(r.data[0].size, expected[0].size);
      assert.equal(r.data[0].epoch, expected[0].epoch);
      assert.match(r.data[0].date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.$/, 'the date ends with a dot');
    });

    it('sorts by name and by size', async () => {
      const byName = await admin.call('sounds_list', { format: 'tab', stage: 'name' });
      assert.deepEqual(byName.data.map((row) => row.filename), sim.state.soundFiles.map((f) => f.filename).sort());
      const bySize = await admin.call('sounds_list', { format: 'tab', stage: 'size' });
      assert.deepEqual(bySize.data.map((row) => Number(row.size)), sim.state.soundFiles.map((f) => f.size).sort((a, b) => b - a));
    });

    it('prints nothing without a sort stage, and only .wav/.gsm files', async () => {
      assert.equal(await post({ function: 'sounds_list', format: 'tab' }), '');
      sim.state.soundFiles.push({ filename: 'notes.txt', epoch: 1, size: 10 });
      try {
        const r = await admin.call('sounds_list', { format: 'tab', stage: 'name' });
        assert.ok(!r.data.some((row) => row.filename === 'notes.txt'));
      } finally {
        sim.state.soundFiles.pop();
      }
    });

    it('answers HTML links and a selectframe chooser', async () => {
      const links = await post({ function: 'sounds_list', format: 'link', stage: 'name' });
      for (const f of sim.state.soundFiles) assert.ok(links.includes(`/${f.filename}">${f.filename}</a><br>\n`), f.filename);
      const page = await post({ function: 'sounds_list', format: 'selectframe', stage: 'name', comments: 'audio_field' });
      assert.ok(page.startsWith('\n<HTML><head><title>NON-AGENT API</title>'));
      for (const f of sim.state.soundFiles) {
        assert.ok(page.includes(`choose_file('${f.filename.replace(/\.(wav|gsm)$/, '')}','audio_field')`), f.filename);
      }
      assert.ok(page.endsWith('</table></div></body></HTML>\n'));
    });

    it('reports an inactive central sound control and a missing directory', async () => {
      sim.state.soundsCentralControlActive = 0;
      try {
        const err = await rejects(admin.call('sounds_list', { format: 'tab', stage: 'date' }), 'INVALID', 'CENTRAL SOUND CONTROL IS NOT ACTIVE');
        assert.deepEqual(err.details, ['6666', '0']);
      } finally {
        delete sim.state.soundsCentralControlActive;
      }
      const files = sim.state.soundFiles;
      delete sim.state.soundFiles;
      try {
        const body = await post({ function: 'sounds_list', format: 'tab', stage: 'date' });
        assert.match(body, /^ERROR: audio store web directory does not exist: \|6666\|sounds_list\|.+\|\n$/);
      } finally {
        sim.state.soundFiles = files;
      }
    });

    it('checks api_allowed_functions', async () => {
      await rejects(client('apilimited', 'limited99').call('sounds_list', { format: 'tab', stage: 'date' }), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  // -------------------------------------------------------------------------
  describe('moh_list', () => {
    it('shows the active classes with their files', async () => {
      const r = await admin.call('moh_list', { comments: 'moh_field' });
      const html = r.data.html;
      for (const m of sim.state.mohClasses) {
        assert.equal(html.includes(`choose_file('${m.moh_id}','moh_field')`), m.active === 'Y', m.moh_id);
        if (m.active === 'Y') assert.ok(html.includes(`Files: </font><font size=1 face="Arial,Helvetica">${m.files.map((f) => `${f} &nbsp; `).join('')}</td>`), m.moh_id);
      }
      assert.ok(html.includes('<td colspan=2>Music On Hold Class</td>'));
    });

    it("hides classes outside the user group's admin_viewable_groups", async () => {
      const restricted = variant('mohview', 'mohview1', {}, { user_group: 'AGENTS' });
      sim.state.userGroupSettings = new Map([['AGENTS', { admin_viewable_groups: ' AGENTS -' }]]);
      try {
        const html = (await restricted.call('moh_list', {})).data.html;
        for (const m of sim.state.mohClasses.filter((x) => x.active === 'Y')) {
          assert.equal(html.includes(`choose_file('${m.moh_id}',`), m.user_group === '---ALL---' || m.user_group === 'AGENTS', m.moh_id);
        }
      } finally {
        delete sim.state.userGroupSettings;
      }
    });

    it('prints its errors under the sounds_list token', async () => {
      sim.state.soundsCentralControlActive = 0;
      try {
        assert.equal(await post({ function: 'moh_list' }), 'ERROR: sounds_list CENTRAL SOUND CONTROL IS NOT ACTIVE: |6666|0|\n');
      } finally {
        delete sim.state.soundsCentralControlActive;
      }
      await rejects(client('apilimited', 'limited99').call('moh_list', {}), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  // -------------------------------------------------------------------------
  describe('vm_list', () => {
    it('lists voicemail boxes, then the phones boxes numbered from 1 again', async () => {
      const hadPhones = sim.state.phones;
      const phone = {
        extension: '1001', dialplan_number: '1001', voicemail_id: '1001', login: 'mgr1001', pass: 'x', server_ip: '10.0.0.15', protocol: 'SIP',
        conf_secret: 'x', fullname: 'Manager desk', local_gmt: '-5.00', outbound_cid: '3125550000', phone_context: 'default', email: 'mgr@example.com',
        active: 'Y', status: 'ACTIVE', user_group: '---ALL---',
      };
      sim.state.phones = [...(hadPhones ?? []), phone];
      try {
        const html = (await admin.call('vm_list', { comments: 'vm' })).data.html;
        for (const b of sim.state.voicemailBoxes) assert.equal(html.includes(`choose_file('${b.voicemail_id}','vm')`), b.active === 'Y');
        assert.ok(html.includes(`choose_file('1001','vm')`));
        assert.ok(html.includes('<td><font size=2 face="Arial,Helvetica">1001 - Manager desk</td>'));
        const numbers = [...html.matchAll(/<td width=30><font size=1 face="Arial,Helvetica">(\d+)<\/td>/g)].map((m) => Number(m[1]));
        const boxes = sim.state.voicemailBoxes.filter((b) => b.active === 'Y').length;
        assert.deepEqual(numbers.slice(0, boxes), Array.from({ length: boxes }, (_, i) => i + 1));
        assert.equal(numbers[boxes], 1, 'the phones part starts again at 1');
      } finally {
        if (hadPhones) sim.state.phones = hadPhones;
        else delete sim.state.phones;
      }
    });

    it('checks api_allowed_functions', async () => {
      await rejects(client('apilimited', 'limited99').call('vm_list', {}), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  // -------------------------------------------------------------------------
  describe('callmenu_list', () => {
    it('lists every call menu with its name', async () => {
      const html = (await admin.call('callmenu_list', { comments: 'menu' })).data.html;
      for (const m of sim.state.callMenus) {
        assert.ok(html.includes(`choose_file('${m.menu_id}','menu')`), m.menu_id);
        assert.ok(html.includes(`<td><font size=2 face="Arial,Helvetica">${m.menu_name}</td></tr>`), m.menu_id);
      }
      assert.ok(html.includes('<td colspan=2>Call Menus</td>'));
    });

    it('checks api_allowed_functions', async () => {
      await rejects(client('apilimited', 'limited99').call('callmenu_list', {}), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  // -------------------------------------------------------------------------
  describe('container_list', () => {
    it('lists the containers of one type', async () => {
      const html = (await admin.call('container_list', { type: 'OTHER', comments: 'c' })).data.html;
      for (const c of sim.state.settingsContainers) assert.equal(html.includes(`choose_file('${c.container_id}','c')`), c.container_type === 'OTHER', c.container_id);
      assert.ok(html.includes('<td colspan=2>Settings Containers: <br>OTHER type</td>'));
    });

    it('answers an empty table for an unknown type', async () => {
      const html = (await admin.call('container_list', { type: 'NOSUCHTYPE' })).data.html;
      assert.ok(!html.includes('choose_file(\''));
      assert.ok(html.trimEnd().endsWith('</table></div></body></HTML>'));
    });

    it('requires a type before anything else', async () => {
      assert.equal(await post({ function: 'container_list' }), 'ERROR: container_list NO CONTAINER TYPE DEFINED: |6666||\n');
      // Even a user not allowed the function gets the type error first.
      assert.equal(await post({ function: 'container_list' }, 'apilimited', 'limited99'), 'ERROR: container_list NO CONTAINER TYPE DEFINED: |apilimited||\n');
      await rejects(client('apilimited', 'limited99').call('container_list', { type: 'OTHER' }), 'PERMISSION', 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    });
  });

  // -------------------------------------------------------------------------
  describe('blind_monitor', () => {
    const managerPhone = {
      extension: '2001', dialplan_number: '92001', voicemail_id: '2001', login: 'mgrphone', pass: 'x', server_ip: '10.0.0.15', protocol: 'SIP',
      conf_secret: 'x', fullname: 'Supervisor', local_gmt: '-5.00', outbound_cid: '3125550100', phone_context: 'default', email: '',
      active: 'Y', status: 'ACTIVE', user_group: '---ALL---',
    };
    let hadPhones;
    before(() => {
      hadPhones = sim.state.phones;
      sim.state.phones = [...(hadPhones ?? []), managerPhone];
    });
    after(() => {
      if (hadPhones) sim.state.phones = hadPhones;
      else delete sim.state.phones;
    });

    it("rings the manager's phone into a logged-in agent's conference", async () => {
      const agent = sim.state.agents.get('agent1');
      const before = (sim.state.managerQueue ?? []).length;
      const r = await admin.call('blind_monitor', { phone_login: 'mgrphone', session_id: agent.conf_exten, server_ip: agent.server_ip, stage: 'MONITOR' });
      assert.equal(r.data.result, 'HAS BEEN LAUNCHED');
      assert.equal(r.data.phone_login, 'mgrphone');
      const ipPart = agent.server_ip.split('.').map((o) => o.padStart(3, '0')).join('*');
      assert.equal(r.data.dial_string, `${ipPart}*0${agent.conf_exten}`);
      assert.equal(r.data.dialplan_number, managerPhone.dialplan_number);
      assert.equal(r.data.session_id, agent.conf_exten);
      assert.equal(r.data.user, '6666');
      assert.equal(sim.state.managerQueue.length, before + 1);
      const cmd = sim.state.managerQueue[sim.state.managerQueue.length - 1];
      assert.equal(String(cmd.man_id), r.data.manager_id);
      assert.equal(cmd.cmd_line_d, `Exten: ${managerPhone.dialplan_number}`);
    });

    it('uses the barge prefix (none on meetme) for BARGE', async () => {
      const agent = sim.state.agents.get('agent2');
      const r = await admin.call('blind_monitor', { phone_login: 'mgrphone', session_id: agent.conf_exten, server_ip: agent.server_ip, stage: 'BARGE' });
      assert.ok(r.data.dial_string.endsWith(`*${agent.conf_exten}`));
    });

    it('rejects an unknown session and an unknown phone login', async () => {
      const agent = sim.state.agents.get('agent1');
      const busy = new Set([...sim.state.agents.values()].map((a) => a.conf_exten));
      let free = 8600001;
      while (busy.has(String(free))) free++;
      const err = await rejects(admin.call('blind_monitor', { phone_login: 'mgrphone', session_id: String(free), server_ip: agent.server_ip }), 'INVALID', 'INVALID SESSION ID');
      assert.deepEqual(err.details, [String(free), agent.server_ip, '6666']);
      const err2 = await rejects(admin.call('blind_monitor', { phone_login: 'nophone', session_id: agent.conf_exten, server_ip: agent.server_ip }), 'INVALID', 'INVALID PHONE LOGIN');
      assert.deepEqual(err2.details, ['nophone', '6666']);
    });

    it('needs vdc_agent_api_access', async () => {
      const agent = sim.state.agents.get('agent1');
      await rejects(
        client('apireports', 'reports99').call('blind_monitor', { phone_login: 'mgrphone', session_id: agent.conf_exten, server_ip: agent.server_ip }),
        'PERMISSION',
        'USER DOES NOT HAVE PERMISSION TO BLIND MONITOR',
      );
      await rejects(client('apilimited', 'limited99').call('blind_monitor', { phone_login: 'mgrphone', session_id: agent.conf_exten, server_ip: agent.server_ip }), 'PERMISSION', 'auth USER');
    });
  });

  // -------------------------------------------------------------------------
  describe('add_did', () => {
    it('adds a DID with its routing', async () => {
      const r = await admin.call('add_did', { did_pattern: '8885557000', did_description: 'Support line DID', did_route: 'IN_GROUP', group: 'SUPPORT', record_call: 'Y' });
      assert.equal(r.data.result, 'DID HAS BEEN ADDED');
      assert.equal(r.data.user, '6666');
      assert.equal(r.data.did_pattern, '8885557000');
      const did = didByPattern('8885557000');
      assert.ok(did, 'stored');
      assert.equal(did.did_description, 'Support line DID');
      assert.equal(did.did_route, 'IN_GROUP');
      assert.equal(did.group_id, 'SUPPORT');
      assert.equal(did.record_call, 'Y');
    });

    it('keeps the DIDs the reports derive from inbound calls', async () => {
      // Add an inbound call on a DID pattern and check add_did sees it as existing.
      const saved = sim.state.dids;
      delete sim.state.dids;
      const call = { ...(sim.state.calls[0] ?? {}), uniqueid: '1.1', inbound: true, did_pattern: '8885556123', campaign_id: 'SALESLINE', call_date: '2020-01-01 00:00:00', start_epoch: 1, end_epoch: 2 };
      sim.state.calls.push(call);
      try {
        await rejects(admin.call('add_did', { did_pattern: '8885556123' }), 'DUPLICATE', 'DID ALREADY EXISTS');
        assert.equal(sim.state.dids, undefined, 'a read does not store the derived table');
        await admin.call('add_did', { did_pattern: '8885556124' });
        assert.ok(didByPattern('8885556123'), 'the derived DIDs are kept when the table is stored');
        assert.ok(didByPattern('8885556124'));
      } finally {
        sim.state.calls.splice(sim.state.calls.indexOf(call), 1);
        sim.state.dids = [...(saved ?? []), ...sim.state.dids.filter((d) => d.did_pattern === '8885556124')];
      }
    });

    it('refuses an existing DID', async () => {
      const err = await rejects(admin.call('add_did', { did_pattern: '8885557000' }), 'DUPLICATE', 'DID ALREADY EXISTS');
      assert.deepEqual(err.details, ['6666', '8885557000']);
    });

    it('requires a 2-50 character did_pattern', async () => {
      assert.equal(await post({ function: 'add_did', did_pattern: '8' }), 'ERROR: add_did YOU MUST USE ALL REQUIRED FIELDS: |6666|8\n');
      assert.equal(await post({ function: 'add_did' }), 'ERROR: add_did YOU MUST USE ALL REQUIRED FIELDS: |6666|\n');
    });

    it('validates the optional settings in order', async () => {
      assert.equal(
        await post({ function: 'add_did', did_pattern: '8885557001', did_description: 'abc' }),
        'ERROR: add_did DID DESCRIPTION MUST BE FROM 6 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD: |6666|abc\n',
      );
      assert.equal(await post({ function: 'add_did', did_pattern: '8885557001', did_route: 'NOWHERE' }), 'ERROR: add_did DID ROUTE IS NOT VALID, THIS IS AN OPTIONAL FIELD: |6666|NOWHERE\n');
      await rejects(admin.call('add_did', { did_pattern: '8885557001', group: 'NOSUCHGROUP' }), 'INVALID', 'GROUP ID MUST BE A VALID INBOUND GROUP');
      await rejects(admin.call('add_did', { did_pattern: '8885557001', server_ip: '10.9.9.9' }), 'INVALID', 'SERVER IP MUST BE A VALID SERVER');
      // add_did prints a bad call menu under the update_did token.
      assert.equal(
        await post({ function: 'add_did', did_pattern: '8885557001', menu_id: 'NOSUCHMENU' }),
        'ERROR: update_did MENU ID MUST BE A VALID CALL MENU IN THE SYSTEM, THIS IS AN OPTIONAL FIELD: |6666|NOSUCHMENU\n',
      );
      assert.equal(didByPattern('8885557001'), undefined, 'nothing was added');
      const menu = sim.state.callMenus[0].menu_id;
      await admin.call('add_did', { did_pattern: '8885557001', did_route: 'CALLMENU', menu_id: menu });
      assert.equal(didByPattern('8885557001').menu_id, menu);
    });

    it('needs modify_inbound_dids', async () => {
      const c = variant('nodidmod', 'nodidmod1', { modify_inbound_dids: '0' });
      const err = await rejects(c.call('add_did', { did_pattern: '8885557002' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD DIDS');
      assert.deepEqual(err.details, ['nodidmod', '0']);
      await rejects(client('apilimited', 'limited99').call('add_did', { did_pattern: '8885557002' }), 'PERMISSION', 'auth USER');
      assert.equal(didByPattern('8885557002'), undefined);
    });
  });

  // -------------------------------------------------------------------------
  describe('copy_did', () => {
    before(async () => {
      await admin.call('add_did', { did_pattern: '8885558000', did_description: 'Copy source DID', did_route: 'IN_GROUP', group: 'SALESLINE', list_id: '101' });
    });

    it('copies the source settings to each new DID, with notices per DID', async () => {
      const r = await admin.call('copy_did', { source_did_pattern: '8885558000', new_dids: '8885558001,8885558002' });
      assert.equal(r.data.result, 'DIDS HAVE BEEN ADDED');
      assert.equal(r.data.source_did_pattern, '8885558000');
      assert.equal(r.data.added, '2');
      assert.equal(r.data.errors, '0');
      assert.deepEqual(r.notices.map((n) => n.fields.did_pattern), ['8885558001', '8885558002']);
      const source = didByPattern('8885558000');
      for (const n of r.notices) {
        assert.equal(n.reason, 'DID HAS BEEN ADDED');
        const copy = didByPattern(n.fields.did_pattern);
        assert.equal(copy.did_id, n.fields.did_id);
        assert.equal(copy.group_id, source.group_id);
        assert.equal(copy.list_id, source.list_id);
        assert.equal(copy.did_description, source.did_description);
      }
    });

    it('skips existing DIDs and sets a given description', async () => {
      const r = await admin.call('copy_did', { source_did_pattern: '8885558000', new_dids: '8885558001,8885558003', did_description: 'Copied DID desc' });
      assert.equal(r.data.added, '1');
      assert.equal(r.data.errors, '1');
      assert.deepEqual(r.notices.map((n) => n.reason), ['DID ALREADY EXISTS', 'DID HAS BEEN ADDED']);
      assert.equal(didByPattern('8885558003').did_description, 'Copied DID desc');
    });

    it('answers NO DIDS ADDED when every DID exists', async () => {
      const err = await rejects(admin.call('copy_did', { source_did_pattern: '8885558000', new_dids: '8885558001' }), 'DUPLICATE', 'NO DIDS ADDED');
      assert.deepEqual(err.details, ['6666', '8885558000', '0', '1']);
    });

    it('rejects an unknown source, missing fields and a bad description', async () => {
      await rejects(admin.call('copy_did', { source_did_pattern: '8885558999', new_dids: '8885558004' }), 'INVALID', 'SOURCE DID DOES NOT EXIST');
      assert.equal(await post({ function: 'copy_did', source_did_pattern: '8885558000' }), 'ERROR: copy_did YOU MUST USE ALL REQUIRED FIELDS: |6666|8885558000|\n');
      const body = await post({ function: 'copy_did', source_did_pattern: '8885558000', new_dids: '8885558001,8885558005', did_description: 'bad' });
      assert.equal(
        body,
        'NOTICE: copy_did DID ALREADY EXISTS - 6666|8885558001\n' +
          'ERROR: copy_did DID DESCRIPTION MUST BE EITHER BLANK OR FROM 6 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD: |6666|bad\n',
      );
      assert.equal(didByPattern('8885558005'), undefined);
    });

    it('needs modify_inbound_dids', async () => {
      const c = variant('nodidcopy', 'nodidcopy1', { modify_inbound_dids: '0' });
      await rejects(c.call('copy_did', { source_did_pattern: '8885558000', new_dids: '8885558006' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO ADD DIDS');
      assert.equal(didByPattern('8885558006'), undefined);
    });
  });

  // -------------------------------------------------------------------------
  describe('update_did', () => {
    before(async () => {
      await admin.call('add_did', { did_pattern: '8885559000', did_description: 'Update me DID' });
    });

    it('changes the given settings', async () => {
      const r = await admin.call('update_did', { did_pattern: '8885559000', did_route: 'VOICEMAIL', voicemail_ext: '8500', active: 'N' });
      assert.equal(r.data.result, 'DID HAS BEEN UPDATED');
      assert.equal(r.data.did_pattern, '8885559000');
      const did = didByPattern('8885559000');
      assert.equal(did.did_route, 'VOICEMAIL');
      assert.equal(did.voicemail_ext, '8500');
      assert.equal(did.did_active, 'N');
      assert.equal(did.did_description, 'Update me DID', 'untouched');
    });

    it('answers a NOTICE when nothing is to change', async () => {
      assert.equal(await post({ function: 'update_did', did_pattern: '8885559000' }), 'NOTICE: update_did NO UPDATES DEFINED: |6666|\n');
    });

    it('rejects unknown DIDs, missing pattern and bad values', async () => {
      const err = await rejects(admin.call('update_did', { did_pattern: '8885559999', active: 'Y' }), 'NOT_FOUND', 'DID DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', '8885559999']);
      assert.equal(await post({ function: 'update_did' }), 'ERROR: update_did YOU MUST USE ALL REQUIRED FIELDS: |6666|\n');
      assert.equal(await post({ function: 'update_did', did_pattern: '8885559000', active: 'X' }), 'ERROR: update_did ACTIVE MUST BE Y OR N, THIS IS AN OPTIONAL FIELD: |6666|X\n');
      assert.equal(
        await post({ function: 'update_did', did_pattern: '8885559000', agent_search_method: 'LBX' }),
        'ERROR: update_did AGENT SEARCH METHOD MUST BE 2 CHARACTERS, THIS IS AN OPTIONAL FIELD: |6666|LBX\n',
      );
    });

    it('hides DIDs of groups the user may not view', async () => {
      await admin.call('update_did', { did_pattern: '8885559000', active: 'Y' });
      didByPattern('8885559000').user_group = 'ADMIN';
      sim.state.userGroupSettings = new Map([['AGENTS', { admin_viewable_groups: ' AGENTS -' }]]);
      const c = variant('didagents', 'didagents1', {}, { user_group: 'AGENTS' });
      try {
        await rejects(c.call('update_did', { did_pattern: '8885559000', active: 'N' }), 'NOT_FOUND', 'DID DOES NOT EXIST');
        assert.equal(didByPattern('8885559000').did_active, 'Y');
      } finally {
        delete sim.state.userGroupSettings;
      }
    });

    it('deletes only with delete_inbound_dids', async () => {
      const c = variant('nodiddel', 'nodiddel1', { delete_inbound_dids: '0' });
      const err = await rejects(c.call('update_did', { did_pattern: '8885559000', delete_did: 'Y' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO DELETE DIDS');
      assert.deepEqual(err.details, ['nodiddel', '1']);
      const id = didByPattern('8885559000').did_id;
      const r = await admin.call('update_did', { did_pattern: '8885559000', delete_did: 'Y' });
      assert.equal(r.data.result, 'DID HAS BEEN DELETED');
      assert.equal(r.data.did_id, id);
      assert.equal(didByPattern('8885559000'), undefined);
      await rejects(admin.call('update_did', { did_pattern: '8885559000', active: 'Y' }), 'NOT_FOUND', 'DID DOES NOT EXIST');
    });

    it('needs modify_inbound_dids', async () => {
      const c = variant('nodidupd', 'nodidupd1', { modify_inbound_dids: '0' });
      await rejects(c.call('update_did', { did_pattern: '8885558000', active: 'N' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE DIDS');
    });
  });

  // -------------------------------------------------------------------------
  describe('update_cid_group_entry', () => {
    const entriesOf = (id) => sim.state.cidAreacodes.filter((e) => e.campaign_id === id);

    it('INFO lists the entries of a group, sorted, blank active shown as N', async () => {
      const r = await admin.call('update_cid_group_entry', { cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '---ALL---' });
      const expected = entriesOf('CIDGROUP1').sort((a, b) => a.areacode.localeCompare(b.areacode) || a.outbound_cid.localeCompare(b.outbound_cid));
      assert.equal(r.data.length, expected.length);
      expected.forEach((e, i) => {
        assert.equal(r.data[i].index, i + 1);
        assert.equal(r.data[i].areacode, e.areacode);
        assert.equal(r.data[i].outbound_cid, e.outbound_cid);
        assert.equal(r.data[i].active, e.active === '' ? 'N' : e.active);
        assert.equal(r.data[i].cid_description, e.cid_description);
        assert.equal(r.data[i].call_count_today, e.call_count_today);
      });
      const one = await admin.call('update_cid_group_entry', { cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '312' });
      assert.equal(one.data.length, entriesOf('CIDGROUP1').filter((e) => e.areacode === '312').length);
      const body = await post({ function: 'update_cid_group_entry', cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '727' });
      assert.ok(body.startsWith('SUCCESS: update_cid_group_entry CID GROUP INFO AS FOLLOWS CIDGROUP1|727||1\n'));
    });

    it('ADD adds an entry to a CID group or a campaign, once', async () => {
      const r = await admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'ADD', areacode: '415', outbound_cid: '4155550000', active: 'Y', cid_description: 'SF line' });
      assert.equal(r.data.result, 'CID GROUP ENTRY HAS BEEN ADDED');
      assert.equal(r.data.cid_group_id, 'TESTCAMP');
      assert.equal(r.data.count, '1');
      assert.deepEqual(
        entriesOf('TESTCAMP').map((e) => [e.areacode, e.outbound_cid, e.active, e.cid_description]),
        [['415', '4155550000', 'Y', 'SF line']],
      );
      await rejects(
        admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'ADD', areacode: '415', outbound_cid: '4155550000' }),
        'DUPLICATE',
        'THIS CID GROUP ENTRY ALREADY EXISTS',
      );
      // active other than Y is stored blank.
      await admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'ADD', areacode: '415', outbound_cid: '4155550001', active: 'N' });
      assert.equal(entriesOf('TESTCAMP').find((e) => e.outbound_cid === '4155550001').active, '');
    });

    it('ADD needs a real areacode and a CID number', async () => {
      assert.equal(
        await post({ function: 'update_cid_group_entry', cid_group_id: 'CIDGROUP1', stage: 'ADD', areacode: '---ALL---', outbound_cid: '3125559000' }),
        'ERROR: update_cid_group_entry YOU MUST DEFINE AN AREACODE WHEN ADDING AND ENTRY: |6666|CIDGROUP1|---ALL---\n',
      );
      await rejects(admin.call('update_cid_group_entry', { cid_group_id: 'CIDGROUP1', stage: 'ADD', areacode: '312', outbound_cid: '12' }), 'INVALID', 'YOU MUST DEFINE A CID NUMBER');
    });

    it('UPDATE changes active and description of the matching entries', async () => {
      const r = await admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'UPDATE', areacode: '415', active: 'N', cid_description: 'SF lines' });
      assert.equal(r.data.result, 'CID GROUP ENTRIES HAVE BEEN UPDATED');
      const entries = entriesOf('TESTCAMP').filter((e) => e.areacode === '415');
      assert.equal(r.data.count, String(entries.length));
      for (const e of entries) {
        assert.equal(e.active, '');
        assert.equal(e.cid_description, 'SF lines');
      }
      await rejects(admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'UPDATE', areacode: '415' }), 'INVALID', 'NO UPDATES WERE DEFINED');
      assert.equal(
        await post({ function: 'update_cid_group_entry', cid_group_id: 'TESTCAMP', stage: 'UPDATE', areacode: '415', active: 'X' }),
        'ERROR: update_cid_group_entry NO UPDATES WERE DEFINED: |6666|TESTCAMP|415||X|\n',
      );
    });

    it('DELETE removes the matching entries', async () => {
      const count = entriesOf('TESTCAMP').filter((e) => e.areacode === '415').length;
      const r = await admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'DELETE', areacode: '415' });
      assert.equal(r.data.result, 'CID GROUP ENTRIES HAVE BEEN DELETED');
      assert.equal(r.data.count, String(count));
      assert.equal(entriesOf('TESTCAMP').length, 0);
      await rejects(admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'DELETE', areacode: '415' }), 'NOT_FOUND', 'THIS CID GROUP HAS NO ENTRIES');
      await rejects(admin.call('update_cid_group_entry', { cid_group_id: 'TESTCAMP', stage: 'INFO', areacode: '---ALL---' }), 'NOT_FOUND', 'THIS CID GROUP HAS NO ENTRIES');
    });

    it('rejects unknown groups and missing fields; other stages print nothing', async () => {
      const err = await rejects(admin.call('update_cid_group_entry', { cid_group_id: 'NOSUCHGRP', stage: 'INFO', areacode: '312' }), 'NOT_FOUND', 'CID GROUP DOES NOT EXIST');
      assert.deepEqual(err.details, ['6666', 'NOSUCHGRP']);
      assert.equal(
        await post({ function: 'update_cid_group_entry', cid_group_id: 'CIDGROUP1', stage: 'INFO' }),
        'ERROR: update_cid_group_entry YOU MUST USE ALL REQUIRED FIELDS: |6666|CIDGROUP1||INFO\n',
      );
      assert.equal(await post({ function: 'update_cid_group_entry', cid_group_id: 'CIDGROUP1', stage: 'pipe', areacode: '312' }), '');
    });

    it('needs modify_campaigns', async () => {
      const c = variant('nocidmod', 'nocidmod1', { modify_campaigns: '0' });
      const err = await rejects(c.call('update_cid_group_entry', { cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '312' }), 'PERMISSION', 'USER DOES NOT HAVE PERMISSION TO UPDATE CID GROUPS');
      assert.deepEqual(err.details, ['nocidmod', '0']);
      await rejects(client('apilimited', 'limited99').call('update_cid_group_entry', { cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '312' }), 'PERMISSION', 'auth USER');
    });
  });
});
