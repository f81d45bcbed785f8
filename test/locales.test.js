'use strict';
// Every language of the pack is complete: each message catalog (nodes/locales/<lang>/<node>.json)
// has exactly the keys of every other language, with the same __placeholders__, and each node's
// help (nodes/locales/<lang>/<node>.html) exists in every language with the same structure
// (sections, and one node-ports entry per output). Help follows the core nodes' layout.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'nodes', 'locales');
const langs = fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort();
const pkg = require('../package.json');
const TYPES = Object.keys(pkg['node-red'].nodes);

/** { "a.b.c": "text" } for a nested catalog. */
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

const placeholders = (text) => (String(text).match(/__\w+__/g) || []).sort();
const read = (lang, file) => fs.readFileSync(path.join(dir, lang, file), 'utf8');

/** What a help text's layout is, whatever its language: its section levels and its outputs. */
function layout(html) {
  const ports = /<ol class="node-ports">([\s\S]*?)\n  <\/ol>/.exec(html);
  return {
    name: /data-help-name="([^"]+)"/.exec(html)?.[1],
    sections: (html.match(/<h[34]>/g) || []).join(''),
    outputs: ports ? (ports[1].match(/\n {4}<li>/g) || []).length : 0,
    links: (html.match(/<a href="[^"]+"/g) || []).sort(),
  };
}

describe('message catalogs and help in every language', () => {
  it('has more than one language, English among them', () => {
    assert.ok(langs.includes('en-US') && langs.length >= 2, langs.join(', '));
  });

  const files = [...new Set(langs.flatMap((l) => fs.readdirSync(path.join(dir, l))))].sort();

  for (const file of files) {
    it(`${file}: exists in every language with the same keys, placeholders and layout`, () => {
      for (const lang of langs) assert.ok(fs.existsSync(path.join(dir, lang, file)), `${lang}/${file} is missing`);
      if (file.endsWith('.json')) {
        const [first, ...rest] = langs.map((l) => flatten(JSON.parse(read(l, file))));
        for (const [i, other] of rest.entries()) {
          const lang = langs[i + 1];
          const missing = Object.keys(first).filter((k) => !(k in other));
          const extra = Object.keys(other).filter((k) => !(k in first));
          assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${lang}/${file} against ${langs[0]}`);
          for (const k of Object.keys(first)) {
            assert.ok(typeof other[k] === 'string' && other[k].length > 0, `${lang}/${file}: ${k} is empty`);
            assert.deepEqual(placeholders(other[k]), placeholders(first[k]), `${lang}/${file}: ${k} placeholders`);
          }
        }
      } else {
        const [first, ...rest] = langs.map((l) => layout(read(l, file)));
        assert.equal(first.name, file.replace(/\.html$/, ''), `${file} is the help of its node`);
        for (const [i, other] of rest.entries()) assert.deepEqual(other, first, `${langs[i + 1]}/${file} layout against ${langs[0]}`);
      }
    });
  }

  it('every node type has a catalog and help in English', () => {
    for (const type of TYPES) {
      assert.ok(fs.existsSync(path.join(dir, 'en-US', `${type}.json`)), `${type}.json`);
      assert.ok(fs.existsSync(path.join(dir, 'en-US', `${type}.html`)), `${type}.html`);
    }
  });

  it('help of the VICIdial flow nodes is laid out as the core nodes do it', () => {
    for (const type of TYPES.filter((t) => t.startsWith('vicidial-') && t !== 'vicidial-server')) {
      const html = read('en-US', `${type}.html`);
      const { outputs } = layout(html);
      const editor = fs.readFileSync(path.join(__dirname, '..', 'nodes', `${type}.html`), 'utf8');
      const errorOutput = /errorOutput:\s*\{/.test(editor);
      assert.ok(outputs >= (errorOutput ? 2 : 1), `${type}: one node-ports entry per output (${outputs})`);
      if (errorOutput) assert.match(html, /<li>Error \(only with <i>Send errors to a second output<\/i>\)/, `${type}: the error output`);
      assert.match(html, /<h3>Details<\/h3>/, `${type}: Details`);
      assert.match(html, /<h3>References<\/h3>/, `${type}: References`);
    }
  });
});
