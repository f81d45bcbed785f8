'use strict';
// The webhook's duplicate window in a context store: instances sharing the store share one
// window. First two windows over one custom store (as two nodes, or two runtimes, see it),
// then two Node-RED runtimes sharing a file-backed context store behind a "load balancer"
// that sends VICIdial's retry to the other instance.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { duplicateCheck, STORE_KEY_PREFIX } = require('../nodes/core/webhook-dedup.js');
const { startNodeRed } = require('./support/node-red-process');
const { request } = require('./support/webhook-servers');

/** A custom context store shared by several runtimes: Node-RED's global-context callback API over one Map, answering later. */
function sharedStore({ failing = false } = {}) {
  const data = new Map();
  const later = (fn) => setImmediate(fn);
  const fail = () => new Error('store unreachable');
  return {
    data,
    global: {
      keys: (store, cb) => later(() => (failing ? cb(fail()) : cb(null, [...data.keys()]))),
      get: (keys, store, cb) => later(() => (failing ? cb(fail()) : cb(null, ...keys.map((k) => data.get(k))))),
      set: (key, value, store, cb) => later(() => {
        if (failing) return cb(fail());
        if (value === undefined) data.delete(key);
        else data.set(key, value);
        cb(null);
      }),
    },
  };
}

describe('webhook duplicate window in a context store', function () {
  const opened = [];
  afterEach(() => {
    for (const w of opened.splice(0)) w.close(true);
  });
  const open = (...args) => {
    const w = duplicateCheck(...args);
    opened.push(w);
    return w;
  };

  it('is one window for two nodes sharing the store, and per path', async function () {
    const { global, data } = sharedStore();
    const errors = [];
    const a = open('shared', '/hook', 5000, () => global, (e) => errors.push(e));
    const b = open('shared', '/hook', 5000, () => global, (e) => errors.push(e));
    const other = open('shared', '/other', 5000, () => global, (e) => errors.push(e));
    assert.equal(await a.seen('call-1'), false, 'first sight');
    assert.equal(await b.seen('call-1'), true, 'the other instance saw it');
    assert.equal(await a.seen('call-1'), true, 'and so did this one');
    assert.equal(await b.seen('call-2'), false);
    assert.equal(await a.seen('call-2'), true);
    assert.equal(await other.seen('call-1'), false, 'another path has its own window');
    assert.deepEqual(errors, []);
    const keys = [...data.keys()];
    assert.equal(keys.length, 3);
    assert.ok(keys.every((k) => k.startsWith(STORE_KEY_PREFIX) && /^[\w]+$/.test(k)), 'keys are plain names, never property paths');
  });

  it('lets a repeat through once the window ended, and sweeps ended windows from the store', async function () {
    const { global, data } = sharedStore();
    const a = open('shared', '/hook', 100, () => global, () => {});
    const b = open('shared', '/hook', 100, () => global, () => {});
    assert.equal(await a.seen('k'), false);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await b.seen('k'), false, 'window over');
    // A stale entry left by an instance that stopped is removed by the next instance that starts.
    data.set(`${STORE_KEY_PREFIX}stale`, Date.now() - 1);
    const c = open('shared', '/hook', 100, () => global, () => {});
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(data.has(`${STORE_KEY_PREFIX}stale`), false);
    assert.ok(c);
  });

  it('sees concurrent identical requests at one instance as repeats', async function () {
    const { global } = sharedStore();
    const a = open('shared', '/hook', 5000, () => global, () => {});
    const answers = await Promise.all([a.seen('same'), a.seen('same'), a.seen('same')]);
    assert.deepEqual(answers, [false, true, true]);
  });

  it('lets requests through and reports when the store fails', async function () {
    const { global } = sharedStore({ failing: true });
    const errors = [];
    const a = open('shared', '/hook', 5000, () => global, (e) => errors.push(e.message));
    assert.equal(await a.seen('x'), false);
    assert.ok(errors.includes('store unreachable'));
  });

  it('keeps a memory window across redeploys of the same path', function () {
    const first = duplicateCheck('memory', '/kept', 5000, () => assert.fail('no context needed'), () => {});
    assert.equal(first.seen('k'), false);
    first.close(false);
    const second = open('', '/kept', 5000, () => assert.fail('no context needed'), () => {});
    assert.equal(second.seen('k'), true, 'the redeployed node still knows it');
  });
});

describe('two Node-RED runtimes sharing a file-backed context store', function () {
  this.timeout(180_000);
  let shared;
  let runtimes = [];

  const flows = [
    { id: 'tab', type: 'tab', label: 'webhook' },
    { id: 'w1', z: 'tab', type: 'vicidial-webhook', path: '/hook', dedupSeconds: 60, dedupStore: 'shared', respond: 'node', wires: [['r1']] },
    { id: 'w2', z: 'tab', type: 'vicidial-webhook', path: '/local', dedupSeconds: 60, dedupStore: 'memory', respond: 'node', wires: [['r1']] },
    { id: 'r1', z: 'tab', type: 'http response', statusCode: '201', headers: {}, wires: [] },
  ];

  before(async () => {
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'vicidial-ctx-'));
    const settings = `contextStorage: {
    default: { module: 'memory' },
    memory: { module: 'memory' },
    shared: { module: 'localfilesystem', config: { dir: ${JSON.stringify(shared)}, cache: false } },
  },`;
    runtimes = await Promise.all([startNodeRed({ flows, settings }), startNodeRed({ flows, settings })]);
  });
  after(async () => {
    await Promise.all(runtimes.map((r) => r.stop()));
    if (shared) fs.rmSync(shared, { recursive: true, force: true });
  });

  // The flow answers 201 for what it emitted; the node itself answers 200 to a dropped repeat.
  const emitted = async (base, p) => (await request(base, { path: p })).status === 201;

  it('drops a retry that reaches the other instance', async function () {
    const [a, b] = runtimes.map((r) => r.url);
    const call = '/hook?type=dispo_callback&uniqueid=1736937000.77&epoch=1736937000&lead_id=9&dispo=SALE';
    assert.equal(await emitted(a, call), true, 'first delivery');
    assert.equal(await emitted(b, call), false, 'the retry on the other instance is a repeat');
    assert.equal(await emitted(a, call), false);
    const next = call.replace('.77', '.78');
    assert.equal(await emitted(b, next), true, 'another call passes');
    assert.equal(await emitted(a, next), false);
    const files = fs.readdirSync(path.join(shared, 'context'), { recursive: true });
    assert.ok(files.some((f) => String(f).startsWith('global')), 'the window lives in the shared store');
  });

  it('keeps separate windows with the memory store', async function () {
    const [a, b] = runtimes.map((r) => r.url);
    const call = '/local?type=dispo_callback&uniqueid=1736937000.90&epoch=1736937000';
    assert.equal(await emitted(a, call), true);
    assert.equal(await emitted(b, call), true, 'each instance has its own window');
    assert.equal(await emitted(a, call), false, 'but each still drops its own repeats');
  });
});
