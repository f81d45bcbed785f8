'use strict';
/**
 * Node-RED's own runtime (not the test helper, whose spies record every call) with this
 * pack and a bench-sink node, in a temporary user directory that is removed on stop.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

const root = path.resolve(__dirname, '..', '..');

async function startRed(flow, credentials) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vicidial-bench-'));
  const cleanup = () => fs.rmSync(userDir, { recursive: true, force: true });
  process.once('exit', cleanup);
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
  const RED = require('node-red');
  const server = http.createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    nodesDir: [path.join(root, 'nodes'), path.join(__dirname, 'nodes')],
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    logging: { console: { level: process.env.BENCH_RED_LOG || 'off', metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
  });
  await RED.start();
  await waitForFlows(RED, flow);
  return {
    RED,
    node: (id) => RED.nodes.getNode(id),
    async stop() {
      await RED.stop();
      server.close();
      cleanup();
    },
  };
}

/** RED.start resolves before the flows run; wait until every node of ours exists. */
async function waitForFlows(RED, flow) {
  const ids = flow.filter((n) => n.type !== 'tab').map((n) => n.id);
  for (let i = 0; i < 200; i++) {
    if (ids.every((id) => RED.nodes.getNode(id))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the flows did not start');
}

module.exports = { startRed };
