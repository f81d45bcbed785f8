'use strict';
// A stats node's defaults belong to the report they were written for: switching the node to
// another report (msg.report) never sends them along, and flows saved before the defaults
// had an owner (one `params` for every report) are migrated when the node loads.
const assert = require('node:assert/strict');
const { helper, load, nextMessage, nodeTestLifecycle } = require('./support/nodes');
const statsNode = require('../nodes/vicidial-stats.js');

/** A stats node as the version before this one saved it: no paramsReport. */
function savedBefore(extra = {}) {
  return {
    id: 'n1', type: 'vicidial-stats', name: '', server: 'vd-server', report: 'call_status_stats', reportType: 'report',
    shape: 'objects', shapeType: 'shape', params: '{"campaigns": "---ALL---"}', interval: 0, onlyChanged: false,
    errorOutput: false, wires: [['out']], ...extra,
  };
}

describe('vicidial-stats defaults belong to their report', function () {
  this.timeout(20000);
  const t = nodeTestLifecycle();

  async function ask(node, msg) {
    await load([statsNode], t.sim, [node, { id: 'out', type: 'helper' }]);
    const before = t.sim.requests.length;
    const got = nextMessage(helper.getNode('out'), 8000);
    helper.getNode('n1').receive(msg);
    const out = await got;
    const sent = t.sim.requests.slice(before).find((r) => r.fn === (msg.report || node.report));
    return { out, sent: [...sent.bodyKeys, ...sent.queryKeys] };
  }

  it('a flow saved with one Defaults for all reports: logged_in_agents by msg.report gets no campaigns=---ALL--- and finds the agents', async () => {
    const { out, sent } = await ask(savedBefore(), { report: 'logged_in_agents', payload: {} });
    assert.ok(!sent.includes('campaigns'), `sent ${sent.join(',')}`);
    assert.ok(out.payload.length > 0, 'logged-in agents are listed');
  });

  it('the node\'s own report still gets its defaults', async () => {
    const { sent } = await ask(savedBefore(), { payload: {} });
    assert.ok(sent.includes('campaigns'), `sent ${sent.join(',')}`);
  });

  it('defaults written for one report stay with it', async () => {
    const node = savedBefore({ paramsReport: 'call_status_stats', params: '{"campaigns": "TESTCAMP"}' });
    const { sent } = await ask(node, { report: 'logged_in_agents', payload: {} });
    assert.ok(!sent.includes('campaigns'), `sent ${sent.join(',')}`);
  });

  it('a node whose report comes from the message keeps the defaults its user wrote for every report', async () => {
    const node = savedBefore({ report: 'report', reportType: 'msg', params: '{"campaigns": "TESTCAMP"}' });
    const { sent } = await ask(node, { report: 'logged_in_agents', payload: {} });
    assert.ok(sent.includes('campaigns'), `sent ${sent.join(',')}`);
  });

  it('accepts the defaults as an object (a flow written by hand or through the admin API)', async () => {
    const node = savedBefore({ paramsReport: 'logged_in_agents', report: 'logged_in_agents', params: { show_sub_status: 'YES' } });
    const { out, sent } = await ask(node, { payload: {} });
    assert.ok(sent.includes('show_sub_status'), `sent ${sent.join(',')}`);
    assert.ok(Array.isArray(out.payload));
  });
});
