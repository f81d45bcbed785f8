'use strict';
// Hostile webhook traffic, each case sent both through Node-RED's default composition
// (the admin app parses JSON and form bodies first) and with the node reading bodies itself.
const assert = require('node:assert/strict');
const sinon = require('sinon');
const { startWebhookServers, request, until } = require('./support/webhook-servers');
const wh = require('../nodes/core/webhook.js');

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** A JSON object nesting `depth` containers, the outer object included. */
function nested(depth) {
  let text = '1';
  for (let i = 1; i < depth; i++) text = `{"a":${text}}`;
  return `{"lead_id":5,"x":${text}}`;
}

describe('vicidial-webhook node: hostile requests', function () {
  let s;
  afterEach(async () => {
    sinon.restore();
    if (s) await s.stop();
    s = undefined;
  });

  /** Sends the same request to both compositions and returns both answers. */
  const both = (req) => Promise.all([request(s.viaAdmin, req), request(s.direct, req)]);

  it('enforces the size limit on JSON and form bodies whoever parsed them, with or without a length', async function () {
    s = await startWebhookServers({ maxKb: 8 });
    const big = 'x'.repeat(9 * 1024);
    const fits = 'x'.repeat(7 * 1024);
    for (const chunked of [false, true]) {
      const cases = [
        [JSON_TYPE, JSON.stringify({ type: 'dispo', comments: big }), 413],
        [FORM, `type=dispo&comments=${big}`, 413],
        [JSON_TYPE, JSON.stringify({ type: 'dispo', comments: fits }), 200],
        [FORM, `type=dispo&comments=${fits}`, 200],
      ];
      for (const [headers, body, want] of cases) {
        const answers = await both({ method: 'POST', headers, body, chunked });
        assert.deepEqual(answers.map((a) => a.status), [want, want], `${headers['content-type']} chunked=${chunked} ${body.length} bytes`);
      }
    }
    assert.ok(await until(s.messages, 8));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.messages.length, 8, 'only the bodies within the limit became messages');
    assert.ok(s.messages.every((m) => m.payload.comments === fits));
  });

  it('measures a parsed chunked body from its content: a whitespace-padded body within the limit passes', async function () {
    // The raw text is gone once another parser read it; what it held is what the limit counts.
    const measured = wh.decodeParsedBody({ a: 'x'.repeat(100) }, 'application/json', 100);
    assert.equal(measured.status, 413, 'the strings alone exceed the limit');
    assert.equal(wh.decodeParsedBody({ a: 'x'.repeat(80) }, 'application/json', 100).ok, true);
    // A number counts as one byte whatever it prints as: 1e300 must not turn a small body into a large one.
    assert.equal(wh.decodeParsedBody({ a: 1e300, b: 1e300 }, 'application/json', 20).ok, true);
    assert.equal(wh.decodeParsedBody({ a: ['1', '2'] }, 'application/x-www-form-urlencoded', 7).ok, true, 'a=1&a=2 is 7 bytes');
    assert.equal(wh.decodeParsedBody({ a: ['1', '2'] }, 'application/x-www-form-urlencoded', 6).status, 413);
  });

  it('answers malformed JSON with a quiet 400, counted in the status, without a stack trace', async function () {
    s = await startWebhookServers({});
    const statuses = [];
    const status = s.node.status.bind(s.node);
    s.node.status = (st) => {
      statuses.push(st);
      status(st);
    };
    const logged = [sinon.spy(console, 'error'), sinon.spy(console, 'log'), sinon.spy(process.stderr, 'write')];
    for (const body of ['{"lead_id":', '{"a":1}}', '   ', '"text"', '[1,2]', 'null']) {
      const answers = await both({ method: 'POST', headers: JSON_TYPE, body });
      for (const a of answers) {
        assert.equal(a.status, 400, body);
        assert.match(a.headers['content-type'], /^text\/plain/);
        assert.doesNotMatch(a.text, /\bat |<html|Error/i, 'no stack trace or error page in the answer');
      }
    }
    for (const spy of logged) {
      const text = spy.getCalls().map((c) => c.args.join(' ')).join('\n');
      assert.doesNotMatch(text, /\n\s+at |SyntaxError/, 'no stack trace in the log');
    }
    await new Promise((r) => setTimeout(r, 1200));
    assert.ok(statuses.length > 0, 'the status was updated');
    assert.match(statuses[statuses.length - 1].text, /12 malformed/);
    assert.equal(s.messages.length, 0);
  });

  it('rejects nesting beyond a small depth with 400 and never overflows', async function () {
    s = await startWebhookServers({ maxKb: 1024 });
    const ok = await both({ method: 'POST', headers: JSON_TYPE, body: nested(wh.MAX_JSON_DEPTH) });
    assert.deepEqual(ok.map((a) => a.status), [200, 200]);
    for (const depth of [wh.MAX_JSON_DEPTH + 1, 50, 100_000]) {
      const body = depth > 1000 ? `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}` : nested(depth);
      const answers = await both({ method: 'POST', headers: JSON_TYPE, body });
      assert.deepEqual(answers.map((a) => a.status), [400, 400], `depth ${depth}`);
    }
    // The duplicate window keys on every value when no call identity came: deep values once crashed it.
    await s.stop();
    s = await startWebhookServers({ maxKb: 1024, dedupSeconds: 5 });
    const deep = await both({ method: 'POST', headers: JSON_TYPE, body: `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}` });
    assert.deepEqual(deep.map((a) => a.status), [400, 400]);
    assert.ok(await until(s.messages, 0));
    assert.equal(s.messages.length, 0);
  });

  it('takes the last of repeated parameters, in the query, the form and JSON, whoever parsed them', async function () {
    s = await startWebhookServers({});
    const repeats = Array.from({ length: 25 }, (_, i) => `user=${i}`).join('&');
    await both({ path: `/hook?type=dispo&lead_id=1&lead_id=2&${repeats}` });
    await both({ method: 'POST', path: '/hook?dispo=NI', headers: FORM, body: `type=dispo&lead_id=3&lead_id=4&dispo=A&dispo=SALE&${repeats}` });
    await both({ method: 'POST', headers: JSON_TYPE, body: '{"type":"dispo","lead_id":5,"lead_id":6}' });
    assert.ok(await until(s.messages, 6));
    const seen = s.messages.map((m) => [m.payload.lead_id, m.payload.user, m.payload.dispo]);
    assert.deepEqual(seen, [
      [2, '24', undefined], [2, '24', undefined],
      [4, '24', 'SALE'], [4, '24', 'SALE'],
      [6, undefined, undefined], [6, undefined, undefined],
    ]);
  });

  it('never lets request text reach a prototype: topic stays a string, payloads plain', async function () {
    s = await startWebhookServers({});
    const hostile = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
    let sent = 0;
    for (const word of hostile) {
      const q = `type=${word}&event=${word}&${word}=1&lead_id=7`;
      await both({ path: `/hook?${q}` });
      await both({ method: 'POST', headers: FORM, body: q });
      await both({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ type: word, event: word, lead_id: 7, [word]: { polluted: true } }) });
      sent += 6;
    }
    assert.ok(await until(s.messages, sent));
    for (const msg of s.messages) {
      assert.equal(typeof msg.topic, 'string');
      assert.equal(typeof msg.vicidial.type, 'string');
      assert.ok(msg.topic === 'agent_event/' + msg.payload.event, `topic ${msg.topic}`);
      assert.equal(Object.getPrototypeOf(msg.payload), Object.prototype);
      for (const name of hostile) {
        assert.ok(!Object.prototype.hasOwnProperty.call(msg.payload, name), `payload has ${name}`);
        assert.ok(!Object.prototype.hasOwnProperty.call(msg.vicidial.query, name), `query has ${name}`);
      }
      assert.equal(msg.payload.lead_id, 7);
      assert.equal(typeof msg.payload.hasOwnProperty, 'function', 'payload methods still work');
    }
    assert.equal({}.polluted, undefined);
    assert.equal(wh.normalizeType('constructor'), undefined);
    assert.equal(wh.resolveType({ type: 'toString' }), 'unknown');
  });

  it('keeps bracketed names as sent, whoever parsed them', async function () {
    s = await startWebhookServers({});
    const names = 'a[b]=1&x[y][z]=2&' + 'd' + '[k]'.repeat(20) + '=3';
    await both({ path: `/hook?type=dispo&${names}` });
    await both({ method: 'POST', headers: FORM, body: `type=dispo&${names}` });
    assert.ok(await until(s.messages, 4));
    for (const msg of s.messages) {
      assert.deepEqual(Object.keys(msg.payload).sort(), ['a[b]', `d${'[k]'.repeat(20)}`, 'x[y][z]'].sort());
    }
  });

  it('refuses more than 1000 parameters the way Node-RED\'s own parser does', async function () {
    s = await startWebhookServers({ maxKb: 64 });
    const many = Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join('&');
    const answers = await both({ method: 'POST', headers: FORM, body: many });
    assert.deepEqual(answers.map((a) => a.status), [413, 413]);
    const query = await both({ path: `/hook?${many}` });
    assert.deepEqual(query.map((a) => a.status), [413, 413]);
    const fine = await both({ method: 'POST', headers: FORM, body: many.slice(0, many.lastIndexOf('&')) });
    assert.deepEqual(fine.map((a) => a.status), [200, 200]);
  });
});
