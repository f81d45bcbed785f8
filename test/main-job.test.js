'use strict';
// The README's first command: Node-RED starts with the pack loaded, the simulator
// running, and the starter and example flows deployed without missing types or errors.
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort } = require('./support/ports');

describe('main job (npm start)', function () {
  this.timeout(60000);
  let child;
  let output = '';
  let editor;
  let simPort;

  before(async () => {
    const port = await freePort();
    simPort = await freePort();
    editor = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(__dirname, '..', 'scripts', 'start.js')], {
      env: { ...process.env, PORT: String(port), VICIDIAL_SIM_PORT: String(simPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const deadline = Date.now() + 45000;
    while (!/Started flows/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Node-RED did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the editor and simulator URLs', () => {
    assert.ok(output.includes(`${editor}/`), output);
    assert.ok(output.includes(`127.0.0.1:${simPort}`), output);
  });

  it('loads every node of the pack', async () => {
    const res = await fetch(`${editor}/nodes`, { headers: { accept: 'application/json' } });
    const list = await res.json();
    const types = list.filter((n) => n.module === 'node-red-contrib-vicidial').flatMap((n) => n.types);
    const pkg = require('../package.json');
    assert.deepEqual(types.sort(), Object.keys(pkg['node-red'].nodes).sort());
    for (const n of list.filter((x) => x.module === 'node-red-contrib-vicidial')) assert.equal(n.err, undefined, `${n.name}: ${n.err}`);
  });

  it('deploys the starter and example flows with no missing types and no errors', async () => {
    const res = await fetch(`${editor}/flows`, { headers: { accept: 'application/json' } });
    const flows = await res.json();
    assert.ok(flows.some((n) => n.type === 'vicidial-server' && n.url.endsWith(`:${simPort}`)));
    assert.ok(!/Waiting for missing types/.test(output), output);
    assert.ok(!/\[error\]/.test(output), output);
    assert.ok(!output.includes('1234'), 'the password is not printed in the log');
  });

  it('runs the starter flow against the simulator', async () => {
    const res = await fetch(`${editor}/inject/vd-starter-inject-version`, { method: 'POST' });
    assert.equal(res.status, 200);
    const sim = require('../nodes/sim/state').emptyState();
    const deadline = Date.now() + 10000;
    while (!output.includes(sim.version) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(output.includes(sim.version), 'the debug node logged the simulated server version');
  });
});
