/**
 * Agent API functions (agc/api.php). The shared preamble (source, login, the
 * vdc_agent_api_access count, the system switch) runs in server.ts; each handler
 * here does the function's own checks in the PHP's order:
 *   "not valid" check → allowed-functions line → alt_user lookup → logged-in check → work.
 * Most functions only store a request in a vicidial_live_agents column that the agent
 * screen picks up a second later; the simulator keeps those columns on SimAgent.
 * Values are sanitised as the PHP does (characters silently dropped, never an error).
 */
import os from 'node:os';
import { param, sqlDateTime, type Handler, type SimContext } from '../context';
import { blankLead, type SimAgent, type SimCampaign, type SimLead } from '../state';

// ---------------------------------------------------------------------------
// Sanitising (latin mode)

const strip = (re: RegExp) => (s: string) => s.replace(re, '');
const clean = {
  agent_user: strip(/[^-_0-9a-zA-Z]/g),
  alt_user: strip(/[^0-9a-zA-Z]/g),
  value: strip(/[^-|_0-9a-zA-Z]/g),
  word: strip(/[^-_0-9a-zA-Z]/g),
  phone_code: strip(/[^0-9X]/g),
  phone_number: strip(/[^*#0-9]/g),
  digits: strip(/[^0-9]/g),
  upper: strip(/[^A-Z]/g),
  alt_dial: strip(/[^0-9A-Z]/g),
  stage: strip(/['"\\;]/g),
  ingroups: (s: string) => s.replace(/\+/g, ' ').replace(/[^- _0-9a-zA-Z]/g, ''),
  notes: (s: string) => s.replace(/\+/g, ' ').replace(/[^- ._0-9a-zA-Z]/g, ''),
  callback_datetime: (s: string) => s.replace(/\+/g, ' ').replace(/[^- :._0-9a-zA-Z]/g, ''),
  callback_comments: (s: string) => s.replace(/\+/g, ' ').replace(/[^- ._0-9a-zA-Z]/g, ''),
  free: (s: string) => s.replace(/[;#]/g, '').replace(/\+/g, ' '),
  recipient_type: strip(/[^_a-zA-Z]/g),
  notification_date: strip(/[^- :0-9]/g),
  yn: strip(/[^YNyn]/g),
  alnum: strip(/[^0-9a-zA-Z]/g),
  text_font: strip(/[^-, a-zA-Z]/g),
  text_weight: strip(/[^,a-zA-Z]/g),
  multi_phones: strip(/[^,0-9]/g),
  leadText: (s: string) => s.replace(/[^- '+._:/@0-9a-zA-Z]/g, ''),
  email: (s: string) => s.replace(/[^- '+._:/@%0-9a-zA-Z]/g, ''),
};

function p(ctx: SimContext, name: string, how: (s: string) => string = clean.word): string {
  return how(param(ctx, name));
}

function epochOf(ctx: SimContext): number {
  return Math.floor(ctx.now.getTime() / 1000);
}

// ---------------------------------------------------------------------------
// Shared steps

/** The allowed-functions line; `first` is the function's own first detail (usually value). */
function permissionLine(ctx: SimContext, first: string | null): string {
  const allowed = ctx.user.api_allowed_functions;
  if (allowed.includes(` ${ctx.fn} `) || allowed.includes('ALL_FUNCTIONS')) return '';
  const lead = first === null ? '' : `${first}|`;
  return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION - ${lead}${ctx.user.user}|${ctx.fn}|${ctx.user.user_group}\n`;
}

/**
 * alt_user lookup (vicidial_users.custom_three, first user by name). A miss prints its
 * ERROR line but processing goes on with the agent_user that was sent, as the PHP does.
 */
function resolveAlt(ctx: SimContext, agentUser: string, altUser: string, shown = altUser): { agent: string; out: string } {
  if (altUser.length < 2) return { agent: agentUser, out: '' };
  const hit = [...ctx.state.users.values()].filter((u) => u.custom_three === altUser).sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0))[0];
  if (hit) return { agent: hit.user, out: '' };
  return { agent: agentUser, out: `ERROR: no user found - ${shown}\n` };
}

function notLoggedIn(agent: string): string {
  return `ERROR: agent_user is not logged in - ${agent}\n`;
}

function campaignOf(ctx: SimContext, live: SimAgent): SimCampaign | undefined {
  return ctx.state.campaigns.get(live.campaign_id);
}

/** ' A B -' as vicidial_live_agents.closer_campaigns stores it. */
function closerString(groups: readonly string[]): string {
  return groups.length === 0 ? '' : ` ${groups.join(' ')} -`;
}

function groupsOf(text: string): string[] {
  return text
    .replace(/-$/, '')
    .split(' ')
    .slice(1)
    .filter((g) => g.length > 1);
}

/** PHP's `$caller_id_number < 4` on a string column. */
function cidTooShort(cid: string): boolean {
  if (cid === '') return true;
  if (/^\s*-?\d+(\.\d+)?/.test(cid)) return parseFloat(cid) < 4;
  return cid < '4';
}

/** The group_alias checks shared by external_dial and transfer_conference; '' or the ERROR line. */
function groupAliasCheck(ctx: SimContext, agent: string, groupAlias: string): { error: string; cid: string } {
  if (groupAlias.length <= 1) return { error: '', cid: '' };
  const alias = ctx.state.groupAliases?.get(groupAlias);
  if (!alias) return { error: `ERROR: group_alias is not valid - ${agent}|${groupAlias}\n`, cid: '' };
  if (cidTooShort(alias.caller_id_number)) {
    return { error: `ERROR: caller_id_number from group_alias is not valid - ${agent}|${groupAlias}|${alias.caller_id_number}\n`, cid: '' };
  }
  return { error: '', cid: alias.caller_id_number };
}

/**
 * The common frame of the functions that only set one agent column:
 * not-valid check, permission line, alt_user, logged-in check, then `work`.
 */
function agentFunction(
  ctx: SimContext,
  opts: { invalid: string | null; permFirst: string | null; agentUser: string; altUser: string; altMin?: number },
  work: (live: SimAgent, agent: string) => string,
): string {
  if (opts.invalid !== null) return opts.invalid;
  const perm = permissionLine(ctx, opts.permFirst);
  if (perm) return perm;
  const alt = opts.altMin !== undefined && opts.altUser.length < opts.altMin ? { agent: opts.agentUser, out: '' } : resolveAlt(ctx, opts.agentUser, opts.altUser);
  const live = ctx.state.agents.get(alt.agent);
  if (!live) return alt.out + notLoggedIn(alt.agent);
  return alt.out + work(live, alt.agent);
}

/** "agent given": agent_user ≥ 1 character or alt_user ≥ 2 (the rule of most functions). */
function noAgent(agentUser: string, altUser: string): boolean {
  return agentUser.length < 1 && altUser.length < 2;
}

// ---------------------------------------------------------------------------
// Functions

const webserver: Handler = (ctx) => {
  const perm = permissionLine(ctx, null);
  if (perm) return perm;
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const abbr = ctx.now.toLocaleTimeString('en-US', { timeZoneName: 'short' }).split(' ').pop() ?? '';
  const data = [
    'Webserver Data:',
    `set.timezone: ${tz}`,
    `abbr.timezone: ${abbr}`,
    'dst.timezone: 0',
    `uname: ${os.type()} ${os.hostname()} ${os.release()} ${os.arch()}`,
    `host name: ${os.hostname()}`,
    'server name: 127.0.0.1',
    'php version: simulator',
    `apache version: node ${process.version}`,
    'apache processes: 1',
    `system load average: ${os.loadavg()[0]}`,
    'disk free space: 0',
    'ini_get not allowed: ',
  ];
  return `<PRE>${data.join('\n')}\n</PRE>\n`;
};

const external_hangup: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  return agentFunction(
    ctx,
    {
      invalid: value.length < 1 || noAgent(agentUser, altUser) ? `ERROR: external_hangup not valid - ${value}|${agentUser}\n` : null,
      permFirst: value,
      agentUser,
      altUser,
    },
    (live, agent) => {
      live.external_hangup = value;
      return `SUCCESS: external_hangup function set - ${value}|${agent}\n`;
    },
  );
};

/** vicidial_statuses with scheduled_callback='Y' in a default install. */
const SYSTEM_CALLBACK_STATUSES = new Set(['CALLBK']);

const external_status: Handler = (ctx) => {
  let value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  return agentFunction(
    ctx,
    {
      invalid: value.length < 1 || noAgent(agentUser, altUser) ? `ERROR: external_status not valid - ${value}|${agentUser}\n` : null,
      permFirst: value,
      agentUser,
      altUser,
    },
    (live, agent) => {
      const callbackDatetime = p(ctx, 'callback_datetime', clean.callback_datetime);
      let callbackType = p(ctx, 'callback_type', clean.upper);
      const callbackComments = p(ctx, 'callback_comments', clean.callback_comments).slice(0, 200);
      const qm = p(ctx, 'qm_dispo_code', clean.word);
      let isCallback = false;
      if (callbackDatetime.length > 12) {
        const campaignCb = campaignOf(ctx, live)?.callback_statuses ?? [];
        isCallback = SYSTEM_CALLBACK_STATUSES.has(value) || campaignCb.includes(value);
        if (isCallback) {
          if (callbackType.length < 4) callbackType = 'ANYONE';
          value = `${value}!${callbackDatetime}!${callbackType}!${callbackComments}!`;
        }
      }
      if (qm.length > 0) value = isCallback ? `${value}${qm}` : `${value}!!!!${qm}`;
      live.external_status = value;
      return `SUCCESS: external_status function set - ${value}|${agent}\n`;
    },
  );
};

const external_pause: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value.length < 1 || (agentUser.length < 1 && altUser.length < 1) || !/PAUSE|RESUME/.test(value);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: external_pause not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      if (/RESUME/.test(value) && ['READY', 'QUEUE', 'INCALL', 'CLOSER'].includes(live.status)) {
        return `ERROR: external_pause agent is not paused - ${value}|${agent}\n`;
      }
      const epoch = epochOf(ctx);
      live.external_pause = `${value}!${epoch}`;
      // The real server only queues the request; the agent screen acts on it within a
      // second. The simulator has no screen, so it applies the change at once: the next
      // agent_status / logged_in_agents shows it. A pause asked during a call waits for
      // the call's end, so an agent in a call keeps its status.
      if (/PAUSE/.test(value) && !/RESUME/.test(value)) {
        if (live.status === 'READY' || live.status === 'CLOSER' || live.status === 'QUEUE') {
          live.status = 'PAUSED';
          live.pause_code = '';
          live.last_state_change = sqlDateTime(ctx.now);
        }
      } else if (live.status === 'PAUSED') {
        live.status = 'READY';
        live.pause_code = '';
        live.last_state_change = sqlDateTime(ctx.now);
      }
      return `SUCCESS: external_pause function set - ${value}|${epoch}|${agent}\n`;
    },
  );
};

const logout: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value.length < 1 || (agentUser.length < 1 && altUser.length < 1) || !/LOGOUT/.test(value);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: logout not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      // Only queued, as on the real server: the agent stays logged in until its screen acts.
      live.external_pause = value;
      live.external_logout = value;
      return `SUCCESS: logout function set - ${value}|${epochOf(ctx)}|${agent}\n`;
    },
  );
};

const recording: Handler = (ctx) => {
  let value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = !/START|STOP|STATUS/.test(value) || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: recording not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      const ext = live.external_recording;
      const tail = `${live.server_ip}|${live.conf_exten}|${live.status}`;
      if (value === 'STATUS') {
        const id = Number(ext);
        if (/^\d+$/.test(ext) && id > 0) {
          const rec = ctx.state.calls.find((c) => c.recording_id === ext);
          const start = rec ? rec.call_date : '';
          return `NOTICE: recording active - ${agent}|${ext}|${rec?.recording_filename ?? ''}|${rec ? live.server_ip : ''}|${start}|${tail}\n`;
        }
        return `NOTICE: not recording - ${agent}|||||${tail}\n`;
      }
      if (/STOP/.test(value) && (ext === 'STOP' || !(Number(ext) >= 1))) {
        return `ERROR: stop recording error - ${agent}|${ext}||||${tail}\n`;
      }
      const stage = p(ctx, 'stage', clean.stage);
      if (/START/.test(value) && stage.length > 0) value = `${value}_${stage.slice(0, 14)}`;
      live.external_recording = value;
      return `SUCCESS: recording function sent - ${agent}|${value}||||${tail}\n`;
    },
  );
};

const webphone_url: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = (value !== 'DISPLAY' && value !== 'LAUNCH') || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: webphone_url not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (_live, agent) => {
      const session = ctx.state.sessionData?.get(agent);
      if (!session) return `ERROR: webphone_url error - no session data - ${agent}\n`;
      const url = session.webphone_url;
      if (url.length <= 5) return `ERROR: webphone_url error - webphone url is empty - ${agent}\n`;
      if (value === 'DISPLAY') return url;
      return `<META HTTP-EQUIV=Refresh CONTENT="0; URL=${url}">\n</HEAD>\n<BODY BGCOLOR="#FFFFFF" marginheight=0 marginwidth=0 leftmargin=0 topmargin=0>\n<a href="${url}">click here to continue. . .</a>\n</BODY>\n`;
    },
  );
};

const call_agent: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value !== 'CALL' || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: call_agent not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (_live, agent) => {
      const session = ctx.state.sessionData?.get(agent);
      if (!session) return `ERROR: call_agent error - no session data - ${agent}\n`;
      if (session.agent_login_call.length <= 5) return `ERROR: call_agent error - entry is empty - ${agent}\n`;
      return `SUCCESS: call_agent function sent - ${agent}\n`;
    },
  );
};

const audio_playback: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const stage = p(ctx, 'stage', clean.stage);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const dialOverride = p(ctx, 'dial_override', clean.upper);
  if ((value.length < 1 && stage === 'PLAY') || stage.length < 4 || noAgent(agentUser, altUser)) {
    return `ERROR: audio_playback not valid - ${value}|${stage}|${agentUser}\n`;
  }
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const alt = resolveAlt(ctx, agentUser, altUser, `${stage}|${altUser}`);
  const live = ctx.state.agents.get(alt.agent);
  if (!live) return `${alt.out}ERROR: agent_user is not logged in - ${stage}|${alt.agent}\n`;
  let out = alt.out;
  if (live.conf_exten.length <= 5 || live.server_ip.length <= 5) return `${out}ERROR: audio_playback error - entry is empty - ${stage}|${alt.agent}\n`;
  const playing = (live.external_audio ?? '') !== '';
  if (stage === 'PLAY') {
    if (playing) {
      if (dialOverride !== 'Y') {
        return `${out}ERROR: audio_playback error - audio already playing in agent session - ${live.conf_exten}|${live.server_ip}|PLAY|${dialOverride}|${alt.agent}\n`;
      }
      out += `NOTICE: audio_playback previous playback stopped - PLAY|Y|${alt.agent}\n`;
    }
    live.external_audio = value;
  } else {
    if (!playing) {
      return `${out}ERROR: audio_playback error - no audio playing in agent session - ${live.conf_exten}|${live.server_ip}|${stage}|${alt.agent}\n`;
    }
    if (stage === 'STOP') live.external_audio = '';
  }
  return `${out}SUCCESS: audio_playback function sent - ${value}|${stage}|${alt.agent}\n`;
};

const external_dial: Handler = (ctx) => {
  const rawValue = param(ctx, 'value');
  let value = rawValue === 'MANUALNEXT' ? 'MANUALNEXT' : clean.digits(clean.value(rawValue));
  let phoneCode = p(ctx, 'phone_code', clean.phone_code);
  const search = p(ctx, 'search');
  const preview = p(ctx, 'preview');
  const focus = p(ctx, 'focus');
  const leadId = p(ctx, 'lead_id', clean.digits);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  if ((value.length < 2 && leadId.length < 1) || (agentUser.length < 2 && altUser.length < 2) || search.length < 2 || preview.length < 2 || focus.length < 2) {
    return `ERROR: external_dial not valid - ${value}|${phoneCode}|${search}|${preview}|${focus}|${leadId}|${agentUser}|${altUser}\n`;
  }
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const alt = resolveAlt(ctx, agentUser, altUser);
  const agent = alt.agent;
  let out = alt.out;
  const live = ctx.state.agents.get(agent);
  if (!live) return out + notLoggedIn(agent);
  // vicidial_campaigns.api_manual_dial defaults to STANDARD.
  const apiManualDial = campaignOf(ctx, live)?.api_manual_dial ?? 'STANDARD';
  const ready = apiManualDial === 'STANDARD' ? live.status === 'PAUSED' && live.lead_id < 1 : true;
  let dialIngroup = p(ctx, 'dial_ingroup');
  if (dialIngroup.length > 0 && !ctx.state.inGroups.has(dialIngroup)) {
    out += `NOTICE: defined dial_ingroup not found - ${dialIngroup}\n`;
    dialIngroup = '';
  }
  if (!ready && dialIngroup.length === 0) return `${out}ERROR: agent_user is not paused - ${agent}\n`;
  if (ctx.state.users.get(agent)?.flags.agentcall_manual !== '1') {
    return `${out}ERROR: agent_user is not allowed to place manual dial calls - ${agent}\n`;
  }
  let groupAlias = p(ctx, 'group_alias');
  const ga = groupAliasCheck(ctx, agent, groupAlias);
  if (ga.error) return out + ga.error;
  let cid = ga.cid;
  const outboundCid = p(ctx, 'outbound_cid');
  if (outboundCid.length > 1) {
    const setting = ctx.state.outboundCidAny ?? 'DISABLED';
    if (setting !== 'API_ONLY') return `${out}ERROR: outbound_cid is not allowed on this system - ${agent}|${outboundCid}|${setting}\n`;
    cid = outboundCid;
    groupAlias = '-FORCE-';
  }
  if (/YES/i.test(p(ctx, 'vtiger_callback', clean.upper)) && /^99/.test(value)) {
    // Vtiger integration is off in the simulator: the PHP only turns the id into a number.
    value = String(Number(value.slice(2)));
  }
  let altDial = p(ctx, 'alt_dial', clean.alt_dial);
  if (leadId.length > 0) {
    const phoneSearch = value;
    value = '';
    phoneCode = '';
    const lead = ctx.state.leads.get(Number(leadId));
    if (altDial === 'SEARCH') {
      altDial = '';
      if (lead) {
        if (lead.address3 === phoneSearch) altDial = 'ADDR3';
        if (lead.alt_phone === phoneSearch) altDial = 'ALT';
        if (lead.phone_number === phoneSearch) altDial = 'MAIN';
        if (altDial === '') return `${out}ERROR: phone number lead_id search not found - ${agent}|${value}|${leadId}|${altDial}\n`;
      }
    }
    if (!lead) return `${out}ERROR: lead_id is not valid - ${agent}|${leadId}\n`;
    const number = altDial === 'ALT' ? lead.alt_phone : altDial === 'ADDR3' ? lead.address3 : lead.phone_number;
    value = number.replace(/[^0-9]/g, '');
    phoneCode = lead.phone_code;
    if (value.length < 2) return `${out}ERROR: phone number is not valid - ${agent}|${value}|${leadId}|${altDial}\n`;
  }
  const vendorId = p(ctx, 'vendor_id', clean.free);
  const dialPrefix = p(ctx, 'dial_prefix');
  const epoch = epochOf(ctx);
  const request = `${value}!${phoneCode}!${search}!${preview}!${focus}!${vendorId}!${epoch}!${dialPrefix}!${groupAlias}!${cid}!!${leadId}!${altDial}!${dialIngroup}`;
  if (apiManualDial === 'STANDARD') {
    live.external_dial = request;
  } else {
    const queue = (ctx.state.manualDialQueue ??= []);
    if (queue.some((q) => q.user === agent && q.phone_number === value)) {
      return `${out}ERROR: phone_number is already in this agents manual dial queue - ${agent}|${value}\n`;
    }
    queue.push({ user: agent, phone_number: value, entry_time: sqlDateTime(ctx.now), status: 'READY', external_dial: request });
  }
  return `${out}SUCCESS: external_dial function set - ${value}|${agent}|${phoneCode}|${search}|${preview}|${focus}|${vendorId}|${epoch}|${dialPrefix}|${groupAlias}|${cid}|${altDial}\n`;
};

const preview_dial_action: Handler = (ctx) => {
  const value = param(ctx, 'value').replace(/[^A-Z0-9]/g, '');
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  if (value.length < 4 || (agentUser.length < 2 && altUser.length < 2) || !['SKIP', 'DIALONLY', 'ALTDIAL', 'ADR3DIAL', 'FINISH'].includes(value)) {
    return `ERROR: preview_dial_action not valid - ${value}||${agentUser}|${altUser}\n`;
  }
  return agentFunction(ctx, { invalid: null, permFirst: value, agentUser, altUser }, (live, agent) => {
    const camp = campaignOf(ctx, live);
    // Defaults of vicidial_campaigns: manual_preview_dial PREVIEW_AND_SKIP, alt_number_dialing N.
    const mpd = camp?.manual_preview_dial ?? 'PREVIEW_AND_SKIP';
    const alt = camp?.alt_number_dialing ?? 'N';
    if (mpd === 'DISABLED') return `ERROR: preview dialing not allowed on this campaign - ${agent}|${live.campaign_id}|${mpd}\n`;
    if (mpd === 'PREVIEW_ONLY' && value === 'SKIP') return `ERROR: preview dial skipping not allowed on this campaign - ${agent}|${live.campaign_id}|${mpd}\n`;
    if (alt === 'N' && ['ALTDIAL', 'ADR3DIAL', 'FINISH'].includes(value)) {
      return `ERROR: alt number dialing not allowed on this campaign - ${agent}|${live.campaign_id}|${alt}\n`;
    }
    if (live.status !== 'PAUSED') return `ERROR: agent_user is not paused - ${agent}\n`;
    if (ctx.state.users.get(agent)?.flags.agentcall_manual !== '1') return `ERROR: agent_user is not allowed to place manual dial calls - ${agent}\n`;
    live.external_dial = value;
    return `SUCCESS: preview_dial_action function set - ${value}|${agent}|${value}\n`;
  });
};

const LEAD_TEXT_FIELDS = [
  'title',
  'first_name',
  'middle_initial',
  'last_name',
  'address1',
  'address2',
  'address3',
  'city',
  'state',
  'province',
  'postal_code',
  'alt_phone',
  'security_phrase',
  'owner',
] as const;

function leadFieldValue(ctx: SimContext, name: string): string {
  switch (name) {
    case 'email':
      return p(ctx, name, clean.email);
    case 'vendor_lead_code':
    case 'source_id':
    case 'comments':
      return p(ctx, name, clean.free);
    case 'phone_number':
      return p(ctx, name, clean.phone_number);
    case 'phone_code':
      return p(ctx, name, clean.phone_code);
    case 'country_code':
    case 'gender':
      return p(ctx, name, clean.upper);
    case 'rank':
      return p(ctx, name, clean.digits);
    case 'date_of_birth':
      return p(ctx, name, strip(/[^-0-9]/g));
    case 'gmt_offset_now':
      return p(ctx, name, strip(/[^-.0-9]/g));
    default:
      return p(ctx, name, clean.leadText);
  }
}

const external_add_lead: Handler = (ctx) => {
  let value = p(ctx, 'value', clean.value);
  const phoneNumber = p(ctx, 'phone_number', clean.phone_number);
  if (value.length < 1 && phoneNumber.length > 1) value = phoneNumber;
  const phoneCode = p(ctx, 'phone_code', clean.phone_code);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  if ((agentUser.length < 2 && altUser.length < 2) || phoneCode.length < 1 || value.length < 2) {
    return `ERROR: external_add_lead not valid - ${value}|${phoneCode}|${agentUser}|${altUser}\n`;
  }
  return agentFunction(ctx, { invalid: null, permFirst: value, agentUser, altUser }, (live, agent) => {
    const camp = campaignOf(ctx, live);
    if (!camp) return `ERROR: campaign manual dial list undefined - ${value}||${agent}\n`;
    // vicidial_campaigns.manual_dial_list_id defaults to 998.
    const listId = camp.manual_dial_list_id ?? '998';
    const dncCheck = p(ctx, 'dnc_check', clean.upper);
    const campDncCheck = p(ctx, 'campaign_dnc_check', clean.upper);
    const dnc = (dncCheck === 'YES' || dncCheck === 'Y') && ctx.state.dnc.has(value);
    const dncCamp = camp.use_other_campaign_dnc || camp.campaign_id;
    const campDnc = (campDncCheck === 'YES' || campDncCheck === 'Y') && (ctx.state.campaignDnc.get(dncCamp)?.has(value) ?? false);
    if (dnc || campDnc) {
      let out = '';
      if (dnc) out += `ERROR: add_lead PHONE NUMBER IN DNC - ${value}|${agent}\n`;
      if (campDnc) out += `ERROR: add_lead PHONE NUMBER IN CAMPAIGN DNC - ${value}|${camp.campaign_id}|${agent}\n`;
      return out;
    }
    const now = sqlDateTime(ctx.now);
    const id = ctx.state.nextLeadId++;
    const lead: SimLead = blankLead(id, listId, value, now);
    lead.phone_code = phoneCode;
    lead.user = ctx.user.user;
    lead.last_local_call_time = now;
    lead.gender = '';
    lead.date_of_birth = '';
    lead.rank = '';
    for (const f of [...LEAD_TEXT_FIELDS, 'email', 'source_id', 'comments', 'country_code', 'gender', 'date_of_birth', 'rank'] as const) {
      lead[f] = leadFieldValue(ctx, f);
    }
    const vendorId = p(ctx, 'vendor_id', clean.free);
    lead.vendor_lead_code = vendorId.length > 0 ? vendorId : leadFieldValue(ctx, 'vendor_lead_code');
    ctx.state.leads.set(id, lead);
    return `SUCCESS: lead added - ${value}|${camp.campaign_id}|${listId}|${id}|${agent}\n`;
  });
};

const change_ingroups: Handler = (ctx) => {
  const value = param(ctx, 'value').replace(/[^A-Z]/g, '');
  const blended = p(ctx, 'blended', clean.upper);
  let choices = p(ctx, 'ingroup_choices', clean.ingroups);
  const agent = p(ctx, 'agent_user', clean.agent_user);
  if (blended.length < 2 || agent.length < 2 || value.length < 3) {
    return `ERROR: change_ingroups not valid - ${value}|${blended}|${choices}|${agent}\n`;
  }
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const live = ctx.state.agents.get(agent);
  if (!live) return notLoggedIn(agent);
  const camp = campaignOf(ctx, live);
  // The simulator's campaigns take inbound calls unless told otherwise (the seed agents have in-groups).
  if (!camp || (camp.campaign_allow_inbound ?? 'Y') !== 'Y') return `ERROR: campaign does not allow inbound calls - ${agent}\n`;
  if (ctx.user.flags.change_agent_campaign !== '1') return `ERROR: user is not allowed to change agent in-groups - ${ctx.user.user}\n`;
  if (blended === 'YES' && ['MANUAL', 'INBOUND_MAN'].includes(camp.dial_method ?? 'RATIO')) {
    return `ERROR: campaign dial_method does not allow outbound autodial - ${agent}|${blended}\n`;
  }
  if (choices.length > 0) {
    for (const g of groupsOf(choices)) {
      if (!ctx.state.inGroups.has(g)) return `ERROR: ingroup does not exist - ${agent}|${g}|${choices}\n`;
    }
  }
  if (choices.length < 1 && (value === 'ADD' || value === 'REMOVE')) {
    return `ERROR: ingroup_choices are required for ADD and REMOVE values - ${agent}|${value}|\n`;
  }
  const current = live.closer_campaigns;
  if (value === 'ADD') {
    const merged = [...current];
    for (const g of groupsOf(choices)) if (!merged.includes(g)) merged.push(g);
    choices = `${merged.length ? ` ${merged.join(' ')} ` : ' '}-`;
  } else if (value === 'REMOVE') {
    let list = closerString(current);
    for (const g of groupsOf(choices)) if (current.includes(g)) list = list.replace(` ${g} `, ' ');
    choices = list;
  }
  live.external_ingroups = choices;
  live.external_blended = blended === 'YES' ? '1' : '0';
  live.external_igb_set_user = ctx.user.user;
  live.manager_ingroup_set = 'SET';
  // The agent screen applies the new selection within a second; the simulator does it now.
  live.closer_campaigns = groupsOf(choices);
  let note = '';
  if (p(ctx, 'set_as_default', clean.upper) === 'YES') note = 'User settings set as default';
  return `SUCCESS: change_ingroups function set - ${ctx.user.user}|${agent}|${choices}|${blended}|${note}\n`;
};

/** The raw request as the PHP's $query_string sees it (POST: `k=v&...`, quotes and `;` removed). */
function queryString(ctx: SimContext): string {
  return Object.entries(ctx.params)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
    .replace(/['"\\;]/g, '');
}

/** update_fields field detection: substring of the raw query (case-insensitive from postal_code on). */
const UPDATE_FIELDS: ReadonlyArray<readonly [string, boolean]> = [
  ['phone_code', false],
  ['address1', false],
  ['address2', false],
  ['address3', false],
  ['alt_phone', false],
  ['city', false],
  ['comments', false],
  ['country_code', false],
  ['date_of_birth', false],
  ['email', false],
  ['first_name', false],
  ['gender', false],
  ['gmt_offset_now', false],
  ['last_name', false],
  ['middle_initial', false],
  ['phone_number', false],
  ['postal_code', true],
  ['province', true],
  ['security_phrase', true],
  ['source_id', true],
  ['state', true],
  ['title', true],
  ['vendor_lead_code', true],
  ['rank', true],
  ['owner', true],
];

function triggers(q: string, names: readonly string[]): string[] {
  return names.filter((n) => q.toLowerCase().includes(n));
}

const update_fields: Handler = (ctx) => {
  const agent = p(ctx, 'agent_user', clean.agent_user);
  if (agent.length < 1) return `ERROR: agent_user not valid - ${agent}\n`;
  const perm = permissionLine(ctx, p(ctx, 'value', clean.value));
  if (perm) return perm;
  const live = ctx.state.agents.get(agent);
  if (!live) return notLoggedIn(agent);
  if (!['1', '2', '3', '4'].includes(ctx.user.flags.modify_leads ?? '')) {
    return `ERROR: user is not allowed to modify lead information - ${agent}|${ctx.user.user}\n`;
  }
  if (!(live.lead_id > 0)) return `ERROR: agent_user does not have a lead on their screen - ${agent}\n`;
  const q = queryString(ctx);
  const sets: string[] = [];
  const list: string[] = [];
  const changes: Array<[string, string]> = [];
  for (const [name, ci] of UPDATE_FIELDS) {
    if (ci ? q.toLowerCase().includes(name) : q.includes(name)) {
      const v = leadFieldValue(ctx, name);
      sets.push(`${name}="${v}"`);
      list.push(name);
      changes.push([name, v]);
    }
  }
  const fieldSet = list.length;
  list.push(...triggers(q, ['formreload', 'scriptreload', 'script2reload', 'emailreload', 'chatreload']));
  if (list.length === 0) return `ERROR: no fields have been defined - ${agent}\n`;
  let leadRows = 0;
  const lead = ctx.state.leads.get(live.lead_id);
  if (fieldSet > 0 && lead) {
    // MySQL counts changed rows only.
    let changed = false;
    for (const [name, v] of changes) {
      const key = name as keyof SimLead;
      if (String(lead[key]) !== v) {
        (lead as unknown as Record<string, unknown>)[key] = v;
        changed = true;
      }
    }
    if (changed) {
      lead.modify_date = sqlDateTime(ctx.now);
      leadRows = 1;
    }
  }
  live.external_update_fields = '1';
  live.external_update_fields_data = list.join(',');
  // The screen resets external_update_fields after reading it, so the agent row always changes.
  return `SUCCESS: update_fields lead updated - ${ctx.user.user}|${agent}|${live.lead_id}|${leadRows}|1|${list.join(',')}|${sets.join(',')}|\n`;
};

const refresh_panel: Handler = (ctx) => {
  const agent = p(ctx, 'agent_user', clean.agent_user);
  if (agent.length < 1) return `ERROR: agent_user not valid - ${agent}\n`;
  const perm = permissionLine(ctx, p(ctx, 'value', clean.value));
  if (perm) return perm;
  const live = ctx.state.agents.get(agent);
  if (!live) return notLoggedIn(agent);
  const list = triggers(queryString(ctx), ['formreload', 'scriptreload', 'script2reload', 'emailreload', 'chatreload', 'callbacksreload']);
  if (list.length === 0) return `ERROR: no panels have been defined - ${agent}\n`;
  live.external_update_fields = '1';
  live.external_update_fields_data = list.join(',');
  return `SUCCESS: refresh_panel request sent - ${ctx.user.user}|${agent}|1|${list.join(',')}|\n`;
};

const set_timer_action: Handler = (ctx) => {
  const agent = p(ctx, 'agent_user', clean.agent_user);
  const value = p(ctx, 'value', clean.value);
  if (agent.length < 1 || value.length < 2) return `ERROR: set_timer_action not valid - ${agent}|${value}\n`;
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const live = ctx.state.agents.get(agent);
  if (!live) return notLoggedIn(agent);
  if (ctx.user.flags.modify_campaigns !== '1') return `ERROR: user is not allowed to modify campaign settings - ${agent}|${ctx.user.user}\n`;
  const notes = p(ctx, 'notes', clean.notes);
  const rank = p(ctx, 'rank', clean.digits);
  live.external_timer_action = value;
  live.external_timer_action_message = notes;
  live.external_timer_action_seconds = rank;
  return `SUCCESS: set_timer_action lead updated - ${ctx.user.user}|${agent}|${value}|${notes}|${rank}\n`;
};

function userByCrmId(ctx: SimContext, id: string) {
  return [...ctx.state.users.values()].filter((u) => u.custom_three === id).sort((a, b) => (a.user < b.user ? -1 : 1))[0];
}

const st_login_log: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const vendorId = p(ctx, 'vendor_id', clean.free);
  if (value.length < 1 || vendorId.length < 1) return `ERROR: st_login_log not valid - ${value}|${vendorId}\n`;
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const u = userByCrmId(ctx, value);
  if (!u) return `ERROR: no user found - ${value}\n`;
  u.custom_four = vendorId;
  return `SUCCESS: st_login_log user found - ${u.user}\n`;
};

const st_get_agent_active_lead: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const vendorId = p(ctx, 'vendor_id', clean.free);
  if (value.length < 1 || vendorId.length < 1) return `ERROR: st_get_agent_active_lead not valid - ${value}|${vendorId}\n`;
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const u = userByCrmId(ctx, value);
  if (!u) return `ERROR: no user found - ${value}\n`;
  const live = ctx.state.agents.get(u.user);
  if (!live) return `ERROR: user not logged in - ${u.user}\n`;
  const lead = live.lead_id > 0 ? ctx.state.leads.get(live.lead_id) : undefined;
  if (!lead) return `ERROR: no active lead found - ${u.user}\n`;
  return `SUCCESS: st_get_agent_active_lead lead found - ${u.user}|${lead.phone_number}|${lead.lead_id}|${lead.vendor_lead_code}|${lead.province}|${lead.security_phrase}|${lead.source_id}\n`;
};

const ra_call_control: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agent = p(ctx, 'agent_user', clean.agent_user);
  const stage = p(ctx, 'stage', clean.stage);
  if (value.length < 1 || agent.length < 1 || stage.length < 1) return `ERROR: ra_call_control not valid - ${value}|${agent}|${stage}\n`;
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const live = ctx.state.agents.get(agent);
  if (!live) return notLoggedIn(agent);
  const calls = ctx.state.autoCalls ?? [];
  const idx = calls.findIndex((c) => c.callerid === value);
  if (idx < 0) return `ERROR: no active call found - ${value}\n`;
  const call = calls[idx];
  const phone = p(ctx, 'phone_number', clean.word);
  let line: string;
  if (stage === 'HANGUP') {
    line = `SUCCESS: ra_call_control hungup - ${agent}|${value}|HANGUP\n`;
  } else if (stage === 'EXTENSIONTRANSFER') {
    if (phone.length < 2) return `ERROR: phone_number is not valid - ${phone}\n`;
    line = `SUCCESS: ra_call_control transfer - ${agent}|${value}|${phone}\n`;
  } else if (stage === 'INGROUPTRANSFER') {
    let group = p(ctx, 'ingroup_choices', clean.word);
    if (group === 'DEFAULTINGROUP') {
      group = call.call_type === 'IN' ? '' : (ctx.state.campaigns.get(call.campaign_id)?.default_xfer_group ?? '');
    }
    const ig = ctx.state.inGroups.get(group);
    if (group.length < 2 || !ig || ig.active !== 'Y') return `ERROR: ingroup is not valid - ${group}\n`;
    line = `SUCCESS: ra_call_control transfer - ${agent}|${value}|${phone}\n`;
  } else {
    return `ERROR: stage is not valid - ${stage}\n`;
  }
  const status = p(ctx, 'status', clean.word).slice(0, 6) || 'RAXFER';
  const lead = ctx.state.leads.get(call.lead_id);
  if (lead) lead.status = status;
  calls.splice(idx, 1);
  live.status = 'READY';
  live.lead_id = 0;
  live.callerid = '';
  live.last_state_change = sqlDateTime(ctx.now);
  return line;
};

const send_dtmf: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  return agentFunction(
    ctx,
    { invalid: value.length < 1 || noAgent(agentUser, altUser) ? `ERROR: send_dtmf not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      live.external_dtmf = value;
      return `SUCCESS: send_dtmf function set - ${value}|${agent}\n`;
    },
  );
};

const park_call: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = !/PARK_CUSTOMER|GRAB_CUSTOMER|PARK_IVR_CUSTOMER|GRAB_IVR_CUSTOMER|PARK_XFER|GRAB_XFER/.test(value) || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: park_call not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      if (!(live.lead_id > 0)) return `ERROR: agent_user does not have a lead on their screen - ${agent}\n`;
      live.external_park = value;
      return `SUCCESS: park_call function set - ${value}|${agent}\n`;
    },
  );
};

const transfer_conference: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value.length < 8 || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: transfer_conference not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      if (!(live.lead_id > 0) || live.callerid.length <= 15) return `ERROR: agent_user does not have a live call - ${agent}\n`;
      let ingroup = p(ctx, 'ingroup_choices', clean.ingroups);
      const phone = p(ctx, 'phone_number', clean.phone_number);
      const consultative = param(ctx, 'consultative') === 'YES' ? 'YES' : 'NO';
      const dialOverride = p(ctx, 'dial_override', clean.upper);
      const groupAlias = p(ctx, 'group_alias');
      const cidChoice = p(ctx, 'cid_choice');
      const epoch = epochOf(ctx);
      const cidCheck = (): string => {
        if (cidChoice.length > 1 && !/CAMPAIGN|AGENT_PHONE|CUSTOMER|CUSTOM_CID/.test(cidChoice)) return `ERROR: cid_choice is not valid - ${agent}|${cidChoice}\n`;
        return '';
      };
      let request: string;
      if (value === 'LOCAL_CLOSER' || ((value === 'DIAL_WITH_CUSTOMER' || value === 'PARK_CUSTOMER_DIAL') && consultative === 'YES')) {
        if (ingroup.length < 2) return `ERROR: ingroup is not valid - ${ingroup}\n`;
        if (/DEFAULTINGROUP/.test(ingroup)) {
          // default_xfer_group of the call's campaign (in-groups carry none in the simulator).
          const call = (ctx.state.autoCalls ?? []).find((c) => c.callerid === live.callerid);
          ingroup = call && call.call_type !== 'IN' ? (ctx.state.campaigns.get(call.campaign_id)?.default_xfer_group ?? '') : '';
        }
        const ig = ctx.state.inGroups.get(ingroup);
        if (!ig || ig.active !== 'Y') return `ERROR: ingroup is not valid - ${ingroup}\n`;
        const ga = groupAliasCheck(ctx, agent, groupAlias);
        if (ga.error) return ga.error;
        const cc = cidCheck();
        if (cc) return cc;
        request = `${value}---${ingroup}---${phone}---${consultative}------${groupAlias}---${ga.cid}---${epoch}---${cidChoice}`;
      } else if (['BLIND_TRANSFER', 'LEAVE_VM', 'DIAL_WITH_CUSTOMER', 'PARK_CUSTOMER_DIAL'].includes(value)) {
        const ga = groupAliasCheck(ctx, agent, groupAlias);
        if (ga.error) return ga.error;
        const cc = cidCheck();
        if (cc) return cc;
        request = `${value}------${phone}---NO---${dialOverride}---${groupAlias}---${ga.cid}---${epoch}---${cidChoice}`;
      } else if (['HANGUP_XFER', 'HANGUP_BOTH', 'LEAVE_3WAY_CALL'].includes(value)) {
        request = `${value}---------NO------------${epoch}`;
      } else {
        return `ERROR: value is not valid - ${value}|${ctx.user.user}\n`;
      }
      // Multi-dial phones: keep 5-18 digit numbers not already contained in the kept list.
      let multi = '';
      const phones = p(ctx, 'multi_dial_phones', clean.multi_phones);
      if (phones.length > 4) {
        let kept = '';
        for (const n of phones.split(',')) {
          if (n.length >= 5 && n.length <= 18 && !kept.includes(n)) kept += kept ? `,${n}` : n;
        }
        if (kept) multi = `|Multi-phones: ${kept} ${phones} 1`;
      }
      live.external_transferconf = request;
      return `SUCCESS: transfer_conference function set - ${value}|${ingroup}|${phone}|${consultative}|${agent}|${live.callerid}${multi}|\n`;
    },
  );
};

const switch_lead: Handler = (ctx) => {
  const leadId = p(ctx, 'lead_id', clean.digits);
  const vlc = p(ctx, 'vendor_lead_code', clean.free);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = (!(Number(leadId) >= 1) && vlc.length < 1) || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: switch_lead not valid - ${leadId}|${vlc}|${agentUser}\n` : null, permFirst: leadId, agentUser, altUser },
    (live, agent) => {
      if (!(live.lead_id > 0) || live.callerid.length < 1) return `ERROR: agent_user does not have a live call - ${agent}\n`;
      if (!live.callerid.startsWith('Y')) return `ERROR: agent call is not inbound - ${agent}|${live.callerid}`;
      const camp = campaignOf(ctx, live);
      if (!camp) return `ERROR: campaign not found - ${agent}|${live.campaign_id}\n`;
      const search = camp.agent_lead_search ?? 'DISABLED';
      if (search !== 'LIVE_CALL_INBOUND' && search !== 'LIVE_CALL_INBOUND_AND_MANUAL') {
        return `ERROR: campaign does not allow inbound lead search - ${agent}|${live.campaign_id}\n`;
      }
      let lead: SimLead | undefined;
      if (vlc.length > 0) {
        lead = [...ctx.state.leads.values()].filter((l) => l.vendor_lead_code === vlc).sort((a, b) => b.lead_id - a.lead_id)[0];
      } else {
        lead = ctx.state.leads.get(Number(leadId));
      }
      if (!lead) return `ERROR: switch-to lead not found - ${agent}|${leadId}|${vlc}\n`;
      live.external_lead_id = String(lead.lead_id);
      return `SUCCESS: switch_lead function set - ${agent}|${lead.lead_id}|${lead.vendor_lead_code}|${live.campaign_id}|${live.lead_id}|\n`;
    },
  );
};

const vm_message: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const leadId = p(ctx, 'lead_id', clean.digits);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value.length < 1 || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: vm_message not valid - ${leadId}|${value}|${agentUser}\n` : null, permFirst: leadId, agentUser, altUser },
    (live, agent) => {
      if (!(live.lead_id > 0)) return `ERROR: agent_user does not have a live call - ${agent}\n`;
      if (leadId.length > 0 && Number(leadId) !== live.lead_id) return `ERROR: current call does not match lead_id submitted - ${agent}\n`;
      live.external_vm = value;
      return `SUCCESS: vm_message function set - ${agent}|${leadId}|${value}|\n`;
    },
  );
};

const pause_code: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value.length < 1 || value.length > 6 || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: pause_code not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      if (live.status !== 'PAUSED') return `ERROR: pause_code error - agent is not paused - ${agent}\n`;
      live.external_pause_code = value;
      // Applied at once, like external_pause (the screen would do it within a second).
      live.pause_code = value;
      return `SUCCESS: pause_code function sent - ${agent}\n`;
    },
  );
};

const calls_in_queue_count: Handler = (ctx) => {
  const value = p(ctx, 'value', clean.value);
  const agentUser = p(ctx, 'agent_user', clean.agent_user);
  const altUser = p(ctx, 'alt_user', clean.alt_user);
  const bad = value !== 'DISPLAY' || noAgent(agentUser, altUser);
  return agentFunction(
    ctx,
    { invalid: bad ? `ERROR: calls_in_queue_count not valid - ${value}|${agentUser}\n` : null, permFirst: value, agentUser, altUser },
    (live, agent) => {
      const groups = new Set([live.campaign_id, ...live.closer_campaigns]);
      const n = (ctx.state.autoCalls ?? []).filter(
        (c) => c.status === 'LIVE' && (groups.has(c.campaign_id) || (c.campaign_id === 'AGENTDIRECT' && c.agent_only === agent)),
      ).length;
      return `SUCCESS: calls_in_queue_count - ${n}`;
    },
  );
};

function fronterFunction(kind: 'leave' | 'audio'): Handler {
  return (ctx) => {
    const value = p(ctx, 'value', clean.value);
    const agentUser = p(ctx, 'agent_user', clean.agent_user);
    const altUser = p(ctx, 'alt_user', clean.alt_user);
    const stage = p(ctx, 'stage', clean.stage);
    if (!['LOCAL_ONLY', 'LOCAL_AND_CCC', 'CCC_REMOTE'].includes(value) || noAgent(agentUser, altUser)) {
      return `ERROR: ${ctx.fn} not valid - ${value}|${agentUser}\n`;
    }
    const perm = permissionLine(ctx, value);
    if (perm) return perm;
    const alt = resolveAlt(ctx, agentUser, altUser);
    const agent = alt.agent;
    const live = ctx.state.agents.get(agent);
    if (!live && value !== 'CCC_REMOTE') return alt.out + notLoggedIn(agent);
    const leadId = live?.lead_id ?? Number(p(ctx, 'lead_id', clean.digits));
    if (!(leadId > 0)) return `${alt.out}ERROR: agent_user is not on a phone call - ${agent}\n`;
    const fronter = [...ctx.state.agents.values()].find((a) => a.user !== agent && a.lead_id === leadId);
    if (!fronter) return `${alt.out}ERROR: no fronter found - ${agent}\n`;
    if (kind === 'leave') {
      fronter.external_transferconf = `LEAVE_3WAY_CALL---------NO------------${epochOf(ctx)}`;
      return `${alt.out}SUCCESS: force_fronter_leave_3way SENT - ${fronter.user}`;
    }
    if (!(fronter.external_audio ?? '')) {
      return `${alt.out}ERROR: force_fronter_audio_stop error - no audio playing in other agent session - ${fronter.conf_exten}|${fronter.server_ip}|${stage}|${agent}|${fronter.user}\n`;
    }
    fronter.external_audio = '';
    return `${alt.out}SUCCESS: force_fronter_audio_stop function sent - ${value}|${stage}|${agent}|${fronter.user}\n`;
  };
}

const send_notification: Handler = (ctx) => {
  const setting = ctx.state.agentNotifications ?? 1;
  if (setting < 1) return `ERROR: Agent API Notifications are disabled on this system - ${setting}\n`;
  const value = p(ctx, 'value', clean.value);
  const perm = permissionLine(ctx, value);
  if (perm) return perm;
  const recipient = p(ctx, 'recipient');
  let type = p(ctx, 'recipient_type', clean.recipient_type);
  const exists = (t: string, r: string): boolean =>
    t === 'USER' ? ctx.state.users.has(r) : t === 'USER_GROUP' ? ctx.state.userGroups.has(r) : t === 'CAMPAIGN' ? ctx.state.campaigns.has(r) : false;
  let out = '';
  if (recipient.length > 0 && !['USER', 'USER_GROUP', 'CAMPAIGN'].includes(type)) {
    out += `Invalid recipient_type (${type}), `;
    const guess = ['USER', 'USER_GROUP', 'CAMPAIGN'].find((t) => exists(t, recipient));
    if (!guess) return `${out}ERROR: no matching recipient found in users, user_groups, or campaigns - ${recipient}\n`;
    out += `NOTICE: found ${recipient} as ${guess}<BR>\n`;
    type = guess;
  }
  if (recipient.length < 1 || type.length < 1) return `${out}ERROR: Missing recipient or recipient_type - ${recipient}|${type}\n`;
  if (!exists(type, recipient)) {
    const table = type === 'USER' ? 'vicidial_users' : type === 'USER_GROUP' ? 'vicidial_user_groups' : 'vicidial_campaigns';
    return `${out}ERROR: ${recipient} DOES NOT EXIST in ${table} - ${value}|${recipient}\n`;
  }
  if (type !== 'USER') {
    const group = ctx.user.user_group;
    if (!ctx.state.userGroups.has(group)) return `${out}ERROR: user_group DOES NOT EXIST - ${value}|${group}\n`;
    const gs = ctx.state.userGroupSettings?.get(group);
    if (type === 'CAMPAIGN') {
      const allowed = gs?.allowed_campaigns ?? ' -ALL-CAMPAIGNS- -';
      if (!allowed.includes('-ALL') && !allowed.includes(` ${recipient} `)) {
        return `${out}ERROR: ACCESS TO CAMPAIGN ${recipient} NOT ALLOWED FOR USER ${ctx.user.user} (${allowed}) - ${value}|${recipient}\n`;
      }
    } else {
      const viewable = gs?.admin_viewable_groups ?? ' ---ALL--- ';
      if (!viewable.includes('---ALL---') && !viewable.includes(` ${recipient} `)) {
        return `${out}ERROR: ACCESS TO USER GROUP ${recipient} NOT ALLOWED FOR USER ${ctx.user.user} - ${value}|${recipient}\n`;
      }
    }
  }
  let date = p(ctx, 'notification_date', clean.notification_date);
  if (date.length < 1) date = sqlDateTime(ctx.now);
  else if (!/^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?$/.test(date)) {
    out += `NOTICE: Invalid notification date ${date}, changing to now`;
    date = sqlDateTime(ctx.now);
  }
  const text = p(ctx, 'notification_text', clean.free);
  const confetti = p(ctx, 'show_confetti', clean.yn);
  if (text.length < 1 && confetti !== 'Y') return `${out}ERROR: invalid request - ${recipient}|${type}\n`;
  let color = p(ctx, 'text_color', clean.alnum) || 'black';
  if (/^([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(color)) color = `#${color}`;
  const queue = (ctx.state.agentNotificationsQueue ??= []);
  const id = String(queue.length + 1);
  queue.push({
    notification_id: id,
    entry_date: sqlDateTime(ctx.now),
    recipient,
    recipient_type: type,
    notification_date: date,
    notification_retry: /y/i.test(p(ctx, 'notification_retry', clean.yn)) ? 'Y' : 'N',
    notification_text: text,
    text_size: p(ctx, 'text_size', clean.digits) || '12',
    text_font: p(ctx, 'text_font', clean.text_font) || 'Arial',
    text_weight: p(ctx, 'text_weight', clean.text_weight) || 'bold',
    text_color: color,
    show_confetti: confetti === 'Y' ? 'Y' : 'N',
    confetti_options: `${p(ctx, 'duration', clean.digits) || '2'}|${p(ctx, 'maxParticleCount', clean.digits) || '2350'}|${p(ctx, 'particleSpeed', clean.digits) || '2'}`,
  });
  return `${out}SUCCESS: notification queued - ${recipient}|${type}|${id}\n`;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  webserver,
  external_hangup,
  external_status,
  external_pause,
  logout,
  recording,
  webphone_url,
  call_agent,
  audio_playback,
  external_dial,
  preview_dial_action,
  external_add_lead,
  change_ingroups,
  update_fields,
  refresh_panel,
  set_timer_action,
  st_login_log,
  st_get_agent_active_lead,
  ra_call_control,
  send_dtmf,
  park_call,
  transfer_conference,
  switch_lead,
  vm_message,
  pause_code,
  calls_in_queue_count,
  force_fronter_leave_3way: fronterFunction('leave'),
  force_fronter_audio_stop: fronterFunction('audio'),
  send_notification,
};
