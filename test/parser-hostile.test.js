'use strict';
// Hostile server text: every pattern applied to it must be linear. Worst shapes of 600 KB are
// timed against a linear baseline (ordinary status lines of the same size) measured in the same test.
const assert = require('node:assert/strict');
const { parseResponse } = require('../nodes/core/parser');
const { classifyReason } = require('../nodes/core/errors');
const { getFunction } = require('../nodes/core/catalog');

const SIZE = 600 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(SIZE / unit.length));

function median(fn, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const parse = (fn, body) => {
  try {
    parseResponse(getFunction(fn), body);
  } catch {
    // errors are expected: only the time matters here
  }
};

describe('parser and error classification on hostile text', function () {
  this.timeout(120_000);

  it('takes time linear in the answer for the worst shapes', () => {
    // Linear work of the same size: as many ordinary status lines as the densest shape has.
    const baseline = median(() => parse('lead_search', fill('NOTICE: lead_search x - 1|2\n')));
    const shapes = {
      'repeated NO': `ERROR: ${fill('NO ')}\n`,
      'repeated NOT': `ERROR: ${fill('NOT ')}\n`,
      'repeated LOC': `ERROR: ${fill('LOC ')}\n`,
      'glued tags': `ERROR: ${fill('aSUCCESS: ')}\n`,
      'colons': `ERROR: ${fill('a: ')}\n`,
      'dashes': `ERROR: ${fill(' - ')}\n`,
      'pipes': `ERROR: x - ${fill('|')}\n`,
      'colon pipes': `ERROR: ${fill(': |')}\n`,
      'one long word': `ERROR: ${fill('N')}\n`,
      'report rows': `search_key|records_found|lead_ids\n${fill('3125550101|1|1001-1002-1003\n')}`,
    };
    const bound = 20 * baseline + 250;
    for (const [name, body] of Object.entries(shapes)) {
      const took = median(() => parse('lead_search', body));
      assert.ok(took < bound, `${name}: ${took.toFixed(1)} ms, bound ${bound.toFixed(1)} ms (baseline ${baseline.toFixed(1)} ms)`);
    }
  });

  it('classifies only the head of a long reason, the same way as a short one', () => {
    // The subject decides NOT_FOUND (the rule in catalog/types.ts); without it, a missing thing is a reference (INVALID).
    assert.equal(classifyReason(`NO LEADS FOUND ${'NO '.repeat(200_000)}`, { subject: ['LEADS'] }), 'NOT_FOUND');
    assert.equal(classifyReason(`NO LEADS FOUND ${'NO '.repeat(200_000)}`), 'INVALID');
    assert.equal(classifyReason(`${'x'.repeat(300)} NOT FOUND`), 'UNKNOWN');
    const t = process.hrtime.bigint();
    classifyReason('NO '.repeat(200_000));
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 500);
  });
});
