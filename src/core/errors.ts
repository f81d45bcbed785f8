import { ERROR_RULE, type ErrorCategory } from './catalog/types';

export const ERROR_CODES = [
  'AUTH',
  'LOCKED',
  'PERMISSION',
  'NOT_FOUND',
  'DUPLICATE',
  'DNC',
  'INVALID',
  'HTTP',
  'TIMEOUT',
  'NETWORK',
  'QUEUE_FULL',
  'TRUNCATED',
  'TOO_LARGE',
  'BUSY',
  'UNKNOWN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * "Something does not exist" wording: the subject of the call (NOT_FOUND) or a reference in its input (INVALID).
 * A bounded gap keeps the pattern linear ("NO " repeated would make `NO .*FOUND` quadratic).
 */
export const MISSING_WORDING = /NOT FOUND|DOES NOT EXIST|NO MATCHES|NOT LOGGED IN|NO [A-Z_ ]{0,40}FOUND|NOT A DEFINED|NOT AN EXISTING/i;

export interface VicidialErrorInit {
  code: ErrorCode;
  function?: string;
  reason: string;
  details?: string[];
  fields?: Record<string, string>;
  /** NOTICE lines printed before the error: changes the server made before it failed. */
  notices?: Array<{ reason: string; details: string[] }>;
  raw?: string;
  status?: number;
  /** For calls the login guard stopped: when calls may be sent again (epoch ms). */
  retryAt?: number;
}

/**
 * The one error class of the pack. Everything a user may see (message, reason,
 * details, raw) must already be redacted by whoever builds it.
 */
export class VicidialError extends Error {
  readonly code: ErrorCode;
  readonly function: string | undefined;
  readonly reason: string;
  readonly details: string[];
  readonly fields: Record<string, string>;
  readonly notices: Array<{ reason: string; details: string[] }>;
  readonly raw: string;
  readonly status: number | undefined;
  readonly retryAt: number | undefined;

  constructor(init: VicidialErrorInit) {
    const where = init.function ? `${init.function}: ` : '';
    super(`${init.code}: ${where}${init.reason}`);
    this.name = 'VicidialError';
    this.code = init.code;
    this.function = init.function;
    this.reason = init.reason;
    this.details = init.details ?? [];
    this.fields = init.fields ?? {};
    this.notices = init.notices ?? [];
    this.raw = init.raw ?? '';
    this.status = init.status;
    this.retryAt = init.retryAt;
  }

  /** A plain object for msg.error: JSON-safe and free of stack traces. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      function: this.function,
      reason: this.reason,
      details: this.details,
      fields: this.fields,
      notices: this.notices,
      raw: this.raw,
      status: this.status,
      ...(this.retryAt === undefined ? {} : { retryAt: this.retryAt }),
    };
  }
}

export function isVicidialError(e: unknown): e is VicidialError {
  return e instanceof VicidialError;
}

/** Ordered: the first pattern that matches an ERROR reason decides its category. */
const REASON_CATEGORIES: ReadonlyArray<readonly [RegExp, ErrorCategory | 'missing']> = [
  [/too many login attempts|\bLOCK\b/i, 'locked'],
  [/login incorrect|invalid username\/password|IP address is not allowed/i, 'auth'],
  [/^auth USER DOES NOT HAVE PERMISSION/i, 'permission'],
  // The server does not know the function (an older VICIdial, or a typo).
  [/^NO FUNCTION SPECIFIED/i, 'malformed'],
  [/PERMISSION|NOT ALLOWED|USER LEVEL|API ACCESS/i, 'permission'],
  [/\bDNC\b|DO NOT CALL/i, 'dnc'],
  [/DUPLICATE|ALREADY EXISTS|ALREADY IN/i, 'duplicate'],
  [MISSING_WORDING, 'missing'],
  [/INVALID|MISSING|NOT VALID|MUST BE|TOO LONG|TOO SHORT|BLANK|REQUIRED/i, 'malformed'],
  [/NOT PAUSED|NOT ACTIVE|NOT SET TO/i, 'state'],
];

/** Does `reason` name the function's subject? Whole words, any case. */
export function namesSubject(reason: string, subject: readonly string[] | undefined): boolean {
  const upper = reason.toUpperCase();
  return (subject ?? []).some((s) => new RegExp(`(^|[^A-Z0-9_])${s.toUpperCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Z0-9_])`).test(upper));
}

/** VICIdial's reasons are short; only this much of a (possibly hostile) reason is classified. */
export const CLASSIFIED_CHARS = 256;

export interface ReasonContext {
  readonly subject?: readonly string[];
  readonly errors?: Readonly<Record<string, ErrorCategory>>;
}

/**
 * The rule's category of an ERROR reason for one function; undefined when nothing matches.
 * Overrides are prefixes of the reason, or of `reason - details` (the Agent API's `error - no session data`).
 */
export function categorizeReason(reason: string, fn?: ReasonContext, details: readonly string[] = []): ErrorCategory | undefined {
  const full = details.length > 0 ? `${reason} - ${details.join('|')}` : reason;
  for (const [prefix, category] of Object.entries(fn?.errors ?? {})) {
    if (full.startsWith(prefix)) return category;
  }
  const head = reason.length > CLASSIFIED_CHARS ? reason.slice(0, CLASSIFIED_CHARS) : reason;
  for (const [pattern, category] of REASON_CATEGORIES) {
    if (!pattern.test(head)) continue;
    if (category !== 'missing') return category;
    return namesSubject(head, fn?.subject) ? 'subject' : 'reference';
  }
  return undefined;
}

export function classifyReason(reason: string, fn?: ReasonContext, details: readonly string[] = []): ErrorCode {
  const category = categorizeReason(reason, fn, details);
  return category ? ERROR_RULE[category] : 'UNKNOWN';
}

/** What an HTTP status means in the pack's vocabulary, for APIs that speak through status codes; undefined for 2xx. */
export function classifyStatus(status: number): ErrorCode | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400) return 'INVALID';
  if (status === 503) return 'BUSY';
  return 'HTTP';
}
