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
require('./exit-with-parent');

const root = path.resolve(__dirname, '..');
// NODE_RED_USER_DIR lets tests run the main job without touching the developer's own flows.
const userDir = path.resolve(process.env.NODE_RED_USER_DIR || path.join(root, '.node-red-data'));
const editorPort = Number(process.env.PORT || 1880);
const simPort = Number(process.env.VICIDIAL_SIM_PORT || 8089);

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

/** The starter content's one server config, which the examples use too (by this id). */
const STARTER_SERVER_ID = 'vicidial-simulator';
const SIM_CREDENTIALS = { user: '6666', password: '1234' };

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Replaces a file in one step, so a crash never leaves half a flow file. */
function writeJson(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file);
}

function writeStarterFlow(flowFile, credFile, simUrl) {
  const flow = readJson(path.join(__dirname, 'starter-flow.json'));
  const creds = {};
  for (const n of flow) {
    if (n.type !== 'vicidial-server') continue;
    n.url = simUrl;
    creds[n.id] = SIM_CREDENTIALS;
  }
  writeJson(flowFile, flow);
  writeJson(credFile, creds);
}

/**
 * The user's flow file is theirs: only the starter server config follows the simulator to
 * the port it got, and only while it still points at this machine (not at a real dialer).
 */
function followSimulator(flowFile, credFile, simUrl) {
  const flow = readJson(flowFile);
  const server = Array.isArray(flow) ? flow.find((n) => n && n.id === STARTER_SERVER_ID && n.type === 'vicidial-server') : undefined;
  if (!server || server.url === simUrl || !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(String(server.url))) return;
  server.url = simUrl;
  writeJson(flowFile, flow);
  const creds = fs.existsSync(credFile) ? readJson(credFile) : {};
  if (!creds[STARTER_SERVER_ID]) writeJson(credFile, { ...creds, [STARTER_SERVER_ID]: SIM_CREDENTIALS });
  process.stdout.write(`The "${server.name || STARTER_SERVER_ID}" server config now points at ${simUrl}.\n`);
}

/** Starter content only on the first run: a flow file that exists holds the user's work. */
function prepareFlows(simUrl) {
  const flowFile = path.join(userDir, 'flows.json');
  const credFile = path.join(userDir, 'flows_cred.json');
  if (!fs.existsSync(flowFile)) {
    writeStarterFlow(flowFile, credFile, simUrl);
    return `Starter flows written to ${path.relative(root, flowFile)}.`;
  }
  followSimulator(flowFile, credFile, simUrl);
  return `Your flows are kept in ${path.relative(root, flowFile)} (delete that file to get the starter flows back).`;
}

/** The simulator on its usual port; when that port is taken, on another one, and the user is told so loudly. */
async function startSim() {
  try {
    return { sim: await startSimulator({ port: simPort }) };
  } catch (err) {
    if (!err || err.code !== 'EADDRINUSE') throw err;
    const sim = await startSimulator({ port: 0 });
    const warning = [
      '',
      '!'.repeat(78),
      `!! Port ${simPort} is already in use, so the VICIdial simulator runs on ${sim.url} instead.`,
      `!! The starter server config follows it; a flow of yours that names port ${simPort} does not.`,
      '!! Stop whatever holds the port, or set VICIDIAL_SIM_PORT, to keep the usual address.',
      '!'.repeat(78),
      '',
    ].join('\n');
    return { sim, warning };
  }
}

async function main() {
  fs.mkdirSync(userDir, { recursive: true });
  const { sim, warning } = await startSim();
  linkPack();
  writeSettings();
  const flowsNote = prepareFlows(sim.url);
  // VICIDIAL_NODE_RED_DIR: a folder whose node_modules holds another Node-RED (the compatibility matrix).
  const bin = require.resolve('node-red/red.js', { paths: [process.env.VICIDIAL_NODE_RED_DIR || root] });
  const watchdog = path.join(__dirname, 'exit-with-parent.js');
  const red = spawn(process.execPath, ['--require', watchdog, bin, '--userDir', userDir, '--port', String(editorPort)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (warning) process.stderr.write(`${warning}\n`);
  process.stdout.write(`\nVICIdial simulator: ${sim.url}/ (API user 6666; the README's simulator section gives the password)\n`);
  process.stdout.write(`Node-RED editor:    http://127.0.0.1:${editorPort}/   (Ctrl+C stops both)\n`);
  process.stdout.write(`${flowsNote}\n\n`);
  const stop = () => {
    red.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  red.on('exit', (code) => {
    sim.stop().finally(() => process.exit(code ?? 0));
  });
}

main().catch((err) => {
  process.stderr.write(`start: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
