'use strict';
// The 8x8 parser on the shapes the reference and the public samples show, flaws included:
// XML with mismatched, misspelled and missing close tags; JSON with and without the plural
// wrapper, a one-element list collapsed to an object, "" for empty values; CSV with buckets.
// Sample values are our own; only the shapes follow the reference.
const assert = require('node:assert/strict');
const { findResource, RESOURCES, ENUMS, BUCKETS } = require('../nodes/core/e8x8/catalog');
const { parseRecords, typeRecord, sniffFormat, toCsv, csvRows } = require('../nodes/core/e8x8/parse');

const XML_HEAD = "<?xml version='1.0'  encoding='UTF-8' ?>\n";
const spec = (name) => findResource(name);
const typed = (name, body, format) => parseRecords(spec(name), body, format).map((r) => typeRecord(spec(name), r));

describe('8x8 catalog', () => {
  it('has every URI template of the reference once, with ids taken from the template', () => {
    const paths = RESOURCES.map((r) => r.path);
    assert.equal(new Set(paths).size, paths.length);
    assert.equal(RESOURCES.length, 36);
    for (const r of RESOURCES) {
      const braces = (r.path.match(/\{/g) || []).length;
      assert.equal(r.ids.length, braces, r.name);
      assert.ok(r.fields.length > 0 && r.plural && r.singular, r.name);
      for (const f of r.fields) if (f.kind === 'enum') assert.ok(ENUMS[f.of], `${r.name}.${f.name}`);
      for (const f of r.fields) if (f.kind === 'buckets') assert.ok(BUCKETS[f.of], `${r.name}.${f.name}`);
    }
  });

  it('fills in the digits the reference lost from its enum lists', () => {
    assert.equal(ENUMS['record-status']['0'], 'New');
    assert.equal(ENUMS['campaign-status']['1'], 'Manual Started');
    assert.deepEqual(Object.keys(ENUMS['record-status-code']), ['0', '1', '2', '3', '4']);
  });
});

describe('8x8 parser: XML as the reference prints it', () => {
  it('reads a mismatched close tag as closing the open field', () => {
    const body = `${XML_HEAD}<interactions>\n  <interaction>\n    <interaction-id>77</interaction-id>\n    <agent-id>kim</agent-id>\n    <process-time>45</process-time>\n    <post-process-time>12</post-proc-time>\n    <finish-timestamp>2024-05-01T10:00:00-04:00</finish-timestamp>\n    <transfer-from></transfer-from>\n  </interaction>\n  <interaction>\n    <interaction-id>78</interaction-id>\n    <agent-id>lou</agent-id>\n  </interaction>\n</interactions>`;
    const rows = typed('agent-interactions', body, 'xml');
    assert.equal(rows.length, 2);
    assert.equal(rows[0]['post-process-time'], 12);
    assert.equal(rows[0]['process-time'], 45);
    assert.equal(rows[0]['finish-timestamp'], '2024-05-01T10:00:00-04:00');
    assert.equal(rows[0]['transfer-from'], null);
    assert.equal(rows[1]['agent-id'], 'lou');
  });

  it('keeps the known name when an open tag is misspelled and its close tag is right', () => {
    const body = `${XML_HEAD}<interactions><interaction><campaign-id>9</campaign-id><record-status>3</record-status><disposition-code>1002</disposition-code><recordinf-filename>S1/R2.wav</recording-filename></interaction></interactions>`;
    const [row] = typed('campaign-interactions', body, 'xml');
    assert.equal(row['recording-filename'], 'S1/R2.wav');
    assert.equal(row['recordinf-filename'], undefined);
    assert.equal(row['record-status-text'], 'Completed');
    assert.equal(row['disposition-code-text'], 'Scheduled Call Back');
  });

  it('survives a misspelled plural close tag and an unclosed root', () => {
    const records = `${XML_HEAD}<records>\n <record><record-id>A1</record-id><status>0</status><status-code>1</status-code></record>\n <record><record-id>A2</record-id><status>4</status></record>\n</recordss>`;
    const rows = typed('campaign-records', records, 'xml');
    assert.deepEqual(rows.map((r) => r['record-id']), ['A1', 'A2']);
    assert.equal(rows[0]['status-text'], 'New');
    assert.equal(rows[0]['status-code-text'], 'Max Attempt Reached');
    const stats = `<statuses>\n  <status>\n    <period-start>2024-01-02T09:00:00-08:00</period-start>\n    <agent-id>kim</agent-id>\n    <status-break>300</status-break>\n    <time-logged-in>1800</time-logged-in>\n  </status>\n<statuses>`;
    const [s] = typed('agent-status-statistics', stats, 'xml');
    assert.equal(s['status-break'], 300);
    assert.equal(s['time-logged-in'], 1800);
  });

  it('tells a status record from the status field inside it', () => {
    const body = `${XML_HEAD}<statuses><status><agent-id>kim</agent-id><status>On Break</status><event-time>2024-01-02T09:00:00-08:00</event-time><scl-list-id></scl-list-id></status><status><agent-id>lou</agent-id><status>Available</status></status></statuses>`;
    const rows = typed('agent-statuses', body, 'xml');
    assert.deepEqual(rows.map((r) => [r['agent-id'], r.status]), [['kim', 'On Break'], ['lou', 'Available']]);
    assert.equal(rows[0]['scl-list-id'], null);
  });

  it('reads nested SLA buckets, self-closed empties and entities', () => {
    const body = `${XML_HEAD}<online_slas><online_sla><queue-name>Help &amp; Care</queue-name><case-id /><entered-count>9</entered-count><accepted><t0-5sec>4</t0-5sec><t10-or-more>1</t10-or-more></accepted><abandoned><t0-5sec>0</t0-5sec></abandoned></online_sla></online_slas>`;
    const [row] = typed('queue-online-slas', body, 'xml');
    assert.equal(row['queue-name'], 'Help & Care');
    assert.equal(row['case-id'], null);
    assert.deepEqual(row.accepted, { 't0-5sec': 4, 't10-or-more': 1 });
    assert.deepEqual(row.abandoned, { 't0-5sec': 0 });
  });

  it('reads a skill list whose close tags are out of line', () => {
    const body = `${XML_HEAD}<skills>\n    <skill>\n        <enabled>Y</enabled>\n        <queue-id>7</queue-id>\n</skill>\n    <skill>\n        <enabled>N</enabled>\n        <queue-id>8</queue-id>\n    </skill>\n</skills>`;
    assert.deepEqual(typed('agent-skills', body, 'xml').map((r) => r['queue-id']), ['7', '8']);
  });
});

describe('8x8 parser: JSON in every shape seen', () => {
  const rec = { 'interaction-id': '1', 'media-type': 'C', 'process-time': '30', 'accept-timestamp': '', 'ivr-treatment-time': '' };

  it('unwraps a plural wrapper holding a singular key holding an array', () => {
    const body = JSON.stringify({ interactions: { interaction: [rec, { ...rec, 'interaction-id': '2' }] } });
    const rows = typed('interactions', body, 'json');
    assert.deepEqual(rows.map((r) => r['interaction-id']), ['1', '2']);
    assert.equal(rows[0]['process-time'], 30);
    assert.equal(rows[0]['accept-timestamp'], null);
    assert.equal(rows[0]['ivr-treatment-time'], null);
    assert.equal(rows[0]['media-type-text'], 'Chat');
  });

  it('reads a one-element list collapsed to an object', () => {
    const rows = typed('interactions', JSON.stringify({ interactions: { interaction: rec } }), 'json');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]['interaction-id'], '1');
  });

  it('reads a single resource without the plural wrapper, and with it', () => {
    const agent = { 'agent-id': 'kim', 'group-id': '3', 'first-name': 'Kim' };
    assert.equal(typed('agent', JSON.stringify({ agent }), 'json')[0]['first-name'], 'Kim');
    assert.equal(typed('agent', JSON.stringify({ agents: { agent } }), 'json')[0]['agent-id'], 'kim');
    assert.equal(typed('agent', JSON.stringify(agent), 'json')[0]['agent-id'], 'kim');
  });

  it('reads empty answers in their several forms as no records', () => {
    for (const body of ['', '{}', '{"interactions":""}', '{"interactions":{}}', '{"interactions":{"interaction":[]}}', '[]']) {
      assert.deepEqual(typed('interactions', body, 'json'), [], body);
    }
  });

  it('keeps numbers that come as JSON numbers and passes unknown fields through as text', () => {
    const [row] = typed('queue-statistics', JSON.stringify({ statistics: { statistic: { 'entered-count': 5, 'time-waiting': '61', 'new-field': 'x', 'sla-met-count': '' } } }), 'json');
    assert.equal(row['entered-count'], 5);
    assert.equal(row['time-waiting'], 61);
    assert.equal(row['sla-met-count'], null);
    assert.equal(row['new-field'], 'x');
  });

  it('fails with UNKNOWN on text that is not JSON', () => {
    assert.throws(() => typed('interactions', '{"interactions": [', 'json'), (e) => e.code === 'UNKNOWN');
  });
});

describe('8x8 parser: CSV, format sniffing and typing', () => {
  it('reads quoted cells and re-nests SLA bucket columns', () => {
    const csv = 'queue-name,entered-count,accepted-t0-30min,accepted-t3hr-or-more\r\n"Mail, ""VIP""",4,3,1\r\n';
    const [row] = typed('queue-offline-slas', csv, 'csv');
    assert.equal(row['queue-name'], 'Mail, "VIP"');
    assert.equal(row['entered-count'], 4);
    assert.deepEqual(row.accepted, { 't0-30min': 3, 't3hr-or-more': 1 });
  });

  it('writes CSV that reads back to the same records', () => {
    const records = [{ a: 'x,y', b: '2', c: { d: '1' } }, { a: 'line\nbreak', b: '', c: { d: '0' } }];
    const rows = csvRows(toCsv(records));
    assert.deepEqual(rows, [['a', 'b', 'c-d'], ['x,y', '2', '1'], ['line\nbreak', '', '0']]);
  });

  it('sniffs the format from the content type, then the first character', () => {
    assert.equal(sniffFormat('<x/>', 'application/json', 'csv'), 'json');
    assert.equal(sniffFormat(' {"a":1}', '', 'xml'), 'json');
    assert.equal(sniffFormat('<a/>', 'text/plain', 'json'), 'xml');
    assert.equal(sniffFormat('a,b', '', 'csv'), 'csv');
  });

  it('types timestamps as ISO text, minutes and counts as numbers, and unknown codes as null meaning', () => {
    const [row] = typed('campaigns', JSON.stringify({ campaigns: { campaign: { status: '99', 'daily-start-time': '600', 'start-time': '2024-02-01 10:00:00', 'end-time': '' } } }), 'json');
    assert.equal(row['status-text'], null);
    assert.equal(row.status, '99');
    assert.equal(row['daily-start-time'], 600);
    assert.equal(row['start-time'], '2024-02-01T10:00:00');
    assert.equal(row['end-time'], null);
  });
});
