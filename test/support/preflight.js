'use strict';
// Loaded by mocha before any test (.mocharc.json "require"): on a Node.js older than
// package.json's engines.node the run stops here with one clear line, before any test
// starts a process (the browser driver would otherwise exit the runner mid-suite).
const { engines } = require('../../package.json');

const min = /^>=\s*(\d+)/.exec(engines.node);
const major = Number(process.versions.node.split('.')[0]);
if (!min) throw new Error(`engines.node "${engines.node}" is not of the form ">=N"`);
if (major < Number(min[1])) {
  throw new Error(`Node.js ${process.versions.node} is not supported: package.json declares engines.node "${engines.node}"`);
}
