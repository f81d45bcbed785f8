'use strict';
// The catalog against the server's source: exactly the functions the two PHP scripts dispatch on
// (the list is generated from the PHP by scripts/php-functions.js and kept in the repository).
const assert = require('node:assert/strict');
const { CATALOG } = require('../nodes/core/catalog');
const listed = require('./fixtures/source/php-functions.json');

describe('catalog against the PHP source', () => {
  const notFunctions = Object.keys(listed.notFunctions);

  for (const api of ['non_agent', 'agent']) {
    it(`${api}: every function of the source is in the catalog, and nothing else`, () => {
      const source = listed[api].names.filter((n) => !notFunctions.includes(n));
      const catalog = CATALOG.filter((f) => f.api === api).map((f) => f.name);
      const missing = source.filter((n) => !catalog.includes(n));
      const extra = catalog.filter((n) => !source.includes(n));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
      assert.equal(new Set(catalog).size, catalog.length, 'no function listed twice');
    });
  }

  it('every name set aside as not a function is one the source compares with', () => {
    const all = [...listed.non_agent.names, ...listed.agent.names];
    for (const n of notFunctions) assert.ok(all.includes(n), `${n} is not in the source list`);
    assert.ok(listed.non_agent.names.length > 60 && listed.agent.names.length > 30, 'the list was generated from the full scripts');
  });
});
