'use strict';
// vicidial-stats node against the simulator (clock fixed at 19:00 today, so the seeded day of calls is stable).
const assert = require('node:assert/strict');
const http = require('node:http');
const { helper, startSimulator, load, nextMessage, recordStatuses } = require('./support/nodes');
const { HUMAN_ANSWERED_STATUSES } = require('../nodes/sim/seed');
const statsNode = require('../nodes/vicidial-stats.js');
const serverNode = require('../nodes/vicidial-server.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const injectNode = require('@node-red/nodes/core/common/20-inject.js');
const debugNode = require('@node-red/nodes/core/common/21-debug.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What call_status_stats should say about `calls`, computed from the simulator's own call log. */
function expectedStat(id, type, calls) {
  const hourly = new Array(24).fill(0);
  const statuses = {};
  for (const c of calls) {
    hourly[Number(c.call_date.slice(11, 13))]++;
    statuses[c.status] = (statuses[c.status] ?? 0) + 1;
  }
  return { id, type, total: calls.length, human_answered: calls.filter((c) => HUMAN_ANSWERED_STATUSES.has(c.status)).length, hourly, statuses };
}

/** Collects every message a helper node receives. */
function collect(node) {
  const got = [];
  node.on('input', (m) => got.push(m));
  return got;
}

describe('vicidial-stats node', function () {
  this.timeout(15000);
  let sim;
  const fixed = new Date();
  fixed.setHours(19, 0, 0, 0);
  const fixedSec = Math.floor(fixed.getTime() / 1000);
  let day;

  before(async () => {
    sim = await startSimulator({ port: 0, now: () => fixed });
    day = sim.state.calls[0].call_date.slice(0, 10);
  });
  after(() => sim.stop());
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
    sim.clearOverrides();
    for (const u of sim.state.users.values()) {
      u.failed_login_count = 0;
      u.last_login_date = 0;
    }
  });

  const todays = (pred) => sim.state.calls.filter((c) => c.call_date.startsWith(day) && pred(c));

  function flow(extra = {}) {
    return [
      {
        id: 'n1',
        type: 'vicidial-stats',
        name: 'stats',
        server: 'vd-server',
        report: 'call_status_stats',
        reportType: 'report',
        shape: 'objects',
        shapeType: 'shape',
        params: '{"campaigns": "TESTCAMP", "ingroups": "SALESLINE"}',
        interval: 0,
        onlyChanged: false,
        wires: [['out']],
        ...extra,
      },
      { id: 'out', type: 'helper' },
      { id: 'err', type: 'helper' },
      { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
  }

  async function run(extra, msg, { creds, serverExtra, wait = 'out' } = {}) {
    await load([statsNode, catchNode], sim, flow(extra), creds, serverExtra);
    const got = nextMessage(helper.getNode(wait));
    helper.getNode('n1').receive(msg);
    return got;
  }

  describe('on input', () => {
    it('call_status_stats: one object per campaign and in-group, typed, with hours and statuses', async () => {
      await load([statsNode, catchNode], sim, flow());
      const statuses = recordStatuses(helper.getNode('n1'));
      const got = nextMessage(helper.getNode('out'));
      helper.getNode('n1').receive({ payload: {}, topic: 'keep-me', correlation: 42 });
      const msg = await got;
      assert.deepEqual(msg.payload, [
        expectedStat('TESTCAMP', 'campaign', todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP')),
        expectedStat('SALESLINE', 'ingroup', todays((c) => c.inbound && c.campaign_id === 'SALESLINE')),
      ]);
      assert.ok(msg.payload[0].total > 0, 'the seed has calls today');
      assert.equal(msg.topic, 'keep-me');
      assert.equal(msg.correlation, 42);
      assert.equal(msg.vicidial.function, 'call_status_stats');
      assert.equal(msg.vicidial.report, 'call_status_stats');
      assert.equal(msg.vicidial.shape, 'objects');
      assert.equal(msg.vicidial.empty, false);
      assert.match(msg.vicidial.raw, /^TESTCAMP\|/);
      assert.deepEqual(statuses[0], { fill: 'blue', shape: 'dot', text: 'calling…' });
      assert.deepEqual(statuses[statuses.length - 1], { fill: 'green', shape: 'dot', text: 'call_status_stats: 2 rows' });
    });

    it('call_status_stats with ---ALL---: campaigns then in-groups, told apart without naming them', async () => {
      const msg = await run({}, { payload: { campaigns: '---ALL---', ingroups: '' } });
      const campaigns = [...sim.state.campaigns.keys()].sort();
      const ingroups = [...sim.state.inGroups.keys()].sort();
      assert.deepEqual(
        msg.payload.map((r) => [r.id, r.type]),
        [...campaigns.map((id) => [id, 'campaign']), ...ingroups.map((id) => [id, 'ingroup'])],
      );
      const support = msg.payload.find((r) => r.id === 'SUPPORT');
      assert.deepEqual(support, expectedStat('SUPPORT', 'ingroup', todays((c) => c.inbound && c.campaign_id === 'SUPPORT')));
    });

    it('msg.report overrides the dialog; defaults the report does not take are dropped', async () => {
      const msg = await run({}, { report: 'logged_in_agents', payload: { showSubStatus: 'YES' } });
      const want = [...sim.state.agents.values()].map((a) => {
        const u = sim.state.users.get(a.user);
        return {
          user: a.user, campaign_id: a.campaign_id, session_id: a.conf_exten, status: a.status, lead_id: a.lead_id, callerid: a.callerid,
          calls_today: a.calls_today, full_name: u.full_name, user_group: u.user_group, user_level: u.user_level, pause_code: a.pause_code, sub_status: '',
        };
      });
      assert.ok(want.length > 0);
      assert.deepEqual(msg.payload, want);
      assert.equal(typeof msg.payload[0].calls_today, 'number');
      assert.equal(msg.vicidial.report, 'logged_in_agents');
    });

    it('the report and the payload shape can come from the message through their typedInputs', async () => {
      const msg = await run(
        { report: 'which', reportType: 'msg', shape: 'how', shapeType: 'msg', params: '{"campaigns": "TESTCAMP"}' },
        { which: 'call_status_stats', how: 'chart-hourly', payload: { ingroups: 'SALESLINE' } },
      );
      const test = expectedStat('TESTCAMP', 'campaign', todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP'));
      const sales = expectedStat('SALESLINE', 'ingroup', todays((c) => c.inbound && c.campaign_id === 'SALESLINE'));
      const label = (h) => `${String(h).padStart(2, '0')}:00`;
      assert.deepEqual(msg.payload, [
        ...test.hourly.map((value, h) => ({ series: 'TESTCAMP', label: label(h), value })),
        ...sales.hourly.map((value, h) => ({ series: 'SALESLINE', label: label(h), value })),
      ]);
      assert.equal(msg.action, 'replace');
      assert.equal(msg.vicidial.shape, 'chart-hourly');
      assert.deepEqual(msg.vicidial.rows.map((r) => r.id), ['TESTCAMP', 'SALESLINE']);
    });

    it('call_dispo_report as status chart data, with the TOTAL line in msg.vicidial.totals', async () => {
      const msg = await run({ shape: 'chart-statuses', params: '' }, { report: 'call_dispo_report', payload: { campaigns: 'TESTCAMP', status_breakdown: '1' } });
      const calls = todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP');
      const counts = expectedStat('TESTCAMP', 'campaign', calls).statuses;
      assert.deepEqual(msg.payload, Object.keys(counts).sort().map((label) => ({ series: 'TESTCAMP', label, value: counts[label] })));
      assert.equal(msg.vicidial.totals.total, calls.length);
      assert.deepEqual(msg.vicidial.totals.statuses, counts);
    });

    it('agent_status: one object naming the agent; not logged in is NOT_FOUND (one named agent, not a set)', async () => {
      const agent = sim.state.agents.get('agent1');
      const msg = await run({}, { report: 'agent_status', payload: { agent_user: 'agent1' } });
      assert.equal(msg.payload.length, 1);
      assert.equal(msg.payload[0].user, 'agent1');
      assert.equal(msg.payload[0].status, agent.status);
      assert.equal(msg.payload[0].session_id, agent.conf_exten);
      assert.equal(msg.payload[0].full_name, sim.state.users.get('agent1').full_name);
      await helper.unload();
      const none = await run({}, { report: 'agent_status', payload: { agent_user: 'agent3' } }, { wait: 'caught' });
      assert.equal(none.error.code, 'NOT_FOUND');
      assert.equal(none.vicidial.error.reason, 'AGENT NOT LOGGED IN');
    });

    it('logged_in_agents with nobody logged in is an empty array, not an error', async () => {
      const saved = new Map(sim.state.agents);
      sim.state.agents.clear();
      try {
        const msg = await run({ report: 'logged_in_agents', params: '' }, { payload: {} });
        assert.deepEqual(msg.payload, []);
        assert.equal(msg.vicidial.empty, true);
      } finally {
        for (const [k, v] of saved) sim.state.agents.set(k, v);
      }
    });

    it('agent_stats_export: time columns in seconds whatever time_format the message asks', async () => {
      const msg = await run({ report: 'agent_stats_export', params: '' }, {
        payload: { datetime_start: `${day} 00:00:00`, datetime_end: `${day} 23:59:59`, time_format: 'HF', stage: 'csv' },
      });
      assert.ok(msg.payload.length > 0);
      for (const row of msg.payload) {
        assert.equal(typeof row.login_time, 'number', JSON.stringify(row));
        assert.equal(typeof row.calls, 'number');
        assert.equal(typeof row.pause_pct, 'number');
      }
      assert.deepEqual(msg.payload.map((r) => r.user), [...new Set(todays((c) => c.user.startsWith('agent')).map((c) => c.user))].sort());
    });
  });

  describe('INVALID before sending', () => {
    const cases = {
      'an unknown parameter': [{}, { payload: { campaigns: 'TESTCAMP', bogus: 1 } }, /bogus/],
      'a function that is not a report': [{}, { report: 'add_lead', payload: {} }, /not a report/],
      'a chart the report has no data for': [{ shape: 'chart-hourly' }, { report: 'logged_in_agents', payload: {} }, /chart-hourly/],
      'a missing required parameter': [{}, { report: 'agent_status', payload: {} }, /agent_user is required/],
      'bad dialog defaults': [{ params: '{not json' }, { payload: {} }, /JSON object/],
    };
    for (const [what, [extra, input, reason]] of Object.entries(cases)) {
      it(what, async () => {
        await load([statsNode, catchNode], sim, flow(extra));
        const before = sim.requests.length;
        const statuses = recordStatuses(helper.getNode('n1'));
        const got = nextMessage(helper.getNode('caught'));
        helper.getNode('n1').receive({ ...input, keep: 'yes' });
        const msg = await got;
        assert.equal(msg.error.code, 'INVALID');
        assert.match(msg.vicidial.error.reason, reason);
        assert.equal(msg.keep, 'yes');
        assert.equal(sim.requests.length, before, 'nothing was sent');
        assert.equal(statuses[statuses.length - 1].fill, 'red');
        assert.match(statuses[statuses.length - 1].text, /^INVALID/);
      });
    }
  });

  describe('errors from the server', () => {
    it('AUTH: wrong password, never shown', async () => {
      const msg = await run({}, { payload: {} }, { creds: { user: '6666', password: 'not-the-pass' }, wait: 'caught' });
      assert.equal(msg.error.code, 'AUTH');
      assert.ok(!JSON.stringify(msg).includes('not-the-pass'));
    });

    it('LOCKED: too many failed logins', async () => {
      const u = sim.state.users.get('6666');
      u.failed_login_count = 10;
      u.last_login_date = fixedSec;
      const msg = await run({}, { payload: {} }, { wait: 'caught' });
      assert.equal(msg.error.code, 'LOCKED');
    });

    it('PERMISSION: call_status_stats needs user level 9', async () => {
      const msg = await run({}, { payload: {} }, { creds: { user: 'apireports', password: 'reports99' }, wait: 'caught' });
      assert.equal(msg.error.code, 'PERMISSION');
      assert.match(msg.vicidial.error.reason, /PERMISSION TO VIEW STATS/);
    });

    it('PERMISSION: the function is not in the user’s allowed functions', async () => {
      const msg = await run({ report: 'logged_in_agents', params: '' }, { payload: {} }, { creds: { user: 'apilimited', password: 'limited99' }, wait: 'caught' });
      assert.equal(msg.error.code, 'PERMISSION');
    });

    it('NOT_FOUND: agent_status of an unknown agent', async () => {
      const msg = await run({}, { report: 'agent_status', payload: { agent_user: 'nobody' } }, { wait: 'caught' });
      assert.equal(msg.error.code, 'NOT_FOUND');
      assert.equal(msg.vicidial.error.reason, 'AGENT NOT FOUND');
    });

    it('NOT_FOUND: callid_info of an unknown call', async () => {
      const msg = await run({}, { report: 'callid_info', payload: { call_id: 'M0000000000000000001' } }, { wait: 'caught' });
      assert.equal(msg.error.code, 'NOT_FOUND');
    });

    it('INVALID from the server: a call ID it does not accept', async () => {
      const before = sim.requests.length;
      const msg = await run({}, { report: 'callid_info', payload: { call_id: 'ABC123' } }, { wait: 'caught' });
      assert.equal(msg.error.code, 'INVALID');
      assert.equal(msg.vicidial.error.reason, 'INVALID SEARCH PARAMETERS');
      assert.equal(sim.requests.length, before + 1);
    });

    it('HTTP: a wrong API path', async () => {
      const msg = await run({}, { payload: {} }, { serverExtra: { nonAgentPath: '/nowhere.php' }, wait: 'caught' });
      assert.equal(msg.error.code, 'HTTP');
    });

    it('sends errors to a second output when asked', async () => {
      const msg = await run(
        { errorOutput: true, wires: [['out'], ['err']] },
        { payload: {}, keep: 1 },
        { creds: { user: 'apireports', password: 'reports99' }, wait: 'err' },
      );
      assert.equal(msg.error.code, 'PERMISSION');
      assert.equal(msg.error.function, 'call_status_stats');
      assert.equal(msg.keep, 1);
    });
  });

  describe('polling', () => {
    it('emits on its own every interval, with the report as topic, and stops on close', async () => {
      await load([statsNode, catchNode], sim, flow({ interval: 0.2 }));
      const got = collect(helper.getNode('out'));
      await sleep(750);
      assert.ok(got.length >= 3, `polled messages: ${got.length}`);
      assert.ok(got.length <= 5, `polled messages: ${got.length}`);
      for (const m of got) {
        assert.equal(m.topic, 'call_status_stats');
        assert.deepEqual(m.payload[0], expectedStat('TESTCAMP', 'campaign', todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP')));
      }
      await helper.unload();
      const count = sim.requests.length;
      await sleep(500);
      assert.equal(sim.requests.length, count, 'no request after the flow stopped');
    });

    it('"only when changed" sends the first result, then only a changed one', async () => {
      await load([statsNode, catchNode], sim, flow({ interval: 0.2, onlyChanged: true }));
      const got = collect(helper.getNode('out'));
      const before = sim.requests.length;
      await sleep(700);
      assert.equal(got.length, 1);
      assert.ok(sim.requests.length - before >= 3, 'it kept polling');
      const base = got[0].payload[0].total;
      const call = { ...todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP')[0], uniqueid: 'extra.1', status: 'SALE' };
      sim.state.calls.push(call);
      try {
        await sleep(500);
        assert.equal(got.length, 2);
        assert.equal(got[1].payload[0].total, base + 1);
        assert.equal(got[1].payload[0].statuses.SALE, (got[0].payload[0].statuses.SALE ?? 0) + 1);
      } finally {
        sim.state.calls.splice(sim.state.calls.indexOf(call), 1);
      }
    });

    it('a poll failure sets the status and goes to Catch nodes; polling goes on', async () => {
      sim.override('non_agent', 'call_status_stats', (ctx) => `ERROR: call_status_stats USER DOES NOT HAVE PERMISSION TO VIEW STATS: |${ctx.user.user}|0|\n`);
      await load([statsNode, catchNode], sim, flow({ interval: 0.2 }));
      const statuses = recordStatuses(helper.getNode('n1'));
      const caught = await nextMessage(helper.getNode('caught'));
      assert.equal(caught.error.code, 'PERMISSION');
      assert.equal(caught.vicidial.error.function, 'call_status_stats');
      assert.ok(statuses.some((s) => s.fill === 'red' && /^PERMISSION/.test(s.text)));
      sim.clearOverrides();
      const msg = await nextMessage(helper.getNode('out'));
      assert.equal(msg.payload[0].id, 'TESTCAMP');
      assert.equal(statuses[statuses.length - 1].fill, 'green');
    });

    it('a poll failure goes to the second output when that option is on', async () => {
      sim.override('non_agent', 'call_status_stats', () => 'ERROR: call_status_stats INVALID OR MISSING CAMPAIGNS - x\n');
      await load([statsNode, catchNode], sim, flow({ interval: 0.2, errorOutput: true, wires: [['out'], ['err']] }));
      const msg = await nextMessage(helper.getNode('err'));
      assert.equal(msg.error.code, 'INVALID');
    });

    it('never overlaps its calls: a tick is skipped while one is in flight', async () => {
      let open = 0;
      let maxOpen = 0;
      let requests = 0;
      const line = `TESTCAMP|1|1|${Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}-${h === 9 ? 1 : 0}`).join(',')}|SALE-1|\n`;
      const slow = http.createServer((req, res) => {
        requests++;
        open++;
        maxOpen = Math.max(maxOpen, open);
        req.resume();
        setTimeout(() => {
          open--;
          res.end(line);
        }, 450);
      });
      await new Promise((r) => slow.listen(0, '127.0.0.1', r));
      try {
        const fakeSim = { url: `http://127.0.0.1:${slow.address().port}` };
        await load([statsNode, catchNode], fakeSim, flow({ interval: 0.2 }));
        const got = collect(helper.getNode('out'));
        await sleep(1500);
        await helper.unload();
        assert.equal(maxOpen, 1);
        // 1.5 s of 0.45 s calls: at most 4 requests although 7 ticks came.
        assert.ok(requests >= 2 && requests <= 4, `requests: ${requests}`);
        assert.ok(got.length >= 2);
        assert.equal(got[0].payload[0].hourly[9], 1);
      } finally {
        slow.closeAllConnections();
        await new Promise((r) => slow.close(r));
      }
    });
  });

  describe('example flow', () => {
    it('examples/wallboard-stats.json: Refresh shows calls per campaign and in-group', async () => {
      const flowJson = JSON.parse(JSON.stringify(require('../examples/wallboard-stats.json')));
      const config = flowJson.find((n) => n.type === 'vicidial-server');
      assert.equal(config.url, 'http://127.0.0.1:8089');
      assert.equal(config.credentials, undefined);
      config.url = sim.url;
      const inject = flowJson.find((n) => n.type === 'inject');
      const stats = flowJson.find((n) => n.id === inject.wires[0][0]);
      stats.wires[0].push('probe');
      flowJson.push({ id: 'probe', type: 'helper', z: stats.z });
      const chart = flowJson.find((n) => n.type === 'vicidial-stats' && n.shape === 'chart-hourly');
      chart.wires[0].push('chartProbe');
      flowJson.push({ id: 'chartProbe', type: 'helper', z: chart.z });
      await helper.load([serverNode, statsNode, injectNode, debugNode], flowJson, { [config.id]: { user: '6666', password: '1234' } });
      // The polling chart node answers right after deploy, on its own.
      const charts = collect(helper.getNode('chartProbe'));
      const got = nextMessage(helper.getNode('probe'));
      helper.getNode(inject.id).receive({});
      const msg = await got;
      const ids = [...[...sim.state.campaigns.keys()].sort(), ...[...sim.state.inGroups.keys()].sort()];
      assert.deepEqual(msg.payload.map((r) => r.id), ids);
      const test = msg.payload.find((r) => r.id === 'TESTCAMP');
      assert.deepEqual(test, expectedStat('TESTCAMP', 'campaign', todays((c) => !c.inbound && c.campaign_id === 'TESTCAMP')));
      const deadline = Date.now() + 3000;
      while (charts.length === 0 && Date.now() < deadline) await sleep(20);
      const chartData = charts[0];
      assert.equal(chartData.payload.length, 24 * ids.length);
      assert.equal(chartData.action, 'replace');
    });
  });
});
