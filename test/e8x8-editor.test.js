'use strict';
// The 8x8 dialogs as a person uses them, in Debian's Chromium against the main job: fill the
// statistics node's dialog, Done, reopen and compare; the rows follow the chosen resource;
// deploy, reload the editor and find the settings kept; the tenant dialog likewise, with the
// token never sent back to the browser.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startMainJob, openBrowser } = require('./support/main-job');
const { SHOTS } = require('./support/editor');


describe('8x8 dialogs in a browser', function () {
  this.timeout(120000);
  let job;
  let browser;
  let page;
  let editorUrl;
  let pageErrors = [];

  before(async function () {
    ({ browser, page, pageErrors } = await openBrowser(this));
    job = await startMainJob();
    editorUrl = `${job.editor}/`;
    await openEditor();
  });

  after(async () => {
    if (browser) await browser.close();
    if (job) await job.stop();
  });

  async function openEditor() {
    await page.goto(editorUrl);
    await page.waitForFunction(() => window.RED && RED.nodes && RED.nodes.filterNodes({ type: 'e8x8-stats' }).length > 0, null, { timeout: 30000 });
  }

  const statsId = () => page.evaluate(() => RED.nodes.filterNodes({ type: 'e8x8-stats' }).filter((n) => n.resource === 'agents')[0].id);

  async function openStats(id) {
    await page.evaluate((nodeId) => RED.editor.edit(RED.nodes.node(nodeId)), id);
    await page.waitForSelector('#node-input-resource', { state: 'attached', timeout: 10000 });
    // The resource list comes from the catalog endpoint: wait until it is in the typedInput.
    await page.waitForFunction(() => {
      const w = $('#node-input-resource').data('noderedTypedInput');
      return w && w.typeList[0].options && w.typeList[0].options.length > 30;
    }, null, { timeout: 10000 });
  }

  /** What the dialog shows, read the way the editor saves it. */
  function readDialog() {
    return page.evaluate(() => {
      const ti = (id) => ({ type: $(id).typedInput('type'), value: $(id).typedInput('value') });
      return {
        name: $('#node-input-name').val(),
        resource: ti('#node-input-resource'),
        agent: ti('#node-input-agent'),
        range: $('#node-input-range').typedInput('value'),
        from: ti('#node-input-from'),
        to: ti('#node-input-to'),
        tz: ti('#node-input-tz'),
        filters: $('#node-input-filters').typedInput('value'),
        format: $('#node-input-format').typedInput('value'),
        paging: $('#node-input-paging').typedInput('value'),
        maxPages: $('#node-input-maxPages').val(),
        shape: $('#node-input-shape').typedInput('value'),
        interval: $('#node-input-interval').val(),
        onlyChanged: $('#node-input-onlyChanged').is(':checked'),
        errorOutput: $('#node-input-errorOutput').is(':checked'),
      };
    });
  }

  async function done() {
    await page.click('#node-dialog-ok');
    await page.waitForFunction(() => !$('#node-dialog-ok:visible').length, null, { timeout: 10000 });
  }

  const wanted = {
    name: 'Kim’s calls',
    resource: { type: 'resource', value: 'agent-interactions' },
    agent: { type: 'msg', value: 'agentId' },
    range: 'range',
    from: { type: 'str', value: '2026-03-01' },
    to: { type: 'str', value: '2026-03-08' },
    tz: { type: 'str', value: 'Europe/London' },
    filters: '{"media-type":"T"}',
    format: 'csv',
    paging: 'each',
    maxPages: '500',
    shape: 'records',
    interval: '600',
    onlyChanged: true,
    errorOutput: true,
  };

  it('fills the statistics dialog, Done, reopens it unchanged, and shows only the rows the resource uses', async () => {
    const id = await statsId();
    await openStats(id);
    await page.fill('#node-input-name', wanted.name);
    await page.evaluate((w) => {
      const set = (sel, t) => {
        $(sel).typedInput('type', t.type);
        $(sel).typedInput('value', t.value);
      };
      set('#node-input-resource', w.resource);
      set('#node-input-agent', w.agent);
      $('#node-input-range').typedInput('value', w.range);
      set('#node-input-from', w.from);
      set('#node-input-to', w.to);
      set('#node-input-tz', w.tz);
      $('#node-input-filters').typedInput('value', w.filters);
      $('#node-input-format').typedInput('value', w.format);
      $('#node-input-paging').typedInput('value', w.paging);
      $('#node-input-shape').typedInput('value', w.shape);
    }, wanted);
    await page.fill('#node-input-maxPages', wanted.maxPages);
    await page.fill('#node-input-interval', wanted.interval);
    await page.check('#node-input-onlyChanged');
    await page.check('#node-input-errorOutput');
    const visible = await page.evaluate(() => ({
      agent: $('#e8x8-row-agent').is(':visible'),
      queue: $('#e8x8-row-queue').is(':visible'),
      from: $('#node-input-from').closest('.form-row').is(':visible'),
      d: $('#e8x8-row-d').is(':visible'),
      filters: $('#e8x8-row-filters').is(':visible'),
      title: $('#e8x8-row-title').text(),
    }));
    assert.deepEqual(visible, { agent: true, queue: false, from: true, d: false, filters: true, title: 'Interactions of an agent – /agents/{agent-id}/interactions' });
    await done();
    const saved = await page.evaluate((nodeId) => {
      const n = RED.nodes.node(nodeId);
      return { resource: n.resource, resourceType: n.resourceType, agent: n.agent, agentType: n.agentType, outputs: n.outputs, changed: n.changed };
    }, id);
    assert.deepEqual(saved, { resource: 'agent-interactions', resourceType: 'resource', agent: 'agentId', agentType: 'msg', outputs: 2, changed: true });
    await openStats(id);
    assert.deepEqual(await readDialog(), wanted);
    await page.click('#node-dialog-cancel');
    await page.waitForTimeout(300);
  });

  it('keeps the settings through deploy and a reload of the editor', async () => {
    const id = await page.evaluate(() => RED.nodes.filterNodes({ type: 'e8x8-stats' }).filter((n) => n.resource === 'agent-interactions')[0].id);
    await page.click('#red-ui-header-button-deploy');
    await page.waitForFunction(() => !RED.nodes.dirty(), null, { timeout: 15000 });
    await openEditor();
    await openStats(id);
    assert.deepEqual(await readDialog(), wanted);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'dialog-e8x8-stats-filled.png') });
    await page.click('#node-dialog-cancel');
    await page.waitForTimeout(300);
    const wires = await page.evaluate((nodeId) => RED.nodes.node(nodeId).outputs, id);
    assert.equal(wires, 2, 'the error output is kept after reload');
  });

  it('edits the tenant, Done, reopens it unchanged, and never gets the token back', async () => {
    const id = await page.evaluate(() => {
      let found;
      RED.nodes.eachConfig((c) => {
        if (c.type === 'e8x8-tenant' && !found) found = c.id;
      });
      return found;
    });
    const open = async () => {
      await page.evaluate((tid) => RED.editor.editConfig('', 'e8x8-tenant', tid), id);
      await page.waitForSelector('#node-config-input-url', { timeout: 10000 });
      await page.waitForTimeout(300);
    };
    await open();
    await page.fill('#node-config-input-name', 'Acme 8x8');
    await page.fill('#node-config-input-timeout', '45');
    await page.fill('#node-config-input-concurrency', '2');
    const token = await page.inputValue('#node-config-input-token');
    assert.equal(token, '__PWRD__', 'the stored token stays on the server');
    await page.click('#node-config-e8x8-test');
    await page.waitForFunction(() => /accepted|rejected|could not|failed/i.test($('#node-config-e8x8-test-result').text()), null, { timeout: 15000 });
    assert.match(await page.locator('#node-config-e8x8-test-result').innerText(), /token accepted/i);
    await page.click('#node-config-dialog-ok');
    await page.waitForTimeout(500);
    const node = await page.evaluate((tid) => {
      const n = RED.nodes.node(tid);
      return { name: n.name, timeout: String(n.timeout), concurrency: String(n.concurrency) };
    }, id);
    assert.deepEqual(node, { name: 'Acme 8x8', timeout: '45', concurrency: '2' });
    await open();
    const shown = await page.evaluate(() => ({
      name: $('#node-config-input-name').val(),
      timeout: $('#node-config-input-timeout').val(),
      concurrency: $('#node-config-input-concurrency').val(),
    }));
    assert.deepEqual(shown, { name: 'Acme 8x8', timeout: '45', concurrency: '2' });
    await page.click('#node-config-dialog-cancel');
    await page.waitForTimeout(300);
    assert.deepEqual(pageErrors, [], 'no page errors');
  });
});
