#!/usr/bin/env node
'use strict';
/**
 * The main job: starts the VICIdial simulator and a pinned Node-RED with this pack
 * installed in a project-local user directory, and a starter flow wired to the simulator.
 * Nothing outside the repository is touched.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startSimulator } = require('../nodes/sim/server');
const { startSimulator8x8 } = require('../nodes/sim8x8/server');
require('./exit-with-parent');

const root = path.resolve(__dirname, '..');
const userDir = path.join(root, '.node-red-data');
const editorPort = Number(process.env.PORT || 1880);
const simPort = Number(process.env.VICIDIAL_SIM_PORT || 8089);
const sim8x8Port = Number(process.env.E8X8_SIM_PORT || 8090);

function linkPack() {
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, 'node-red-contrib-vicidial');
  try {
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    /* nothing to remove */
  }
  fs.symlinkSync(root, link, 'dir');
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', private: true, dependencies: { 'node-red-contrib-vicidial': 'file:..' } }, null, 2),
  );
}

function writeSettings() {
  const settings = `module.exports = {
  uiPort: ${editorPort},
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  // Local demo only: credentials are stored unencrypted in this project-local folder.
  credentialSecret: false,
  httpNodeRoot: '/',
  logging: { console: { level: 'info', metrics: false, audit: false } },
  editorTheme: { tours: false, projects: { enabled: false } },
  // The machine may have no internet: no update checks, no consent prompt in the editor.
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false },
};
`;
  fs.writeFileSync(path.join(userDir, 'settings.js'), settings);
}

/** Each example flow on its own tab, with every vicidial-server pointed at the simulator. */
function exampleTabs() {
  const dir = path.join(root, 'examples');
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const tabId = `vd-example-${file.replace(/\W+/g, '-')}`;
    out.push({ id: tabId, type: 'tab', label: `Example: ${file.replace(/\.json$/, '')}`, disabled: false, info: '' });
    for (const n of nodes) {
      if (n.type === 'tab') continue;
      const isConfig = !('wires' in n) && !('x' in n);
      out.push(isConfig ? { ...n, z: undefined } : { ...n, z: tabId });
    }
  }
  return out;
}

function writeStarterFlow(simUrl, sim8x8) {
  const flow = [...JSON.parse(fs.readFileSync(path.join(__dirname, 'starter-flow.json'), 'utf8')), ...exampleTabs()];
  const creds = {};
  for (const n of flow) {
    if (n.type === 'e8x8-tenant') {
      n.url = sim8x8.url;
      creds[n.id] = { tenant: sim8x8.tenant, token: sim8x8.token };
    }
    if (n.type !== 'vicidial-server') continue;
    n.url = simUrl;
    creds[n.id] = { user: '6666', password: '1234' };
  }
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow, null, 2));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(creds, null, 2));
}

async function main() {
  fs.mkdirSync(userDir, { recursive: true });
  const sim = await startSimulator({ port: simPort }).catch(() => startSimulator({ port: 0 }));
  const sim8x8 = await startSimulator8x8({ port: sim8x8Port }).catch(() => startSimulator8x8({ port: 0 }));
  linkPack();
  writeSettings();
  writeStarterFlow(sim.url, sim8x8);
  // VICIDIAL_NODE_RED_DIR: a folder whose node_modules holds another Node-RED (the compatibility matrix).
  const bin = require.resolve('node-red/red.js', { paths: [process.env.VICIDIAL_NODE_RED_DIR || root] });
  const watchdog = path.join(__dirname, 'exit-with-parent.js');
  const red = spawn(process.execPath, ['--require', watchdog, bin, '--userDir', userDir, '--port', String(editorPort)], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.stdout.write(`\nVICIdial simulator: ${sim.url} (API user 6666; its password is in the README)\n`);
  process.stdout.write(`8x8 simulator:      ${sim8x8.baseUrl} (tenant ${sim8x8.tenant}; its token is in the README)\n`);
  process.stdout.write(`Node-RED editor:    http://127.0.0.1:${editorPort}/   (Ctrl+C stops both)\n\n`);
  const stop = () => {
    red.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  red.on('exit', (code) => {
    Promise.allSettled([sim.stop(), sim8x8.stop()]).finally(() => process.exit(code ?? 0));
  });
}

main().catch((err) => {
  process.stderr.write(`start: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
