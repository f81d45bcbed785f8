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
// NODE_RED_USER_DIR lets tests run the main job without touching the developer's own flows.
const userDir = path.resolve(process.env.NODE_RED_USER_DIR || path.join(root, '.node-red-data'));
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

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Replaces a file in one step, so a crash never leaves half a flow file. */
function writeJson(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file);
}

const isConfigNode = (n) => n.type !== 'tab' && !('wires' in n) && !('x' in n);
const LOOPBACK_URL = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/[^?#]*)?$/;

/** Every string in a node that names one of `ids` (wires, config references, link targets), renamed. */
function renameIds(value, rename) {
  if (typeof value === 'string') return rename.has(value) ? rename.get(value) : value;
  if (Array.isArray(value)) return value.map((v) => renameIds(v, rename));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameIds(v, rename)]));
  return value;
}

/**
 * One example as a starter tab that never collides with the same example imported from the
 * menu: its own ids, its HTTP paths under /starter (the tab's info says which), and the
 * starter content's one config node of each type instead of the example's own.
 */
function exampleTab(file, shared) {
  const nodes = readJson(path.join(root, 'examples', file));
  const base = file.replace(/\.json$/, '');
  const tab = nodes.find((n) => n.type === 'tab');
  const rename = new Map(nodes.map((n) => [n.id, `starter-${n.id}`]));
  const fresh = [];
  for (const n of nodes.filter(isConfigNode)) {
    if (shared.has(n.type)) rename.set(n.id, shared.get(n.type).id);
    else {
      shared.set(n.type, { id: rename.get(n.id) });
      fresh.push(n);
    }
  }
  for (const n of fresh) shared.set(n.type, { ...renameIds(n, rename), id: rename.get(n.id) });
  const tabId = tab ? rename.get(tab.id) : `starter-${base}`;
  const paths = [];
  const out = [];
  for (const n of nodes.filter((x) => x.type !== 'tab' && !isConfigNode(x))) {
    const copy = { ...renameIds(n, rename), id: rename.get(n.id), z: tabId };
    const key = n.type === 'http in' ? 'url' : n.type === 'vicidial-webhook' ? 'path' : '';
    if (key && typeof copy[key] === 'string' && copy[key].startsWith('/')) {
      paths.push([copy[key], `/starter${copy[key]}`]);
      copy[key] = `/starter${copy[key]}`;
    }
    out.push(copy);
  }
  let info = tab && tab.info ? tab.info : '';
  for (const [from, to] of paths) info = info.split(from).join(to);
  if (paths.length) info += '\n\nThis copy listens under /starter, so that the same example imported from the menu (Import → Examples) does not collide with it.';
  return [{ id: tabId, type: 'tab', label: `Example: ${base}`, disabled: false, info }, ...out];
}

/**
 * The first-run content: the starter tab, then every example on its own tab, sharing one
 * config node of each type (the starter's "VICIdial simulator" for all VICIdial nodes).
 */
function starterContent() {
  const starter = readJson(path.join(__dirname, 'starter-flow.json'));
  const shared = new Map(starter.filter(isConfigNode).map((n) => [n.type, n]));
  const dir = path.join(root, 'examples');
  const examples = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  const tabs = examples.flatMap((file) => exampleTab(file, shared));
  const configs = [...shared.values()];
  const flow = [...starter.filter((n) => !isConfigNode(n)), ...tabs, ...configs];
  return { flow, configs };
}

/** Where each simulator is and how to log in: per config type. */
function simulatorSettings(sim, sim8x8) {
  return {
    'vicidial-server': { url: sim.url, credentials: { user: '6666', password: '1234' } },
    'e8x8-tenant': { url: sim8x8.url, credentials: { tenant: sim8x8.tenant, token: sim8x8.token } },
  };
}

function writeStarterFlow(flowFile, credFile, settings) {
  const { flow, configs } = starterContent();
  const creds = {};
  for (const c of configs) {
    const s = settings[c.type];
    if (!s) continue;
    c.url = s.url;
    creds[c.id] = s.credentials;
  }
  writeJson(flowFile, flow);
  writeJson(credFile, creds);
}

/**
 * The user's flow file is theirs: only the starter config nodes follow the simulators to the
 * ports they got, and only while they still point at this machine (not at a real dialer).
 */
function followSimulators(flowFile, credFile, settings) {
  const flow = readJson(flowFile);
  if (!Array.isArray(flow)) return [];
  const creds = fs.existsSync(credFile) ? readJson(credFile) : {};
  const moved = [];
  for (const c of starterContent().configs) {
    const s = settings[c.type];
    const mine = flow.find((n) => n && n.id === c.id && n.type === c.type);
    if (!s || !mine || mine.url === s.url || !LOOPBACK_URL.test(String(mine.url))) continue;
    mine.url = s.url;
    if (!creds[c.id]) creds[c.id] = s.credentials;
    moved.push(`The "${mine.name || c.id}" config now points at ${s.url}.`);
  }
  if (moved.length === 0) return [];
  writeJson(flowFile, flow);
  writeJson(credFile, creds);
  return moved;
}

/** Starter content only on the first run: a flow file that exists holds the user's work. */
function prepareFlows(settings) {
  const flowFile = path.join(userDir, 'flows.json');
  const credFile = path.join(userDir, 'flows_cred.json');
  if (!fs.existsSync(flowFile)) {
    writeStarterFlow(flowFile, credFile, settings);
    return `Starter flows written to ${path.relative(root, flowFile) || flowFile}.`;
  }
  const moved = followSimulators(flowFile, credFile, settings);
  return [...moved, `Your flows are kept in ${flowFile} (delete that file to get the starter flows back).`].join('\n');
}

/** A simulator on its usual port; when that port is taken, on another one, and the user is told so loudly. */
async function startOnPort(start, port, what, envName) {
  try {
    return { sim: await start({ port }) };
  } catch (err) {
    if (!err || err.code !== 'EADDRINUSE') throw err;
    const sim = await start({ port: 0 });
    const url = sim.baseUrl || sim.url;
    const warning = [
      '',
      '!'.repeat(78),
      `!! Port ${port} is already in use, so the ${what} runs on ${url} instead.`,
      `!! The starter config follows it; a flow of yours that names port ${port} does not.`,
      `!! Stop whatever holds the port, or set ${envName}, to keep the usual address.`,
      '!'.repeat(78),
      '',
    ].join('\n');
    return { sim, warning };
  }
}

async function main() {
  fs.mkdirSync(userDir, { recursive: true });
  const vici = await startOnPort(startSimulator, simPort, 'VICIdial simulator', 'VICIDIAL_SIM_PORT');
  const e8x8 = await startOnPort(startSimulator8x8, sim8x8Port, '8x8 simulator', 'E8X8_SIM_PORT');
  const sim = vici.sim;
  const sim8x8 = e8x8.sim;
  linkPack();
  writeSettings();
  const flowsNote = prepareFlows(simulatorSettings(sim, sim8x8));
  // VICIDIAL_NODE_RED_DIR: a folder whose node_modules holds another Node-RED (the compatibility matrix).
  const bin = require.resolve('node-red/red.js', { paths: [process.env.VICIDIAL_NODE_RED_DIR || root] });
  const watchdog = path.join(__dirname, 'exit-with-parent.js');
  const red = spawn(process.execPath, ['--require', watchdog, bin, '--userDir', userDir, '--port', String(editorPort)], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (const w of [vici.warning, e8x8.warning]) if (w) process.stderr.write(`${w}\n`);
  process.stdout.write(`\nVICIdial simulator: ${sim.url}/ (API user 6666; the README's simulator section gives the password)\n`);
  process.stdout.write(`8x8 simulator:      ${sim8x8.baseUrl} (tenant ${sim8x8.tenant}; its token is in the README)\n`);
  process.stdout.write(`Node-RED editor:    http://127.0.0.1:${editorPort}/   (Ctrl+C stops both)\n`);
  process.stdout.write(`${flowsNote}\n\n`);
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
