'use strict';
const assert = require('node:assert/strict');
const { helper, startSimulator, load, SERVER_ID } = require('./support/nodes');
const { clientConfig, testConnection } = require('../nodes/core/server-config');

describe('vicidial-server config node', () => {
  let sim;
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(() => sim.stop());
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });

  it('loads in Node-RED and gives nodes a working client', async () => {
    await load([], sim, []);
    const server = helper.getNode(SERVER_ID);
    assert.ok(server, 'config node exists');
    const r = await server.getClient().call('version');
    assert.equal(r.data.version, sim.state.version);
  });

  it('keeps credentials out of the exported flow', async () => {
    await load([], sim, []);
    const flows = helper._redNodes.getFlows().flows;
    const text = JSON.stringify(flows);
    assert.ok(text.includes(SERVER_ID), 'the config node is exported');
    assert.ok(!text.includes('1234'), 'no password');
    assert.ok(!/"password"|"user"/.test(text), 'no credential properties');
    assert.equal(helper.getNode(SERVER_ID).credentials.password, '1234', 'the credential store has it');
  });

  it('declares the password as a password credential and protects its admin routes', () => {
    const routes = [];
    const types = {};
    const fakeRED = {
      nodes: { createNode() {}, registerType: (t, ctor, opts) => (types[t] = opts), getNode: () => null },
      httpAdmin: {
        post: (path, ...handlers) => routes.push({ method: 'post', path, handlers }),
        get: (path, ...handlers) => routes.push({ method: 'get', path, handlers }),
      },
      auth: { needsPermission: (perm) => Object.assign(() => {}, { perm }) },
    };
    require('../nodes/vicidial-server.js')(fakeRED);
    assert.deepEqual(types['vicidial-server'].credentials, { user: { type: 'text' }, password: { type: 'password' } });
    const test = routes.find((r) => r.path === '/vicidial-server/test');
    assert.equal(test.method, 'post');
    assert.equal(test.handlers[0].perm, 'vicidial-server.write');
    const catalog = routes.find((r) => r.path === '/vicidial/catalog');
    assert.equal(catalog.handlers[0].perm, 'vicidial-api.read');
  });

  it('test endpoint reports success in plain words, using the stored password', async () => {
    await load([], sim, []);
    const res = await helper
      .request()
      .post('/vicidial-server/test')
      .send({ id: SERVER_ID, url: sim.url, user: '6666', password: '__PWRD__' })
      .expect(200);
    assert.equal(res.body.ok, true, res.body.message);
    assert.ok(res.body.message.includes(sim.state.version), res.body.message);
  });

  it('test endpoint classifies a wrong password and never echoes it', async () => {
    await load([], sim, []);
    const res = await helper.request().post('/vicidial-server/test').send({ url: sim.url, user: '6666', password: 'Wrong-Pass9' }).expect(200);
    assert.equal(res.body.ok, false);
    assert.equal(res.body.code, 'AUTH');
    assert.ok(!JSON.stringify(res.body).includes('Wrong-Pass9'));
    assert.ok(!JSON.stringify(res.body).includes('WrongPass9'));
    sim.state.users.get('6666').failed_login_count = 0;
  });

  it('test endpoint reports an unreachable server as NETWORK', async () => {
    await load([], sim, []);
    const res = await helper.request().post('/vicidial-server/test').send({ url: 'http://127.0.0.1:1', user: '6666', password: 'x1' }).expect(200);
    assert.equal(res.body.ok, false);
    assert.equal(res.body.code, 'NETWORK');
  });

  it('maps dialog settings to client settings with safe defaults', () => {
    const c = clientConfig({ id: 'x', type: 'vicidial-server', url: ' https://dialer.example ', timeout: '12', method: 'get', concurrency: '0', insecure: true }, { user: 'u', password: 'p' });
    assert.equal(c.baseUrl, 'https://dialer.example');
    assert.equal(c.timeoutMs, 12000);
    assert.equal(c.method, 'GET');
    assert.equal(c.concurrency, 1);
    assert.equal(c.rejectUnauthorized, false);
    assert.equal(c.source, 'node-red');
    const d = clientConfig({ id: 'y', type: 'vicidial-server', url: 'http://x' }, {});
    assert.equal(d.timeoutMs, 30000);
    assert.equal(d.method, 'POST');
    assert.equal(d.concurrency, 4);
  });

  it('testConnection reports missing credentials as INVALID without calling out', async () => {
    const before = sim.requests.length;
    const r = await testConnection({ baseUrl: sim.url, user: '', pass: '' });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'INVALID');
    assert.equal(sim.requests.length, before);
  });
});
