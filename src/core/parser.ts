/**
 * Turns VICIdial's text answers into results or VicidialErrors. The server answers
 * HTTP 200 text/html for errors too, mixes status lines with data lines, and each
 * function frames its output differently; the catalog entry says how.
 */
import { CATALOG } from './catalog';
import type { Delimiter, FunctionSpec, LineSpec } from './catalog/types';
import { classifyReason, VicidialError } from './errors';
import type { Redactor } from './redact';
import { columnsFor, convertersFor, type Converter } from './schema';
import { parseRecords, parseSections } from './text-formats';
import type { Value } from './values';

export type StatusTag = 'SUCCESS' | 'ERROR' | 'NOTICE';

export interface StatusLine {
  tag: StatusTag;
  /** The function token the server printed (may differ from the one called, e.g. add_lead inside update_lead). */
  function?: string;
  reason: string;
  details: string[];
  fields: Record<string, string>;
}

/** One report row: text, or the catalog's type for the column (numbers, breakdowns …). */
export type Row = Record<string, Value>;

export interface ApiResult {
  function: string;
  /** Named fields (status, kv, text) or one object per row (rows). */
  data: Record<string, string> | Row[];
  success?: StatusLine;
  notices: StatusLine[];
  /** True when the server answered with an empty-set reason or no rows. */
  empty: boolean;
  raw: string;
}

export interface ParseOptions {
  /** The parameters that were sent: `stage` and `header` change report framing. */
  params?: Readonly<Record<string, string>>;
  status?: number;
  redact?: Redactor;
}

const TAGS: readonly StatusTag[] = ['SUCCESS', 'ERROR', 'NOTICE'];
const FUNCTION_TOKEN = /^[a-z][a-z0-9_]*$/;
const FUNCTION_NAMES = new Set(CATALOG.map((f) => f.name));

function statusTag(line: string): StatusTag | undefined {
  for (const tag of TAGS) {
    if (line.startsWith(tag) && line.charCodeAt(tag.length) === 58 /* ':' */) return tag;
  }
  return undefined;
}

function splitDetails(text: string): string[] {
  const parts = text.split('|');
  // A trailing '|' terminates the list; it is not an extra empty field.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function matchLine(specs: readonly LineSpec[] | undefined, tag: StatusTag, reason: string): LineSpec | undefined {
  return specs?.find((s) => s.tag === tag && reason.startsWith(s.reason));
}

function nameFields(names: readonly string[] | undefined, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!names) return out;
  const n = Math.min(names.length, values.length);
  for (let i = 0; i < n; i++) out[names[i]] = values[i];
  return out;
}

/** Parses `TAG: [function ]REASON - d1|d2` or `TAG: REASON: |d1|d2|`. */
export function parseStatusLine(line: string, spec?: FunctionSpec): StatusLine | undefined {
  const tag = statusTag(line);
  if (!tag) return undefined;
  let rest = line.slice(tag.length + 1).trim();
  let fn: string | undefined;
  const space = rest.indexOf(' ');
  const first = space > 0 ? rest.slice(0, space) : '';
  // Strip a function name (the called one, or another the server reports from, e.g.
  // add_lead inside update_lead), but keep pseudo-prefixes such as `auth`.
  if (FUNCTION_TOKEN.test(first) && (first === spec?.name || FUNCTION_NAMES.has(first))) {
    fn = first;
    rest = rest.slice(space + 1).trim();
  }
  let reason = rest;
  let details: string[] = [];
  if (rest.startsWith('- ')) {
    // `SUCCESS: calls_in_queue_count - 3`: no reason, only details.
    return { tag, function: fn, reason: '', details: splitDetails(rest.slice(2)), fields: nameFields(matchLine(spec?.lines, tag, '')?.fields, splitDetails(rest.slice(2))) };
  }
  const dash = rest.indexOf(' - ');
  const colonPipe = rest.indexOf(': |');
  if (colonPipe >= 0 && (dash < 0 || colonPipe < dash)) {
    reason = rest.slice(0, colonPipe);
    details = splitDetails(rest.slice(colonPipe + 3));
  } else if (dash >= 0) {
    reason = rest.slice(0, dash);
    details = splitDetails(rest.slice(dash + 3));
  } else if (rest.indexOf(': ') > 0) {
    // Many Non-Agent errors print `REASON: d1|d2` with neither ' - ' nor a leading pipe.
    const colon = rest.indexOf(': ');
    reason = rest.slice(0, colon);
    details = splitDetails(rest.slice(colon + 2));
  } else if (rest.endsWith(':')) {
    reason = rest.slice(0, -1);
  } else if (rest.endsWith(' -')) {
    // `REASON - ` with nothing after the dash (the line was trimmed).
    reason = rest.slice(0, -2);
  }
  reason = reason.trim();
  const fields = nameFields(matchLine(spec?.lines, tag, reason)?.fields, details);
  return { tag, function: fn, reason, details, fields };
}

const DELIMITERS: Readonly<Record<Delimiter, string>> = { pipe: '|', csv: ',', tab: '\t', comma: ',', dash: '-' };

function rowDelimiter(spec: FunctionSpec, params: Readonly<Record<string, string>>): string {
  if (spec.response.kind !== 'rows') return '|';
  if (spec.response.delimiter !== 'stage') return DELIMITERS[spec.response.delimiter];
  // The server compares stage case-sensitively: `CSV` prints pipes.
  const stage = params.stage ?? '';
  if (stage === 'csv') return ',';
  if (stage === 'tab') return '\t';
  return '|';
}

/** Splits one CSV line, honouring double quotes only when the line has any. */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function headerName(h: string): string {
  return h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function parseRows(spec: FunctionSpec, lines: string[], params: Readonly<Record<string, string>>): Row[] {
  if (spec.response.kind !== 'rows' || lines.length === 0) return [];
  const delim = rowDelimiter(spec, params);
  const split = delim === ',' ? splitCsv : (l: string) => l.split(delim);
  let names: string[] = columnsFor(spec.response, params);
  let start = 0;
  const header = spec.response.header;
  if (header === 'always') {
    // Reports with dynamic columns (one per status) name them in their first row.
    const printed = split(lines[0]).map((h) => h.trim());
    const from = spec.response.sortHeaderFrom;
    // call_dispo_report names its status columns in first-seen order but prints values sorted.
    if (from !== undefined) printed.splice(from, printed.length - from, ...printed.slice(from).sort());
    names = printed.map((h, i) => (from !== undefined && i >= from ? h : headerName(h)) || names[i] || `field_${i + 1}`);
    start = 1;
  } else if (header === 'param' && params.header === 'YES') {
    const printed = split(lines[0]).map(headerName);
    // Our names for the columns we know; the server's own past them.
    for (let i = names.length; i < printed.length; i++) if (printed[i]) names.push(printed[i]);
    start = 1;
  }
  const width = names.length;
  const factories = rowFactories(spec.response, names);
  const rows: Row[] = new Array(lines.length - start);
  for (let li = start; li < lines.length; li++) {
    const values = split(lines[li]);
    let n = values.length;
    if (n > width && values[n - 1] === '') n--;
    rows[li - start] = factories(n)(values);
  }
  return rows;
}

type RowsSpec = Extract<FunctionSpec['response'], { kind: 'rows' }>;
type MakeRow = (values: readonly string[]) => Row;

/** Row builders by column names, kept across answers: compiling one per answer costs more than a 50-row report. */
const factoryCache = new WeakMap<RowsSpec, Map<string, (n: number) => MakeRow>>();

/**
 * The builder for rows of `n` values: the first `n` names (`field_N` past the known
 * ones), each row one object literal of fixed shape. Rows shorter than the catalog's
 * columns (logged_in_agents prints 10 of its 12 by default) get their own builder
 * instead of adding keys one by one.
 */
function rowFactories(response: RowsSpec, names: readonly string[]): (n: number) => MakeRow {
  let byNames = factoryCache.get(response);
  if (!byNames) {
    byNames = new Map();
    factoryCache.set(response, byNames);
  }
  const key = names.join('\u0000');
  let forWidth = byNames.get(key);
  if (!forWidth) {
    const convert = convertersFor(response, names);
    const made: MakeRow[] = [];
    forWidth = (n) => (made[n] ??= rowFactory(Array.from({ length: n }, (_, i) => (i < names.length ? names[i] : `field_${i + 1}`)), convert));
    // Header-named reports (call_dispo_report) vary their names with the answer: bound the cache.
    if (byNames.size >= 64) byNames.clear();
    byNames.set(key, forWidth);
  }
  return forWidth;
}

/**
 * Builds rows with one object literal of fixed shape: ~2x faster than adding keys one
 * by one on 100k-row reports. Names are JSON-quoted, so any header text is safe inside
 * the generated source.
 */
function rowFactory(names: readonly string[], convert?: ReadonlyArray<Converter | undefined>): MakeRow {
  // Typed columns are converted inside the literal, so each object gets its final shape at once.
  const props = names.map((n, i) => `${JSON.stringify(n)}: ${convert?.[i] ? `c[${i}](v[${i}])` : `v[${i}]`}`).join(', ');
  const make = new Function('c', 'v', `return { ${props} };`) as (c: unknown, values: readonly string[]) => Row;
  return (values) => make(convert, values);
}

function parseKv(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    for (const part of line.split('|')) {
      const colon = part.indexOf(':');
      if (colon <= 0) continue;
      out[headerName(part.slice(0, colon))] = part.slice(colon + 1).trim();
    }
  }
  return out;
}

/**
 * A status tag glued to the text before it (the PHP sometimes omits a newline).
 * After a '|' it is a quoted detail (update_list echoes "…|SUCCESS: Field added|"), not a new line.
 */
const GLUED_TAG = /(?<=[^\s|])(?=(?:SUCCESS|ERROR|NOTICE): )/;

function splitLines(body: string): string[] {
  const out: string[] = [];
  for (const line of body.split('\n')) {
    const l = line.charCodeAt(line.length - 1) === 13 /* '\r' */ ? line.slice(0, -1) : line;
    const first = firstVisible(l);
    if (first < 0) continue;
    // Only a line that starts like a tag can hold glued status lines; data rows skip the regex.
    if (isTagStart(l.charCodeAt(first)) && statusTag(l.slice(first)) && GLUED_TAG.test(l)) out.push(...l.split(GLUED_TAG));
    else out.push(l);
  }
  return out;
}

/** Index of the first character that is not white space (as String.trim sees it), or -1. */
function firstVisible(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // Fast exit on the usual first characters of a row; the rest goes by trim's rules.
    if (c > 32 && c < 127) return i;
    if (line[i].trim() !== '') return i;
  }
  return -1;
}

/** S(UCCESS), E(RROR) or N(OTICE): the only first letters of a status line. */
function isTagStart(c: number): boolean {
  return c === 83 || c === 69 || c === 78;
}

function errorFrom(spec: FunctionSpec, line: StatusLine, raw: string, notices: readonly StatusLine[] = []): VicidialError {
  let code = classifyReason(line.reason, spec, line.details);
  // The Agent API reports a locked user as a plain login failure with LOCK in its details.
  if (code === 'AUTH' && line.details.includes('LOCK')) code = 'LOCKED';
  return new VicidialError({
    code,
    function: spec.name,
    reason: line.reason,
    details: line.details,
    fields: line.fields,
    notices: notices.map((n) => ({ reason: n.reason, details: n.details })),
    raw,
  });
}

/**
 * Whether an answer is a login failure (AUTH) or a lock (LOCKED): both APIs check the
 * login before printing anything else, so only the first line is read.
 */
export function loginFailure(spec: FunctionSpec, body: string): 'AUTH' | 'LOCKED' | undefined {
  const start = body.length - body.trimStart().length;
  if (!body.startsWith('ERROR:', start)) return undefined;
  const end = body.indexOf('\n', start);
  const line = parseStatusLine(body.slice(start, end < 0 ? undefined : end).replace(/\r$/, ''), spec);
  if (!line) return undefined;
  const code = errorFrom(spec, line, '').code;
  return code === 'AUTH' || code === 'LOCKED' ? code : undefined;
}

/** Fields named for a password (add_user's agent_pass …) echo what was sent: one of ours is masked. */
const PASSWORD_FIELD = /pass/;

function maskPasswordFields(line: StatusLine, redact: Redactor): void {
  for (const [name, value] of Object.entries(line.fields)) {
    if (!PASSWORD_FIELD.test(name)) continue;
    const clean = redact(value);
    if (clean === value) continue;
    line.fields[name] = clean;
    const at = line.details.indexOf(value);
    if (at >= 0) line.details[at] = clean;
  }
}

function isEmptyReason(spec: FunctionSpec, reason: string): boolean {
  return (spec.empty ?? []).some((e) => reason.startsWith(e));
}

/**
 * Parses one answer. Throws VicidialError for failures; returns an ApiResult otherwise.
 * The raw text and the ERROR and NOTICE lines (where the server echoes the password) are
 * redacted before they are read; data rows and SUCCESS lines are data and stay as sent.
 */
export function parseResponse(spec: FunctionSpec, body: string, options: ParseOptions = {}): ApiResult {
  const redact = options.redact;
  const raw = redact ? redact(body) : body;
  const params = options.params ?? {};
  const status = options.status ?? 200;
  if (status < 200 || status > 299) {
    throw new VicidialError({
      code: 'HTTP',
      function: spec.name,
      reason: `HTTP ${status}${raw.trim() ? `: ${raw.trim().split('\n')[0].slice(0, 200)}` : ''}`,
      raw,
      status,
    });
  }

  if (body.length > 0 && !spec.unterminated && body.charCodeAt(body.length - 1) !== 10 /* '\n' */) throw cutShort(spec, raw);

  const statusLines: StatusLine[] = [];
  const dataLines: string[] = [];
  for (const line of splitLines(body)) {
    const first = firstVisible(line);
    // Data rows do not start like a tag: they go straight to the rows, unparsed as status lines.
    if (!isTagStart(line.charCodeAt(first))) {
      dataLines.push(line);
      continue;
    }
    const text = first === 0 ? line : line.slice(first);
    const echo = redact && (text.startsWith('ERROR:') || text.startsWith('NOTICE:'));
    const st = parseStatusLine(echo ? redact(text) : text, spec);
    if (st && redact && !echo) maskPasswordFields(st, redact);
    if (st) statusLines.push(st);
    else dataLines.push(line);
  }

  const success = statusLines.find((s) => s.tag === 'SUCCESS');
  const firstError = statusLines.find((s) => s.tag === 'ERROR');
  // A SUCCESS makes the call a success; ERROR lines beside it are reported as notices.
  const notices = statusLines.filter((s) => s.tag === 'NOTICE' || (success && s.tag === 'ERROR'));
  const base = { function: spec.name, success, notices, raw };

  // phone_number_log reports "no records" as a NOTICE; the catalog lists such reasons as empty.
  if (!success && !firstError && dataLines.length === 0 && notices.some((n) => isEmptyReason(spec, n.reason))) {
    return { ...base, data: spec.response.kind === 'rows' || spec.response.kind === 'records' ? [] : {}, empty: true };
  }
  if (!success && firstError && dataLines.length === 0) {
    if (isEmptyReason(spec, firstError.reason)) {
      return { ...base, data: spec.response.kind === 'rows' || spec.response.kind === 'records' ? [] : {}, empty: true };
    }
    throw errorFrom(spec, firstError, raw, notices);
  }

  switch (spec.response.kind) {
    case 'rows': {
      const rows = parseRows(spec, dataLines, params);
      // A rows function in a write mode (e.g. update_cid_group_entry stage=ADD) answers with a status line.
      if (rows.length === 0 && success) return { ...base, data: lineData(success), empty: false };
      return { ...base, data: rows, empty: rows.length === 0 };
    }
    case 'kv': {
      if (dataLines.length === 0 && !success) throw emptyBody(spec, raw);
      return { ...base, data: { ...parseKv(dataLines), ...(success?.fields ?? {}) }, empty: false };
    }
    case 'records': {
      const records = parseRecords(spec.response, dataLines);
      return { ...base, data: records, empty: records.length === 0 };
    }
    case 'sections': {
      if (dataLines.length === 0) throw emptyBody(spec, raw);
      // Nested section objects: ApiResult's type names the common shapes only, consumers read these by key.
      return { ...base, data: parseSections(spec.response, dataLines[0]) as Record<string, string>, empty: false };
    }
    case 'text': {
      // lead_field_info prints a bare value: an empty body is an empty value.
      const text = dataLines.join('\n');
      return { ...base, data: { ...(success?.fields ?? {}), [spec.response.field]: text }, empty: text === '' && !success };
    }
    case 'status': {
      if (!success) {
        if (statusLines.length > 0 && notices.length === statusLines.length) {
          // Some refusals are printed as a NOTICE only (update_phone's delete permission): still a failure.
          if (classifyReason(notices[0].reason, spec) === 'PERMISSION') throw errorFrom(spec, notices[0], raw);
          // NOTICE-only answers (e.g. "already on the list") are outcomes, not failures.
          return { ...base, data: lineData(notices[0]), empty: false };
        }
        throw emptyBody(spec, raw);
      }
      return { ...base, data: lineData(success), empty: false };
    }
  }
}

/** The result object of a status line: its reason, and its details by name (or position). */
function lineData(line: StatusLine): Record<string, string> {
  const out: Record<string, string> = { result: line.reason };
  const named = Object.keys(line.fields).length;
  for (let i = named; i < line.details.length; i++) out[`detail_${i + 1}`] = line.details[i];
  return Object.assign(out, line.fields);
}

/** VICIdial ends each answer with a newline: one without it was cut short (closed early, a proxy's limit). */
function cutShort(spec: FunctionSpec, raw: string): VicidialError {
  const last = raw.slice(raw.lastIndexOf('\n') + 1);
  return new VicidialError({
    code: 'TRUNCATED',
    function: spec.name,
    reason: `the answer ends without its final newline, so it was cut short; nothing of it was used (last line: "${last.slice(0, 80)}")`,
    raw,
  });
}

function emptyBody(spec: FunctionSpec, raw: string): VicidialError {
  const reason = raw.trim() === '' ? 'EMPTY RESPONSE' : 'UNEXPECTED RESPONSE';
  return new VicidialError({ code: 'UNKNOWN', function: spec.name, reason, raw });
}
