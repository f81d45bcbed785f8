'use strict';
// Pure functions of the webhook core: catalog, parsing and typing, body decoding,
// secrets, duplicate window, IP allow-lists, CORS headers and the URL builder.
const assert = require('node:assert/strict');
const wh = require('../nodes/core/webhook.js');

/** PHP's urlencode, as the dialer's PHP code applies it to values. */
function phpUrlencode(s) {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** What VICIdial does with a URL template: drop VAR, replace tokens case-insensitively. */
function substitute(template, values, encode = phpUrlencode) {
  let url = template.replace(/^VAR/, '');
  for (const [name, value] of Object.entries(values)) {
    url = url.replace(new RegExp(`--A--${name}--B--`, 'gi'), encode(value));
  }
  return url;
}

// The 49 events of the Agent Events Push document, typed from the document itself.
const DOCUMENTED_EVENTS = `logged_in logged_out logged_out_complete state_ready state_paused call_dialed
  call_answered call_dead call_script dead_trigger_audio dead_trigger_url dead_trigger_url_sent other_answered
  agent_hangup dispo_screen_open dispo_set dispo_set_twice 3way_start 3way_answered 3way_agent_hangup
  3way_agent_leave transfer_local_closer transfer_blind transfer_vmail park_started park_retrieved
  park_ivr_started park_ivr_retrieved agent_alert login_invalid session_disabled blind_monitor_alert
  manual_dial_open callback_select_open time_sync customer_gone none_in_session transfer_panel_open
  transfer_panel_closed ingroup_screen_open ingroup_screen_closed territory_screen_open territory_screen_closed
  contact_search_open lead_search_open pause_code_open update_fields session_empty session_channels`
  .split(/\s+/)
  .filter(Boolean);

describe('webhook core: catalog', function () {
  it('has the seven VICIdial URL types', function () {
    assert.deepEqual([...wh.WEBHOOK_TYPES].sort(), [
      'add_lead', 'agent_event', 'dead_call', 'dispo_callback', 'no_agent', 'pause_max', 'start_call',
    ]);
  });

  it('only offers and defaults to variables it knows how to type', function () {
    for (const type of wh.WEBHOOK_TYPES) {
      const spec = wh.TYPE_SPECS[type];
      assert.equal(spec.type, type);
      for (const v of spec.variables) assert.ok(wh.variableSpec(v), `${type}: ${v} missing from VARIABLES`);
      for (const v of spec.defaults) assert.ok(spec.variables.includes(v), `${type}: default ${v} not available`);
      assert.equal(new Set(spec.variables).size, spec.variables.length, `${type} lists a variable twice`);
    }
  });

  it('knows the documented variables of the dispo and pause max URLs', function () {
    const dispo = wh.TYPE_SPECS.dispo_callback.variables;
    for (const v of ['dispo', 'talk_time', 'call_notes', 'callback_lead_status', 'callback_datetime', 'term_reason']) {
      assert.ok(dispo.includes(v), v);
    }
    assert.deepEqual(
      ['user', 'campaign', 'fullname', 'user_group', 'agent_email'].filter((v) => !wh.TYPE_SPECS.pause_max.variables.includes(v)),
      [],
    );
    assert.ok(!wh.TYPE_SPECS.pause_max.variables.includes('lead_id'), 'pause max has no call details');
  });

  it('has about a hundred uniquely named variables', function () {
    const names = wh.VARIABLES.map((v) => v.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.length >= 100, `only ${names.length}`);
  });

  it('lists every documented agent event, once', function () {
    const names = wh.AGENT_EVENTS.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(new Set(DOCUMENTED_EVENTS).size, 49);
    for (const e of DOCUMENTED_EVENTS) assert.ok(names.includes(e), e);
  });
});

describe('webhook core: parsing', function () {
  it('decodes query strings the way VICIdial encodes them', function () {
    assert.deepEqual(wh.queryEntries('/x?a=one+two&b=%26%3D&c=50%25+off&d=100%&e#frag'), [
      ['a', 'one two'],
      ['b', '&='],
      ['c', '50% off'],
      ['d', '100%'],
      ['e', ''],
    ]);
    assert.deepEqual(wh.queryEntries('/x'), []);
  });

  it('types known variables and keeps everything else as sent', function () {
    const entries = [
      ['type', 'dispo'],
      ['lead_id', '1234567'],
      ['phone_number', '0044123'],
      ['user', '1001'],
      ['talk_time', '214'],
      ['gmt_offset_now', '-5.00'],
      ['epoch', '1736937000'],
      ['entry_date', '2025-01-15 10:30:05'],
      ['callback_datetime', '0000-00-00 00:00:00'],
      ['date_of_birth', '1980-02-29'],
      ['recording_id', ''],
      ['called_count', 'abc'],
      ['favorite_color', 'green'],
      ['appt_date', '2010-10-31'],
      ['LeadRef', '007'],
    ];
    const r = wh.parseCallback(entries);
    assert.equal(r.type, 'dispo_callback');
    assert.equal(r.topic, 'dispo_callback');
    assert.deepEqual(r.payload, {
      lead_id: 1234567,
      phone_number: '0044123',
      user: '1001',
      talk_time: 214,
      gmt_offset_now: -5,
      epoch: 1736937000,
      entry_date: '2025-01-15T10:30:05',
      callback_datetime: null,
      date_of_birth: '1980-02-29',
      recording_id: null,
      called_count: 'abc',
      favorite_color: 'green',
      appt_date: '2010-10-31',
      LeadRef: '007',
    });
    assert.equal(r.time, new Date(1736937000 * 1000).toISOString());
    assert.equal(r.raw.type, 'dispo', 'raw keeps the control parameter');
    assert.equal(r.raw.lead_id, '1234567');
  });

  it('leaves impossible dates and unsafe integers as text', function () {
    const r = wh.parseCallback([['SQLdate', '2025-02-30 10:00:00'], ['lead_id', '90071992547409931']]);
    assert.equal(r.payload.SQLdate, '2025-02-30 10:00:00');
    assert.equal(r.payload.lead_id, '90071992547409931');
  });

  it('flags tokens VICIdial did not replace instead of passing them as data', function () {
    const r = wh.parseCallback([
      ['type', 'pause_max'],
      ['user', '6666'],
      ['lead_id', '--A--lead_id--B--'],
      ['pair', '1736937000.--A--agent_log_id--B--'],
      ['login', 'NOAGENTURL--A--user--B----A--campaign--B--'],
    ]);
    assert.equal(r.payload.lead_id, null);
    assert.equal(r.payload.pair, null);
    assert.equal(r.payload.user, '6666');
    assert.deepEqual(r.unreplaced, [
      { param: 'lead_id', variable: 'lead_id' },
      { param: 'pair', variable: 'agent_log_id' },
      { param: 'login', variable: 'user' },
      { param: 'login', variable: 'campaign' },
    ]);
  });

  it('drops the secret from payload and raw, wherever it came from', function () {
    const r = wh.parseCallback([['key', 'hunter2'], ['lead_id', '5']], { secretParam: 'key' });
    assert.ok(!('key' in r.payload));
    assert.ok(!('key' in r.raw));
  });

  it('resolves the type: node choice, then type=, then event=', function () {
    assert.equal(wh.resolveType({ type: 'start_call' }, 'no_agent'), 'no_agent');
    assert.equal(wh.resolveType({ type: 'noagent' }), 'no_agent');
    assert.equal(wh.resolveType({ type: 'ADDLEAD' }), 'add_lead');
    assert.equal(wh.resolveType({ event: 'dispo_set' }), 'agent_event');
    assert.equal(wh.resolveType({ event: '--A--event--B--' }), 'unknown');
    assert.equal(wh.resolveType({ lead_id: '1' }, 'auto'), 'unknown');
    assert.equal(wh.resolveType({ type: 'crm_sync' }), 'unknown');
  });

  it('keeps a type= parameter that is not a webhook type as data', function () {
    const r = wh.parseCallback([['type', 'residential'], ['lead_id', '1']], { fixedType: 'start_call' });
    assert.equal(r.type, 'start_call');
    assert.equal(r.payload.type, 'residential');
  });

  it('names agent events in the topic', function () {
    const r = wh.parseCallback([['event', 'state_paused'], ['message', 'PAUSED'], ['counter', '12'], ['user', '1001']]);
    assert.equal(r.type, 'agent_event');
    assert.equal(r.event, 'state_paused');
    assert.equal(r.topic, 'agent_event/state_paused');
    assert.equal(r.payload.counter, 12);
  });

  it('ignores prototype-polluting parameter names', function () {
    const r = wh.parseCallback([['__proto__', 'x'], ['constructor', 'y'], ['lead_id', '1']]);
    assert.equal(Object.getPrototypeOf(r.payload), Object.prototype);
    assert.deepEqual(Object.keys(r.payload), ['lead_id']);
  });
});

describe('webhook core: bodies', function () {
  it('reads form bodies, with or without a content type', function () {
    const want = [['user', '1001'], ['message', 'SIP Action 1']];
    assert.deepEqual(wh.decodeBody('application/x-www-form-urlencoded; charset=UTF-8', 'user=1001&message=SIP+Action+1'), { ok: true, entries: want });
    // get2post.php relays decoded values, raw spaces included.
    assert.deepEqual(wh.decodeBody(undefined, 'user=1001&message=SIP Action 1'), { ok: true, entries: want });
  });

  it('reads JSON objects and refuses other JSON', function () {
    assert.deepEqual(wh.decodeBody('application/json', '{"lead_id":5,"dispo":"SALE"}'), { ok: true, entries: [['lead_id', 5], ['dispo', 'SALE']] });
    assert.equal(wh.decodeBody('application/json', '{"lead_id":').status, 400);
    assert.equal(wh.decodeBody('application/json', '[1,2]').status, 400);
    assert.equal(wh.decodeBody('application/json', 'null').status, 400);
  });

  it('refuses media types it cannot read, accepts empty bodies', function () {
    assert.equal(wh.decodeBody('multipart/form-data; boundary=x', '--x--').status, 415);
    assert.deepEqual(wh.decodeBody('application/octet-stream', ''), { ok: true, entries: [] });
  });

  it('uses bodies other middleware parsed', function () {
    assert.deepEqual(wh.decodeParsedBody({ a: '1' }), { ok: true, entries: [['a', '1']] });
    assert.deepEqual(wh.decodeParsedBody(Buffer.from('a=1'), 'application/x-www-form-urlencoded'), { ok: true, entries: [['a', '1']] });
    assert.equal(wh.decodeParsedBody([1]).ok, false);
  });
});

describe('webhook core: secret', function () {
  it('compares secrets exactly', function () {
    assert.equal(wh.secretMatches(undefined, undefined), true, 'no secret configured');
    assert.equal(wh.secretMatches('s3cret', 's3cret'), true);
    assert.equal(wh.secretMatches('s3cret', 's3cre'), false);
    assert.equal(wh.secretMatches('s3cret', 'S3CRET'), false);
    assert.equal(wh.secretMatches('s3cret', undefined), false);
    assert.equal(wh.secretMatches('s3cret', ''), false);
  });

  it('finds the secret in the header, a bearer token or the parameter', function () {
    assert.equal(wh.providedSecret({ 'x-vicidial-secret': 'h' }, { secret: 'p' }), 'h');
    assert.equal(wh.providedSecret({ authorization: 'Bearer  tok' }, {}), 'tok');
    assert.equal(wh.providedSecret({}, { secret: 'p' }), 'p');
    assert.equal(wh.providedSecret({}, { key: 'k' }, 'key'), 'k');
    assert.equal(wh.providedSecret({ authorization: 'Basic abc' }, {}), undefined);
  });
});

describe('webhook core: duplicate window', function () {
  const event = { event: 'dispo_set', epoch: '1736937000', user: '1001', counter: '7', message: 'SALE' };

  it('drops a repeat inside the window and lets it through after', function () {
    const w = new wh.DedupWindow(1000);
    const key = wh.dedupKey('agent_event', event);
    assert.equal(w.isDuplicate(key, 0), false);
    assert.equal(w.isDuplicate(key, 999), true);
    assert.equal(w.isDuplicate(key, 1000), false, 'window over');
    assert.equal(w.isDuplicate(key, 1500), true, 'the late one opened a new window');
  });

  it('keys on type, uniqueid/call_id, event and epoch', function () {
    const base = wh.dedupKey('agent_event', event);
    assert.equal(wh.dedupKey('agent_event', { ...event, message: 'other text' }), base);
    assert.notEqual(wh.dedupKey('agent_event', { ...event, epoch: '1736937001' }), base);
    assert.notEqual(wh.dedupKey('agent_event', { ...event, event: 'dispo_set_twice' }), base);
    assert.notEqual(wh.dedupKey('agent_event', { ...event, user: '1002' }), base, 'two agents in the same second');
    assert.notEqual(wh.dedupKey('dispo_callback', event), base);
    const call = { uniqueid: '1736937000.1234', lead_id: '5', dispo: 'SALE' };
    assert.equal(wh.dedupKey('dispo_callback', call), wh.dedupKey('dispo_callback', { ...call, talk_time: '3' }));
    assert.notEqual(wh.dedupKey('dispo_callback', call), wh.dedupKey('dispo_callback', { ...call, uniqueid: '1736937000.1235' }));
  });

  it('needs every parameter to repeat when no call identity was sent', function () {
    const a = { lead_id: '5', dispo: 'SALE' };
    assert.equal(wh.dedupKey('dispo_callback', a), wh.dedupKey('dispo_callback', { dispo: 'SALE', lead_id: '5' }));
    assert.notEqual(wh.dedupKey('dispo_callback', a), wh.dedupKey('dispo_callback', { ...a, lead_id: '6' }));
  });

  it('stays bounded', function () {
    const w = new wh.DedupWindow(60_000, 3);
    for (const k of ['a', 'b', 'c', 'd']) w.isDuplicate(k, 0);
    assert.equal(w.size, 3);
    assert.equal(w.isDuplicate('a', 1), false, 'the oldest key was let go');
  });
});

describe('webhook core: IP allow-list', function () {
  it('parses addresses and CIDRs, reporting bad entries', function () {
    const { rules, errors } = wh.parseAllowList('10.0.0.0/8, 192.168.1.7\n2001:db8::/32 ::1 10.0.0.0/ 1.2.3.4/33 nonsense ::ffff:172.16.0.0/108');
    assert.deepEqual(rules.map((r) => [r.version, r.prefix]), [[4, 8], [4, 32], [6, 32], [6, 128], [4, 12]]);
    assert.equal(errors.length, 3);
  });

  it('matches IPv4, IPv6 and IPv4-mapped addresses', function () {
    const { rules } = wh.parseAllowList('10.0.0.0/8 192.168.1.7 2001:db8::/32 ::1');
    const cases = {
      '10.255.0.1': true,
      '11.0.0.1': false,
      '192.168.1.7': true,
      '192.168.1.8': false,
      '::ffff:10.1.2.3': true,
      '::ffff:127.0.0.1': false,
      '2001:db8:1234::5': true,
      '2001:db9::1': false,
      '::1': true,
      'fe80::1%eth0': false,
      'not-an-ip': false,
    };
    for (const [addr, want] of Object.entries(cases)) assert.equal(wh.ipAllowed(rules, addr), want, addr);
    assert.equal(wh.ipAllowed(rules, undefined), false);
  });

  it('expands :: and embedded IPv4 correctly', function () {
    assert.equal(wh.parseIp('1:2:3:4:5:6:7:8').value, 0x00010002000300040005000600070008n);
    assert.equal(wh.parseIp('1::8').value, 0x00010000000000000000000000000008n);
    assert.equal(wh.parseIp('::').value, 0n);
    assert.equal(wh.parseIp('64:ff9b::192.0.2.33').value, (0x64ff9bn << 96n) | 0xc0000221n);
    assert.deepEqual(wh.parseIp('::ffff:192.0.2.33'), { version: 4, value: 0xc0000221n });
  });

  it('allows everyone when the list is empty', function () {
    assert.equal(wh.ipAllowed([], '203.0.113.5'), true);
  });
});

describe('webhook core: CORS headers', function () {
  it('follows the cors package defaults and options', function () {
    assert.deepEqual(wh.corsHeaders({}, 'https://a.example', false), { 'Access-Control-Allow-Origin': '*' });
    assert.deepEqual(wh.corsHeaders({ origin: true }, 'https://a.example', false), {
      'Access-Control-Allow-Origin': 'https://a.example',
      Vary: 'Origin',
    });
    assert.deepEqual(wh.corsHeaders({ origin: [/\.example$/], credentials: true }, 'https://b.example', false), {
      'Access-Control-Allow-Origin': 'https://b.example',
      Vary: 'Origin',
      'Access-Control-Allow-Credentials': 'true',
    });
    assert.deepEqual(wh.corsHeaders({ origin: ['https://a.example'] }, 'https://evil.test', false), { Vary: 'Origin' });
    assert.deepEqual(wh.corsHeaders({ origin: false }, 'https://a.example', false), {});
  });

  it('answers preflights with methods and headers', function () {
    const h = wh.corsHeaders({ origin: '*', methods: ['GET', 'POST'], maxAge: 60 }, 'https://a.example', true, 'x-vicidial-secret');
    assert.equal(h['Access-Control-Allow-Methods'], 'GET,POST');
    assert.equal(h['Access-Control-Allow-Headers'], 'x-vicidial-secret');
    assert.equal(h['Access-Control-Max-Age'], '60');
  });
});

describe('webhook core: URL builder', function () {
  it('builds a Dispo Call URL VICIdial can fill in', function () {
    const url = wh.buildCallbackUrl({
      baseUrl: 'https://nr.example.com:1880/api/',
      path: '/vicidial',
      type: 'dispo_callback',
      variables: ['lead_id', 'dispo', 'talk_time'],
      secret: 'a b&c',
    });
    assert.equal(url, 'VARhttps://nr.example.com:1880/api/vicidial?type=dispo_callback&secret=a%20b%26c&lead_id=--A--lead_id--B--&dispo=--A--dispo--B--&talk_time=--A--talk_time--B--');
  });

  it('uses each type\'s default variables and only server-side types get VAR', function () {
    for (const type of wh.WEBHOOK_TYPES) {
      const url = wh.buildCallbackUrl({ baseUrl: 'http://h', path: 'p', type });
      const spec = wh.TYPE_SPECS[type];
      assert.equal(url.startsWith('VAR'), spec.serverSide, type);
      const names = wh.queryEntries(url).map(([k]) => k);
      assert.deepEqual(names, ['type', ...spec.defaults], type);
      for (const v of spec.defaults) assert.ok(url.includes(`${v}=--A--${v}--B--`), `${type}: ${v}`);
    }
  });

  it('adds custom fields and VICIdial\'s custom-field switch', function () {
    const url = wh.buildCallbackUrl({ baseUrl: 'http://h', path: '/p', type: 'start_call', variables: ['lead_id'], customFields: ['favorite_color', ' appt_date '], includeType: false });
    assert.equal(url, 'VARhttp://h/p?lead_id=--A--lead_id--B--&favorite_color=--A--favorite_color--B--&appt_date=--A--appt_date--B--&CF_uses_custom_fields=Y');
  });

  it('refuses names VICIdial could not substitute', function () {
    assert.throws(() => wh.buildCallbackUrl({ baseUrl: 'http://h', path: '/p', type: 'dispo_callback', variables: ['lead id'] }), /letters, digits/);
    assert.throws(() => wh.buildCallbackUrl({ baseUrl: 'http://h', path: '/p', type: 'nope' }), /unknown webhook type/);
  });

  it('round-trips: what VICIdial sends parses back to the values it substituted', function () {
    const template = wh.buildCallbackUrl({ baseUrl: 'http://h', path: '/p', type: 'dispo_callback', variables: ['lead_id', 'first_name', 'call_notes', 'talk_time', 'SQLdate', 'dispo'], customFields: ['favorite_color'] });
    const values = { lead_id: '321452', first_name: 'José Ñ', call_notes: 'wants a call back & "soon"?', talk_time: '214', sqldate: '2025-01-15 10:30:00', dispo: 'NI', favorite_color: 'green' };
    const sent = substitute(template, values);
    assert.ok(!sent.includes('--A--'));
    const r = wh.parseCallback(wh.queryEntries(sent));
    assert.equal(r.type, 'dispo_callback');
    assert.equal(r.payload.lead_id, Number(values.lead_id));
    assert.equal(r.payload.first_name, values.first_name);
    assert.equal(r.payload.call_notes, values.call_notes);
    assert.equal(r.payload.talk_time, Number(values.talk_time));
    assert.equal(r.payload.SQLdate, values.sqldate.replace(' ', 'T'));
    assert.equal(r.payload.favorite_color, 'green');
    assert.deepEqual(r.unreplaced, []);
  });

  it('wraps agent push URLs for get2post.php', function () {
    const url = wh.buildCallbackUrl({ baseUrl: 'https://nr.example.com', path: '/ev', type: 'agent_event', variables: ['user', 'event'], secret: 'k' });
    const wrapped = wh.wrapWithGet2Post(url);
    assert.equal(wrapped, 'get2post.php?uniqueid=--A--epoch--B--.--A--agent_log_id--B--&type=event&HTTPSURLTOPOST=nr.example.com/ev?secret=k&user=--A--user--B--&event=--A--event--B--');
    assert.ok(wh.wrapWithGet2Post('http://h/p').includes('&HTTPURLTOPOST=h/p'));
    assert.throws(() => wh.wrapWithGet2Post('/relative'), /absolute/);
  });
});

describe('webhook core: response deadlines', function () {
  const { EventEmitter } = require('node:events');
  const { Deadlines } = require('../nodes/core/deadlines.js');

  it('expires what was not finished in time, in order, under one timer that stops when idle', async function () {
    const expired = [];
    const d = new Deadlines(60, (item) => expired.push(item.name));
    const items = ['a', 'b', 'c'].map((name) => Object.assign(new EventEmitter(), { name }));
    for (const item of items) d.add(item);
    items[1].emit('finish');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(expired, ['a', 'c']);
    const late = Object.assign(new EventEmitter(), { name: 'late' });
    d.add(late);
    d.clear();
    await new Promise((r) => setTimeout(r, 120));
    assert.deepEqual(expired, ['a', 'c'], 'nothing expires after clear');
  });
});
