'use strict';
// The editor as a person sees it: Debian's Chromium (driven by playwright-core) opens
// the main job's editor, opens every node's edit dialog and help, and uses the
// config node's "Test connection" button. No page error is allowed. Every dialog is
// translated from its message catalog (nodes/locales/en-US/<type>.json): no raw
// i18n key shows, and the form labels read as they always did.
const assert = require('node:assert/strict');
const path = require('node:path');
const { startMainJob, openBrowser } = require('./support/main-job');

const PACK_TYPES = Object.keys(require('../package.json')['node-red'].nodes);

// The form labels of each dialog, in order, as English users have always seen them.
const LABELS = {
  'vicidial-server': ['Name', 'Server URL', 'API user', 'Password', 'Source', 'Non-Agent API path', 'Agent API path', 'Method', 'Timeout (s)', 'Concurrency', 'Accept a self-signed certificate'],
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

describe('editor in a browser', function () {
  this.timeout(120000);
  let job;
  let browser;
  let page;
  let pageErrors = [];

  before(async function () {
    ({ browser, page, pageErrors } = await openBrowser(this));
    job = await startMainJob();
    await page.goto(`${job.editor}/`);
    await page.waitForFunction(() => window.RED && RED.nodes && RED.nodes.filterNodes({}).length > 0, null, { timeout: 30000 });
  });

  after(async () => {
    if (browser) await browser.close();
    if (job) await job.stop();
  });

  it('shows every node of the pack in the palette', async () => {
    for (const type of PACK_TYPES.filter((t) => t !== 'vicidial-server' && t !== 'e8x8-tenant')) {
      const count = await page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`).count();
      assert.equal(count, 1, `${type} in the palette`);
    }
  });

  for (const type of PACK_TYPES) {
    it(`opens the ${type} edit dialog and its help without errors`, async () => {
      const before = pageErrors.length;
      const opened = await page.evaluate((t) => {
        const node = RED.nodes.filterNodes({ type: t })[0];
        const config = [];
        RED.nodes.eachConfig((c) => { if (c.type === t) config.push(c); });
        if (node) RED.editor.edit(node);
        else if (config[0]) RED.editor.editConfig('', t, config[0].id);
        else return false;
        return true;
      }, type);
      assert.ok(opened, `${type} is in a deployed flow`);
      // Close the dialog even when an assertion fails, so that the next test opens a fresh one.
      try {
        await page.waitForSelector('.red-ui-tray-body .form-row', { timeout: 10000 });
        const rows = await page.locator('.red-ui-tray-body .form-row').count();
        assert.ok(rows > 2, `${type} dialog has its form`);
        const help = await page.evaluate((t) => RED.nodes.getType(t) && $(`script[data-help-name="${t}"]`).html(), type);
        assert.ok(help && help.length > 300, `${type} has help text`);
        const shown = await page.evaluate((t) => {
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
        const raw = shown.text.split('\n').filter((line) => RAW_KEY.test(line));
        assert.deepEqual(raw, [], `${type} dialog shows no raw i18n key`);
        assert.deepEqual(shown.labels, LABELS[type], `${type} dialog labels read as before`);
        if (type === 'vicidial-server') {
          await page.click('#node-config-vicidial-test', { timeout: 5000 });
          await page.waitForFunction(() => /login accepted|rejected|could not/i.test($('#node-config-vicidial-test-result').text()), null, { timeout: 15000 });
          const result = await page.locator('#node-config-vicidial-test-result').innerText();
          assert.match(result, /login accepted/i);
        }
        if (type === 'e8x8-tenant') {
          await page.click('#node-config-e8x8-test', { timeout: 5000 });
          await page.waitForFunction(() => /accepted|rejected|could not|failed/i.test($('#node-config-e8x8-test-result').text()), null, { timeout: 15000 });
          assert.match(await page.locator('#node-config-e8x8-test-result').innerText(), /token accepted/i);
        }
        // The tray slides in (a CSS transition on "right") and then takes its final width: wait for both.
        await page.waitForFunction(() => {
          const tray = $('.red-ui-tray').last()[0];
          return tray && getComputedStyle(tray).right === '0px';
        }, null, { timeout: 5000 });
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(__dirname, '..', '.node-red-data', `dialog-${type}.png`) });
        // The "second output" box changes the node's outputs while the dialog is open.
        const outputs = await page.evaluate((t) => {
          const box = $('#node-input-errorOutput');
          const node = RED.nodes.filterNodes({ type: t })[0];
          if (!box.length || !node) return null;
          const was = box.is(':checked');
          box.prop('checked', !was).trigger('change');
          const toggled = node.outputs;
          box.prop('checked', was).trigger('change');
          return { toggled, expected: was ? 1 : 2, restored: node.outputs, restoredExpected: was ? 2 : 1 };
        }, type);
        if (outputs) {
          assert.equal(outputs.toggled, outputs.expected, `${type}: outputs follow the error-output box`);
          assert.equal(outputs.restored, outputs.restoredExpected);
        }
        // Checkbox and option labels must be readable, not cut to "D…" by the editor's label width.
        const cut = await page.evaluate(() =>
          $('.red-ui-tray-body label:visible')
            .filter((_, el) => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
            .map((_, el) => el.textContent.trim())
            .get(),
        );
        assert.deepEqual(cut, [], `${type}: truncated labels`);
      } finally {
        await page.evaluate(() => RED.tray.close());
        await page.waitForTimeout(300);
      }
      assert.deepEqual(pageErrors.slice(before), [], 'no page errors');
    });
  }
});
