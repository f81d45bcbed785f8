/**
 * The parameters of one webhook request, whoever parsed them. Under Node-RED's default
 * settings the admin app parses JSON and form bodies (up to 5 MB, forms with `qs`) and
 * Express parses the query before the node's route runs; with the admin app elsewhere the
 * node reads the body itself. Either way the node gets the same flat parameter list, the
 * same size limit and the same refusals of hostile shapes, and no request text is ever
 * used to look up a member of a plain object.
 */

export type Entry = [string, unknown];
export type ParamEntries = ReadonlyArray<readonly [string, unknown]>;

export type BodyResult =
  | { ok: true; entries: Entry[] }
  | { ok: false; status: 400 | 413 | 415; reason: string };

/** Containers nested in a JSON body, the body object itself included. VICIdial sends flat parameters. */
export const MAX_JSON_DEPTH = 4;
/**
 * A form parser nests `a[b][c]` names (Node-RED's up to 32 levels, Express's query parser 5),
 * which are flattened back to the names as sent; deeper means something else built the object.
 */
const MAX_FORM_DEPTH = 64;

/** Node-RED's form parser refuses more parameters (413); the node does the same for every request. */
export const MAX_PARAMS = 1000;

export const TOO_DEEP = 'JSON body nested too deep';
export const TOO_MANY = 'too many parameters';
export const TOO_LARGE = 'request too large';
export const NOT_JSON = 'body is not valid JSON';

/**
 * Members of Object.prototype are never parameter names (Express's query parser drops
 * them too): a payload must not shadow `hasOwnProperty` nor reach a prototype.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isParamName(name: string): boolean {
  return name !== '' && !PROTOTYPE_NAMES.has(name);
}

export function hasOwn(record: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

/** The value of an own property, never an inherited one. */
export function own(record: Readonly<Record<string, unknown>>, name: string): unknown {
  return hasOwn(record, name) ? record[name] : undefined;
}

/**
 * The last value of each name wins, as in PHP (and so as VICIdial's own scripts read them).
 * `omit` (the secret parameter) is left out rather than deleted after: deleting a property
 * turns the object into a slow dictionary.
 */
export function paramRecord(entries: ParamEntries, omit?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) if (name !== omit && isParamName(name)) out[name] = value;
  return out;
}

/** The last value given for `name`, as paramRecord would keep it. */
export function lastValue(entries: ParamEntries, name: string): unknown {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i][0] === name) return entries[i][1];
  return undefined;
}

// ---------------------------------------------------------------------------
// Forms and queries
// ---------------------------------------------------------------------------

/** Decodes like Express's `qs`: `+` is a space, a malformed escape stays as sent. */
function decodeComponent(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** x-www-form-urlencoded text as entries, in order, repeats kept (paramRecord keeps the last). */
export function formEntries(text: string): Entry[] {
  const out: Entry[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const name = decodeComponent(text.slice(start, hasValue ? eq : end));
      if (isParamName(name)) out.push([name, hasValue ? decodeComponent(text.slice(eq + 1, end)) : '']);
    }
    start = end + 1;
  }
  return out;
}

/** Whether form or query text holds more than MAX_PARAMS parameters, counted as Node-RED's parser counts them. */
export function tooManyParams(text: string): boolean {
  let count = 1;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) if (++count > MAX_PARAMS) return true;
  return false;
}

/** The query string of a request URL, without `?` and fragment. */
export function queryText(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash < 0 ? undefined : hash);
}

/** Query string of a request URL; `+` means space, as PHP's urlencode and VICIdial's own encoders emit. */
export function queryEntries(url: string): Entry[] {
  return formEntries(queryText(url));
}

const INDEX = /^(0|[1-9]\d*)$/;

/** `qs` turns a name repeated more than 20 times into an object keyed 0, 1, 2…: still repeats. */
function isIndexed(obj: Readonly<Record<string, unknown>>, names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => INDEX.test(n)) && !Array.isArray(obj);
}

/** `qs` keeps the segments past its depth as one key, brackets included: `[k][k]`. */
function nestedName(prefix: string, key: string): string {
  return key.startsWith('[') ? `${prefix}${key}` : `${prefix}[${key}]`;
}

/**
 * Entries of an object a query or form parser built: `qs` nests `a[b]=1` and turns a
 * repeated name into an array. Flattened back to the names as sent, repeats in order,
 * so the result is what formEntries gives for the same text. Undefined when the object
 * nests deeper than any form parser would.
 */
export function parsedFormEntries(value: Readonly<Record<string, unknown>>): Entry[] | undefined {
  const out: Entry[] = [];
  // An explicit stack: hostile nesting must not reach the call stack.
  const stack: Array<[string, unknown, number]> = [];
  const pushObject = (prefix: string | undefined, obj: Readonly<Record<string, unknown>>, depth: number): void => {
    const names = Object.keys(obj);
    const repeats = prefix !== undefined && isIndexed(obj, names);
    for (let i = names.length - 1; i >= 0; i--) {
      const n = names[i];
      if (!isParamName(n)) continue;
      stack.push([prefix === undefined ? n : repeats ? prefix : nestedName(prefix, n), obj[n], depth]);
    }
  };
  pushObject(undefined, value, 1);
  while (stack.length > 0) {
    const [name, v, depth] = stack.pop() as [string, unknown, number];
    if (typeof v !== 'object' || v === null) {
      out.push([name, v === undefined || v === null ? '' : String(v)]);
    } else if (depth >= MAX_FORM_DEPTH) {
      return undefined;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([name, v[i], depth + 1]);
    } else {
      pushObject(name, v as Record<string, unknown>, depth + 1);
    }
  }
  return out;
}

/** The fewest bytes form text holding these entries can have: escapes only add to it. */
function formSize(entries: readonly Entry[]): number {
  let size = entries.length > 0 ? entries.length - 1 : 0;
  for (const [name, value] of entries) size += Buffer.byteLength(name) + 1 + Buffer.byteLength(String(value));
  return size;
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/** True when containers in JSON text nest deeper than `max`; a linear scan, nothing parsed. */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

function scalarSize(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v) + 2;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (v === null) return 4;
  return typeof v === 'number' ? 1 : 0; // 1e9 is three bytes on the wire, whatever it prints as
}

/**
 * Measures a parsed JSON value: a lower bound of the size of the text it came from
 * (whitespace and escapes only add to it) and whether it nests deeper than `maxDepth`.
 * Stops once past `limit`, so its cost is bounded by the limit, not by the body.
 */
export function measureJson(value: unknown, maxDepth: number, limit: number): { size: number; tooDeep: boolean } {
  let size = 0;
  let tooDeep = false;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0 && size <= limit) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) {
      size += scalarSize(v);
      continue;
    }
    if (depth > maxDepth) tooDeep = true;
    if (Array.isArray(v)) {
      size += 1 + Math.max(v.length, 1);
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    const names = Object.keys(v);
    size += 1 + Math.max(names.length, 1);
    for (const n of names) {
      size += Buffer.byteLength(n) + 3;
      stack.push([(v as Record<string, unknown>)[n], depth + 1]);
    }
  }
  return { size, tooDeep };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectEntries(value: Readonly<Record<string, unknown>>): Entry[] {
  const out: Entry[] = [];
  for (const name of Object.keys(value)) if (isParamName(name)) out.push([name, value[name]]);
  return out;
}

function jsonEntries(text: string): BodyResult {
  if (jsonTooDeep(text, MAX_JSON_DEPTH)) return { ok: false, status: 400, reason: TOO_DEEP };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, reason: NOT_JSON };
  }
  if (!isPlainObject(value)) return { ok: false, status: 400, reason: 'JSON body must be an object' };
  return { ok: true, entries: objectEntries(value) };
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function formBody(text: string): BodyResult {
  if (tooManyParams(text)) return { ok: false, status: 413, reason: TOO_MANY };
  return { ok: true, entries: formEntries(text) };
}

/**
 * Decodes a POST body read as text. The agent screen and get2post.php both send the URL's
 * query part as an x-www-form-urlencoded body (get2post without a content type); relays
 * may send JSON instead.
 */
export function decodeBody(contentType: string | undefined, body: string): BodyResult {
  const type = mediaType(contentType);
  // Exactly as Node-RED's own parsers treat them, so the outcome never depends on who read the body.
  if (isJsonType(type)) return body === '' ? { ok: true, entries: [] } : jsonEntries(body);
  if (type === 'application/x-www-form-urlencoded') return formBody(body);
  if (body.trim() === '') return { ok: true, entries: [] };
  if (type === '' || type === 'text/plain') return formBody(body.trim());
  return { ok: false, status: 415, reason: `unsupported content type ${type}` };
}

/**
 * A body some middleware already parsed: Node-RED's admin app (JSON, and forms through
 * `qs`) or a body parser in httpNodeMiddleware. The raw text is gone, so its size is
 * measured from what it holds, a lower bound of what was sent; `limit` applies to that.
 */
export function decodeParsedBody(body: unknown, contentType: string | undefined, limit = Infinity): BodyResult {
  if (body === undefined || body === null) return { ok: true, entries: [] };
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (Buffer.byteLength(body) > limit) return { ok: false, status: 413, reason: TOO_LARGE };
    return decodeBody(contentType, typeof body === 'string' ? body : body.toString('utf8'));
  }
  if (!isPlainObject(body)) return { ok: false, status: 400, reason: 'body must be an object' };
  if (isJsonType(mediaType(contentType))) {
    const { size, tooDeep } = measureJson(body, MAX_JSON_DEPTH, limit);
    if (size > limit) return { ok: false, status: 413, reason: TOO_LARGE };
    if (tooDeep) return { ok: false, status: 400, reason: TOO_DEEP };
    return { ok: true, entries: objectEntries(body) };
  }
  const entries = parsedFormEntries(body);
  if (!entries) return { ok: false, status: 400, reason: 'form body nested too deep' };
  if (formSize(entries) > limit) return { ok: false, status: 413, reason: TOO_LARGE };
  return { ok: true, entries };
}
