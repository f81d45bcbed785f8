'use strict';
// What `npm publish` would ship, installed the way Node-RED's palette manager installs a
// pack: the tarball from `npm pack`, `npm install --omit=dev --engine-strict` into a fresh
// user directory, Node-RED started on it. Every node type, its editor files, help, icon,
// message catalogs and every example must then be served by Node-RED's admin HTTP API,
// and the simulator must run from the installed package. Everything is removed afterwards.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { freePort } = require('./support/ports');

const root = path.resolve(__dirname, '..');
const pkg = require('../package.json');
const MODULE = pkg.name;
const TYPES = Object.keys(pkg['node-red'].nodes);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npmSync(args, cwd) {
  const r = spawnSync(npm, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Files under `dir` (relative, with forward slashes). */
function walk(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** The files a user needs, derived from the sources: nothing generated is listed by hand. */
function neededFiles() {
  const compiled = walk(path.join(root, 'src'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => `nodes/${f.replace(/\.ts$/, '.js')}`);
  const editor = Object.values(pkg['node-red'].nodes).map((f) => f.replace(/\.js$/, '.html'));
  const locales = walk(path.join(root, 'nodes', 'locales')).map((f) => `nodes/locales/${f}`);
  const icons = walk(path.join(root, 'icons')).map((f) => `${iconDir()}/${f}`);
  const examples = walk(path.join(root, 'examples')).map((f) => `examples/${f}`);
  return [...compiled, ...editor, ...locales, ...icons, ...examples, 'README.md', 'LICENSE', 'package.json'].sort();
}

/** Where Node-RED looks for a pack's icons: an icons/ folder beside the node files. */
function iconDir() {
  return `${path.dirname(Object.values(pkg['node-red'].nodes)[0])}/icons`;
}

/**
 * The Flow Library's scorecard (`node-red-dev validate`) of a package folder, its catalogue
 * lookup answered from `catalogue` (test/support/flow-library-stub.js). Returns the scorecard.
 */
function scorecard(dir, catalogue, work) {
  const out = path.join(work, `scorecard-${Date.now()}.json`);
  const run = path.join(path.dirname(require.resolve('node-red-dev/package.json')), 'bin', 'run');
  const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'support', 'flow-library-stub.js'), run, 'validate', '-p', dir, '-o', out], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120000,
    env: { ...process.env, VICIDIAL_FLOW_CATALOGUE: catalogue },
  });
  assert.ok(fs.existsSync(out), `node-red-dev wrote no scorecard (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { card: JSON.parse(fs.readFileSync(out, 'utf8')), log: r.stdout + r.stderr };
}

/** The registerType() call of a node type, as its editor HTML has it. */
function registration(type) {
  const html = fs.readFileSync(path.join(root, pkg['node-red'].nodes[type].replace(/\.js$/, '.html')), 'utf8');
  const at = html.indexOf(`registerType('${type}'`);
  assert.ok(at >= 0, `${type} is registered in its HTML`);
  return html.slice(at);
}

/** The icon each node type names in its registerType() call. */
function iconOf(type, html) {
  const at = html.indexOf(`registerType('${type}'`);
  assert.ok(at >= 0, `${type} is registered in its HTML`);
  const m = /\bicon:\s*'([^']+)'/.exec(html.slice(at));
  assert.ok(m, `${type} names an icon`);
  return m[1];
}

describe('the published package', function () {
  this.timeout(180000);
  let work;
  let tarball;
  let packed;
  let userDir;
  let red;
  let output = '';
  let base;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'vicidial-pack-'));
    // The suite's own build (pretest) made the files; packing again would only rebuild them.
    const [info] = JSON.parse(npmSync(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
    tarball = path.join(work, info.filename);
    packed = info.files.map((f) => f.path).sort();

    userDir = path.join(work, 'userdir');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
    // The palette manager's install command (Node-RED 4 and 5), with the tarball as the package.
    npmSync(['install', '--no-audit', '--no-fund', '--no-update-notifier', '--save', '--save-prefix=~', '--omit=dev', '--engine-strict', tarball], userDir);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fs.writeFileSync(
      path.join(userDir, 'settings.js'),
      `module.exports = { uiHost: '127.0.0.1', flowFile: 'flows.json', credentialSecret: false,
  logging: { console: { level: 'info', metrics: false, audit: false } },
  telemetry: { enabled: false, updateNotification: false }, diagnostics: { enabled: false } };\n`,
    );
    const bin = require.resolve('node-red/red.js');
    const watchdog = path.join(root, 'scripts', 'exit-with-parent.js');
    red = spawn(process.execPath, ['--require', watchdog, bin, '--userDir', userDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    red.stdout.on('data', (d) => (output += d));
    red.stderr.on('data', (d) => (output += d));
    const deadline = Date.now() + 90000;
    while (!/Started flows|Server now running/.test(output)) {
      if (Date.now() > deadline || red.exitCode !== null) throw new Error(`Node-RED did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    if (red && red.exitCode === null) {
      const exited = new Promise((r) => red.once('exit', r));
      red.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
      if (red.exitCode === null) red.kill('SIGKILL');
    }
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const get = async (p, accept = 'application/json') => {
    const res = await fetch(base + p, { headers: { accept, 'Node-RED-API-Version': 'v2' } });
    return { status: res.status, type: res.headers.get('content-type') || '', text: await res.text() };
  };

  it('packs exactly the files a user needs', () => {
    assert.deepEqual(packed, neededFiles());
  });

  it('loads every node type from the installed tarball, without errors', async () => {
    const installed = require(path.join(userDir, 'node_modules', MODULE, 'package.json'));
    assert.equal(installed.version, pkg.version);
    const res = await get('/nodes');
    assert.equal(res.status, 200);
    const sets = JSON.parse(res.text).filter((n) => n.module === MODULE);
    assert.deepEqual(sets.flatMap((n) => n.types).sort(), [...TYPES].sort());
    for (const set of sets) assert.equal(set.err, undefined, `${set.name}: ${set.err}`);
    assert.ok(!/\[error\]/.test(output), output);
  });

  it('serves every node\'s editor dialog and help', async () => {
    const res = await get('/nodes', 'text/html');
    assert.equal(res.status, 200);
    for (const type of TYPES) {
      assert.ok(res.text.includes(`data-template-name="${type}"`), `${type} dialog`);
      assert.ok(res.text.includes(`data-help-name="${type}"`), `${type} help`);
    }
  });

  it('gives every node type its own icon, in icons/', () => {
    const used = new Map();
    for (const type of TYPES) {
      const html = registration(type);
      if (/category:\s*'config'/.test(html) && !/\bicon:/.test(html)) continue;
      const icon = iconOf(type, html);
      assert.ok(fs.existsSync(path.join(root, 'icons', icon)), `${type}: icons/${icon}`);
      assert.ok(!used.has(icon), `${type} shares ${icon} with ${used.get(icon)}`);
      used.set(icon, type);
    }
  });

  it('serves the icon every node type names', async () => {
    const html = (await get('/nodes', 'text/html')).text;
    for (const type of TYPES.filter((t) => html.slice(html.indexOf(`registerType('${t}'`)).search(/\bicon:/) >= 0)) {
      const icon = iconOf(type, html);
      const res = await get(`/icons/${MODULE}/${icon}`, 'image/svg+xml');
      assert.equal(res.status, 200, `${type}: ${icon}`);
      assert.match(res.type, /svg/, `${type}: ${icon} is served as SVG`);
      const own = fs.readFileSync(path.join(root, 'icons', icon), 'utf8');
      assert.equal(res.text, own, `${type}: ${icon} is the pack's own file, not Node-RED's fallback`);
    }
  });

  it('serves every message catalog of every language', async () => {
    const langs = fs.readdirSync(path.join(root, 'nodes', 'locales'));
    for (const lang of langs) {
      const res = await get(`/nodes/messages?lng=${lang}`);
      assert.equal(res.status, 200);
      const catalogs = JSON.parse(res.text);
      for (const type of TYPES) {
        const file = JSON.parse(fs.readFileSync(path.join(root, 'nodes', 'locales', lang, `${type}.json`), 'utf8'));
        assert.deepEqual(catalogs[`${MODULE}/${type}`], file, `${lang}: ${type} catalog; served: ${Object.keys(catalogs)}`);
      }
    }
  });

  it('lists every example under Import → Examples and serves it', async () => {
    const names = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    const list = JSON.parse((await get(`/library/examples/flows/${MODULE}`)).text);
    const listed = (list.f || list).map((e) => (typeof e === 'string' ? e : e.fn)).sort();
    assert.deepEqual(listed, [...names].sort());
    for (const name of names) {
      const res = await get(`/library/examples/flows/${MODULE}/${name}`);
      assert.equal(res.status, 200, name);
      assert.deepEqual(JSON.parse(res.text), JSON.parse(fs.readFileSync(path.join(root, 'examples', `${name}.json`), 'utf8')), name);
    }
  });

  it('passes the Flow Library scorecard (node-red-dev validate) as installed', () => {
    const installed = path.join(userDir, 'node_modules', MODULE);
    const { card, log } = scorecard(installed, path.join(__dirname, 'support', 'flow-library-catalogue.json'), work);
    const rules = Object.keys(card).filter((k) => /^[A-Z]\d\d$/.test(k));
    // Every rule node-red-dev 0.1.6 runs: package, naming, keywords, versions, nodes, examples, dependencies.
    assert.deepEqual(rules.sort(), ['D01', 'D02', 'D03', 'N01', 'N02', 'P01', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
    for (const rule of rules) assert.equal(card[rule].test, true, `${rule}: ${JSON.stringify(card[rule])}\n${log}`);
    assert.ok(!/Unable to parse|Unable to read example/.test(log), log);
    const flowNodes = TYPES.filter((t) => !/category:\s*'config'/.test(registration(t)));
    assert.deepEqual(card.N02.nodes.sort(), flowNodes.sort(), 'an example for every node that is not a config node');
  });

  it('the scorecard check sees a node type name taken in the catalogue', () => {
    const taken = path.join(work, 'catalogue-taken.json');
    fs.writeFileSync(taken, JSON.stringify({ modules: [{ id: 'node-red-contrib-other', types: [TYPES[1]] }] }));
    const { card } = scorecard(path.join(userDir, 'node_modules', MODULE), taken, work);
    assert.equal(card.N01.test, false);
    assert.deepEqual(card.N01.nodes, ['node-red-contrib-other']);
  });

  it('runs the simulator from the installed package: --help prints usage, then it serves', async () => {
    const bin = path.join(userDir, 'node_modules', '.bin', 'vicidial-sim');
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: vicidial-sim /);
    const wrong = spawnSync(bin, ['--prot', '9'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /unknown option "--prot"/);

    const sim = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      sim.stdout.on('data', (d) => (out += d));
      const deadline = Date.now() + 20000;
      while (!/listening on (http:\S+)/.test(out) && Date.now() < deadline && sim.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      const url = /listening on (http:\S+)/.exec(out);
      assert.ok(url, out);
      const res = await fetch(`${url[1]}/vicidial/non_agent_api.php?function=version`);
      assert.match(await res.text(), /^VERSION: /);
    } finally {
      sim.kill('SIGKILL');
    }
  });
});
