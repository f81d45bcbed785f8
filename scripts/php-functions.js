#!/usr/bin/env node
'use strict';
// Lists every `$function == '...'` name of VICIdial's two API scripts, and the ERROR reasons of each, into test/fixtures/source/php-functions.json,
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

/** Each function's block: from its `if ($function == 'name')` line to the next one. */
function blocks(text) {
  const starts = [...text.matchAll(/^[ \t]*if \(\$function == '([a-z_0-9]+)'\)[ \t]*\r?$/gm)];
  const out = {};
  starts.forEach((m, i) => {
    out[m[1]] = (out[m[1]] ?? '') + text.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : text.length);
  });
  return out;
}

/** An ERROR reason as the parser sees it: no function token, variables as X, cut where details start. */
function reasonText(printed, functionNames) {
  let r = printed.replace(/\$[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])*/g, 'X');
  const space = r.indexOf(' ');
  if (space > 0 && functionNames.has(r.slice(0, space))) r = r.slice(space + 1);
  for (const sep of [' - ', ': |', ': ']) {
    const at = r.indexOf(sep);
    if (at >= 0) r = r.slice(0, at);
  }
  r = r.replace(/[:\s|-]+$/, '').trim();
  return r === 'X' ? '' : r;
}

/** Every ERROR reason a function's block prints ($result = 'ERROR' then its $result_reason, or a literal echo). */
function errorReasons(block, functionNames) {
  const found = new Set();
  const pair = /\$result\s*=\s*(?:_QXZ\()?['"]ERROR['"]\)?;\s*\$result_reason\s*=\s*(?:_QXZ\()?"([^"]*)"/g;
  for (const m of block.matchAll(pair)) found.add(reasonText(m[1], functionNames));
  for (const m of block.matchAll(/echo\s+"ERROR: ([^"]*)"/g)) found.add(reasonText(m[1], functionNames));
  found.delete('');
  return [...found].sort();
}

function scan(file, functionNames) {
  const text = fs.readFileSync(file, 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/\$function\s*==\s*['"]([A-Za-z0-9_]+)['"]/g)) names.add(m[1]);
  const version = /^\$version\s*=\s*'([^']*)'/m.exec(text)?.[1] ?? '';
  const build = /^\$build\s*=\s*'([^']*)'/m.exec(text)?.[1] ?? '';
  const errors = {};
  for (const [name, block] of Object.entries(blocks(text))) errors[name] = errorReasons(block, functionNames);
  return { version, build, names: [...names].sort(), errors };
}

function functionNamesOf(files) {
  const names = new Set();
  for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/\$function\s*==\s*['"]([A-Za-z0-9_]+)['"]/g)) names.add(m[1]);
  return names;
}

function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write('usage: node scripts/php-functions.js <non_agent_api.php> <agc/api.php>\n');
    process.exit(2);
  }
  const functionNames = functionNamesOf(argv);
  const nonAgent = scan(argv[0], functionNames);
  const agent = scan(argv[1], functionNames);
  const all = new Set([...nonAgent.names, ...agent.names]);
  const notFunctions = Object.fromEntries(Object.entries(NOT_FUNCTIONS).filter(([name]) => all.has(name)));
  const out = {
    note: 'Every $function == name in the two API scripts and the ERROR reasons each function block prints (variables as X), by scripts/php-functions.js; notFunctions are not API functions.',
    non_agent: { version: nonAgent.version, build: nonAgent.build, names: nonAgent.names, errors: nonAgent.errors },
    agent: { version: agent.version, build: agent.build, names: agent.names, errors: agent.errors },
    notFunctions,
  };
  fs.writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`non_agent ${nonAgent.version}: ${nonAgent.names.length} names; agent ${agent.version}: ${agent.names.length} names\n`);
}

main(process.argv.slice(2));
