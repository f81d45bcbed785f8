#!/usr/bin/env node
'use strict';
/**
 * Goal 5: the parser on the default output of every report function. Each function's
 * real answer is taken from the simulator, its data rows repeated to a large answer,
 * and parsed three ways in alternating rounds: by the pack's parser (named row
 * objects), by a naive split (arrays of strings; target ≥ 0.9), and by the
 * schema-mapping approach of the TypeScript SDK (split, then one object per row from a
 * list of field names, written here from its description; target ≥ 1.0). Also the
 * cost per row at a tenth of the size, to show it is linear.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { CATALOG } = require('../nodes/core/catalog');
const { parseResponse } = require('../nodes/core/parser');
const { startSimulator } = require('../nodes/sim/server');
const { median, fmt, goalLine, print } = require('./support/lib');

const ROWS = Number(process.env.BENCH_ROWS || 10_000);
const ROUNDS = Number(process.env.BENCH_PARSER_ROUNDS || 7);
const DELIMITERS = { pipe: '|', csv: ',', tab: '\t', comma: ',', dash: '-', stage: '|' };

/** Parameters that make each report answer with rows, from the simulator's seeded data. */
function sampleParams(state) {
  const call = state.calls.find((c) => c.recording_id) ?? state.calls[0];
  const day = call.call_date.slice(0, 10);
  return {
    agent_campaigns: { agent_user: 'agent1' },
    hopper_list: { campaign_id: 'TESTCAMP' },
    list_info: { list_id: '101' },
    list_custom_fields: { list_id: '101' },
    update_alt_url: { campaign_id: 'TESTCAMP', action: 'INFO' },
    update_presets: { campaign_id: 'TESTCAMP', action: 'INFO' },
    update_cid_group_entry: { cid_group_id: 'CIDGROUP1', stage: 'INFO', areacode: '312' },
    recording_lookup: { lead_id: String(call.lead_id) },
    did_log_export: { phone_number: call.phone_number, date: day },
    phone_number_log: { phone_number: call.phone_number },
    agent_stats_export: { datetime_start: `${day}+00:00:00`, datetime_end: `${day}+23:59:59` },
    user_group_status: { user_groups: 'AGENTS' },
    in_group_status: { in_groups: 'SALESLINE' },
    agent_status: { agent_user: 'agent1' },
    user_details: { agent_user: 'agent1' },
    callid_info: { call_id: call.call_id },
    ccc_lead_info: { call_id: call.call_id },
    lead_callback_info: { lead_id: String(call.lead_id) },
    lead_all_info: { lead_id: String(call.lead_id) },
    lead_search: { phone_number: call.phone_number },
    call_status_stats: { campaigns: 'TESTCAMP' },
    call_dispo_report: { campaigns: 'TESTCAMP' },
  };
}

function post(url, params) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(params).toString();
    const req = http.request(`${url}/vicidial/non_agent_api.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The sample's data lines repeated to `rows` lines (a header line, where printed, once). */
function enlarge(spec, sample, rows) {
  const lines = sample.split('\n').filter((l) => l.trim() !== '' && !/^(SUCCESS|ERROR|NOTICE):/.test(l));
  const header = spec.response.header === 'always' ? lines.shift() : undefined;
  if (lines.length === 0) return undefined;
  const out = header === undefined ? [] : [header];
  for (let i = 0; i < rows; i++) out.push(lines[i % lines.length]);
  return `${out.join('\n')}\n`;
}

function naiveSplit(body, delim) {
  const out = [];
  for (const line of body.split('\n')) if (line !== '') out.push(line.split(delim));
  return out;
}

/** The SDK's approach: split each line, then name its values from a list of field names. */
function mapFields(raw, schema, delim) {
  const values = raw.split(delim);
  const out = {};
  for (let i = 0; i < schema.length; i++) out[schema[i]] = values[i];
  return out;
}

function schemaMapped(body, schema, delim) {
  const out = [];
  for (const line of body.split('\n')) if (line !== '') out.push(mapFields(line, schema, delim));
  return out;
}

function time(fn) {
  // Start each contender with the same clean heap (the runner passes --expose-gc).
  if (global.gc) global.gc();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function bench(spec, body, rows) {
  const delim = DELIMITERS[spec.response.delimiter];
  const params = {};
  const contenders = {
    ours: () => parseResponse(spec, body, { params }),
    naive: () => naiveSplit(body, delim),
    sdk: () => schemaMapped(body, spec.response.columns, delim),
  };
  for (const fn of Object.values(contenders)) fn();
  const ms = { ours: [], naive: [], sdk: [] };
  const names = Object.keys(contenders);
  for (let r = 0; r < ROUNDS; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) ms[n].push(time(contenders[n]));
  }
  const check = contenders.ours();
  if (!Array.isArray(check.data) || check.data.length < rows) throw new Error(`${spec.name}: parsed ${check.data.length} rows of ${rows}`);
  const rate = (n) => rows / (median(ms[n]) / 1000);
  return { ours: rate('ours'), naive: rate('naive'), sdk: rate('sdk') };
}

async function main() {
  print(`Goal 5: parser rows/s on every report function's default output (${fmt(ROWS)} rows, ${ROUNDS} alternating rounds, medians)`);
  const sim = await startSimulator({ port: 0 });
  const bodies = [];
  try {
    const params = sampleParams(sim.state);
    for (const spec of CATALOG.filter((f) => f.response.kind === 'rows' && f.api === 'non_agent')) {
      const sample = await post(sim.url, { source: 'bench', user: '6666', pass: '1234', function: spec.name, ...(params[spec.name] ?? {}) });
      bodies.push({ spec, sample });
    }
  } finally {
    await sim.stop();
  }
  const worst = { naive: Infinity, sdk: Infinity, linear: 0 };
  for (const { spec, sample } of bodies) {
    const body = enlarge(spec, sample, ROWS);
    if (!body) {
      print(`  ${spec.name}: no data rows in the simulator's answer (${sample.trim().split('\n')[0].slice(0, 80)}); skipped`);
      continue;
    }
    const small = bench(spec, enlarge(spec, sample, ROWS / 10), ROWS / 10);
    const r = bench(spec, body, ROWS);
    const width = sample.split('\n').find((l) => l && !/^(SUCCESS|ERROR|NOTICE):/.test(l)).split(DELIMITERS[spec.response.delimiter]).length;
    const vsNaive = r.ours / r.naive;
    const sdkApplies = spec.response.header !== 'always';
    const vsSdk = r.ours / r.sdk;
    // Cost per row at full size over cost per row at a tenth: 1.0 is linear.
    const linear = small.ours / r.ours;
    worst.naive = Math.min(worst.naive, vsNaive);
    if (sdkApplies) worst.sdk = Math.min(worst.sdk, vsSdk);
    worst.linear = Math.max(worst.linear, linear);
    print(`  ${spec.name.padEnd(22)} ${String(width).padStart(2)} cols: ours ${fmt(r.ours)}/s, naive ${fmt(r.naive)}/s (${fmt(vsNaive, 2)}), ` +
      `SDK-style ${fmt(r.sdk)}/s (${sdkApplies ? fmt(vsSdk, 2) : 'n/a: header names the columns'}); per-row cost ×${fmt(linear, 2)} at 10× size`);
  }
  print(goalLine('goal 5 vs naive split (worst report)', worst.naive, null, 0.9));
  print(goalLine('goal 5 vs SDK mapFields approach (worst report)', worst.sdk, null, 1.0));
  print(`  per-row cost at 10× the size, worst report: ×${fmt(worst.linear, 2)} (1.00 = linear)`);
}

main().catch((err) => {
  process.stderr.write(`parser bench failed: ${err.stack || err}\n`);
});
