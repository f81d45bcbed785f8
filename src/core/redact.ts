/**
 * VICIdial echoes the password back in some errors, so every text that leaves the
 * core (raw bodies, reasons, details, parsed fields, messages) passes through here.
 */
export const MASK = '********';

export type Redactor = (text: string) => string;

/**
 * The login-failure lines of both APIs print `|user|pass|…`: the password field is
 * masked by position too, because the server echoes it after stripping characters
 * it does not accept, and a stripped password may not match the one we know.
 */
const LOGIN_ECHO = /^(ERROR: (?:Login incorrect, please try again|Invalid Username\/Password): \|[^|\n]*\|)[^|\n]*/gm;

/** How VICIdial sanitises a password before echoing it (non_agent_api.php and agc/api.php). */
export function serverForms(secret: string): string[] {
  return [secret.replace(/[^-_0-9a-zA-Z]/g, ''), secret.replace(/[^-_0-9\p{L}]/gu, '')];
}

/** Builds a redactor for the given secrets, matching their plain, URL-encoded and server-sanitised forms. */
export function makeRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    // A sanitised form of one or two characters would mask unrelated text; LOGIN_ECHO covers it.
    for (const f of serverForms(secret)) if (f.length >= 3) forms.add(f);
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(LOGIN_ECHO, `$1${MASK}`);
    for (const form of ordered) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
    return out;
  };
}

/** Redacts every string inside a JSON-like value, returning a new value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
