'use strict';
// A real Node-RED runtime in a child process, with this pack installed in a throw-away
// user directory: the same composition as `node-red` on the command line (admin app
// with its body parsers in front of the HTTP node app), on a free loopback port.
// Used by tests that need Node-RED exactly as users run it, and by the benchmarks.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
// Resolved, not joined: the compatibility matrix points `node-red` at another installation.
const redBin = require.resolve('node-red/red.js');
const running = new Set();

// Whatever fails, no runtime outlives the process that started it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function linkPack(userDir) {
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(root, path.join(modules, 'node-red-contrib-vicidial'), 'dir');
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', private: true, dependencies: { 'node-red-contrib-vicidial': '*' } }),
  );
}

/** settings.js text: `extra` is JavaScript source for more properties (it may hold functions). */
function settingsText(extra) {
  return `module.exports = {
  uiPort: 0,
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: false,
  logging: { console: { level: 'info', metrics: false, audit: false } },
  editorTheme: { tours: false, projects: { enabled: false } },
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false },
  ${extra || ''}
};
`;
}

/**
 * Starts Node-RED with `flows` (and their `credentials`, by node id) deployed.
 * `settings` is extra settings.js source; `nodeArgs` are options for node itself.
 * Resolves with { url, output(), stop() } once the flows have started.
 */
async function startNodeRed({ flows, credentials = {}, settings = '', timeoutMs = 60_000, env = {}, nodeArgs = [] } = {}) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vicidial-nr-'));
  let child;
  try {
    linkPack(userDir);
    fs.writeFileSync(path.join(userDir, 'settings.js'), settingsText(settings));
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows || []));
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
    child = spawn(process.execPath, [...nodeArgs, redBin, '--userDir', userDir], {
      cwd: userDir,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    fs.rmSync(userDir, { recursive: true, force: true });
    throw err;
  }
  running.add(child);
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    running.delete(child);
    fs.rmSync(userDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let url;
  while (!url || !/Started flows/.test(log)) {
    const m = /Server now running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
    if (m) url = m[1];
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`Node-RED did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, userDir, pid: child.pid, output: () => log, stop };
}

module.exports = { startNodeRed };
