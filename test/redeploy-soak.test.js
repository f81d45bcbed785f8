'use strict';
// Redeploys with calls in flight and a poller running, many times over: afterwards no request
// starts, and no socket, timer or HTTP route of the pack remains.
const assert = require('node:assert/strict');
const { helper, startSimulator, load } = require('./support/nodes');
const addLeadNode = require('../nodes/vicidial-add-lead.js');
const statsNode = require('../nodes/vicidial-stats.js');
const webhookNode = require('../nodes/vicidial-webhook.js');

const DEPLOYS = Number(process.env.SOAK_DEPLOYS) || 25;
const resources = (kind) => process.getActiveResourcesInfo().filter((r) => r === kind).length;

async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function flow(deploy) {
  return [
    { id: 'adder', type: 'vicidial-add-lead', server: 'vd-server', mode: 'add', modeType: 'mode', listId: '101', listIdType: 'num', phoneCode: '1', phoneCodeType: 'str', wires: [[]] },
    { id: 'poller', type: 'vicidial-stats', server: 'vd-server', report: 'logged_in_agents', reportType: 'report', shape: 'objects', shapeType: 'shape', params: '', interval: 0.05, onlyChanged: false, wires: [[]] },
    { id: 'hook', type: 'vicidial-webhook', path: `/soak-${deploy % 3}`, wires: [[]] },
  ];
}

describe('redeploy soak', function () {
  this.timeout(120_000);
  let sim;
  before(async () => {
    sim = await startSimulator({ port: 0 });
    await new Promise((r) => helper.startServer(r));
  });
  after(async () => {
    await new Promise((r) => helper.stopServer(r));
    await sim.stop();
  });

  it(`${DEPLOYS} deploys with calls in flight and a poller: nothing is sent after close, nothing is left open`, async () => {
    // One deploy first: what Node-RED itself keeps after its first flows is the baseline.
    await load([addLeadNode, statsNode, webhookNode], sim, flow(0));
    await helper.unload();
    await new Promise((r) => setTimeout(r, 200));
    const sockets0 = resources('TCPSocketWrap');
    const timers0 = resources('Timeout');
    let phone = 3125600000;
    for (let d = 0; d < DEPLOYS; d++) {
      await load([addLeadNode, statsNode, webhookNode], sim, flow(d), undefined, { concurrency: 2 });
      const adder = helper.getNode('adder');
      for (let i = 0; i < 20; i++) adder.receive({ payload: { phone_number: String(phone++) } });
      await new Promise((r) => setTimeout(r, 5 + (d % 4) * 15));
      await helper.unload();
    }
    // Requests already on the wire at the close may still arrive; then nothing more may.
    await new Promise((r) => setTimeout(r, 150));
    const sent = sim.requests.length;
    assert.ok(sent > DEPLOYS, `calls were made (${sent})`);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(sim.requests.length, sent, 'no request started after the last close');
    await until(() => resources('TCPSocketWrap') <= sockets0, 5000, `sockets closed (${resources('TCPSocketWrap')} > ${sockets0})`);
    await until(() => resources('Timeout') <= timers0, 5000, `timers cleared (${resources('Timeout')} > ${timers0})`);
    for (let k = 0; k < 3; k++) await helper.request().get(`/soak-${k}`).expect(404);
  });
});
