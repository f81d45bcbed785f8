'use strict';
// Every catalog function is answered by the simulator: adding a catalog entry without
// simulating it fails here, so tests and users never meet "NO FUNCTION SPECIFIED".
const assert = require('node:assert/strict');
const { CATALOG } = require('../nodes/core/catalog');
const { NON_AGENT_HANDLERS, AGENT_HANDLERS } = require('../nodes/sim/handlers');
const { startSimulator } = require('../nodes/sim/server');

describe('simulator coverage of the catalog', () => {
  it('has a handler for every function of both APIs', () => {
    const missing = CATALOG.filter((f) => !(f.api === 'agent' ? AGENT_HANDLERS : NON_AGENT_HANDLERS)[f.name]).map((f) => `${f.api}:${f.name}`);
    assert.deepEqual(missing, []);
  });

  it('answers every Non-Agent function with something other than the unknown-function line', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      for (const f of CATALOG.filter((x) => x.api === 'non_agent')) {
        const body = new URLSearchParams({ source: 'test', user: '6666', pass: '1234', function: f.name });
        const res = await fetch(`${sim.url}/vicidial/non_agent_api.php`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        const text = await res.text();
        assert.ok(!text.startsWith('ERROR: NO FUNCTION SPECIFIED'), `${f.name}: ${text}`);
      }
    } finally {
      await sim.stop();
    }
  });
});
