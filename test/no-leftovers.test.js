'use strict';
// A test run leaves no process behind, whatever fails. The worst case is a runner that
// dies without running its after() hooks (as mocha does on Node 18, where the browser
// driver calls process.exit): here a stand-in runner starts the main job, waits for
// Node-RED, and exits at once. The main job and its Node-RED must then stop by themselves
// and free their ports.
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort, accepts } = require('./support/ports');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The stand-in runner: spawns the main job like the browser tests do, prints its pid once
// Node-RED has started flows, then exits abruptly without stopping it.
const RUNNER = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, [process.argv[1]], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d) => { out += d; if (/Started flows/.test(out)) { process.stdout.write('JOB ' + child.pid + '\\n'); process.exit(1); } });
child.stderr.on('data', (d) => { out += d; });
setTimeout(() => { process.stdout.write(out); process.exit(2); }, 60000);
`;

describe('no process left behind when the test runner dies', function () {
  this.timeout(120000);
  let jobPid;

  after(() => {
    // Only reached when the assertion below failed: do not leave the job running either.
    if (jobPid && alive(jobPid)) process.kill(jobPid, 'SIGKILL');
  });

  it('the main job and its Node-RED stop and free their ports when their starter exits', async () => {
    const port = await freePort();
    const simPort = await freePort();
    const runner = spawn(process.execPath, ['-e', RUNNER, path.join(__dirname, '..', 'scripts', 'start.js')], {
      env: { ...process.env, PORT: String(port), VICIDIAL_SIM_PORT: String(simPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    runner.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => runner.once('exit', r));
    const m = /JOB (\d+)/.exec(out);
    assert.ok(m, `the runner saw Node-RED start (exit ${code}):\n${out}`);
    jobPid = Number(m[1]);
    assert.ok(await accepts(port), 'Node-RED was listening when the runner died');

    const deadline = Date.now() + 30000;
    while (Date.now() < deadline && (alive(jobPid) || (await accepts(port)) || (await accepts(simPort)))) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(alive(jobPid), false, 'the main job stopped');
    assert.equal(await accepts(port), false, 'Node-RED stopped (its port is free)');
    assert.equal(await accepts(simPort), false, 'the simulator stopped (its port is free)');
  });
});
