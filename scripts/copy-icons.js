#!/usr/bin/env node
'use strict';
// Node-RED looks for a node's icons in an `icons` folder beside the node's .js file, so the
// build puts the SVG sources (kept in icons/) into nodes/icons/, in the editor and in the package.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'icons');
const to = path.join(root, 'nodes', 'icons');
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from).filter((f) => /\.(svg|png)$/i.test(f))) {
  fs.copyFileSync(path.join(from, file), path.join(to, file));
}
