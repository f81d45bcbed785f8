'use strict';
// One meaning per error code: every ERROR reason the PHP source prints (listed from the source by
// scripts/php-functions.js) gets a category of the rule in catalog/types.ts, and the parser gives the
// rule's code for it. A new catalog entry or override that breaks the rule fails here.
const assert = require('node:assert/strict');
const { CATALOG } = require('../nodes/core/catalog');
const { ERROR_RULE } = require('../nodes/core/catalog/types');
const { categorizeReason, namesSubject, MISSING_WORDING } = require('../nodes/core/errors');
const { parseResponse } = require('../nodes/core/parser');
const source = require('./fixtures/source/php-functions.json');

const isEmptyReason = (spec, reason) => (spec.empty ?? []).some((e) => reason.startsWith(e));

describe('error codes follow one rule', () => {
  const cases = [];
  for (const spec of CATALOG) {
    for (const reason of source[spec.api].errors[spec.name] ?? []) cases.push({ spec, reason });
  }

  it('the source list has the reasons of every catalog function', () => {
    assert.ok(cases.length > 600, `${cases.length} reasons`);
    const without = CATALOG.filter((f) => source[f.api].errors[f.name] === undefined).map((f) => `${f.api}:${f.name}`);
    assert.deepEqual(without, []);
  });

  it('every reason has a category, and the parser gives that category\'s code', () => {
    const problems = [];
    for (const { spec, reason } of cases) {
      const where = `${spec.api}:${spec.name} "${reason}"`;
      const body = `ERROR: ${spec.name} ${reason}: |x|y|\n`;
      if (isEmptyReason(spec, reason)) {
        if (!parseResponse(spec, body).empty) problems.push(`${where}: listed as empty but not parsed as empty`);
        continue;
      }
      const category = categorizeReason(reason, spec);
      if (!category) {
        problems.push(`${where}: no category`);
        continue;
      }
      try {
        parseResponse(spec, body);
        problems.push(`${where}: parsed as a success`);
      } catch (err) {
        if (err.code !== ERROR_RULE[category]) problems.push(`${where}: ${err.code}, the rule says ${ERROR_RULE[category]} (${category})`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('NOT_FOUND only for the subject of the call; a missing subject is never INVALID or empty', () => {
    const problems = [];
    for (const { spec, reason } of cases) {
      const where = `${spec.api}:${spec.name} "${reason}"`;
      const names = namesSubject(reason, spec.subject);
      const missing = MISSING_WORDING.test(reason);
      const category = isEmptyReason(spec, reason) ? 'empty' : categorizeReason(reason, spec);
      if (category === 'subject' && !names) problems.push(`${where}: NOT_FOUND but it does not name the subject (${(spec.subject ?? []).join(', ') || 'none'})`);
      if (missing && names && category !== 'subject') problems.push(`${where}: the subject is missing, but ${category}`);
    }
    assert.deepEqual(problems, []);
  });

  it('empty results only for queries over a set', () => {
    const problems = [];
    for (const spec of CATALOG) {
      for (const e of spec.empty ?? []) {
        if (spec.response.kind === 'status') problems.push(`${spec.name}: "${e}" is empty, but the function answers no set`);
        if (MISSING_WORDING.test(e) && namesSubject(e, spec.subject)) problems.push(`${spec.name}: "${e}" says the subject is missing: NOT_FOUND, not empty`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('a named agent who is not logged in is NOT_FOUND in both APIs', () => {
    const nonAgent = CATALOG.find((f) => f.api === 'non_agent' && f.name === 'agent_status');
    const agent = CATALOG.find((f) => f.api === 'agent' && f.name === 'external_status');
    assert.throws(() => parseResponse(nonAgent, 'ERROR: agent_status AGENT NOT LOGGED IN: |6666|agent3\n'), { code: 'NOT_FOUND' });
    assert.throws(() => parseResponse(agent, 'ERROR: agent_user is not logged in - agent3\n'), { code: 'NOT_FOUND' });
    // A set with nobody in it is still an empty result.
    const set = CATALOG.find((f) => f.name === 'logged_in_agents');
    assert.equal(parseResponse(set, 'ERROR: logged_in_agents NO LOGGED IN AGENTS: |6666|\n').empty, true);
  });

  it('a reference to something that does not exist is INVALID', () => {
    const fn = (name) => CATALOG.find((f) => f.api === 'non_agent' && f.name === name);
    assert.throws(() => parseResponse(fn('add_lead'), 'ERROR: add_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - 6666|3125550101|12345\n'), { code: 'INVALID' });
    assert.throws(() => parseResponse(fn('add_user'), 'ERROR: add_user USER GROUP DOES NOT EXIST - 6666|NOGROUP\n'), { code: 'INVALID' });
    assert.throws(() => parseResponse(fn('add_fpg_phone'), 'ERROR: add_fpg_phone FILTER PHONE GROUP DOES NOT EXIST - 6666|NOFPG\n'), { code: 'INVALID' });
    assert.throws(() => parseResponse(fn('update_phone'), 'ERROR: update_phone SERVER DOES NOT EXIST - 6666|10.9.9.9\n'), { code: 'INVALID' });
    assert.throws(() => parseResponse(fn('update_lead'), 'ERROR: update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|1999|||\n'), { code: 'NOT_FOUND' });
    assert.throws(() => parseResponse(fn('delete_dnc_phone'), 'ERROR: delete_dnc_phone DNC NUMBER DOES NOT EXIST - 6666|3125550000|SYSTEM_INTERNAL\n'), { code: 'NOT_FOUND' });
  });
});
