'use strict';
// Shared set-up for node tests: the Node-RED test helper, a simulator on loopback,
// and a vicidial-server config node pointing at it.
const assert = require('node:assert/strict');
const helper = require('node-red-node-test-helper');
const { startSimulator } = require('../../nodes/sim/server');

helper.init(require.resolve('node-red'));

const serverNode = require('../../nodes/vicidial-server.js');

const SERVER_ID = 'vd-server';
const CREDS = { user: '6666', password: '1234' };

function serverConfig(sim, extra = {}) {
  return { id: SERVER_ID, type: 'vicidial-server', name: 'sim', url: sim.url, timeout: 5, method: 'POST', concurrency: 4, ...extra };
}

/** Loads the given node modules and flow, with the config node and credentials for the simulator. */
function load(modules, sim, flow, creds = CREDS, serverExtra = {}) {
  const all = [serverNode, ...modules.filter((m) => m !== serverNode)];
  return helper.load(all, [serverConfig(sim, serverExtra), ...flow], { [SERVER_ID]: creds });
}

/** Resolves with the next message a helper node receives (rejects after `ms`). */
function nextMessage(node, ms = 4000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no message on ${node.id} within ${ms} ms`)), ms);
    node.once('input', (msg) => {
      clearTimeout(t);
      resolve(msg);
    });
  });
}

/** Collects every status a node sets. */
function recordStatuses(node) {
  const seen = [];
  const original = node.status.bind(node);
  node.status = (s) => {
    seen.push(s);
    return original(s);
  };
  return seen;
}

/**
 * Resolves once the node's throttled status has shown its latest update (statuses
 * past the first few of a second wait for the end of it).
 */
async function statusSettled(node, ms = 3000) {
  const { statusOf } = require('../../nodes/core/node-status');
  const until = Date.now() + ms;
  while (statusOf(node).pending) {
    if (Date.now() > until) throw new Error(`status of ${node.id} still pending after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The usual life of a node test: one simulator for the describe block, a fresh
 * Node-RED test server per test. Returns an object whose `sim` is set in before().
 */
function nodeTestLifecycle(simOptions = {}) {
  const ctx = { sim: undefined };
  before(async () => {
    ctx.sim = await startSimulator({ port: 0, ...simOptions });
  });
  after(() => ctx.sim.stop());
  beforeEach(() => new Promise((r) => helper.startServer(r)));
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });
  return ctx;
}

/**
 * A copy of an example flow with its vicidial-server pointed at `sim`. Examples ship
 * pointing at the README's simulator address and without credentials; both are checked.
 */
function exampleFlow(file, sim) {
  const flow = JSON.parse(JSON.stringify(require(`../../examples/${file}`)));
  const server = flow.find((n) => n.type === 'vicidial-server');
  assert.equal(server.url, 'http://127.0.0.1:8089', `${file}: the example points at the local simulator`);
  assert.ok(!('credentials' in server), `${file}: no credentials in an example`);
  server.url = sim.url;
  return { flow, server };
}

module.exports = { statusSettled, nodeTestLifecycle, exampleFlow, helper, startSimulator, load, nextMessage, recordStatuses, SERVER_ID, CREDS, serverNode };
