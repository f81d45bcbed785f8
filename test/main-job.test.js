'use strict';
// The README's first command: Node-RED starts with the pack loaded, the simulator
// running, the starter flow deployed without missing types or errors, the pack's icons
// served, and a user's own flows kept across restarts.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { MainJob } = require('./support/main-job');

const root = path.join(__dirname, '..');
const pkg = require('../package.json');
const PACK = pkg.name;
const ICON_SOURCES = fs.readdirSync(path.join(root, 'icons')).filter((f) => f.endsWith('.svg'));
/** The icon each node's dialog file names in its registerType. */
const NODE_ICONS = Object.keys(pkg['node-red'].nodes)
  .map((type) => fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8'))
  .filter((html) => !/category:\s*'config'/.test(html))
  .map((html) => (html.match(/\bicon:\s*['"]([^'"]+)['"]/) || [])[1]);

describe('main job (npm start)', function () {
  this.timeout(180000);
  const job = new MainJob();

  before(() => job.start());
  after(() => job.dispose());

  it('prints the editor and simulator URLs, and never the password', () => {
    assert.ok(job.output.includes(`${job.editor}/`), job.output);
    assert.ok(job.output.includes(`127.0.0.1:${job.simPort}`), job.output);
    assert.ok(job.output.includes(`127.0.0.1:${job.sim8x8Port}/api/stats`), job.output);
    assert.ok(!job.output.includes('1234'), 'the password is not printed');
    assert.ok(!job.output.includes(require('../nodes/sim8x8/server').DEFAULT_TOKEN), 'the 8x8 token is not printed');
  });

  it('loads every node of the pack', async () => {
    const list = await job.json('/nodes');
    const ours = list.filter((n) => n.module === PACK);
    assert.deepEqual(ours.flatMap((n) => n.types).sort(), Object.keys(pkg['node-red'].nodes).sort());
    for (const n of ours) assert.equal(n.err, undefined, `${n.name}: ${n.err}`);
  });

  it('deploys the starter flows with one well-named config per kind, no missing types and no errors', async () => {
    const flows = await job.json('/flows');
    const servers = flows.filter((n) => n.type === 'vicidial-server');
    assert.deepEqual(servers.map((s) => [s.id, s.name, s.url]), [['vicidial-simulator', 'VICIdial simulator', `http://127.0.0.1:${job.simPort}`]]);
    for (const tab of flows.filter((n) => n.type === 'tab')) assert.ok(tab.info && tab.info.length > 40, `tab "${tab.label}" explains itself`);
    const tenants = flows.filter((n) => n.type === 'e8x8-tenant');
    assert.equal(tenants.length, 1, 'one 8x8 tenant config');
    assert.ok(tenants[0].url.endsWith(`:${job.sim8x8Port}`), 'the 8x8 tenant points at the 8x8 simulator');
    assert.ok(flows.some((n) => n.type === 'tab' && /8x8-queue-wallboard/.test(n.label)), 'an 8x8 wallboard tab');
    assert.ok(!/Waiting for missing types/.test(job.output), job.output);
    assert.ok(!/\[error\]/.test(job.output), job.output);
  });

  it('runs the starter flow against the simulator', async () => {
    const res = await fetch(`${job.editor}/inject/vd-starter-inject-version`, { method: 'POST' });
    assert.equal(res.status, 200);
    const { version } = require('../nodes/sim/state').emptyState();
    await job.waitForOutput(new RegExp(version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 15000);
  });

  it('serves every icon of the pack where the editor asks for it', async () => {
    const listed = (await job.json('/icons'))[PACK] || [];
    for (const icon of ICON_SOURCES) assert.ok(listed.includes(icon), `GET /icons lists ${icon} for ${PACK}: ${JSON.stringify(listed)}`);
    assert.ok(NODE_ICONS.every(Boolean), 'every node names an icon');
    for (const icon of new Set(NODE_ICONS)) {
      const res = await fetch(`${job.editor}/icons/${PACK}/${icon}`);
      assert.equal(res.status, 200, icon);
      assert.match(res.headers.get('content-type') || '', /svg/, icon);
      assert.match(await res.text(), /<svg/, icon);
    }
  });

  it('keeps the user\'s flows across a restart, and says loudly when the simulator port is taken', async () => {
    const flows = await job.json('/flows');
    const mine = [
      { id: 'user-tab-1', type: 'tab', label: 'My CRM flow', disabled: false, info: 'built by hand' },
      { id: 'user-inject-1', type: 'inject', z: 'user-tab-1', name: 'mine', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '', payloadType: 'date', x: 120, y: 60, wires: [['user-debug-1']] },
      { id: 'user-debug-1', type: 'debug', z: 'user-tab-1', name: 'my debug', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x: 320, y: 60, wires: [] },
    ];
    // The user also deleted the starter tab: it must not come back.
    const starterTab = flows.find((n) => n.type === 'tab' && n.label === 'VICIdial starter');
    assert.ok(starterTab, 'the starter tab is there on the first run');
    const kept = flows.filter((n) => n.id !== starterTab.id && n.z !== starterTab.id);
    await job.deploy([...kept, ...mine]);
    await job.stop();

    // Restart with the simulator's port held by someone else.
    const blocker = net.createServer();
    await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = blocker.address().port;
    const oldSimPort = job.simPort;
    job.simPort = taken;
    try {
      await job.start();
    } finally {
      blocker.close();
    }
    job.simPort = oldSimPort;
    assert.match(job.output, new RegExp(`Port ${taken} is already in use`), job.output);
    const simUrl = (job.output.match(/VICIdial simulator: (http:\/\/127\.0\.0\.1:\d+)/) || [])[1];
    assert.ok(simUrl && !simUrl.endsWith(`:${taken}`), job.output);

    const after = await job.json('/flows');
    for (const n of mine) assert.deepEqual(after.find((x) => x.id === n.id), n, `${n.id} is kept as the user left it`);
    assert.ok(!after.some((n) => n.id === starterTab.id), 'the deleted starter tab stays deleted');
    const server = after.find((n) => n.id === 'vicidial-simulator');
    assert.equal(server.url, simUrl, 'the starter server config follows the simulator');
    assert.match(job.output, /Your flows are kept/);
  });

  it('ships the icons in the package where Node-RED reads them', () => {
    const out = execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files = JSON.parse(out)[0].files.map((f) => f.path);
    for (const icon of ICON_SOURCES) assert.ok(files.includes(`nodes/icons/${icon}`), `nodes/icons/${icon} in the package`);
  });
});
