'use strict';
// The vicidial-webhook node in a Node-RED runtime, driven by real HTTP requests over
// loopback, shaped the way VICIdial sends them (wget GETs, the agent screen's AJAX POST,
// get2post.php relays).
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const express = require('express');
const sinon = require('sinon');
const helper = require('node-red-node-test-helper');
const webhookModule = require('../nodes/vicidial-webhook.js');
const wh = require('../nodes/core/webhook.js');

helper.init(require.resolve('node-red'));

const nodesDir = path.dirname(require.resolve('@node-red/nodes/package.json'));
const httpInModule = require(path.join(nodesDir, 'core/network/21-httpin.js'));
const functionModule = require(path.join(nodesDir, 'core/function/10-function.js'));
const debugModule = require(path.join(nodesDir, 'core/common/21-debug.js'));

const HOOK = '/vicidial';
let RED; // the runtime API the node was given, for its httpNode app
let server;
let baseUrl;

function capturing(red) {
  RED = red;
  return webhookModule(red);
}

/** Serves RED.httpNode the way Node-RED does: mounted under httpNodeRoot. */
async function serve(root = '/') {
  const app = express();
  app.use(root, RED.httpNode);
  server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}${root === '/' ? '' : root}`;
}

async function load(nodeProps, { credentials, settings, extraNodes = [], modules = [], root } = {}) {
  helper.settings(settings || {});
  const flow = [
    { id: 'w1', type: 'vicidial-webhook', name: 'hook', path: HOOK, wires: [['h1']], ...nodeProps },
    { id: 'h1', type: 'helper' },
    ...extraNodes,
  ];
  await helper.load([capturing, ...modules], flow, credentials ? { w1: credentials } : {});
  await serve(root);
  return { hook: helper.getNode('w1'), out: helper.getNode('h1'), flow };
}

function send(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url.startsWith('http') ? url : baseUrl + url);
    const req = http.request(target, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Resolves with the next messages reaching `node`, or rejects after `ms`. */
function nextMessage(node, ms = 1000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no message arrived')), ms);
    node.once('input', (msg) => {
      clearTimeout(t);
      resolve(msg);
    });
  });
}

function collect(node) {
  const got = [];
  node.on('input', (msg) => got.push(msg));
  return got;
}

const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));

/** PHP urlencode, which the dialer applies to values of server-side URLs. */
function phpUrlencode(s) {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** The dialer's substitution: VAR dropped, every --A--name--B-- replaced case-insensitively. */
function substitute(template, values, encode = phpUrlencode) {
  let url = template.replace(/^VAR/, '');
  for (const [name, value] of Object.entries(values)) {
    url = url.split(new RegExp(`--A--${name}--B--`, 'i')).join(encode(value));
  }
  return url;
}

/**
 * The agent screen's agent_events(): spaces to +, some characters (":" too) removed
 * from the whole URL, then the part after "?" POSTed as a form to the part before.
 * The URL is a path on the agent's web server, here proxied to our server.
 */
function agentScreenPost(template, values) {
  const filled = substitute(template, values, (v) => v.replace(/ /g, '+')).replace(/[`:;#"{}^$]/g, '');
  const [script, data] = filled.split(/\?(.+)/);
  return { url: script, body: data, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } };
}

/** An Agent Push URL template as the VICIdial web server sees it: a local path. */
function pushTemplate(extra = {}) {
  return wh.buildCallbackUrl({ baseUrl: '', path: HOOK, type: 'agent_event', ...extra });
}

/** A plausible value of each kind, with the value the payload must then hold. */
const SAMPLES = {
  integer: ['4821', 4821],
  epoch: ['1736937000', 1736937000],
  number: ['-5.00', -5],
  datetime: ['2025-01-15 10:30:00', '2025-01-15T10:30:00'],
  date: ['1980-05-12', '1980-05-12'],
  string: ['Smith & Sons', 'Smith & Sons'],
};

function templateFor(type, extra = {}) {
  return wh.buildCallbackUrl({ baseUrl, path: HOOK, type, ...extra });
}

// Per describe, not at the root: a root hook would run after every other file's tests.
async function cleanup() {
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    server = undefined;
  }
  await helper.unload();
  helper.settings({});
}

describe('vicidial-webhook node: the seven URL types', function () {
  afterEach(cleanup);

  for (const type of wh.WEBHOOK_TYPES) {
    it(`turns a ${type} request into a typed message`, async function () {
      const { out } = await load({ webhookType: 'auto' });
      const spec = wh.TYPE_SPECS[type];
      const values = {};
      const expected = {};
      for (const name of spec.defaults) {
        const kind = wh.variableSpec(name).kind;
        values[name] = name === 'event' ? 'call_answered' : SAMPLES[kind][0];
        expected[name] = name === 'event' ? 'call_answered' : SAMPLES[kind][1];
      }
      if (!spec.serverSide) {
        // The agent screen does not encode values: an & would split them.
        for (const name of spec.defaults) if (values[name] === 'Smith & Sons') values[name] = expected[name] = 'Smith Sons';
      }
      const template = spec.serverSide ? templateFor(type) : pushTemplate();
      const arrived = nextMessage(out);
      let res;
      if (spec.serverSide) {
        res = await send('GET', substitute(template, values), { headers: { 'user-agent': 'Wget/1.21' } });
      } else {
        const post = agentScreenPost(template, values);
        res = await send('POST', post.url, { headers: post.headers, body: post.body });
      }
      assert.equal(res.status, 200);
      assert.equal(res.body, 'OK');
      assert.match(res.headers['content-type'], /^text\/plain/);
      const msg = await arrived;
      assert.equal(msg.topic, type === 'agent_event' ? 'agent_event/call_answered' : type);
      assert.deepEqual(msg.payload, expected);
      assert.equal(msg.vicidial.type, type);
      assert.deepEqual(msg.vicidial.unreplaced, []);
      assert.match(msg.vicidial.remoteAddress, /127\.0\.0\.1$/);
      assert.equal(msg.vicidial.query.type, type);
    });
  }

  it('takes the node\'s fixed type over the request and needs no type parameter', async function () {
    const { out } = await load({ webhookType: 'no_agent' });
    const template = templateFor('no_agent', { includeType: false, variables: ['lead_id', 'status', 'SQLdate', 'phone_number'] });
    // The No Agent URL is filled in by a Perl script that only turns spaces into +.
    const url = substitute(template, { lead_id: '77', status: 'DROP', SQLdate: '2025-03-01 08:00:59', phone_number: '3125551234' }, (v) => v.replace(/ /g, '+'));
    const arrived = nextMessage(out);
    assert.equal((await send('GET', url)).status, 200);
    const msg = await arrived;
    assert.equal(msg.topic, 'no_agent');
    assert.deepEqual(msg.payload, { lead_id: 77, status: 'DROP', SQLdate: '2025-03-01T08:00:59', phone_number: '3125551234' });
  });

  it('emits an unknown topic when nothing tells the type', async function () {
    const { out } = await load({});
    const arrived = nextMessage(out);
    await send('GET', `${HOOK}?lead_id=5`);
    const msg = await arrived;
    assert.equal(msg.topic, 'unknown');
    assert.deepEqual(msg.payload, { lead_id: 5 });
  });
});

describe('vicidial-webhook node: agent events', function () {
  afterEach(cleanup);

  const events = [
    ['logged_in', '8600051 10.10.10.15 2.14-917a 240528-1040 vicidial.php', 'logged_in'],
    ['state_paused', 'PAUSED', 'state_paused'],
    ['call_answered', 'M1151030000012345', 'call_answered'],
    ['dispo_set', 'SALE', 'dispo_set'],
    ['agent_alert', 'Call Rejected: 503 busy', 'agent_alert'],
  ];

  for (const [event, message] of events) {
    it(`recognises ${event} from the agent screen's POST by its event value`, async function () {
      const { out } = await load({});
      const template = pushTemplate({ includeType: false });
      const post = agentScreenPost(template, { user: '1001', event, message, lead_id: '', counter: '17', epoch: '1736937000', agent_log_id: '998877' });
      const arrived = nextMessage(out);
      const res = await send('POST', post.url, { headers: post.headers, body: post.body });
      assert.equal(res.status, 200);
      const msg = await arrived;
      assert.equal(msg.topic, `agent_event/${event}`);
      assert.equal(msg.vicidial.event, event);
      // The agent screen removes : and other characters before sending.
      assert.equal(msg.payload.message, message.replace(/[:]/g, ''));
      assert.equal(msg.payload.user, '1001');
      assert.equal(msg.payload.counter, 17);
      assert.equal(msg.payload.lead_id, null, 'no lead on the screen');
      assert.equal(msg.payload.agent_log_id, 998877);
      assert.equal(msg.vicidial.time, new Date(1736937000 * 1000).toISOString());
    });
  }

  it('takes events relayed by get2post.php (raw spaces, no type)', async function () {
    const { out } = await load({});
    const arrived = nextMessage(out);
    const res = await send('POST', HOOK, {
      headers: { 'user-agent': 'VICIdial get2post', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=1001&lead_id=5&event=transfer_blind&message=9 18005551234&counter=3',
    });
    assert.equal(res.status, 200);
    const msg = await arrived;
    assert.equal(msg.topic, 'agent_event/transfer_blind');
    assert.equal(msg.payload.message, '9 18005551234');
  });

  it('emits only the selected events and types', async function () {
    const { out } = await load({ types: ['agent_event'], events: ['dispo_set'] });
    const got = collect(out);
    await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=state_paused&user=1' });
    await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`);
    const r = await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=dispo_set&user=1&message=SALE' });
    assert.equal(r.status, 200, 'filtered requests are still answered');
    await settle();
    assert.deepEqual(got.map((m) => m.topic), ['agent_event/dispo_set']);
  });
});

describe('vicidial-webhook node: request forms', function () {
  afterEach(cleanup);

  it('accepts a JSON POST from a relay, keeping its types', async function () {
    const { out } = await load({});
    const arrived = nextMessage(out);
    const body = JSON.stringify({ type: 'start_call', lead_id: 42, phone_number: '5551234', epoch: '1736937000', note: { a: 1 } });
    const res = await send('POST', HOOK, { headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 200);
    const msg = await arrived;
    assert.equal(msg.topic, 'start_call');
    assert.deepEqual(msg.payload, { lead_id: 42, phone_number: '5551234', epoch: 1736937000, note: { a: 1 } });
  });

  it('merges query and form body, the body winning', async function () {
    const { out } = await load({});
    const arrived = nextMessage(out);
    await send('POST', `${HOOK}?type=dispo_callback&dispo=NI`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'dispo=SALE&lead_id=9' });
    const msg = await arrived;
    assert.deepEqual(msg.payload, { dispo: 'SALE', lead_id: 9 });
  });

  it('flags unreplaced tokens and passes custom fields through', async function () {
    const { out } = await load({});
    const template = templateFor('dispo_callback', { variables: ['lead_id', 'dispo', 'dispo_name'], customFields: ['favorite_color', 'appt_date'] });
    // This dialer did not know dispo_name: its token is left as typed.
    const url = template.replace(/^VAR/, '').replace('--A--lead_id--B--', '321452').replace('--A--dispo--B--', 'SALE')
      .replace('--A--favorite_color--B--', 'green').replace('--A--appt_date--B--', '2010-10-31');
    const arrived = nextMessage(out);
    await send('GET', url);
    const msg = await arrived;
    assert.deepEqual(msg.vicidial.unreplaced, [{ param: 'dispo_name', variable: 'dispo_name' }]);
    assert.equal(msg.payload.dispo_name, null);
    assert.equal(msg.payload.favorite_color, 'green');
    assert.equal(msg.payload.appt_date, '2010-10-31');
    assert.ok(!('CF_uses_custom_fields' in msg.payload));
    assert.equal(msg.vicidial.query.CF_uses_custom_fields, 'Y');
  });

  it('answers 413 to oversized requests, 400/415 to malformed ones, and keeps working', async function () {
    const { out } = await load({ maxKb: 1 });
    const got = collect(out);
    const long = 'x'.repeat(2048);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&comments=${long}`)).status, 413);
    assert.equal((await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `comments=${long}` })).status, 413);
    assert.equal((await send('POST', HOOK, { headers: { 'content-type': 'application/json' }, body: '{"lead_id":' })).status, 400);
    assert.equal((await send('POST', HOOK, { headers: { 'content-type': 'application/json' }, body: '"text"' })).status, 400);
    assert.equal((await send('POST', HOOK, { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b--' })).status, 415);
    // Chunked bodies have no length up front: the limit is counted as they arrive.
    const chunked = await new Promise((resolve, reject) => {
      const req = http.request(`${baseUrl}${HOOK}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.write(`a=${long}`);
      req.end();
    });
    assert.equal(chunked, 413);
    const ok = await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`);
    assert.equal(ok.status, 200);
    await settle();
    assert.equal(got.length, 1);
    assert.equal(got[0].payload.lead_id, 1);
  });

  it('does not emit for HEAD probes', async function () {
    const { out } = await load({});
    const got = collect(out);
    assert.equal((await send('HEAD', `${HOOK}?type=dispo_callback&lead_id=1`)).status, 200);
    await settle();
    assert.equal(got.length, 0);
  });
});

describe('vicidial-webhook node: security', function () {
  afterEach(cleanup);

  const SECRET = 'p@ss word&1';

  it('refuses requests without the secret or with a wrong one, with 403 and no message', async function () {
    const { out } = await load({}, { credentials: { secret: SECRET } });
    const got = collect(out);
    const none = await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`);
    const wrong = await send('GET', `${HOOK}?type=dispo_callback&lead_id=1&secret=${encodeURIComponent('p@ss word')}`);
    const wrongHeader = await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`, { headers: { 'x-vicidial-secret': 'nope' } });
    assert.deepEqual([none.status, wrong.status, wrongHeader.status], [403, 403, 403]);
    await settle();
    assert.equal(got.length, 0);
  });

  it('accepts the secret as parameter, header or form field, and never passes it on', async function () {
    const { out } = await load({}, { credentials: { secret: SECRET } });
    const got = collect(out);
    const url = wh.buildCallbackUrl({ baseUrl, path: HOOK, type: 'dispo_callback', variables: ['lead_id'], secret: SECRET });
    assert.equal((await send('GET', url.replace(/^VAR/, '').replace('--A--lead_id--B--', '1'))).status, 200);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&lead_id=2`, { headers: { 'x-vicidial-secret': SECRET } })).status, 200);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&lead_id=3`, { headers: { authorization: `Bearer ${SECRET}` } })).status, 200);
    const body = new URLSearchParams({ secret: SECRET, event: 'dispo_set', user: '1' }).toString();
    assert.equal((await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).status, 200);
    await settle();
    assert.equal(got.length, 4);
    for (const msg of got) {
      assert.ok(!JSON.stringify([msg.payload, msg.vicidial]).includes('p@ss'), 'secret leaked into the message');
    }
  });

  it('honours a custom secret parameter name', async function () {
    const { out } = await load({ secretParam: 'token' }, { credentials: { secret: 'abc' } });
    const arrived = nextMessage(out);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&secret=abc`)).status, 403);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&token=abc&lead_id=4`)).status, 200);
    assert.deepEqual((await arrived).payload, { lead_id: 4 });
  });

  it('refuses sources outside the allow-list', async function () {
    const { out } = await load({ allowIps: '10.0.0.0/8, 192.168.0.0/16' });
    const got = collect(out);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`)).status, 403);
    await settle();
    assert.equal(got.length, 0);
  });

  it('lets allowed sources in, IPv4-mapped or not', async function () {
    const { out } = await load({ allowIps: '10.0.0.0/8\n127.0.0.0/8' });
    const arrived = nextMessage(out);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`)).status, 200);
    await arrived;
  });
});

describe('vicidial-webhook node: outputs, duplicates and responses', function () {
  afterEach(cleanup);

  it('drops repeats of the same call inside the window', async function () {
    const { out } = await load({ dedupSeconds: 5 });
    const got = collect(out);
    const url = `${HOOK}?type=dispo_callback&uniqueid=1736937000.1234&epoch=1736937000&lead_id=5&dispo=SALE`;
    assert.equal((await send('GET', url)).status, 200);
    assert.equal((await send('GET', url)).status, 200, 'a retry is still answered');
    await send('GET', url.replace('.1234', '.1235'));
    await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=dispo_set&epoch=1736937000&user=1001&counter=4' });
    await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=dispo_set&epoch=1736937000&user=1001&counter=4' });
    await settle();
    assert.deepEqual(got.map((m) => m.payload.uniqueid || m.topic), ['1736937000.1234', '1736937000.1235', 'agent_event/dispo_set']);
  });

  it('keeps every request when suppression is off', async function () {
    const { out } = await load({ dedupSeconds: 0 });
    const got = collect(out);
    const url = `${HOOK}?type=dispo_callback&uniqueid=1.2&epoch=1`;
    await send('GET', url);
    await send('GET', url);
    await settle();
    assert.equal(got.length, 2);
  });

  it('sends each type to its own output', async function () {
    const helpers = wh.WEBHOOK_TYPES.map((t, i) => ({ id: `o${i}`, type: 'helper' }));
    const { flow } = await load({ outputMode: 'per_type', wires: helpers.map((h) => [h.id]), outputs: 7 }, { extraNodes: helpers });
    assert.ok(flow);
    const got = helpers.map((h) => collect(helper.getNode(h.id)));
    await send('GET', `${HOOK}?type=no_agent&lead_id=1`);
    await send('GET', `${HOOK}?type=pause_max&user=1001`);
    await send('POST', HOOK, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=state_ready&user=1' });
    await settle();
    const index = (t) => wh.WEBHOOK_TYPES.indexOf(t);
    assert.deepEqual(got.map((g) => g.length), wh.WEBHOOK_TYPES.map((t) => (['no_agent', 'pause_max', 'agent_event'].includes(t) ? 1 : 0)));
    assert.equal(got[index('no_agent')][0].topic, 'no_agent');
    assert.equal(got[index('agent_event')][0].topic, 'agent_event/state_ready');
  });

  it('numbers per-type outputs by the selected types only', async function () {
    const { } = await load(
      { outputMode: 'per_type', types: ['agent_event', 'dispo_callback'], wires: [['a'], ['b']], outputs: 2 },
      { extraNodes: [{ id: 'a', type: 'helper' }, { id: 'b', type: 'helper' }] },
    );
    const a = collect(helper.getNode('a'));
    const b = collect(helper.getNode('b'));
    await send('GET', `${HOOK}?type=dispo_callback&lead_id=1`);
    await settle();
    // Catalog order puts dispo_callback before agent_event.
    assert.deepEqual([a.length, b.length], [1, 0]);
  });

  it('lets an http response node answer when asked to', async function () {
    await load(
      { respond: 'node', wires: [['r1']] },
      { modules: [httpInModule], extraNodes: [{ id: 'r1', type: 'http response', statusCode: '202', headers: {} }] },
    );
    const res = await send('GET', `${HOOK}?type=start_call&lead_id=8&first_name=Ann`);
    assert.equal(res.status, 202);
    assert.deepEqual(JSON.parse(res.body), { lead_id: 8, first_name: 'Ann' });
  });
});

describe('vicidial-webhook node: routes', function () {
  afterEach(cleanup);

  function routeCount(pathText) {
    const router = RED.httpNode._router;
    if (!router) return 0; // Express 4 creates it with the first route
    return router.stack.filter((l) => l.route && l.route.path === pathText).length;
  }

  it('answers once after a redeploy and 404 after the node is deleted', async function () {
    const { out, flow } = await load({ webhookType: 'dispo_callback' });
    assert.equal(routeCount(HOOK), 2, 'GET and POST');
    const changed = flow.map((n) => (n.id === 'w1' ? { ...n, dedupSeconds: 1 } : n));
    await helper.setFlows(changed, 'nodes');
    assert.equal(routeCount(HOOK), 2, 'old routes removed');
    const fresh = helper.getNode('h1');
    const got = collect(fresh);
    assert.equal((await send('GET', `${HOOK}?lead_id=1`)).status, 200);
    await settle();
    assert.equal(got.length, 1);
    assert.ok(out);

    await helper.setFlows(flow.filter((n) => n.id !== 'w1'), 'full');
    assert.equal(routeCount(HOOK), 0);
    assert.equal((await send('GET', `${HOOK}?lead_id=1`)).status, 404);
  });

  it('moves with its path on redeploy', async function () {
    const { flow } = await load({});
    await helper.setFlows(flow.map((n) => (n.id === 'w1' ? { ...n, path: '/moved' } : n)), 'nodes');
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback`)).status, 404);
    assert.equal((await send('GET', '/moved?type=dispo_callback')).status, 200);
  });

  it('refuses a second node on the same path', async function () {
    await load({}, { extraNodes: [{ id: 'w2', type: 'vicidial-webhook', path: HOOK.toUpperCase(), wires: [] }] });
    assert.equal(routeCount(HOOK) + routeCount(HOOK.toUpperCase()), 2);
  });

  it('honours httpNodeRoot, httpNodeMiddleware and httpNodeCors', async function () {
    const middleware = sinon.spy((req, res, next) => next());
    const { out } = await load({}, {
      root: '/hooks',
      settings: { httpNodeRoot: '/hooks', httpNodeMiddleware: middleware, httpNodeCors: { origin: '*', methods: 'GET,POST' } },
    });
    const arrived = nextMessage(out);
    const res = await send('GET', `${HOOK}?type=dispo_callback&lead_id=3`, { headers: { origin: 'https://agent.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.ok(baseUrl.endsWith('/hooks'));
    assert.equal((await arrived).payload.lead_id, 3);
    assert.equal(middleware.callCount, 1);
    const pre = await send('OPTIONS', HOOK, { headers: { origin: 'https://agent.example', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-methods'], 'GET,POST');
    const wrongRoot = await send('GET', `http://127.0.0.1:${server.address().port}${HOOK}?type=dispo_callback`);
    assert.equal(wrongRoot.status, 404);
  });

  it('creates no route when HTTP nodes are disabled', async function () {
    const { hook } = await load({}, { settings: { httpNodeRoot: false } });
    assert.ok(hook);
    assert.equal(routeCount(HOOK), 0);
  });

  it('lets middleware reject requests before the node sees them', async function () {
    const deny = (req, res) => { res.statusCode = 401; res.end('no'); };
    const { out } = await load({}, { settings: { httpNodeMiddleware: [deny] } });
    const got = collect(out);
    assert.equal((await send('GET', `${HOOK}?type=dispo_callback`)).status, 401);
    await settle();
    assert.equal(got.length, 0);
  });
});

describe('vicidial-webhook node: editor endpoints', function () {
  afterEach(cleanup);

  it('serves the catalog', async function () {
    await load({});
    const res = await helper.request().get('/vicidial-webhook/catalog').expect(200);
    assert.deepEqual(res.body.types.map((t) => t.type), [...wh.WEBHOOK_TYPES]);
    assert.equal(res.body.variables.length, wh.VARIABLES.length);
    assert.ok(res.body.eventNames.includes('dispo_set'));
  });

  it('builds URLs with the deployed secret when the dialog only has the placeholder', async function () {
    await load({}, { credentials: { secret: 'k y' } });
    const res = await helper.request()
      .post('/vicidial-webhook/url')
      .send({ type: 'pause_max', baseUrl: 'https://nr.example', path: 'vicidial', variables: ['user'], secret: '__PWRD__', nodeId: 'w1' })
      .expect(200);
    assert.equal(res.body.url, 'VARhttps://nr.example/vicidial?type=pause_max&secret=k%20y&user=--A--user--B--');
    const wrapped = await helper.request()
      .post('/vicidial-webhook/url')
      .send({ type: 'agent_event', baseUrl: 'http://nr', path: '/e', variables: ['event'], get2post: true })
      .expect(200);
    assert.equal(wrapped.body.url, 'get2post.php?uniqueid=--A--epoch--B--.--A--agent_log_id--B--&type=event&HTTPURLTOPOST=nr/e?event=--A--event--B--');
    const bad = await helper.request().post('/vicidial-webhook/url').send({ type: 'x' }).expect(400);
    assert.match(bad.body.error, /type/);
  });
});

describe('vicidial-webhook example flow', function () {
  afterEach(cleanup);

  const example = require('../examples/webhook-dispositions-to-crm.json');

  it('turns a disposition into a CRM record and shows agent events', async function () {
    const flow = JSON.parse(JSON.stringify(example));
    const fn = flow.find((n) => n.type === 'function');
    fn.wires[0].push('crm');
    flow.push({ id: 'crm', type: 'helper', z: fn.z });
    helper.settings({});
    await helper.load([capturing, functionModule, debugModule], flow);
    await serve();
    const hook = flow.find((n) => n.type === 'vicidial-webhook');
    const crm = helper.getNode('crm');
    const arrived = nextMessage(crm, 2000);
    const template = wh.buildCallbackUrl({ baseUrl, path: hook.path, type: 'dispo_callback' });
    const values = {
      lead_id: '321452', vendor_lead_code: 'CRM-88', phone_number: '3125551234', first_name: 'Ana', last_name: 'Diaz',
      user: '1001', campaign: 'SALESA', dispo: 'SALE', talk_time: '214', uniqueid: '1736937000.4411',
      call_id: 'M1151030000012345', epoch: '1736937000', recording_filename: '20250115-103000_3125551234',
      callback_datetime: '', term_reason: 'AGENT',
    };
    assert.equal((await send('GET', substitute(template, values))).status, 200);
    const msg = await arrived;
    assert.equal(msg.topic, 'crm/activity');
    // The function node's objects come from its own sandbox realm.
    assert.deepEqual(JSON.parse(JSON.stringify(msg.payload)), {
      externalId: 'CRM-88',
      leadId: 321452,
      phone: '3125551234',
      name: 'Ana Diaz',
      outcome: 'SALE',
      isSale: true,
      talkSeconds: 214,
      agent: '1001',
      campaign: 'SALESA',
      recording: '20250115-103000_3125551234',
      callbackAt: null,
      callId: 'M1151030000012345',
      occurredAt: new Date(1736937000 * 1000).toISOString(),
    });

    const debug = helper.getNode(flow.find((n) => n.type === 'debug' && n.name === 'Agent events').id);
    const shown = nextMessage(debug);
    await send('POST', hook.path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=1001&event=state_paused&message=PAUSED&counter=2&epoch=1736937001' });
    assert.equal((await shown).topic, 'agent_event/state_paused');
  });
});
