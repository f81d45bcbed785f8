'use strict';
// Assertions shared by the simulator tests.
const assert = require('node:assert/strict');

/** Awaits a call that must fail with our error class, `code` (when given) and a reason starting with `reasonStart`. */
async function rejects(promise, code, reasonStart) {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.name, 'VicidialError', String(err));
    if (code) assert.equal(err.code, code, `${err.message} ${err.raw ?? ''}`);
    if (reasonStart) assert.ok(err.reason.startsWith(reasonStart), `reason "${err.reason}" should start with "${reasonStart}"`);
    return err;
  }
  assert.fail(`expected a ${code || 'VicidialError'} error`);
}

module.exports = { rejects };
