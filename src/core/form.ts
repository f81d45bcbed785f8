/**
 * application/x-www-form-urlencoded bodies, byte for byte what URLSearchParams writes,
 * without building a URLSearchParams per call: most values are plain tokens
 * (digits, ids, YES/NO) that need no escaping at all.
 */

const PLAIN = /^[A-Za-z0-9_.*-]*$/;
/** Characters encodeURIComponent leaves alone but the form encoding escapes. */
const EXTRA = /[!'()~]/g;

function escapeExtra(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

export function encodeFormComponent(value: string): string {
  if (PLAIN.test(value)) return value;
  try {
    return encodeURIComponent(value).replace(EXTRA, escapeExtra).replace(/%20/g, '+');
  } catch {
    // A lone surrogate: URLSearchParams writes it as U+FFFD instead of failing.
    return new URLSearchParams({ v: value }).toString().slice(2);
  }
}

/** The same text as `new URLSearchParams(params).toString()`. */
export function encodeForm(params: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in params) {
    if (!Object.prototype.hasOwnProperty.call(params, key)) continue;
    if (out !== '') out += '&';
    out += `${encodeFormComponent(key)}=${encodeFormComponent(String(params[key]))}`;
  }
  return out;
}
