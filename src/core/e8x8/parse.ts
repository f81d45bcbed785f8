/**
 * Reads 8x8 statistics answers in all three formats into records, liberally: JSON in
 * both shapes (a plural wrapper holding a singular key holding an array, or a single
 * resource without the wrapper; a one-element list collapsed to an object), XML as the
 * reference prints it (mismatched and misspelled close tags, a missing root close) and
 * CSV with a header row. Then types each record from the catalog.
 */
import { VicidialError } from '../errors';
import { BUCKETS, ENUMS, fieldIndex, type FieldSpec, type Format, type ResourceSpec } from './catalog';

/** A record as read: element name to text, or to a nested element of texts (SLA buckets). */
export type RawValue = string | { [key: string]: RawValue };
export type RawRecord = Record<string, RawValue>;

export type TypedValue = string | number | null | Record<string, number | null>;
export type TypedRecord = Record<string, TypedValue>;

function unknown(spec: ResourceSpec, reason: string): VicidialError {
  return new VicidialError({ code: 'UNKNOWN', function: spec.name, reason });
}

/** The format of an answer: from its content type, else from its first character, else the one asked for. */
export function sniffFormat(body: string, contentType: string, asked: Format): Format {
  const ct = contentType.toLowerCase();
  if (ct.includes('json')) return 'json';
  if (ct.includes('xml')) return 'xml';
  if (ct.includes('csv')) return 'csv';
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  return asked;
}

export function parseRecords(spec: ResourceSpec, body: string, format: Format): RawRecord[] {
  if (!body.trim()) return [];
  if (format === 'json') return parseJson(spec, body);
  if (format === 'xml') return parseXml(spec, body);
  return parseCsv(spec, body);
}

// ---------------------------------------------------------------------------
// JSON

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(spec: ResourceSpec, body: string): RawRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw unknown(spec, 'the answer is not valid JSON');
  }
  return listOf(unwrap(doc, spec)).filter(isObject).map(rawFromJson);
}

/** Peels the plural wrapper and the singular key, whichever of them is there. */
function unwrap(doc: unknown, spec: ResourceSpec): unknown {
  let v = doc;
  if (isObject(v) && spec.plural in v && Object.keys(v).length === 1) v = v[spec.plural];
  if (v === '' || v === null) return [];
  if (isObject(v) && spec.singular in v && Object.keys(v).length === 1 && (Array.isArray(v[spec.singular]) || isObject(v[spec.singular]))) {
    v = v[spec.singular];
  }
  return v;
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).length ? [v] : [];
  return [];
}

function rawFromJson(o: Record<string, unknown>): RawRecord {
  const out: RawRecord = {};
  for (const [k, v] of Object.entries(o)) {
    if (isObject(v)) out[k] = rawFromJson(v);
    else out[k] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

// ---------------------------------------------------------------------------
// XML: a forgiving tokenizer and a tree builder that closes what it must.

interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const TAG = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;

/**
 * Builds a tree. A close tag closes the nearest open element of that name; a close tag
 * that matches nothing open closes the innermost element (the reference's
 * `<post-process-time>…</post-proc-time>`); unclosed elements close at the end.
 * `rename` lets the caller keep the close tag's name when only it is a known field.
 */
function xmlTree(body: string, rename: (open: string, close: string) => string): XmlNode {
  const root: XmlNode = { name: '#root', text: '', children: [] };
  const stack: XmlNode[] = [root];
  let last = 0;
  const addText = (t: string): void => {
    stack[stack.length - 1].text += t;
  };
  for (const m of body.matchAll(TAG)) {
    addText(decodeEntities(body.slice(last, m.index)));
    last = (m.index ?? 0) + m[0].length;
    if (m[1] !== undefined) {
      addText(m[1]);
      continue;
    }
    const name = m[3];
    if (!name) continue;
    if (m[2] === '/') {
      const at = findOpen(stack, name);
      if (at > 0) stack.length = at;
      else if (stack.length > 1) {
        const top = stack.pop() as XmlNode;
        top.name = rename(top.name, name);
      }
      continue;
    }
    const node: XmlNode = { name, text: '', children: [] };
    stack[stack.length - 1].children.push(node);
    if (m[4] !== '/') stack.push(node);
  }
  addText(decodeEntities(body.slice(last)));
  return root;
}

function findOpen(stack: readonly XmlNode[], name: string): number {
  for (let i = stack.length - 1; i > 0; i--) if (stack[i].name === name) return i;
  return -1;
}

function parseXml(spec: ResourceSpec, body: string): RawRecord[] {
  const known = fieldIndex(spec);
  const tree = xmlTree(body, (open, close) => (!known.has(open) && known.has(close) ? close : open));
  const records: XmlNode[] = [];
  collectRecords(tree, spec, records, 0);
  if (!records.length && !tree.children.length && tree.text.trim()) throw unknown(spec, 'the answer is not XML');
  return records.map((n) => rawFromXml(n) as RawRecord);
}

/**
 * Records are singular elements that hold elements. A singular element met as a field
 * (agent statuses have a `status` field inside a `status` record) holds only text.
 * A second plural open tag where its close belongs (the reference's status statistics)
 * nests harmlessly.
 */
function collectRecords(node: XmlNode, spec: ResourceSpec, out: XmlNode[], depth: number): void {
  for (const child of node.children) {
    if (child.name === spec.singular && child.children.length) out.push(child);
    else if (depth < 4 && child.children.length) collectRecords(child, spec, out, depth + 1);
  }
}

function rawFromXml(node: XmlNode): RawValue {
  if (!node.children.length) return node.text.trim();
  const out: Record<string, RawValue> = {};
  for (const c of node.children) out[c.name] = rawFromXml(c);
  return out;
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180; a header row of element names; SLA buckets as `<bucket-field>-<bucket>`)

export function csvRows(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function parseCsv(spec: ResourceSpec, body: string): RawRecord[] {
  const [header, ...rows] = csvRows(body.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const bucketFields = spec.fields.filter((fs) => fs.kind === 'buckets');
  return rows.map((cells) => {
    const rec: RawRecord = {};
    names.forEach((name, i) => {
      const value = cells[i] ?? '';
      const bf = bucketFields.find((b) => name.startsWith(`${b.name}-`) && BUCKETS[b.of ?? ''].includes(name.slice(b.name.length + 1)));
      if (!bf) {
        rec[name] = value;
        return;
      }
      // A plain column of the same name (a mangled header) gives way to the buckets.
      const current = rec[bf.name];
      const nested: Record<string, RawValue> = typeof current === 'object' ? current : {};
      nested[name.slice(bf.name.length + 1)] = value;
      rec[bf.name] = nested;
    });
    return rec;
  });
}

/** CSV text for records (header from the first record), nested buckets flattened as the parser reads them. */
export function toCsv(records: ReadonlyArray<Readonly<Record<string, unknown>>>): string {
  const flat = records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v && typeof v === 'object') for (const [bk, bv] of Object.entries(v)) o[`${k}-${bk}`] = bv;
      else o[k] = v;
    }
    return o;
  });
  const header = flat.length ? Object.keys(flat[0]) : [];
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.map(cell).join(','), ...flat.map((o) => header.map((h) => cell(o[h])).join(','))].join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------
// Typing

const NUMBER = /^-?\d+(\.\d+)?$/;

function toNumber(s: string): number | string | null {
  const t = s.trim();
  if (t === '') return null;
  return NUMBER.test(t) ? Number(t) : t;
}

/** Server timestamps as ISO 8601 text; a space between date and time becomes the `T`. */
function toTimestamp(s: string): string | null {
  const t = s.trim();
  if (t === '') return null;
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(t) ? t.replace(' ', 'T') : t;
}

function typeValue(fs: FieldSpec | undefined, raw: RawValue): TypedValue {
  if (typeof raw !== 'string') {
    const out: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(raw)) {
      const n = typeof v === 'string' ? toNumber(v) : null;
      out[k] = typeof n === 'number' ? n : null;
    }
    return out;
  }
  switch (fs?.kind) {
    case 'count':
    case 'seconds':
    case 'minutes':
      return toNumber(raw);
    case 'timestamp':
      return toTimestamp(raw);
    default:
      return raw.trim() === '' ? null : raw;
  }
}

/**
 * A record with counts and seconds as numbers, timestamps as ISO text, '' as null, and
 * each enum code kept with its meaning beside it as `<field>-text` (null when unknown).
 * Fields the catalog does not list pass through as text.
 */
export function typeRecord(spec: ResourceSpec, raw: RawRecord): TypedRecord {
  const index = fieldIndex(spec);
  const out: TypedRecord = {};
  for (const [name, value] of Object.entries(raw)) {
    const fs = index.get(name);
    const typed = typeValue(fs, value);
    out[name] = typed;
    if (fs?.kind === 'enum') out[`${name}-text`] = typeof typed === 'string' ? ENUMS[fs.of ?? name]?.[typed] ?? null : null;
  }
  return out;
}
