'use strict';
// The client's fast paths give exactly what the general ones gave: form bodies byte for
// byte as URLSearchParams writes them, rows of any width as when keys were added one by one.
const assert = require('node:assert/strict');
const { encodeForm } = require('../nodes/core/form');
const { parseResponse } = require('../nodes/core/parser');
const { getFunction, CATALOG } = require('../nodes/core/catalog');
const { columnsFor, convertersFor } = require('../nodes/core/schema');

/** Small fixed-seed generator (mulberry32), so a failure is reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', ' ', '+', '&', '=', '%', '!', "'", '(', ')', '~', '*', '-', '.', '_', '/', '?', '#', 'é', 'ü', '€', '😀', '\ud800', '\udc00', '\n', '\t', '"', '|'];

function randomText(next, max = 12, alphabet = ALPHABET) {
  let s = '';
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** Names are never lone surrogates (two of them would be one name to URLSearchParams). */
const NAME_ALPHABET = ALPHABET.filter((c) => !/^[\ud800-\udfff]$/.test(c));

describe('form encoding', () => {
  it('is what URLSearchParams writes, for 5,000 random forms (seed 11)', () => {
    const next = rng(11);
    for (let i = 0; i < 5000; i++) {
      const params = {};
      const n = 1 + Math.floor(next() * 6);
      for (let k = 0; k < n; k++) params[randomText(next, 6, NAME_ALPHABET) || `k${k}`] = randomText(next);
      assert.equal(encodeForm(params), new URLSearchParams(params).toString(), JSON.stringify(params));
    }
  });

  it('keeps the order of the fields', () => {
    assert.equal(encodeForm({ source: 'node-red', user: '6666', pass: 'p a&ss', function: 'add_lead' }), 'source=node-red&user=6666&pass=p+a%26ss&function=add_lead');
  });
});

describe('report rows of any width', () => {
  /** The rows as built before the fast path: one key at a time, field_N past the known names. */
  function reference(spec, body) {
    const names = columnsFor(spec.response, {});
    const convert = convertersFor(spec.response, names);
    return body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const values = l.split('|');
        let n = values.length;
        if (n > names.length && values[n - 1] === '') n--;
        const row = {};
        for (let i = 0; i < n; i++) row[i < names.length ? names[i] : `field_${i + 1}`] = convert?.[i] ? convert[i](values[i]) : values[i];
        return row;
      });
  }

  const reports = CATALOG.filter((f) => f.api === 'non_agent' && f.response.kind === 'rows' && f.response.delimiter !== 'csv' && f.response.delimiter !== 'comma' && f.response.header !== 'always');

  it(`matches the key-by-key rows for widths 1 to catalog + 2, on ${reports.length} reports`, () => {
    const next = rng(7);
    for (const spec of reports) {
      if (spec.response.delimiter !== 'pipe' && spec.response.delimiter !== 'stage') continue;
      const width = columnsFor(spec.response, {}).length;
      const lines = [];
      for (let w = 1; w <= width + 2; w++) {
        for (let r = 0; r < 3; r++) lines.push(Array.from({ length: w }, (_, i) => (i === 0 ? `row${w}x${r}` : String(Math.floor(next() * 1000)))).join('|'));
      }
      const body = `${lines.join('\n')}\n`;
      const got = parseResponse(spec, body, { params: {} });
      assert.deepEqual(got.data, reference(spec, body), spec.name);
      // Key order too (deepEqual ignores it).
      assert.deepEqual(got.data.map((r) => Object.keys(r)), reference(spec, body).map((r) => Object.keys(r)), spec.name);
    }
  });

  it('logged_in_agents default rows (10 of 12 columns) are named and typed', () => {
    const spec = getFunction('logged_in_agents', 'non_agent');
    const got = parseResponse(spec, 'agent1|TESTCAMP|8600051|READY|0|M1|12|Ada|AGENTS|1\n', { params: {} });
    assert.deepEqual(Object.keys(got.data[0]), ['user', 'campaign_id', 'session_id', 'status', 'lead_id', 'callerid', 'calls_today', 'full_name', 'user_group', 'user_level']);
    assert.equal(got.data[0].calls_today, 12);
  });

  it('still finds status lines after leading white space, and data rows that merely contain a tag', () => {
    const spec = getFunction('logged_in_agents', 'non_agent');
    assert.throws(() => parseResponse(spec, '  \t ERROR: logged_in_agents USER DOES NOT HAVE PERMISSION TO VIEW STATS: |x|\n'), { code: 'PERMISSION' });
    const got = parseResponse(spec, 'NOTE|x\nSUCCESSFUL|y\n', { params: {} });
    assert.deepEqual(got.data.map((r) => r.user), ['NOTE', 'SUCCESSFUL']);
  });
});
