'use strict';
// Drives Node-RED's editor the way a person does, in Debian's Chromium through
// playwright-core: drag from the palette, double-click, type, tick, Done, wire, Deploy,
// reload. Every helper waits for a condition, never for a fixed time, so that the tests
// hold on a loaded machine. Page errors, console errors and Node-RED's "trimming wires"
// warning are collected in `problems`; a test fails when it finds any.
const fs = require('node:fs');
const path = require('node:path');

const { CHROMIUM, FLAGS, chromiumOrSkip } = require('./chromium');
const WAIT = { timeout: 30000 };
/** Screenshots go to the system's temp folder (SCREENSHOT_DIR overrides), never into the repository. */
// Screenshots are kept as test artifacts inside the checkout (git-ignored), never left elsewhere on the machine.
const SHOTS = process.env.SCREENSHOT_DIR || path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

class Editor {
  constructor(job) {
    this.job = job;
    this.browser = null;
    this.page = null;
    this.problems = [];
  }

  async open() {
    const { chromium } = require('playwright-core');
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const context = await this.browser.newContext({ viewport: { width: 1500, height: 950 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.job.editor });
    // Loopback only: the palette manager's catalogue (on the internet) is refused here, and
    // the failure to load it is not the pack's.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    this.page = await context.newPage();
    this.page.setDefaultTimeout(WAIT.timeout);
    this.page.on('pageerror', (e) => this.problems.push(`page error: ${e && e.stack ? e.stack : e}`));
    this.page.on('console', (m) => {
      const text = m.text();
      const from = (m.location() && m.location().url) || '';
      if (/^https?:\/\//.test(from) && !from.startsWith(this.job.editor)) return;
      if (m.type() === 'error' || /trimming wires|Definition error|oneditsave|oneditprepare/i.test(text)) this.problems.push(`console ${m.type()}: ${text}`);
    });
    await this.load();
    return this;
  }

  async load() {
    await this.page.goto(`${this.job.editor}/`);
    await this.waitForEditor();
  }

  async reload() {
    await this.page.reload();
    await this.waitForEditor();
  }

  async waitForEditor() {
    await this.page.waitForFunction(() => window.RED && RED.nodes && RED.nodes.version() && $('.red-ui-palette-node').length > 0 && !$('#red-ui-loading-progress').is(':visible'), null, WAIT);
    // The workspace is drawn once the flows are loaded.
    await this.page.waitForFunction(() => RED.workspaces.active() && $('#red-ui-workspace-chart svg').length > 0, null, WAIT);
  }

  async close() {
    if (this.browser) await this.browser.close();
    this.browser = null;
  }

  /** Problems found since `mark` (an index into `problems`). */
  since(mark) {
    return this.problems.slice(mark);
  }

  async screenshot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a new, empty flow tab (a person's "+" button) and makes it the active one. */
  async newTab() {
    const before = await this.page.evaluate(() => RED.nodes.getWorkspaceOrder().length);
    await this.page.click('#red-ui-workspace .red-ui-tab-button.red-ui-tabs-add a');
    await this.page.waitForFunction((n) => RED.nodes.getWorkspaceOrder().length === n + 1, before, WAIT);
    return this.page.evaluate(() => RED.workspaces.active());
  }

  /** Drags a node from the palette onto the workspace at (x, y) of the visible chart; returns its id. */
  async dragFromPalette(type, x, y) {
    const before = await this.page.evaluate((t) => RED.nodes.filterNodes({ type: t }).map((n) => n.id), type);
    const item = this.page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
    await item.scrollIntoViewIfNeeded();
    const from = await item.boundingBox();
    const chart = await this.page.locator('#red-ui-workspace-chart').boundingBox();
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 4 });
    await this.page.mouse.move(chart.x + x, chart.y + y, { steps: 12 });
    await this.page.mouse.up();
    const handle = await this.page.waitForFunction(
      ([t, old]) => {
        const added = RED.nodes.filterNodes({ type: t }).filter((n) => !old.includes(n.id));
        return added.length === 1 ? added[0].id : null;
      },
      [type, before],
      WAIT,
    );
    const id = await handle.jsonValue();
    await this.page.waitForSelector(`g[id="${id}"]`, WAIT);
    return id;
  }

  /** Double-clicks a node on the workspace and waits for its edit dialog. */
  async openNode(id) {
    await this.page.locator(`g[id="${id}"] .red-ui-flow-node`).first().dblclick();
    await this.waitForDialog();
  }

  async waitForDialog() {
    await this.page.waitForSelector('.red-ui-tray-body .form-row', WAIT);
    // The tray slides in: act once it stands still.
    await this.page.waitForFunction(() => {
      const tray = $('.red-ui-tray').last()[0];
      return tray && getComputedStyle(tray).right === '0px';
    }, null, WAIT);
  }

  /** Presses Done on the open dialog and waits until the tray has gone. */
  async done() {
    const trays = await this.page.locator('.red-ui-tray').count();
    await this.page.click('.red-ui-tray:last-child #node-dialog-ok, .red-ui-tray:last-child #node-config-dialog-ok');
    await this.page.waitForFunction((n) => $('.red-ui-tray').length < n, trays, WAIT);
  }

  async cancel() {
    const trays = await this.page.locator('.red-ui-tray').count();
    if (trays === 0) return;
    await this.page.click('.red-ui-tray:last-child #node-dialog-cancel, .red-ui-tray:last-child #node-config-dialog-cancel');
    await this.page.waitForFunction((n) => $('.red-ui-tray').length < n, trays, WAIT);
  }

  /** Drags a wire from output `port` of one node to the input of another. */
  async wire(fromId, port, toId) {
    const out = this.page.locator(`g[id="${fromId}"] .red-ui-flow-port-output`).nth(port).locator('.red-ui-flow-port');
    const inp = this.page.locator(`g[id="${toId}"] .red-ui-flow-port-input .red-ui-flow-port`);
    const a = await out.boundingBox();
    const b = await inp.boundingBox();
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    await this.page.mouse.up();
    await this.page.waitForFunction(([f, p, t]) => RED.nodes.filterLinks({ source: RED.nodes.node(f), sourcePort: p, target: RED.nodes.node(t) }).length === 1, [fromId, port, toId], WAIT);
  }

  /** The ids of the nodes wired to output `port` of a node, as the editor shows them. */
  linksFrom(id, port) {
    return this.page.evaluate(([i, p]) => RED.nodes.filterLinks({ source: RED.nodes.node(i), sourcePort: p }).map((l) => l.target.id).sort(), [id, port]);
  }

  /** Presses Deploy; resolves once the editor reports success. Warnings (invalid nodes, conflicts) fail. */
  async deploy() {
    await this.page.waitForFunction(() => !$('#red-ui-header-button-deploy').hasClass('disabled'), null, WAIT);
    const mark = await this.page.evaluate(() => $('.red-ui-notification').length);
    await this.page.click('#red-ui-header-button-deploy');
    const handle = await this.page.waitForFunction(() => {
      const texts = $('.red-ui-notification').map((_, el) => ({ text: $(el).text(), cls: el.className })).get();
      const ok = texts.find((t) => /Successfully deployed/i.test(t.text));
      const bad = texts.find((t) => /red-ui-notification-(warning|error)/.test(t.cls) || /invalid|Unable to deploy|conflict/i.test(t.text));
      if (bad) return `refused: ${bad.text}`;
      return ok && !RED.nodes.dirty() ? 'ok' : null;
    }, null, WAIT);
    const outcome = await handle.jsonValue();
    if (outcome !== 'ok') throw new Error(`deploy ${outcome} (${mark} notifications before)`);
    await this.page.evaluate(() => $('.red-ui-notification').remove());
  }
}

module.exports = { Editor, chromiumOrSkip, SHOTS };
