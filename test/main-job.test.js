'use strict';
// The README's first command: Node-RED starts with the pack loaded, the simulator
// running, and the starter and example flows deployed without missing types or errors.
const assert = require('node:assert/strict');
const { startMainJob } = require('./support/main-job');

describe('main job (npm start)', function () {
  this.timeout(60000);
  let job;
  let output = '';
  let editor;
  let simPort;
  let sim8x8Port;

  before(async () => {
    job = await startMainJob();
    ({ editor } = job);
    ({ sim: simPort, sim8x8: sim8x8Port } = job.ports);
    output = job.output();
  });

  after(async () => {
    if (job) await job.stop();
  });
  // Later output (the starter flow's debug lines) is read through job.output().
  beforeEach(() => {
    if (job) output = job.output();
  });

  it('prints the editor and simulator URLs', () => {
    assert.ok(output.includes(`${editor}/`), output);
    assert.ok(output.includes(`127.0.0.1:${simPort}`), output);
    assert.ok(output.includes(`127.0.0.1:${sim8x8Port}/api/stats`), output);
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
    assert.ok(flows.some((n) => n.type === 'e8x8-tenant' && n.url.endsWith(`:${sim8x8Port}`)), 'the 8x8 tenant points at the 8x8 simulator');
    assert.ok(flows.some((n) => n.type === 'tab' && /8x8-queue-wallboard/.test(n.label)), 'an 8x8 wallboard tab');
    assert.ok(!output.includes(require('../nodes/sim8x8/server').DEFAULT_TOKEN), 'the 8x8 token is not printed in the log');
  });

  it('runs the starter flow against the simulator', async () => {
    const res = await fetch(`${editor}/inject/vd-starter-inject-version`, { method: 'POST' });
    assert.equal(res.status, 200);
    const sim = require('../nodes/sim/state').emptyState();
    const deadline = Date.now() + 10000;
    while (!job.output().includes(sim.version) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(job.output().includes(sim.version), 'the debug node logged the simulated server version');
  });
});
