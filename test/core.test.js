'use strict';
// Unit tests of the core's pure parts: parameters, parser framings, redaction, and a
// property test that no text makes the parser throw anything but our error class.
const assert = require('node:assert/strict');
const { findFunction, getFunction, CATALOG } = require('../nodes/core/catalog');
const { buildParams, camelCase } = require('../nodes/core/params');
const { parseResponse, parseStatusLine } = require('../nodes/core/parser');
const { VicidialError, classifyReason, ERROR_CODES } = require('../nodes/core/errors');
const { makeRedactor, MASK } = require('../nodes/core/redact');

const spec = (name, api) => findFunction(name, api);

describe('catalog', () => {
  it('covers both APIs: about 60 Non-Agent and about 30 Agent functions', () => {
    const na = CATALOG.filter((f) => f.api === 'non_agent').length;
    const ag = CATALOG.filter((f) => f.api === 'agent').length;
    assert.ok(na >= 55, `non-agent: ${na}`);
    assert.ok(ag >= 28, `agent: ${ag}`);
  });
  it('has unique names per API, valid parameter specs and no reserved parameters', () => {
    const seen = new Set();
    for (const f of CATALOG) {
      const key = `${f.api}:${f.name}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      assert.equal(typeof f.write, 'boolean', key);
      assert.ok(f.summary, key);
      const names = new Set();
      for (const p of f.params) {
        assert.ok(!names.has(p.name), `${key} repeats ${p.name}`);
        names.add(p.name);
        assert.ok(!['user', 'pass', 'function', 'source'].includes(p.name), `${key} lists ${p.name}`);
        if (p.type === 'enum') assert.ok(p.values && p.values.length > 0, `${key}.${p.name} enum without values`);
      }
      for (const group of f.requireOneOf || []) for (const n of group) assert.ok(names.has(n), `${key} requireOneOf ${n}`);
    }
  });
  it('marks the writes that must never be retried', () => {
    for (const [name, api] of [['add_lead'], ['update_lead'], ['add_dnc_phone'], ['delete_dnc_phone'], ['external_dial', 'agent'], ['external_pause', 'agent']]) {
      assert.equal(findFunction(name, api).write, true, name);
    }
    for (const name of ['logged_in_agents', 'call_status_stats', 'lead_search', 'version']) assert.equal(findFunction(name).write, false, name);
  });
  it('resolves version to the Non-Agent API unless asked otherwise', () => {
    assert.equal(findFunction('version').api, 'non_agent');
    assert.equal(findFunction('agent:version').api, 'agent');
    assert.equal(findFunction('version', 'agent').api, 'agent');
    assert.throws(() => getFunction('nope'), (e) => e.code === 'INVALID');
  });
});

describe('parameters', () => {
  const addLead = () => spec('add_lead');
  it('accepts snake_case and camelCase names', () => {
    const p = buildParams(addLead(), { phone_number: '3125550000', listId: '101', firstName: 'Ada' });
    assert.equal(p.list_id, '101');
    assert.equal(p.first_name, 'Ada');
    assert.equal(camelCase('vendor_lead_code'), 'vendorLeadCode');
  });
  it('rejects unknown names with INVALID naming the field', () => {
    assert.throws(() => buildParams(spec('logged_in_agents'), { bogus: 1 }), (e) => e instanceof VicidialError && e.code === 'INVALID' && e.fields.field === 'bogus');
  });
  it('refuses credentials and the function from a message', () => {
    for (const k of ['user', 'pass', 'function', 'source']) {
      assert.throws(() => buildParams(spec('logged_in_agents'), { [k]: 'x' }), (e) => e.code === 'INVALID', k);
    }
  });
  it('requires the required parameters before anything is sent', () => {
    const required = addLead().params.filter((p) => p.required).map((p) => p.name);
    assert.ok(required.includes('phone_number'));
    assert.throws(() => buildParams(addLead(), { list_id: '101' }), (e) => e.code === 'INVALID' && /phone_number/.test(e.reason));
  });
  it('normalises phone numbers to digits and checks enums and integers', () => {
    const phoneParam = addLead().params.find((p) => p.name === 'phone_number');
    const p = buildParams(addLead(), { phone_number: '(312) 555-0000', list_id: '101' });
    if (phoneParam.type === 'phone') assert.equal(p.phone_number, '3125550000');
    const enumSpec = CATALOG.flatMap((f) => f.params.filter((x) => x.type === 'enum' && x.values.length > 1).map((x) => [f, x]))[0];
    const [f, x] = enumSpec;
    const base = Object.fromEntries(f.params.filter((q) => q.required).map((q) => [q.name, q.type === 'enum' ? q.values[0] : q.type === 'date' ? '2026-01-01' : '1']));
    const ok = buildParams(f, { ...base, [x.name]: x.values[1].toLowerCase() });
    assert.equal(ok[x.name], x.values[1]);
    assert.throws(() => buildParams(f, { ...base, [x.name]: 'definitely-not-a-value' }), (e) => e.code === 'INVALID');
  });
  it('drops blank values instead of sending them', () => {
    const p = buildParams(addLead(), { phone_number: '3125550000', list_id: '101', first_name: '', last_name: null, city: undefined });
    assert.ok(!('first_name' in p) && !('last_name' in p) && !('city' in p));
  });
  it('rejects values with line breaks and objects', () => {
    assert.throws(() => buildParams(addLead(), { phone_number: '3125550000', list_id: '101', first_name: 'a\nb' }), (e) => e.code === 'INVALID');
    assert.throws(() => buildParams(addLead(), { phone_number: '3125550000', list_id: '101', first_name: { a: 1 } }), (e) => e.code === 'INVALID');
  });
});

describe('parser framings', () => {
  const statusSpec = { name: 'demo_fn', api: 'non_agent', write: true, summary: 'x', params: [], response: { kind: 'status' }, lines: [{ tag: 'SUCCESS', reason: 'DONE', fields: ['a', 'b'] }, { tag: 'NOTICE', reason: 'ALSO', fields: ['n'] }] };
  const rowsSpec = { name: 'demo_rows', api: 'non_agent', write: false, summary: 'x', params: [], response: { kind: 'rows', columns: ['user', 'status', 'calls'], delimiter: 'stage', header: 'param' }, empty: ['NO ROWS'] };

  it('reads a SUCCESS with details, then NOTICE lines, with \\r\\n and trailing newlines', () => {
    const r = parseResponse(statusSpec, 'SUCCESS: demo_fn DONE - 1|2\r\nNOTICE: demo_fn ALSO - 9\r\n\r\n\n');
    assert.deepEqual(r.data, { result: 'DONE', a: '1', b: '2' });
    assert.equal(r.notices.length, 1);
    assert.deepEqual(r.notices[0].fields, { n: '9' });
  });
  it('throws the first of two ERROR lines, classified', () => {
    assert.throws(() => parseResponse(statusSpec, 'ERROR: demo_fn INVALID PHONE NUMBER - 12|x\nERROR: demo_fn SECOND\n'), (e) => e.code === 'INVALID' && e.reason === 'INVALID PHONE NUMBER' && e.details[0] === '12');
  });
  it('reads the auth failure line and reports it as AUTH', () => {
    assert.throws(() => parseResponse(statusSpec, 'ERROR: Login incorrect, please try again: |6666|pw|BAD|\n'), (e) => e.code === 'AUTH');
    assert.throws(() => parseResponse(statusSpec, 'ERROR: Too many login attempts, try again in 15 minutes: |6666|LOCK|\n'), (e) => e.code === 'LOCKED');
    assert.throws(() => parseResponse(statusSpec, 'ERROR: Invalid Username/Password: |6666|pw|0|1|LOCK|\n'), (e) => e.code === 'LOCKED');
  });
  it('reads rows in pipe, csv and tab, with and without a header', () => {
    assert.deepEqual(parseResponse(rowsSpec, 'a|PAUSED|3\nb|READY|0\n').data, [{ user: 'a', status: 'PAUSED', calls: '3' }, { user: 'b', status: 'READY', calls: '0' }]);
    assert.deepEqual(parseResponse(rowsSpec, 'user,status,calls,extra_col\na,PAUSED,3,x\n', { params: { stage: 'csv', header: 'YES' } }).data, [{ user: 'a', status: 'PAUSED', calls: '3', extra_col: 'x' }]);
    assert.deepEqual(parseResponse(rowsSpec, 'a\tPAUSED\t3\n', { params: { stage: 'tab' } }).data, [{ user: 'a', status: 'PAUSED', calls: '3' }]);
    assert.deepEqual(parseResponse(rowsSpec, '"a, b",PAUSED,3\n', { params: { stage: 'csv' } }).data, [{ user: 'a, b', status: 'PAUSED', calls: '3' }]);
  });
  it('treats an empty-set reason as an empty result, and an empty 200 body of a report as no rows', () => {
    const r = parseResponse(rowsSpec, 'ERROR: demo_rows NO ROWS - x\n');
    assert.equal(r.empty, true);
    assert.deepEqual(r.data, []);
    assert.equal(parseResponse(rowsSpec, '').empty, true);
  });
  it('reports an empty 200 body of a write as UNKNOWN, and a non-2xx as HTTP', () => {
    assert.throws(() => parseResponse(statusSpec, ''), (e) => e.code === 'UNKNOWN' && e.reason === 'EMPTY RESPONSE');
    assert.throws(() => parseResponse(statusSpec, '', { status: 500 }), (e) => e.code === 'HTTP' && e.status === 500);
  });
  it('splits a status tag glued to the previous text', () => {
    const r = parseResponse(statusSpec, 'NOTICE: demo_fn ALSO - 1SUCCESS: demo_fn DONE - 5|6\n');
    assert.equal(r.data.a, '5');
    assert.equal(r.notices.length, 1);
  });
  it('parses a status line in each form', () => {
    assert.deepEqual(parseStatusLine('ERROR: add_lead INVALID LIST ID - 101|6666').details, ['101', '6666']);
    assert.equal(parseStatusLine('ERROR: add_dnc_phone DNC NUMBER ALREADY EXISTS: |6666|3125550000|SYSTEM_INTERNAL').reason, 'DNC NUMBER ALREADY EXISTS');
    assert.equal(parseStatusLine('ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |u|f|').reason, 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION');
    assert.equal(parseStatusLine('hello world'), undefined);
  });

  it('never throws anything but VicidialError, whatever the text (property test)', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const atoms = ['SUCCESS:', 'ERROR:', 'NOTICE:', ' - ', '|', ': |', ':', '\n', '\r\n', ',', '\t', '"', 'add_lead', ' auth ', 'LOCK', 'DNC', 'x', '0', ' ', 'é', '\u0000', 'VERSION: 1'];
    const specs = CATALOG.filter((_, i) => i % 3 === 0).concat([statusSpec, rowsSpec]);
    let parsed = 0;
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = Math.floor(rand() * 20);
      for (let j = 0; j < n; j++) text += atoms[Math.floor(rand() * atoms.length)];
      const s = specs[i % specs.length];
      const params = { stage: ['csv', 'tab', 'pipe', ''][i % 4], header: i % 2 ? 'YES' : 'NO' };
      const status = i % 17 === 0 ? 503 : 200;
      try {
        parseResponse(s, text, { params, status });
        parsed++;
      } catch (e) {
        assert.ok(e instanceof VicidialError, `threw ${e && e.name} for ${JSON.stringify(text)}`);
        assert.ok(ERROR_CODES.includes(e.code));
        errors++;
      }
    }
    assert.ok(parsed > 100 && errors > 100, `parsed ${parsed}, errors ${errors}`);
  });
});

describe('error classification', () => {
  it('maps reasons to stable codes', () => {
    assert.equal(classifyReason('USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE SYSTEM'), 'PERMISSION');
    assert.equal(classifyReason('DUPLICATE PHONE NUMBER IN LIST'), 'DUPLICATE');
    assert.equal(classifyReason('PHONE NUMBER IN DNC'), 'DNC');
    assert.equal(classifyReason('INVALID PHONE NUMBER LENGTH'), 'INVALID');
    assert.equal(classifyReason('LEAD NOT FOUND', { subject: ['LEAD'] }), 'NOT_FOUND');
    // Without the function's subject, something missing is a reference in the input.
    assert.equal(classifyReason('LEAD NOT FOUND'), 'INVALID');
    assert.equal(classifyReason('Something else'), 'UNKNOWN');
    assert.equal(classifyReason('DNC NUMBER ALREADY EXISTS', { errors: { 'DNC NUMBER ALREADY EXISTS': 'duplicate' } }), 'DUPLICATE');
  });
});

describe('redaction', () => {
  it('masks plain, URL-encoded and server-sanitised forms, and the login echo by position', () => {
    const r = makeRedactor(['p@ss word!9']);
    assert.equal(r('x p@ss word!9 y'), `x ${MASK} y`);
    assert.equal(r('pass=p%40ss%20word!9'), `pass=${MASK}`);
    assert.equal(r('|pssword9|'), `|${MASK}|`);
    const short = makeRedactor(['!a!']);
    assert.equal(short('ERROR: Login incorrect, please try again: |6666|a|BAD|'), `ERROR: Login incorrect, please try again: |6666|${MASK}|BAD|`);
  });
});

describe('parser edge framings', () => {
  it('reads a reason followed by an empty detail list', () => {
    const line = parseStatusLine('ERROR: agent_user not valid - ');
    assert.equal(line.reason, 'agent_user not valid');
    assert.deepEqual(line.details, []);
  });
});

describe('parser: tags inside details', () => {
  it('does not split a status tag quoted after a pipe', () => {
    const spec = { name: 'demo', api: 'non_agent', write: true, summary: 'x', params: [], response: { kind: 'status' } };
    const r = parseResponse(spec, 'NOTICE: demo FIELD ADDED - 6666|101|SUCCESS: Field added|\nSUCCESS: demo DONE - 1\n');
    assert.equal(r.notices.length, 1);
    assert.deepEqual(r.notices[0].details, ['6666', '101', 'SUCCESS: Field added']);
  });
});

describe('parser: partial changes before an error', () => {
  it('keeps the NOTICE lines printed before an ERROR on the error', () => {
    const spec = { name: 'demo', api: 'non_agent', write: true, summary: 'x', params: [], response: { kind: 'status' } };
    const body = 'NOTICE: demo USER RANK UPDATED - 6666|agent1|5\nERROR: demo NO UPDATES DEFINED - 6666|agent1\n';
    assert.throws(() => parseResponse(spec, body), (e) => e.reason === 'NO UPDATES DEFINED' && e.notices.length === 1 && e.notices[0].reason === 'USER RANK UPDATED' && e.notices[0].details[2] === '5');
  });
  it('reports a NOTICE-only refusal as PERMISSION', () => {
    const spec = { name: 'demo', api: 'non_agent', write: true, summary: 'x', params: [], response: { kind: 'status' } };
    assert.throws(() => parseResponse(spec, 'NOTICE: demo USER DOES NOT HAVE PERMISSION TO DELETE PHONES - 6666|0\n'), (e) => e.code === 'PERMISSION');
    assert.equal(parseResponse(spec, 'NOTICE: demo NOTHING TO DO - 1\n').data.result, 'NOTHING TO DO');
  });
});
