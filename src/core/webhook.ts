/**
 * VICIdial callback URLs (Dispo/Start/No-Agent/Add-Lead/Dead-Call/Pause-Max) and the
 * Agent Events Push, as data and pure functions: the catalog of types, variables and
 * events, request parsing and typing, the URL builder, duplicate suppression, IP
 * allow-lists, shared-secret checks and CORS headers. No Node-RED dependency, so the
 * node, the editor's admin endpoints and other tools all share one implementation.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hasOwn, own, paramRecord, type ParamEntries } from './webhook-request';

export {
  MAX_JSON_DEPTH,
  decodeBody,
  decodeParsedBody,
  formEntries,
  lastValue,
  paramRecord,
  parsedFormEntries,
  queryEntries,
  type BodyResult,
  type ParamEntries,
} from './webhook-request';

// ---------------------------------------------------------------------------
// Catalog: webhook types
// ---------------------------------------------------------------------------

export const WEBHOOK_TYPES = [
  'dispo_callback',
  'start_call',
  'no_agent',
  'add_lead',
  'dead_call',
  'pause_max',
  'agent_event',
] as const;

export type WebhookType = (typeof WEBHOOK_TYPES)[number];
/** What a request is classified as when neither the node nor the request names a type. */
export type ResolvedType = WebhookType | 'unknown';

export interface WebhookTypeSpec {
  readonly type: WebhookType;
  readonly label: string;
  /** Where the URL is entered in the VICIdial admin screens. */
  readonly configuredIn: string;
  readonly trigger: string;
  /** Sent by the dialer server (wget), rather than by the agent's browser. */
  readonly serverSide: boolean;
  /** The variables VICIdial substitutes for this URL (custom list fields come on top). */
  readonly variables: readonly string[];
  /** What the URL builder ticks when this type is picked. */
  readonly defaults: readonly string[];
}

// ---------------------------------------------------------------------------
// Catalog: variables
// ---------------------------------------------------------------------------

/**
 * How a variable's text is typed in msg.payload. `datetime` is VICIdial's server-local
 * `YYYY-MM-DD HH:MM:SS`, which carries no zone: it becomes ISO 8601 without an offset.
 */
export type VariableKind = 'string' | 'integer' | 'number' | 'epoch' | 'datetime' | 'date';

export type VariableCategory =
  | 'lead'
  | 'call'
  | 'user'
  | 'disposition'
  | 'recording'
  | 'script'
  | 'did'
  | 'custom'
  | 'list'
  | 'event';

export interface VariableSpec {
  readonly name: string;
  readonly kind: VariableKind;
  readonly category: VariableCategory;
  readonly description: string;
}

type VarRow = readonly [name: string, kind: VariableKind, description: string];

function rows(category: VariableCategory, list: readonly VarRow[]): VariableSpec[] {
  return list.map(([name, kind, description]) => ({ name, kind, category, description }));
}

function numbered(prefix: string, description: string): VarRow[] {
  return ['one', 'two', 'three', 'four', 'five'].map((n) => [`${prefix}_${n}`, 'string', `${description} ${n}`] as const);
}

export const VARIABLES: readonly VariableSpec[] = [
  ...rows('lead', [
    ['lead_id', 'integer', 'Lead ID'],
    ['vendor_lead_code', 'string', 'Vendor lead code'],
    ['vendor_id', 'string', 'Vendor lead code (old name)'],
    ['source_id', 'string', 'Source ID'],
    ['list_id', 'integer', 'List ID'],
    ['entry_list_id', 'integer', 'List the lead was loaded into (custom fields)'],
    ['gmt_offset_now', 'number', 'Lead GMT offset'],
    ['called_since_last_reset', 'string', 'Called since last reset (Y/N/Yn)'],
    ['phone_code', 'string', 'Country dialing code'],
    ['phone_number', 'string', 'Phone number'],
    ['phone', 'string', 'Phone number (short name)'],
    ['title', 'string', 'Title'],
    ['first_name', 'string', 'First name'],
    ['middle_initial', 'string', 'Middle initial'],
    ['last_name', 'string', 'Last name'],
    ['address1', 'string', 'Address line 1'],
    ['address2', 'string', 'Address line 2'],
    ['address3', 'string', 'Address line 3'],
    ['city', 'string', 'City'],
    ['state', 'string', 'State'],
    ['province', 'string', 'Province'],
    ['postal_code', 'string', 'Postal code'],
    ['country_code', 'string', 'Country code'],
    ['gender', 'string', 'Gender'],
    ['date_of_birth', 'date', 'Date of birth'],
    ['alt_phone', 'string', 'Alternate phone'],
    ['email', 'string', 'Email'],
    ['security_phrase', 'string', 'Security phrase'],
    ['comments', 'string', 'Comments'],
    ['called_count', 'integer', 'Times the lead was called'],
    ['rank', 'integer', 'Rank'],
    ['owner', 'string', 'Owner'],
    ['status', 'string', 'Call or lead status (No Agent: DROP, NA, B, …)'],
    ['entry_date', 'datetime', 'When the lead was loaded'],
    ['modify_date', 'datetime', 'When the lead was last changed'],
    ['last_local_call_time', 'datetime', 'Last call time (lead local)'],
  ]),
  ...rows('call', [
    ['campaign', 'string', 'Campaign ID'],
    ['campaign_id', 'string', 'Campaign ID (No Agent URL)'],
    ['group', 'string', 'In-group or campaign of the call'],
    ['channel_group', 'string', 'In-group or campaign of the call'],
    ['uniqueid', 'string', 'Asterisk unique ID of the call'],
    ['call_id', 'string', 'VICIdial call ID (caller code)'],
    ['epoch', 'epoch', 'Unix time in seconds'],
    ['SQLdate', 'datetime', 'Server date and time'],
    ['closecallid', 'integer', 'Inbound closer log ID'],
    ['xfercallid', 'integer', 'Transfer log ID'],
    ['agent_log_id', 'integer', 'Agent log ID'],
    ['session_id', 'string', 'Agent conference (session) extension'],
    ['server_ip', 'string', 'Agent server IP'],
    ['customer_server_ip', 'string', 'Server carrying the customer channel'],
    ['customer_zap_channel', 'string', 'Customer channel'],
    ['SIPexten', 'string', 'Agent phone extension'],
    ['phone_login', 'string', 'Agent phone login'],
    ['original_phone_login', 'string', 'Agent phone login as typed'],
    ['dialed_number', 'string', 'Number actually dialed'],
    ['dialed_label', 'string', 'Which number was dialed (MAIN, ALT, ADDR3, …)'],
    ['parked_by', 'string', 'Who parked the call'],
    ['fronter', 'string', 'Fronter user'],
    ['closer', 'string', 'Closer user'],
    ['launch_user', 'string', 'User the call was launched for'],
    ['function', 'string', 'Sending function (Add Lead, No Agent)'],
    ['web_vars', 'string', 'Extra web variables of the call'],
  ]),
  ...rows('user', [
    ['user', 'string', 'Agent user ID'],
    ['fullname', 'string', 'Agent full name'],
    ['full_name', 'string', 'Agent full name (No Agent URL)'],
    ['user_group', 'string', 'Agent user group'],
    ['agent_email', 'string', 'Agent email'],
    ...numbered('user_custom', 'User custom field'),
  ]),
  ...rows('disposition', [
    ['dispo', 'string', 'Disposition status code'],
    ['dispo_name', 'string', 'Disposition status name'],
    ['talk_time', 'integer', 'Talk time in seconds'],
    ['talk_time_ms', 'integer', 'Talk time in milliseconds'],
    ['talk_time_min', 'integer', 'Talk time in minutes, rounded up'],
    ['dead_time', 'integer', 'Seconds since the customer hung up'],
    ['call_notes', 'string', 'Agent call notes'],
    ['callback_lead_status', 'string', 'Status chosen for a scheduled callback'],
    ['callback_datetime', 'datetime', 'Scheduled callback date and time'],
    ['term_reason', 'string', 'How the call ended'],
  ]),
  ...rows('recording', [
    ['recording_filename', 'string', 'Recording file name'],
    ['recording_id', 'integer', 'Recording log ID'],
  ]),
  ...rows('script', [
    ['camp_script', 'string', 'Campaign script ID'],
    ['in_script', 'string', 'In-group script ID'],
    ['script_width', 'integer', 'Script width'],
    ['script_height', 'integer', 'Script height'],
    ...(['a', 'b', 'c', 'd', 'e', 'f'].map((l) => [`preset_number_${l}`, 'string', `Transfer preset number ${l.toUpperCase()}`] as const)),
    ['preset_dtmf_a', 'string', 'Transfer preset DTMF A'],
    ['preset_dtmf_b', 'string', 'Transfer preset DTMF B'],
  ]),
  ...rows('did', [
    ['did_id', 'integer', 'DID ID'],
    ['did_extension', 'string', 'DID extension'],
    ['did_pattern', 'string', 'DID pattern (number called)'],
    ['did_description', 'string', 'DID description'],
    ...numbered('did_custom', 'DID custom field'),
  ]),
  ...rows('custom', [...numbered('ig_custom', 'In-group custom field'), ...numbered('camp_custom', 'Campaign custom field')]),
  ...rows('list', [
    ['list_name', 'string', 'List name'],
    ['list_description', 'string', 'List description'],
  ]),
  ...rows('event', [
    ['event', 'string', 'Agent event name'],
    ['message', 'string', 'Agent event detail'],
    ['counter', 'integer', 'Agent event sequence number in the session'],
  ]),
];

const VARIABLE_BY_NAME: ReadonlyMap<string, VariableSpec> = new Map(VARIABLES.map((v) => [v.name, v]));
const VARIABLE_BY_LOWER: ReadonlyMap<string, VariableSpec> = new Map(VARIABLES.map((v) => [v.name.toLowerCase(), v]));

/** VICIdial matches tokens case-insensitively, so a `sqldate` parameter is still SQLdate. */
export function variableSpec(name: string): VariableSpec | undefined {
  return VARIABLE_BY_NAME.get(name) ?? VARIABLE_BY_LOWER.get(name.toLowerCase());
}

// The sets below follow what the dialer's code substitutes for each URL.
const LEAD_CORE = [
  'lead_id', 'vendor_lead_code', 'vendor_id', 'source_id', 'list_id', 'phone_code', 'phone_number', 'title',
  'first_name', 'middle_initial', 'last_name', 'address1', 'address2', 'address3', 'city', 'state', 'province',
  'postal_code', 'country_code', 'gender', 'date_of_birth', 'alt_phone', 'email', 'security_phrase', 'comments',
  'called_count', 'rank', 'owner', 'list_name', 'list_description',
];
const NUMBERED = (prefix: string): string[] => ['one', 'two', 'three', 'four', 'five'].map((n) => `${prefix}_${n}`);
const AGENT_SCREEN = [
  ...LEAD_CORE, 'entry_list_id', 'gmt_offset_now', 'entry_date', 'phone',
  'campaign', 'group', 'channel_group', 'uniqueid', 'call_id', 'epoch', 'SQLdate', 'closecallid', 'xfercallid',
  'agent_log_id', 'session_id', 'server_ip', 'customer_server_ip', 'customer_zap_channel', 'SIPexten',
  'phone_login', 'original_phone_login', 'dialed_number', 'dialed_label', 'parked_by', 'fronter', 'closer',
  'user', 'fullname', 'user_group', 'agent_email', ...NUMBERED('user_custom'),
  'camp_script', 'in_script', 'recording_filename', 'recording_id',
  'did_id', 'did_extension', 'did_pattern', 'did_description', ...NUMBERED('did_custom'),
  ...NUMBERED('ig_custom'), ...NUMBERED('camp_custom'),
];
const START_EXTRA = ['script_width', 'script_height', 'web_vars', 'preset_number_a', 'preset_number_b', 'preset_number_c',
  'preset_number_d', 'preset_number_e', 'preset_number_f', 'preset_dtmf_a', 'preset_dtmf_b'];
const DISPO_EXTRA = ['dispo', 'dispo_name', 'talk_time', 'talk_time_ms', 'talk_time_min', 'call_notes',
  'callback_lead_status', 'callback_datetime', 'term_reason'];

export const TYPE_SPECS: Readonly<Record<WebhookType, WebhookTypeSpec>> = {
  dispo_callback: {
    type: 'dispo_callback',
    label: 'Dispo Call URL',
    configuredIn: 'Campaigns > Detail > Dispo Call URL (also In-Groups; "ALT" for several)',
    trigger: 'An agent submits a disposition',
    serverSide: true,
    variables: [...AGENT_SCREEN, ...DISPO_EXTRA],
    defaults: ['lead_id', 'vendor_lead_code', 'phone_number', 'first_name', 'last_name', 'user', 'campaign', 'dispo',
      'talk_time', 'uniqueid', 'call_id', 'epoch', 'recording_filename', 'callback_datetime', 'term_reason'],
  },
  start_call: {
    type: 'start_call',
    label: 'Start Call URL',
    configuredIn: 'Campaigns > Detail > Start Call URL (also In-Groups)',
    trigger: 'A call is sent to an agent',
    serverSide: true,
    variables: [...AGENT_SCREEN, ...START_EXTRA],
    defaults: ['lead_id', 'vendor_lead_code', 'phone_number', 'first_name', 'last_name', 'user', 'campaign', 'group',
      'uniqueid', 'call_id', 'epoch'],
  },
  no_agent: {
    type: 'no_agent',
    label: 'No Agent Call URL',
    configuredIn: 'Campaigns > Detail > No Agent Call URL (also In-Groups)',
    trigger: 'A call ends without an agent: drop, no answer, busy, timeout',
    serverSide: true,
    variables: [...LEAD_CORE, 'entry_date', 'modify_date', 'last_local_call_time', 'status', 'dispo', 'user',
      'full_name', 'user_group', ...NUMBERED('user_custom'), 'launch_user', 'dialed_number', 'dialed_label',
      'did_id', 'did_extension', 'did_pattern', 'did_description', 'closecallid', 'uniqueid', 'call_id',
      'campaign', 'campaign_id', 'group', 'function', 'SQLdate'],
    defaults: ['lead_id', 'phone_number', 'status', 'campaign', 'list_id', 'uniqueid', 'call_id', 'SQLdate'],
  },
  add_lead: {
    type: 'add_lead',
    label: 'Add Lead URL',
    configuredIn: 'Inbound > In-Groups > Detail > Add Lead URL',
    trigger: 'An inbound call creates a new lead',
    serverSide: true,
    variables: ['lead_id', 'vendor_lead_code', 'vendor_id', 'list_id', 'list_name', 'list_description', 'phone_number',
      'phone_code', 'did_id', 'did_extension', 'did_pattern', 'did_description', 'closecallid', 'uniqueid', 'call_id',
      'function', 'SQLdate'],
    defaults: ['lead_id', 'phone_number', 'list_id', 'vendor_lead_code', 'did_pattern', 'did_description', 'uniqueid',
      'call_id', 'SQLdate'],
  },
  dead_call: {
    type: 'dead_call',
    label: 'Dead Call Trigger URL',
    configuredIn: 'Campaigns > Detail > Dead Call Trigger URL (with Dead Call Trigger Seconds)',
    trigger: 'The customer hung up and the agent is still on the call after the trigger seconds',
    serverSide: true,
    variables: [...AGENT_SCREEN, ...DISPO_EXTRA, 'dead_time'],
    defaults: ['lead_id', 'phone_number', 'user', 'campaign', 'uniqueid', 'call_id', 'epoch', 'talk_time', 'dead_time'],
  },
  pause_max: {
    type: 'pause_max',
    label: 'Pause Max URL',
    configuredIn: 'Campaigns > Detail > Pause Max URL (with Agent Pause Max Seconds)',
    trigger: 'An agent stays paused longer than the campaign maximum',
    serverSide: true,
    variables: ['user', 'fullname', 'user_group', 'agent_email', ...NUMBERED('user_custom'), ...NUMBERED('camp_custom'),
      'campaign', 'phone_login', 'original_phone_login', 'SQLdate', 'epoch', 'server_ip', 'SIPexten', 'session_id',
      'agent_log_id'],
    defaults: ['user', 'fullname', 'user_group', 'campaign', 'epoch', 'agent_log_id'],
  },
  agent_event: {
    type: 'agent_event',
    label: 'Agent Events Push URL',
    configuredIn: 'Admin > System Settings > Agent Push Events = 1 and Agent Push URL',
    trigger: 'Something happens on an agent screen (login, pause, call, dispo, …)',
    serverSide: false,
    variables: ['user', 'event', 'message', 'lead_id', 'counter', 'epoch', 'agent_log_id'],
    defaults: ['user', 'event', 'message', 'lead_id', 'counter', 'epoch', 'agent_log_id'],
  },
};

/**
 * Names the dialer itself uses for URL types (vicidial_url_log) and short forms people type.
 * A Map, not an object: request text such as `constructor` must never find an inherited member.
 */
const TYPE_ALIASES: ReadonlyMap<string, WebhookType> = new Map<string, WebhookType>([
  ['dispo', 'dispo_callback'],
  ['dispo_call', 'dispo_callback'],
  ['dispo_call_url', 'dispo_callback'],
  ['start', 'start_call'],
  ['start_call_url', 'start_call'],
  ['noagent', 'no_agent'],
  ['na_callurl', 'no_agent'],
  ['na_call_url', 'no_agent'],
  ['no_agent_call', 'no_agent'],
  ['addlead', 'add_lead'],
  ['add_lead_url', 'add_lead'],
  ['dead', 'dead_call'],
  ['dead_trigger', 'dead_call'],
  ['dead_call_trigger', 'dead_call'],
  ['pausemax', 'pause_max'],
  ['pause_max_url', 'pause_max'],
  ['event', 'agent_event'],
  ['events', 'agent_event'],
  ['agent_events', 'agent_event'],
  ['agent_push', 'agent_event'],
]);

export function isWebhookType(value: unknown): value is WebhookType {
  return typeof value === 'string' && (WEBHOOK_TYPES as readonly string[]).includes(value);
}

export function normalizeType(value: unknown): WebhookType | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase();
  return isWebhookType(key) ? key : TYPE_ALIASES.get(key);
}

// ---------------------------------------------------------------------------
// Catalog: agent events
// ---------------------------------------------------------------------------

export type AgentEventCategory =
  | 'session' | 'state' | 'call' | 'dead' | 'dispo' | 'threeway' | 'transfer' | 'park' | 'screen' | 'system';

export interface AgentEventSpec {
  readonly name: string;
  readonly category: AgentEventCategory;
  /** What the agent screen puts in `message` for this event. */
  readonly message: string;
}

type EventRow = readonly [name: string, message: string];

function events(category: AgentEventCategory, list: readonly EventRow[]): AgentEventSpec[] {
  return list.map(([name, message]) => ({ name, category, message }));
}

export const AGENT_EVENTS: readonly AgentEventSpec[] = [
  ...events('session', [
    ['logged_in', 'session, server IP, version, build and script, space separated'],
    ['logged_out', 'logout reason'],
    ['logged_out_complete', ''],
    ['login_invalid', 'explanation text'],
    ['session_disabled', 'LIVE_AGENT, DEAD_EXTERNAL or empty'],
    ['session_empty', 'always 0'],
    ['session_channels', 'number of live channels'],
  ]),
  ...events('state', [
    ['state_ready', 'new state (READY, CLOSER)'],
    ['state_paused', 'new state (PAUSED)'],
  ]),
  ...events('call', [
    ['call_dialed', 'number dialed and dial type'],
    ['call_answered', 'call ID'],
    ['call_dead', 'call ID'],
    ['call_script', 'script tab contents marker'],
    ['agent_hangup', ''],
    ['other_answered', 'EMAIL or CHAT'],
    ['in_man_dial_next_ready', 'count of ready inbound-manual-dial checks'],
  ]),
  ...events('dead', [
    ['dead_trigger_audio', 'dead call seconds'],
    ['dead_trigger_url', 'dead call seconds'],
    ['dead_trigger_url_sent', 'call ID'],
  ]),
  ...events('dispo', [
    ['dispo_screen_open', ''],
    ['dispo_set', 'disposition status chosen'],
    ['dispo_set_twice', ''],
  ]),
  ...events('threeway', [
    ['3way_start', 'dial type and destination'],
    ['3way_answered', 'call ID of the customer call'],
    ['3way_agent_hangup', ''],
    ['3way_agent_leave', ''],
  ]),
  ...events('transfer', [
    ['transfer_local_closer', 'in-group transferred to'],
    ['transfer_blind', 'destination'],
    ['transfer_vmail', 'voicemail destination'],
    ['transfer_panel_open', ''],
    ['transfer_panel_closed', ''],
  ]),
  ...events('park', [
    ['park_started', ''],
    ['park_retrieved', ''],
    ['park_ivr_started', ''],
    ['park_ivr_retrieved', ''],
  ]),
  ...events('screen', [
    ['manual_dial_open', ''],
    ['callback_select_open', ''],
    ['ingroup_screen_open', ''],
    ['ingroup_screen_closed', ''],
    ['territory_screen_open', ''],
    ['territory_screen_closed', ''],
    ['contact_search_open', ''],
    ['lead_search_open', ''],
    ['pause_code_open', ''],
    ['customer_gone', ''],
    ['blind_monitor_alert', ''],
  ]),
  ...events('system', [
    ['agent_alert', 'alert text shown to the agent'],
    ['time_sync', ''],
    ['none_in_session', ''],
    ['update_fields', 'fields updated and their new values'],
  ]),
];

export const AGENT_EVENT_NAMES: readonly string[] = AGENT_EVENTS.map((e) => e.name);

/** Everything the editor needs to draw its pickers and URL builder. */
export function webhookCatalog(): {
  types: readonly WebhookTypeSpec[];
  variables: readonly VariableSpec[];
  events: readonly AgentEventSpec[];
} {
  return { types: WEBHOOK_TYPES.map((t) => TYPE_SPECS[t]), variables: VARIABLES, events: AGENT_EVENTS };
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/** Parameter names the node reads for itself; they never appear in msg.payload. */
export const DEFAULT_SECRET_PARAM = 'secret';
export const SECRET_HEADER = 'x-vicidial-secret';
/** VICIdial's own switch for custom fields in web-form style URLs: a setting, not data. */
const CONTROL_PARAMS = new Set(['CF_uses_custom_fields']);

const TOKEN = /--A--([A-Za-z0-9_]+)--B--/g;

export interface UnreplacedToken {
  /** The request parameter holding the token. */
  param: string;
  /** The VICIdial variable that was not substituted. */
  variable: string;
}

export interface ParsedCallback {
  type: ResolvedType;
  /** Agent event name (agent_event only, and only when VICIdial filled it in). */
  event?: string;
  topic: string;
  payload: Record<string, unknown>;
  /** Every parameter as received, minus the shared secret. */
  raw: Record<string, unknown>;
  unreplaced: UnreplacedToken[];
  /** ISO time of `epoch`, when the request carried one. */
  time?: string;
}

export interface ParseCallbackOptions {
  /** The node's fixed type; `auto` (or absent) reads `type` or `event` from the request. */
  fixedType?: WebhookType | 'auto';
  secretParam?: string;
}

const NO_TOKENS: readonly string[] = [];

export function tokensIn(value: string): readonly string[] {
  // Nearly every value is filled in: skip the regex and its allocations then.
  if (!value.includes('--A--')) return NO_TOKENS;
  return [...value.matchAll(TOKEN)].map((m) => m[1]);
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(y: string, mo: string, d: string): boolean {
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

function typeDateTime(raw: string): unknown {
  const m = DATETIME.exec(raw);
  if (!m) return raw;
  if (/^0000-00-00/.test(raw)) return null; // the dialer's "no date"
  const [, y, mo, d, h, mi, s] = m;
  if (!validDate(y, mo, d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return raw;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

function typeDate(raw: string): unknown {
  const m = DATE.exec(raw);
  if (!m) return raw;
  // Already ISO 8601; only the dialer's all-zero "no date" changes.
  return raw === '0000-00-00' ? null : raw;
}

function typeInteger(raw: string): unknown {
  if (!/^-?\d+$/.test(raw)) return raw;
  const n = Number(raw);
  // IDs beyond 2^53 would silently change; they stay text.
  return Number.isSafeInteger(n) ? n : raw;
}

function typeNumber(raw: string): unknown {
  return /^[-+]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

/** Types one value by its variable kind; text that does not fit the kind is kept as sent. */
export function typeValue(kind: VariableKind, raw: string): unknown {
  if (kind === 'string') return raw;
  const text = raw.trim();
  if (text === '') return null;
  switch (kind) {
    case 'integer':
    case 'epoch':
      return typeInteger(text);
    case 'number':
      return typeNumber(text);
    case 'datetime':
      return typeDateTime(text);
    case 'date':
      return typeDate(text);
  }
}

/** Which type a request is: the node's choice, else `type=`, else an `event=` means an agent event. */
export function resolveType(raw: Readonly<Record<string, unknown>>, fixedType?: WebhookType | 'auto'): ResolvedType {
  if (fixedType && fixedType !== 'auto') return fixedType;
  const named = normalizeType(own(raw, 'type'));
  if (named) return named;
  const event = own(raw, 'event');
  if (typeof event === 'string' && event !== '' && tokensIn(event).length === 0) return 'agent_event';
  return 'unknown';
}

function isControlParam(name: string, value: unknown, secretParam: string): boolean {
  if (name === secretParam || CONTROL_PARAMS.has(name)) return true;
  return name === 'type' && normalizeType(value) !== undefined;
}

function epochIso(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const d = new Date(value * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function typedPayload(raw: Record<string, unknown>, secretParam: string): {
  payload: Record<string, unknown>;
  unreplaced: UnreplacedToken[];
} {
  const payload: Record<string, unknown> = {};
  const unreplaced: UnreplacedToken[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (isControlParam(name, value, secretParam)) continue;
    if (typeof value !== 'string') {
      payload[name] = value; // JSON bodies already carry their own types
      continue;
    }
    const tokens = tokensIn(value);
    if (tokens.length > 0) {
      for (const variable of tokens) unreplaced.push({ param: name, variable });
      payload[name] = null;
      continue;
    }
    const spec = variableSpec(name);
    payload[name] = spec ? typeValue(spec.kind, value) : value;
  }
  return { payload, unreplaced };
}

/**
 * Turns the parameters of one VICIdial request (query, form or JSON body, merged in
 * that order) into a typed callback. The secret parameter is dropped everywhere.
 */
export function parseCallback(entries: ParamEntries, options: ParseCallbackOptions = {}): ParsedCallback {
  return parseCallbackRecord(paramRecord(entries), options);
}

/** parseCallback for parameters already merged by paramRecord; takes ownership of `raw`. */
export function parseCallbackRecord(raw: Record<string, unknown>, options: ParseCallbackOptions = {}): ParsedCallback {
  const secretParam = options.secretParam || DEFAULT_SECRET_PARAM;
  if (hasOwn(raw, secretParam)) delete raw[secretParam];
  const type = resolveType(raw, options.fixedType);
  const { payload, unreplaced } = typedPayload(raw, secretParam);
  const result: ParsedCallback = { type, topic: type, payload, raw, unreplaced };
  const event = own(payload, 'event');
  if (type === 'agent_event' && typeof event === 'string' && event !== '') {
    result.event = event;
    result.topic = `agent_event/${event}`;
  }
  const time = epochIso(own(payload, 'epoch'));
  if (time) result.time = time;
  return result;
}

// ---------------------------------------------------------------------------
// Shared secret
// ---------------------------------------------------------------------------

/**
 * A check of provided secrets against `expected`, prepared once at deploy. The comparison
 * takes the same time whatever the provided text holds: a provided secret of the wrong
 * length is answered after comparing the expected one with itself, so neither its bytes
 * nor (beyond the equality) its length show in the timing. Nothing is hashed per request.
 */
export function secretCheck(expected: string | undefined): (provided: unknown) => boolean {
  if (!expected) return () => true;
  const want = Buffer.from(expected, 'utf8');
  return (provided) => {
    if (typeof provided !== 'string' || provided === '') return false;
    const got = Buffer.from(provided, 'utf8');
    const sameLength = got.length === want.length;
    return timingSafeEqual(want, sameLength ? got : want) && sameLength;
  };
}

export function secretMatches(expected: string | undefined, provided: unknown): boolean {
  return secretCheck(expected)(provided);
}

/** The secret a request's headers carry: `X-VICIdial-Secret` or `Authorization: Bearer`. */
export function headerSecret(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const header = headers[SECRET_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const auth = headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
  return m ? m[1] : undefined;
}

/** The secret a request carries: header, `Authorization: Bearer`, or the secret parameter. */
export function providedSecret(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  raw: Readonly<Record<string, unknown>>,
  secretParam: string = DEFAULT_SECRET_PARAM,
): string | undefined {
  const param = own(raw, secretParam);
  return headerSecret(headers) ?? (typeof param === 'string' ? param : undefined);
}

// ---------------------------------------------------------------------------
// Duplicate suppression
// ---------------------------------------------------------------------------

/** Fields that identify one occurrence; a retry repeats all of them. */
const OCCURRENCE_FIELDS = ['uniqueid', 'call_id', 'event', 'epoch', 'user', 'counter', 'dispo', 'status'];
const IDENTITY_FIELDS = ['uniqueid', 'call_id', 'epoch'];

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The key under which repeats are recognised: the type plus uniqueid/call_id, event and
 * epoch (with user, counter and status, which a retry repeats too). A request carrying
 * none of uniqueid, call_id or epoch is only a duplicate when every parameter repeats.
 */
export function dedupKey(type: ResolvedType, raw: Readonly<Record<string, unknown>>): string {
  const sep = '\u0000';
  if (!IDENTITY_FIELDS.some((f) => isPresent(own(raw, f)))) {
    const all = Object.keys(raw).sort().map((k) => `${k}=${text(raw[k])}`);
    return ['*', type, ...all].join(sep);
  }
  return [type, ...OCCURRENCE_FIELDS.map((f) => text(own(raw, f)))].join(sep);
}

/** Remembers keys for a fixed window; bounded so a flood cannot grow it without limit. */
export class DedupWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  /** True when `key` was already seen inside the window; records it otherwise. */
  isDuplicate(key: string, now: number = Date.now()): boolean {
    this.prune(now);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return true;
    this.seen.delete(key);
    this.seen.set(key, now + this.windowMs);
    if (this.seen.size > this.maxEntries) this.dropOldest();
    return false;
  }

  get size(): number {
    return this.seen.size;
  }

  clear(): void {
    this.seen.clear();
  }

  // Insertion order equals expiry order because the window never changes.
  private prune(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }

  private dropOldest(): void {
    const first = this.seen.keys().next();
    if (!first.done) this.seen.delete(first.value);
  }
}

// ---------------------------------------------------------------------------
// IP allow-list
// ---------------------------------------------------------------------------

interface IpValue {
  version: 4 | 6;
  value: bigint;
}

export interface IpRule {
  version: 4 | 6;
  network: bigint;
  prefix: number;
  source: string;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function expandIPv6(text: string): string[] {
  let body = text;
  const tail: string[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
    const v4 = parseIPv4(body.slice(lastColon + 1));
    tail.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    body = body.slice(0, lastColon);
    if (body.endsWith(':')) body += ':';
  }
  const [head, rest] = body.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const missing = 8 - tail.length - left.length - right.length;
  const middle = rest !== undefined ? new Array<string>(Math.max(missing, 0)).fill('0') : [];
  return [...left, ...middle, ...right, ...tail];
}

function parseIPv6(text: string): bigint {
  return expandIPv6(text.split('%')[0]).reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an address; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes plain IPv4. */
export function parseIp(address: string): IpValue | undefined {
  const text = address.trim();
  const version = isIP(text.split('%')[0]);
  if (version === 4) return { version: 4, value: parseIPv4(text) };
  if (version !== 6) return undefined;
  const value = parseIPv6(text);
  if (value >> 32n === MAPPED_PREFIX >> 32n) return { version: 4, value: value & 0xffffffffn };
  return { version: 6, value };
}

function maskOf(version: 4 | 6, prefix: number): bigint {
  const bits = version === 4 ? 32 : 128;
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

function parseRule(entry: string): IpRule | string {
  const [addr, len, extra] = entry.split('/');
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip || extra !== undefined) return `not an IP address or CIDR: ${entry}`;
  const bits = ip.version === 4 ? 32 : 128;
  // A mapped IPv6 prefix length counts the 96 mapping bits.
  const mapped = ip.version === 4 && addr.includes(':');
  const given = len === undefined ? bits + (mapped ? 96 : 0) : Number(len);
  const prefix = mapped ? given - 96 : given;
  if ((len !== undefined && !/^\d+$/.test(len)) || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
    return `bad prefix length: ${entry}`;
  }
  return { version: ip.version, network: ip.value & maskOf(ip.version, prefix), prefix, source: entry };
}

/** Parses an allow-list of IPs and CIDRs separated by commas, spaces or new lines. */
export function parseAllowList(text: string | undefined): { rules: IpRule[]; errors: string[] } {
  const rules: IpRule[] = [];
  const errors: string[] = [];
  for (const entry of (text ?? '').split(/[\s,;]+/).filter(Boolean)) {
    const rule = parseRule(entry);
    if (typeof rule === 'string') errors.push(rule);
    else rules.push(rule);
  }
  return { rules, errors };
}

/** An empty list allows everyone; an unparsable address is never allowed by a non-empty list. */
export function ipAllowed(rules: readonly IpRule[], address: string | undefined): boolean {
  if (rules.length === 0) return true;
  const ip = address ? parseIp(address) : undefined;
  if (!ip) return false;
  return rules.some((r) => r.version === ip.version && (ip.value & maskOf(r.version, r.prefix)) === r.network);
}

/**
 * The allow-list as a check, parsed once at deploy. Requests come from a handful of dialer
 * servers, so each address's answer is remembered (in a bounded map).
 */
export function allowCheck(rules: readonly IpRule[], remember = 1024): (address: string | undefined) => boolean {
  if (rules.length === 0) return () => true;
  const known = new Map<string, boolean>();
  return (address) => {
    if (address === undefined) return false;
    let answer = known.get(address);
    if (answer === undefined) {
      answer = ipAllowed(rules, address);
      if (known.size >= remember) known.clear();
      known.set(address, answer);
    }
    return answer;
  };
}

// ---------------------------------------------------------------------------
// CORS (settings.httpNodeCors, in the shape the `cors` package reads)
// ---------------------------------------------------------------------------

type OriginRule = string | RegExp;
export interface CorsOptions {
  origin?: boolean | OriginRule | OriginRule[] | ((origin: string | undefined, cb: (err: unknown, allow?: unknown) => void) => void);
  methods?: string | string[];
  allowedHeaders?: string | string[];
  exposedHeaders?: string | string[];
  credentials?: boolean;
  maxAge?: number;
  optionsSuccessStatus?: number;
}

function listHeader(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

function matchesOrigin(rule: OriginRule | OriginRule[], origin: string): boolean {
  const list = Array.isArray(rule) ? rule : [rule];
  return list.some((r) => (typeof r === 'string' ? r === origin : r.test(origin)));
}

function functionOrigin(fn: NonNullable<CorsOptions['origin']>, origin: string | undefined): unknown {
  let answer: unknown = false;
  // Only answers given synchronously count; the response cannot wait for this one.
  if (typeof fn === 'function') fn(origin, (err, allow) => { answer = err ? false : allow; });
  return answer;
}

function allowOrigin(options: CorsOptions, origin: string | undefined): { value?: string; vary: boolean } {
  let rule: unknown = options.origin ?? '*';
  if (typeof rule === 'function') rule = functionOrigin(rule as NonNullable<CorsOptions['origin']>, origin);
  if (rule === false || rule === undefined || rule === null) return { vary: false };
  if (rule === '*') return { value: '*', vary: false };
  if (rule === true) return { value: origin, vary: true };
  if (typeof rule === 'string') return { value: rule, vary: true };
  const ok = origin !== undefined && matchesOrigin(rule as OriginRule | OriginRule[], origin);
  return { value: ok ? origin : undefined, vary: true };
}

/** Response headers for one request under the given CORS options. */
export function corsHeaders(
  options: CorsOptions,
  origin: string | undefined,
  preflight: boolean,
  requestHeaders?: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const allow = allowOrigin(options, origin);
  if (allow.value) out['Access-Control-Allow-Origin'] = allow.value;
  if (allow.vary) out.Vary = 'Origin';
  if (!allow.value) return out;
  if (options.credentials === true) out['Access-Control-Allow-Credentials'] = 'true';
  if (!preflight) {
    const exposed = listHeader(options.exposedHeaders);
    if (exposed) out['Access-Control-Expose-Headers'] = exposed;
    return out;
  }
  out['Access-Control-Allow-Methods'] = listHeader(options.methods) ?? 'GET,HEAD,PUT,PATCH,POST,DELETE';
  const headers = listHeader(options.allowedHeaders) ?? requestHeaders;
  if (headers) out['Access-Control-Allow-Headers'] = headers;
  if (typeof options.maxAge === 'number') out['Access-Control-Max-Age'] = String(options.maxAge);
  return out;
}

// ---------------------------------------------------------------------------
// URL builder
// ---------------------------------------------------------------------------

export interface CallbackUrlOptions {
  /** Scheme, host, port and httpNodeRoot as VICIdial must reach them, e.g. https://nr.example.com:1880/api */
  baseUrl: string;
  /** The node's path, e.g. /vicidial */
  path: string;
  type: WebhookType;
  /** Variables to request; the type's defaults when absent. */
  variables?: readonly string[];
  /** Custom list fields (their field labels) to pass through. */
  customFields?: readonly string[];
  /** Adds type=… so one node can take several URL types (default true). */
  includeType?: boolean;
  secret?: string;
  secretParam?: string;
  /** Starts the URL with VICIdial's VAR marker (default: true for every server-side type). */
  varPrefix?: boolean;
}

const NAME = /^[A-Za-z0-9_]+$/;

export function placeholder(variable: string): string {
  return `--A--${variable}--B--`;
}

function joinUrl(base: string, path: string): string {
  const b = base.trim().replace(/\/+$/, '');
  const p = path.trim().replace(/^\/+/, '');
  return p ? `${b}/${p}` : b;
}

function checkNames(names: readonly string[], what: string): void {
  const bad = names.filter((n) => !NAME.test(n));
  if (bad.length > 0) throw new TypeError(`${what} must be letters, digits and _ only: ${bad.join(', ')}`);
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * Builds the URL to paste into a VICIdial URL field. Placeholders stay literal, since
 * the dialer substitutes `--A--name--B--` in the text as typed; only the node's own
 * values (type, secret) are URL-encoded.
 */
export function buildCallbackUrl(options: CallbackUrlOptions): string {
  const spec = isWebhookType(options.type) ? TYPE_SPECS[options.type] : undefined;
  if (!spec) throw new TypeError(`unknown webhook type: ${String(options.type)}`);
  const variables = unique(options.variables ?? spec.defaults);
  const custom = unique((options.customFields ?? []).map((f) => f.trim()).filter(Boolean));
  checkNames(variables, 'variable names');
  checkNames(custom, 'custom field names');
  const secretParam = options.secretParam || DEFAULT_SECRET_PARAM;
  checkNames([secretParam], 'the secret parameter name');

  const parts: string[] = [];
  if (options.includeType !== false) parts.push(`type=${options.type}`);
  if (options.secret) parts.push(`${secretParam}=${encodeURIComponent(options.secret)}`);
  for (const v of [...variables, ...custom.filter((c) => !variables.includes(c))]) parts.push(`${v}=${placeholder(v)}`);
  if (custom.length > 0 && spec.serverSide) parts.push('CF_uses_custom_fields=Y');

  const prefix = (options.varPrefix ?? spec.serverSide) ? 'VAR' : '';
  const url = joinUrl(options.baseUrl, options.path);
  return `${prefix}${url}${parts.length ? (url.includes('?') ? '&' : '?') + parts.join('&') : ''}`;
}

export interface Get2PostOptions {
  /** Where get2post.php sits, relative to the agent screen (default get2post.php in agc/). */
  script?: string;
}

/**
 * Wraps an Agent Push URL for VICIdial's extras/get2post.php relay, which the agent
 * screen must use to reach another server. get2post reads `type` and `uniqueid` for
 * itself, so the inner URL must not carry them: the node then recognises agent events
 * by their `event` parameter.
 */
export function wrapWithGet2Post(url: string, options: Get2PostOptions = {}): string {
  const m = /^(https?):\/\/(.+)$/i.exec(url.replace(/^VAR/, ''));
  if (!m) throw new TypeError('get2post needs an absolute http(s) URL');
  const [path, query = ''] = m[2].split(/\?(.*)/s);
  const kept = query.split('&').filter((p) => p && !/^(type|uniqueid|headers|DB)=/i.test(p));
  const inner = kept.length ? `${path}?${kept.join('&')}` : path;
  const param = m[1].toLowerCase() === 'https' ? 'HTTPSURLTOPOST' : 'HTTPURLTOPOST';
  const script = options.script || 'get2post.php';
  return `${script}?uniqueid=${placeholder('epoch')}.${placeholder('agent_log_id')}&type=event&${param}=${inner}`;
}

/** Characters the agent screen deletes from the Agent Push URL after substitution. */
const AGENT_PUSH_STRIPPED = /[`:;#"{}^$]/;

/**
 * Why an Agent Push URL would break: the agent screen deletes `:` and a few other
 * characters from the whole URL, so it cannot hold a scheme or a port. It must be a
 * path on the VICIdial web server (get2post.php, or a reverse proxy to Node-RED).
 */
export function agentPushWarnings(url: string): string[] {
  const warnings: string[] = [];
  if (/^[a-z]+:\/\//i.test(url)) {
    warnings.push('The agent screen removes ":" from the Agent Push URL, so an absolute http(s):// URL fails: use get2post.php, or a path that the VICIdial web server proxies to Node-RED.');
  } else if (url.includes(':')) {
    warnings.push('The agent screen removes ":" from the Agent Push URL: the Node-RED address must use the default port (80/443), e.g. behind a reverse proxy.');
  }
  const other = url.replace(/^[a-z]+:\/\//i, '').replace(/:/g, '');
  if (AGENT_PUSH_STRIPPED.test(other)) {
    warnings.push('The agent screen removes ` ; # " { } ^ $ from the Agent Push URL: keep them out of the path and the secret.');
  }
  return warnings;
}
