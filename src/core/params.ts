/**
 * Turns a user's object (VICIdial names or camelCase, any JSON values) into the
 * exact string parameters the server reads, or an INVALID error before anything is sent.
 */
import type { FunctionSpec, ParamSpec } from './catalog/types';
import { VicidialError } from './errors';

/** Sent by the transport, never accepted from a message. */
export const RESERVED = new Set(['user', 'pass', 'function', 'source']);

export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const aliasCache = new WeakMap<FunctionSpec, Map<string, ParamSpec>>();

/** Every accepted spelling of every parameter of a function, mapped to its spec. */
export function paramIndex(spec: FunctionSpec): Map<string, ParamSpec> {
  let index = aliasCache.get(spec);
  if (index) return index;
  index = new Map();
  for (const p of spec.params) {
    index.set(p.name, p);
    const camel = camelCase(p.name);
    if (!index.has(camel)) index.set(camel, p);
  }
  aliasCache.set(spec, index);
  return index;
}

function invalid(spec: FunctionSpec, reason: string, field?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: spec.name, reason, details: field ? [field] : [], fields: field ? { field } : {} });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function formatDate(d: Date, withTime: boolean): string {
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return withTime ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : day;
}

function enumValue(spec: FunctionSpec, p: ParamSpec, raw: string): string {
  const values = p.values ?? [];
  const exact = values.find((v) => v === raw) ?? values.find((v) => v.toUpperCase() === raw.toUpperCase());
  if (exact !== undefined) return exact;
  throw invalid(spec, `${p.name} must be one of ${values.join(', ')}`, p.name);
}

function booleanValue(spec: FunctionSpec, p: ParamSpec, value: boolean): string {
  const values = p.values ?? [];
  const wanted = value ? ['Y', 'YES', '1', 'TRUE'] : ['N', 'NO', '0', 'FALSE'];
  const hit = values.find((v) => wanted.includes(v.toUpperCase()));
  if (hit !== undefined) return hit;
  throw invalid(spec, `${p.name} does not take true/false`, p.name);
}

/** Converts one value to the text the server expects, checking its type. */
export function encodeValue(spec: FunctionSpec, p: ParamSpec, value: unknown): string {
  if (typeof value === 'boolean') return booleanValue(spec, p, value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(spec, `${p.name} is not a valid date`, p.name);
    return formatDate(value, p.type !== 'date');
  }
  if (Array.isArray(value)) {
    if (p.type !== 'list') throw invalid(spec, `${p.name} takes one value, not a list`, p.name);
    return checkItems(spec, p, value.map((v) => String(v).trim()).join(p.separator ?? ','));
  }
  if (value !== null && typeof value === 'object') throw invalid(spec, `${p.name} must be text or a number, not an object`, p.name);
  // Only typed values are trimmed: some server lists are space-delimited with a
  // meaningful leading space (e.g. ingroup_choices), so free text is sent as given.
  const raw = String(value);
  const text = p.type && p.type !== 'string' && p.type !== 'list' ? raw.trim() : raw;
  if (/[\r\n]/.test(text)) throw invalid(spec, `${p.name} must not contain line breaks`, p.name);
  switch (p.type) {
    case 'integer':
      if (!/^-?\d+$/.test(text)) throw invalid(spec, `${p.name} must be a whole number`, p.name);
      break;
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw invalid(spec, `${p.name} must be a number`, p.name);
      break;
    case 'phone': {
      const digits = text.replace(/\D/g, '');
      if (!digits) throw invalid(spec, `${p.name} has no digits`, p.name);
      if (p.maxLength !== undefined && digits.length > p.maxLength) throw invalid(spec, `${p.name} has more than ${p.maxLength} digits`, p.name);
      return digits;
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalid(spec, `${p.name} must be a date as YYYY-MM-DD`, p.name);
      break;
    case 'datetime':
      if (!/^\d{4}-\d{2}-\d{2}([ T+]\d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
        throw invalid(spec, `${p.name} must be a date and time as YYYY-MM-DD HH:MM:SS`, p.name);
      }
      break;
    case 'enum':
      return enumValue(spec, p, text);
    case 'list':
      if (p.items) return checkItems(spec, p, text);
      break;
    default:
      break;
  }
  if (p.maxLength !== undefined && text.length > p.maxLength) {
    throw invalid(spec, `${p.name} is longer than ${p.maxLength} characters`, p.name);
  }
  return text;
}

/** A list of whole numbers has no empty item: the server would fail on it (HTTP 500) rather than answer. */
function checkItems(spec: FunctionSpec, p: ParamSpec, text: string): string {
  if (p.items !== 'integer') return text;
  const list = text.replace(/\s+/g, '');
  if (!list.split(p.separator ?? ',').every((item) => /^\d+$/.test(item))) {
    throw invalid(spec, `${p.name} must be whole numbers separated by "${p.separator ?? ','}"`, p.name);
  }
  return list;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Builds the parameters for one call. Blank values are left out (VICIdial reads a
 * sent-but-empty field as "set it to empty" in updates, which is never what a
 * missing message property means). Unknown names are INVALID unless the function
 * takes custom fields.
 */
export function buildParams(spec: FunctionSpec, input: Readonly<Record<string, unknown>>): Record<string, string> {
  const index = paramIndex(spec);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (isBlank(value)) continue;
    if (RESERVED.has(key)) throw invalid(spec, `${key} is set by the server configuration, not by the message`, key);
    const p = index.get(key);
    if (p) {
      out[p.name] = encodeValue(spec, p, value);
      continue;
    }
    if (spec.customFields && /^[A-Za-z0-9_]{1,64}$/.test(key)) {
      out[key] = encodeValue(spec, { name: key }, value);
      continue;
    }
    throw invalid(spec, `unknown parameter "${key}" for ${spec.name}`, key);
  }
  for (const p of spec.params) {
    if (p.required && out[p.name] === undefined) throw invalid(spec, `${p.name} is required`, p.name);
  }
  for (const group of spec.requireOneOf ?? []) {
    if (!group.some((name) => out[name] !== undefined)) throw invalid(spec, `one of ${group.join(', ')} is required`, group[0]);
  }
  return out;
}
