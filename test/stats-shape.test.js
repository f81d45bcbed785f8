'use strict';
// Unit tests of src/core/stats.ts: shaping per report, sections, chart shapes, change detection, polling.
const assert = require('node:assert/strict');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const st = require('../nodes/core/stats');

const spec = (name) => findFunction(name, 'non_agent');
/** Parses a raw answer as the client would, then shapes it. */
function shape(name, body, params = {}) {
  const s = spec(name);
  return st.shapeReport(s, parseResponse(s, body, { params }).data, params);
}
const hours = (pairs) => Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}-${pairs[h] ?? 0}`).join(',');

describe('stats core: report choice and parameters', () => {
  it('accepts the eleven reports and nothing else', () => {
    assert.equal(st.STATS_REPORTS.length, 11);
    for (const r of st.STATS_REPORTS) assert.ok(spec(r), r);
    assert.equal(st.checkReport('logged_in_agents'), 'logged_in_agents');
    assert.throws(() => st.checkReport('add_lead'), (e) => e.code === 'INVALID' && /not a report/.test(e.reason));
    assert.throws(() => st.checkReport(''), (e) => e.code === 'INVALID' && /no report/.test(e.reason));
  });

  it('allows chart shapes only for reports with that breakdown', () => {
    assert.equal(st.checkShape('logged_in_agents', undefined), 'objects');
    assert.equal(st.checkShape('call_status_stats', 'chart-hourly'), 'chart-hourly');
    assert.equal(st.checkShape('call_dispo_report', 'chart-statuses'), 'chart-statuses');
    assert.throws(() => st.checkShape('call_dispo_report', 'chart-hourly'), (e) => e.code === 'INVALID');
    assert.throws(() => st.checkShape('logged_in_agents', 'chart-statuses'), (e) => e.code === 'INVALID');
    assert.throws(() => st.checkShape('logged_in_agents', 'table'), (e) => e.code === 'INVALID' && /payload shape/.test(e.reason));
  });

  it('keeps the defaults the report takes, lets the message win and manages the output format', () => {
    const input = st.reportInput(
      spec('agent_stats_export'),
      { campaigns: 'X', campaign_id: 'TESTCAMP', agentUser: 'agent9', stage: 'csv' },
      { agent_user: 'agent1', header: 'YES', timeFormat: 'M', bogus: 1 },
    );
    assert.deepEqual(input, { campaign_id: 'TESTCAMP', agentUser: 'agent9', agent_user: 'agent1', bogus: 1, stage: 'tab', time_format: 'S' });
    // call_status_stats takes no stage: none is added.
    assert.deepEqual(st.reportInput(spec('call_status_stats'), { campaigns: 'A' }, {}), { campaigns: 'A' });
  });
});

describe('stats core: values', () => {
  it('types integers, seconds and percentages', () => {
    assert.equal(st.toInt('42'), 42);
    assert.equal(st.toInt(''), null);
    assert.equal(st.toInt('abc'), 'abc');
    assert.equal(st.toInt('123456789012345678901'), '123456789012345678901');
    assert.equal(st.toSeconds('1:23:45'), 5025);
    assert.equal(st.toSeconds('83:45'), 5025);
    assert.equal(st.toSeconds('5025'), 5025);
    assert.equal(st.toSeconds('n/a'), 'n/a');
  });
});

describe('stats core: call_status_stats', () => {
  const a = `TESTCAMP|5|3|${hours({ 9: 2, 14: 3 })}|A-1,NA-1,SALE-2,X-Y-1|`;
  const b = `OTHER|0|0|${hours({})}||`;
  const g = `SALESLINE|2|1|${hours({ 23: 2 })}|DROP-1,SALE-1|`;

  it('unpacks totals, hours (index = hour) and statuses (split on the last dash)', () => {
    const { rows } = shape('call_status_stats', `${a}\n`, { campaigns: 'TESTCAMP' });
    const want = new Array(24).fill(0);
    want[9] = 2;
    want[14] = 3;
    assert.deepEqual(rows, [{ id: 'TESTCAMP', type: 'campaign', total: 5, human_answered: 3, hourly: want, statuses: { A: 1, NA: 1, SALE: 2, 'X-Y': 1 } }]);
  });

  it('a row without calls has zero hours and no statuses', () => {
    const { rows } = shape('call_status_stats', `${b}\n`, { campaigns: 'OTHER' });
    assert.deepEqual(rows[0].hourly, new Array(24).fill(0));
    assert.deepEqual(rows[0].statuses, {});
    assert.equal(rows[0].total, 0);
  });

  it('types rows by the campaigns and in-groups the request named', () => {
    const body = `${b}\n${a}\n${g}\n`;
    const named = shape('call_status_stats', body, { campaigns: 'TESTCAMP-OTHER', ingroups: 'SALESLINE' }).rows.map((r) => r.type);
    assert.deepEqual(named, ['campaign', 'campaign', 'ingroup']);
    // Campaigns named, in-groups left to the server: the rest are in-groups.
    assert.deepEqual(shape('call_status_stats', body, { campaigns: 'OTHER-TESTCAMP' }).rows.map((r) => r.type), ['campaign', 'campaign', 'ingroup']);
    // Every campaign, in-groups named: matched from the end.
    assert.deepEqual(shape('call_status_stats', body, { campaigns: '---ALL---', ingroups: 'SALESLINE' }).rows.map((r) => r.type), ['campaign', 'campaign', 'ingroup']);
  });

  it('an ID that is both a campaign and an in-group is typed by position', () => {
    const body = `SAME|1|0|${hours({})}|A-1|\nSAME|2|0|${hours({})}|B-2|\n`;
    assert.deepEqual(shape('call_status_stats', body, { campaigns: 'SAME', ingroups: 'SAME' }).rows.map((r) => r.type), ['campaign', 'ingroup']);
  });

  it('with both lists left to the server, splits where the sorted order restarts, else unknown', () => {
    const body = `${b}\n${a}\n${g}\n`; // OTHER < TESTCAMP > SALESLINE: one restart
    assert.deepEqual(shape('call_status_stats', body, { campaigns: '---ALL---' }).rows.map((r) => r.type), ['campaign', 'campaign', 'ingroup']);
    const sorted = `${a.replace('TESTCAMP', 'AAA')}\n${g}\n`; // AAA < SALESLINE: cannot be told
    assert.deepEqual(shape('call_status_stats', sorted, { campaigns: 'ALLCAMPAIGNS' }).rows.map((r) => r.type), ['unknown', 'unknown']);
  });

  it('assignSections handles empty input and campaign-only answers', () => {
    assert.deepEqual(st.assignSections([], st.callStatusSections({ campaigns: 'A' }), st.phpKeyCompare), []);
    assert.deepEqual(st.assignSections(['B', 'A'], [{ type: 'campaign', ids: 'all' }], st.phpKeyCompare), ['campaign', 'campaign']);
    assert.equal(st.phpKeyCompare('10', '9') > 0, true);
    assert.equal(st.phpKeyCompare('B', 'a') < 0, true);
    assert.equal(st.sqlCompare('B', 'a') > 0, true);
  });
});

describe('stats core: call_dispo_report', () => {
  // The header names statuses in first-seen order; the values are printed in sorted order (A, SALE).
  const body = 'CAMPAIGN,TOTAL CALLS,SALE,A\nTESTCAMP,4,3 (75.0%),1 (25.0%)\nSALESLINE,2,0 (0.0%),2 (100.0%)\nTOTAL,6,3 (50.0%),3 (50.0%)';

  it('one object per row with counts and percentages; the TOTAL line apart', () => {
    const out = shape('call_dispo_report', body, { campaigns: 'TESTCAMP', ingroups: 'SALESLINE', status_breakdown: '1', show_percentages: '1' });
    assert.deepEqual(out.rows, [
      { id: 'TESTCAMP', type: 'campaign', total: 4, statuses: { A: 3, SALE: 1 }, percentages: { A: 75, SALE: 25 } },
      { id: 'SALESLINE', type: 'ingroup', total: 2, statuses: { A: 0, SALE: 2 }, percentages: { A: 0, SALE: 100 } },
    ]);
    assert.deepEqual(out.totals, { total: 6, statuses: { A: 3, SALE: 3 }, percentages: { A: 50, SALE: 50 } });
  });

  it('no calls → empty array, total 0; DIDs typed as did', () => {
    const empty = shape('call_dispo_report', 'CAMPAIGN,TOTAL CALLS\nTOTAL,0', { campaigns: 'TESTCAMP' });
    assert.deepEqual(empty.rows, []);
    assert.deepEqual(empty.totals, { total: 0, statuses: {} });
    const dids = shape('call_dispo_report', 'CAMPAIGN,TOTAL CALLS\nTESTCAMP,3\n8885551000,2\nTOTAL,5', { campaigns: 'TESTCAMP', did_ids: 'ALLDIDS' });
    assert.deepEqual(dids.rows.map((r) => [r.id, r.type, r.total]), [['TESTCAMP', 'campaign', 3], ['8885551000', 'did', 2]]);
    assert.deepEqual(dids.rows[0].statuses, {});
  });
});

describe('stats core: row reports', () => {
  it('logged_in_agents: named columns, numeric ones as numbers', () => {
    const { rows } = shape('logged_in_agents', 'agent1\tTESTCAMP\t8600051\tINCALL\t1004\tM1121\t7\tAda, Agent\tAGENTS\t1\tLOGIN\t3-WAY\n', { stage: 'tab' });
    assert.deepEqual(rows, [
      { user: 'agent1', campaign_id: 'TESTCAMP', session_id: '8600051', status: 'INCALL', lead_id: 1004, callerid: 'M1121', calls_today: 7, full_name: 'Ada, Agent', user_group: 'AGENTS', user_level: 1, pause_code: 'LOGIN', sub_status: '3-WAY' },
    ]);
  });

  it('agent_status names the agent asked for', () => {
    const { rows } = shape('agent_status', 'PAUSED\t\t0\tTESTCAMP\t3\tAda\tAGENTS\t1\tBREAK\t\t\t\t8600051\n', { stage: 'tab', agent_user: 'agent1' });
    assert.equal(rows[0].user, 'agent1');
    assert.equal(rows[0].calls_today, 3);
    assert.equal(rows[0].lead_id, 0);
    assert.equal(rows[0].session_id, '8600051');
    assert.equal(rows[0].pause_code, 'BREAK');
  });

  it('agent_stats_export: seconds, percentages and the extra campaign column', () => {
    const line = 'TESTCAMP\tagent1\tAda\tAGENTS\t13\t3209\t2525\t0\t10\t36.1%\t421\t1\t3209\t13\t32\t13.1%\t13\t132\t2537\t119\t12\n';
    const { rows } = shape('agent_stats_export', line, { stage: 'tab', group_by_campaign: 'YES' });
    assert.equal(rows[0].campaign_id, 'TESTCAMP');
    assert.equal(rows[0].user, 'agent1');
    assert.equal(rows[0].calls, 13);
    assert.equal(rows[0].login_time, 3209);
    assert.equal(rows[0].pct_of_queue, 36.1);
    assert.equal(rows[0].pause_pct, 13.1);
    assert.equal(rows[0].dead_time, 12);
    assert.equal(Object.keys(rows[0]).length, 21);
    const hms = shape('agent_stats_export', 'agent1\tAda\tAGENTS\t2\t1:00:05\t0:01:00\n', { stage: 'tab' }).rows[0];
    assert.equal(hms.login_time, 3605);
    assert.equal(hms.total_talk_time, 60);
  });

  it('recording_lookup: duration=Y inserts the duration before location', () => {
    const { rows } = shape('recording_lookup', '2025-01-15 10:00:00\tagent1\t5001\t1001\t135\thttp://x/a.mp3\n', { stage: 'tab', duration: 'Y' });
    assert.deepEqual(rows[0], { start_time: '2025-01-15 10:00:00', user: 'agent1', recording_id: 5001, lead_id: 1001, duration: 135, location: 'http://x/a.mp3' });
    const plain = shape('recording_lookup', '2025-01-15 10:00:00\tagent1\t5001\t1001\thttp://x/a.mp3\n', { stage: 'tab' }).rows[0];
    assert.equal(plain.location, 'http://x/a.mp3');
    assert.equal('duration' in plain, false);
  });

  it('in_group_status, user_group_status, did_log_export, phone_number_log, callid_info', () => {
    assert.deepEqual(shape('in_group_status', 'SALESLINE SUPPORT\t3\t1\t2\t1\t0\t1\t0\t0\n', { stage: 'tab' }).rows[0], {
      ingroups: 'SALESLINE SUPPORT', total_calls: 3, calls_waiting: 1, agents_logged_in: 2, agents_in_calls: 1, agents_waiting: 0, agents_paused: 1, agents_in_dispo: 0, agents_in_dial: 0,
    });
    assert.equal(shape('user_group_status', 'AGENTS\t0\t2\t0\t1\t1\t0\t0\t0\n', { stage: 'tab' }).rows[0].agents_in_dead_calls, 0);
    assert.deepEqual(shape('did_log_export', '8885551000\t3125550101\t2025-01-15 09:16:30\t324\n', { stage: 'tab' }).rows[0], {
      did_number: '8885551000', caller_id_number: '3125550101', call_date: '2025-01-15 09:16:30', length_in_sec: 324,
    });
    const log = shape('phone_number_log', '3125550101\t2025-01-15 09:16:30\t101\t12\tNA\tCALLER\tNA\t\tVDAD\n', { stage: 'tab' }).rows[0];
    assert.equal(log.list_id, 101);
    assert.equal(log.length_in_sec, 12);
    assert.equal(log.source_id, '');
    assert.deepEqual(shape('callid_info', 'M1151030000012345678\t0\n', { stage: 'tab' }).rows[0], { call_id: 'M1151030000012345678', custtime: 0 });
  });

  it('empty-set answers are empty arrays', () => {
    assert.deepEqual(shape('logged_in_agents', 'ERROR: logged_in_agents NO LOGGED IN AGENTS: 6666|\n').rows, []);
    assert.deepEqual(shape('phone_number_log', 'NOTICE: phone_number_log NO RECORDS FOUND FOR THIS PHONE NUMBER - 6666|3125550101||\n').rows, []);
    // One named agent is not a set: not logged in is NOT_FOUND.
    assert.throws(() => shape('agent_status', 'ERROR: agent_status AGENT NOT LOGGED IN: 6666|agent3\n'), { code: 'NOT_FOUND' });
  });
});

describe('stats core: chart shapes', () => {
  const rows = [
    { id: 'TESTCAMP', hourly: Array.from({ length: 24 }, (_, h) => h), statuses: { SALE: 2, A: 1 } },
    { id: 'SALESLINE', hourly: new Array(24).fill(0), statuses: { DROP: 4 } },
  ];

  it('chart-hourly: 24 points per series, labelled by hour', () => {
    const pts = st.shapePayload({ rows }, 'chart-hourly');
    assert.equal(pts.length, 48);
    assert.deepEqual(pts[0], { series: 'TESTCAMP', label: '00:00', value: 0 });
    assert.deepEqual(pts[23], { series: 'TESTCAMP', label: '23:00', value: 23 });
    assert.deepEqual(pts[24], { series: 'SALESLINE', label: '00:00', value: 0 });
  });

  it('chart-statuses: every series gets every status, sorted, 0 where missing', () => {
    assert.deepEqual(st.shapePayload({ rows }, 'chart-statuses'), [
      { series: 'TESTCAMP', label: 'A', value: 1 },
      { series: 'TESTCAMP', label: 'DROP', value: 0 },
      { series: 'TESTCAMP', label: 'SALE', value: 2 },
      { series: 'SALESLINE', label: 'A', value: 0 },
      { series: 'SALESLINE', label: 'DROP', value: 4 },
      { series: 'SALESLINE', label: 'SALE', value: 0 },
    ]);
    assert.deepEqual(st.shapePayload({ rows: [] }, 'chart-statuses'), []);
  });
});

describe('stats core: change detection and polling', () => {
  it('compares deeply, ignores key order, and keeps its own copy', () => {
    const d = new st.ChangeDetector();
    const p = [{ a: 1, b: { c: [1, 2] } }];
    assert.equal(d.changed(p), true);
    assert.equal(d.changed([{ b: { c: [1, 2] }, a: 1 }]), false);
    p[0].b.c.push(3); // a downstream node changing what it was sent
    assert.equal(d.changed([{ a: 1, b: { c: [1, 2] } }]), false);
    assert.equal(d.changed([{ a: 1, b: { c: [2, 1] } }]), true);
    assert.equal(d.changed([]), true);
    assert.equal(st.sameData([1, '1'], [1, 1]), false);
  });

  it('reads the interval in seconds: 0/blank/negative is off, tiny values are raised', () => {
    assert.equal(st.pollIntervalMs(0), 0);
    assert.equal(st.pollIntervalMs(''), 0);
    assert.equal(st.pollIntervalMs('-5'), 0);
    assert.equal(st.pollIntervalMs('abc'), 0);
    assert.equal(st.pollIntervalMs('30'), 30000);
    assert.equal(st.pollIntervalMs(0.01), st.MIN_POLL_SECONDS * 1000);
  });

  it('ticks at once and then on the interval, never overlapping, and survives failures', async () => {
    let running = 0;
    let maxRunning = 0;
    let started = 0;
    const poller = st.startPolling(20, async () => {
      started++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 70));
      running--;
      if (started === 1) throw new Error('first tick fails');
    });
    await new Promise((r) => setTimeout(r, 400));
    poller.stop();
    const after = started;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(maxRunning, 1);
    assert.ok(started >= 3, `ticks started: ${started}`);
    // With a 20 ms interval and 70 ms ticks, many ticks were skipped.
    assert.ok(started <= 6, `ticks started: ${started}`);
    assert.equal(started, after, 'no tick after stop()');
  });

  it('skips ticks while something else is busy', async () => {
    let busy = true;
    let started = 0;
    const poller = st.startPolling(15, async () => {
      started++;
    }, () => busy);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(started, 0);
    busy = false;
    await new Promise((r) => setTimeout(r, 80));
    poller.stop();
    assert.ok(started >= 1);
  });
});
