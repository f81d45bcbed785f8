/**
 * Non-Agent API part 3: agent, user and call look-ups, lead reads and the live
 * call statistics (agent_status … call_dispo_report), answering as the PHP does.
 * Facts are from the server source; the state has
 * no agent log, parked channels, chats or user log, so the parts of the rules that
 * read those tables see them empty.
 */
import { param, sqlDateTime, sqlDay, type Handler, type SimContext } from '../context';
import { HUMAN_ANSWERED_STATUSES } from '../seed';
import type { SimAgent, SimCall, SimCallback, SimLead, SimState, SimUser } from '../state';
import { blankLead } from '../state';
import { LEAD_COLUMNS as LEAD_COLUMN_ORDER } from '../../core/catalog/non-agent-3';

// ---------------------------------------------------------------------------
// Shared helpers

type Answer = string;

// The column order the server prints, from the catalog (one source of truth).
const LEAD_COLUMNS = LEAD_COLUMN_ORDER;

/** Every vicidial_list column the simulator stores (what `SELECT <field>` can read), in table order. */
const VICIDIAL_LIST_COLUMNS = Object.keys(blankLead(0, '', '', '')).filter((c) => c !== 'custom');

function clean(ctx: SimContext, name: string, keep: RegExp): string {
  return param(ctx, name).replace(keep, '');
}

/** The two-line Invalid Source answer; `source` is first reduced to [0-9a-zA-Z]. */
function sourceError(ctx: SimContext): Answer {
  const source = clean(ctx, 'source', /[^0-9a-zA-Z]/g);
  if (source.length >= 2) return '';
  return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
}

function allowedFunctionError(ctx: SimContext): Answer {
  const allowed = ctx.user.api_allowed_functions;
  if (allowed.includes(` ${ctx.fn} `) || allowed.includes('ALL_FUNCTIONS')) return '';
  return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${ctx.user.user}|${ctx.fn}|\n`;
}

interface PermissionRule {
  /** user_level must be greater than this. */
  above: number;
  agentApi?: boolean;
  viewReports?: boolean;
  /** Accepted modify_leads values. */
  modifyLeads?: readonly string[];
}

function permitted(user: SimUser, rule: PermissionRule): boolean {
  if (user.active !== 'Y' || user.user_level <= rule.above) return false;
  if (rule.agentApi && user.flags.vdc_agent_api_access !== '1') return false;
  if (rule.viewReports && user.flags.view_reports !== '1') return false;
  if (rule.modifyLeads && !rule.modifyLeads.includes(user.flags.modify_leads ?? '0')) return false;
  return true;
}

/** Source, allowed functions and permission checks, in the PHP's order; '' when all pass. */
function gate(ctx: SimContext, rule: PermissionRule, reason: string, checkSource = true): Answer {
  if (checkSource) {
    const bad = sourceError(ctx);
    if (bad) return bad;
  }
  const notAllowed = allowedFunctionError(ctx);
  if (notAllowed) return notAllowed;
  if (!permitted(ctx.user, rule)) return `ERROR: ${reason}: |${ctx.user.user}|0|\n`;
  return '';
}

const REPORT_RULE: PermissionRule = { above: 6, agentApi: true, viewReports: true };

/** csv / tab / pipe (and newline where the function accepts it); pipe otherwise. */
function stageDelimiter(ctx: SimContext, allowNewline = false): { dl: string; stage: string } {
  const stage = clean(ctx, 'stage', /[^-_0-9a-zA-Z]/g);
  if (stage === 'csv') return { dl: ',', stage };
  if (stage === 'tab') return { dl: '\t', stage };
  if (stage === 'newline' && allowNewline) return { dl: '\n', stage };
  if (stage === 'pipe') return { dl: '|', stage };
  return { dl: '|', stage: 'pipe' };
}

function headerParam(ctx: SimContext): string {
  return clean(ctx, 'header', /[^0-9a-zA-Z]/g);
}

/** MySQL's default collation compares case-insensitively. */
function sqlEq(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** ORDER BY of a case-insensitive collation. */
function sqlCompare(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const PHP_NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** PHP 8 comparison of array keys / values (ksort, ==): numeric strings compare as numbers. */
function phpCompare(a: string, b: string): number {
  if (PHP_NUMERIC.test(a) && PHP_NUMERIC.test(b)) {
    if (/^\s*[+-]?\d+\s*$/.test(a) && /^\s*[+-]?\d+\s*$/.test(b)) {
      const x = BigInt(a.trim());
      const y = BigInt(b.trim());
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function phpLooseEq(a: string, b: string): boolean {
  return phpCompare(a, b) === 0;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function findUser(state: SimState, name: string): SimUser | undefined {
  return state.users.get(name) ?? [...state.users.values()].find((u) => sqlEq(u.user, name));
}

function findAgent(state: SimState, name: string): SimAgent | undefined {
  return state.agents.get(name) ?? [...state.agents.values()].find((a) => sqlEq(a.user, name));
}

function groupSettings(state: SimState, group: string): { allowed_campaigns: string; admin_viewable_groups: string } {
  const g = state.userGroupSettings?.get(group);
  return {
    allowed_campaigns: g?.allowed_campaigns ?? ' -ALL-CAMPAIGNS- -',
    admin_viewable_groups: g?.admin_viewable_groups ?? ' ---ALL--- ',
  };
}

/** The campaigns a user group may see, or undefined for all (allowed_campaigns containing `-ALL`). */
function allowedCampaigns(state: SimState, user: SimUser, marker: RegExp = /-ALL/i): string[] | undefined {
  const allowed = groupSettings(state, user.user_group).allowed_campaigns;
  if (marker.test(allowed)) return undefined;
  return allowed.replace(/\s-/g, '').trim().split(/\s+/).filter((c) => c !== '');
}

/** The user groups a user group may see, or undefined for all. */
function viewableGroups(state: SimState, user: SimUser): string[] | undefined {
  const groups = groupSettings(state, user.user_group).admin_viewable_groups;
  if (/--ALL--/i.test(groups) || groups.length <= 3) return undefined;
  return ['---ALL---', ...groups.replace(/ -/g, '').trim().split(' ')];
}

function inList(list: readonly string[] | undefined, value: string): boolean {
  return list === undefined || list.some((v) => sqlEq(v, value));
}

/** Whether a list exists and belongs to one of the allowed campaigns. */
function listAllowed(state: SimState, listId: string, campaigns: readonly string[] | undefined): boolean {
  const list = [...state.lists.values()].find((l) => sqlEq(l.list_id, listId));
  return list !== undefined && inList(campaigns, list.campaign_id);
}

function leadValue(lead: SimLead, column: string): string {
  const v = (lead as unknown as Record<string, unknown>)[column];
  return v === undefined || v === null ? '' : String(v);
}

function maskValue(v: string): string {
  return v.replace(/./g, 'X');
}

/** The real-time sub-status of agent_status / logged_in_agents, and the lead ID to show. */
function realTimeSubStatus(state: SimState, agent: SimAgent): { rtr: string; lead_id: number } {
  let rtr = '';
  const leadId = agent.lead_id;
  if (agent.on_hook_agent === 'Y' && agent.callerid.length > 18) rtr = 'RING';
  if (agent.status === 'PAUSED' && leadId > 0) rtr = 'DISPO';
  if (agent.status === 'INCALL') {
    if (leadId > 0) {
      const sharing = [...state.agents.values()].filter((a) => a.lead_id === leadId && a.status === 'INCALL').length;
      if (sharing > 1) rtr = '3-WAY';
    }
    const comments = agent.comments ?? '';
    // No parked channels or chats are simulated.
    if (/CHAT/i.test(comments) || /EMAIL/i.test(comments)) {
      // chat: the customer never leaves in the simulator; email: unchanged
    } else {
      const live = (state.autoCalls ?? []).filter((c) => c.callerid === agent.callerid);
      if (live.length < 1) rtr = 'DEAD';
      else if (comments === 'MANUAL' && (live[0].uniqueid ?? '').length < 5 && (live[0].channel ?? '').length < 5) rtr = 'DIAL';
    }
  }
  return { rtr, lead_id: leadId };
}

// ---------------------------------------------------------------------------
// agent_status, user_details

const agentStatus: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'agent_status USER DOES NOT HAVE PERMISSION TO GET AGENT INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const agentUser = clean(ctx, 'agent_user', /[^-_0-9a-zA-Z]/g);
  if (agentUser.length < 1 || agentUser.length >= 100) return `ERROR: agent_status INVALID SEARCH PARAMETERS: ${me}|${agentUser}\n`;
  const { dl } = stageDelimiter(ctx);
  const includeIp = clean(ctx, 'include_ip', /[^0-9a-zA-Z]/g) === 'YES';
  let output = '';
  if (headerParam(ctx) === 'YES') {
    output += ['status', 'callerid', 'lead_id', 'campaign_id', 'calls_today', 'full_name', 'user_group', 'user_level', 'pause_code', 'real_time_sub_status', 'phone_number', 'vendor_lead_code', 'session_id'].join(dl);
    if (includeIp) output += `${dl}computer_ip`;
    output += '\n';
  }
  const viewable = viewableGroups(ctx.state, ctx.user);
  const user = findUser(ctx.state, agentUser);
  if (!user || !inList(viewable, user.user_group)) return `ERROR: agent_status AGENT NOT FOUND: ${me}|${agentUser}\n`;
  const agent = findAgent(ctx.state, agentUser);
  if (!agent) return `ERROR: agent_status AGENT NOT LOGGED IN: ${me}|${agentUser}\n`;
  const { rtr, lead_id } = realTimeSubStatus(ctx.state, agent);
  let vendorLeadCode = '';
  let phoneNumber = '';
  if (lead_id > 0) {
    const lead = ctx.state.leads.get(lead_id);
    if (lead) {
      vendorLeadCode = lead.vendor_lead_code;
      phoneNumber = lead.phone_number;
    }
  }
  if (agent.callerid.length > 0) {
    const auto = (ctx.state.autoCalls ?? []).find((c) => c.callerid === agent.callerid);
    if (auto && auto.phone_number.length > 3) phoneNumber = auto.phone_number;
  }
  // include_ip: the LOGIN events of vicidial_user_log are not simulated, so no computer_ip field is added.
  output += [agent.status, agent.callerid, lead_id, agent.campaign_id, agent.calls_today, user.full_name, user.user_group, user.user_level, agent.pause_code, rtr, phoneNumber, vendorLeadCode, agent.conf_exten].join(dl) + '\n';
  return output;
};

const userDetails: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'user_details USER DOES NOT HAVE PERMISSION TO GET USER DETAILS');
  if (gated) return gated;
  const me = ctx.user.user;
  const agentUser = clean(ctx, 'agent_user', /[^-_0-9a-zA-Z]/g);
  if (agentUser.length < 1 || agentUser.length >= 100) return `ERROR: user_details INVALID SEARCH PARAMETERS: ${me}|${agentUser}\n`;
  const { dl } = stageDelimiter(ctx);
  let output = '';
  if (headerParam(ctx) === 'YES') output += ['user', 'full_name', 'user_group', 'user_level', 'active'].join(dl) + '\n';
  const user = findUser(ctx.state, agentUser);
  if (!user || !inList(viewableGroups(ctx.state, ctx.user), user.user_group)) return `ERROR: user_details USER NOT FOUND: ${me}|${agentUser}\n`;
  output += [agentUser, user.full_name, user.user_group, user.user_level, user.active].join(dl) + '\n';
  return output;
};

// ---------------------------------------------------------------------------
// callid_info, ccc_lead_info

function validCallId(callId: string): boolean {
  return callId.length > 17 && callId.length < 40 && /^(Y|J|V|M|DC|S|LP|VH|XL)/.test(callId);
}

function callIdParam(ctx: SimContext): string {
  return clean(ctx, 'call_id', /[^0-9a-zA-Z]/g).replace(/[\n\r\t ]/g, '');
}

/** vicidial_log_extended / vicidial_dial_log row of a caller code. */
function callByCallerCode(state: SimState, callId: string, after?: string): SimCall | undefined {
  return state.calls.find((c) => sqlEq(c.call_id, callId) && (after === undefined || c.call_date > after));
}

const callidInfo: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'callid_info USER DOES NOT HAVE PERMISSION TO GET CALL INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const callId = callIdParam(ctx);
  if (!validCallId(callId)) return `ERROR: callid_info INVALID SEARCH PARAMETERS: ${me}|${callId}\n`;
  const agentUser = clean(ctx, 'agent_user', /[^-_0-9a-zA-Z]/g);
  const { dl } = stageDelimiter(ctx);
  const detail = clean(ctx, 'detail', /[^A-Z]/g) === 'YES';
  let output = '';
  if (headerParam(ctx) === 'YES') {
    output += (detail ? ['call_id', 'custtime', 'call_date', 'phone', 'call_type', 'campaign_id', 'list_id', 'status', 'user'] : ['call_id', 'custtime']).join(dl) + '\n';
  }
  const ext = callByCallerCode(ctx.state, callId);
  if (!ext) return `ERROR: callid_info CALL NOT FOUND: ${me}|${agentUser}\n`;
  const inbound = /^(Y|J|LP|VH)/.test(callId);
  const callType = inbound ? 'INBOUND' : /^V/.test(callId) ? 'OUTBOUND_AUTO' : /^M/.test(callId) ? 'OUTBOUND_MANUAL' : 'OUTBOUND_OTHER';
  // The closer log is read for Y/J/LP/VH IDs, the outbound log for the others.
  const log = ctx.state.calls.find((c) => c.inbound === inbound && c.uniqueid === ext.uniqueid && c.lead_id === ext.lead_id && (!inbound || c.call_date === ext.call_date));
  if (!log) return `ERROR: callid_info CALL LOG NOT FOUND: ${me}|${agentUser}\n`;
  // talk_sec - dead_sec of the agent's log row: the simulator's calls taken by an agent are all talk.
  const custSec = log.user !== '' && log.user !== 'VDAD' && findUser(ctx.state, log.user) ? log.length_in_sec : 0;
  output += (detail ? [callId, custSec, ext.call_date, log.phone_number, callType, log.campaign_id, log.list_id, log.status, log.user] : [callId, custSec]).join(dl) + '\n';
  return output;
};

const cccLeadInfo: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'ccc_lead_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const callId = callIdParam(ctx);
  if (!validCallId(callId)) return `ERROR: ccc_lead_info INVALID SEARCH PARAMETERS: ${me}|${callId}\n`;
  const agentUser = clean(ctx, 'agent_user', /[^-_0-9a-zA-Z]/g);
  const campaigns = allowedCampaigns(ctx.state, ctx.user, /ALL-CAMPAIGNS/i);
  const { dl } = stageDelimiter(ctx, true);
  let output = '';
  if (headerParam(ctx) === 'YES') output += LEAD_COLUMNS.join(dl) + '\n';
  const tenHoursAgo = sqlDateTime(new Date(ctx.now.getTime() - 10 * 3600 * 1000));
  const call = callByCallerCode(ctx.state, callId, tenHoursAgo);
  if (!call) return `ERROR: ccc_lead_info CALL NOT FOUND: ${me}|${agentUser}\n`;
  const lead = ctx.state.leads.get(call.lead_id);
  if (!lead) return `ERROR: ccc_lead_info LEAD NOT FOUND: ${me}|${agentUser}\n`;
  if (campaigns !== undefined && ctx.user.api_list_restrict > 0 && !listAllowed(ctx.state, lead.list_id, campaigns)) {
    return `ERROR: ccc_lead_info LEAD NOT FOUND: |${me}|1|\n`;
  }
  output += LEAD_COLUMNS.map((c) => leadValue(lead, c)).join(dl) + '\n';
  return output;
};

// ---------------------------------------------------------------------------
// lead_callback_info, lead_dearchive

const leadCallbackInfo: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'lead_callback_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const leadIdRaw = clean(ctx, 'lead_id', /[^0-9]/g);
  if (leadIdRaw.length < 1 || leadIdRaw.length >= 12) return `ERROR: lead_callback_info INVALID SEARCH PARAMETERS: ${me}|${leadIdRaw}\n`;
  const leadId = Number(leadIdRaw);
  const campaigns = allowedCampaigns(ctx.state, ctx.user, /ALL-CAMPAIGNS/i);
  const location = clean(ctx, 'search_location', /[^A-Z]/g);
  const { dl, stage } = stageDelimiter(ctx, true);
  const header = headerParam(ctx);
  let output = '';
  if (header === 'YES') {
    output += ['lead_id', 'callback_type', 'recipient', 'callback_status', 'lead_status', 'callback_date', 'entry_date', 'user', 'list_id', 'campaign_id', 'user_group', 'customer_timezone', 'customer_time', 'comments'].join(dl) + '\n';
  }
  const rows = (type: string, table: readonly SimCallback[] | undefined): string | undefined => {
    const found = (table ?? []).filter((cb) => cb.lead_id === leadId).sort((a, b) => a.callback_id - b.callback_id);
    for (const cb of found) {
      if (campaigns !== undefined && ctx.user.api_list_restrict > 0 && !listAllowed(ctx.state, cb.list_id, campaigns)) return undefined;
      const tz = (cb.customer_timezone ?? '').replace(/,/g, '-');
      output += [leadIdRaw, type, cb.recipient, cb.status, cb.lead_status, cb.callback_time, cb.entry_time, cb.user, cb.list_id, cb.campaign_id, cb.user_group, tz, cb.customer_time ?? '', cb.comments].join(dl) + '\n';
    }
    return output;
  };
  const denied = `ERROR: lead_callback_info LEAD NOT FOUND: |${me}|1|\n`;
  if (location === 'ARCHIVE' || location === 'ALL') {
    if (rows('ARCHIVE', ctx.state.callbacksArchive) === undefined) return denied;
  }
  if (location === 'CURRENT' || location === 'ALL' || location === '') {
    if (rows('CURRENT', ctx.state.callbacks) === undefined) return denied;
  }
  const size = byteLength(output);
  if (((header === 'NO' || header === '') && size > 10) || (header === 'YES' && size > 170)) return output;
  return `ERROR: lead_callback_info CALLBACK NOT FOUND: ${me}|${leadIdRaw}|${stage}|${location}\n`;
};

const leadDearchive: Handler = (ctx) => {
  const gated = gate(ctx, { above: 7, agentApi: true, modifyLeads: ['1'] }, 'lead_dearchive USER DOES NOT HAVE PERMISSION TO MODIFY LEAD INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const leadIdRaw = clean(ctx, 'lead_id', /[^0-9]/g);
  if (leadIdRaw.length < 1 || leadIdRaw.length >= 12) return `ERROR: lead_dearchive INVALID SEARCH PARAMETERS: ${me}|${leadIdRaw}\n`;
  const leadId = Number(leadIdRaw);
  const campaigns = allowedCampaigns(ctx.state, ctx.user);
  const archived = ctx.state.leadsArchive?.get(leadId);
  if (!archived || (campaigns !== undefined && !listAllowed(ctx.state, archived.list_id, campaigns))) {
    const stage = clean(ctx, 'stage', /[^-_0-9a-zA-Z]/g);
    const location = clean(ctx, 'search_location', /[^A-Z]/g);
    return `ERROR: lead_dearchive ARCHIVED LEAD NOT FOUND: ${me}|${leadIdRaw}|${stage}|${location}\n`;
  }
  if (ctx.state.leads.has(leadId)) return `ERROR: lead_dearchive NON-ARCHIVED LEAD FOUND: ${me}|${leadIdRaw}|${archived.list_id}\n`;
  ctx.state.leads.set(leadId, archived);
  ctx.state.nextLeadId = Math.max(ctx.state.nextLeadId, leadId + 1);
  ctx.state.leadsArchive?.delete(leadId);
  return `SUCCESS: lead_dearchive LEAD DE-ARCHIVED: ${me}|${leadIdRaw}|1|1\n`;
};

// ---------------------------------------------------------------------------
// lead_field_info, lead_all_info

function leadTable(ctx: SimContext): Map<number, SimLead> {
  return clean(ctx, 'archived_lead', /[^0-9a-zA-Z]/g) === 'Y' ? ctx.state.leadsArchive ?? new Map() : ctx.state.leads;
}

/** The labels of a lead's custom table (custom_<entry_list_id>), without the standard names. */
function customLabels(state: SimState, lead: SimLead, entryListId: string): string[] {
  const standard = new Set<string>(['lead_id', 'called_since_last_reset', ...LEAD_COLUMNS]);
  standard.delete('status');
  standard.delete('user');
  const defined = state.customFieldDefs?.get(entryListId);
  const labels = defined ?? Object.keys(lead.custom);
  return labels.filter((l) => !standard.has(l));
}

function hidesLeadData(user: SimUser): boolean {
  return Number(user.flags.admin_hide_lead_data ?? '0') > 0;
}

const leadFieldInfo: Handler = (ctx) => {
  const gated = gate(ctx, { above: 6, agentApi: true, modifyLeads: ['1', '2', '3', '4'] }, 'lead_field_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const leadIdRaw = clean(ctx, 'lead_id', /[^0-9]/g);
  const fieldName = clean(ctx, 'field_name', /[^-_0-9a-zA-Z]/g);
  if (leadIdRaw.length < 1 || leadIdRaw.length >= 12 || fieldName.length < 1) {
    return `ERROR: lead_field_info INVALID SEARCH PARAMETERS: ${me}|${leadIdRaw}|${fieldName}\n`;
  }
  const campaigns = allowedCampaigns(ctx.state, ctx.user);
  const lead = leadTable(ctx).get(Number(leadIdRaw));
  if (!lead) return `ERROR: lead_field_info LEAD NOT FOUND: ${me}|${leadIdRaw}\n`;
  if (!listAllowed(ctx.state, lead.list_id, campaigns)) return `ERROR: lead_field_info LIST NOT FOUND: ${me}|${leadIdRaw}|${lead.list_id}\n`;
  const notFound = `ERROR: lead_field_info LIST FIELD NOT FOUND: ${me}|${leadIdRaw}\n`;
  const customFields = clean(ctx, 'custom_fields', /[^0-9a-zA-Z]/g) === 'Y';
  let value: string | undefined;
  if (/^\d+$/.test(fieldName)) {
    // `SELECT 123 from …` reads the number itself.
    value = String(BigInt(fieldName));
  } else if (customFields) {
    const listOverride = clean(ctx, 'list_id', /[^-_0-9a-zA-Z]/g);
    const entryList = listOverride.length > 1 ? listOverride : lead.entry_list_id;
    // custom_<list> holds a row for the lead when the lead has custom data.
    const hasRow = Object.keys(lead.custom).length > 0;
    const defined = ctx.state.customFieldDefs?.get(entryList);
    const label = ['lead_id', ...(defined ?? Object.keys(lead.custom))].find((l) => sqlEq(l, fieldName));
    if (hasRow && label === 'lead_id') value = String(lead.lead_id);
    else if (hasRow && label !== undefined) value = lead.custom[label] ?? '';
    if (value !== undefined && hidesLeadData(ctx.user) && value.length > 0) value = maskValue(value);
  } else {
    const column = VICIDIAL_LIST_COLUMNS.find((c) => sqlEq(c, fieldName));
    if (column !== undefined) value = leadValue(lead, column);
  }
  if (value === undefined) return notFound;
  return value;
};

const leadAllInfo: Handler = (ctx) => {
  const gated = gate(ctx, { above: 6, agentApi: true, viewReports: true, modifyLeads: ['1', '2', '3', '4', '5'] }, 'lead_all_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const leadIdRaw = clean(ctx, 'lead_id', /[^0-9]/g);
  const phone = clean(ctx, 'phone_number', /[^,0-9]/g);
  const validPhone = phone.length >= 6 && phone.length <= 19;
  if (leadIdRaw.length < 1 && !validPhone) return `ERROR: lead_all_info LEAD NOT FOUND: ${me}|${leadIdRaw}|${phone}\n`;
  const campaigns = allowedCampaigns(ctx.state, ctx.user, /ALL-CAMPAIGNS/i);
  const { dl } = stageDelimiter(ctx, true);
  const header = headerParam(ctx) === 'YES';
  const customFields = clean(ctx, 'custom_fields', /[^0-9a-zA-Z]/g) === 'Y';
  const forceEntry = clean(ctx, 'force_entry_list_id', /[^0-9]/g);
  const table = leadTable(ctx);
  const matches = [...table.values()]
    .filter((l) => (leadIdRaw.length > 0 ? l.lead_id === Number(leadIdRaw) : l.phone_number === phone))
    .sort((a, b) => b.lead_id - a.lead_id)
    .slice(0, 1000);
  if (matches.length < 1) return `ERROR: lead_all_info LEAD NOT FOUND: ${me}|${leadIdRaw}|${phone}\n`;
  let errors = '';
  let output = '';
  let missingLists = 0;
  let missingList = '';
  for (const lead of matches) {
    const entryList = forceEntry.length > 0 ? forceEntry : lead.entry_list_id;
    const listOk = listAllowed(ctx.state, lead.list_id, campaigns);
    if (listOk) {
      let cfHeader = '';
      let cfData = '';
      if (customFields) {
        const labels = customLabels(ctx.state, lead, entryList);
        if (labels.length > 0 && Object.keys(lead.custom).length > 0) {
          for (const label of labels) {
            let v = lead.custom[label] ?? '';
            if (hidesLeadData(ctx.user) && v.length > 0) v = maskValue(v);
            cfData += `${dl}${v}`;
            cfHeader += `${dl}${label}`;
          }
        }
      }
      if (header) output += [...LEAD_COLUMNS, 'entry_list_id', 'lead_id'].join(dl) + cfHeader + '\n';
      output += [...LEAD_COLUMNS.map((c) => leadValue(lead, c)), lead.entry_list_id, lead.lead_id].join(dl) + cfData + '\n';
    } else {
      missingLists++;
      missingList = lead.list_id;
      if (ctx.user.api_list_restrict > 0) errors += `ERROR: lead_all_info LIST NOT FOUND: ${me}|${leadIdRaw}|${phone}\n`;
    }
  }
  if (byteLength(output) > 10) return errors + output;
  if (missingLists > 0) return `${errors}ERROR: lead_all_info LIST NOT FOUND: ${me}|${leadIdRaw}|${phone}|${missingList}\n`;
  return errors;
};

// ---------------------------------------------------------------------------
// lead_search

/** PHP's loose `$list_id < 99` (an empty string compares as text with "99"). */
function listIdBelow99(listId: string): boolean {
  return listId === '' ? true : Number(listId) < 99;
}

const leadSearch: Handler = (ctx) => {
  const me = ctx.user.user;
  // Global check of list-restricted users: their user group must exist.
  if (ctx.user.api_list_restrict > 0 && !ctx.state.userGroups.has(ctx.user.user_group)) {
    return `ERROR: user_group DOES NOT EXIST: |${me}|${ctx.user.user_group}|\n`;
  }
  const listId = clean(ctx, 'list_id', /[^0-9]/g);
  const gated = gate(ctx, { above: 7, agentApi: true, modifyLeads: ['1', '2', '3', '4', '5'] }, 'lead_search USER DOES NOT HAVE PERMISSION TO SEARCH FOR LEADS');
  if (gated) return gated;
  let location = clean(ctx, 'search_location', /[^A-Z]/g);
  let method = clean(ctx, 'search_method', /[^-_0-9a-zA-Z]/g);
  let records = clean(ctx, 'records', /[^0-9]/g);
  if (location.length < 4 || listIdBelow99(listId) || listId.length < 3) location = 'SYSTEM';
  if (method.length < 6) method = 'PHONE_NUMBER';
  if (records.length < 1) records = '1000';
  const limit = Number(records);
  const leadIdSwitch = clean(ctx, 'lead_id', /[^0-9]/g);
  const leadIds = clean(ctx, 'lead_ids', /[^,0-9]/g);
  const vendorLeadCode = param(ctx, 'vendor_lead_code').replace(/[;#"]/g, '').replace(/\+/g, ' ');
  const phone = clean(ctx, 'phone_number', /[^,0-9]/g);

  const findLeadId = /LEAD_ID/.test(method) && leadIdSwitch.length > 0;
  const findVendor = /VENDOR_LEAD_CODE/.test(method) && vendorLeadCode.length > 0;
  const findPhone = /PHONE_NUMBER/.test(method) && phone.length > 5;
  const vendorKeys = findVendor ? vendorLeadCode.split(',').filter((v) => v.length > 0) : [];
  const phoneKeys = findPhone ? phone.split(',').filter((p) => p.length > 5 && p.length < 19) : [];
  if (!findLeadId && !findVendor && !findPhone) {
    const f = (b: boolean): number => (b ? 1 : 0);
    return `ERROR: lead_search NO VALID SEARCH METHOD - ${me}|${method}|${leadIdSwitch}(${f(findLeadId)})|${vendorLeadCode}(${f(findVendor)})|${phone}(${f(findPhone)})\n`;
  }
  if (ctx.user.api_list_restrict > 0 && listId !== '' && Number(listId) >= 99) {
    const allowed = allowedCampaigns(ctx.state, ctx.user);
    const lists = [...ctx.state.lists.values()].filter((l) => inList(allowed, l.campaign_id)).map((l) => l.list_id);
    if (!lists.includes(listId)) return `ERROR: lead_search NOT AN ALLOWED LIST ID - ${phone}|${listId}\n`;
  }
  let scope: ((l: SimLead) => boolean) | undefined;
  if (/CAMPAIGN/i.test(location)) {
    const list = [...ctx.state.lists.values()].find((l) => sqlEq(l.list_id, listId));
    if (list) {
      const lists = [...ctx.state.lists.values()].filter((l) => sqlEq(l.campaign_id, list.campaign_id)).map((l) => l.list_id);
      if (lists.length > 0) scope = (l) => lists.some((id) => sqlEq(id, l.list_id));
    }
  }
  if (/LIST/i.test(location)) scope = (l) => sqlEq(l.list_id, listId);
  const table = leadTable(ctx);
  const search = (match: (l: SimLead) => boolean): SimLead[] =>
    [...table.values()]
      .filter((l) => match(l) && (!scope || scope(l)))
      .sort((a, b) => b.lead_id - a.lead_id)
      .slice(0, limit);

  const found: Array<{ key: string; lead_id: number }> = [];
  if (findLeadId && /^\d+(,\d+)*$/.test(leadIds)) {
    // The switch is lead_id, but the IDs searched are lead_ids.
    const ids = new Set(leadIds.split(',').map(Number));
    for (const l of search((l) => ids.has(l.lead_id))) found.push({ key: String(l.lead_id), lead_id: l.lead_id });
  }
  if (findVendor && found.length < 1 && vendorKeys.length > 0) {
    const keys = vendorKeys.map((k) => k.toUpperCase().trimEnd());
    for (const l of search((l) => keys.includes(l.vendor_lead_code.toUpperCase().trimEnd()))) found.push({ key: l.vendor_lead_code, lead_id: l.lead_id });
  }
  if (findPhone && found.length < 1 && phoneKeys.length > 0) {
    for (const l of search((l) => phoneKeys.includes(l.phone_number))) found.push({ key: l.phone_number, lead_id: l.lead_id });
  }
  if (found.length < 1) return `ERROR: lead_search NO MATCHES FOUND IN THE SYSTEM: |${me}|${leadIdSwitch}|${vendorLeadCode}|${phone}\n`;
  // The block never sets its delimiter, so the header's names run together.
  let output = headerParam(ctx) === 'YES' ? 'search_keyrecords_foundlead_ids\n' : '';
  for (const key of [...phoneKeys, ...vendorKeys]) {
    const ids = found.filter((f) => phpLooseEq(key, f.key)).map((f) => f.lead_id);
    output += `${key}|${ids.length}|${ids.join('-')}\n`;
  }
  return output;
};

// ---------------------------------------------------------------------------
// logged_in_agents

const loggedInAgents: Handler = (ctx) => {
  const gated = gate(ctx, REPORT_RULE, 'logged_in_agents USER DOES NOT HAVE PERMISSION TO GET AGENT INFO');
  if (gated) return gated;
  const me = ctx.user.user;
  const agentUser = clean(ctx, 'agent_user', /[^-_0-9a-zA-Z]/g);
  const viewable = viewableGroups(ctx.state, ctx.user);
  const allowed = allowedCampaigns(ctx.state, ctx.user);
  const userGroups = clean(ctx, 'user_groups', /[^-|,_0-9a-zA-Z]/g);
  const campaigns = clean(ctx, 'campaigns', /[^-,|_0-9a-zA-Z]/g);
  const groupFilter = userGroups.length > 0 && userGroups.length < 10000 ? userGroups.split('|') : undefined;
  const campaignFilter = campaigns.length > 0 && campaigns.length < 10000 ? campaigns.split('|') : undefined;
  const subStatus = clean(ctx, 'show_sub_status', /[^A-Z]/g) === 'YES';
  const { dl } = stageDelimiter(ctx);
  let output = '';
  if (headerParam(ctx) === 'YES') {
    output += ['user', 'campaign_id', 'session_id', 'status', 'lead_id', 'callerid', 'calls_today', 'full_name', 'user_group', 'user_level'].join(dl);
    if (subStatus) output += `${dl}pause_code${dl}sub_status`;
    output += '\n';
  }
  let printed = 0;
  for (const agent of ctx.state.agents.values()) {
    if (!inList(allowed, agent.campaign_id) || !inList(campaignFilter, agent.campaign_id)) continue;
    const user = findUser(ctx.state, agent.user);
    if (!user || !inList(viewable, user.user_group) || !inList(groupFilter, user.user_group)) continue;
    let leadId = agent.lead_id;
    let extra = '';
    if (subStatus) {
      const rt = realTimeSubStatus(ctx.state, agent);
      leadId = rt.lead_id;
      extra = `${dl}${agent.pause_code}${dl}${rt.rtr}`;
    }
    output += [agent.user, agent.campaign_id, agent.conf_exten, agent.status, leadId, agent.callerid, agent.calls_today, user.full_name, user.user_group, user.user_level].join(dl) + extra + '\n';
    printed++;
  }
  if (printed > 0) return output;
  return `ERROR: logged_in_agents NO LOGGED IN AGENTS: ${me}|${agentUser}\n`;
};

// ---------------------------------------------------------------------------
// call_status_stats, call_dispo_report

interface Range {
  from: string;
  to: string;
}

function reportRange(ctx: SimContext): Range {
  const falsy = (v: string): boolean => v === '' || v === '0';
  let queryDate = clean(ctx, 'query_date', /[^-0-9]/g);
  let queryTime = clean(ctx, 'query_time', /[^:0-9]/g);
  let endDate = clean(ctx, 'end_date', /[^-0-9]/g);
  let endTime = clean(ctx, 'end_time', /[^:0-9]/g);
  if (falsy(queryDate)) queryDate = sqlDay(ctx.now);
  if (falsy(queryTime)) queryTime = '00:00:00';
  if (falsy(endDate)) endDate = queryDate;
  if (falsy(endTime)) endTime = '23:59:59';
  return { from: `${queryDate} ${queryTime}`, to: `${endDate} ${endTime}` };
}

function inRange(call: SimCall, range: Range): boolean {
  return call.call_date >= range.from && call.call_date <= range.to;
}

/** Calls grouped as `GROUP BY key, status[, hour] ORDER BY …` would return them. */
function groupCalls(calls: readonly SimCall[], key: (c: SimCall) => string, withHour: boolean): Array<{ key: string; status: string; hour: string; count: number; first: SimCall }> {
  const groups = new Map<string, { key: string; status: string; hour: string; count: number; first: SimCall }>();
  for (const c of calls) {
    const hour = withHour ? c.call_date.slice(11, 13) : '';
    const id = `${key(c).toUpperCase()}\u0000${c.status.toUpperCase()}\u0000${hour}`;
    const g = groups.get(id);
    if (g) g.count++;
    else groups.set(id, { key: key(c), status: c.status, hour, count: 1, first: c });
  }
  return [...groups.values()].sort((a, b) => sqlCompare(a.key, b.key) || sqlCompare(a.status, b.status) || sqlCompare(a.hour, b.hour));
}

function phpKsort<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort((a, b) => phpCompare(a[0], b[0])));
}

function addTo(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** In-groups allowed in the campaigns (closer_campaigns; absent = every in-group). */
function closerCampaigns(state: SimState, campaignFilter: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const camp of [...state.campaigns.values()].filter((c) => inList(campaignFilter, c.campaign_id))) {
    const raw = camp.closer_campaigns ?? ` ${[...state.inGroups.keys()].join(' ')} -`;
    const trimmed = raw.trim().replace(/ -$/, '');
    if (trimmed === '') continue;
    for (const g of trimmed.split(' ')) if (!out.includes(g)) out.push(g);
  }
  return out;
}

const callStatusStats: Handler = (ctx) => {
  const campaigns = clean(ctx, 'campaigns', /[^-,|_0-9a-zA-Z]/g);
  if (campaigns.length < 2) {
    const source = clean(ctx, 'source', /[^0-9a-zA-Z]/g);
    return `ERROR: call_status_stats INVALID OR MISSING CAMPAIGNS - ${source}\nERROR: Invalid Source: |${source}|\n`;
  }
  const gated = gate(ctx, { above: 8, viewReports: true }, 'call_status_stats USER DOES NOT HAVE PERMISSION TO VIEW STATS', false);
  if (gated) return gated;
  const range = reportRange(ctx);
  const campaignArray = campaigns.split('-');
  const allCampaigns = campaignArray.includes('ALLCAMPAIGNS') || campaigns.includes('---ALL---');
  const campaignFilter = allCampaigns ? undefined : campaignArray;
  const outbound = new Map<string, [number, number]>();
  if (allCampaigns) for (const id of [...ctx.state.campaigns.keys()].sort(sqlCompare)) outbound.set(id, [0, 0]);
  else for (const id of campaignArray) outbound.set(id, [0, 0]);
  const outboundSorted = phpKsort(outbound);
  const human = HUMAN_ANSWERED_STATUSES;
  const statuses = clean(ctx, 'statuses', /[^- .,_0-9a-zA-Z]/g);
  const statusFilter = statuses.length > 0 ? statuses.split('-') : undefined;
  const ingroups = clean(ctx, 'ingroups', /[^-_0-9a-zA-Z]/g);
  const ingroupArray = ingroups.length === 0 ? closerCampaigns(ctx.state, campaignFilter) : ingroups.split('-');
  const inbound = new Map<string, [number, number]>();
  for (const id of ingroupArray) inbound.set(id, [0, 0]);
  const inboundSorted = phpKsort(inbound);

  // Shared by campaigns and in-groups, keyed by ID, as in the PHP.
  const stats = new Map<string, Map<string, number>>();
  const hours = new Map<string, Map<string, number>>();
  const tally = (target: Map<string, [number, number]>, calls: SimCall[]): void => {
    for (const g of groupCalls(calls, (c) => c.campaign_id, true)) {
      const row = target.get(g.key) ?? [0, 0];
      row[0] += g.count;
      if (human.has(g.status)) row[1] += g.count;
      target.set(g.key, row);
      if (!stats.has(g.key)) stats.set(g.key, new Map());
      if (!hours.has(g.key)) hours.set(g.key, new Map());
      addTo(stats.get(g.key)!, g.status, g.count);
      addTo(hours.get(g.key)!, g.hour, g.count);
    }
  };
  const selected = ctx.state.calls.filter((c) => inRange(c, range) && inList(statusFilter, c.status));
  tally(outboundSorted, selected.filter((c) => !c.inbound && inList(campaignFilter, c.campaign_id)));
  tally(inboundSorted, selected.filter((c) => c.inbound && inList(ingroupArray, c.campaign_id)));

  let out = '';
  for (const target of [outboundSorted, inboundSorted]) {
    for (const [key, [total, answered]] of target) {
      const hourMap = hours.get(key);
      const hourStr = Array.from({ length: 24 }, (_, i) => {
        const hk = String(i).padStart(2, '0');
        return `${hk}-${hourMap?.get(hk) ?? 0}`;
      }).join(',');
      const statusMap = stats.get(key);
      const statusStr = statusMap ? [...phpKsort(statusMap)].map(([s, n]) => `${s}-${n}`).join(',') : '';
      out += `${key}|${total}|${answered}|${hourStr}|${statusStr}|\n`;
    }
  }
  return out;
};

/** The DID table: state.dids, or one DID per did_pattern of the inbound calls (did_id = pattern). */
function didTable(state: SimState): Array<{ did_id: string; did_pattern: string }> {
  if (state.dids) return state.dids;
  const patterns = [...new Set(state.calls.filter((c) => c.inbound && c.did_pattern !== '').map((c) => c.did_pattern))];
  return patterns.map((p) => ({ did_id: p, did_pattern: p }));
}

function percent(val: number, total: number): string {
  return ` (${((100 * val) / total).toFixed(1)}%)`;
}

const callDispoReport: Handler = (ctx) => {
  const campaigns = clean(ctx, 'campaigns', /[^-,|_0-9a-zA-Z]/g);
  const ingroups = clean(ctx, 'ingroups', /[^-_0-9a-zA-Z]/g);
  const didIds = clean(ctx, 'did_ids', /[^,+0-9a-zA-Z]/g);
  const didPatterns = clean(ctx, 'did_patterns', /[^,:+*#._0-9a-zA-Z]/g);
  if (campaigns.length < 2 && ingroups.length < 2 && didIds.length < 1 && didPatterns.length < 2) {
    const source = clean(ctx, 'source', /[^0-9a-zA-Z]/g);
    return `ERROR: call_dispo_report INVALID OR MISSING CAMPAIGNS, INGROUPS, OR DIDS - ${source}\nERROR: Invalid Source: |${source}|\n`;
  }
  // The source prints call_status_stats' denial here.
  const gated = gate(ctx, { above: 8, viewReports: true }, 'call_status_stats USER DOES NOT HAVE PERMISSION TO VIEW STATS', false);
  if (gated) return gated;
  const range = reportRange(ctx);
  const breakdown = clean(ctx, 'status_breakdown', /[^1Y]/g) !== '';
  const percentages = breakdown && clean(ctx, 'show_percentages', /[^1Y]/g) !== '';

  const skipInbound = ingroups.length === 0;
  let inboundFilter: string[] | undefined;
  if (!skipInbound) {
    const arr = ingroups.split('-');
    inboundFilter = arr.includes('ALLGROUPS') || ingroups.includes('---ALL---') ? undefined : arr;
  }
  const skipOutbound = campaigns.length === 0;
  let campaignFilter: string[] | undefined;
  if (!skipOutbound) {
    const arr = campaigns.split('-');
    campaignFilter = arr.includes('ALLCAMPAIGNS') || campaigns.includes('---ALL---') ? undefined : arr;
  }
  let didFilter: string[] | undefined;
  let skipDids = true;
  if (didPatterns.length > 0 || didIds.length > 0) {
    const idArray = didIds.split('-');
    const patternArray = didPatterns.split('-');
    for (const did of didTable(ctx.state)) {
      if (patternArray.some((p) => sqlEq(p, did.did_pattern)) && !idArray.includes(did.did_id)) {
        idArray.push(did.did_id);
        patternArray.push(did.did_pattern);
      }
    }
    if (idArray.length > 0 && skipInbound) {
      skipDids = false;
      const all = idArray.includes('ALLDIDS') || didIds.includes('---ALL---') || patternArray.includes('ALLPATTERNS') || didPatterns.includes('---ALL---');
      didFilter = all ? undefined : idArray;
    }
  }
  const statuses = clean(ctx, 'statuses', /[^- .,_0-9a-zA-Z]/g);
  const categories = clean(ctx, 'categories', /[^-,_0-9a-zA-Z]/g);
  let statusFilter: string[] | undefined;
  if (categories.length > 0 || statuses.length > 0) {
    // No status categories are simulated: the categories add no statuses.
    const arr = statuses.split('-');
    const catArr = categories.split('-');
    const all = arr.includes('ALLSTATUSES') || statuses.includes('---ALL---') || catArr.includes('ALLCATEGORIES') || categories.includes('---ALL---');
    statusFilter = all ? undefined : arr;
  }
  const users = clean(ctx, 'users', /[^-,_0-9a-zA-Z]/g);
  const userGroups = clean(ctx, 'user_groups', /[^-|,_0-9a-zA-Z]/g);
  let userFilter: string[] | undefined;
  if (userGroups.length > 0 || users.length > 0) {
    const arr = users.split('-');
    const groupArr = userGroups.split('-');
    for (const u of ctx.state.users.values()) if (inList(groupArr, u.user_group) && !arr.includes(u.user)) arr.push(u.user);
    const all = arr.includes('ALLUSERS') || users.includes('---ALL---') || groupArr.includes('ALLGROUPS') || userGroups.includes('---ALL---');
    userFilter = all ? undefined : arr;
  }

  const base = ctx.state.calls.filter((c) => inList(statusFilter, c.status) && inList(userFilter, c.user));
  const statusOrder: string[] = [];
  const grand = new Map<string, number>();
  let grandTotal = 0;
  type Rows = Map<string, { total: number; byStatus: Map<string, number> }>;
  const take = (rows: Rows, key: string, status: string, n: number, seen: string): void => {
    const row = rows.get(key) ?? { total: 0, byStatus: new Map<string, number>() };
    rows.set(key, row);
    row.total += n;
    grandTotal += n;
    if (breakdown) {
      // For DIDs the source checks the extension instead of the status before adding a header name.
      if (!statusOrder.includes(seen)) statusOrder.push(status);
      addTo(row.byStatus, status, n);
      addTo(grand, status, n);
    }
  };
  const outbound: Rows = new Map();
  const inbound: Rows = new Map();
  const dids: Rows = new Map();
  if (!skipOutbound) {
    for (const g of groupCalls(base.filter((c) => !c.inbound && inRange(c, range) && inList(campaignFilter, c.campaign_id)), (c) => c.campaign_id, false)) take(outbound, g.key, g.status, g.count, g.status);
  }
  if (!skipInbound) {
    for (const g of groupCalls(base.filter((c) => c.inbound && inRange(c, range) && inList(inboundFilter, c.campaign_id)), (c) => c.campaign_id, false)) take(inbound, g.key, g.status, g.count, g.status);
  }
  if (!skipDids) {
    const table = didTable(ctx.state);
    const didOf = (c: SimCall): { did_id: string; did_pattern: string } | undefined => table.find((d) => d.did_pattern === c.did_pattern);
    const logged = base.filter((c) => c.inbound && c.did_pattern !== '' && inRange(c, range)).filter((c) => {
      const did = didOf(c);
      return did !== undefined && inList(didFilter, did.did_id);
    });
    // GROUP BY campaign_id, status: the extension shown is the first row's.
    for (const g of groupCalls(logged, (c) => c.campaign_id, false)) take(dids, g.first.did_pattern, g.status, g.count, g.first.did_pattern);
  }

  let rpt = 'CAMPAIGN,TOTAL CALLS';
  if (breakdown) for (const s of statusOrder) rpt += `,${s}`;
  rpt += '\n';
  for (const rows of [outbound, inbound, dids]) {
    for (const [key, row] of rows) {
      rpt += `${key},${row.total}`;
      if (breakdown) {
        for (const s of statusOrder) if (!row.byStatus.has(s)) row.byStatus.set(s, 0);
        for (const [, val] of phpKsort(row.byStatus)) rpt += `,${val}${percentages ? percent(val, row.total) : ''}`;
      }
      rpt += '\n';
    }
  }
  rpt += `TOTAL,${grandTotal}`;
  for (const [, val] of phpKsort(grand)) rpt += `,${val}${percentages ? percent(val, grandTotal) : ''}`;
  return rpt;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  agent_status: agentStatus,
  user_details: userDetails,
  callid_info: callidInfo,
  ccc_lead_info: cccLeadInfo,
  lead_callback_info: leadCallbackInfo,
  lead_dearchive: leadDearchive,
  lead_field_info: leadFieldInfo,
  lead_all_info: leadAllInfo,
  lead_search: leadSearch,
  logged_in_agents: loggedInAgents,
  call_status_stats: callStatusStats,
  call_dispo_report: callDispoReport,
};
