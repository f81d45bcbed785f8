/**
 * The catalog's response schema applied to a report: the column names for the parameters
 * that were sent (options add columns), and typed values. The parser calls these, so every
 * path (generic node, call(), purpose-built nodes) gets the same data.
 */
import type { OptionalColumns, ResponseSpec, ValueType } from './catalog/types';
import { CONVERTERS, type Value } from './values';

type RowsSpec = Extract<ResponseSpec, { kind: 'rows' }>;

function switchedOn(o: OptionalColumns, params: Readonly<Record<string, string>>): boolean {
  const v = params[o.param] ?? '';
  return o.contains ? v.includes(o.value) : v === o.value;
}

/** The printed columns for these parameters, in the server's order. */
export function columnsFor(response: RowsSpec, params: Readonly<Record<string, string>>): string[] {
  const names = [...response.columns];
  for (const o of response.optional ?? []) {
    if (!switchedOn(o, params)) continue;
    const at = o.before === undefined ? -1 : names.indexOf(o.before);
    if (at < 0) names.push(...o.columns);
    else names.splice(at, 0, ...o.columns);
  }
  return names;
}

export type Converter = (raw: string) => Value;

/** The converter of each column (undefined = text), or undefined when no column is typed. */
export function convertersFor(response: RowsSpec, names: readonly string[]): Array<Converter | undefined> | undefined {
  const from = response.restType ? response.sortHeaderFrom ?? names.length : names.length;
  let any = false;
  const out = names.map((name, i) => {
    const t: ValueType | undefined = i >= from ? response.restType : response.types?.[name];
    if (t) any = true;
    return t ? CONVERTERS[t] : undefined;
  });
  return any ? out : undefined;
}
