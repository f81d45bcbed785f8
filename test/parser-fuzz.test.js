'use strict';
// Property-based test of the parser. Answers are generated from a fixed seed (FUZZ_SEED),
// FUZZ_RUNS of them (a few hundred here; `npm run fuzz` runs many more), out of the pieces
// VICIdial's answers are made of, cut, glued and mixed with hostile text, for every catalog
// function. Properties: the parser returns a result or throws a VicidialError with a known
// code (never anything else); data holds only strings, numbers, booleans, null or arrays and
// objects of them; an answer cut before its final newline is never data; the password never
// appears in raw text, errors or notices; and the time stays proportionate to the answer.
const assert = require('node:assert/strict');
const { CATALOG } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { ERROR_CODES, VicidialError } = require('../nodes/core/errors');
const { seeded } = require('./support/fault-server');
const { makeRedactor } = require('../nodes/core/redact');

const RUNS = Number(process.env.FUZZ_RUNS || 400);
const SEED = Number(process.env.FUZZ_SEED || 20261130);
const SECRET = 'Fz9.Secret/77!';

const PIECES = [
  'SUCCESS: ', 'ERROR: ', 'NOTICE: ', 'SUCCESS:', 'ERROR:', ' - ', ': |', '|', '||', ',', '"', '\t', ':', ' ', '-',
  '\n', '\r\n', '\n\n', 'add_lead ', 'lead_search ', 'LEAD HAS BEEN ADDED', 'NO MATCHES FOUND', 'Login incorrect, please try again',
  'Invalid Username/Password', 'LOCK', 'BAD', 'DUPLICATE', 'DNC', 'NOT FOUND', 'INVALID', '3125550101', '1001', '101',
  'agent1', 'TESTCAMP', '2026-11-30 10:00:00', '0', '-5.00', '€', 'ñ', '\u0000', '\uFFFD', '<html>', '&amp;', '%2F',
  SECRET, 'Fz9Secret77', 'NO ', 'NO '.repeat(50), 'x'.repeat(300), '|'.repeat(40), 'SUCCESS: '.repeat(5),
];

function answer(random) {
  const lines = 1 + Math.floor(random() * 6);
  let body = '';
  for (let l = 0; l < lines; l++) {
    const parts = 1 + Math.floor(random() * 8);
    for (let p = 0; p < parts; p++) body += PIECES[Math.floor(random() * PIECES.length)];
    body += '\n';
  }
  // A third of the answers are cut somewhere, as a closed connection or a proxy would.
  if (random() < 0.33) body = body.slice(0, Math.floor(random() * body.length));
  return body;
}

function plainData(v, depth = 0) {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return true;
  if (depth > 4) return false;
  if (Array.isArray(v)) return v.every((x) => plainData(x, depth + 1));
  if (typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every((x) => plainData(x, depth + 1));
  return false;
}

describe(`parser: fuzz (${RUNS} answers, seed ${SEED})`, function () {
  this.timeout(Math.max(30_000, RUNS * 20));

  it('returns a result or a VicidialError, never leaks the password, never takes a cut answer as data', () => {
    const random = seeded(SEED);
    const redact = makeRedactor([SECRET]);
    const codes = new Set();
    for (let i = 0; i < RUNS; i++) {
      const spec = CATALOG[Math.floor(random() * CATALOG.length)];
      const body = answer(random);
      const params = random() < 0.3 ? { stage: ['csv', 'tab', 'pipe'][Math.floor(random() * 3)], header: 'YES' } : {};
      const where = `answer ${i} (seed ${SEED}) for ${spec.api}:${spec.name}: ${JSON.stringify(body).slice(0, 300)}`;
      const started = process.hrtime.bigint();
      let result;
      try {
        result = parseResponse(spec, body, { params, redact, status: random() < 0.05 ? 502 : 200 });
      } catch (err) {
        assert.ok(err instanceof VicidialError, `${where}: threw ${err}`);
        assert.ok(ERROR_CODES.includes(err.code), `${where}: code ${err.code}`);
        const seen = JSON.stringify(err.toJSON()) + err.message;
        assert.ok(!seen.includes(SECRET) && !seen.includes('Fz9Secret77'), `${where}: the password leaked in ${seen}`);
        codes.add(err.code);
        continue;
      }
      const took = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(took < 200, `${where}: took ${took} ms`);
      assert.ok(plainData(result.data), `${where}: data ${JSON.stringify(result.data)}`);
      assert.ok(body === '' || body.endsWith('\n') || spec.unterminated, `${where}: a cut answer was taken as data`);
      assert.ok(!result.raw.includes(SECRET), `${where}: raw leaked the password`);
      assert.ok(!JSON.stringify(result.notices).includes(SECRET), `${where}: a notice leaked the password`);
      codes.add('ok');
    }
    // The generator reaches the main outcomes, so the properties were tested on each.
    for (const c of ['ok', 'TRUNCATED', 'HTTP']) assert.ok(codes.has(c), `outcomes seen: ${[...codes]}`);
  });
});
