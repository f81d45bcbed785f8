/**
 * The function catalog is data: nodes, the generic node's dialog, the simulator
 * and the tests all read these shapes, so adding a function means adding one entry.
 */
import type { ErrorCode } from '../errors';

export type ApiKind = 'non_agent' | 'agent';

/**
 * What an ERROR reason means; each category has exactly one code (ERROR_RULE), so a code means
 * the same thing in every function. README's error-code table states the same rule.
 * - `subject`: the one thing the call is about does not exist: the lead to read or update, the DNC entry to
 *   delete, the call id, the list/user/phone/DID being read or changed, the named agent asked about or
 *   controlled (also when that agent is not logged in)
 * - `reference`: the input names something else that does not exist (a list id to put a lead in, a user
 *   group, filter phone group, server IP, phone, campaign, in-group, a user named in a notification): fix the input
 * - `malformed`: a value is missing, badly formed or out of range
 * - `state`: everything exists but is in the wrong state for the request (agent not paused, no live call,
 *   a feature switched off)
 * - `permission`, `duplicate`, `dnc`, `auth`, `locked`: as named
 * - `unexplained`: the server says it failed without saying why
 * An empty result is not an error: it is only for queries over a set (no agents logged in at all, no records
 * in a date range, no search matches), never for a named subject (catalog `empty`).
 */
export type ErrorCategory =
  | 'subject'
  | 'reference'
  | 'malformed'
  | 'state'
  | 'permission'
  | 'duplicate'
  | 'dnc'
  | 'auth'
  | 'locked'
  | 'unexplained';

export const ERROR_RULE: Readonly<Record<ErrorCategory, ErrorCode>> = {
  subject: 'NOT_FOUND',
  reference: 'INVALID',
  malformed: 'INVALID',
  state: 'INVALID',
  permission: 'PERMISSION',
  duplicate: 'DUPLICATE',
  dnc: 'DNC',
  auth: 'AUTH',
  locked: 'LOCKED',
  unexplained: 'UNKNOWN',
};

export type ParamType =
  | 'string'
  | 'integer'
  | 'number'
  | 'phone'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'list';

export interface ParamSpec {
  /** The name exactly as the server reads it; a camelCase alias is derived from it. */
  readonly name: string;
  readonly type?: ParamType;
  readonly required?: boolean;
  /** Allowed values for `enum` (YES/NO switches are enums too). */
  readonly values?: readonly string[];
  readonly maxLength?: number;
  /** For `list`: how the server wants an array joined (e.g. '-' or '|'). */
  readonly separator?: string;
  /** For `list`: every item must be a whole number (the server puts the list in an SQL `IN(...)`). */
  readonly items?: 'integer';
  readonly description?: string;
}

export type Delimiter = 'pipe' | 'csv' | 'tab' | 'comma' | 'dash';

/**
 * How a printed value is typed in every result (generic node, the core's call(), purpose-built nodes):
 * - `integer`: a whole number; '' is null; text that is not one (or beyond 2^53) stays as printed
 * - `number`: a decimal number, same rules
 * - `percent`: `12.5%` → 12.5
 * - `duration`: seconds, from any of the server's time formats (`5023`, `83:43`, `1:23:43`)
 * - `hourly`: `00-2,01-0,…,23-1` → 24 numbers, index = hour of day
 * - `counts`: `A-3,DROP-1` → `{ A: 3, DROP: 1 }` (codes may contain dashes, counts cannot)
 * - `tally`: `5` → 5, and `5 (25.0%)` (with percentages shown) → `{ count: 5, percent: 25 }`
 */
export type ValueType = 'integer' | 'number' | 'percent' | 'duration' | 'hourly' | 'counts' | 'tally';

/**
 * Columns a request parameter adds to a report, in the order the server prints them. The switch is on
 * when the parameter equals `value` (or, with `contains`, has it anywhere: the PHP's preg_match).
 */
export interface OptionalColumns {
  readonly param: string;
  readonly value: string;
  readonly contains?: boolean;
  readonly columns: readonly string[];
  /** Printed before this column of the catalog's `columns`; at the end when absent. */
  readonly before?: string;
}

export type ResponseSpec =
  /** Only SUCCESS/ERROR/NOTICE lines; the first SUCCESS line's details become the result. */
  | { readonly kind: 'status' }
  /**
   * Data rows, one object per line named by `columns`. `delimiter: 'stage'` means the
   * caller picks it with the `stage` parameter (csv, tab, pipe; pipe when absent).
   * `header: 'param'` means a header row is printed when `header=YES` was sent;
   * `header: 'always'` means the first row is always a header (its names win over `columns`).
   */
  | {
      readonly kind: 'rows';
      readonly columns: readonly string[];
      readonly delimiter: Delimiter | 'stage';
      readonly header?: 'never' | 'param' | 'always';
      /** With `header: 'always'`: header names from this index on are sorted before use. */
      readonly sortHeaderFrom?: number;
      /** Applied in order; `columns` are the ones printed whatever the parameters. */
      readonly optional?: readonly OptionalColumns[];
      /** Typed columns (by name); every other column stays text. */
      readonly types?: Readonly<Record<string, ValueType>>;
      /** With `header: 'always'`: the type of the columns named by the header from `sortHeaderFrom` on. */
      readonly restType?: ValueType;
    }
  /** One line of `KEY: value|KEY: value` pairs (version). */
  | { readonly kind: 'kv' }
  /** Free text; the whole body (minus status lines) is returned as `field`. */
  | { readonly kind: 'text'; readonly field: string }
  /**
   * Blocks of `key => value` lines, one object per block; a line starting with `start` opens a block
   * (lead_status_search). Values are split at the first `' => '`.
   */
  | { readonly kind: 'records'; readonly start: string; readonly types?: Readonly<Record<string, ValueType>> }
  /**
   * One line of `LABEL: v1|v2|…` sections joined by `#` (check_phone_number). The `main` section's values
   * are the result's own fields; every other section is an object under its label in lower case.
   */
  | {
      readonly kind: 'sections';
      readonly sections: Readonly<Record<string, readonly string[]>>;
      readonly main: string;
      /** Fields also given at the top, from the first section that has them all (the first time-zone method with an answer). */
      readonly fromFirst?: readonly string[];
      readonly types?: Readonly<Record<string, ValueType>>;
    };

/** Names for the `|`-separated details of one kind of status line. */
export interface LineSpec {
  readonly tag: 'SUCCESS' | 'ERROR' | 'NOTICE';
  /** Matched as a prefix of the reason text (after the function name). */
  readonly reason: string;
  readonly fields: readonly string[];
}

export interface PermissionSpec {
  /** Minimum vicidial_users.user_level the server checks for this function. */
  readonly userLevel?: number;
  /** vicidial_users flags that must be '1' (or 'Y'), e.g. 'modify_leads', 'view_reports'. */
  readonly flags?: readonly string[];
  /** The reason the server prints when the check fails (after `ERROR: <function> `). */
  readonly reason: string;
}

export interface FunctionSpec {
  readonly name: string;
  readonly api: ApiKind;
  /** Writes are never retried once a request may have reached the server. */
  readonly write: boolean;
  /** false: answered before the login is checked, so it can never count as a failed login. */
  readonly login?: boolean;
  /**
   * true: the PHP prints some answers of this function without a final newline (a bare
   * value, a last report line, a reason echoed alone), so a missing one is not a sign of
   * an answer cut short. Every other function ends each answer with a newline.
   */
  readonly unterminated?: boolean;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** At least one parameter of each group must be present. */
  readonly requireOneOf?: readonly (readonly string[])[];
  /** The function accepts arbitrary extra (custom field) names, e.g. add_lead with custom_fields=Y. */
  readonly customFields?: boolean;
  readonly response: ResponseSpec;
  readonly lines?: readonly LineSpec[];
  /** ERROR reasons (prefixes) that mean "no rows", which is an empty result, not a failure. */
  readonly empty?: readonly string[];
  /**
   * What the call is about, as the server names it in its reasons (e.g. 'LEAD', 'agent_user'): a "does not
   * exist / not found / not logged in" reason naming one of these is `subject` (NOT_FOUND); naming
   * anything else it is `reference` (INVALID).
   */
  readonly subject?: readonly string[];
  /** ERROR reason prefixes whose category the generic classification would get wrong. */
  readonly errors?: Readonly<Record<string, ErrorCategory>>;
  readonly permission?: PermissionSpec;
}
