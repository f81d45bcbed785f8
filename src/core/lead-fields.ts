/**
 * Lead input and output shaping for add_lead / update_lead: CRM field mapping,
 * phone normalisation, per-mode defaults, and turning the server's status lines
 * into one lead result (or a DUPLICATE/DNC error that names the existing lead).
 * Pure functions: no I/O, so the node stays thin and all of this is unit-tested.
 */
import { toInt } from './values';
import { getFunction } from './catalog';
import type { FunctionSpec } from './catalog/types';
import { VicidialError } from './errors';
import { paramIndex, RESERVED } from './params';
import { parseStatusLine, type ApiResult, type StatusLine } from './parser';

export type LeadMode = 'add' | 'update';
export type UnknownFieldPolicy = 'reject' | 'ignore';

export interface FieldMapping {
  /** Name in the incoming payload; `a.b` reads a nested property. */
  from: string;
  /** VICIdial parameter (snake_case or camelCase) or, with custom fields on, a custom field label. */
  to: string;
}

export interface LeadInputOptions {
  mode: LeadMode;
  mapping?: readonly FieldMapping[];
  unknownFields?: UnknownFieldPolicy;
  /** Values set in the dialog; a field the message carries wins over them. */
  defaults?: Readonly<Record<string, unknown>>;
}

export interface LeadInput {
  function: 'add_lead' | 'update_lead';
  /** Parameters for client.call (it still validates types and enums). */
  input: Record<string, unknown>;
  /** Payload names dropped by the 'ignore' policy. */
  ignored: string[];
  /** Names sent as custom field labels. */
  customFields: string[];
}

export const LEAD_FUNCTIONS: Readonly<Record<LeadMode, 'add_lead' | 'update_lead'>> = { add: 'add_lead', update: 'update_lead' };

/** Same rule as params.ts applies to custom field names. */
const CUSTOM_LABEL = /^[A-Za-z0-9_]{1,64}$/;

/**
 * ITU-T E.164 country calling codes. The set is prefix-free, so the first 1-3 digits
 * of an international number name exactly one code.
 */
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 ' +
    '81 82 84 86 90 91 92 93 94 95 98 ' +
    '211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 ' +
    '241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 ' +
    '268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 ' +
    '379 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 ' +
    '594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 ' +
    '692 800 808 850 852 853 855 856 870 878 880 881 882 883 886 888 960 961 962 963 964 965 966 967 968 970 ' +
    '971 972 973 974 975 976 977 979 992 993 994 995 996 998'
  ).split(' '),
);

function invalid(fn: string, reason: string, field?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason, details: field ? [field] : [], fields: field ? { field } : {} });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

// ---------------------------------------------------------------------------
// Phone numbers

/** The country calling code an international number (digits after + or 00) starts with. */
export function countryCodeOf(digits: string): string | undefined {
  for (let n = 1; n <= 3 && n <= digits.length; n++) {
    if (COUNTRY_CODES.has(digits.slice(0, n))) return digits.slice(0, n);
  }
  return undefined;
}

export interface PhoneOptions {
  /** phone_code the message itself carries: a number in another country is refused. */
  phoneCode?: unknown;
  /** The dialog's phone_code: used for national numbers, overruled by a number's own + code. */
  defaultPhoneCode?: unknown;
  /** Function name for error messages. */
  function?: string;
  field?: string;
}

export interface NormalisedPhone {
  phone_number: string;
  phone_code?: string;
  /** Where phone_code came from. */
  codeFrom?: 'number' | 'message' | 'default';
}

function codeDigits(v: unknown): string | undefined {
  if (isBlank(v)) return undefined;
  const d = String(v).replace(/\D/g, '');
  return d || undefined;
}

/**
 * Digits only, as VICIdial stores them. "+<code><national>" (or "00<code>…") becomes
 * phone_code + national number; an 11-digit NANP number with its leading 1 loses it,
 * because VICIdial reads the area code from the first three digits.
 */
export function normalisePhone(raw: unknown, options: PhoneOptions = {}): NormalisedPhone {
  const fn = options.function ?? 'add_lead';
  const field = options.field ?? 'phone_number';
  const text = String(raw ?? '').trim();
  // Letters mean an extension, a vanity number or the wrong field: dialing the digits alone would be wrong.
  if (/[A-Za-z]/.test(text)) throw invalid(fn, `${field} "${text}" contains letters; send the number only`, field);
  let digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || /^00[1-9]/.test(digits);
  if (!text.startsWith('+') && international) digits = digits.slice(2);
  if (!digits) throw invalid(fn, `${field} has no digits`, field);
  const explicit = codeDigits(options.phoneCode);
  const fallback = codeDigits(options.defaultPhoneCode);
  if (international) {
    const code = countryCodeOf(digits) ?? [explicit, fallback].find((c) => c !== undefined && digits.startsWith(c));
    if (!code) throw invalid(fn, `${field} "${text}" does not start with a known country code`, field);
    if (explicit !== undefined && explicit !== code) {
      throw invalid(fn, `${field} "${text}" is in country code ${code}, but phone_code is ${explicit}`, field);
    }
    return { phone_number: digits.slice(code.length), phone_code: code, codeFrom: 'number' };
  }
  const code = explicit ?? fallback;
  if (code === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (code === undefined) return { phone_number: digits };
  return { phone_number: digits, phone_code: code, codeFrom: explicit !== undefined ? 'message' : 'default' };
}

// ---------------------------------------------------------------------------
// Field mapping

function readPath(obj: Record<string, unknown>, path: string): { found: boolean; value?: unknown } {
  if (Object.prototype.hasOwnProperty.call(obj, path)) return { found: true, value: obj[path] };
  if (!path.includes('.')) return { found: false };
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return { found: false };
    cur = cur[part];
  }
  return { found: true, value: cur };
}

/** The rows of a mapping table that mean something (blank rows from the editor are skipped). */
export function cleanMapping(stored: unknown): FieldMapping[] {
  const rows = typeof stored === 'string' && stored.trim() ? parseJsonList(stored) : stored;
  if (!Array.isArray(rows)) return [];
  const out: FieldMapping[] = [];
  for (const r of rows) {
    if (!isPlainObject(r)) continue;
    const from = String(r.from ?? '').trim();
    const to = String(r.to ?? '').trim();
    if (from && to) out.push({ from, to });
  }
  return out;
}

/** A mapping stored as JSON text (flows written by hand); not a list = no rows. */
function parseJsonList(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VicidialError({ code: 'INVALID', reason: 'the field mapping must be a list of { "from", "to" } rows' });
  }
}

interface Sorted {
  known: Record<string, unknown>;
  unknown: Record<string, unknown>;
}

/** VICIdial name of a field for this function, or undefined. */
function canonical(spec: FunctionSpec, name: string): string | undefined {
  return paramIndex(spec).get(name)?.name;
}

/**
 * Applies the mapping, then sorts every payload field into the function's parameters
 * (by VICIdial name) and the rest. A mapped source is consumed, so a CRM field that
 * shares a name with a VICIdial field only goes where the mapping sends it; the root
 * object of a dotted source (`contact` of `contact.phone`) is consumed too.
 */
function sortFields(spec: FunctionSpec, payload: Record<string, unknown>, mapping: readonly FieldMapping[]): Sorted {
  const known: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  const consumed = new Set<string>();
  const mappedTo: Record<string, unknown> = {};
  for (const { from, to } of mapping) {
    const got = readPath(payload, from);
    consumed.add(Object.prototype.hasOwnProperty.call(payload, from) ? from : from.split('.')[0]);
    if (!got.found || isBlank(got.value)) continue;
    const target = canonical(spec, to) ?? to;
    // Several CRM fields may feed one VICIdial field: the first non-blank one wins.
    if (mappedTo[target] === undefined) mappedTo[target] = got.value;
  }
  for (const [key, value] of Object.entries(payload)) {
    if (consumed.has(key)) continue;
    const name = canonical(spec, key);
    if (name) known[name] = value;
    else unknown[key] = value;
  }
  for (const [target, value] of Object.entries(mappedTo)) {
    // A field the payload names directly (e.g. phone_number next to a mapped "phone") wins.
    if (canonical(spec, target)) {
      if (isBlank(known[target])) known[target] = value;
    } else if (unknown[target] === undefined) unknown[target] = value;
  }
  return { known, unknown };
}

function isYes(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toUpperCase() === 'Y');
}

function mappingTargetsOk(spec: FunctionSpec, mapping: readonly FieldMapping[], customOn: boolean): void {
  for (const { from, to } of mapping) {
    if (canonical(spec, to)) continue;
    if (customOn && CUSTOM_LABEL.test(to) && !RESERVED.has(to)) continue;
    const hint = customOn ? '' : ' (turn on custom fields to send custom field labels)';
    throw invalid(spec.name, `mapping "${from}" → "${to}": ${to} is not a ${spec.name} field${hint}`, to);
  }
}

/** Fields that make update_lead do something; with none of them it answers with an empty body. */
function updateHasWork(spec: FunctionSpec, input: Record<string, unknown>, custom: string[]): boolean {
  const searchOnly = new Set(['lead_id', 'phone_number', 'search_method', 'search_location', 'list_id', 'records', 'custom_fields', 'archived_lead', 'list_exists_check', 'hopper_priority', 'hopper_local_call_time_check', 'force_entry_list_id', 'multi_alt_phones', 'tz_method']);
  const switches = new Set(['insert_if_not_found', 'no_update', 'delete_lead', 'delete_cf_data', 'reset_lead', 'update_phone_number', 'add_to_hopper', 'remove_from_hopper', 'callback']);
  if (custom.length > 0) return true;
  for (const p of spec.params) {
    const v = input[p.name];
    if (isBlank(v) || searchOnly.has(p.name)) continue;
    if (switches.has(p.name)) {
      if (isYes(v) || (p.name === 'callback' && String(v).toUpperCase() === 'REMOVE')) return true;
      continue;
    }
    if (p.name.startsWith('callback_')) continue;
    return true;
  }
  return false;
}

/** update_lead's search_method from the keys present: the server tries them in this order. */
export function autoSearchMethod(input: Readonly<Record<string, unknown>>): string | undefined {
  const keys = ['lead_id', 'vendor_lead_code', 'phone_number'].filter((k) => !isBlank(input[k]));
  return keys.length ? keys.map((k) => k.toUpperCase()).join('_') : undefined;
}

function applyPhones(fnName: string, mode: LeadMode, input: Record<string, unknown>, defaultCode: unknown): void {
  const explicitCode = input.phone_code;
  let code: string | undefined = codeDigits(explicitCode);
  if (!isBlank(input.phone_number)) {
    const p = normalisePhone(input.phone_number, { phoneCode: explicitCode, defaultPhoneCode: defaultCode, function: fnName });
    input.phone_number = p.phone_number;
    code = p.phone_code;
    // update_lead writes phone_code onto the lead: a dialog default must not overwrite it,
    // except on the insert path, which refuses to insert without one.
    const keepDefault = mode === 'add' || isYes(input.insert_if_not_found);
    if (p.phone_code !== undefined && (p.codeFrom !== 'default' || keepDefault)) input.phone_code = p.phone_code;
  } else if (code !== undefined) {
    input.phone_code = code;
  } else if (mode === 'add' || isYes(input.insert_if_not_found)) {
    const d = codeDigits(defaultCode);
    if (d !== undefined) input.phone_code = d;
  }
  if (!isBlank(input.alt_phone)) {
    const alt = normalisePhone(input.alt_phone, { defaultPhoneCode: code ?? defaultCode, function: fnName, field: 'alt_phone' });
    // alt_phone has no code column: keep the country code only when it differs from the lead's.
    input.alt_phone = alt.codeFrom === 'number' && alt.phone_code !== code ? `${alt.phone_code}${alt.phone_number}` : alt.phone_number;
  }
}

/**
 * Builds the add_lead or update_lead parameters from a payload: mapping, dialog
 * defaults under message fields, unknown-field policy, custom fields, phones.
 * Throws INVALID (nothing sent) for typos, mapping errors and impossible numbers.
 */
export function buildLeadInput(payload: Readonly<Record<string, unknown>>, options: LeadInputOptions): LeadInput {
  const fnName = LEAD_FUNCTIONS[options.mode];
  if (!fnName) throw invalid('add_lead', `mode must be "add" or "update", not "${String(options.mode)}"`, 'mode');
  const spec = getFunction(fnName, 'non_agent');
  const other = getFunction(options.mode === 'add' ? 'update_lead' : 'add_lead', 'non_agent');
  const mapping = options.mapping ?? [];
  const { known, unknown } = sortFields(spec, { ...payload }, mapping);

  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options.defaults ?? {})) {
    const name = canonical(spec, k);
    // A dialog option of the other mode (e.g. DNC checks in update mode) does not apply;
    // the default phone_code is applied with the phone number (applyPhones).
    if (name && name !== 'phone_code' && !isBlank(v)) input[name] = v;
  }
  for (const [k, v] of Object.entries(known)) if (!isBlank(v)) input[k] = v;

  const customOn = isYes(input.custom_fields);
  mappingTargetsOk(spec, mapping, customOn);
  const custom: string[] = [];
  const rejected: string[] = [];
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(unknown)) {
    const foreign = canonical(other, key) !== undefined || RESERVED.has(key);
    if (customOn && !foreign && CUSTOM_LABEL.test(key)) {
      if (!isBlank(value)) input[key] = value;
      custom.push(key);
    } else if (options.unknownFields === 'ignore') ignored.push(key);
    else rejected.push(key);
  }
  if (rejected.length > 0) {
    const why = rejected.some((k) => canonical(other, k)) ? ` (not used by ${fnName})` : '';
    throw invalid(fnName, `unknown field${rejected.length > 1 ? 's' : ''} ${rejected.map((k) => `"${k}"`).join(', ')}${why}: map ${rejected.length > 1 ? 'them' : 'it'} to a VICIdial field, or set unknown fields to "ignore"`, rejected[0]);
  }

  applyPhones(fnName, options.mode, input, options.defaults?.phone_code);

  if (options.mode === 'update') {
    const method = input.search_method;
    if (isBlank(method) || String(method).toUpperCase() === 'AUTO') {
      const auto = autoSearchMethod(input);
      if (auto) input.search_method = auto;
      else delete input.search_method;
    }
    if (!autoSearchMethod(input)) throw invalid(fnName, 'update mode needs lead_id, vendor_lead_code or phone_number to find the lead', 'lead_id');
    if (!updateHasWork(spec, input, custom)) {
      throw invalid(fnName, 'nothing to update: give at least one field to change (or add_to_hopper, callback, delete_lead, no_update …)', 'lead_id');
    }
  }
  return { function: fnName, input, ignored, customFields: custom };
}

// ---------------------------------------------------------------------------
// Results

export interface LeadNotice {
  reason: string;
  [field: string]: unknown;
}

export interface LeadResult {
  action: 'added' | 'updated' | 'deleted' | 'inserted' | 'found' | 'not_found' | 'unchanged';
  lead_id: string | null;
  list_id: string | null;
  phone_number: string | null;
  phone_code: string | null;
  gmt_offset: string | null;
  result: string;
  hopper?: LeadNotice;
  callback?: LeadNotice;
  custom_fields?: LeadNotice;
  /** update_lead's update or delete: rows the server changed, and scheduled callbacks it archived (deleted leads). */
  affected_rows?: number | string | null;
  callbacks_archived?: number | string | null;
  /** Each lead changed, when update_lead changed several (records > 1). */
  leads?: Array<Record<string, string>>;
  /** Notices that are not hopper, callback or custom-field ones (e.g. NANPA disabled). */
  warnings?: LeadNotice[];
}

function notice(line: StatusLine, extra: Record<string, unknown>): LeadNotice {
  const fields: Record<string, string> = { ...line.fields };
  // The API user and echoed phone are noise here; the lead is named by the result.
  delete fields.user;
  delete fields.phone_number;
  return { reason: line.reason, ...extra, ...fields };
}

function classifyNotices(notices: readonly StatusLine[]): Pick<LeadResult, 'hopper' | 'callback' | 'custom_fields' | 'warnings'> {
  const out: Pick<LeadResult, 'hopper' | 'callback' | 'custom_fields' | 'warnings'> = {};
  for (const n of notices) {
    const r = n.reason;
    if (r.includes('HOPPER')) {
      const flag = r.includes('REMOVED FROM HOPPER') ? { removed: !r.startsWith('NOT ') } : { added: !r.startsWith('NOT ') };
      out.hopper = notice(n, flag);
    } else if (r.startsWith('SCHEDULED CALLBACK')) {
      out.callback = notice(n, { scheduled: /^SCHEDULED CALLBACK (ADDED|UPDATED)$/.test(r), removed: r === 'SCHEDULED CALLBACK DELETED' });
    } else if (r.startsWith('CUSTOM FIELDS')) {
      out.custom_fields = notice(n, { saved: / VALUES (ADDED|UPDATED)$/.test(r) });
    } else if (!/^(LEADS FOUND|NO MATCHES FOUND)/.test(r)) {
      (out.warnings ??= []).push(notice(n, { tag: n.tag }));
    }
  }
  return out;
}

function successLines(spec: FunctionSpec, raw: string): StatusLine[] {
  const out: StatusLine[] = [];
  for (const line of raw.split('\n')) {
    const st = parseStatusLine(line.replace(/\r$/, '').trimStart(), spec);
    if (st?.tag === 'SUCCESS') out.push(st);
  }
  return out;
}

function str(v: unknown): string | null {
  return isBlank(v) ? null : String(v);
}

function actionOf(success: StatusLine | undefined, notices: readonly StatusLine[]): LeadResult['action'] {
  const r = success?.reason ?? '';
  if (r.startsWith('LEAD HAS BEEN ADDED')) return success?.function === 'update_lead' || notices.some((n) => n.reason.startsWith('NO MATCHES FOUND')) ? 'inserted' : 'added';
  if (r.startsWith('LEAD HAS BEEN UPDATED')) return 'updated';
  if (r.startsWith('LEAD HAS BEEN DELETED')) return 'deleted';
  if (notices.some((n) => n.reason.startsWith('LEADS FOUND'))) return 'found';
  if (notices.some((n) => n.reason.startsWith('NO MATCHES FOUND'))) return 'not_found';
  return 'unchanged';
}

/**
 * One result for the lead the call added or changed. add_lead and an insert print the
 * lead's list, phone and GMT offset; update_lead prints only the lead id, so the rest
 * is what was sent (null when it was not sent).
 */
export function leadResult(fnName: 'add_lead' | 'update_lead', result: ApiResult, sent: Readonly<Record<string, unknown>>): LeadResult {
  const spec = getFunction(fnName, 'non_agent');
  const success = result.success;
  const s = success?.fields ?? {};
  const found = result.notices.find((n) => n.reason.startsWith('LEADS FOUND'))?.fields ?? {};
  const action = actionOf(success, result.notices);
  const out: LeadResult = {
    action,
    lead_id: str(s.lead_id ?? found.lead_id ?? sent.lead_id),
    list_id: str(s.list_id ?? found.list_id ?? (action === 'updated' ? sent.list_id_field : undefined)),
    phone_number: str(s.phone_number ?? sent.phone_number),
    // add_lead defaults a missing phone_code to 1.
    phone_code: str(sent.phone_code ?? (fnName === 'add_lead' ? '1' : undefined)),
    gmt_offset: str(s.gmt_offset ?? (action === 'updated' ? sent.gmt_offset_now : undefined)),
    result: success?.reason ?? result.notices[0]?.reason ?? '',
    ...classifyNotices(result.notices),
  };
  if (action === 'not_found') out.lead_id = null;
  if (action === 'updated' || action === 'deleted') {
    // What the server printed on the SUCCESS line: `user|lead_id|affected_rows|archived|archived|`.
    out.affected_rows = toInt(s.affected_rows);
    out.callbacks_archived = toInt(s.callbacks_archived);
    const all = successLines(spec, result.raw).filter((l) => l.reason === success?.reason);
    if (all.length > 1) out.leads = all.map((l) => ({ lead_id: l.fields.lead_id ?? '', affected_rows: l.fields.affected_rows ?? '' }));
  }
  return out;
}

/** Short node status text for a lead result. */
export function leadStatusText(r: LeadResult): string {
  const hopper = r.hopper?.added ? ' +hopper' : '';
  switch (r.action) {
    case 'not_found':
      return 'no matching lead';
    case 'unchanged':
      return r.lead_id ? `lead ${r.lead_id}: ${r.result}` : r.result || 'done';
    default:
      return `lead ${r.lead_id ?? '?'} ${r.action}${hopper}`;
  }
}

// ---------------------------------------------------------------------------
// Errors

/** A DUPLICATE or DNC refusal, carrying the existing lead the server named. */
export class LeadError extends VicidialError {
  readonly lead_id: string | undefined;
  readonly list_id: string | undefined;

  constructor(base: VicidialError, leadId: string | undefined, listId: string | undefined) {
    super({
      code: base.code,
      function: base.function,
      reason: base.reason,
      details: base.details,
      fields: leadId ? { ...base.fields, lead_id: leadId, ...(listId ? { existing_list_id: listId } : {}) } : base.fields,
      raw: base.raw,
      status: base.status,
    });
    this.lead_id = leadId;
    this.list_id = listId;
    if (leadId) this.message = `${this.message} (existing lead ${leadId}${listId ? ` in list ${listId}` : ''})`;
  }

  toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), lead_id: this.lead_id ?? null, list_id: this.list_id ?? null };
  }
}

/** Adds the existing lead's id (top level and in fields) to DUPLICATE errors; others pass unchanged. */
export function leadError(e: VicidialError): VicidialError {
  if (e instanceof LeadError) return e;
  if (e.code !== 'DUPLICATE' && e.code !== 'DNC') return e;
  const leadId = e.fields.duplicate_lead_id || undefined;
  // "… IN LIST" duplicates are in the requested list, which the server prints as list_id.
  const listId = e.fields.duplicate_list_id || (leadId && / IN LIST$/.test(e.reason) ? e.fields.list_id : undefined) || undefined;
  return new LeadError(e, leadId, listId);
}
