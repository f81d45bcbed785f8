/**
 * Do-Not-Call and filter-phone-group work on many numbers at once: which function
 * an action means, how msg.payload becomes one call per number, how each answer
 * becomes an outcome, and when a whole batch is a failure rather than a report.
 *
 * VICIdial takes one number per call and answers "already listed" / "not listed"
 * as ERROR lines; here those are outcomes, and only account- or server-level
 * failures shared by every number make the message an error.
 */
import { getFunction } from './catalog';
import type { FunctionSpec } from './catalog/types';
import type { VicidialClient } from './client';
import { isVicidialError, VicidialError, type ErrorCode } from './errors';
import { buildParams, paramIndex } from './params';
import type { ApiResult, StatusLine } from './parser';
import { DEFAULTS } from './transport';

export type DncAction = 'add' | 'remove' | 'add_fpg' | 'remove_fpg' | 'check';

export type DncOutcome =
  | 'added'
  | 'already_listed'
  | 'removed'
  | 'not_listed'
  | 'dnc'
  | 'not_dnc'
  /** check_phone_number with every DNC check off: the number was only validated. */
  | 'checked'
  /** The number itself was rejected (too short, bad prefix…). */
  | 'invalid'
  | 'failed';

export const SYSTEM_LIST = 'SYSTEM_INTERNAL';

interface ActionSpec {
  fn: string;
  /** The parameter that names the list the number goes to. */
  list: 'campaign_id' | 'group';
  success: DncOutcome;
  /** ERROR reasons (prefixes) that answer the question rather than fail it. */
  answers: ReadonlyArray<readonly [string, DncOutcome]>;
}

const ACTIONS: Readonly<Record<DncAction, ActionSpec>> = {
  add: { fn: 'add_dnc_phone', list: 'campaign_id', success: 'added', answers: [['DNC NUMBER ALREADY EXISTS', 'already_listed']] },
  remove: { fn: 'delete_dnc_phone', list: 'campaign_id', success: 'removed', answers: [['DNC NUMBER DOES NOT EXIST', 'not_listed']] },
  add_fpg: {
    fn: 'add_fpg_phone',
    list: 'group',
    success: 'added',
    answers: [['FILTER PHONE GROUP NUMBER ALREADY EXISTS', 'already_listed']],
  },
  remove_fpg: {
    fn: 'delete_fpg_phone',
    list: 'group',
    success: 'removed',
    // Not "FILTER PHONE GROUP DOES NOT EXIST": a missing group is a failure, not an answer.
    answers: [['FILTER PHONE GROUP NUMBER DOES NOT EXIST', 'not_listed']],
  },
  check: {
    fn: 'check_phone_number',
    list: 'campaign_id',
    success: 'not_dnc',
    answers: [
      ['PHONE NUMBER IN CAMPAIGN DNC', 'dnc'],
      ['PHONE NUMBER IN DNC', 'dnc'],
    ],
  },
};

const ALIASES: Readonly<Record<string, DncAction>> = {
  add: 'add',
  add_dnc: 'add',
  add_dnc_phone: 'add',
  remove: 'remove',
  delete: 'remove',
  remove_dnc: 'remove',
  delete_dnc: 'remove',
  delete_dnc_phone: 'remove',
  add_fpg: 'add_fpg',
  add_fpg_phone: 'add_fpg',
  remove_fpg: 'remove_fpg',
  delete_fpg: 'remove_fpg',
  delete_fpg_phone: 'remove_fpg',
  check: 'check',
  check_phone_number: 'check',
};

function invalid(reason: string, field?: string, fn?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason, details: field ? [field] : [], fields: field ? { field } : {} });
}

/** The action a dialog value or msg.action names (the function names are accepted too). */
export function parseAction(value: unknown): DncAction {
  const key = typeof value === 'string' ? value.trim().toLowerCase().replace(/[-\s]+/g, '_') : '';
  const action = ALIASES[key];
  if (action) return action;
  throw invalid(
    typeof value === 'string' && value.trim() ? `unknown DNC action "${value}"` : 'no DNC action given',
    'action',
  );
}

export function actionFunction(action: DncAction): string {
  return ACTIONS[action].fn;
}

// ---------------------------------------------------------------------------
// msg.payload → one entry per number

export interface PhoneEntry {
  /** What the message carried for this number (kept for invalid entries, whose digits may be empty). */
  source: unknown;
  phone: unknown;
  /** Other fields of an object entry (campaign_id, group, dnc_check…). */
  fields: Record<string, unknown>;
}

const LIST_SEPARATORS = /[,;\n\r]+/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

function entryOf(value: unknown): PhoneEntry {
  if (isPlainObject(value)) {
    const phone = value.phone_number !== undefined ? value.phone_number : value.phoneNumber;
    return { source: value, phone, fields: value };
  }
  return { source: value, phone: value, fields: {} };
}

/**
 * Every number msg.payload carries, in order. An array gives one entry per element
 * (so results line up with it); a lone string may list several numbers separated by
 * commas, semicolons or new lines (VICIdial would store such a string as one
 * literal entry). A payload with no number at all is INVALID.
 */
export function phoneEntries(payload: unknown): PhoneEntry[] {
  if (Array.isArray(payload)) return payload.map(entryOf);
  if (typeof payload === 'string') {
    const parts = payload.split(LIST_SEPARATORS).map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw invalid('msg.payload carries no phone number', 'phone_number');
    return parts.map(entryOf);
  }
  if (typeof payload === 'number' || isPlainObject(payload)) return [entryOf(payload)];
  throw invalid('msg.payload must be a phone number, an array of them, or an object with phone_number', 'phone_number');
}

/** The digits of a number as given (VICIdial keeps digits only), or an INVALID error. */
export function phoneDigits(value: unknown, fn?: string): string {
  if (typeof value === 'number') {
    // Past 2^53 a JSON number has already lost digits; only text keeps them.
    if (!Number.isSafeInteger(value) || value < 0) throw invalid(`phone number ${value} is not a whole number that fits: send it as text`, 'phone_number', fn);
    return String(value);
  }
  if (typeof value !== 'string') throw invalid('no phone_number', 'phone_number', fn);
  if (LIST_SEPARATORS.test(value)) throw invalid('several numbers in one text: send them as an array', 'phone_number', fn);
  return value.replace(/\D/g, '');
}

// ---------------------------------------------------------------------------
// The calls to make

export interface DncOptions {
  /** Campaign DNC list or SYSTEM_INTERNAL (add/remove); campaign for check's campaign DNC check. */
  campaignId?: unknown;
  /** Filter phone group (add_fpg/remove_fpg). */
  group?: unknown;
  /** check_phone_number settings from the dialog: local_call_time, dnc_check, campaign_dnc_check… */
  check?: Readonly<Record<string, unknown>>;
}

export interface PlannedItem {
  phone: string;
  source: unknown;
  /** The checked parameters, when the number can be sent. */
  params?: Record<string, string>;
  error?: VicidialError;
}

export interface DncPlan {
  action: DncAction;
  spec: FunctionSpec;
  items: PlannedItem[];
}

const MIN_DIGITS = 6;
/** check_phone_number's own limit; the DNC tables take whatever is sent. */
const CHECK_MAX_DIGITS = 16;

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** The function's own parameters among an entry's fields; anything else a CRM record carries is ignored. */
function knownFields(spec: FunctionSpec, fields: Record<string, unknown>): Record<string, unknown> {
  const index = paramIndex(spec);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const p = index.get(key);
    if (p && p.name !== 'phone_number' && !blank(value)) out[p.name] = value;
  }
  return out;
}

function configured(action: DncAction, options: DncOptions): Record<string, unknown> {
  if (action === 'add_fpg' || action === 'remove_fpg') return { group: options.group };
  if (action !== 'check') return { campaign_id: options.campaignId };
  const check: Record<string, unknown> = { ...(options.check ?? {}) };
  // SYSTEM_INTERNAL (the dialog's default list) is no campaign to check.
  if (!blank(options.campaignId) && String(options.campaignId).trim().toUpperCase() !== SYSTEM_LIST) check.campaign_id = options.campaignId;
  return check;
}

function wantsCheck(v: unknown): boolean {
  return !blank(v) && String(v).trim().toUpperCase() !== 'N';
}

function listProblem(action: DncAction, input: Record<string, unknown>, fn: string): VicidialError | undefined {
  const spec = ACTIONS[action];
  if (action === 'check') {
    if (wantsCheck(input.campaign_dnc_check) && (blank(input.campaign_id) || input.campaign_id === SYSTEM_LIST)) {
      return invalid('the campaign DNC check needs a campaign: set the campaign in the node or campaign_id in msg.payload', 'campaign_id', fn);
    }
    return undefined;
  }
  if (!blank(input[spec.list])) return undefined;
  const what = spec.list === 'group' ? 'filter phone group' : `campaign (or ${SYSTEM_LIST})`;
  return invalid(`no ${spec.list}: set the ${what} in the node or ${spec.list} in msg.payload`, spec.list, fn);
}

function planItem(action: DncAction, spec: FunctionSpec, entry: PhoneEntry, base: Record<string, unknown>): PlannedItem {
  let phone = '';
  try {
    phone = phoneDigits(entry.phone, spec.name);
    if (phone.length < MIN_DIGITS) throw invalid(`phone number must have at least ${MIN_DIGITS} digits`, 'phone_number', spec.name);
    if (action === 'check' && phone.length > CHECK_MAX_DIGITS) {
      throw invalid(`phone number must have at most ${CHECK_MAX_DIGITS} digits`, 'phone_number', spec.name);
    }
    const input: Record<string, unknown> = { ...base, ...knownFields(spec, entry.fields), phone_number: phone };
    // VICIdial takes any other spelling as a campaign id and silently creates a list by that name.
    if (typeof input.campaign_id === 'string' && input.campaign_id.trim().toUpperCase() === SYSTEM_LIST) input.campaign_id = SYSTEM_LIST;
    const problem = listProblem(action, input, spec.name);
    if (problem) throw problem;
    return { phone, source: entry.source, params: buildParams(spec, input) };
  } catch (err) {
    return { phone, source: entry.source, error: asError(err) };
  }
}

/** Turns msg.payload and the node's settings into one checked call per number. */
export function planDnc(action: DncAction, payload: unknown, options: DncOptions = {}): DncPlan {
  const spec = getFunction(ACTIONS[action].fn, 'non_agent');
  const base = configured(action, options);
  return { action, spec, items: phoneEntries(payload).map((e) => planItem(action, spec, e, base)) };
}

// ---------------------------------------------------------------------------
// Running: a sliding window over the shared client

/**
 * Calls this node keeps in flight at once. The shared client runs `concurrency` of
 * them and queues the rest (it refuses calls past its queue limit with QUEUE_FULL),
 * so staying at half the queue leaves room for the other nodes on the same server.
 */
export const BATCH_WINDOW = Math.max(1, Math.floor(DEFAULTS.queueLimit / 2));

/**
 * Runs job(0..count-1) at most `window` at a time and returns the results by index.
 * The first job runs alone: if it fails in a way every other call would too (bad
 * password), nothing else is sent, so one batch cannot lock the API user out
 * (VICIdial locks it after 10 failed logins). Once `stop` says so, no new job
 * starts; the ones not started are undefined.
 */
export async function runWindowed<T>(count: number, job: (i: number) => Promise<T>, stop: (r: T) => boolean, window = BATCH_WINDOW): Promise<Array<T | undefined>> {
  const out: Array<T | undefined> = new Array(count).fill(undefined);
  if (count === 0) return out;
  out[0] = await job(0);
  let halted = stop(out[0]);
  let next = 1;
  const worker = async (): Promise<void> => {
    while (!halted && next < count) {
      const i = next++;
      const r = await job(i);
      out[i] = r;
      if (stop(r)) halted = true;
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(window), count - 1));
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}

type Answer = { result: ApiResult } | { error: VicidialError };

/** Failures that every later call of the batch would share: stop sending. */
const STOP_CODES: ReadonlySet<ErrorCode> = new Set(['AUTH', 'LOCKED', 'PERMISSION', 'HTTP']);

function asError(err: unknown): VicidialError {
  return isVicidialError(err) ? err : new VicidialError({ code: 'UNKNOWN', reason: err instanceof Error ? err.message : String(err) });
}

// ---------------------------------------------------------------------------
// Outcomes

/** check_phone_number's answer as the catalog names and types it (see its `sections` response). */
export type PhoneCheck = Readonly<Record<string, unknown>>;

export interface DncItemResult {
  phone_number: string;
  outcome: DncOutcome;
  ok: boolean;
  campaign_id?: string;
  group?: string;
  /** For outcome 'dnc': which list holds the number. */
  dnc_list?: 'system' | 'campaign';
  check?: PhoneCheck;
  /** What the message carried, when it could not be used as a number. */
  input?: unknown;
  error?: { code: ErrorCode; reason: string; function?: string };
}

/** A number's own fault (reported in the array) as opposed to the account's, server's or node's. */
export function isDataError(e: VicidialError): boolean {
  return e.code === 'INVALID' && (e.fields.field === 'phone_number' || e.reason.startsWith('INVALID PHONE NUMBER'));
}

function listOf(action: DncAction, params: Readonly<Record<string, string>> | undefined): Partial<DncItemResult> {
  const name = ACTIONS[action].list;
  const value = params?.[name];
  return value === undefined ? {} : { [name]: value };
}

function answered(action: DncAction, phone: string, params: Record<string, string>, result: ApiResult): DncItemResult {
  const base = { phone_number: phone, ...listOf(action, params) };
  if (action !== 'check') return { ...base, outcome: ACTIONS[action].success, ok: true };
  const check = Array.isArray(result.data) ? undefined : (result.data as PhoneCheck);
  const dncAsked = wantsCheck(params.dnc_check) || wantsCheck(params.campaign_dnc_check);
  return { ...base, outcome: dncAsked ? 'not_dnc' : 'checked', ok: true, ...(check ? { check } : {}) };
}

function failed(action: DncAction, item: PlannedItem, e: VicidialError): DncItemResult {
  const base = { phone_number: item.phone, ...listOf(action, item.params) };
  const hit = ACTIONS[action].answers.find(([reason]) => e.reason.startsWith(reason));
  if (hit) {
    const dncList = action === 'check' ? { dnc_list: hit[0].includes('CAMPAIGN') ? ('campaign' as const) : ('system' as const) } : {};
    return { ...base, outcome: hit[1], ok: true, ...dncList };
  }
  const data = isDataError(e);
  return {
    ...base,
    outcome: data ? 'invalid' : 'failed',
    ok: false,
    ...(data && !item.params ? { input: item.source } : {}),
    error: { code: e.code, reason: e.reason, ...(e.function ? { function: e.function } : {}) },
  };
}

function notSent(spec: FunctionSpec, cause: VicidialError): VicidialError {
  return new VicidialError({ code: cause.code, function: spec.name, reason: `not sent: an earlier call failed with ${cause.code} (${cause.reason})` });
}

export interface DncBatch {
  results: DncItemResult[];
  notices: StatusLine[];
  /** The server's answers, in order (password already masked by the client). */
  raw: string;
  /** Set when the batch as a whole failed: every number that could be sent failed the same non-data way. */
  failure?: VicidialError;
}

/**
 * The batch is an error, not a report, when nothing succeeded and every failure that
 * is not the number's own fault has the same code (bad password, no permission,
 * server down, no such group…). The first such error is the one reported.
 */
export function batchFailure(results: readonly DncItemResult[], errors: ReadonlyArray<VicidialError | undefined>): VicidialError | undefined {
  if (results.length === 0 || results.some((r) => r.ok)) return undefined;
  const shared = errors.filter((e): e is VicidialError => e !== undefined && !isDataError(e));
  if (shared.length === 0) return undefined;
  return shared.every((e) => e.code === shared[0].code) ? shared[0] : undefined;
}

/** Sends every planned number (within the client's limits) and maps each answer to its outcome. */
export async function runDnc(client: VicidialClient, plan: DncPlan): Promise<DncBatch> {
  const sendable = plan.items.map((item, i) => ({ item, i })).filter((x) => x.item.params !== undefined);
  const answers = await runWindowed<Answer>(
    sendable.length,
    (k) =>
      client.send(plan.spec, sendable[k].item.params as Record<string, string>).then(
        (result) => ({ result }),
        (err: unknown) => ({ error: asError(err) }),
      ),
    (a) => 'error' in a && STOP_CODES.has(a.error.code),
  );
  const byIndex = new Map<number, Answer | undefined>(sendable.map((x, k) => [x.i, answers[k]]));
  const stopper = answers.find((a): a is { error: VicidialError } => a !== undefined && 'error' in a && STOP_CODES.has(a.error.code));

  const results: DncItemResult[] = [];
  const errors: Array<VicidialError | undefined> = [];
  const notices: StatusLine[] = [];
  let raw = '';
  plan.items.forEach((item, i) => {
    const answer = byIndex.get(i);
    if (!item.params) {
      errors.push(item.error);
      results.push(failed(plan.action, item, item.error ?? invalid('not sent', undefined, plan.spec.name)));
      return;
    }
    if (!answer) {
      // Only unsent after a stop, so `stopper` is set.
      const e = notSent(plan.spec, (stopper as { error: VicidialError }).error);
      errors.push(e);
      results.push(failed(plan.action, item, e));
      return;
    }
    if ('result' in answer) {
      errors.push(undefined);
      notices.push(...answer.result.notices);
      raw += answer.result.raw;
      results.push(answered(plan.action, item.phone, item.params, answer.result));
      return;
    }
    raw += answer.error.raw;
    const r = failed(plan.action, item, answer.error);
    errors.push(r.ok ? undefined : answer.error);
    results.push(r);
  });
  return { results, notices, raw, failure: batchFailure(results, errors) };
}

// ---------------------------------------------------------------------------
// Reporting

export interface DncSummary {
  total: number;
  succeeded: number;
  failed: number;
  outcomes: Partial<Record<DncOutcome, number>>;
}

export function summarize(results: readonly DncItemResult[]): DncSummary {
  const outcomes: Partial<Record<DncOutcome, number>> = {};
  let succeeded = 0;
  for (const r of results) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    if (r.ok) succeeded++;
  }
  return { total: results.length, succeeded, failed: results.length - succeeded, outcomes };
}

/** "3125550101 added", or "2 added, 1 already listed" for several numbers. */
export function statusText(results: readonly DncItemResult[]): string {
  if (results.length === 0) return 'no numbers';
  if (results.length === 1) return `${results[0].phone_number || 'number'} ${results[0].outcome.replace(/_/g, ' ')}`;
  const { outcomes } = summarize(results);
  return Object.entries(outcomes)
    .map(([o, n]) => `${n} ${o.replace(/_/g, ' ')}`)
    .join(', ');
}
