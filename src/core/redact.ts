/**
 * VICIdial echoes the password back (login failures, the Agent API's login SQL, links of
 * some HTML outputs, debug output), and proxies echo requests in their error pages. The
 * redactor masks every form of a secret those echoes can take, in the texts where echoes
 * appear (raw answers, ERROR and NOTICE lines, errors) and in everything the pack writes.
 * It is never applied to data the server returned as data (rows, SUCCESS fields): a
 * password such as `1234` must not turn `agent101234` into `agent10********`.
 */
export const MASK = '********';

export type Redactor = (text: string) => string;

/**
 * Echoes masked by position, whatever the echoed text: the server may strip characters
 * from the password first, so the echo need not match any form we can compute.
 * Each pattern is linear: a literal anchor, then one negated class.
 */
const POSITIONAL: ReadonlyArray<readonly [RegExp, string]> = [
  // `ERROR: Login incorrect, please try again: |user|pass|BAD|` and the Agent API's `Invalid Username/Password: |user|pass|…`.
  [/^(ERROR: (?:Login incorrect, please try again|Invalid Username\/Password): \|[^|\n]*\|)[^|\n]*/gm, `$1${MASK}`],
  // The login query the Agent API prints after BAD: pass='…' or pass_hash='…'.
  [/(\bpass(?:_hash)?=')[^'\n]*/g, `$1${MASK}`],
  // Links and proxy pages that echo a query string: pass=… up to the next parameter.
  [/([?&;]pass=)[^&"'<>\s]*/g, `$1${MASK}`],
];

/** Characters the Agent API strips from every parameter before anything else. */
const AGENT_PRESTRIP = /['"\\; ]/g;
/** Characters the login query of functions.php strips on top. */
const SQL_STRIP = /[|`&'"\\; ]/g;

/**
 * Every form VICIdial can echo a password in, from the PHP source: non_agent_api.php keeps
 * [-_0-9a-zA-Z] (Latin-1 systems) or [-_0-9\p{L}] (UTF-8 systems); agc/api.php first strips
 * quotes, backslash, ';' and spaces, then keeps [-.+/=_0-9a-zA-Z] or [-.+/=_0-9\p{L}]
 * (older versions keep [-_0-9a-zA-Z], or only the first strip on UTF-8 systems); the
 * login query strips '|', '`' and '&' on top.
 */
export function serverForms(secret: string): string[] {
  const agent = secret.replace(AGENT_PRESTRIP, '');
  const forms = [
    secret.replace(/[^-_0-9a-zA-Z]/g, ''),
    secret.replace(/[^-_0-9\p{L}]/gu, ''),
    agent,
    agent.replace(/[^-.+/=_0-9a-zA-Z]/g, ''),
    agent.replace(/[^-.+/=_0-9\p{L}]/gu, ''),
  ];
  return [...forms, ...forms.map((f) => f.replace(SQL_STRIP, ''))];
}

const HTML_ESCAPES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['&', ['&amp;']],
  ['<', ['&lt;']],
  ['>', ['&gt;']],
  ['"', ['&quot;', '&#34;']],
  ["'", ['&#39;', '&#039;', '&apos;']],
];

/** The secret as HTML pages print it (each variant of each escape). */
function htmlForms(secret: string): string[] {
  let forms = [secret];
  for (const [ch, escapes] of HTML_ESCAPES) {
    if (!secret.includes(ch)) continue;
    forms = forms.flatMap((f) => escapes.map((e) => f.split(ch).join(e)));
  }
  return [secret, ...forms.slice(0, 16)];
}

/** The secret as it travels in URLs and forms, with upper- and lower-case percent escapes. */
function encodedForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const lower = (s: string): string => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return [uri, form, lower(uri), lower(form)];
}

/** Short forms match only as whole tokens: inside a longer word they are more likely data. */
const SHORT = 8;
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** Masks each occurrence of `form` in `text` (for short forms, only where it is not part of a longer word). */
function maskForm(text: string, form: string): string {
  let at = text.indexOf(form);
  if (at < 0) return text;
  const edgeStart = form.length < SHORT && isWordChar(form[0]);
  const edgeEnd = form.length < SHORT && isWordChar(form[form.length - 1]);
  let out = '';
  let from = 0;
  while (at >= 0) {
    const whole = (!edgeStart || !isWordChar(text[at - 1])) && (!edgeEnd || !isWordChar(text[at + form.length]));
    if (whole) {
      out += text.slice(from, at) + MASK;
      from = at + form.length;
    }
    at = text.indexOf(form, whole ? from : at + 1);
  }
  return out + text.slice(from);
}

/** Builds a redactor for the given secrets, matching every form they can be echoed in. */
export function makeRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    for (const f of [...htmlForms(secret), ...encodedForms(secret)]) forms.add(f);
    // A stripped form of one or two characters would mask unrelated text; positional masking covers it.
    for (const f of serverForms(secret)) if (f.length >= 3) forms.add(f);
  }
  // Longest first, so a secret that contains another form is masked whole.
  const ordered = [...forms].filter((f) => f.length > 0 && f !== MASK).sort((a, b) => b.length - a.length);
  return (text) => {
    if (!text) return text;
    let out = text;
    for (const [pattern, replacement] of POSITIONAL) out = out.replace(pattern, replacement);
    for (const form of ordered) out = maskForm(out, form);
    return out;
  };
}
