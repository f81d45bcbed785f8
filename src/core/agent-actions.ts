/**
 * The Agent API as actions a flow can name: "pause", "hangup", "disposition"… each
 * mapped to its catalog function and the fixed parameters that function needs
 * (`pause` is external_pause with value=PAUSE). The table is data: the node, its
 * editor (served over the admin API) and its help all read it. Raw catalog names
 * (external_pause, transfer_conference…) are accepted too and pass through unchanged.
 *
 * Also here: the input of external_dial (the dial node), because both nodes share
 * the agent-user rules.
 */
import { CATALOG } from './catalog';
import type { FunctionSpec } from './catalog/types';
import { VicidialError } from './errors';
import { normalisePhone } from './lead-fields';
import { camelCase } from './params';

export interface AgentAction {
  /** What a flow sends as msg.action (snake_case; matched case-insensitively, - and spaces as _). */
  readonly name: string;
  /** The Agent API catalog function it calls. */
  readonly function: string;
  readonly summary: string;
  /** Parameters the action sets; a message carrying a different value is refused. */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Parameters filled when the message leaves them out. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** Friendlier message field names for the function's parameters, e.g. { status: 'value' }. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The parameter the agent user goes to (default agent_user, when the function has one). */
  readonly agentParam?: string;
  /** What the dialog's "value" means for this action (only actions without a fixed value). */
  readonly value?: string;
  readonly group: string;
}

const G_STATE = 'Agent state';
const G_CALL = 'Call';
const G_XFER = 'Transfer / conference';
const G_PARK = 'Park';
const G_REC = 'Recording';
const G_AUDIO = 'Audio';
const G_INGROUP = 'In-groups';
const G_PREVIEW = 'Preview dialing';
const G_SCREEN = 'Agent screen';
const G_REMOTE = 'Remote agents';

function xfer(name: string, value: string, summary: string, aliases?: Record<string, string>): AgentAction {
  return { name, function: 'transfer_conference', fixed: { value }, summary, aliases, group: G_XFER };
}

function park(name: string, value: string, summary: string): AgentAction {
  return { name, function: 'park_call', fixed: { value }, summary, group: G_PARK };
}

function audio(name: string, stage: string, summary: string): AgentAction {
  return { name, function: 'audio_playback', fixed: { stage }, summary, aliases: { file: 'value' }, group: G_AUDIO };
}

function preview(name: string, value: string, summary: string): AgentAction {
  return { name, function: 'preview_dial_action', fixed: { value }, summary, group: G_PREVIEW };
}

const INGROUP_ALIASES = { ingroups: 'ingroup_choices' };
const XFER_INGROUP = { ingroup: 'ingroup_choices' };

export const AGENT_ACTIONS: readonly AgentAction[] = [
  { name: 'pause', function: 'external_pause', fixed: { value: 'PAUSE' }, summary: 'Pause the agent (after the live call ends).', group: G_STATE },
  { name: 'resume', function: 'external_pause', fixed: { value: 'RESUME' }, summary: 'Make a paused agent ready for calls.', group: G_STATE },
  {
    name: 'pause_code',
    function: 'pause_code',
    aliases: { code: 'value' },
    value: 'the pause code (1-6 characters)',
    summary: 'Set the pause code of a paused agent.',
    group: G_STATE,
  },
  { name: 'logout', function: 'logout', fixed: { value: 'LOGOUT' }, summary: 'Log the agent out of the agent screen.', group: G_STATE },
  { name: 'hangup', function: 'external_hangup', fixed: { value: '1' }, summary: "Hang up the customer call on the agent's screen.", group: G_CALL },
  {
    name: 'disposition',
    function: 'external_status',
    aliases: { status: 'value' },
    value: 'the status (disposition) code, e.g. SALE',
    summary: 'Disposition the current call; with callback_datetime and a callback status, schedule a callback.',
    group: G_CALL,
  },
  {
    name: 'dtmf',
    function: 'send_dtmf',
    aliases: { digits: 'value' },
    value: 'the tones; # and * are sent as P and S, Q waits a second',
    summary: 'Send DTMF tones into the call.',
    group: G_CALL,
  },
  {
    name: 'switch_lead',
    function: 'switch_lead',
    summary: 'Attach another lead (lead_id or vendor_lead_code) to the live inbound call.',
    group: G_CALL,
  },
  {
    name: 'vm_message',
    function: 'vm_message',
    value: 'audio file name(s), several separated by |',
    summary: 'Set the voicemail message played when the agent sends the call to voicemail.',
    group: G_CALL,
  },
  xfer('blind_transfer', 'BLIND_TRANSFER', 'Transfer the customer to phone_number and leave.'),
  xfer('transfer_ingroup', 'LOCAL_CLOSER', 'Transfer the customer to an in-group (ingroup).', XFER_INGROUP),
  xfer('dial_with_customer', 'DIAL_WITH_CUSTOMER', 'Dial phone_number into a 3-way call with the customer.', XFER_INGROUP),
  xfer('park_customer_dial', 'PARK_CUSTOMER_DIAL', 'Park the customer and dial phone_number.', XFER_INGROUP),
  xfer('leave_voicemail', 'LEAVE_VM', 'Send the customer to voicemail.'),
  xfer('hangup_xfer', 'HANGUP_XFER', 'Hang up the third party of a 3-way call.'),
  xfer('hangup_both', 'HANGUP_BOTH', 'Hang up both the customer and the third party.'),
  xfer('leave_3way', 'LEAVE_3WAY_CALL', 'Leave the 3-way call to the customer and the third party.'),
  park('park', 'PARK_CUSTOMER', 'Put the customer on park (hold).'),
  park('grab', 'GRAB_CUSTOMER', 'Take the customer back from park.'),
  park('park_ivr', 'PARK_IVR_CUSTOMER', 'Park the customer in the IVR.'),
  park('grab_ivr', 'GRAB_IVR_CUSTOMER', 'Take the customer back from the IVR.'),
  park('park_xfer', 'PARK_XFER', 'Park the third party of a 3-way call.'),
  park('grab_xfer', 'GRAB_XFER', 'Take the third party back from park.'),
  park('swap_park_customer', 'SWAP_PARK_CUSTOMER', 'Park the customer and take the third party back.'),
  park('swap_park_xfer', 'SWAP_PARK_XFER', 'Park the third party and take the customer back.'),
  { name: 'record_start', function: 'recording', fixed: { value: 'START' }, summary: 'Start recording (stage: text added to the file name).', group: G_REC },
  { name: 'record_stop', function: 'recording', fixed: { value: 'STOP' }, summary: 'Stop the recording started by the API.', group: G_REC },
  { name: 'record_status', function: 'recording', fixed: { value: 'STATUS' }, summary: 'Tell whether the session is being recorded.', group: G_REC },
  audio('play_audio', 'PLAY', 'Play an audio store file (file) into the session.'),
  audio('stop_audio', 'STOP', 'Stop the audio playing.'),
  audio('pause_audio', 'PAUSE', 'Pause the audio playing.'),
  audio('resume_audio', 'RESUME', 'Resume paused audio.'),
  audio('restart_audio', 'RESTART', 'Play the audio again from the start.'),
  {
    name: 'set_ingroups',
    function: 'change_ingroups',
    fixed: { value: 'CHANGE' },
    defaults: { blended: 'NO' },
    aliases: INGROUP_ALIASES,
    summary: 'Replace the in-groups the agent takes calls from (ingroups: array or "A B").',
    group: G_INGROUP,
  },
  {
    name: 'add_ingroups',
    function: 'change_ingroups',
    fixed: { value: 'ADD' },
    defaults: { blended: 'NO' },
    aliases: INGROUP_ALIASES,
    summary: "Add in-groups to the agent's selection.",
    group: G_INGROUP,
  },
  {
    name: 'remove_ingroups',
    function: 'change_ingroups',
    fixed: { value: 'REMOVE' },
    defaults: { blended: 'NO' },
    aliases: INGROUP_ALIASES,
    summary: "Remove in-groups from the agent's selection.",
    group: G_INGROUP,
  },
  {
    name: 'calls_in_queue',
    function: 'calls_in_queue_count',
    fixed: { value: 'DISPLAY' },
    summary: 'Count the calls waiting that could go to the agent.',
    group: G_INGROUP,
  },
  preview('preview_skip', 'SKIP', 'Skip the lead being previewed.'),
  preview('preview_dial', 'DIALONLY', 'Dial the lead being previewed.'),
  preview('preview_alt_dial', 'ALTDIAL', "Dial the previewed lead's alternate phone."),
  preview('preview_addr3_dial', 'ADR3DIAL', "Dial the previewed lead's address3 number."),
  preview('preview_finish', 'FINISH', 'Finish alternate-number dialing of the previewed lead.'),
  {
    name: 'update_fields',
    function: 'update_fields',
    summary: "Change fields of the lead on the agent's screen (first_name, city…).",
    group: G_SCREEN,
  },
  {
    name: 'refresh_panel',
    function: 'refresh_panel',
    summary: 'Reload screen panels: send formreload, scriptreload, emailreload… = 1.',
    group: G_SCREEN,
  },
  {
    name: 'timer_action',
    function: 'set_timer_action',
    aliases: { message: 'notes', seconds: 'rank' },
    value: 'the action: WEBFORM, WEBFORM2, D1_DIAL…D5_DIAL, MESSAGE_ONLY or NONE',
    summary: 'Trigger an action (web form, preset dial, message) seconds into the call.',
    group: G_SCREEN,
  },
  {
    name: 'notify',
    function: 'send_notification',
    agentParam: 'recipient',
    defaults: { recipient_type: 'USER' },
    aliases: { text: 'notification_text' },
    summary: 'Show a text alert (text) and/or confetti on the agent screen.',
    group: G_SCREEN,
  },
  { name: 'webphone', function: 'webphone_url', fixed: { value: 'DISPLAY' }, summary: "Get the agent's webphone URL.", group: G_SCREEN },
  { name: 'call_agent', function: 'call_agent', fixed: { value: 'CALL' }, summary: "Call the agent's phone into the session.", group: G_SCREEN },
  {
    name: 'ra_hangup',
    function: 'ra_call_control',
    fixed: { stage: 'HANGUP' },
    aliases: { call_id: 'value' },
    value: 'the call id of the remote agent call',
    summary: 'Hang up a remote agent call (status: what to log, default RAXFER).',
    group: G_REMOTE,
  },
  {
    name: 'ra_transfer_extension',
    function: 'ra_call_control',
    fixed: { stage: 'EXTENSIONTRANSFER' },
    aliases: { call_id: 'value' },
    value: 'the call id of the remote agent call',
    summary: 'Transfer a remote agent call to phone_number.',
    group: G_REMOTE,
  },
  {
    name: 'ra_transfer_ingroup',
    function: 'ra_call_control',
    fixed: { stage: 'INGROUPTRANSFER' },
    aliases: { call_id: 'value', ingroup: 'ingroup_choices' },
    value: 'the call id of the remote agent call',
    summary: 'Transfer a remote agent call to an in-group (ingroup).',
    group: G_REMOTE,
  },
];

const AGENT_FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(CATALOG.filter((f) => f.api === 'agent').map((f) => [f.name, f]));
const BY_NAME: ReadonlyMap<string, AgentAction> = new Map(AGENT_ACTIONS.map((a) => [a.name, a]));

function invalid(reason: string, field?: string, fn?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason, details: field ? [field] : [], fields: field ? { field } : {} });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function agentFunctionSpec(name: string): FunctionSpec | undefined {
  return AGENT_FUNCTIONS.get(name);
}

/** The action a name stands for: a table entry, or a bare catalog function of the Agent API. */
export function resolveAction(name: unknown): AgentAction {
  if (typeof name !== 'string' || name.trim() === '') throw invalid('no action: set one in the node or send msg.action', 'action');
  const key = normaliseName(name);
  const known = BY_NAME.get(key);
  if (known) return known;
  const spec = AGENT_FUNCTIONS.get(key);
  if (spec) return { name: spec.name, function: spec.name, summary: spec.summary, group: 'Agent API function' };
  throw invalid(`unknown action "${name}": use one of ${AGENT_ACTIONS.map((a) => a.name).join(', ')}, or an Agent API function name`, 'action');
}

// ---------------------------------------------------------------------------
// Reading message fields in either spelling

function spellings(name: string): string[] {
  const camel = camelCase(name);
  return camel === name ? [name] : [name, camel];
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function present(input: Readonly<Record<string, unknown>>, name: string): boolean {
  return spellings(name).some((k) => !isBlank(input[k]));
}

/** Removes a field in both spellings and returns its value (snake_case wins). */
function take(input: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const k of spellings(name)) {
    if (!isBlank(input[k]) && found === undefined) found = input[k];
    delete input[k];
  }
  return found;
}

function sameText(a: unknown, b: string): boolean {
  return String(a).trim().toUpperCase() === b.toUpperCase();
}

function renameAliases(action: AgentAction, input: Record<string, unknown>): void {
  for (const [alias, target] of Object.entries(action.aliases ?? {})) {
    if (!present(input, alias)) {
      take(input, alias);
      continue;
    }
    const value = take(input, alias);
    if (present(input, target) && String(take(input, target)) !== String(value)) {
      throw invalid(`${alias} and ${target} are the same parameter of ${action.name}; send one of them`, alias, action.function);
    }
    input[target] = value;
  }
}

function applyFixed(action: AgentAction, input: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(action.fixed ?? {})) {
    if (present(input, name) && !sameText(take(input, name), value)) {
      throw invalid(`action ${action.name} sends ${name}=${value}; remove ${name} from the message or use the function ${action.function}`, name, action.function);
    }
    take(input, name);
    input[name] = value;
  }
}

// ---------------------------------------------------------------------------
// Function-specific shaping of values the server reads in its own way

/**
 * change_ingroups reads " A B -": the first space-separated token (empty, thanks to
 * the leading space) is skipped and a trailing "-" ends the list. A flow's ["A", "B"]
 * or "A B" would otherwise lose its first group silently.
 */
export function ingroupChoices(value: unknown): string {
  const parts = Array.isArray(value) ? value.map((v) => String(v)) : String(value).split(/[\s,+|]+/);
  const groups = parts.map((g) => g.trim()).filter((g) => g !== '' && g !== '-');
  for (const g of groups) {
    if (!/^[-_0-9A-Za-z]+$/.test(g)) throw invalid(`in-group "${g}" may only contain letters, digits, - and _`, 'ingroup_choices', 'change_ingroups');
  }
  return groups.length === 0 ? '' : ` ${groups.join(' ')} -`;
}

/** send_dtmf drops # and *: the agent screen reads P and S for them. */
export function dtmfDigits(value: unknown): string {
  const text = String(value).trim().replace(/#/g, 'P').replace(/\*/g, 'S');
  if (!/^[0-9PSQ]+$/i.test(text)) throw invalid(`DTMF "${String(value)}" may only contain 0-9, #, *, P, S and Q`, 'value', 'send_dtmf');
  return text.toUpperCase();
}

function shape(fn: string, input: Record<string, unknown>): void {
  if (fn === 'change_ingroups' && present(input, 'ingroup_choices')) {
    const framed = ingroupChoices(take(input, 'ingroup_choices'));
    if (framed) input.ingroup_choices = framed;
  }
  if (fn === 'send_dtmf' && present(input, 'value')) input.value = dtmfDigits(take(input, 'value'));
}

// ---------------------------------------------------------------------------
// Agent user

function agentParamOf(action: AgentAction, spec: FunctionSpec): string | undefined {
  if (action.agentParam) return action.agentParam;
  return spec.params.some((p) => p.name === 'agent_user') ? 'agent_user' : undefined;
}

function hasAgent(input: Readonly<Record<string, unknown>>, param: string): boolean {
  return present(input, param) || (param === 'agent_user' && present(input, 'alt_user'));
}

/** The first agent user given: msg.agent_user, then the node's setting. */
export function pickAgent(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    if (isBlank(c)) continue;
    if (typeof c !== 'string' && typeof c !== 'number') throw invalid('the agent user must be text', 'agent_user');
    return String(c).trim();
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Building a call

export interface AgentCallOptions {
  /** The agent user from msg.agent_user or the node (the payload's agent_user/alt_user wins). */
  agentUser?: string;
  /** The dialog's value, for actions whose value the flow chooses. */
  value?: unknown;
  /** The dialog's other parameters (JSON), below the message's. */
  defaults?: Readonly<Record<string, unknown>>;
}

export interface AgentCall {
  action: string;
  function: string;
  input: Record<string, unknown>;
  /** The agent the call is for (undefined for functions without one). */
  agent?: string;
}

export function buildAgentCall(actionName: unknown, payload: Readonly<Record<string, unknown>>, options: AgentCallOptions = {}): AgentCall {
  const action = resolveAction(actionName);
  const spec = AGENT_FUNCTIONS.get(action.function);
  // The table is checked against the catalog by the unit tests; this guards a bad edit.
  if (!spec) throw invalid(`action ${action.name} names an unknown function ${action.function}`, 'action');
  const payloadPart = { ...payload };
  renameAliases(action, payloadPart);
  const input: Record<string, unknown> = { ...(options.defaults ?? {}) };
  renameAliases(action, input);
  for (const [k, v] of Object.entries(payloadPart)) {
    if (isBlank(v)) continue;
    // One spelling per field: the message's replaces a default in the other spelling.
    for (const s of spellings(snakeCase(k))) delete input[s];
    input[k] = v;
  }
  applyFixed(action, input);
  const takesValue = spec.params.some((p) => p.name === 'value');
  if (takesValue && !present(input, 'value') && !isBlank(options.value)) input.value = options.value;
  const agentParam = agentParamOf(action, spec);
  if (agentParam && !hasAgent(input, agentParam) && options.agentUser) input[agentParam] = options.agentUser;
  for (const [name, value] of Object.entries(action.defaults ?? {})) if (!present(input, name)) input[name] = value;
  shape(spec.name, input);
  const agent = agentParam && present(input, agentParam) ? String(input[agentParam] ?? input[camelCase(agentParam)]) : undefined;
  return { action: action.name, function: spec.name, input, agent };
}

/** Short node status for a successful action. */
export function agentStatusText(call: AgentCall, data: unknown): string {
  const d = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (call.function === 'calls_in_queue_count' && d.count !== undefined) return `${String(d.count)} in queue`;
  return call.agent ? `${call.action}: ${call.agent}` : call.action;
}

// ---------------------------------------------------------------------------
// external_dial

export interface DialOptions {
  agentUser?: string;
  phoneCode?: unknown;
  search?: unknown;
  preview?: unknown;
  focus?: unknown;
  altDial?: unknown;
  groupAlias?: unknown;
  dialPrefix?: unknown;
  dialIngroup?: unknown;
  outboundCid?: unknown;
}

/** Message fields that name the number to dial (value is the server's own name). */
const NUMBER_FIELDS = ['phone_number', 'phone', 'number'];

const DIAL_OPTION_PARAMS: ReadonlyArray<readonly [keyof DialOptions, string]> = [
  ['search', 'search'],
  ['preview', 'preview'],
  ['focus', 'focus'],
  ['altDial', 'alt_dial'],
  ['groupAlias', 'group_alias'],
  ['dialPrefix', 'dial_prefix'],
  ['dialIngroup', 'dial_ingroup'],
  ['outboundCid', 'outbound_cid'],
];

function dialPayload(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string' || typeof payload === 'number') return { value: payload };
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && !Buffer.isBuffer(payload)) return { ...(payload as Record<string, unknown>) };
  if (isBlank(payload)) return {};
  throw invalid('msg.payload must be a phone number or an object with phone_number or lead_id', 'phone_number', 'external_dial');
}

function takeNumber(input: Record<string, unknown>): unknown {
  const given = ['value', ...NUMBER_FIELDS].filter((n) => present(input, n));
  const values = given.map((n) => take(input, n));
  for (const n of NUMBER_FIELDS) take(input, n);
  const distinct = new Set(values.map((v) => String(v).replace(/\D/g, '')));
  if (distinct.size > 1) throw invalid(`the message names two numbers (${given.join(', ')}); send one`, 'phone_number', 'external_dial');
  return values[0];
}

/**
 * The parameters of external_dial from a message (a number, or an object with
 * phone_number / value / lead_id and any external_dial field) over the dialog's options.
 * The number is reduced to digits; a +<country code> becomes phone_code.
 */
export function buildDialInput(payload: unknown, options: DialOptions = {}): Record<string, unknown> {
  const input = dialPayload(payload);
  const number = takeNumber(input);
  const messageCode = take(input, 'phone_code');
  if (!isBlank(number)) {
    if (String(number).trim().toUpperCase() === 'MANUALNEXT') {
      input.value = 'MANUALNEXT';
      if (!isBlank(messageCode ?? options.phoneCode)) input.phone_code = messageCode ?? options.phoneCode;
    } else {
      const phone = normalisePhone(number, { phoneCode: messageCode, defaultPhoneCode: options.phoneCode, function: 'external_dial', field: 'phone_number' });
      input.value = phone.phone_number;
      if (phone.phone_code !== undefined) input.phone_code = phone.phone_code;
    }
  } else if (!isBlank(messageCode ?? options.phoneCode)) {
    input.phone_code = messageCode ?? options.phoneCode;
  }
  if (!present(input, 'value') && !present(input, 'lead_id')) {
    throw invalid('nothing to dial: send a phone number (msg.payload or phone_number) or a lead_id', 'phone_number', 'external_dial');
  }
  for (const [option, param] of DIAL_OPTION_PARAMS) {
    if (!present(input, param) && !isBlank(options[option])) input[param] = options[option];
  }
  if (!hasAgent(input, 'agent_user') && options.agentUser) input.agent_user = options.agentUser;
  return input;
}

export function dialStatusText(input: Readonly<Record<string, unknown>>, data: unknown): string {
  const d = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const what = d.value ? String(d.value) : input.lead_id !== undefined ? `lead ${String(input.lead_id)}` : String(input.value ?? '');
  return `dialing ${what}`;
}
