#!/usr/bin/env node
'use strict';
// Lists every `$function == '...'` name of VICIdial's two API scripts into test/fixtures/source/php-functions.json,
// which a test compares with the catalog. Run it on local copies of the server's files after an upgrade:
//   node scripts/php-functions.js path/to/non_agent_api.php path/to/agc/api.php
// The committed list, not the PHP, is what CI checks (the PHP is not part of this repository).
const fs = require('node:fs');
const path = require('node:path');

const OUT = path.join(__dirname, '..', 'test', 'fixtures', 'source', 'php-functions.json');

/**
 * Names the scripts compare `$function` with that are not API functions: the catalog must not list them.
 * Each must still be found in the source, so a stale entry fails the test.
 */
const NOT_FUNCTIONS = {
  coffee: 'refused with HTTP 418 (the teapot joke) before any function runs',
  start_coffee: 'refused with HTTP 418 (the teapot joke) before any function runs',
  make_coffee: 'refused with HTTP 418 (the teapot joke) before any function runs',
  brew_coffee: 'refused with HTTP 418 (the teapot joke) before any function runs',
  feature_not_needed: 'agc/api.php only: placeholder names in the api_list_restrict check, no function block',
  feature_not_needed2: 'agc/api.php only: placeholder names in the api_list_restrict check, no function block',
};

function scan(file) {
  const text = fs.readFileSync(file, 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/\$function\s*==\s*['"]([A-Za-z0-9_]+)['"]/g)) names.add(m[1]);
  const version = /^\$version\s*=\s*'([^']*)'/m.exec(text)?.[1] ?? '';
  const build = /^\$build\s*=\s*'([^']*)'/m.exec(text)?.[1] ?? '';
  return { version, build, names: [...names].sort() };
}

function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write('usage: node scripts/php-functions.js <non_agent_api.php> <agc/api.php>\n');
    process.exit(2);
  }
  const nonAgent = scan(argv[0]);
  const agent = scan(argv[1]);
  const all = new Set([...nonAgent.names, ...agent.names]);
  const notFunctions = Object.fromEntries(Object.entries(NOT_FUNCTIONS).filter(([name]) => all.has(name)));
  const out = {
    note: 'Every $function == name in the two API scripts, by scripts/php-functions.js; notFunctions are not API functions.',
    non_agent: { version: nonAgent.version, build: nonAgent.build, names: nonAgent.names },
    agent: { version: agent.version, build: agent.build, names: agent.names },
    notFunctions,
  };
  fs.writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`non_agent ${nonAgent.version}: ${nonAgent.names.length} names; agent ${agent.version}: ${agent.names.length} names\n`);
}

main(process.argv.slice(2));
