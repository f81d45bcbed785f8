'use strict';
// The simulator's Non-Agent preamble: parameter precedence, version before login, the login
// error line, the 10-failure / 15-minute lock (on a controllable clock) and unknown functions.
const assert = require('node:assert/strict');
const { startSimulator } = require('../nodes/sim/server');
const { VicidialClient } = require('../nodes/core/client');

const PATH = '/vicidial/non_agent_api.php';

describe('simulator: Non-Agent authentication and preamble', () => {
  let sim;
  let clock;

  /** POSTs `body` (form-encoded) to the Non-Agent URL with `query` in the URL. */
  async function call(body, query) {
    const qs = query ? `?${new URLSearchParams(query)}` : '';
    const res = await fetch(`${sim.url}${PATH}${qs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  }
  const campaigns = (user, pass) => call({ source: 'test', user, pass, function: 'campaigns_list' });
  const advance = (seconds) => {
    clock += seconds * 1000;
  };
  const badLine = (user, pass) => `ERROR: Login incorrect, please try again: |${user}|${pass}|BAD|\n`;
  const lockLine = (user) => `ERROR: Too many login attempts, try again in 15 minutes: |${user}|LOCK|\n`;

  beforeEach(async () => {
    clock = new Date(2026, 0, 15, 10, 0, 0).getTime();
    sim = await startSimulator({ port: 0, now: () => new Date(clock) });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('answers a wrong password with the login line, echoing user and password, HTTP 200 text/html', async () => {
    const r = await campaigns('6666', 'wrong');
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/html; charset=utf-8/);
    assert.equal(r.text, badLine('6666', 'wrong'));
    assert.equal(sim.state.users.get('6666').failed_login_count, 1);
    // Unknown users and users at level 6 or below get the same line.
    assert.equal((await campaigns('nobody', 'x1')).text, badLine('nobody', 'x1'));
    assert.equal((await campaigns('agent1', 'agentpass1')).text, badLine('agent1', 'agentpass1'));
  });

  it('maps the login line to AUTH through the client, with the password redacted', async () => {
    const client = new VicidialClient({ baseUrl: sim.url, user: '6666', pass: 'notthepass', retries: 0 });
    try {
      await assert.rejects(client.call('campaigns_list', {}), (err) => {
        assert.equal(err.code, 'AUTH');
        assert.ok(!JSON.stringify(err.toJSON()).includes('notthepass'));
        return true;
      });
    } finally {
      client.close();
    }
  });

  it('locks a recently active user after 10 failures, even with the right password', async () => {
    const user = sim.state.users.get('6666');
    // A good login sets last_login_date: the lock window runs from it.
    assert.ok(!(await campaigns('6666', '1234')).text.startsWith('ERROR'));
    for (let i = 1; i <= 10; i++) {
      advance(30);
      assert.equal((await campaigns('6666', `bad${i}`)).text, badLine('6666', `bad${i}`), `failure ${i}`);
    }
    assert.equal(user.failed_login_count, 10);
    advance(30);
    assert.equal((await campaigns('6666', '1234')).text, lockLine('6666'));
    assert.equal((await campaigns('6666', 'bad11')).text, lockLine('6666'));
    // Other users are not affected.
    assert.ok(!(await campaigns('apiagent', 'agentapi9')).text.startsWith('ERROR: Login'));
  });

  it('unlocks 15 minutes after the last good login, and a good login clears the count', async () => {
    const user = sim.state.users.get('6666');
    await campaigns('6666', '1234');
    const goodAt = clock;
    for (let i = 1; i <= 10; i++) await campaigns('6666', `bad${i}`);
    clock = goodAt + 899 * 1000;
    assert.equal((await campaigns('6666', '1234')).text, lockLine('6666'));
    clock = goodAt + 900 * 1000;
    assert.equal((await campaigns('6666', '1234')).text, lockLine('6666'), 'still locked at exactly 15 minutes');
    clock = goodAt + 901 * 1000;
    const r = await campaigns('6666', '1234');
    assert.ok(!r.text.startsWith('ERROR'), r.text);
    assert.equal(user.failed_login_count, 0);
    // The count starts again from zero.
    assert.equal((await campaigns('6666', 'bad')).text, badLine('6666', 'bad'));
    assert.equal(user.failed_login_count, 1);
  });

  it('does not lock on the 11th failure when the last good login is older than 15 minutes (counter restarts)', async () => {
    const user = sim.state.users.get('6666');
    for (let i = 1; i <= 10; i++) await campaigns('6666', `bad${i}`);
    // The 11th failure restarts the count at 1 and opens a 15-minute window from now.
    assert.equal((await campaigns('6666', 'bad11')).text, badLine('6666', 'bad11'));
    assert.equal(user.failed_login_count, 1);
    for (let i = 12; i <= 20; i++) await campaigns('6666', `bad${i}`);
    assert.equal(user.failed_login_count, 10);
    assert.equal((await campaigns('6666', '1234')).text, lockLine('6666'));
    advance(901);
    assert.ok(!(await campaigns('6666', '1234')).text.startsWith('ERROR'));
  });

  it('answers version without any credentials, and while the user is locked', async () => {
    const r = await call({ function: 'version' });
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`^VERSION: ${sim.state.version}\\|BUILD: ${sim.state.build}\\|DATE: [0-9-]+ [0-9:]+\\|EPOCH: ${Math.floor(clock / 1000)}\\|`));
    assert.ok(r.text.endsWith('|\n'));
    assert.equal((await call({ function: 'version', user: 'nobody', pass: 'bad' })).text, r.text);
    assert.equal(sim.state.users.get('6666').failed_login_count, 0);
  });

  it('reads the query string before the POST body, an empty query value included', async () => {
    // function in the URL wins: version needs no login at all.
    const v = await call({ user: '6666', pass: 'wrong', function: 'campaigns_list' }, { function: 'version' });
    assert.match(v.text, /^VERSION: /);
    // A good password in the URL beats a bad one in the body.
    const good = await call({ source: 'test', user: '6666', pass: 'wrong', function: 'campaigns_list' }, { pass: '1234' });
    assert.ok(!good.text.startsWith('ERROR'), good.text);
    // An empty pass in the URL hides the good one in the body.
    const hidden = await call({ source: 'test', user: '6666', pass: '1234', function: 'campaigns_list' }, { pass: '' });
    assert.equal(hidden.text, badLine('6666', ''));
  });

  it('answers an unknown function after the login check', async () => {
    assert.equal((await call({ user: '6666', pass: '1234', function: 'no_such_function' })).text, 'ERROR: NO FUNCTION SPECIFIED\n');
    assert.equal((await call({ user: '6666', pass: '1234' })).text, 'ERROR: NO FUNCTION SPECIFIED\n');
    assert.equal((await call({ user: '6666', pass: 'bad', function: 'no_such_function' })).text, badLine('6666', 'bad'));
    assert.equal(
      (await call({ user: '6666', pass: '1234', function: 'nothing', format: 'debug' })).text,
      'ERROR: NO FUNCTION SPECIFIED\n\n<!-- script runtime: 0 seconds -->\n</body>\n</html>\n',
    );
  });

  it('filters the function name as the server does, and answers coffee with 418', async () => {
    assert.match((await call({ function: 'ver;sion' })).text, /^VERSION: /);
    const coffee = await call({ function: 'brew_coffee' });
    assert.equal(coffee.status, 418);
    assert.equal(coffee.text, "Coffee: brew_coffee|Error 418 I'm a teapot");
  });

  it('refuses lead functions to an api_list_restrict user whose group is missing', async () => {
    const u = sim.state.users.get('6666');
    u.api_list_restrict = 1;
    u.user_group = 'GONE';
    const r = await call({ source: 'test', user: '6666', pass: '1234', function: 'lead_search', phone_number: '3125550101' });
    assert.equal(r.text, 'ERROR: user_group DOES NOT EXIST: |6666|GONE|\n');
  });
});
