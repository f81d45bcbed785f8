'use strict';
// Loaded by mocha before any test (.mocharc.json "require"). The compatibility matrix
// (scripts/matrix.js) runs the same suite against another Node-RED installed in a
// project-local folder named by VICIDIAL_NODE_RED_DIR. Every require of `node-red`,
// `node-red/…` and `@node-red/…` made by a test, by the test helper or by anything
// else in this process then resolves from that folder, so no test can silently
// mix the pinned Node-RED with the one under test. Without the variable this is a no-op.
const Module = require('node:module');
const path = require('node:path');

const dir = process.env.VICIDIAL_NODE_RED_DIR;
if (dir) {
  const from = [path.resolve(dir)];
  const original = Module._resolveFilename;
  const isNodeRed = (request) => request === 'node-red' || request.startsWith('node-red/') || request.startsWith('@node-red/');
  Module._resolveFilename = function (request, parent, isMain, options) {
    if (!isNodeRed(request)) return original.call(this, request, parent, isMain, options);
    return original.call(this, request, parent, isMain, { paths: from });
  };
  const version = require('node-red/package.json').version;
  process.stdout.write(`Node-RED under test: ${version} from ${path.relative(process.cwd(), from[0]) || '.'}\n`);
}
