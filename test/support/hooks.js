'use strict';
// Every test starts with a clean login guard: the process-wide guard outlives clients and
// deploys by design, so failed logins of one test would otherwise pause the next one.
const { processGuards } = require('../../nodes/core/login-guard');

exports.mochaHooks = {
  afterEach() {
    processGuards.clear();
  },
};
