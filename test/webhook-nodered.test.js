'use strict';
// The webhook node in Node-RED as users run it (`node-red` with default settings, in a child
// process): the admin app, nested in the editor app with its own body parsers, reads JSON and
// form bodies before the node's route runs. The flow answers with what it received.
const assert = require('node:assert/strict');
const { startNodeRed } = require('./support/node-red-process');
const { request } = require('./support/webhook-servers');

const flows = [
  { id: 'tab', type: 'tab', label: 'webhook' },
  { id: 'w1', z: 'tab', type: 'vicidial-webhook', path: '/hook', maxKb: 8, respond: 'node', wires: [['f1']] },
  {
    id: 'f1',
    z: 'tab',
    type: 'function',
    func: 'msg.payload = { topicType: typeof msg.topic, topic: String(msg.topic), keys: Object.keys(msg.payload), lead_id: msg.payload.lead_id };\nreturn msg;',
    outputs: 1,
    wires: [['r1']],
  },
  { id: 'r1', z: 'tab', type: 'http response', statusCode: '', headers: {}, wires: [] },
];

describe('vicidial-webhook node in a Node-RED runtime with default settings', function () {
  this.timeout(120_000);
  let nr;
  before(async () => {
    nr = await startNodeRed({ flows });
  });
  after(async () => {
    if (nr) await nr.stop();
  });

  it('enforces the size limit on bodies the admin app already parsed, with or without a length', async function () {
    const big = 'x'.repeat(9 * 1024);
    for (const chunked of [false, true]) {
      const json = await request(nr.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ comments: big }), chunked });
      const form = await request(nr.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `comments=${big}`, chunked });
      assert.deepEqual([json.status, form.status], [413, 413], `chunked=${chunked}`);
    }
    const fits = await request(nr.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'lead_id=4&lead_id=5' });
    assert.equal(fits.status, 200);
    assert.equal(JSON.parse(fits.text).lead_id, 5, 'the last repeat wins');
  });

  it('answers malformed and deeply nested JSON with a plain 400 and logs no stack trace', async function () {
    for (const body of ['{"lead_id":', `{"x":${'['.repeat(3000)}${']'.repeat(3000)}}`]) {
      const res = await request(nr.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400);
      assert.match(res.headers['content-type'], /^text\/plain/);
      assert.doesNotMatch(res.text, /<html|\bat /);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(nr.output(), /SyntaxError|\n\s+at /, 'no stack trace in the log');
  });

  it('keeps msg.topic a string whatever type= says', async function () {
    for (const word of ['constructor', '__proto__', 'toString', 'valueOf']) {
      const res = await request(nr.url, { path: `/hook?type=${word}&lead_id=3&${word}=x` });
      assert.equal(res.status, 200, word);
      const seen = JSON.parse(res.text);
      assert.deepEqual([seen.topicType, seen.topic], ['string', 'unknown'], word);
      assert.ok(!seen.keys.includes(word) || word === 'type', `${word} reached the payload`);
    }
  });
});
