'use strict';
// Statuses and property evaluations in proportion to the load (issue: per-message work in nodes).
const assert = require('node:assert/strict');
const sinon = require('sinon');
const { statusThrottle } = require('../nodes/core/node-status');
const { actionTools } = require('../nodes/core/action');
const { helper, nodeTestLifecycle, load, recordStatuses, statusSettled } = require('./support/nodes');
const addLeadNode = require('../nodes/vicidial-add-lead.js');

describe('throttled node status', () => {
  let clock;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 5_000 });
  });
  afterEach(() => clock.restore());

  function fakeNode() {
    const shown = [];
    return { shown, status: (s) => shown.push({ at: Date.now(), ...s }) };
  }

  it('shows the first few updates of a second at once', () => {
    const node = fakeNode();
    const s = statusThrottle(node, 1000, 4);
    for (let i = 0; i < 4; i++) s.set({ text: `u${i}` });
    assert.deepEqual(node.shown.map((x) => x.text), ['u0', 'u1', 'u2', 'u3']);
    assert.equal(s.pending, false);
  });

  it('past them, shows only the latest, at the end of the second', async () => {
    const node = fakeNode();
    const s = statusThrottle(node, 1000, 4);
    for (let i = 0; i < 1000; i++) {
      s.set({ text: `u${i}` });
      await clock.tickAsync(1);
    }
    await clock.tickAsync(1000);
    assert.ok(node.shown.length <= 4 + 4, `updates shown for 1000 set in 1 s: ${node.shown.length}`);
    assert.equal(node.shown[node.shown.length - 1].text, 'u999', 'the latest update is shown in the end');
    assert.equal(s.pending, false);
    // Never more than the burst within any window.
    for (const u of node.shown) assert.ok(node.shown.filter((v) => v.at >= u.at && v.at < u.at + 1000).length <= 4);
  });

  it('clear drops a pending update', async () => {
    const node = fakeNode();
    const s = statusThrottle(node, 1000, 1);
    s.set({ text: 'a' });
    s.set({ text: 'b' });
    assert.equal(s.pending, true);
    s.clear();
    await clock.tickAsync(2000);
    assert.deepEqual(node.shown.map((x) => x.text), ['a']);
  });
});

describe('property evaluation', () => {
  function fakeRed() {
    const calls = [];
    return {
      calls,
      util: {
        evaluateNodeProperty(value, type, _node, msg, cb) {
          calls.push(type);
          cb(null, type === 'msg' ? msg[value] : value);
        },
      },
    };
  }
  const server = { getClient: () => ({}) };

  it('evaluates a fixed value once per deploy and a message property for every message', async () => {
    const RED = fakeRed();
    const node = {};
    const def = { listId: '101', listIdType: 'str', mode: 'add', modeType: 'mode', phone: 'p', phoneType: 'msg' };
    for (let i = 0; i < 5; i++) {
      const tools = actionTools(RED, node, def, server, { p: `555${i}` });
      assert.equal(await tools.prop('listId'), '101');
      assert.equal(await tools.prop('mode'), 'add');
      assert.equal(await tools.prop('phone'), `555${i}`);
    }
    assert.deepEqual(RED.calls.filter((t) => t === 'str').length, 1);
    assert.deepEqual(RED.calls.filter((t) => t === 'mode').length, 1);
    assert.deepEqual(RED.calls.filter((t) => t === 'msg').length, 5);
  });

  it('a fixed value that fails to evaluate is evaluated (and fails) again', async () => {
    const node = {};
    let n = 0;
    const RED = { util: { evaluateNodeProperty: (_v, _t, _n, _m, cb) => cb(++n < 3 ? new Error('bad') : null, 'ok') } };
    const def = { x: 'v', xType: 'num' };
    for (let i = 0; i < 2; i++) await assert.rejects(actionTools(RED, node, def, server, {}).prop('x'), /could not evaluate/);
    assert.equal(await actionTools(RED, node, def, server, {}).prop('x'), 'ok');
  });
});

describe('vicidial-add-lead under load', function () {
  this.timeout(20000);
  const ctx = nodeTestLifecycle();

  it('sets a few statuses per second, not two per message, and ends on the latest outcome', async () => {
    await load([addLeadNode], ctx.sim, [
      { id: 'n1', type: 'vicidial-add-lead', server: 'vd-server', mode: 'add', modeType: 'mode', listId: '101', listIdType: 'str', errorOutput: true, outputs: 2, wires: [['ok'], ['err']] },
      { id: 'ok', type: 'helper' },
      { id: 'err', type: 'helper' },
    ]);
    const node = helper.getNode('n1');
    const statuses = recordStatuses(node);
    const total = 200;
    const done = new Promise((resolve) => {
      let n = 0;
      const count = () => ++n === total && resolve();
      helper.getNode('ok').on('input', count);
      helper.getNode('err').on('input', count);
    });
    const started = Date.now();
    for (let i = 0; i < total; i++) node.receive({ payload: { phone_number: `31255${String(10000 + i)}` } });
    await done;
    await statusSettled(node);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    assert.ok(statuses.length <= 4 * (seconds + 1), `${statuses.length} statuses for ${total} messages in ${seconds} s`);
    assert.equal(statuses[statuses.length - 1].fill, 'green', JSON.stringify(statuses[statuses.length - 1]));
  });
});
