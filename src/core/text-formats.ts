/**
 * The two answers that are neither rows nor status lines: lead_status_search's blocks of
 * `key => value` lines and check_phone_number's `LABEL: a|b#LABEL: …` sections. The catalog
 * entry names the markers and fields; this module only reads them.
 */
import type { ResponseSpec, ValueType } from './catalog/types';
import { CONVERTERS, type Value } from './values';

type RecordsSpec = Extract<ResponseSpec, { kind: 'records' }>;
type SectionsSpec = Extract<ResponseSpec, { kind: 'sections' }>;

function typed(types: Readonly<Record<string, ValueType>> | undefined, name: string, raw: string): Value {
  const t = types?.[name];
  return t ? CONVERTERS[t](raw) : raw;
}

/** One object per block; lines before the first block marker are ignored (there are none in the source). */
export function parseRecords(spec: RecordsSpec, lines: readonly string[]): Array<Record<string, Value>> {
  const out: Array<Record<string, Value>> = [];
  let current: Record<string, Value> | undefined;
  for (const line of lines) {
    if (line.startsWith(spec.start)) {
      current = {};
      out.push(current);
      continue;
    }
    const arrow = line.indexOf(' => ');
    if (!current || arrow <= 0) continue;
    const key = line.slice(0, arrow);
    if (key === '__proto__') continue;
    current[key] = typed(spec.types, key, line.slice(arrow + 4));
  }
  return out;
}

/** The named fields of one sections line; unknown labels keep their values by position. */
export function parseSections(spec: SectionsSpec, line: string): Record<string, Value | Record<string, Value>> {
  const out: Record<string, Value | Record<string, Value>> = {};
  let first: Record<string, Value> | undefined;
  for (const part of line.split('#')) {
    const colon = part.indexOf(': ');
    if (colon <= 0) continue;
    const label = part.slice(0, colon);
    const values = part.slice(colon + 2).split('|');
    const names = spec.sections[label] ?? [];
    // PHONE ends with a '|': an empty value past the named fields is that terminator, not a field.
    if (values.length > names.length && values[values.length - 1] === '') values.pop();
    const fields: Record<string, Value> = {};
    values.forEach((v, i) => {
      const name = names[i] ?? `field_${i + 1}`;
      fields[name] = typed(spec.types, name, v);
    });
    if (label === spec.main) Object.assign(out, fields);
    else if (label.toLowerCase() !== '__proto__') out[label.toLowerCase()] = fields;
    // The first method that found an offset (POSTAL prints `0|` without one when the postal code is unknown).
    if (label !== spec.main && !first && (spec.fromFirst ?? []).every((n) => fields[n] !== undefined && fields[n] !== null)) first = fields;
  }
  for (const name of spec.fromFirst ?? []) if (first && name in first) out[name] = first[name];
  return out;
}
