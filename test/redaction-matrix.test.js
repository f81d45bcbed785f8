'use strict';
// Every error path × every form the server (or a proxy in front of it) can echo the password
// in × passwords with every character class: no form reaches an error, a message, raw text
// or a stack. And the other side: data that merely contains the password stays intact.
const assert = require('node:assert/strict');
const http = require('node:http');
const { VicidialClient } = require('../nodes/core/client');
const { GuardRegistry } = require('../nodes/core/login-guard');
const { startSimulator } = require('../nodes/sim/server');

const PASSWORDS = [
  'Zq9.LEAK/7731!', // dot, slash, bang: the Agent API keeps . and /, the Non-Agent API does not
  "p@ss w'rd;\\x\"q", // at, space, quotes, semicolon, backslash
  'Ünïcødé-pässwörd_9', // letters outside ASCII: kept on UTF-8 systems only
  'a+b=c&d|e`f', // plus, equals, ampersand, pipe, backtick
  '<tag>&amp;Zz', // HTML specials
  '€uro%20x~99', // a symbol, a percent sign, a tilde
  'Tr0ub4dor3', // letters and digits only
];

/** The PHP sanitising rules, written out here independently of the redactor. */
function echoForms(p) {
  const pre = p.replace(/['"\\; ]/g, '');
  const forms = {
    plain: p,
    nonAgentLatin: p.replace(/[^-_0-9a-zA-Z]/g, ''),
    nonAgentUtf8: p.replace(/[^-_0-9\p{L}]/gu, ''),
    agentLatin: pre.replace(/[^-.+/=_0-9a-zA-Z]/g, ''),
    agentUtf8: pre.replace(/[^-.+/=_0-9\p{L}]/gu, ''),
    agentOld: pre,
    sqlOld: pre.replace(/[|`&]/g, ''),
    percentUpper: encodeURIComponent(p),
    percentLower: encodeURIComponent(p).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    form: new URLSearchParams({ x: p }).toString().slice(2),
    html: p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  };
  // A stripped form of under three characters is masked only by its position.
  return Object.entries(forms).filter(([, f]) => f.length >= 3);
}

const LEAD = { phone_number: '3125550101', list_id: '101' };

/** Where a server or proxy prints an echo: [name, function, parameters, status, body]. */
const PATHS = [
  ['login failure', 'logged_in_agents', {}, 200, (f) => `ERROR: Login incorrect, please try again: |6666|${f}|BAD|\n`],
  ['agent login SQL', 'agent:external_pause', { agent_user: 'a1', value: 'PAUSE' }, 200, (f) => `ERROR: Invalid Username/Password: |6666|${f}|0|1|BAD|0|api|SELECT count(*) from vicidial_users where user='6666' and pass='${f}' and active='Y';|\n`],
  ['error line', 'add_lead', LEAD, 200, (f) => `ERROR: add_lead INVALID PHONE NUMBER - ${f}|6666\n`],
  ['notice before an error', 'update_lead', { lead_id: '1', search_method: 'LEAD_ID' }, 200, (f) => `NOTICE: update_lead SOMETHING - ${f}|x\nERROR: update_lead NO MATCHES FOUND - 6666|x\n`],
  ['proxy error page', 'lead_search', { phone_number: '3125550101' }, 502, (f) => `<html><body>Bad gateway for /vicidial/non_agent_api.php?user=6666&amp;pass=${f}&amp;function=x <b>${f}</b></body></html>`],
  ['unreadable answer of a write', 'add_lead', LEAD, 200, (f) => `<pre>${f}</pre>`],
];

describe('redaction matrix', function () {
  this.timeout(60_000);
  let server;
  let next = '';
  let status = 200;
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = status;
        res.end(next);
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  for (const pass of PASSWORDS) {
    it(`no echo of ${JSON.stringify(pass)} gets through any error path`, async () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      let checked = 0;
      for (const [path, fn, params, code, body] of PATHS) {
        for (const [formName, form] of echoForms(pass)) {
          next = body(form);
          status = code;
          const c = new VicidialClient({ baseUrl: url, user: '6666', pass, retries: 0, guards: new GuardRegistry() });
          const err = await c.call(fn, params).then(() => null, (e) => e);
          c.close();
          assert.ok(err, `${path}: expected an error`);
          const seen = [JSON.stringify(err.toJSON()), err.message, err.stack].join('\n');
          assert.ok(!seen.includes(form), `${path} / ${formName}: "${form}" leaked in ${seen}`);
          assert.ok(err.raw.includes('********'), `${path} / ${formName}: raw is masked`);
          checked++;
        }
      }
      assert.ok(checked >= PATHS.length * 3);
    });
  }
});

describe('redaction never changes data', () => {
  let sim;
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(() => sim.stop());

  it('a short numeric password inside report values leaves them intact, and its echoes are still masked', async () => {
    sim.override('non_agent', 'logged_in_agents', () => 'agent101234|CAMP0001234|1234|READY\nagent2|TESTCAMP|SIP/101234|PAUSED\n');
    const c = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234' });
    const r = await c.call('logged_in_agents');
    assert.deepEqual(Object.values(r.data[0]).slice(0, 3), ['agent101234', 'CAMP0001234', '1234']);
    assert.equal(Object.values(r.data[1])[2], 'SIP/101234');
    sim.override('non_agent', 'lead_search', () => 'ERROR: lead_search NO MATCHES FOUND - 6666|1234|agent101234\n');
    const err = await c.call('lead_search', { phone_number: '3125550101' }).then(() => null, (e) => e);
    c.close();
    assert.deepEqual(err.details, ['6666', '********', 'agent101234']);
  });

  it('a DUPLICATE error keeps the existing lead id that contains the password', async () => {
    sim.override('non_agent', 'add_lead', () => 'ERROR: add_lead DUPLICATE PHONE NUMBER IN LIST - 3125550101|101|10123456|1234\n');
    const c = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: '1234' });
    const err = await c.call('add_lead', { phone_number: '3125550101', list_id: '101' }).then(() => null, (e) => e);
    c.close();
    assert.equal(err.code, 'DUPLICATE');
    assert.ok(err.details.includes('10123456'), err.details.join('|'));
  });
});
