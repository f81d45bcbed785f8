/**
 * Report/export functions of the Non-Agent API (recording_lookup, did_log_export,
 * phone_number_log, agent_stats_export, user_group_status, in_group_status) and
 * list_info. Everything is computed from the simulator's state: recording_log,
 * vicidial_did_log and vicidial_agent_log are derived from state.calls, the live
 * counts from state.agents and state.autoCalls.
 */
import { invalidSource, notAllowedFunction, param, sqlDateTime, sqlDay, type Handler, type SimContext } from '../context';
import type { SimCall, SimState, SimUser } from '../state';

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/** The global character filters of non_agent_api.php for the parameters used here. */
const FILTERS: Readonly<Record<string, RegExp>> = {
  agent_user: /[^-_0-9a-zA-Z]/g,
  lead_id: /[^0-9]/g,
  date: /[^-0-9]/g,
  uniqueid: /[^- ._0-9a-zA-Z]/g,
  extension: /[^-*#.:/@_0-9a-zA-Z]/g,
  duration: /[^-_0-9a-zA-Z]/g,
  stage: /[^-_0-9a-zA-Z]/g,
  header: /[^0-9a-zA-Z]/g,
  phone_number: /[^,0-9]/g,
  type: /[^-_0-9a-zA-Z]/g,
  detail: /[^A-Z]/g,
  archived_lead: /[^0-9a-zA-Z]/g,
  datetime_start: /[^- +:_0-9]/g,
  datetime_end: /[^- +:_0-9]/g,
  campaign_id: /[^-_0-9a-zA-Z]/g,
  group_by_campaign: /[^0-9a-zA-Z]/g,
  time_format: /[^A-Z]/g,
  user_groups: /[^-|,_0-9a-zA-Z]/g,
  in_groups: /[^-|,_0-9a-zA-Z]/g,
  list_id: /[^-_0-9a-zA-Z]/g,
  list_name: /[^- +.:/@?&_0-9a-zA-Z]/g,
  leads_counts: /[^-_0-9a-zA-Z]/g,
  dialable_count: /[^_0-9a-zA-Z]/g,
};

/** A request parameter after the PHP's global character filter. */
function p(ctx: SimContext, name: string): string {
  const raw = param(ctx, name);
  const re = FILTERS[name];
  return re ? raw.replace(re, '') : raw;
}

/** stage=csv → ',', tab → TAB, anything else → '|' (case-sensitive, as the PHP compares). */
function delimiter(ctx: SimContext): string {
  const stage = p(ctx, 'stage');
  if (stage === 'csv') return ',';
  if (stage === 'tab') return '\t';
  return '|';
}

function wantsHeader(ctx: SimContext): boolean {
  return p(ctx, 'header') === 'YES';
}

/** The SQL `='1'` of a vicidial_users permission column. */
function flagIs1(user: SimUser, flag: string): boolean {
  return user.flags[flag] === '1';
}

/** The opening checks every report function shares: source, allowed functions, report permission. */
function reportPreamble(ctx: SimContext, reason: string): string {
  const bad = invalidSource(ctx) || notAllowedFunction(ctx);
  if (bad) return bad;
  const u = ctx.user;
  const allowed = flagIs1(u, 'vdc_agent_api_access') && flagIs1(u, 'view_reports') && u.user_level > 6 && u.active === 'Y' ? 1 : 0;
  if (allowed < 1) return `ERROR: ${ctx.fn} ${reason}: |${u.user}|${allowed}|\n`;
  return '';
}

/** MySQL LIKE 'prefix%' (case-insensitive, `_` and `%` are wildcards inside the prefix too). */
function likePrefix(prefix: string): RegExp {
  const body = prefix
    .split('')
    .map((c) => (c === '_' ? '.' : c === '%' ? '.*' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}`, 'i');
}

function sameCi(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** PHP round(): half away from zero, with PHP's pre-rounding of the scaled value. */
function phpRound(value: number, places = 0): number {
  const f = 10 ** places;
  const scaled = Number((Math.abs(value) * f).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / f;
}

/** MathZDC() of VICIdial's functions.php: 0 (the default quotient) for a zero divisor. */
function mathZdc(dividend: number, divisor: number): number {
  if (divisor === 0) return 0;
  if (dividend === 0) return 0;
  return dividend / divisor;
}

/** sec_convert() of functions.php. */
function secConvert(secIn: number, precision: string): string {
  const sec = phpRound(secIn);
  if (sec < 1) {
    if (precision === 'HF' || precision === 'H') return '0:00:00';
    if (precision === 'S') return '0';
    return '0:00';
  }
  const prec = precision === 'HF' ? 'H' : precision;
  if (prec === 'H') {
    const hours = Math.floor(sec / 3600);
    const rest = sec - hours * 3600;
    const minutes = Math.floor(rest / 60);
    const seconds = rest - minutes * 60;
    return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  }
  if (prec === 'M') {
    const minutes = Math.floor(sec / 60);
    return `${minutes}:${String(sec - minutes * 60).padStart(2, '0')}`;
  }
  return String(sec);
}

/** How PHP reads a (leading-)numeric string in arithmetic: "1:23:45" → 1. */
function phpNumber(v: string | number): number {
  if (typeof v === 'number') return v;
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : 0;
}

/** The campaigns of the caller's user group (null = all: -ALL-CAMPAIGNS- or no settings row). */
function allowedCampaigns(state: SimState, user: SimUser): string[] | null {
  const settings = state.userGroupSettings?.get(user.user_group);
  if (!settings || settings.allowed_campaigns === undefined) return null;
  const raw = settings.allowed_campaigns;
  if (/-ALL/i.test(raw)) return null;
  return raw.replace(/ -/g, '').split(' ');
}

/** The user groups the caller may view (null = all: ---ALL--- or unset). */
function viewableGroups(state: SimState, user: SimUser): string[] | null {
  const raw = state.userGroupSettings?.get(user.user_group)?.admin_viewable_groups ?? '';
  if (/--ALL--/i.test(raw) || raw.length <= 3) return null;
  return ['---ALL---', ...raw.replace(/ -/g, '').split(' ')];
}

function byEpochAsc(a: SimCall, b: SimCall): number {
  return a.start_epoch - b.start_epoch;
}

// ---------------------------------------------------------------------------
// recording_lookup
// ---------------------------------------------------------------------------

/** recording_log.extension: the agent's conference (86000NN), derived from the agent's number. */
function recordingExtension(call: SimCall): string {
  const m = /(\d+)$/.exec(call.user);
  return String(8600050 + (m ? Number(m[1]) : 0));
}

const recordingLookup: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET RECORDING INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const agentUser = p(ctx, 'agent_user');
  const leadId = p(ctx, 'lead_id');
  const date = p(ctx, 'date');
  const uniqueid = p(ctx, 'uniqueid');
  const extension = p(ctx, 'extension');
  const duration = p(ctx, 'duration');
  const calls = ctx.state.calls;

  const tests: Array<(c: SimCall) => boolean> = [];
  let ready = 0;
  if (uniqueid.length > 8) {
    const like = likePrefix(uniqueid.replace(/\..*$/, ''));
    const outbound = calls.filter((c) => !c.inbound && like.test(c.uniqueid));
    const inbound = calls.filter((c) => c.inbound && like.test(c.uniqueid));
    if (outbound.length > 0 || inbound.length > 0) {
      const ids = new Set([...outbound, ...inbound]);
      tests.push((c) => ids.has(c));
      ready += 2;
    }
  }
  if (agentUser.length > 2 && agentUser.length < 21) {
    tests.push((c) => sameCi(c.user, agentUser));
    ready++;
  }
  if (leadId.length > 0 && leadId.length < 11) {
    tests.push((c) => c.lead_id === Number(leadId));
    ready += 2;
  }
  if (extension.length > 2 && extension.length < 101) {
    tests.push((c) => sameCi(recordingExtension(c), extension));
    ready++;
  }
  if (date.length === 10) {
    tests.push((c) => c.call_date >= `${date} 00:00:00` && c.call_date <= `${date} 23:59:59`);
    ready++;
  }
  const echo = `${user}|${agentUser}|${leadId}|${date}|${uniqueid}`;
  if (ready < 2) return `ERROR: recording_lookup INVALID SEARCH PARAMETERS: ${echo}\n`;

  const rows = calls
    .filter((c) => c.recording_id !== '' && tests.every((t) => t(c)))
    .sort((a, b) => a.call_date.localeCompare(b.call_date) || Number(a.recording_id) - Number(b.recording_id))
    .slice(0, 100000);
  if (rows.length < 1) return `ERROR: recording_lookup NO RECORDINGS FOUND - ${echo}\n`;

  const DL = delimiter(ctx);
  let out = wantsHeader(ctx) ? ['start_time', 'user', 'recording_id', 'lead_id', 'location'].join(DL) + '\n' : '';
  for (const c of rows) {
    let dur = '';
    if (duration.includes('Y')) {
      let secs = 0;
      if (c.length_in_sec > 0) secs = c.length_in_sec;
      else {
        const calc = c.end_epoch - c.start_epoch;
        if (calc > 0 && calc < 86400) secs = calc;
      }
      dur = `${DL}${secs}`;
    }
    out += `${c.call_date}${DL}${c.user}${DL}${c.recording_id}${DL}${c.lead_id}${dur}${DL}${c.recording_location}\n`;
  }
  return out;
};

// ---------------------------------------------------------------------------
// did_log_export
// ---------------------------------------------------------------------------

const didLogExport: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET DID INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const phone = p(ctx, 'phone_number');
  const date = p(ctx, 'date');
  let ready = 0;
  if (phone.length > 0 && phone.length < 21) ready++;
  if (date.length === 10) ready++;
  if (ready < 2) return `ERROR: did_log_export INVALID SEARCH PARAMETERS: ${user}|${phone}|${date}\n`;

  // vicidial_did_log: one row per inbound call that came in on a DID (extension = the DID pattern).
  const rows = ctx.state.calls
    .filter((c) => c.inbound && c.did_pattern !== '' && c.did_pattern === phone)
    .filter((c) => c.call_date >= `${date} 00:00:00` && c.call_date <= `${date} 23:59:59`)
    .sort(byEpochAsc)
    .slice(0, 100000);
  if (rows.length < 1) {
    return `ERROR: did_log_export NO RECORDS FOUND - ${user}|${p(ctx, 'agent_user')}|${p(ctx, 'lead_id')}|${date}\n`;
  }
  const DL = delimiter(ctx);
  let out = wantsHeader(ctx) ? ['did_number', 'call_date', 'caller_id_number', 'length_in_sec'].join(DL) + '\n' : '';
  for (const c of rows) {
    // The closer-log row of the same uniqueid is the call itself: it starts when the DID row does.
    const total = c.start_epoch + c.length_in_sec - c.start_epoch;
    // Columns 2 and 3 come out swapped relative to the header, as the PHP prints them.
    out += `${phone}${DL}${c.phone_number}${DL}${c.call_date}${DL}${total}\n`;
  }
  return out;
};

// ---------------------------------------------------------------------------
// phone_number_log
// ---------------------------------------------------------------------------

const phoneNumberLog: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET CALL LOG INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const phone = p(ctx, 'phone_number');
  const date = p(ctx, 'date');
  const numbers: string[] = [];
  if (phone.length > 3) {
    if (phone.includes(',')) {
      for (const piece of phone.split(',')) if (piece.length > 3) numbers.push(piece);
    } else numbers.push(phone);
  }
  if (numbers.length < 1) return `ERROR: phone_number_log NO VALID PHONE NUMBERS DEFINED: ${user}|${phone}|${date}\n`;

  const last = p(ctx, 'detail') === 'LAST';
  let type = p(ctx, 'type');
  if (type !== 'IN' && type !== 'OUT' && type !== 'ALL') type = 'OUT';
  const DL = delimiter(ctx);
  const archived = p(ctx, 'archived_lead') === 'Y';
  const header = wantsHeader(ctx);
  const headerLine = ['phone_number', 'call_date', 'list_id', 'length_in_sec', 'lead_status', 'hangup_reason', 'call_status', 'source_id', 'user'].join(DL) + '\n';

  let out = '';
  let found = 0;
  const newestFirst = (a: SimCall, b: SimCall): number => b.start_epoch - a.start_epoch;
  for (const number of numbers) {
    for (const inbound of [false, true]) {
      if (inbound ? type === 'OUT' : type === 'IN') continue;
      const rows = ctx.state.calls
        .filter((c) => c.inbound === inbound && c.phone_number === number)
        .sort(newestFirst)
        .slice(0, last ? 1 : 100000);
      if (rows.length < 1) continue;
      if (header && found < 1) out += headerLine;
      found++;
      for (const c of rows) {
        // The archive table is not simulated: with archived_lead=Y no lead is found.
        const lead = archived ? undefined : ctx.state.leads.get(c.lead_id);
        // Outbound rows fall back to the call status; inbound rows to blank (the PHP fills another array).
        const leadStatus = lead ? lead.status : inbound ? '' : c.status;
        const sourceId = lead ? lead.source_id : '';
        out += [number, c.call_date, c.list_id, c.length_in_sec, leadStatus, c.term_reason, c.status, sourceId, c.user].join(DL) + '\n';
      }
    }
  }
  if (found < 1) {
    return `NOTICE: phone_number_log NO RECORDS FOUND FOR THIS PHONE NUMBER - ${user}|${phone}|${p(ctx, 'lead_id')}|${date}\n`;
  }
  return out;
};

// ---------------------------------------------------------------------------
// agent_stats_export
// ---------------------------------------------------------------------------

/** One vicidial_agent_log row. */
interface AgentLogRow {
  agent_log_id: number;
  user: string;
  lead_id: number;
  sub_status: string;
  pause_sec: number;
  wait_sec: number;
  talk_sec: number;
  dispo_sec: number;
  dead_sec: number;
  pause_epoch: number;
  event_time: string;
  campaign_id: string;
}

/**
 * vicidial_agent_log derived from the call log: every call an agent handled is one
 * pause → wait → talk → dispo cycle; the agent's first call of the day opens the
 * session (sub_status LOGIN). Pause/wait/dispo/dead seconds are deterministic
 * functions of the call's start time.
 */
export function agentLog(state: SimState): AgentLogRow[] {
  const calls = state.calls.filter((c) => c.user !== '' && c.user !== 'VDAD').sort(byEpochAsc);
  const seen = new Set<string>();
  const rows: AgentLogRow[] = [];
  calls.forEach((c, i) => {
    const first = !seen.has(c.user);
    seen.add(c.user);
    const wait = 5 + (c.start_epoch % 13);
    const pause = first ? 120 : c.start_epoch % 40;
    const dispo = 4 + (c.start_epoch % 9);
    const dead = c.start_epoch % 3 === 0 ? Math.min(4, c.length_in_sec) : 0;
    const pauseEpoch = c.start_epoch - wait - pause;
    rows.push({
      agent_log_id: i + 1,
      user: c.user,
      lead_id: c.lead_id,
      sub_status: first ? 'LOGIN' : '',
      pause_sec: pause,
      wait_sec: wait,
      talk_sec: c.length_in_sec,
      dispo_sec: dispo,
      dead_sec: dead,
      pause_epoch: pauseEpoch,
      event_time: sqlDateTime(new Date(pauseEpoch * 1000)),
      // Inbound calls are logged under the campaign the agent works (the list's campaign here).
      campaign_id: c.inbound ? (state.lists.get(c.list_id)?.campaign_id ?? c.campaign_id) : c.campaign_id,
    });
  });
  return rows;
}

interface AgentAgg {
  user: string;
  campaign: string;
  start_epoch: number;
  calls: number;
  pauses: number;
  sessions: number;
  pause_sec: number;
  wait_sec: number;
  talk_sec: number;
  dispo_sec: number;
  dead_sec: number;
  end_epoch: number;
  end_sec: number;
}

const agentStatsExport: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET AGENT INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const agentUser = p(ctx, 'agent_user');
  const campaignId = p(ctx, 'campaign_id');
  let start = p(ctx, 'datetime_start');
  let end = p(ctx, 'datetime_end');
  const grouped = p(ctx, 'group_by_campaign') === 'YES';

  const tests: Array<(r: AgentLogRow) => boolean> = [];
  let ready = 0;
  if (agentUser.length > 0 && agentUser.length < 21) {
    tests.push((r) => sameCi(r.user, agentUser));
    ready++;
  }
  if (campaignId.length > 0 && campaignId.length < 9) {
    tests.push((r) => sameCi(r.campaign_id, campaignId));
    ready++;
  }
  if (start.length === 19 && end.length === 19) {
    start = start.replace(/\+/g, ' ');
    end = end.replace(/\+/g, ' ');
    const s = start;
    const e = end;
    tests.push((r) => r.event_time >= s && r.event_time <= e);
    ready++;
  } else ready = 0;
  const echo = `${user}|${agentUser}|${start}|${end}|${campaignId}`;
  if (ready < 1) return `ERROR: agent_stats_export INVALID SEARCH PARAMETERS: ${echo}\n`;

  const rows = agentLog(ctx.state).filter((r) => tests.every((t) => t(r)));
  const ci = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase());
  rows.sort((a, b) => (grouped ? ci(a.campaign_id, b.campaign_id) : 0) || ci(a.user, b.user) || a.agent_log_id - b.agent_log_id);
  if (rows.length < 1) return `ERROR: agent_stats_export NO RECORDS FOUND - ${echo}\n`;

  const DL = delimiter(ctx);
  let timeFormat = p(ctx, 'time_format');
  if (timeFormat.length < 1) timeFormat = 'HF';
  const names = ['user', 'full_name', 'user_group', 'calls', 'login_time', 'total_talk_time', 'avg_talk_time', 'avg_wait_time', 'pct_of_queue', 'pause_time', 'sessions', 'avg_session', 'pauses', 'avg_pause_time', 'pause_pct', 'pauses_per_session', 'wait_time', 'talk_time', 'dispo_time', 'dead_time'];
  let out = wantsHeader(ctx) ? (grouped ? ['campaign_id', ...names] : names).join(DL) + '\n' : '';

  const aggs: AgentAgg[] = [];
  let lastKey: string | null = null;
  let totalCalls = 0;
  for (const r of rows) {
    const key = grouped ? `${r.campaign_id} ${r.user}` : r.user;
    if (lastKey === null || !sameCi(key, lastKey)) {
      aggs.push({
        user: r.user,
        campaign: grouped ? r.campaign_id : '',
        // Only the grouped mode remembers where the agent started; the other leaves it unset (0).
        start_epoch: grouped ? r.pause_epoch : 0,
        calls: 0,
        pauses: 0,
        sessions: 0,
        pause_sec: 0,
        wait_sec: 0,
        talk_sec: 0,
        // The non-grouped mode seeds the dispo total with the first row's, which is then added again.
        dispo_sec: grouped ? 0 : r.dispo_sec,
        dead_sec: 0,
        end_epoch: 0,
        end_sec: 0,
      });
      lastKey = key;
    }
    const a = aggs[aggs.length - 1];
    if (r.lead_id > 0) {
      a.calls++;
      totalCalls++;
    }
    if (r.pause_sec > -1) a.pauses++;
    if (r.sub_status.includes('LOGIN')) a.sessions++;
    a.pause_sec += r.pause_sec;
    a.wait_sec += r.wait_sec;
    a.talk_sec += r.talk_sec;
    a.dispo_sec += r.dispo_sec;
    a.dead_sec += r.dead_sec;
    a.end_epoch = r.pause_epoch;
    a.end_sec = r.pause_sec + r.wait_sec + r.talk_sec + r.dispo_sec;
  }

  // avg_talk_time divides the PREVIOUS agent's formatted total_talk_time (PHP reads "0:05:23" as 0).
  let custSecPrev: string | number = 0;
  for (const a of aggs) {
    const u = ctx.state.users.get(a.user);
    const fullName = u ? u.full_name : '';
    const userGroup = u ? u.user_group : '';
    let loginSec = a.pause_sec + a.wait_sec + a.talk_sec + a.dispo_sec;
    const check = a.end_epoch - a.start_epoch + a.end_sec;
    if (loginSec > check) loginSec = check;
    if (a.sessions < 1) a.sessions = 1;
    const avgSession = mathZdc(loginSec, a.sessions);
    const avgPause = mathZdc(a.pause_sec, a.pauses);
    const avgPauseSession = mathZdc(a.pauses, a.sessions);
    const pctPause = a.pauses < 1 || loginSec < 1 ? 100 : mathZdc(a.pause_sec, loginSec) * 100;
    const avgCust = mathZdc(phpNumber(custSecPrev), a.calls);
    const avgWait = mathZdc(a.wait_sec, a.calls);
    const pctQueue = mathZdc(a.calls, totalCalls) * 100;
    const none = a.calls < 1;
    const cust = none ? 0 : a.talk_sec - a.dead_sec;
    const wait = none ? 0 : a.wait_sec;
    const talk = none ? 0 : a.talk_sec;
    const dead = none ? 0 : a.dead_sec;
    const dispo = none ? 0 : a.dispo_sec;
    const f = (n: number): string => secConvert(n, timeFormat);
    const custOut = f(cust);
    custSecPrev = custOut;
    const cols = [
      a.user,
      fullName,
      userGroup,
      a.calls,
      f(loginSec),
      custOut,
      f(phpRound(avgCust)),
      f(phpRound(avgWait)),
      `${phpRound(pctQueue, 1)}%`,
      a.pause_sec,
      a.sessions,
      f(phpRound(avgSession)),
      a.pauses,
      f(phpRound(avgPause)),
      `${phpRound(pctPause, 1)}%`,
      phpRound(avgPauseSession),
      f(wait),
      f(talk),
      f(dispo),
      f(dead),
    ];
    out += (grouped ? [a.campaign, ...cols] : cols).join(DL) + '\n';
  }
  return out;
};

// ---------------------------------------------------------------------------
// user_group_status / in_group_status
// ---------------------------------------------------------------------------

type AutoCall = NonNullable<SimState['autoCalls']>[number];

/** vicidial_auto_calls rows the caller may see (its allowed campaigns plus every viewable in-group). */
function visibleAutoCalls(state: SimState, user: SimUser): AutoCall[] {
  const calls = state.autoCalls ?? [];
  const camps = allowedCampaigns(state, user);
  if (camps === null) return calls;
  const viewable = viewableGroups(state, user);
  const groups = [...state.inGroups.values()]
    .filter((g) => viewable === null || viewable.includes(g.user_group ?? '---ALL---'))
    .map((g) => g.group_id);
  const allowed = new Set([...camps, ...groups, ''].map((x) => x.toLowerCase()));
  return calls.filter((c) => allowed.has(c.campaign_id.toLowerCase()));
}

interface LiveAgentRow {
  user: string;
  status: string;
  user_group: string;
  comments: string;
  callerid: string;
  lead_id: number;
}

/** vicidial_live_agents joined with vicidial_users, limited to the caller's viewable user groups. */
function liveAgents(state: SimState, caller: SimUser): LiveAgentRow[] {
  const viewable = viewableGroups(state, caller);
  const out: LiveAgentRow[] = [];
  for (const a of state.agents.values()) {
    const u = state.users.get(a.user);
    if (!u) continue;
    if (viewable !== null && !viewable.some((g) => sameCi(g, u.user_group))) continue;
    out.push({ user: a.user, status: a.status, user_group: u.user_group, comments: a.comments ?? '', callerid: a.callerid, lead_id: a.lead_id });
  }
  return out;
}

interface Tally {
  agents: number;
  inCalls: number;
  waiting: number;
  paused: number;
  dead: number;
  dispo: number;
  dial: number;
}

function tally(status: string, t: Tally): void {
  if (status === 'DEAD') t.dead++;
  if (status === 'DISPO') t.dispo++;
  if (status === 'PAUSED') t.paused++;
  if (/INCALL|DIAL/i.test(status) || /QUEUE/i.test(status) || /PARK/i.test(status)) t.inCalls++;
  if (/DIAL/i.test(status)) t.dial++;
  if (/READY/i.test(status) || /CLOSER/i.test(status)) t.waiting++;
  t.agents++;
}

const userGroupStatus: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET USER GROUP INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const groupsParam = p(ctx, 'user_groups');
  if (!(groupsParam.length > 0 && groupsParam.length < 10000)) {
    return `ERROR: user_group_status INVALID SEARCH PARAMETERS: ${user}|${groupsParam}\n`;
  }
  const groups = groupsParam.split('|');
  const state = ctx.state;
  const calls = visibleAutoCalls(state, ctx.user);
  const callerids = calls.map((c) => `${c.callerid}|`).join('');
  const waitingCalls = calls.filter((c) => /LIVE/i.test(c.status)).length;

  const t: Tally = { agents: 0, inCalls: 0, waiting: 0, paused: 0, dead: 0, dispo: 0, dial: 0 };
  for (const a of liveAgents(state, ctx.user)) {
    if (!groups.some((g) => sameCi(g, a.user_group))) continue;
    let status = a.status;
    if (/READY|PAUSED/i.test(status) && a.lead_id > 0) status = 'DISPO';
    if (/INCALL/i.test(status)) {
      // parked_channels, chats and emails are not simulated.
      if (/CHAT|EMAIL/i.test(a.comments)) {
        // a chat without a "has left chat" message and an email stay INCALL
      } else if (!callerids.includes(`${a.callerid}|`)) {
        status = 'DEAD';
      } else if (a.comments === 'MANUAL') {
        const row = (state.autoCalls ?? []).find((c) => c.callerid === a.callerid);
        if (row && (row.uniqueid ?? '').length < 5 && (row.channel ?? '').length < 5) status = 'DIAL';
      }
    }
    tally(status, t);
  }
  const DL = delimiter(ctx);
  let out = wantsHeader(ctx)
    ? ['usergroups', 'calls_waiting', 'agents_logged_in', 'agents_in_calls', 'agents_waiting', 'agents_paused', 'agents_in_dead_calls', 'agents_in_dispo', 'agents_in_dial'].join(DL) + '\n'
    : '';
  out += [groupsParam.replace(/\|/g, ' '), waitingCalls, t.agents, t.inCalls, t.waiting, t.paused, t.dead, t.dispo, t.dial].join(DL) + '\n';
  return out;
};

const inGroupStatus: Handler = (ctx) => {
  const pre = reportPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO GET IN-GROUP INFO');
  if (pre) return pre;
  const user = ctx.user.user;
  const groupsParam = p(ctx, 'in_groups');
  if (!(groupsParam.length > 0 && groupsParam.length < 10000)) {
    return `ERROR: in_group_status INVALID SEARCH PARAMETERS: ${user}|${groupsParam}\n`;
  }
  const groups = groupsParam.split('|');
  const inGroups = (id: string): boolean => groups.some((g) => sameCi(g, id));
  const state = ctx.state;
  const calls = visibleAutoCalls(state, ctx.user).filter((c) => inGroups(c.campaign_id));
  const waitingCalls = calls.filter((c) => /LIVE/i.test(c.status)).length;

  // vicidial_live_inbound_agents: the in-groups each logged-in agent takes calls from.
  const igUsers = new Set([...state.agents.values()].filter((a) => a.closer_campaigns.some(inGroups)).map((a) => a.user));
  const t: Tally = { agents: 0, inCalls: 0, waiting: 0, paused: 0, dead: 0, dispo: 0, dial: 0 };
  for (const a of liveAgents(state, ctx.user)) {
    if (!igUsers.has(a.user)) continue;
    let status = a.status;
    if (/READY|PAUSED/i.test(status) && a.lead_id > 0) status = 'DISPO';
    tally(status, t);
  }
  const DL = delimiter(ctx);
  let out = wantsHeader(ctx)
    ? ['ingroups', 'total_calls', 'calls_waiting', 'agents_logged_in', 'agents_in_calls', 'agents_waiting', 'agents_paused', 'agents_in_dispo', 'agents_in_dial'].join(DL) + '\n'
    : '';
  out += [groupsParam.replace(/\|/g, ' '), calls.length, waitingCalls, t.agents, t.inCalls, t.waiting, t.paused, t.dispo, t.dial].join(DL) + '\n';
  return out;
};

// ---------------------------------------------------------------------------
// list_info
// ---------------------------------------------------------------------------

/** The dial statuses of a campaign as the PHP splits ' NEW NA -' (absent = ' NEW -'). */
function dialStatuses(raw: string | undefined): string[] {
  const s = (raw ?? ' NEW -').replace(/ -$/, '');
  return s.split(' ').slice(1);
}

const listInfo: Handler = (ctx) => {
  const state = ctx.state;
  const u = ctx.user;
  // The api_list_restrict pre-check runs before the function block (after authentication).
  if (u.api_list_restrict > 0 && !state.userGroups.has(u.user_group)) {
    return `ERROR: user_group DOES NOT EXIST: |${u.user}|${u.user_group}|\n`;
  }
  const bad = invalidSource(ctx) || notAllowedFunction(ctx);
  if (bad) return bad;
  const allowed = flagIs1(u, 'vdc_agent_api_access') && flagIs1(u, 'modify_lists') && u.user_level >= 8 && u.active === 'Y' ? 1 : 0;
  if (allowed < 1) return `ERROR: list_info USER DOES NOT HAVE PERMISSION TO MODIFY LISTS: |${u.user}|${allowed}\n`;
  const listId = p(ctx, 'list_id');
  if (listId.length < 2 || listId.length > 14) {
    return `ERROR: list_info YOU MUST USE ALL REQUIRED FIELDS: |${u.user}|${listId}|${p(ctx, 'list_name')}|${p(ctx, 'campaign_id')}\n`;
  }
  const camps = allowedCampaigns(state, u);
  const campOk = (c: string): boolean => camps === null || camps.some((x) => sameCi(x, c));
  if (u.api_list_restrict > 0) {
    const allowedLists = [...state.lists.values()].filter((l) => campOk(l.campaign_id)).map((l) => l.list_id);
    if (!allowedLists.includes(listId)) return `ERROR: list_info NOT AN ALLOWED LIST ID - ${listId}\n`;
  }
  const list = [...state.lists.values()].find((l) => sameCi(l.list_id, listId) && campOk(l.campaign_id));
  if (!list) return `ERROR: list_info LIST DOES NOT EXIST: |${u.user}|${listId}\n`;

  const DL = delimiter(ctx);
  const header = wantsHeader(ctx);
  let out = header ? ['list_id', 'list_name', 'campaign_id', 'active', 'list_changedate', 'list_lastcalldate', 'expiration_date', 'resets_today'].join(DL) : '';
  const archived = p(ctx, 'archived_lead') === 'Y';
  // The archive table is not simulated (empty).
  const leads = archived ? [] : [...state.leads.values()].filter((l) => l.list_id === listId);
  let counts = '';
  if (p(ctx, 'leads_counts') === 'Y') {
    if (header) out += `${DL}all_leads_count${DL}new_leads_count`;
    counts = `${DL}${leads.length}${DL}${leads.filter((l) => l.status === 'NEW').length}`;
  }
  let dialable = '';
  if (p(ctx, 'dialable_count') === 'Y') {
    if (header) out += `${DL}dialable_count`;
    // Call times and lead filters are not simulated: every time zone is inside the call time.
    const camp = state.campaigns.get(list.campaign_id);
    const statuses = dialStatuses(camp?.dial_statuses);
    const expired = (list.expiration_date ?? '2099-12-31') < sqlDay(ctx.now);
    const live = list.active === 'Y' && !expired;
    const n = live
      ? [...state.leads.values()].filter((l) => l.list_id === list.list_id && l.called_since_last_reset === 'N' && statuses.includes(l.status)).length
      : 0;
    dialable = String(n);
  }
  if (header) out += '\n';
  const lastCall = state.calls.filter((c) => c.list_id === list.list_id).reduce((m, c) => (c.call_date > m ? c.call_date : m), '');
  out +=
    [listId, list.list_name, list.campaign_id, list.active, list.list_changedate ?? '', list.list_lastcalldate ?? lastCall, list.expiration_date ?? '2099-12-31', list.resets_today ?? 0].join(DL) +
    `${counts}${DL}${dialable}\n`;
  return out;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  recording_lookup: recordingLookup,
  did_log_export: didLogExport,
  phone_number_log: phoneNumberLog,
  agent_stats_export: agentStatsExport,
  user_group_status: userGroupStatus,
  in_group_status: inGroupStatus,
  list_info: listInfo,
};
