/**
 * Non-Agent API administration functions (notes: non-agent-1.md): DNC and filter
 * phone group numbers, campaign / hopper / agent look-ups, in-group chooser,
 * group aliases and server refresh. Each answers with the lines, framing and
 * check order of non_agent_api.php.
 */
import {
  byId,
  chooserHead,
  chooserRowColor,
  commentsParam,
  groupSettings,
  hasFlag,
  invalidSource,
  notAllowedFunction,
  param,
  phoneParam,
  serverRows,
  storedListIds,
  viewableGroup,
  type GroupSettings,
  type Handler,
  type SimContext,
} from '../context';
import type { SimAgent, SimCampaign, SimState } from '../state';

// ---------------------------------------------------------------------------
// Shared helpers

/** The server's character whitelist for a parameter: everything else is silently dropped. */
function filtered(ctx: SimContext, name: string, keep: RegExp): string {
  return param(ctx, name).replace(keep, '');
}

const ID = /[^-_0-9a-zA-Z]/g;

/** source check, then api_allowed_functions: the common start of every function after agent_ingroup_info. */
function preamble(ctx: SimContext): string {
  return invalidSource(ctx) || notAllowedFunction(ctx);
}

function delimiter(stage: string): string {
  if (stage === 'csv') return ',';
  if (stage === 'tab') return '\t';
  return '|';
}

/** Campaign ids allowed by allowed_campaigns, or undefined for all (-ALL anywhere in the text). */
function allowedCampaigns(settings: GroupSettings): Set<string> | undefined {
  if (/-ALL/i.test(settings.allowed_campaigns)) return undefined;
  return storedListIds(settings.allowed_campaigns);
}

/** Campaign columns the state may leave out, with the simulator's defaults (a blended RATIO campaign). */
function campaignColumn(state: SimState, c: SimCampaign): Required<Pick<SimCampaign,
  'user_group' | 'dial_method' | 'auto_dial_level' | 'lead_order' | 'dial_statuses' | 'dial_timeout' | 'dial_prefix' |
  'manual_dial_prefix' | 'three_way_dial_prefix' | 'campaign_allow_inbound' | 'closer_campaigns'>> {
  const allInGroups = byId(state.inGroups.keys(), (g) => g);
  return {
    user_group: c.user_group ?? '---ALL---',
    dial_method: c.dial_method ?? 'RATIO',
    auto_dial_level: c.auto_dial_level ?? '1.0',
    lead_order: c.lead_order ?? 'DOWN',
    dial_statuses: c.dial_statuses ?? ' NEW NA -',
    dial_timeout: c.dial_timeout ?? '60',
    dial_prefix: c.dial_prefix ?? '9',
    manual_dial_prefix: c.manual_dial_prefix ?? '',
    three_way_dial_prefix: c.three_way_dial_prefix ?? '',
    campaign_allow_inbound: c.campaign_allow_inbound ?? 'Y',
    closer_campaigns: c.closer_campaigns ?? (allInGroups.length ? ` ${allInGroups.join(' ')} -` : ''),
  };
}

/** vicidial_live_agents.closer_campaigns as stored: ' A B -'. */
function storedCloser(agent: SimAgent): string {
  return agent.closer_campaigns.length ? ` ${agent.closer_campaigns.join(' ')} -` : '';
}

/** MySQL UNIX_TIMESTAMP() of a DATETIME text in the server's zone; 0 for zero/invalid/NULL dates. */
function unixTimestamp(text: string | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?/.exec(text ?? '');
  if (!m || m[1] === '0000') return 0;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const t = Math.floor(d.getTime() / 1000);
  return Number.isFinite(t) && t > 0 ? t : 0;
}

// ---------------------------------------------------------------------------
// ingroup_list (HTML chooser)

const ingroupList: Handler = (ctx) => {
  const u = ctx.user.user;
  const allowed = ctx.user.user_level > 6 && ctx.user.active === 'Y' ? 1 : 0;
  if (!allowed) return `ERROR: ingroup_list USER DOES NOT HAVE PERMISSION TO VIEW INBOUND GROUPS LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const comments = commentsParam(ctx);
  let out = chooserHead();
  out += '<td width=30>#</td>\n';
  out += '<td colspan=2>Inbound Groups</td>\n';
  out += '<td>Name</td>\n';
  out += '<td>Color</td>\n';
  out += '</tr>\n';
  const groups = byId(
    [...ctx.state.inGroups.values()].filter((g) => g.active === 'Y' && viewableGroup(settings, g.user_group ?? '---ALL---')),
    (g) => g.group_id,
  );
  let sf = 0;
  for (const g of groups) {
    sf++;
    const bg = chooserRowColor(sf);
    out += `<tr ${bg}><td width=30><font size=1 face="Arial,Helvetica">${sf}</td>\n`;
    out += `<td colspan=2><a href="javascript:choose_file('${g.group_id}','${comments}');"><font size=2 face="Arial,Helvetica">${g.group_id}</a></td>\n`;
    out += `<td><font size=2 face="Arial,Helvetica">${g.group_name}</td>\n`;
    out += `<td bgcolor="${g.group_color ?? 'white'}"><font size=2 face="Arial,Helvetica"> &nbsp; &nbsp; &nbsp; &nbsp; </td></tr>\n`;
  }
  out += '</table></div></body></HTML>\n';
  return out;
};

// ---------------------------------------------------------------------------
// agent_ingroup_info

const agentIngroupInfo: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const source = param(ctx, 'source').replace(/[^0-9a-zA-Z]/g, '');
  const allowed = hasFlag(ctx.user, 'vdc_agent_api_access') && ctx.user.user_level > 6 && ctx.user.active === 'Y';
  if (!allowed && source !== 'queuemetrics') {
    return `ERROR: agent_ingroup_info USER DOES NOT HAVE PERMISSION TO GET AGENT INFO: |${u}|0|\n`;
  }
  const agentUser = filtered(ctx, 'agent_user', ID);
  const stage = filtered(ctx, 'stage', ID);
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const target = ctx.state.users.get(agentUser);
  const invalid = `ERROR: agent_ingroup_info INVALID USER ID - ${agentUser}|${u}\n`;
  if (!target || !viewableGroup(settings, target.user_group)) return invalid;
  const agent = ctx.state.agents.get(agentUser);
  if (!agent) return invalid;

  const closerCampaigns = storedCloser(agent);
  let blended: string = agent.outbound_autodial ?? 'N';
  const managerSet = agent.manager_ingroup_set ?? 'N';
  const managerUser = agent.external_igb_set_user ?? '';
  if (stage === 'text') {
    return (
      `SUCCESS:  - ${agentUser}|${stage}\n` +
      `SELECTED INGROUPS: ${closerCampaigns}\n` +
      `OUTBOUND AUTODIAL: ${blended}\n` +
      `MANAGER OVERRIDE: ${managerSet}\n` +
      `MANAGER: ${managerUser}\n\n`
    );
  }

  // HTML fragment for the agent screen / admin pages.
  const campaign = ctx.state.campaigns.get(agent.campaign_id);
  const cols = campaign ? campaignColumn(ctx.state, campaign) : undefined;
  const inboundAllowed = cols !== undefined && cols.campaign_allow_inbound === 'Y' && cols.dial_method !== 'MANUAL';
  const autodialAllowed = cols !== undefined && cols.dial_method !== 'MANUAL' && cols.dial_method !== 'INBOUND_MAN';
  const canChange = hasFlag(ctx.user, 'change_agent_campaign');
  const canModifyUser = hasFlag(ctx.user, 'modify_users');
  const closerGroups = (inboundAllowed ? cols.closer_campaigns : '').replace(/-$/, '').split(' ');
  const inGroups = closerCampaigns.replace(/-$/, '').split(' ');
  const selected = closerGroups.map((g, k) => (k >= 1 && g.length > 1 && inGroups.some((i) => i.length > 1 && i === g) ? 1 : 0));
  const groupName = (id: string): string => ctx.state.inGroups.get(id)?.group_name ?? '';

  let out = '';
  out += '<TABLE WIDTH=680 CELLPADDING=0 CELLSPACING=5 BGCOLOR="#D9E6FE"><TR><TD ALIGN=LEFT>\n';
  out += `Agent: ${agentUser} - ${target.full_name} </TD><TD>\n`;
  out += ` &nbsp; Campaign: ${agent.campaign_id}</TD><TD>\n`;
  out += '<a href="#" onclick="hide_ingroup_info();">Close</a></TD></TR><TR><TD COLSPAN=3 BGCOLOR="#CCCCFF">\n';
  if (canChange && stage === 'change') {
    out += '<TABLE CELLPADDING=0 CELLSPACING=3 BORDER=0>\n';
    if (agent.on_hook_agent === 'Y') {
      out += `<TR><TD ALIGN=CENTER VALIGN=TOP COLSPAN=2><B>This is a Phone On-Hook Agent</B> &nbsp; Maximum Ring Time:  ${agent.on_hook_ring_time ?? '15'}</TD></TR>\n`;
    }
    out += '<TR><TD ALIGN=RIGHT VALIGN=TOP>Selected In-Groups: </TD><TD ALIGN=LEFT>\n';
    out += `<INPUT TYPE=HIDDEN NAME=agent_user ID=agent_user value="${agentUser}">\n`;
    out += '<SELECT SIZE=10 NAME=ingroup_new_selections ID=ingroup_new_selections multiple>\n';
    let printed = 0;
    closerGroups.forEach((g, m) => {
      if (g.length <= 1) return;
      out += `<option value="${g}"${selected[m] ? ' SELECTED' : ''}>${g} - ${groupName(g)}</option>\n`;
      printed++;
    });
    if (printed < 1) out += '<option value="">No In-Groups Allowed</option>\n';
    out += '</SELECT><BR></TD></TR>\n';
    out += '<TR><TD ALIGN=RIGHT>Change, Add, Remove:\n';
    out += '</TD><TD ALIGN=LEFT>\n';
    out += '<SELECT SIZE=1 NAME=ingroup_add_remove_change ID=ingroup_add_remove_change>\n';
    out += '<option value="CHANGE">CHANGE - Set in-groups to those selected above</option>\n';
    out += '<option value="ADD">ADD - Add in-groups selected above to agent selected</option>\n';
    out += '<option value="REMOVE">REMOVE - Remove in-groups selected above from agent selected</option>\n';
    out += '</SELECT>\n';
    out += '</TD></TR>\n';
    out += '<TR><TD ALIGN=RIGHT>Blended Outbound Autodial:\n';
    out += '</TD><TD ALIGN=LEFT>\n';
    out += '<SELECT SIZE=1 NAME=blended ID=blended';
    if (!autodialAllowed) {
      out += ' DISABLED';
      blended = 'N';
    }
    out += '>\n';
    out += `<option value="YES"${blended === 'Y' ? ' SELECTED' : ''}>Yes</option>\n`;
    out += `<option value="NO"${blended === 'N' ? ' SELECTED' : ''}>No</option>\n`;
    out += '</SELECT>\n';
    out += '</TD></TR>\n';
    out += '<TR><TD ALIGN=RIGHT>Set As User Default:\n';
    out += '</TD><TD ALIGN=LEFT>\n';
    out += `<SELECT SIZE=1 NAME=set_as_default ID=set_as_default${canModifyUser ? '' : ' DISABLED'}>\n`;
    out += '<option value="YES">Yes</option>\n';
    out += '<option value="NO" SELECTED>No</option>\n';
    out += '</SELECT>\n';
    out += '</TD></TR>\n';
    if (managerSet === 'SET' || managerSet === 'Y') {
      const managerName = ctx.state.users.get(managerUser)?.full_name ?? '';
      out += '<TR><TD ALIGN=RIGHT>Manager In-Group Override:\n';
      out += '</TD><TD ALIGN=LEFT>\n';
      out += `${managerSet} - ${managerUser} - ${managerName}\n`;
      out += '</TD></TR>\n';
    }
    out += '<TR><TD ALIGN=CENTER COLSPAN=2>\n';
    out += `<INPUT TYPE=BUTTON NAME=SUBMIT ID=SUBMIT VALUE="Submit Changes" onclick="submit_ingroup_changes('${agentUser}')">\n`;
    out += '</TD></TR>\n';
    out += '</TABLE>\n';
    out += '</TD></TR></TABLE>\n';
  } else {
    out += '<TABLE CELLPADDING=0 CELLSPACING=3 BORDER=0>\n';
    let printed = 0;
    closerGroups.forEach((g, m) => {
      if (g.length <= 1) return;
      out += `<TR><TD>${g}${selected[m] ? ' *' : ''}</TD><TD>${groupName(g)}</TD></TR>\n`;
      printed++;
    });
    if (printed < 1) out += '<TR><TD>No In-Groups Allowed</TD></TR>\n';
    out += '</TABLE><BR>\n';
    out += `SELECTED INGROUPS: ${closerCampaigns}<BR>\n`;
    out += `OUTBOUND AUTODIAL: ${blended}<BR>\n`;
    out += `MANAGER OVERRIDE: ${managerSet}<BR>\n`;
    out += `MANAGER: ${managerUser}<BR>\n`;
    out += '\n';
    out += '</TD></TR></TABLE>\n';
  }
  return out;
};

// ---------------------------------------------------------------------------
// agent_campaigns

const agentCampaigns: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const allowed =
    hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'view_reports') && hasFlag(ctx.user, 'modify_users') && ctx.user.user_level > 7;
  if (!allowed) return `ERROR: agent_campaigns USER DOES NOT HAVE PERMISSION TO GET AGENT INFO: |${u}|0|\n`;
  const agentUser = filtered(ctx, 'agent_user', ID);
  const campaignId = filtered(ctx, 'campaign_id', ID);
  const stage = filtered(ctx, 'stage', ID);
  const header = filtered(ctx, 'header', /[^0-9a-zA-Z]/g);
  const ignoreAgentDirect = filtered(ctx, 'ignore_agentdirect', /[^A-Z]/g);
  const target = ctx.state.users.get(agentUser);
  if (!target || !viewableGroup(groupSettings(ctx.state, ctx.user.user_group), target.user_group)) {
    return `ERROR: agent_campaigns AGENT USER DOES NOT EXIST: |${u}|${agentUser}\n`;
  }
  const allowedIds = allowedCampaigns(groupSettings(ctx.state, target.user_group));
  const campaigns = byId(
    [...ctx.state.campaigns.values()].filter(
      (c) => c.active === 'Y' && (!allowedIds || allowedIds.has(c.campaign_id)) && (campaignId === '' || c.campaign_id === campaignId),
    ),
    (c) => c.campaign_id,
  );
  if (campaigns.length === 0) return `ERROR: agent_campaigns THIS AGENT USER HAS NO AVAILABLE CAMPAIGNS: ${agentUser}|${u}|\n`;
  const closerIds = new Set<string>();
  for (const c of campaigns) {
    for (const id of campaignColumn(ctx.state, c).closer_campaigns.replace(/-$/, '').split(' ')) if (id !== '') closerIds.add(id);
  }
  const inGroups = byId(
    [...ctx.state.inGroups.values()].filter(
      (g) => g.active === 'Y' && closerIds.has(g.group_id) && !(ignoreAgentDirect === 'Y' && g.group_id.toUpperCase().startsWith('AGENTDIRECT')),
    ),
    (g) => g.group_id,
  );
  const dl = delimiter(stage);
  let out = '';
  if (header === 'YES') out += `user${dl}allowed_campaigns_list${dl}allowed_ingroups_list\n`;
  out += `${agentUser}${dl}${campaigns.map((c) => c.campaign_id).join('-')}${dl}${inGroups.map((g) => g.group_id).join('-')}\n`;
  return out;
};

// ---------------------------------------------------------------------------
// campaigns_list / hopper_list

function campaignInfoAllowed(ctx: SimContext): boolean {
  return hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'view_reports') && ctx.user.user_level > 7 && ctx.user.active === 'Y';
}

const campaignsList: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!campaignInfoAllowed(ctx)) return `ERROR: campaigns_list USER DOES NOT HAVE PERMISSION TO GET CAMPAIGN INFO: |${u}|0|\n`;
  const campaignId = filtered(ctx, 'campaign_id', ID);
  const dl = delimiter(filtered(ctx, 'stage', ID));
  const header = filtered(ctx, 'header', /[^0-9a-zA-Z]/g);
  const allowedIds = allowedCampaigns(groupSettings(ctx.state, ctx.user.user_group));
  const campaigns = byId(
    [...ctx.state.campaigns.values()].filter((c) => (!allowedIds || allowedIds.has(c.campaign_id)) && (campaignId === '' || c.campaign_id === campaignId)),
    (c) => c.campaign_id,
  );
  if (campaigns.length === 0) return `ERROR: campaigns_list THIS USER HAS NO VIEWABLE CAMPAIGNS: ${u}|\n`;
  let out = '';
  if (header === 'YES') {
    out += ['campaign_id', 'campaign_name', 'active', 'user_group', 'dial_method', 'dial_level', 'lead_order', 'dial_statuses', 'dial_timeout', 'dial_prefix', 'manual_dial_prefix', 'three_way_dial_prefix'].join(dl) + '\n';
  }
  for (const c of campaigns) {
    const x = campaignColumn(ctx.state, c);
    const statuses = x.dial_statuses.replace(/^ | -$/g, '');
    out += [c.campaign_id, c.campaign_name, c.active, x.user_group, x.dial_method, x.auto_dial_level, x.lead_order, statuses, x.dial_timeout, x.dial_prefix, x.manual_dial_prefix, x.three_way_dial_prefix].join(dl) + '\n';
  }
  return out;
};

/** Age of the last call as hopper_list prints it: the unit word is padded to 6 (NEVER to 9) characters. */
function lastCallAge(hours: number): string {
  if (hours < 24) return `${hours} HOURS `;
  const days = Math.trunc(hours / 24);
  if (days < 365) return `${days} DAYS  `;
  const years = Math.trunc(days / 365);
  if (years < 30) return `${years} YEARS `;
  return 'NEVER    ';
}

const hopperList: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!campaignInfoAllowed(ctx)) return `ERROR: hopper_list USER DOES NOT HAVE PERMISSION TO GET CAMPAIGN INFO: |${u}|0|\n`;
  const campaignId = filtered(ctx, 'campaign_id', ID);
  const dl = delimiter(filtered(ctx, 'stage', ID));
  const header = filtered(ctx, 'header', /[^0-9a-zA-Z]/g);
  const allowedIds = allowedCampaigns(groupSettings(ctx.state, ctx.user.user_group));
  if (!ctx.state.campaigns.has(campaignId) || (allowedIds && !allowedIds.has(campaignId))) {
    return `ERROR: hopper_list THIS CAMPAIGN DOES NOT EXIST: |${u}|${campaignId}\n`;
  }
  const entries = ctx.state.hopper
    .map((h, i) => ({ h, id: h.hopper_id ?? i + 1 }))
    .filter(({ h }) => h.status === 'READY' && h.campaign_id === campaignId)
    .sort((a, b) => b.h.priority - a.h.priority || a.id - b.id)
    .slice(0, 10000);
  if (entries.length === 0) return `ERROR: hopper_list THERE ARE NO LEADS IN THE HOPPER FOR THIS CAMPAIGN: ${u}|${campaignId}\n`;
  let out = '';
  if (header === 'YES') {
    out += ['hopper_order', 'priority', 'lead_id', 'list_id', 'phone_number', 'phone_code', 'state', 'status', 'count', 'gmt_offset', 'rank', 'alt', 'hopper_source', 'vendor_lead_code', 'source_id', 'age_days', 'last_call_time'].join(dl) + '\n';
  }
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  const serverGmt = ctx.state.serverGmt;
  entries.forEach(({ h }, i) => {
    const lead = ctx.state.leads.get(h.lead_id);
    const gmt = h.gmt_offset_now ?? lead?.gmt_offset_now ?? '';
    const entryEpoch = lead ? unixTimestamp(lead.entry_date) : 0;
    const age = Math.trunc((nowSec - entryEpoch) / 86400);
    const offset = ((Number(gmt) || 0) - serverGmt) * 3600;
    const lastCall = (lead ? unixTimestamp(lead.last_local_call_time) : 0) + offset;
    const hours = Math.trunc((nowSec - lastCall) / 3600);
    out +=
      [
        i,
        h.priority,
        h.lead_id,
        h.list_id,
        lead?.phone_number ?? '',
        lead?.phone_code ?? '',
        h.state ?? lead?.state ?? '',
        lead?.status ?? '',
        lead?.called_count ?? '',
        gmt,
        lead?.rank ?? '',
        h.alt_dial ?? 'NONE',
        h.source ?? 'S',
        h.vendor_lead_code ?? lead?.vendor_lead_code ?? '',
        lead?.source_id ?? '',
        age,
        lastCallAge(hours),
      ].join(dl) + '\n';
  });
  return out;
};

// ---------------------------------------------------------------------------
// add_group_alias

const addGroupAlias: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const allowed = hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'ast_admin_access') && ctx.user.user_level >= 8;
  if (!allowed) return `ERROR: add_group_alias USER DOES NOT HAVE PERMISSION TO ADD GROUP ALIASES: |${u}|0\n`;
  const number = filtered(ctx, 'caller_id_number', /[^0-9]/g);
  let id = filtered(ctx, 'group_alias_id', /[^_0-9a-zA-Z]/g);
  let name = filtered(ctx, 'group_alias_name', /[^- +_0-9a-zA-Z]/g);
  if (number.length < 6) return `ERROR: add_group_alias YOU MUST USE ALL REQUIRED FIELDS: |${u}|${id}|${name}|${number}\n`;
  if (id.length < 2) id = number;
  if (name.length < 2) name = number;
  const active = filtered(ctx, 'active', /[^A-Z]/g) || 'Y';
  const group = filtered(ctx, 'admin_user_group', ID) || '---ALL---';
  name = name.replace(/\+/g, ' ');
  const callerName = filtered(ctx, 'caller_id_name', /[^- +_0-9a-zA-Z]/g).replace(/\+/g, ' ');
  const aliases = (ctx.state.groupAliases ??= new Map());
  if (aliases.has(id)) return `ERROR: add_group_alias GROUP ALIAS ALREADY EXISTS: |${u}|${id}|${number}\n`;
  aliases.set(id, { group_alias_id: id, group_alias_name: name, caller_id_number: number, caller_id_name: callerName, active, user_group: group });
  return `SUCCESS: add_group_alias GROUP ALIAS HAS BEEN ADDED - ${u}|${id}|${name}|${number}\n`;
};

// ---------------------------------------------------------------------------
// DNC and filter phone group numbers

const addDncPhone: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!(hasFlag(ctx.user, 'modify_lists') && ctx.user.user_level >= 8)) return `ERROR: add_dnc_phone USER DOES NOT HAVE PERMISSION TO ADD DNC NUMBERS: |${u}|0\n`;
  const phone = phoneParam(ctx);
  const campaignId = filtered(ctx, 'campaign_id', ID);
  if (phone.length < 6 || campaignId.length < 1) return `ERROR: add_dnc_phone YOU MUST USE ALL REQUIRED FIELDS: |${u}|${phone}|${campaignId}\n`;
  if (campaignId === 'SYSTEM_INTERNAL') {
    if (ctx.state.dnc.has(phone)) return `ERROR: add_dnc_phone DNC NUMBER ALREADY EXISTS: |${u}|${phone}|${campaignId}\n`;
    ctx.state.dnc.add(phone);
  } else {
    let list = ctx.state.campaignDnc.get(campaignId);
    if (list?.has(phone)) return `ERROR: add_dnc_phone DNC NUMBER ALREADY EXISTS: |${u}|${phone}|${campaignId}\n`;
    if (!list) ctx.state.campaignDnc.set(campaignId, (list = new Set()));
    list.add(phone);
  }
  return `SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - ${u}|${phone}|${campaignId}\n`;
};

const deleteDncPhone: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!(hasFlag(ctx.user, 'modify_lists') && hasFlag(ctx.user, 'delete_from_dnc') && ctx.user.user_level >= 8)) {
    return `ERROR: delete_dnc_phone USER DOES NOT HAVE PERMISSION TO DELETE DNC NUMBERS: |${u}|0\n`;
  }
  const phone = phoneParam(ctx);
  const campaignId = filtered(ctx, 'campaign_id', ID);
  if (phone.length < 6 || campaignId.length < 1) return `ERROR: delete_dnc_phone YOU MUST USE ALL REQUIRED FIELDS: |${u}|${phone}|${campaignId}\n`;
  const list = campaignId === 'SYSTEM_INTERNAL' ? ctx.state.dnc : ctx.state.campaignDnc.get(campaignId);
  if (!list?.has(phone)) return `ERROR: delete_dnc_phone DNC NUMBER DOES NOT EXIST: |${u}|${phone}|${campaignId}\n`;
  list.delete(phone);
  return `SUCCESS: delete_dnc_phone DNC NUMBER HAS BEEN DELETED - ${u}|${phone}|${campaignId}\n`;
};

function fpgHandler(fn: 'add_fpg_phone' | 'delete_fpg_phone'): Handler {
  const adding = fn === 'add_fpg_phone';
  return (ctx) => {
    const early = preamble(ctx);
    if (early) return early;
    const u = ctx.user.user;
    if (!(hasFlag(ctx.user, 'modify_lists') && ctx.user.user_level >= 8)) {
      return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO ${adding ? 'ADD' : 'DELETE'} FILTER PHONE GROUP NUMBERS: |${u}|0\n`;
    }
    const phone = phoneParam(ctx);
    const group = filtered(ctx, 'group', /[^-|_0-9a-zA-Z]/g);
    if (phone.length < 6 || group.length < 1) return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${phone}|${group}\n`;
    const numbers = ctx.state.filterPhoneGroups.get(group);
    if (!numbers) return `ERROR: ${fn} FILTER PHONE GROUP DOES NOT EXIST: |${u}|${group}\n`;
    if (adding) {
      if (numbers.has(phone)) return `ERROR: ${fn} FILTER PHONE GROUP NUMBER ALREADY EXISTS: |${u}|${phone}|${group}\n`;
      numbers.add(phone);
      return `SUCCESS: ${fn} FILTER PHONE GROUP NUMBER HAS BEEN ADDED - ${u}|${phone}|${group}\n`;
    }
    if (!numbers.has(phone)) return `ERROR: ${fn} FILTER PHONE GROUP NUMBER DOES NOT EXIST: |${u}|${phone}|${group}\n`;
    numbers.delete(phone);
    return `SUCCESS: ${fn} FILTER PHONE GROUP NUMBER HAS BEEN DELETED - ${u}|${phone}|${group}\n`;
  };
}

// ---------------------------------------------------------------------------
// server_refresh

const serverRefresh: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const allowed = hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'ast_admin_access') && ctx.user.user_level >= 8;
  if (!allowed) return `ERROR: server_refresh USER DOES NOT HAVE PERMISSION TO REFRESH SERVERS: |${u}|0\n`;
  if (!filtered(ctx, 'stage', ID).includes('REFRESH')) {
    // The server prints three variables of another function here (normally empty).
    const aliasId = filtered(ctx, 'alias_id', ID);
    const aliasName = filtered(ctx, 'alias_name', /[^- +.:/@_0-9a-zA-Z]/g);
    const logins = filtered(ctx, 'phone_logins', /[^-,_0-9a-zA-Z]/g);
    return `ERROR: server_refresh YOU MUST USE ALL REQUIRED FIELDS: |${u}|${aliasId}|${aliasName}|${logins}\n`;
  }
  const servers = serverRows(ctx.state);
  let changed = 0;
  for (const s of servers) {
    if (s.rebuild_conf_files !== 'Y') {
      s.rebuild_conf_files = 'Y';
      changed++;
    }
  }
  return `SUCCESS: server_refresh SERVER REFRESH HAS BEEN TRIGGERED - ${u}|${changed}\n`;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  ingroup_list: ingroupList,
  agent_ingroup_info: agentIngroupInfo,
  agent_campaigns: agentCampaigns,
  campaigns_list: campaignsList,
  hopper_list: hopperList,
  add_group_alias: addGroupAlias,
  add_dnc_phone: addDncPhone,
  delete_dnc_phone: deleteDncPhone,
  add_fpg_phone: fpgHandler('add_fpg_phone'),
  delete_fpg_phone: fpgHandler('delete_fpg_phone'),
  server_refresh: serverRefresh,
};
