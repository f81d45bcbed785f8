'use strict';
// Typed results on every path: the generic node, the core's call() and the stats node get the same
// typed data from the catalog's response schema. Bodies follow the PHP's echo statements:
// call_status_stats prints `id|total|human|HH-n,…,|STATUS-n,…,|` (both lists end with a comma).
const assert = require('node:assert/strict');
const { helper, load, nextMessage, nodeTestLifecycle } = require('./support/nodes');
const apiNode = require('../nodes/vicidial-api.js');
const statsNode = require('../nodes/vicidial-stats.js');
const { VicidialClient } = require('../nodes/core/client');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}-${h === 9 ? 3 : h === 14 ? 2 : 0}`).join(',') + ',';
const BODY = `TESTCAMP|5|4|${HOURS}|A-1,NA-1,X-Y-2,SALE-1,|\nSALESLINE|0|0|${HOURS.replace(/-\d+,/g, '-0,')}||\n`;
const WANT_HOURLY = Array.from({ length: 24 }, (_, h) => (h === 9 ? 3 : h === 14 ? 2 : 0));
const WANT_STATUSES = { A: 1, NA: 1, 'X-Y': 2, SALE: 1 };

describe('typed results on every path', () => {
  const ctx = nodeTestLifecycle();
  let sim;
  beforeEach(() => {
    sim = ctx.sim;
    sim.override('non_agent', 'call_status_stats', () => BODY);
  });
  afterEach(() => sim.clearOverrides());

  it('the parser types call_status_stats from the catalog: numbers, 24 hours, {status: count}', () => {
    const r = parseResponse(findFunction('call_status_stats'), BODY, { params: { campaigns: 'TESTCAMP', ingroups: 'SALESLINE' } });
    assert.deepEqual(r.data[0], { campaign_id: 'TESTCAMP', total_calls: 5, human_answered_calls: 4, hourly_breakdown: WANT_HOURLY, status_breakdown: WANT_STATUSES });
    assert.deepEqual(r.data[1].hourly_breakdown, new Array(24).fill(0));
    assert.deepEqual(r.data[1].status_breakdown, {});
  });

  it('the core call(), the generic node and the stats node agree', async () => {
    const client = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234', retries: 0 });
    let viaCall;
    try {
      viaCall = (await client.call('call_status_stats', { campaigns: 'TESTCAMP', ingroups: 'SALESLINE' })).data;
    } finally {
      client.close();
    }
    assert.deepEqual(viaCall[0].hourly_breakdown, WANT_HOURLY);
    assert.deepEqual(viaCall[0].status_breakdown, WANT_STATUSES);

    await load([apiNode, statsNode], sim, [
      { id: 'api', type: 'vicidial-api', server: 'vd-server', func: 'call_status_stats', api: 'non_agent', params: '{"campaigns": "TESTCAMP", "ingroups": "SALESLINE"}', wires: [['apiOut']] },
      { id: 'apiOut', type: 'helper' },
      { id: 'st', type: 'vicidial-stats', server: 'vd-server', report: 'call_status_stats', reportType: 'report', shape: 'objects', shapeType: 'shape', params: '{"campaigns": "TESTCAMP", "ingroups": "SALESLINE"}', interval: 0, onlyChanged: false, wires: [['stOut']] },
      { id: 'stOut', type: 'helper' },
    ]);
    const gotApi = nextMessage(helper.getNode('apiOut'));
    helper.getNode('api').receive({ payload: {} });
    const viaNode = (await gotApi).payload;
    assert.deepEqual(viaNode, viaCall);

    const gotStats = nextMessage(helper.getNode('stOut'));
    helper.getNode('st').receive({ payload: {} });
    const shaped = (await gotStats).payload;
    assert.deepEqual(shaped[0], { id: 'TESTCAMP', type: 'campaign', total: 5, human_answered: 4, hourly: WANT_HOURLY, statuses: WANT_STATUSES });
    assert.equal(shaped[1].type, 'ingroup');
  });

  it('durations are seconds whatever time_format printed, percentages are numbers', () => {
    const spec = findFunction('agent_stats_export');
    // One agent row with time_format=H (sec_convert's H:MM:SS) then the same with M (minutes:seconds).
    const row = (t) => `1001|Jane Roe|AGENTS|12|${t}|0:20:05|0:01:40|0:00:35|60%|1210|2|0:31:05|6|0:03:22|32.4%|3|0:07:00|0:22:30|0:05:10|0:02:25\n`;
    const h = parseResponse(spec, row('1:02:10'), { params: { time_format: 'H' } }).data[0];
    const m = parseResponse(spec, row('62:10'), { params: { time_format: 'M' } }).data[0];
    assert.equal(h.login_time, 3730);
    assert.equal(m.login_time, 3730);
    assert.equal(h.pct_of_queue, 60);
    assert.equal(h.pause_pct, 32.4);
    assert.equal(h.calls, 12);
  });

  it('call_dispo_report: status columns are counts, with show_percentages {count, percent}', () => {
    const spec = findFunction('call_dispo_report');
    // The header names statuses in first-seen order, the values follow in sorted order.
    const plain = parseResponse(spec, 'CAMPAIGN,TOTAL CALLS,SALE,A\nTESTCAMP,3,1,2\nTOTAL,3,1,2', { params: {} }).data;
    assert.deepEqual(plain[0], { campaign: 'TESTCAMP', total_calls: 3, A: 1, SALE: 2 });
    const pct = parseResponse(spec, 'CAMPAIGN,TOTAL CALLS,SALE\nTESTCAMP,4,1 (25.0%)\nTOTAL,4,1 (25.0%)', { params: {} }).data;
    assert.deepEqual(pct[0].SALE, { count: 1, percent: 25 });
  });
});
