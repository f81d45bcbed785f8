'use strict';
// The editor as a person uses it, in Debian's Chromium (playwright-core) against the main
// job: the palette with the pack's icons and labels, every dialog and its help, nodes
// dragged from the palette, filled in, Done, reopened and compared; the error output
// wired, deployed, the editor reloaded and the wire still there. No page error and no
// console error is allowed anywhere. Screenshots are written for a person to look at.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { MainJob } = require('./support/main-job');
const { Editor, chromiumOrSkip } = require('./support/editor');

const pkg = require('../package.json');
const PACK_TYPES = Object.keys(pkg['node-red'].nodes);
const CONFIG_TYPES = PACK_TYPES.filter((t) => /registerType\(\s*'[\w-]+',\s*\{\s*category:\s*'config'/.test(fs.readFileSync(path.join(__dirname, '..', 'nodes', `${t}.html`), 'utf8')));
const FLOW_TYPES = PACK_TYPES.filter((t) => !CONFIG_TYPES.includes(t));
const ERROR_OUTPUT_TYPES = FLOW_TYPES.filter((t) => fs.readFileSync(path.join(__dirname, '..', 'nodes', `${t}.html`), 'utf8').includes('node-input-errorOutput'));

// The form labels of each dialog, in order, as English users have always seen them.
const LABELS = {
  'vicidial-server': ['Name', 'Server URL', 'API user', 'Password', 'Source', 'Non-Agent API path', 'Agent API path', 'Method', 'Timeout (s)', 'Concurrency', 'Max answer (MiB)', 'Failed logins', 'Guard store', 'Accept a self-signed certificate'],
  'vicidial-api': ['Name', 'Server', 'Find', 'Function', 'Defaults', 'Send errors to a second output'],
  'vicidial-add-lead': [
    'Name', 'Server', 'Mode', 'List ID', 'Phone code', 'Campaign', 'Duplicates', 'DNC check', 'Time zone', 'Find by',
    'Insert a new lead when none matches', 'Add to the hopper (dial soon)', 'Priority', 'only within local call time',
    'Custom fields (send other names as custom field labels)', 'Unknown', 'Other', 'Send errors to a second output',
    'Field mapping (payload field → VICIdial field)',
  ],
  'vicidial-webhook': [
    'Name', 'Path', 'Type', 'Secret', 'Secret param', 'Allowed IPs', 'Max size (KB)', 'Types', 'Agent events', 'Outputs', 'Drop repeats',
    'Context store', 'Respond', 'URL for', 'Node-RED URL', 'Variables', 'Custom fields',
    'relay through get2post.php (needed unless the VICIdial web server proxies to Node-RED)',
  ],
  'vicidial-dnc': ['Name', 'Server', 'Action', 'DNC list', 'Phone group', 'Call time', 'System DNC', 'Campaign DNC', 'Send errors to a second output'],
  'vicidial-dial': [
    'Name', 'Server', 'Agent', 'Phone code', 'Search', 'Preview', 'Focus', 'Lead number', 'Group alias', 'Dial prefix', 'Dial in-group',
    'Outbound CID', 'Send errors to a second output',
  ],
  'vicidial-agent': ['Name', 'Server', 'Action', 'Agent', 'Value', 'Other', 'Send errors to a second output'],
  'vicidial-stats': ['Name', 'Server', 'Report', 'Defaults', 'Payload', 'Poll every', 'When polling, send only when the result changed', 'Send errors to a second output'],
  'e8x8-tenant': ['Name', 'Login URL', 'Tenant', 'Token', 'Timeout (s)', 'Concurrency'],
  'e8x8-stats': [
    'Name', 'Tenant', 'Resource', 'Agent ID', 'Group ID', 'Queue ID', 'Channel ID', 'Campaign ID', 'Dates', 'From', 'To (excl.)', 'Raw d',
    'Time zone', 'Filters', 'Format', 'Paging', 'Page cap', 'Payload', 'Poll every', 'When polling, send only when the result changed',
    'Send errors to a second output',
  ],
};
// What an untranslated key looks like: "vicidial-server.label.url", possibly behind the namespace.
const RAW_KEY = new RegExp(`node-red-contrib-vicidial/|\\b(${PACK_TYPES.join('|')})\\.[A-Za-z]`);

/**
 * What a person types into each dialog: [selector, value] for text fields (a typedInput of
 * text keeps its own input), [selector, true] for a box to tick, ['select', selector, value].
 */
const FILL = {
  'vicidial-api': [['#node-input-name', 'api by hand'], ['#node-input-params', '{"list_id":"101"}'], ['#node-input-errorOutput', true]],
  'vicidial-add-lead': [
    ['#node-input-name', 'lead by hand'], ['#node-input-listId', '102'], ['#node-input-campaignId', 'TESTCAMP'], ['select', '#node-input-dncCheck', 'Y'],
    ['select', '#node-input-unknownFields', 'ignore'], ['#node-input-addToHopper', true], ['#node-input-hopperPriority', '5'],
    ['#node-input-params', '{"lookup_state":"Y"}'], ['#node-input-errorOutput', true],
  ],
  'vicidial-dnc': [['#node-input-name', 'dnc by hand'], ['#node-input-campaign', 'TESTCAMP'], ['#node-input-errorOutput', true]],
  'vicidial-dial': [['#node-input-name', 'dial by hand'], ['#node-input-agentUser', 'agent1'], ['#node-input-dialPrefix', '9'], ['#node-input-errorOutput', true]],
  'vicidial-agent': [['#node-input-name', 'agent by hand'], ['#node-input-agentUser', 'agent2'], ['#node-input-value', 'SALE'], ['#node-input-params', '{"phone_number":"3125550199"}'], ['#node-input-errorOutput', true]],
  'vicidial-stats': [['#node-input-name', 'stats by hand'], ['#node-input-interval', '30'], ['#node-input-onlyChanged', true], ['#node-input-errorOutput', true]],
  'vicidial-webhook': [['#node-input-name', 'hook by hand'], ['#node-input-path', '/by-hand'], ['#node-input-secretParam', 'token'], ['#node-input-maxKb', '32'], ['#node-input-dedupSeconds', '5']],
};

/** The field a person types into: a typedInput's own visible input, or the element itself. */
async function visibleField(page, selector) {
  const handle = await page.evaluateHandle((sel) => {
    const widget = $(sel).data('noderedTypedInput');
    return widget ? widget.input[0] : $(sel)[0];
  }, selector);
  return handle.asElement();
}

async function fillDialog(page, steps) {
  for (const step of steps) {
    if (step[0] === 'select') await page.selectOption(step[1], step[2]);
    else if (step[1] === true) await page.check(step[0]);
    else await (await visibleField(page, step[0])).fill(step[1]);
  }
}

async function readDialog(page, steps) {
  const out = [];
  for (const step of steps) {
    if (step[0] === 'select') out.push(['select', step[1], await page.inputValue(step[1])]);
    else if (step[1] === true) out.push([step[0], await page.isChecked(step[0])]);
    else out.push([step[0], await (await visibleField(page, step[0])).inputValue()]);
  }
  return out;
}

describe('editor in a browser', function () {
  this.timeout(240000);
  const job = new MainJob();
  const editor = new Editor(job);
  const placed = {};
  let tab;

  before(async function () {
    chromiumOrSkip(this);
    await job.start();
    await editor.open();
  });

  after(async () => {
    await editor.close();
    await job.dispose();
  });

  afterEach(async function () {
    if (!editor.page) return;
    if (this.currentTest.state === 'failed') await editor.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
    await editor.cancel().catch(() => {});
  });

  it('shows every node of the pack in the palette, with the pack\'s own icon and a label of the one naming scheme', async () => {
    const mark = editor.problems.length;
    for (const type of FLOW_TYPES) {
      const item = editor.page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
      assert.equal(await item.count(), 1, `${type} in the palette`);
      const shown = await item.evaluate((el) => {
        const icon = el.querySelector('.red-ui-palette-icon');
        const url = icon ? getComputedStyle(icon).backgroundImage : '';
        const label = el.querySelector('.red-ui-palette-label');
        const range = document.createRange();
        range.selectNodeContents(label);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        return { url, label: el.getAttribute('data-palette-label'), lines };
      });
      assert.match(shown.url, /icons\/node-red-contrib-vicidial\/[\w-]+\.svg/, `${type} shows the pack's icon, not Node-RED's default`);
      const loaded = await editor.page.evaluate((u) => fetch(u.replace(/^url\("?|"?\)$/g, '')).then((r) => r.status), shown.url);
      assert.equal(loaded, 200, `${type}: the icon loads`);
      // One scheme: what the node does, in lower case, on one line (the category already says VICIdial).
      assert.match(shown.label, /^[a-z0-9]+( [a-z0-9]+)?$/, `${type}: palette label "${shown.label}"`);
      assert.equal(shown.lines, 1, `${type}: palette label "${shown.label}" on one line`);
    }
    await editor.screenshot('palette');
    assert.deepEqual(editor.since(mark), []);
  });

  it('adds every node from the palette onto a new flow, each with the one server config already chosen', async () => {
    const mark = editor.problems.length;
    tab = await editor.newTab();
    let i = 0;
    for (const type of FLOW_TYPES) {
      placed[type] = await editor.dragFromPalette(type, 160 + (i % 3) * 260, 80 + Math.floor(i / 3) * 110);
      i++;
    }
    placed.debug = await editor.dragFromPalette('debug', 900, 120);
    await editor.screenshot('nodes-added');
    for (const type of FLOW_TYPES.filter((t) => t.startsWith('vicidial-') && t !== 'vicidial-webhook')) {
      await editor.openNode(placed[type]);
      assert.equal(await editor.page.inputValue('#node-input-server'), 'vicidial-simulator', `${type} starts with the server chosen`);
      await editor.done();
    }
    assert.deepEqual(editor.since(mark), []);
  });

  for (const type of PACK_TYPES) {
    it(`opens the ${type} dialog and its help, translated and readable`, async () => {
      const mark = editor.problems.length;
      if (CONFIG_TYPES.includes(type)) {
        await editor.page.evaluate((t) => {
          let id = null;
          RED.nodes.eachConfig((c) => {
            if (c.type === t && !id) id = c.id;
          });
          RED.editor.editConfig('', t, id);
        }, type);
      } else await editor.openNode(placed[type]);
      await editor.waitForDialog();
      const help = await editor.page.evaluate((t) => $(`script[data-help-name="${t}"]`).html() || '', type);
      assert.ok(help.length > 300, `${type} has help text`);
      const shown = await editor.page.evaluate((t) => {
        const form = $('.red-ui-tray-body form#dialog-form, .red-ui-tray-body form#node-config-dialog-edit-form').last();
        const texts = [form.text()];
        form.find('[placeholder], [title]').each(function () {
          texts.push($(this).attr('placeholder') || '', $(this).attr('title') || '');
        });
        form.find('optgroup').each(function () {
          texts.push(this.label);
        });
        form.find('input').each(function () {
          const w = $(this).data('noderedTypedInput');
          if (w) texts.push(JSON.stringify(w.typeList));
        });
        const def = RED.nodes.getType(t);
        const node = RED.nodes.filterNodes({ type: t })[0];
        if (typeof def.paletteLabel === 'function') texts.push(def.paletteLabel.call(def));
        if (node && def.outputLabels) texts.push(def.outputLabels.call(node, 0), def.outputLabels.call(node, 1));
        if (node) texts.push(def.label.call(node));
        const labels = form.find('.form-row > label').map(function () {
          return $(this).text().trim();
        }).get().filter(Boolean);
        return { text: texts.join('\n'), labels };
      }, type);
      assert.deepEqual(shown.text.split('\n').filter((line) => RAW_KEY.test(line)), [], `${type} dialog shows no raw i18n key`);
      assert.deepEqual(shown.labels, LABELS[type], `${type} dialog labels read as before`);
      if (type === 'vicidial-server') {
        await editor.page.click('#node-config-vicidial-test');
        await editor.page.waitForFunction(() => /login accepted|rejected|could not/i.test($('#node-config-vicidial-test-result').text()), null, { timeout: 30000 });
        assert.match(await editor.page.locator('#node-config-vicidial-test-result').innerText(), /login accepted/i);
      }
      if (type === 'e8x8-tenant') {
        await editor.page.click('#node-config-e8x8-test');
        await editor.page.waitForFunction(() => /accepted|rejected|could not|failed/i.test($('#node-config-e8x8-test-result').text()), null, { timeout: 30000 });
        assert.match(await editor.page.locator('#node-config-e8x8-test-result').innerText(), /token accepted/i);
      }
      // Checkbox, option and select texts must be readable, not cut to "D…" by the editor's widths.
      const cut = await editor.page.evaluate(() =>
        $('.red-ui-tray-body label:visible, .red-ui-tray-body select:visible')
          .filter((_, el) => (el.tagName === 'SELECT' ? el.scrollWidth > el.clientWidth + 1 || el.clientWidth < 120 : getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1))
          .map((_, el) => el.id || el.textContent.trim())
          .get(),
      );
      assert.deepEqual(cut, [], `${type}: truncated labels`);
      await editor.screenshot(`dialog-${type}`);
      await editor.cancel();
      assert.deepEqual(editor.since(mark), [], 'no page or console errors');
    });
  }

  for (const type of Object.keys(FILL)) {
    it(`keeps what a person types into the ${type} dialog: fill, Done, reopen, compare`, async () => {
      const mark = editor.problems.length;
      await editor.openNode(placed[type]);
      await fillDialog(editor.page, FILL[type]);
      const typed = await readDialog(editor.page, FILL[type]);
      await editor.done();
      await editor.openNode(placed[type]);
      assert.deepEqual(await readDialog(editor.page, FILL[type]), typed, `${type}: every value came back`);
      await editor.cancel();
      const stored = await editor.page.evaluate((id) => ({ name: RED.nodes.node(id).name, outputs: RED.nodes.node(id).outputs }), placed[type]);
      assert.equal(stored.name, FILL[type][0][1]);
      if (ERROR_OUTPUT_TYPES.includes(type)) assert.equal(stored.outputs, 2, `${type}: the error output is shown`);
      assert.deepEqual(editor.since(mark), [], 'no page or console errors');
    });
  }

  it('saves the add-lead field mapping: rows added, edited and removed survive Done and reopen', async () => {
    const mark = editor.problems.length;
    const id = placed['vicidial-add-lead'];
    const rows = [['phone', 'phone_number'], ['fname', 'first_name'], ['contact.mail', 'email']];
    await editor.openNode(id);
    for (const [from, to] of rows) {
      await editor.page.click('.node-input-mapping-row .red-ui-editableList-addButton');
      const row = editor.page.locator('#node-input-mapping-container li').last();
      await row.locator('.vd-map-from').fill(from);
      await row.locator('.vd-map-to').fill(to);
    }
    await editor.screenshot('add-lead-mapping');
    await editor.done();
    assert.deepEqual(await editor.page.evaluate((i) => RED.nodes.node(i).mapping, id), rows.map(([from, to]) => ({ from, to })));
    await editor.openNode(id);
    const shown = await editor.page.$$eval('#node-input-mapping-container li', (lis) => lis.map((li) => [li.querySelector('.vd-map-from').value, li.querySelector('.vd-map-to').value]));
    assert.deepEqual(shown, rows);
    await editor.page.locator('#node-input-mapping-container li').nth(1).locator('.red-ui-editableList-item-remove').click();
    await editor.page.waitForFunction(() => $('#node-input-mapping-container li').length === 2, null, { timeout: 10000 });
    await editor.done();
    assert.deepEqual(await editor.page.evaluate((i) => RED.nodes.node(i).mapping, id), [{ from: 'phone', to: 'phone_number' }, { from: 'contact.mail', to: 'email' }]);
    assert.deepEqual(editor.since(mark), [], 'no page or console errors (oneditsave)');
  });

  it('gives the stats Defaults to the report they were written for: another report starts empty', async () => {
    const mark = editor.problems.length;
    const id = placed['vicidial-stats'];
    await editor.openNode(id);
    await editor.page.evaluate(() => $('#node-input-report').typedInput('value', 'call_status_stats'));
    await (await visibleField(editor.page, '#node-input-params')).fill('{"campaigns":"TESTCAMP"}');
    await editor.page.evaluate(() => $('#node-input-report').typedInput('value', 'logged_in_agents'));
    assert.equal(await (await visibleField(editor.page, '#node-input-params')).inputValue(), '', 'logged_in_agents starts without campaigns');
    await (await visibleField(editor.page, '#node-input-params')).fill('{"show_sub_status":"YES"}');
    await editor.page.evaluate(() => $('#node-input-report').typedInput('value', 'call_status_stats'));
    assert.equal(await (await visibleField(editor.page, '#node-input-params')).inputValue(), '{"campaigns":"TESTCAMP"}', 'back to its own Defaults');
    await editor.page.evaluate(() => $('#node-input-report').typedInput('value', 'logged_in_agents'));
    await editor.screenshot('stats-defaults');
    await editor.done();
    const saved = await editor.page.evaluate((i) => ({ report: RED.nodes.node(i).report, params: RED.nodes.node(i).params, owner: RED.nodes.node(i).paramsReport }), id);
    assert.deepEqual(saved, { report: 'logged_in_agents', params: '{"show_sub_status":"YES"}', owner: 'logged_in_agents' });
    assert.deepEqual(editor.since(mark), [], 'no page or console errors');
  });

  it('keeps every error-output wire through deploy, a reload of the editor, and the saved flow', async () => {
    const mark = editor.problems.length;
    for (const type of ERROR_OUTPUT_TYPES) {
      if ((await editor.page.evaluate((id) => RED.nodes.node(id).outputs, placed[type])) !== 2) {
        await editor.openNode(placed[type]);
        await editor.page.check('#node-input-errorOutput');
        await editor.done();
      }
      await editor.wire(placed[type], 1, placed.debug);
    }
    await editor.deploy();
    await editor.reload();
    await editor.page.evaluate((z) => RED.workspaces.show(z), tab);
    for (const type of ERROR_OUTPUT_TYPES) {
      assert.deepEqual(await editor.linksFrom(placed[type], 1), [placed.debug], `${type}: the error wire is still there after a reload`);
    }
    await editor.screenshot('error-wires-after-reload');
    const saved = await job.json('/flows');
    for (const type of ERROR_OUTPUT_TYPES) {
      const n = saved.find((x) => x.id === placed[type]);
      assert.equal(n.outputs, 2, `${type} stores its outputs`);
      assert.deepEqual(n.wires[1], [placed.debug], `${type}: the saved flow has the error wire`);
    }
    assert.deepEqual(editor.since(mark), [], 'no page or console errors, no "trimming wires"');
  });
});
