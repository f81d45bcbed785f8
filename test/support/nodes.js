'use strict';
// Shared set-up for node tests: the Node-RED test helper, a simulator on loopback,
// and a vicidial-server config node pointing at it.
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

module.exports = { helper, startSimulator, load, nextMessage, recordStatuses, SERVER_ID, CREDS, serverNode };
