/**
 * What a simulated function sees and returns, and the small helpers every
 * handler shares (permission checks, line framing as the PHP prints it).
 */
import type { SimState, SimUser } from './state';

export interface SimContext {
  state: SimState;
  api: 'non_agent' | 'agent';
  fn: string;
  /** Request parameters, query string first and POST body second, as PHP's code reads them. */
  params: Readonly<Record<string, string>>;
  /** The authenticated API user. */
  user: SimUser;
  now: Date;
  ip: string;
}

export interface SimAnswer {
  status?: number;
  body: string;
}

export type Handler = (ctx: SimContext) => SimAnswer | string;

/** A request parameter, '' when absent (PHP reads unset variables as empty strings). */
export function param(ctx: SimContext, name: string): string {
  return ctx.params[name] ?? '';
}

/** The digits (and commas, for multi-number lookups) the server keeps of a phone number. */
export function phoneParam(ctx: SimContext, name = 'phone_number'): string {
  return param(ctx, name).replace(/[^,0-9]/g, '');
}

export function hasFlag(user: SimUser, flag: string): boolean {
  const v = user.flags[flag];
  return v === '1' || v === 'Y' || v === 'ALLOW_ALTER';
}

/** The api_allowed_functions check most Non-Agent functions start with; returns the error body or ''. */
export function notAllowedFunction(ctx: SimContext): string {
  const allowed = ctx.user.api_allowed_functions;
  if (allowed.includes('ALL_FUNCTIONS') || allowed.includes(` ${ctx.fn} `)) return '';
  return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${ctx.user.user}|${ctx.fn}|\n`;
}

/** The "Invalid Source" answer of functions that check it. */
export function invalidSource(ctx: SimContext): string {
  const source = param(ctx, 'source');
  if (source.length >= 2) return '';
  return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function sqlDay(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export function sqlDateTime(d: Date): string {
  return `${sqlDay(d)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

// ---------------------------------------------------------------------------
// User-group visibility (vicidial_user_groups) and row order, shared by the admin handlers.

export interface GroupSettings {
  allowed_campaigns: string;
  admin_viewable_groups: string;
}

/** vicidial_user_groups row of a group; a group without settings sees every campaign and group. */
export function groupSettings(state: SimState, group: string): GroupSettings {
  const s = state.userGroupSettings?.get(group);
  return {
    allowed_campaigns: s?.allowed_campaigns ?? ' -ALL-CAMPAIGNS- -',
    admin_viewable_groups: s?.admin_viewable_groups ?? ' ---ALL--- ',
  };
}

/** The ids an IN(...) built from a stored ' A B -' list matches (the server strips every ' -' then splits on spaces). */
export function storedListIds(stored: string): Set<string> {
  return new Set(stored.replace(/ -/g, '').split(' '));
}

/** Whether a record of user group `group` is within admin_viewable_groups (the chooser/agent functions' rule). */
export function viewableGroup(settings: GroupSettings, group: string): boolean {
  const v = settings.admin_viewable_groups;
  if (/--ALL--/i.test(v) || v.length <= 3) return true;
  const ids = storedListIds(v);
  return group === '---ALL---' || ids.has(group);
}

/** Rows in the order MySQL returns them without ORDER BY (or ORDER BY the key): the key's, case-insensitively. */
export function byId<T>(items: Iterable<T>, id: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const x = id(a).toLowerCase();
    const y = id(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The start of the HTML chooser pages (ingroup_list, moh_list, vm_list, callmenu_list, container_list and
 * sounds_list format=selectframe): a leading empty line, the page head with its script, the close link and
 * the opening of the table with its first row open (`<tr>`).
 */
export function chooserHead(): string {
  return (
    '\n' +
    '<HTML><head><title>NON-AGENT API</title>\n' +
    '<script language="Javascript">\n' +
    'function choose_file(filename,fieldname)\n' +
    '\t{\n' +
    '\tif (filename.length > 0)\n' +
    '\t\t{\n' +
    '\t\tparent.document.getElementById(fieldname).value = filename;\n' +
    "\t\tdocument.getElementById(\"selectframe\").innerHTML = '';\n" +
    "\t\tdocument.getElementById(\"selectframe\").style.visibility = 'hidden';\n" +
    '\t\tparent.close_chooser();\n' +
    '\t\t}\n' +
    '\t}\n' +
    'function close_file()\n' +
    '\t{\n' +
    "\tdocument.getElementById(\"selectframe\").innerHTML = '';\n" +
    "\tdocument.getElementById(\"selectframe\").style.visibility = 'hidden';\n" +
    '\tparent.close_chooser();\n' +
    '\t}\n' +
    '</script>\n' +
    '</head>\n\n' +
    '<body>\n' +
    '<a href="javascript:close_file();"><font size=1 face="Arial,Helvetica">close frame</font></a>\n' +
    "<div id='selectframe' style=\"height:400px;width:710px;overflow:scroll;\">\n" +
    '<table border=0 cellpadding=1 cellspacing=2 width=690 bgcolor=white><tr>\n'
  );
}

/** The comments parameter as the server filters it (only echoed inside the chooser pages). */
export function commentsParam(ctx: SimContext): string {
  return param(ctx, 'comments').replace(/;|#|"/g, '').replace(/\+/g, ' ');
}

/** Row shading of the chooser pages: odd row numbers grey, even ones light. */
export function chooserRowColor(n: number): string {
  return /[13579]$/.test(String(n)) ? 'bgcolor="#E6E6E6"' : 'bgcolor="#F6F6F6"';
}

// ---------------------------------------------------------------------------
// Lists and call times, shared by the lead and list handlers.

/** vicidial_call_times: VICIdial's stock call times (HHMM start, stop). */
export const CALL_TIMES: Readonly<Record<string, readonly [number, number]>> = {
  '24hours': [0, 2400],
  '9am-9pm': [900, 2100],
  '9am-5pm': [900, 1700],
  '12pm-5pm': [1200, 1700],
  '12pm-9pm': [1200, 2100],
  '5pm-9pm': [1700, 2100],
};

export interface ListRestriction {
  error?: string;
  /** undefined = not restricted */
  allowed?: Set<string>;
}

/**
 * api_list_restrict (checked before the function block of add_lead, update_lead, batch_update_lead,
 * update_list, list_info, list_custom_fields and lead_search): the lists of the user group's allowed campaigns.
 */
export function listRestriction(ctx: SimContext): ListRestriction {
  const u = ctx.user;
  if (!(u.api_list_restrict > 0)) return {};
  const settings = ctx.state.userGroupSettings?.get(u.user_group);
  if (!settings && !ctx.state.userGroups.has(u.user_group)) {
    return { error: `ERROR: user_group DOES NOT EXIST: |${u.user}|${u.user_group}|\n` };
  }
  const allowedCampaigns = settings?.allowed_campaigns ?? ' -ALL-CAMPAIGNS- -';
  const allowed = new Set<string>();
  const all = /-ALL/i.test(allowedCampaigns);
  const camps = new Set(allowedCampaigns.split(' ').filter((c) => c !== '' && c !== '-'));
  for (const l of ctx.state.lists.values()) if (all || camps.has(l.campaign_id)) allowed.add(l.list_id);
  return { allowed };
}

/** The campaigns of the user's group (the functions' LOGallowed_campaignsSQL); undefined = all. */
export function allowedCampaignIds(state: SimState, user: SimUser): Set<string> | undefined {
  const raw = groupSettings(state, user.user_group).allowed_campaigns;
  if (/-ALL/i.test(raw)) return undefined;
  return storedListIds(raw);
}

// ---------------------------------------------------------------------------
// Servers, shared by the admin handlers.

export type SimServer = NonNullable<SimState['servers']>[number];

/** The servers table; the simulator's default (one active server 10.0.0.15) is created on first use. */
export function serverRows(state: SimState): SimServer[] {
  return (state.servers ??= [{ server_ip: '10.0.0.15', active: 'Y', rebuild_conf_files: 'N', local_gmt: '-5.00' }]);
}
