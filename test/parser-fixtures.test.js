'use strict';
// Response texts built from the PHP source's echo statements (one file per catalog part),
// with expectations read from the same source: the parser must agree with the server.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { findFunction } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { VicidialError } = require('../nodes/core/errors');

const dir = path.join(__dirname, 'fixtures');
// One file per catalog part (other fixtures live beside them).
const files = fs.readdirSync(dir).filter((f) => /^(agent|non-agent-[a-z0-9-]+)\.json$/.test(f));

function subset(actual, expected, where) {
  for (const [k, v] of Object.entries(expected)) {
    assert.deepEqual(actual[k], v, `${where}: field ${k}`);
  }
}

describe('parser against server-shaped fixtures', () => {
  it('has fixtures for every catalog part', () => {
    assert.ok(files.length >= 5, `fixture files: ${files.join(', ')}`);
  });
  for (const file of files) {
    const api = file.startsWith('agent') ? 'agent' : 'non_agent';
    const fixtures = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    describe(file, () => {
      fixtures.forEach((fx, i) => {
        const title = `${fx.function} #${i}: ${fx.note || ''}`.slice(0, 110);
        it(title, () => {
          const spec = findFunction(fx.function, fx.api || api);
          assert.ok(spec, `catalog has ${fx.function}`);
          const run = () => parseResponse(spec, fx.body, { params: fx.params || {} });
          const e = fx.expect;
          if (e.ok === false) {
            assert.throws(run, (err) => {
              assert.ok(err instanceof VicidialError, 'our error class');
              assert.equal(err.code, e.code, `code for "${err.reason}"`);
              if (e.reason) assert.equal(err.reason, e.reason);
              if (e.fields) subset(err.fields, e.fields, title);
              return true;
            });
            return;
          }
          const r = run();
          if (e.empty) {
            assert.equal(r.empty, true, 'empty result');
            return;
          }
          if (e.fields) subset(r.data, e.fields, title);
          if (e.rowCount !== undefined) assert.equal(r.data.length, e.rowCount, 'row count');
          if (e.rows) e.rows.forEach((row, j) => subset(r.data[j], row, `${title} row ${j}`));
          if (e.notices) assert.equal(r.notices.length, e.notices, 'notice count');
        });
      });
    });
  }
});
