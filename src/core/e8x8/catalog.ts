/**
 * Every resource of the 8x8 Contact Center statistics API as data: the URI template,
 * the ids it needs, which query parameters apply, the record element names and the
 * type of each field. The client, the statistics node, its dialog, the simulator and
 * the tests all read this table, so a resource is added here and nowhere else.
 */

/** How a field's text becomes a typed value. */
export type FieldKind =
  /** Free text; '' becomes null. */
  | 'text'
  /** Identifiers stay strings (leading zeros and non-numeric ids exist). */
  | 'id'
  | 'count'
  | 'seconds'
  /** Minutes (retry interval) or minutes from midnight (daily start/end). */
  | 'minutes'
  /** An ISO 8601 instant with an offset, kept as the server's ISO text. */
  | 'timestamp'
  | 'date'
  /** A code decoded beside the field as `<field>-text`, from ENUMS. */
  | 'enum'
  /** A nested element of SLA time buckets, each a count. */
  | 'buckets';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** For 'enum': a key of ENUMS. For 'buckets': a key of BUCKETS. */
  readonly of?: string;
}

export type IdName = 'agent-id' | 'group-id' | 'queue-id' | 'channel-id' | 'campaign-id';

export const ID_NAMES: readonly IdName[] = ['agent-id', 'group-id', 'queue-id', 'channel-id', 'campaign-id'];

/** The query parameters a resource takes: `d`/`tz` (date range), `n` (paging), free field filters. */
export interface QuerySpec {
  readonly d: boolean;
  readonly n: boolean;
  readonly filters: boolean;
}

export type ChartKind = 'interval' | 'online-sla' | 'offline-sla';

export interface ResourceSpec {
  /** Stable name used by the node, msg.resource and the dialog. */
  readonly name: string;
  readonly title: string;
  /** URI template below the base path, ids in braces, without the format suffix. */
  readonly path: string;
  readonly ids: readonly IdName[];
  readonly query: QuerySpec;
  /** The plural wrapper element and the singular record element. */
  readonly plural: string;
  readonly singular: string;
  readonly fields: readonly FieldSpec[];
  /** One record (e.g. /agents/{agent-id}); the answer may come without the plural wrapper. */
  readonly single?: boolean;
  /** 30-minute aggregates that Dashboard 2.0 chart shapes apply to. */
  readonly chart?: ChartKind;
  readonly group: string;
}

/**
 * Code lists from the reference. Where its bullet lists lost a digit ("• = New"), the
 * missing code is the one the sequence leaves free: 0 for record status New, 1 for
 * campaign status Manual Started, 2–4 for the record status codes after Max Attempt.
 */
export const ENUMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'media-type': { T: 'Telephone', V: 'Voice Mail', C: 'Chat', Z: 'Email', E: 'Email' },
  'record-status': {
    '0': 'New',
    '1': 'Queued',
    '2': 'Accepted',
    '3': 'Completed',
    '4': 'Scheduled',
    '5': 'API Scheduled',
    '6': 'Deleted',
    '7': 'Sent to Interaction Router',
  },
  'disposition-code': { '1000': 'None', '1001': 'Try Again', '1002': 'Scheduled Call Back' },
  'campaign-status': {
    '0': 'New',
    '1': 'Manual Started',
    '2': 'Schedule Started',
    '3': 'Manual Running',
    '4': 'Schedule Running',
    '5': 'Manual Stopped',
    '6': 'Completed',
    '7': 'Scheduled Stopped',
    '8': 'Manual Paused',
    '9': 'Schedule Paused',
    '10': 'Manual Purged',
    '11': 'Schedule Purged',
  },
  'record-status-code': { '0': 'Default', '1': 'Max Attempt Reached', '2': 'Skipped', '3': 'No Phone Number', '4': 'Invalid Phone Number' },
};

/** SLA bucket names in the order the server prints them (t30-45sec overlaps t30-40sec in the reference too). */
export const BUCKETS: Readonly<Record<string, readonly string[]>> = {
  online: ['t0-5sec', 't5-10sec', 't10-20sec', 't20-30sec', 't30-40sec', 't30-45sec', 't45-1min', 't1-2min', 't2-5min', 't5-10min', 't10-or-more'],
  offline: ['t0-30min', 't30min-1hr', 't1hr-1hr30min', 't1hr30min-2hr', 't2hr-3hr', 't3hr-or-more'],
};

// ---------------------------------------------------------------------------
// Field lists: short builders keep the table readable.

const f = (kind: FieldKind) => (...names: string[]): FieldSpec[] => names.map((name) => ({ name, kind }));
const text = f('text');
const id = f('id');
const count = f('count');
const seconds = f('seconds');
const minutes = f('minutes');
const ts = f('timestamp');
const en = (name: string, of = name): FieldSpec => ({ name, kind: 'enum', of });
const buckets = (name: string, of: string): FieldSpec => ({ name, kind: 'buckets', of });

const HOLD_AND_LEGS: FieldSpec[] = [
  ...seconds('max-hold-time'),
  ...count('hold-count'),
  ...seconds('total-hold-time', 'call-leg1-post-dial-delay', 'call-leg2-post-dial-delay', 'call-leg1-answer-time', 'call-leg2-answer-time'),
  ...text('call-leg1-sip-id', 'call-leg2-sip-id'),
];

const GROUP: FieldSpec[] = [...id('group-id'), ...text('group-name', 'deleted')];

const AGENT: FieldSpec[] = [
  ...id('agent-id', 'group-id'),
  { name: 'date-hired-date', kind: 'date' },
  ...text('direct-agent-access', 'email-address', 'enabled', 'first-name', 'full-name', 'last-name', 'phone-used', 'phone-extension', 'user-rights', 'voice-mail-activated'),
];

const ACTIVITY: FieldSpec[] = [
  ...id('agent-id'),
  ...text('agent-name'),
  ...id('group-id'),
  ...text('group-name'),
  // The reference's activity sample prints a word here (Phone), not a code.
  ...text('media-type'),
  ...id('channel-id', 'channel-obj-id', 'queue-obj-id'),
  ...text('queue-name'),
  // The reference prints this one element with an underscore.
  ...id('transaction_id'),
  ...text('origination', 'customer-name'),
  ...ts('trans-accept-time'),
  ...seconds('trans-proc-time', 'trans-post-proc-time', 'trans-total-time'),
  ...text('trans-transfer-from', 'trans-conference-from', 'case-id'),
  ...id('tcl-list-id', 'tcl-item-id'),
  ...text('tcl-item-shortcode-text', 'tcl-item-report-text', 'recording-filename'),
];

const AGENT_INTERACTION: FieldSpec[] = [
  ...id('interaction-id', 'agent-id'),
  ...text('agent-name'),
  ...id('group-id'),
  ...text('group-name'),
  // Not in the reference's sample, but its filter example (media-type=T&queue-id=102) filters on them.
  ...id('queue-id'),
  ...text('queue-name'),
  en('media-type'),
  ...ts('accept-timestamp'),
  ...seconds('process-time', 'post-process-time'),
  ...ts('finish-timestamp'),
  ...text('transfer-from', 'conference-from'),
];

const QUEUE_INTERACTION: FieldSpec[] = [
  ...id('interaction-id'),
  ...id('queue-id'),
  ...text('queue-name'),
  ...id('channel-id'),
  en('media-type'),
  ...ts('create-timestamp', 'accept-timestamp'),
  ...seconds('process-time', 'post-process-time'),
  ...ts('abandon-timestamp', 'finish-timestamp'),
  ...text('voice-message-left', 'origination', 'customer-name'),
  ...seconds('ivr-treatment-time'),
  ...HOLD_AND_LEGS,
  ...text('inbound-sip-id'),
];

const CAMPAIGN_INTERACTION: FieldSpec[] = [
  ...text('campaign-name'),
  ...id('campaign-id'),
  ...text('agent-name', 'queue-name'),
  ...ts('accept-timestamp'),
  en('record-status'),
  ...id('record-id', 'interaction-id'),
  ...text('wrap-up-code', 'wrap-up-text'),
  en('disposition-code'),
  ...text('called-number', 'ext-trans-data'),
  ...seconds('process-time', 'post-process-time', 'total-process-time'),
  ...text('recording-filename'),
];

const ALL_INTERACTION: FieldSpec[] = [
  // Here media-type is a word (Phone, Chat, Email, Voice Mail), not a code.
  ...text('media-type'),
  ...id('channel-obj-id'),
  ...text('queue-name'),
  ...id('interaction-id', 'orig-interaction-id'),
  ...text('origination', 'destination-original', 'destination-translated', 'customer-name', 'case-id', 'interaction-direction', 'interaction-type', 'dial-code', 'dial-text'),
  ...ts('create-timestamp'),
  ...text('agent-name'),
  ...ts('accept-timestamp'),
  ...seconds('process-time', 'post-process-time', 'total-time'),
  ...ts('abandon-timestamp'),
  ...text('voice-message-left', 'recording-filename'),
  ...seconds('ivr-treatment-time'),
  ...text('transfer-from', 'conference-from'),
  ...HOLD_AND_LEGS,
  ...text('inbound-sip-id', 'notes', 'campaign-name'),
  ...id('record-id'),
  en('record-status'),
  en('disposition-code'),
  ...text('ext-trans-data', 'wrap-up-code', 'wrap-up-text'),
];

const INTERVAL_HEAD: FieldSpec[] = [...text('queue-name'), ...id('channel-id'), ...ts('time-stamp'), en('media-type'), ...count('entered-count', 'accepted-count', 'sla-met-count')];

const STATISTIC: FieldSpec[] = [
  ...id('agent-id'),
  ...id('queue-id'),
  ...INTERVAL_HEAD,
  ...count('abandoned-count', 'finish-processing-count', 'finish-post-count', 'voice-message-left-count'),
  ...seconds('time-waiting', 'time-processing', 'time-post-processing', 'total-time-to-abandon', 'time-max-wait-accept', 'time-max-wait-abandon'),
];

const ONLINE_SLA: FieldSpec[] = [...id('queue-id'), ...INTERVAL_HEAD, buckets('accepted', 'online'), buckets('abandoned', 'online')];
const OFFLINE_SLA: FieldSpec[] = [...id('queue-id'), ...INTERVAL_HEAD, buckets('accepted', 'offline')];

const STATUS: FieldSpec[] = [
  ...id('agent-id'),
  ...text('agent-name'),
  ...id('group-id'),
  ...text('group-name', 'status'),
  ...ts('event-time'),
  ...id('scl-list-id', 'scl-item-id'),
  ...text('scl-item-shortcode-text', 'scl-item-report-text'),
  ...id('transaction-id'),
];

const STATUS_STATISTIC: FieldSpec[] = [
  ...ts('period-start', 'period-end'),
  ...id('agent-id'),
  ...text('agent-name'),
  ...id('group-id'),
  ...text('group-name'),
  ...seconds('status-waiting', 'status-processing', 'status-post-processing', 'status-working-offline', 'status-transaction-offered', 'status-break', 'time-logged-in'),
];

const SKILL: FieldSpec[] = [...text('enabled'), ...id('queue-id', 'agent-id'), ...text('skill-level')];

const OUTBOUND_CALL: FieldSpec[] = [
  ...id('agent-id'),
  ...text('agent-name'),
  ...id('group-id', 'transaction-id'),
  ...text('destination'),
  ...ts('start-time'),
  ...seconds('total-time'),
  ...id('tcl-list-id', 'tcl-item-id'),
  ...text('tcl-item-shortcode-text', 'tcl-item-report-text'),
  ...id('tcl-outbound-list-id', 'tcl-outbound-item-id'),
  ...text('tcl-outbound-item-shortcode-text', 'tcl-outbound-item-report-text', 'recording-filename'),
  ...HOLD_AND_LEGS,
];

const QUEUE: FieldSpec[] = [...id('queue-id'), ...text('queue-name', 'queue-desc'), en('media-type'), ...text('enabled', 'sla-enabled'), ...seconds('sla-time')];
const CHANNEL: FieldSpec[] = [...id('channel-id'), ...text('channel-name', 'channel-desc')];

const CAMPAIGN: FieldSpec[] = [
  ...text('campaign-name'),
  ...id('campaign-id'),
  ...text('enabled'),
  en('status', 'campaign-status'),
  ...count('no-of-records'),
  ...text('caller-id'),
  ...ts('start-time', 'end-time', 'actual-run-time', 'actual-stop-time'),
  ...minutes('daily-start-time', 'daily-end-time', 'retry-interval'),
  ...count('max-retry'),
];

const RECORD: FieldSpec[] = [
  ...text('campaign-name'),
  ...id('campaign-id', 'record-id'),
  ...text('phone-list'),
  en('status', 'record-status'),
  en('status-code', 'record-status-code'),
  ...text('ext-trans-data'),
  en('disposition-code'),
];

const codeList = (p: 'tcl' | 'scl', extra: string[]): FieldSpec[] => [
  ...id(`${p}-list-id`),
  ...text(`${p}-name`, `${p}-description`, `${p}-admin-notes`, `${p}-active`, `${p}-autosort`, `${p}-used`),
  ...id(`${p}-category-id`),
  ...text(...extra),
  ...id(`${p}-item-id`),
  ...count(`${p}-item-ordinate`),
  ...text(`${p}-item-active`, `${p}-item-used`),
  ...(p === 'tcl' ? text('tcl-item-call-line-id') : []),
  ...text(`${p}-lang-id`, `${p}-item-menu-text`, `${p}-item-report-text`, `${p}-item-shortcode-text`),
];
const TCL = codeList('tcl', ['tcl-assignment-type', 'tcl-required', 'tcl-multiple-choice', 'tcl-required-before-outbound']);
const SCL = codeList('scl', []);

// ---------------------------------------------------------------------------

const NONE: QuerySpec = { d: false, n: false, filters: false };
const PAGED: QuerySpec = { d: false, n: true, filters: false };
const DATED: QuerySpec = { d: true, n: true, filters: false };
const FILTERED: QuerySpec = { d: true, n: true, filters: true };

type Def = Omit<ResourceSpec, 'ids'>;

const r = (def: Def): ResourceSpec => ({ ...def, ids: idsOf(def.path) });

export const RESOURCES: readonly ResourceSpec[] = [
  r({ name: 'groups', group: 'Groups and agents', title: 'Groups', path: '/groups', query: NONE, plural: 'groups', singular: 'group', fields: GROUP }),
  r({ name: 'agents', group: 'Groups and agents', title: 'Agents (all)', path: '/agents', query: PAGED, plural: 'agents', singular: 'agent', fields: AGENT }),
  r({ name: 'group-agents', group: 'Groups and agents', title: 'Agents of a group', path: '/groups/{group-id}/agents', query: PAGED, plural: 'agents', singular: 'agent', fields: AGENT }),
  r({ name: 'agent', group: 'Groups and agents', title: 'One agent', path: '/agents/{agent-id}', query: NONE, plural: 'agents', singular: 'agent', fields: AGENT, single: true }),
  r({ name: 'agent-activities', group: 'Activities', title: 'Activities of an agent', path: '/agents/{agent-id}/activities', query: DATED, plural: 'activities', singular: 'activity', fields: ACTIVITY }),
  r({ name: 'group-activities', group: 'Activities', title: 'Activities of a group', path: '/groups/{group-id}/activities', query: DATED, plural: 'activities', singular: 'activity', fields: ACTIVITY }),
  r({ name: 'agent-interactions', group: 'Interactions', title: 'Interactions of an agent', path: '/agents/{agent-id}/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: AGENT_INTERACTION }),
  r({ name: 'group-interactions', group: 'Interactions', title: 'Interactions of a group', path: '/groups/{group-id}/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: AGENT_INTERACTION }),
  r({ name: 'interactions', group: 'Interactions', title: 'Queued interactions (all queues)', path: '/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: QUEUE_INTERACTION }),
  r({ name: 'queue-interactions', group: 'Interactions', title: 'Interactions of a queue', path: '/queues/{queue-id}/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: QUEUE_INTERACTION }),
  r({ name: 'channel-interactions', group: 'Interactions', title: 'Interactions of a channel', path: '/channels/{channel-id}/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: QUEUE_INTERACTION }),
  r({ name: 'campaign-interactions', group: 'Interactions', title: 'Interactions of a campaign', path: '/campaigns/{campaign-id}/interactions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: CAMPAIGN_INTERACTION }),
  r({ name: 'all-interactions', group: 'Interactions', title: 'All interactions (with non-queued)', path: '/allinteractions', query: FILTERED, plural: 'interactions', singular: 'interaction', fields: ALL_INTERACTION }),
  r({ name: 'agent-statistics', group: 'Interval statistics', title: 'Interval statistics of an agent', path: '/agents/{agent-id}/statistics', query: FILTERED, plural: 'statistics', singular: 'statistic', fields: STATISTIC, chart: 'interval' }),
  r({ name: 'queue-statistics', group: 'Interval statistics', title: 'Interval statistics of a queue', path: '/queues/{queue-id}/statistics', query: FILTERED, plural: 'statistics', singular: 'statistic', fields: STATISTIC, chart: 'interval' }),
  r({ name: 'channel-statistics', group: 'Interval statistics', title: 'Interval statistics of a channel', path: '/channels/{channel-id}/statistics', query: FILTERED, plural: 'statistics', singular: 'statistic', fields: STATISTIC, chart: 'interval' }),
  r({ name: 'queue-online-slas', group: 'SLA', title: 'Online SLA of a queue (phone, chat)', path: '/queues/{queue-id}/online_slas', query: FILTERED, plural: 'online_slas', singular: 'online_sla', fields: ONLINE_SLA, chart: 'online-sla' }),
  r({ name: 'channel-online-slas', group: 'SLA', title: 'Online SLA of a channel (phone, chat)', path: '/channels/{channel-id}/online_slas', query: FILTERED, plural: 'online_slas', singular: 'online_sla', fields: ONLINE_SLA, chart: 'online-sla' }),
  r({ name: 'queue-offline-slas', group: 'SLA', title: 'Offline SLA of a queue (email, voice mail)', path: '/queues/{queue-id}/offline_slas', query: FILTERED, plural: 'offline_slas', singular: 'offline_sla', fields: OFFLINE_SLA, chart: 'offline-sla' }),
  r({ name: 'channel-offline-slas', group: 'SLA', title: 'Offline SLA of a channel (email, voice mail)', path: '/channels/{channel-id}/offline_slas', query: FILTERED, plural: 'offline_slas', singular: 'offline_sla', fields: OFFLINE_SLA, chart: 'offline-sla' }),
  r({ name: 'agent-statuses', group: 'Agent statuses', title: 'Status changes of an agent', path: '/agents/{agent-id}/statuses', query: DATED, plural: 'statuses', singular: 'status', fields: STATUS }),
  r({ name: 'group-statuses', group: 'Agent statuses', title: 'Status changes of a group', path: '/groups/{group-id}/statuses', query: DATED, plural: 'statuses', singular: 'status', fields: STATUS }),
  r({ name: 'agent-status-statistics', group: 'Agent statuses', title: 'Status time of an agent (30-minute periods)', path: '/agents/{agent-id}/statuses/statistics', query: DATED, plural: 'statuses', singular: 'status', fields: STATUS_STATISTIC }),
  r({ name: 'agent-skills', group: 'Skills', title: 'Skills of an agent', path: '/agents/{agent-id}/skills', query: NONE, plural: 'skills', singular: 'skill', fields: SKILL }),
  r({ name: 'queue-skills', group: 'Skills', title: 'Agent skills of a queue', path: '/queues/{queue-id}/skills', query: NONE, plural: 'skills', singular: 'skill', fields: SKILL }),
  r({ name: 'agent-outbound-calls', group: 'Outbound calls', title: 'Outbound calls of an agent', path: '/agents/{agent-id}/outboundcalls', query: DATED, plural: 'outboundcalls', singular: 'outboundcall', fields: OUTBOUND_CALL }),
  r({ name: 'group-outbound-calls', group: 'Outbound calls', title: 'Outbound calls of a group', path: '/groups/{group-id}/outboundcalls', query: DATED, plural: 'outboundcalls', singular: 'outboundcall', fields: OUTBOUND_CALL }),
  r({ name: 'queues', group: 'Queues, channels, campaigns', title: 'Queues', path: '/queues', query: PAGED, plural: 'queues', singular: 'queue', fields: QUEUE }),
  r({ name: 'queue', group: 'Queues, channels, campaigns', title: 'One queue', path: '/queues/{queue-id}', query: NONE, plural: 'queues', singular: 'queue', fields: QUEUE, single: true }),
  r({ name: 'channels', group: 'Queues, channels, campaigns', title: 'Channels', path: '/channels', query: PAGED, plural: 'channels', singular: 'channel', fields: CHANNEL }),
  r({ name: 'channel', group: 'Queues, channels, campaigns', title: 'One channel', path: '/channels/{channel-id}', query: NONE, plural: 'channels', singular: 'channel', fields: CHANNEL, single: true }),
  r({ name: 'campaigns', group: 'Queues, channels, campaigns', title: 'Campaigns', path: '/campaigns', query: PAGED, plural: 'campaigns', singular: 'campaign', fields: CAMPAIGN }),
  r({ name: 'campaign', group: 'Queues, channels, campaigns', title: 'One campaign', path: '/campaigns/{campaign-id}', query: NONE, plural: 'campaigns', singular: 'campaign', fields: CAMPAIGN, single: true }),
  r({ name: 'campaign-records', group: 'Queues, channels, campaigns', title: 'Records of a campaign', path: '/campaigns/{campaign-id}/records', query: PAGED, plural: 'records', singular: 'record', fields: RECORD }),
  r({ name: 'tcls', group: 'Code lists', title: 'Transaction code lists', path: '/tcls', query: PAGED, plural: 'tcl-trans', singular: 'tcl-tran', fields: TCL }),
  r({ name: 'scls', group: 'Code lists', title: 'Status code lists', path: '/scls', query: PAGED, plural: 'scl-trans', singular: 'scl-tran', fields: SCL }),
];

/** Records per page: the server's fixed page size. */
export const PAGE_SIZE = 50;

export const FORMATS = ['json', 'xml', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

function idsOf(path: string): IdName[] {
  return [...path.matchAll(/\{([a-z-]+)\}/g)].map((m) => m[1] as IdName);
}

const BY_NAME = new Map(RESOURCES.map((res) => [res.name, res]));

export function findResource(name: string): ResourceSpec | undefined {
  return BY_NAME.get(name);
}

/** The path for a resource with its ids filled in (each URL-encoded) and the format suffix on the last segment. */
export function resourcePath(spec: ResourceSpec, ids: Readonly<Partial<Record<IdName, string>>>, format: Format): string {
  const path = spec.path.replace(/\{([a-z-]+)\}/g, (_m, name: string) => encodeURIComponent(ids[name as IdName] ?? ''));
  return `${path}.${format}`;
}

/** A field's spec by element name, for parsers that must tell known fields from typos. */
export function fieldIndex(spec: ResourceSpec): ReadonlyMap<string, FieldSpec> {
  return new Map(spec.fields.map((fs) => [fs.name, fs]));
}
