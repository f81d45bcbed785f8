/**
 * Non-Agent API user, remote agent, phone and phone alias administration
 * (notes: non-agent-1.md): add_user, copy_user, update_user, update_remote_agent,
 * add_phone, update_phone, add_phone_alias and update_phone_alias, with the lines,
 * check order and quirks of non_agent_api.php (passwords echoed in clear, the
 * server_ip printed by "DOES NOT EXIST", the extra empty line after "UPDATE THIS
 * USER", NOTICE lines written before a final ERROR, NOTICE-only delete denials).
 *
 * Simulator-only modelling: passwords are stored in clear (system_settings
 * pass_hash_enabled is off); reset_password "mails" the new password into
 * state.sentMail (state.mailError makes mail() fail); vicidial_live_inbound_agents
 * is not modelled; a user without a modify_same_user_level flag has the schema
 * default '1'.
 */
import {
  allowedCampaignIds,
  byId,
  groupSettings,
  hasFlag,
  invalidSource,
  notAllowedFunction,
  param,
  serverRows,
  viewableGroup,
  type Handler,
  type SimContext,
} from '../context';
import type { SimPhone, SimState, SimUser } from '../state';

// ---------------------------------------------------------------------------
// Input cleaning: the server's character whitelists (ASCII set), applied to every request variable.

const DIGITS = /[^0-9]/g;
const IDENT = /[^-_0-9a-zA-Z]/g;
const NAME = /[^- +.:/@_0-9a-zA-Z]/g;

const FILTERS: Readonly<Record<string, RegExp>> = {
  agent_user: IDENT,
  agent_pass: IDENT,
  agent_user_level: DIGITS,
  agent_full_name: NAME,
  agent_user_group: IDENT,
  source_user: IDENT,
  phone_login: IDENT,
  phone_pass: IDENT,
  hotkeys_active: DIGITS,
  voicemail_id: /[^0-9a-zA-Z]/g,
  custom_one: NAME,
  custom_two: NAME,
  custom_three: NAME,
  custom_four: NAME,
  custom_five: NAME,
  wrapup_seconds_override: /[^-0-9]/g,
  agent_choose_ingroups: DIGITS,
  agent_choose_blended: DIGITS,
  closer_default_blended: DIGITS,
  in_groups: /[^-|,_0-9a-zA-Z]/g,
  active: /[^A-Z]/g,
  delete_user: /[^A-Z]/g,
  campaign_rank: /[^-_0-9]/g,
  campaign_grade: DIGITS,
  camp_rg_only: DIGITS,
  campaign_id: IDENT,
  ingroup_rank: /[^-_0-9]/g,
  ingroup_grade: DIGITS,
  ingrp_rg_only: DIGITS,
  group_id: /[^_0-9a-zA-Z]/g,
  reset_password: DIGITS,
  number_of_lines: DIGITS,
  status: IDENT,
  server_ip: /[^-.:_0-9a-zA-Z]/g,
  extension: IDENT,
  dialplan_number: /[^*#0-9a-zA-Z]/g,
  protocol: /[^0-9a-zA-Z]/g,
  registration_password: IDENT,
  phone_full_name: /[^- +._0-9a-zA-Z]/g,
  local_gmt: /[^-.0-9]/g,
  phone_context: IDENT,
  admin_user_group: IDENT,
  is_webphone: IDENT,
  webphone_auto_answer: IDENT,
  use_external_server_ip: IDENT,
  template_id: IDENT,
  on_hook_agent: IDENT,
  delete_phone: /[^A-Z]/g,
  outbound_alt_cid: /[^0-9a-zA-Z]/g,
  phone_ring_timeout: DIGITS,
  delete_vm_after_email: /[^a-zA-Z]/g,
  alias_id: IDENT,
  phone_logins: /[^-,_0-9a-zA-Z]/g,
  alias_name: NAME,
  delete_alias: /[^A-Z]/g,
};

/** A request variable as the PHP sees it after the server-wide filter. */
function v(ctx: SimContext, name: string): string {
  const raw = param(ctx, name);
  if (name === 'email') return raw.replace(/[^- '+.:/@%_0-9a-zA-Z]/g, '').replace(/\+/g, ' ');
  if (name === 'outbound_cid') {
    const id = raw.replace(IDENT, '');
    return id === '---ALL---' ? id : id.replace(DIGITS, '');
  }
  const f = FILTERS[name];
  return f ? raw.replace(f, '') : raw;
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** PHP 8's comparison of a request string with an integer: numeric strings compare as numbers, others as text. */
function cmp(text: string, n: number): number {
  if (NUMERIC.test(text)) {
    const x = Number(text);
    return x < n ? -1 : x > n ? 1 : 0;
  }
  const s = String(n);
  return text < s ? -1 : text > s ? 1 : 0;
}

/** What MySQL stores when a text is written to an integer column. */
function toInt(text: string): number {
  const n = parseInt(text, 10);
  return Number.isFinite(n) ? n : 0;
}

/** vicidial_users.modify_same_user_level of a user ('1' when the state leaves it out, as the schema does). */
function modifySame(u: SimUser): string {
  return u.flags.modify_same_user_level ?? '1';
}

/** The common start: source check, then api_allowed_functions. */
function preamble(ctx: SimContext): string {
  return invalidSource(ctx) || notAllowedFunction(ctx);
}

function isActiveLevel8(u: SimUser): boolean {
  return u.user_level >= 8 && u.active === 'Y';
}

/** A vicidial_users column of the user ('' when unset). */
function userColumn(u: SimUser, col: string): string {
  if (col === 'custom_three') return u.custom_three ?? '';
  if (col === 'custom_four') return u.custom_four ?? '';
  return u.columns?.[col] ?? '';
}

function setUserColumn(u: SimUser, col: string, value: string): void {
  switch (col) {
    case 'pass':
      u.pass = value;
      return;
    case 'full_name':
      u.full_name = value;
      return;
    case 'user_level':
      u.user_level = toInt(value);
      return;
    case 'user_group':
      u.user_group = value;
      return;
    case 'active':
      u.active = value === 'N' ? 'N' : 'Y';
      return;
    case 'custom_three':
      u.custom_three = value;
      return;
    case 'custom_four':
      u.custom_four = value;
      return;
    default:
      (u.columns ??= {})[col] = value;
  }
}

/** Whether a user group row exists and the API user may see it (the IN('---ALL---', …) restriction). */
function groupAllowed(ctx: SimContext, group: string): boolean {
  return ctx.state.userGroups.has(group) && viewableGroup(groupSettings(ctx.state, ctx.user.user_group), group);
}

/** agent_user=AUTOGENERATE…: the next free numeric id from system_settings, stepping by 7. */
function autogenerate(state: SimState): string {
  let value = state.autoUserAddValue ?? 101;
  while (state.users.has(String(value))) value += 7;
  state.autoUserAddValue = value;
  return String(value);
}

/**
 * The "may I change this user" rule of update_user / update_remote_agent: the target's level must be below
 * the API user's (or equal with modify_same_user_level) and its group viewable. Returns the error body or ''.
 */
function levelGate(ctx: SimContext, agentUser: string, reason: string): string {
  const own = ctx.user.user_level;
  const op = Number(modifySame(ctx.user)) < 1 ? '<' : '<=';
  const target = ctx.state.users.get(agentUser);
  const ok =
    target !== undefined &&
    (op === '<' ? target.user_level < own : target.user_level <= own) &&
    viewableGroup(groupSettings(ctx.state, ctx.user.user_group), target.user_group);
  if (ok) return '';
  // The data ends with a newline of its own, so an empty line follows.
  return `ERROR: ${ctx.fn} ${reason}: |${ctx.user.user}|${agentUser}|${op}|${own}\n\n`;
}

// ---------------------------------------------------------------------------
// add_user / copy_user

function canModifyUsers(u: SimUser): boolean {
  return hasFlag(u, 'vdc_agent_api_access') && hasFlag(u, 'modify_users') && isActiveLevel8(u);
}

/** The level rule of add_user (against the new level) and copy_user (against the source user's level). */
function levelDenied(own: number, modifySameLevel: string, level: number | undefined): boolean {
  // An unknown source user (NULL level) passes: PHP compares NULL as false.
  if (level === undefined) return false;
  return (own < 9 && own <= level) || (Number(modifySameLevel) < 1 && own >= 9 && own === level);
}

const addUser: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!canModifyUsers(ctx.user)) return `ERROR: add_user USER DOES NOT HAVE PERMISSION TO ADD USERS: |${u}|0\n`;
  let agentUser = v(ctx, 'agent_user');
  const agentPass = v(ctx, 'agent_pass');
  const level = v(ctx, 'agent_user_level');
  const fullName = v(ctx, 'agent_full_name');
  const group = v(ctx, 'agent_user_group');
  if (agentUser.length < 2 || agentPass.length < 2 || level.length < 1 || fullName.length < 1 || group.length < 1) {
    return `ERROR: add_user YOU MUST USE ALL REQUIRED FIELDS: |${u}|${agentUser}|${agentPass}|${level}|${fullName}|${group}\n`;
  }
  const own = ctx.user.user_level;
  if (levelDenied(own, modifySame(ctx.user), Number(level))) {
    return `ERROR: add_user USER DOES NOT HAVE PERMISSION TO ADD USERS IN THIS USER LEVEL: |${u}|${level}|${own}\n`;
  }
  if (!groupAllowed(ctx, group)) return `ERROR: add_user USER GROUP DOES NOT EXIST: |${u}|${group}\n`;
  if (ctx.state.users.has(agentUser)) return `ERROR: add_user USER ALREADY EXISTS: |${u}|${agentUser}\n`;
  if (agentUser.includes('AUTOGENERA')) agentUser = autogenerate(ctx.state);

  const inGroups = v(ctx, 'in_groups');
  const columns: Record<string, string> = {
    phone_login: v(ctx, 'phone_login'),
    phone_pass: v(ctx, 'phone_pass'),
    hotkeys_active: v(ctx, 'hotkeys_active') || '0',
    voicemail_id: v(ctx, 'voicemail_id'),
    email: v(ctx, 'email'),
    custom_one: v(ctx, 'custom_one'),
    custom_two: v(ctx, 'custom_two'),
    custom_five: v(ctx, 'custom_five'),
    wrapup_seconds_override: v(ctx, 'wrapup_seconds_override') || '-1',
    agent_choose_ingroups: v(ctx, 'agent_choose_ingroups') || '1',
    agent_choose_blended: v(ctx, 'agent_choose_blended') || '1',
    closer_default_blended: v(ctx, 'closer_default_blended') || '0',
    closer_campaigns: inGroups.length > 0 ? ` ${inGroups.replace(/\|/g, ' ')} -` : '',
  };
  ctx.state.users.set(agentUser, {
    user: agentUser,
    pass: agentPass,
    full_name: fullName,
    user_level: toInt(level),
    user_group: group,
    active: 'Y',
    api_allowed_functions: ' ALL_FUNCTIONS ',
    api_list_restrict: 0,
    flags: {},
    failed_login_count: 0,
    last_login_date: 0,
    custom_three: v(ctx, 'custom_three'),
    custom_four: v(ctx, 'custom_four'),
    columns,
  });
  return `SUCCESS: add_user USER HAS BEEN ADDED - ${u}|${agentUser}|${agentPass}|${level}|${fullName}|${group}\n`;
};

const copyUser: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  if (!canModifyUsers(ctx.user)) return `ERROR: copy_user USER DOES NOT HAVE PERMISSION TO COPY USERS: |${u}|0\n`;
  let agentUser = v(ctx, 'agent_user');
  const agentPass = v(ctx, 'agent_pass');
  const sourceUser = v(ctx, 'source_user');
  const fullName = v(ctx, 'agent_full_name');
  if (agentUser.length < 2 || agentPass.length < 2 || sourceUser.length < 1 || fullName.length < 1) {
    return `ERROR: copy_user YOU MUST USE ALL REQUIRED FIELDS: |${u}|${agentUser}|${agentPass}|${sourceUser}|${fullName}\n`;
  }
  const own = ctx.user.user_level;
  const source = ctx.state.users.get(sourceUser);
  if (levelDenied(own, modifySame(ctx.user), source?.user_level)) {
    return `ERROR: copy_user USER DOES NOT HAVE PERMISSION TO COPY USERS IN THIS USER LEVEL: |${u}|${source?.user_level ?? ''}|${own}\n`;
  }
  const sourceGroup = source?.user_group ?? '';
  if (!source || !groupAllowed(ctx, sourceGroup)) return `ERROR: copy_user USER GROUP DOES NOT EXIST: |${u}|${sourceGroup}\n`;
  if (ctx.state.users.has(agentUser)) return `ERROR: copy_user USER ALREADY EXISTS: |${u}|${agentUser}\n`;
  if (agentUser.includes('AUTOGENERA')) agentUser = autogenerate(ctx.state);

  // Every column of the source but the id, password and name; login counters start afresh.
  ctx.state.users.set(agentUser, {
    ...source,
    user: agentUser,
    pass: agentPass,
    full_name: fullName,
    failed_login_count: 0,
    last_login_date: 0,
    flags: { ...source.flags },
    columns: { ...(source.columns ?? {}) },
  });
  // Campaign and in-group rank rows (calls_today reset, grades back to the default).
  const campaignRows = ctx.state.campaignAgents ?? [];
  for (const r of campaignRows.filter((x) => x.user === sourceUser)) {
    campaignRows.push({ user: agentUser, campaign_id: r.campaign_id, campaign_rank: r.campaign_rank, campaign_weight: r.campaign_weight, campaign_grade: 1, calls_today: 0 });
  }
  const groupRows = ctx.state.inboundGroupAgents ?? [];
  for (const r of groupRows.filter((x) => x.user === sourceUser)) {
    groupRows.push({ ...r, user: agentUser, group_grade: 1, calls_today: 0 });
  }
  return `SUCCESS: copy_user USER HAS BEEN COPIED - ${u}|${agentUser}|${agentPass}|${fullName}|${sourceUser}\n`;
};

// ---------------------------------------------------------------------------
// update_user

/** A close stand-in for PHP's FILTER_VALIDATE_EMAIL. */
const VALID_EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const PASSWORD_CHARS = '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';

function upsertCampaignRanks(ctx: SimContext, agentUser: string, rank: string, grade: string, only: string | undefined): void {
  const rows = (ctx.state.campaignAgents ??= []);
  const ids = byId(ctx.state.campaigns.keys(), (id) => id).filter((id) => only === undefined || id === only);
  for (const id of ids) {
    const row = rows.find((r) => r.user === agentUser && r.campaign_id === id);
    if (!row) {
      rows.push({
        user: agentUser,
        campaign_id: id,
        campaign_rank: rank !== '' ? toInt(rank) : 0,
        campaign_weight: rank !== '' ? toInt(rank) : 0,
        campaign_grade: grade !== '' ? toInt(grade) : 1,
        calls_today: 0,
      });
      continue;
    }
    if (rank !== '') row.campaign_rank = row.campaign_weight = toInt(rank);
    if (grade !== '') row.campaign_grade = toInt(grade);
  }
  // The live agent row gets both values, an empty one as 0.
  const agent = ctx.state.agents.get(agentUser);
  if (agent && (only === undefined || agent.campaign_id === only)) {
    agent.campaign_weight = toInt(rank);
    agent.campaign_grade = toInt(grade);
  }
}

function upsertInGroupRanks(ctx: SimContext, agentUser: string, rank: string, grade: string, only: string | undefined): void {
  const rows = (ctx.state.inboundGroupAgents ??= []);
  const ids = byId(ctx.state.inGroups.keys(), (id) => id).filter((id) => only === undefined || id === only);
  for (const id of ids) {
    const row = rows.find((r) => r.user === agentUser && r.group_id === id);
    if (!row) {
      rows.push({
        user: agentUser,
        group_id: id,
        group_rank: rank !== '' ? toInt(rank) : 0,
        group_weight: rank !== '' ? toInt(rank) : 0,
        group_grade: grade !== '' ? toInt(grade) : 1,
        calls_today: 0,
      });
      continue;
    }
    if (rank !== '') row.group_rank = row.group_weight = toInt(rank);
    if (grade !== '') row.group_grade = toInt(grade);
  }
}

const updateUser: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'update_user';
  if (!canModifyUsers(ctx.user)) return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO UPDATE USERS: |${u}|0\n`;
  const agentUser = v(ctx, 'agent_user');
  if (agentUser.length < 2 || agentUser.length > 20) return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${agentUser}|\n`;
  const target = ctx.state.users.get(agentUser);
  // The server prints server_ip here, not the user.
  if (!target) return `ERROR: ${fn} USER DOES NOT EXIST: |${u}|${v(ctx, 'server_ip')}\n`;
  const gate = levelGate(ctx, agentUser, 'USER DOES NOT HAVE PERMISSION TO UPDATE THIS USER');
  if (gate) return gate;

  if (v(ctx, 'delete_user') === 'Y') {
    if (!(hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'delete_users') && canModifyUsers(ctx.user))) {
      return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO DELETE USERS: |${u}|0\n`;
    }
    ctx.state.users.delete(agentUser);
    return `SUCCESS: ${fn} USER HAS BEEN DELETED - ${u}|${agentUser}|\n`;
  }

  /** Lines already printed (rank NOTICEs) stay in front of a later ERROR. */
  let out = '';
  const fail = (reason: string, data: string): string => `${out}ERROR: ${fn} ${reason}: |${u}|${data}\n`;
  const changes: Array<[string, string]> = [];
  const own = ctx.user.user_level;
  const same = modifySame(ctx.user);

  const pass = v(ctx, 'agent_pass');
  if (pass.length > 0) changes.push(['pass', pass]);
  const fullName = v(ctx, 'agent_full_name');
  if (fullName.length > 0) {
    if (fullName === '--BLANK--') changes.push(['full_name', '']);
    else if (fullName.length > 50) return fail('YOU MUST USE A VALID FULL NAME, THIS IS AN OPTIONAL FIELD', fullName);
    else changes.push(['full_name', fullName]);
  }
  const level = v(ctx, 'agent_user_level');
  if (level.length > 0) {
    const n = Number(level);
    if (n > 9 || n < 1 || n > own || (n === own && Number(same) < 1)) {
      return fail('YOU MUST USE A VALID USER LEVEL, THIS IS AN OPTIONAL FIELD', `${level}|${own}|${same}`);
    }
    changes.push(['user_level', level]);
  }
  const group = v(ctx, 'agent_user_group');
  if (group.length > 0) {
    const valid = groupAllowed(ctx, group) ? 1 : 0;
    if (group.length > 20 || valid < 1) return fail('YOU MUST USE A VALID USER GROUP, THIS IS AN OPTIONAL FIELD', `${group}|${valid}`);
    changes.push(['user_group', group]);
  }
  const phoneLogin = v(ctx, 'phone_login');
  if (phoneLogin.length > 0) {
    if (phoneLogin === '--BLANK--') changes.push(['phone_login', '']);
    else {
      const logins = (ctx.state.phones ?? []).filter((p) => p.login === phoneLogin).length;
      const aliases = ctx.state.phoneAliases?.has(phoneLogin) ? 1 : 0;
      if (phoneLogin.length > 20 || (logins < 1 && aliases < 1)) {
        return fail('YOU MUST USE A VALID PHONE LOGIN, THIS IS AN OPTIONAL FIELD', `${phoneLogin}|${logins}|${aliases}`);
      }
      changes.push(['phone_login', phoneLogin]);
    }
  }
  const phonePass = v(ctx, 'phone_pass');
  if (phonePass.length > 0) {
    if (phonePass === '--BLANK--') changes.push(['phone_pass', '']);
    else if (phonePass.length > 20) return fail('YOU MUST USE A VALID PHONE PASSWORD, THIS IS AN OPTIONAL FIELD', phonePass);
    else changes.push(['phone_pass', phonePass]);
  }
  const hotkeys = v(ctx, 'hotkeys_active');
  if (hotkeys.length > 0) {
    if (cmp(hotkeys, 1) > 0 || cmp(hotkeys, 0) < 0) return fail('YOU MUST USE A VALID HOTKEYS SETTING, THIS IS AN OPTIONAL FIELD', hotkeys);
    changes.push(['hotkeys_active', hotkeys]);
  }
  const voicemail = v(ctx, 'voicemail_id');
  if (voicemail.length > 0) {
    // The filter removes the dashes, so --BLANK-- arrives as BLANK and is stored as a box id.
    if (voicemail === '--BLANK--') changes.push(['voicemail_id', '']);
    else if (voicemail.length > 10 || voicemail.length < 2) return fail('YOU MUST USE A VALID VOICEMAIL ID, THIS IS AN OPTIONAL FIELD', voicemail);
    else changes.push(['voicemail_id', voicemail]);
  }
  const email = v(ctx, 'email');
  if (email.length > 0) {
    if (email === '--BLANK--') changes.push(['email', '']);
    else if (email.length > 100 || email.length < 5) return fail('YOU MUST USE A VALID EMAIL, THIS IS AN OPTIONAL FIELD', email);
    else changes.push(['email', email]);
  }
  for (const [name, word] of [
    ['custom_one', 'ONE'],
    ['custom_two', 'TWO'],
    ['custom_three', 'THREE'],
    ['custom_four', 'FOUR'],
    ['custom_five', 'FIVE'],
  ] as const) {
    const value = v(ctx, name);
    if (value.length === 0) continue;
    if (value === '--BLANK--') changes.push([name, '']);
    else if (value.length > 100) return fail(`YOU MUST USE A VALID CUSTOM ${word}, THIS IS AN OPTIONAL FIELD`, value);
    else changes.push([name, value]);
  }
  const active = v(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return fail('ACTIVE MUST BE Y OR N, THIS IS AN OPTIONAL FIELD', active);
    changes.push(['active', active]);
  }
  const wrapup = v(ctx, 'wrapup_seconds_override');
  if (wrapup.length > 0) {
    if (cmp(wrapup, -1) < 0 || cmp(wrapup, 9999) > 0) {
      return fail('wrapup_seconds_override MUST BE A VALID DIGIT BETWEEN -1 AND 9999, THIS IS AN OPTIONAL FIELD', wrapup);
    }
    changes.push(['wrapup_seconds_override', wrapup]);
  }

  // Ranks and grades are written at once and reported with a NOTICE, before the user row itself.
  const campaignRank = v(ctx, 'campaign_rank');
  const campaignGrade = v(ctx, 'campaign_grade');
  if (campaignRank.length > 0 || campaignGrade.length > 0) {
    if (campaignRank.length > 0 && (cmp(campaignRank, 9) > 0 || cmp(campaignRank, -9) < 0)) {
      return fail('YOU MUST USE A VALID CAMPAIGN RANK, THIS IS AN OPTIONAL FIELD', campaignRank);
    }
    if (campaignGrade.length > 0 && (cmp(campaignGrade, 10) > 0 || cmp(campaignGrade, 1) < 0)) {
      return fail('YOU MUST USE A VALID CAMPAIGN GRADE, THIS IS AN OPTIONAL FIELD', campaignGrade);
    }
    const onlyFlag = v(ctx, 'camp_rg_only');
    const only = onlyFlag !== '' && Number(onlyFlag) === 1 ? v(ctx, 'campaign_id') : undefined;
    upsertCampaignRanks(ctx, agentUser, campaignRank, campaignGrade, only);
    const note = only !== undefined ? `|${only}|${onlyFlag}` : '';
    out += `NOTICE: ${fn} USER CAMPAIGN RANKS/GRADES HAVE BEEN UPDATED - ${u}|${agentUser}|${campaignRank}|${campaignGrade}${note}\n`;
  }
  const groupRank = v(ctx, 'ingroup_rank');
  const groupGrade = v(ctx, 'ingroup_grade');
  if (groupRank.length > 0 || groupGrade.length > 0) {
    if (groupRank.length > 0 && (cmp(groupRank, 9) > 0 || cmp(groupRank, -9) < 0)) {
      return fail('YOU MUST USE A VALID IN-GROUP RANK, THIS IS AN OPTIONAL FIELD', groupRank);
    }
    if (groupGrade.length > 0 && (cmp(groupGrade, 10) > 0 || cmp(groupGrade, 1) < 0)) {
      return fail('YOU MUST USE A VALID IN-GROUP GRADE, THIS IS AN OPTIONAL FIELD', groupGrade);
    }
    const onlyFlag = v(ctx, 'ingrp_rg_only');
    const only = onlyFlag !== '' && Number(onlyFlag) === 1 ? v(ctx, 'group_id') : undefined;
    upsertInGroupRanks(ctx, agentUser, groupRank, groupGrade, only);
    const note = only !== undefined ? `|${only}|${onlyFlag}` : '';
    out += `NOTICE: ${fn} USER IN-GROUP RANKS/GRADES HAVE BEEN UPDATED - ${u}|${agentUser}|${groupRank}|${groupGrade}${note}\n`;
  }

  const reset = v(ctx, 'reset_password');
  if (reset.length > 0 && Number(reset) > 7) {
    const address = email.length < 5 ? userColumn(target, 'email') : email;
    if (!VALID_EMAIL.test(address)) {
      out += `NOTICE: ${fn} USER PASSWORD RESET FAILED: NO VALID EMAIL PROVIDED - ${u}|${agentUser}|${address}\n`;
    } else {
      // vicidial_users.pass holds 100 characters; a longer password could never be used anyway.
      let temp = '';
      for (let i = 0; i < Math.min(Number(reset), 100); i++) temp += PASSWORD_CHARS[Math.floor(Math.random() * PASSWORD_CHARS.length)];
      if (ctx.state.mailError !== undefined) {
        out += `NOTICE: ${fn} USER PASSWORD RESET FAILED: EMAIL FAILURE - ${u}|${agentUser}|${address}|${ctx.state.mailError}\n`;
      } else {
        (ctx.state.sentMail ??= []).push({ to: address, subject: 'User Account Reset', message: `Here is your new temporary password: ${temp}` });
        target.pass = temp;
        setUserColumn(target, 'force_change_password', 'Y');
        out += `NOTICE: ${fn} USER PASSWORD HAS BEEN RESET - ${u}|${agentUser}|${address}\n`;
      }
    }
  }

  // Even after NOTICE lines whose changes were already written.
  if (changes.length === 0) return `${out}ERROR: ${fn} NO UPDATES DEFINED: |${u}|\n`;
  target.failed_login_count = 0;
  for (const [col, value] of changes) setUserColumn(target, col, value);
  return `${out}SUCCESS: ${fn} USER HAS BEEN UPDATED - ${u}|${agentUser}|\n`;
};

// ---------------------------------------------------------------------------
// update_remote_agent

const updateRemoteAgent: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'update_remote_agent';
  if (!(hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'modify_remoteagents') && isActiveLevel8(ctx.user))) {
    return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO UPDATE REMOTE AGENTS: |${u}|0\n`;
  }
  const agentUser = v(ctx, 'agent_user');
  if (agentUser.length < 2 || agentUser.length > 20) return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${agentUser}|\n`;
  const rows = (ctx.state.remoteAgents ?? []).filter((r) => r.user_start === agentUser);
  if (rows.length === 0) return `ERROR: ${fn} REMOTE AGENT DOES NOT EXIST: |${u}|${v(ctx, 'server_ip')}\n`;
  const gate = levelGate(ctx, agentUser, 'USER DOES NOT HAVE PERMISSION TO UPDATE THIS REMOTE AGENT');
  if (gate) return gate;

  let out = '';
  let lines: number | undefined;
  let campaign: string | undefined;
  let status: string | undefined;
  const numberOfLines = v(ctx, 'number_of_lines');
  if (numberOfLines.length > 0) {
    if (Number(numberOfLines) > 999 || Number(numberOfLines) < 1) {
      return `ERROR: ${fn} YOU MUST USE A VALID NUMBER OF LINES, THIS IS AN OPTIONAL FIELD: |${u}|${numberOfLines}\n`;
    }
    lines = toInt(numberOfLines);
  }
  const campaignId = v(ctx, 'campaign_id');
  if (campaignId.length > 0) {
    const allowed = allowedCampaignIds(ctx.state, ctx.user);
    const valid = ctx.state.campaigns.has(campaignId) && (!allowed || allowed.has(campaignId)) ? 1 : 0;
    if (campaignId.length > 8 || valid < 1) {
      return `ERROR: ${fn} YOU MUST USE A VALID CAMPAIGN ID, THIS IS AN OPTIONAL FIELD: |${u}|${campaignId}|${valid}\n`;
    }
    campaign = campaignId;
  }
  const wanted = v(ctx, 'status');
  if (wanted.length > 0) {
    if (!/ACTIVE|INACTIVE/.test(wanted)) return `ERROR: ${fn} STATUS MUST BE ACTIVE OR INACTIVE, THIS IS AN OPTIONAL FIELD: |${u}|${wanted}\n`;
    if (rows.some((r) => r.status === wanted)) out += `NOTICE: ${fn} REMOTE AGENT IS ALREADY ${wanted}: |${u}|${agentUser}\n`;
    else status = wanted;
  }
  if (lines === undefined && campaign === undefined && status === undefined) return `${out}ERROR: ${fn} NO UPDATES DEFINED: |${u}|\n`;
  for (const r of rows) {
    if (lines !== undefined) r.number_of_lines = lines;
    if (campaign !== undefined) r.campaign_id = campaign;
    // The column is ENUM('ACTIVE','INACTIVE'): anything else that passed the substring test is stored empty.
    if (status !== undefined) r.status = status === 'ACTIVE' || status === 'INACTIVE' ? status : '';
  }
  return `${out}SUCCESS: ${fn} REMOTE AGENT HAS BEEN UPDATED - ${u}|${agentUser}|\n`;
};

// ---------------------------------------------------------------------------
// add_phone / update_phone

const TIMEZONES = new Set([
  '12.75', '12.00', '11.00', '10.00', '9.50', '9.00', '8.00', '7.00', '6.50', '6.00', '5.75', '5.50', '5.00', '4.50',
  '4.00', '3.50', '3.00', '2.00', '1.00', '0.00', '-1.00', '-2.00', '-3.00', '-3.50', '-4.00', '-5.00', '-6.00',
  '-7.00', '-8.00', '-9.00', '-10.00', '-11.00', '-12.00',
]);
const PROTOCOLS = new Set(['IAX2', 'SIP', 'Zap', 'EXTERNAL']);

function canAdminPhones(u: SimUser): boolean {
  return hasFlag(u, 'vdc_agent_api_access') && hasFlag(u, 'ast_admin_access') && isActiveLevel8(u);
}

/** Marks a server for a configuration rebuild (generate_vicidial_conf / active_asterisk_server are not modelled). */
function rebuildServer(state: SimState, serverIp: string): void {
  for (const s of serverRows(state)) if (s.server_ip === serverIp) s.rebuild_conf_files = 'Y';
}

/**
 * The web phone switches and template_id both phone functions set when given; returns the columns,
 * or the error line of a template that does not exist.
 */
function phoneOptions(ctx: SimContext, login: string): { columns: Record<string, string>; error?: string } {
  const columns: Record<string, string> = {};
  const isWebphone = v(ctx, 'is_webphone');
  if (/^Y$|^N$|^Y_API_LAUNCH$/i.test(isWebphone)) columns.is_webphone = isWebphone;
  for (const name of ['webphone_auto_answer', 'use_external_server_ip'] as const) {
    const value = v(ctx, name);
    if (/^Y$|^N$/i.test(value)) columns[name] = value;
  }
  const template = v(ctx, 'template_id');
  if (template.length > 1) {
    if (/^--BLANK--$/i.test(template)) columns.template_id = '';
    else if (ctx.state.confTemplates?.has(template)) columns.template_id = template;
    else return { columns, error: `ERROR: ${ctx.fn} TEMPLATE ID DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${ctx.user.user}|${login}|${template}\n` };
  }
  const onHook = v(ctx, 'on_hook_agent');
  if (/^Y$|^N$/i.test(onHook)) columns.on_hook_agent = onHook;
  return { columns };
}

const addPhone: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'add_phone';
  if (!canAdminPhones(ctx.user)) return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO ADD PHONES: |${u}|0\n`;
  const extension = v(ctx, 'extension');
  const dialplan = v(ctx, 'dialplan_number');
  const voicemail = v(ctx, 'voicemail_id');
  const login = v(ctx, 'phone_login');
  const phonePass = v(ctx, 'phone_pass');
  const serverIp = v(ctx, 'server_ip');
  const protocol = v(ctx, 'protocol');
  const regPass = v(ctx, 'registration_password');
  const name = v(ctx, 'phone_full_name');
  const gmt = v(ctx, 'local_gmt');
  const cid = v(ctx, 'outbound_cid');
  if (
    extension.length < 2 ||
    dialplan.length < 2 ||
    [voicemail, login, phonePass, serverIp, protocol, regPass, name, gmt, cid].some((x) => x.length < 1) ||
    !PROTOCOLS.has(protocol)
  ) {
    return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${extension}|${dialplan}|${voicemail}|${login}|${phonePass}|${serverIp}|${protocol}|${regPass}|${name}|${gmt}|${cid}\n`;
  }
  if (!serverRows(ctx.state).some((s) => s.server_ip === serverIp)) return `ERROR: ${fn} SERVER DOES NOT EXIST: |${u}|${serverIp}\n`;
  const phones = (ctx.state.phones ??= []);
  if (phones.some((p) => p.extension === extension && p.server_ip === serverIp)) {
    return `ERROR: ${fn} PHONE ALREADY EXISTS ON THIS SERVER: |${u}|${serverIp}|${extension}\n`;
  }
  if (phones.some((p) => p.login === login)) return `ERROR: ${fn} PHONE LOGIN ALREADY EXISTS: |${u}|${login}\n`;
  if (!TIMEZONES.has(gmt)) return `ERROR: ${fn} YOU MUST USE A VALID TIMEZONE: |${u}|${gmt}\n`;
  const options = phoneOptions(ctx, login);
  if (options.error) return options.error;
  const phone: SimPhone = {
    extension,
    dialplan_number: dialplan,
    voicemail_id: voicemail,
    login,
    pass: phonePass,
    server_ip: serverIp,
    protocol,
    conf_secret: regPass,
    fullname: name,
    local_gmt: gmt,
    outbound_cid: cid,
    phone_context: v(ctx, 'phone_context') || 'default',
    email: v(ctx, 'email'),
    active: 'Y',
    status: 'ACTIVE',
    user_group: v(ctx, 'admin_user_group') || '---ALL---',
    columns: options.columns,
  };
  phones.push(phone);
  rebuildServer(ctx.state, serverIp);
  return `SUCCESS: ${fn} PHONE HAS BEEN ADDED - ${u}|${extension}|${serverIp}|${protocol}|${dialplan}\n`;
};

type PhoneColumn = Exclude<keyof SimPhone, 'columns'>;

function setPhoneColumn(phone: SimPhone, col: string, value: string): void {
  if (col in phone && col !== 'columns') phone[col as PhoneColumn] = value;
  else (phone.columns ??= {})[col] = value;
}

const updatePhone: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'update_phone';
  if (!canAdminPhones(ctx.user)) return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO UPDATE PHONES: |${u}|0\n`;
  const extension = v(ctx, 'extension');
  const serverIp = v(ctx, 'server_ip');
  if (extension.length < 2 || serverIp.length < 1) return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${extension}|${serverIp}\n`;
  if (!serverRows(ctx.state).some((s) => s.server_ip === serverIp)) return `ERROR: ${fn} SERVER DOES NOT EXIST: |${u}|${serverIp}\n`;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const phones = ctx.state.phones ?? [];
  const phone = phones.find((p) => p.extension === extension && p.server_ip === serverIp && viewableGroup(settings, p.user_group));
  if (!phone) return `ERROR: ${fn} PHONE DOES NOT EXIST ON THIS SERVER: |${u}|${serverIp}|${extension}\n`;

  if (v(ctx, 'delete_phone') === 'Y') {
    // A missing delete permission is only a NOTICE.
    if (!(hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'ast_delete_phones') && isActiveLevel8(ctx.user))) {
      return `NOTICE: ${fn} USER DOES NOT HAVE PERMISSION TO DELETE PHONES: |${u}|0\n`;
    }
    ctx.state.phones = phones.filter((p) => !(p.extension === extension && p.server_ip === serverIp));
    rebuildServer(ctx.state, serverIp);
    return `SUCCESS: ${fn} PHONE HAS BEEN DELETED - ${u}|${extension}|${serverIp}|\n`;
  }

  const changes: Array<[string, string]> = [];
  const fail = (reason: string, data: string): string => `ERROR: ${fn} ${reason}: |${u}|${data}\n`;
  /** '--BLANK--' empties the column (when blankable), otherwise the length must be within min..max. */
  const text = (name: string, column: string, min: number, max: number, reason: string, blankable: boolean): string => {
    const value = v(ctx, name);
    if (value.length === 0) return '';
    if (blankable && value === '--BLANK--') changes.push([column, '']);
    else if (value.length > max || value.length < min) return fail(reason, value);
    else changes.push([column, value]);
    return '';
  };

  const gmt = v(ctx, 'local_gmt');
  if (gmt.length > 0) {
    if (!TIMEZONES.has(gmt)) return fail('YOU MUST USE A VALID TIMEZONE', gmt);
    changes.push(['local_gmt', gmt]);
  }
  let err =
    text('email', 'email', 5, 300, 'YOU MUST USE A VALID EMAIL', true) ||
    text('phone_context', 'phone_context', 2, 30, 'YOU MUST USE A VALID PHONE CONTEXT', true) ||
    text('phone_full_name', 'fullname', 2, 30, 'YOU MUST USE A VALID PHONE NAME', true) ||
    text('registration_password', 'conf_secret', 2, 30, 'YOU MUST USE A VALID REGISTRATION PASSWORD', true);
  if (err) return err;
  const protocol = v(ctx, 'protocol');
  if (protocol.length > 0) {
    if (!PROTOCOLS.has(protocol)) return fail('YOU MUST USE A VALID PROTOCOL', protocol);
    changes.push(['protocol', protocol]);
  }
  err = text('phone_pass', 'pass', 2, 30, 'YOU MUST USE A VALID PHONE PASSWORD', false);
  if (err) return err;
  const login = v(ctx, 'phone_login');
  if (login.length > 0) {
    // Only phones differing in BOTH extension and server count as another phone.
    if (phones.some((p) => p.login === login && p.extension !== extension && p.server_ip !== serverIp)) return fail('LOGIN ALREADY EXISTS', login);
    changes.push(['login', login]);
  }
  err =
    text('voicemail_id', 'voicemail_id', 2, 30, 'YOU MUST USE A VALID VOICEMAIL NUMBER', true) ||
    text('dialplan_number', 'dialplan_number', 3, 30, 'YOU MUST USE A VALID DIALPLAN NUMBER', false);
  if (err) return err;
  const active = v(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return fail('ACTIVE MUST BE Y OR N, THIS IS AN OPTIONAL FIELD', active);
    changes.push(['active', active]);
  }
  err =
    text('outbound_cid', 'outbound_cid', 6, 18, 'OUTBOUND CID MUST BE FROM 6 TO 18 DIGITS, THIS IS AN OPTIONAL FIELD', false) ||
    text('admin_user_group', 'user_group', 2, 20, 'USER GROUP MUST BE FROM 2 TO 20 CHARACTERS, THIS IS AN OPTIONAL FIELD', false) ||
    text('outbound_alt_cid', 'outbound_alt_cid', 6, 18, 'OUTBOUND ALT CID MUST BE FROM 6 TO 18 DIGITS, THIS IS AN OPTIONAL FIELD', true);
  if (err) return err;
  const ringTimeout = v(ctx, 'phone_ring_timeout');
  if (ringTimeout.length > 0) {
    // The server prints outbound_alt_cid as the data of this error.
    if (Number(ringTimeout) > 180 || Number(ringTimeout) < 2) {
      return fail('PHONE RING TIMEOUT MUST BE FROM 2 TO 180 SECONDS, THIS IS AN OPTIONAL FIELD', v(ctx, 'outbound_alt_cid'));
    }
    changes.push(['phone_ring_timeout', ringTimeout]);
  }
  const deleteVm = v(ctx, 'delete_vm_after_email');
  if (deleteVm.length > 0) {
    if (deleteVm !== 'N' && deleteVm !== 'Y') return fail('DELETE VOICEMAIL AFTER EMAIL MUST BE Y OR N, THIS IS AN OPTIONAL FIELD', deleteVm);
    changes.push(['delete_vm_after_email', deleteVm]);
  }
  const options = phoneOptions(ctx, login);
  if (options.error) return options.error;
  // The assembled SQL always holds a few spaces, so "NO UPDATES DEFINED" is never reached.
  setPhoneColumn(phone, 'install_directory', '');
  for (const [col, value] of changes) setPhoneColumn(phone, col, value);
  for (const [col, value] of Object.entries(options.columns)) setPhoneColumn(phone, col, value);
  rebuildServer(ctx.state, serverIp);
  return `SUCCESS: ${fn} PHONE HAS BEEN UPDATED - ${u}|${extension}|${serverIp}|\n`;
};

// ---------------------------------------------------------------------------
// add_phone_alias / update_phone_alias

/** The first login of a comma list that no phone has (empty items included), or undefined. */
function missingLogin(state: SimState, logins: string): string | undefined {
  const phones = state.phones ?? [];
  return logins.split(',').find((l) => !phones.some((p) => p.login === l));
}

const addPhoneAlias: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'add_phone_alias';
  if (!canAdminPhones(ctx.user)) return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO ADD PHONE ALIASES: |${u}|0\n`;
  const id = v(ctx, 'alias_id');
  const name = v(ctx, 'alias_name');
  const logins = v(ctx, 'phone_logins');
  if (id.length < 2 || logins.length < 2 || name.length < 1) return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${id}|${name}|${logins}\n`;
  const aliases = (ctx.state.phoneAliases ??= new Map());
  if (aliases.has(id)) return `ERROR: ${fn} PHONE ALIAS ALREADY EXISTS: |${u}|${id}\n`;
  const missing = missingLogin(ctx.state, logins);
  if (missing !== undefined) return `ERROR: ${fn} PHONE DOES NOT EXIST: |${u}|${missing}\n`;
  aliases.set(id, { alias_id: id, alias_name: name, logins_list: logins });
  return `SUCCESS: ${fn} PHONE ALIAS HAS BEEN ADDED - ${u}|${id}|${name}|${logins}\n`;
};

const updatePhoneAlias: Handler = (ctx) => {
  const early = preamble(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const fn = 'update_phone_alias';
  if (!canAdminPhones(ctx.user)) return `ERROR: ${fn} USER DOES NOT HAVE PERMISSION TO UPDATE PHONE ALIASES: |${u}|0\n`;
  const id = v(ctx, 'alias_id');
  const name = v(ctx, 'alias_name');
  const logins = v(ctx, 'phone_logins');
  const del = v(ctx, 'delete_alias');
  if (id.length < 2 || (logins.length < 2 && name.length < 1 && del.length < 1)) {
    return `ERROR: ${fn} YOU MUST USE ALL REQUIRED FIELDS: |${u}|${id}|${name}|${logins}\n`;
  }
  const aliases = ctx.state.phoneAliases;
  const alias = aliases?.get(id);
  if (!aliases || !alias) return `ERROR: ${fn} PHONE ALIAS DOES NOT EXIST: |${u}|${id}\n`;
  if (del === 'Y') {
    // A missing delete permission is only a NOTICE.
    if (!(hasFlag(ctx.user, 'vdc_agent_api_access') && hasFlag(ctx.user, 'ast_delete_phones') && isActiveLevel8(ctx.user))) {
      return `NOTICE: ${fn} USER DOES NOT HAVE PERMISSION TO DELETE PHONE ALIASES: |${u}|0\n`;
    }
    aliases.delete(id);
    return `SUCCESS: ${fn} PHONE ALIAS HAS BEEN DELETED - ${u}|${id}\n`;
  }
  let newName: string | undefined;
  let newLogins: string | undefined;
  if (name.length > 0) {
    if (name.length > 50 || name.length < 2) return `ERROR: ${fn} YOU MUST USE A VALID ALIAS NAME: |${u}|${name}\n`;
    newName = name;
  }
  if (logins.length > 1) {
    const missing = missingLogin(ctx.state, logins);
    if (missing !== undefined) return `ERROR: ${fn} PHONE DOES NOT EXIST: |${u}|${missing}\n`;
    newLogins = logins;
  }
  if (newName === undefined && newLogins === undefined) return `NOTICE: ${fn} NO UPDATES DEFINED: |${u}|\n`;
  if (newName !== undefined) alias.alias_name = newName;
  if (newLogins !== undefined) alias.logins_list = newLogins;
  return `SUCCESS: ${fn} PHONE ALIAS HAS BEEN UPDATED - ${u}|${id}|\n`;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  add_user: addUser,
  copy_user: copyUser,
  update_user: updateUser,
  update_remote_agent: updateRemoteAgent,
  add_phone: addPhone,
  update_phone: updatePhone,
  add_phone_alias: addPhoneAlias,
  update_phone_alias: updatePhoneAlias,
};
