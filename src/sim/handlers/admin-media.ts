/**
 * Non-Agent API media and routing administration (notes: non-agent-1.md, non-agent-2.md):
 * the HTML/text choosers (sounds_list, moh_list, vm_list, callmenu_list, container_list),
 * blind_monitor, inbound DIDs (add_did, copy_did, update_did) and CID group entries
 * (update_cid_group_entry). Each answers with the lines, framing and check order of
 * non_agent_api.php.
 */
import { posix } from 'node:path';
import {
  byId,
  chooserHead,
  chooserRowColor,
  commentsParam,
  groupSettings,
  invalidSource,
  notAllowedFunction,
  param,
  sqlDateTime,
  storedListIds,
  viewableGroup,
  type GroupSettings,
  type Handler,
  type SimContext,
} from '../context';
import type { SimDid, SimPhone, SimState, SimUser } from '../state';

// ---------------------------------------------------------------------------
// Shared helpers

/** The global character filters of non_agent_api.php for the parameters used here. */
const FILTERS: Readonly<Record<string, RegExp>> = {
  user: /[^-_0-9a-zA-Z]/g,
  pass: /[^-_0-9a-zA-Z]/g,
  source: /[^0-9a-zA-Z]/g,
  format: /[^0-9a-zA-Z]/g,
  stage: /[^-_0-9a-zA-Z]/g,
  type: /[^-_0-9a-zA-Z]/g,
  phone_login: /[^-_0-9a-zA-Z]/g,
  session_id: /[^0-9]/g,
  server_ip: /[^-.:_0-9a-zA-Z]/g,
  did_pattern: /[^:+*#._0-9a-zA-Z]/g,
  source_did_pattern: /[^:+*#._0-9a-zA-Z]/g,
  new_dids: /[^:+,*#._0-9a-zA-Z]/g,
  did_description: /[^- .,_0-9a-zA-Z]/g,
  active: /[^A-Z]/g,
  did_route: /[^-_0-9a-zA-Z]/g,
  record_call: /[^-_0-9a-zA-Z]/g,
  // extension passes two filters; the first (agent fields) is the narrower one.
  extension: /[^-_0-9a-zA-Z]/g,
  exten_context: /[^-_0-9a-zA-Z]/g,
  voicemail_ext: /[^*#._0-9a-zA-Z]/g,
  phone_extension: /[^-_0-9a-zA-Z]/g,
  group: /[^-|_0-9a-zA-Z]/g,
  menu_id: /[^-_0-9a-zA-Z]/g,
  filter_clean_cid_number: /[^- .,_0-9a-zA-Z]/g,
  call_handle_method: /[^_0-9a-zA-Z]/g,
  agent_search_method: /[^_0-9a-zA-Z]/g,
  list_id: /[^-_0-9a-zA-Z]/g,
  entry_list_id: /[^0-9]/g,
  campaign_id: /[^-_0-9a-zA-Z]/g,
  phone_code: /[^0-9]/g,
  delete_did: /[^0-9a-zA-Z]/g,
  cid_group_id: /[^-_0-9a-zA-Z]/g,
  cid_description: /[^- .,_0-9a-zA-Z]/g,
};

/** A request parameter after the PHP's global character filter. */
function p(ctx: SimContext, name: string): string {
  const raw = param(ctx, name);
  const re = FILTERS[name];
  return re ? raw.replace(re, '') : raw;
}

/** areacode / outbound_cid keep the literal ---ALL---, otherwise only letters+digits / digits survive. */
function areacodeParam(ctx: SimContext): string {
  const v = param(ctx, 'areacode').replace(/[^-_0-9a-zA-Z]/g, '');
  return v === '---ALL---' ? v : v.replace(/[^0-9a-zA-Z]/g, '');
}

function outboundCidParam(ctx: SimContext): string {
  const v = param(ctx, 'outbound_cid').replace(/[^-_0-9a-zA-Z]/g, '');
  return v === '---ALL---' ? v : v.replace(/[^0-9]/g, '');
}

/** The SQL `flag='1'` test of a vicidial_users permission column. */
function flag1(user: SimUser, flag: string): boolean {
  return user.flags[flag] === '1';
}

/** MySQL's default (case-insensitive) string equality. */
function sqlEq(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * admin_viewable_groups as the DID and CID group functions apply it: unlike the choosers there is no
 * minimum length, anything without --ALL-- restricts to ---ALL--- plus the listed groups.
 */
function didViewable(settings: GroupSettings, group: string): boolean {
  const v = settings.admin_viewable_groups;
  if (/--ALL--/i.test(v)) return true;
  return group === '---ALL---' || storedListIds(v).has(group);
}

/** allowed_campaigns as an IN(...) filter: undefined = all (the text contains -ALL). */
function allowedCampaignIds(settings: GroupSettings): Set<string> | undefined {
  if (/-ALL/i.test(settings.allowed_campaigns)) return undefined;
  return storedListIds(settings.allowed_campaigns);
}

/** The servers table (absent: the one active server every other handler assumes). */
function servers(state: SimState): NonNullable<SimState['servers']> {
  return state.servers ?? [{ server_ip: '10.0.0.15', active: 'Y', rebuild_conf_files: 'N', local_gmt: '-5.00' }];
}

/** The phones table (absent = none). */
function phoneRows(state: SimState): SimPhone[] {
  return state.phones ?? [];
}

/** The permission check the choosers start with: user_level > 6 (the authenticated user is active). */
function chooserAllowed(ctx: SimContext): boolean {
  return ctx.user.user_level > 6 && ctx.user.active === 'Y';
}

const FOOT = '</table></div></body></HTML>\n';

// ---------------------------------------------------------------------------
// sounds_list

const WEB_ROOT = '/var/www/html';
const API_PATH = '/vicidial/non_agent_api.php';

/** The directory part the links put before the audio store directory: dirname(admin_web_directory)/ when it has a slash. */
function adminWebDir(state: SimState): string {
  const dir = state.adminWebDirectory ?? 'vicidial';
  return dir.includes('/') ? `${posix.dirname(dir)}/` : '';
}

/** PHP's default string comparison of two non-numeric strings (byte order). */
function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const soundsList: Handler = (ctx) => {
  const u = ctx.user.user;
  if (!chooserAllowed(ctx)) return `ERROR: sounds_list USER DOES NOT HAVE PERMISSION TO VIEW SOUNDS LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const central = ctx.state.soundsCentralControlActive ?? 1;
  if (central < 1) return `ERROR: sounds_list CENTRAL SOUND CONTROL IS NOT ACTIVE: |${u}|${central}|\n`;
  const dir = ctx.state.soundsWebDirectory ?? 'audiostore';
  const files = ctx.state.soundFiles;
  if (!files) return `ERROR: audio store web directory does not exist: |${u}|sounds_list|${WEB_ROOT}/${dir}|\n`;

  const stage = p(ctx, 'stage');
  const format = p(ctx, 'format');
  const listed = files.filter((f) => /\.wav$|\.gsm$/.test(f.filename));
  // The last matching sort word decides both the sort key and the final order.
  let sortWord = '';
  for (const w of ['date', 'name', 'size']) if (new RegExp(w, 'i').test(stage)) sortWord = w;
  // Without a sort word the server indexes an undefined array: no file is printed.
  if (sortWord === '') return '';
  const keyed = listed.map((f, i) => {
    let key: string;
    if (sortWord === 'date') key = `${f.epoch}----------${i}`;
    else if (sortWord === 'name') key = `${f.filename}----------${i}`;
    else key = `[${String(f.size).padStart(20, '0')}]\n----------${i}`;
    return { f, key };
  });
  keyed.sort((a, b) => (sortWord === 'name' ? strcmp(a.key, b.key) : strcmp(b.key, a.key)));

  const webDir = adminWebDir(ctx.state);
  let server = ctx.state.soundsWebServer ?? '127.0.0.1';
  if (!/^http:|^https:/i.test(server)) server = `http://${server}`;
  const comments = commentsParam(ctx);
  const hasBad = files.some((f) => f.bad);
  const canPlayBad = flag1(ctx.user, 'download_invalid_files') && ctx.user.user_level >= 9;
  let out = '';
  let sf = 0;
  keyed.forEach(({ f }, k) => {
    const date = `${sqlDateTime(new Date(f.epoch * 1000))}.`;
    if (/tab/i.test(format)) out += `${k}\t${f.filename}\t${date}\t${f.size}\t${f.epoch}\n`;
    if (/link/i.test(format)) out += `<a href="${server}/${webDir}${dir}/${f.filename}">${f.filename}</a><br>\n`;
    if (/selectframe/i.test(format)) {
      if (sf < 1) {
        const link = `${API_PATH}?source=admin&function=sounds_list&user=${p(ctx, 'user')}&pass=${p(ctx, 'pass')}&format=selectframe&comments=${comments}`;
        out += chooserHead();
        out += '<td>#</td>\n';
        out += `<td><a href="${link}&stage=name"><font color=black>FILENAME</td>\n`;
        out += `<td><a href="${link}&stage=date"><font color=black>DATE</td>\n`;
        out += `<td><a href="${link}&stage=size"><font color=black>SIZE</td>\n`;
        out += '<td>PLAY</td>\n';
        out += '</tr>\n';
      }
      sf++;
      let bwb = '';
      let bwe = '';
      let play = `<a href="/${webDir}${dir}/${f.filename}" target="_blank"><font size=1 face="Arial,Helvetica">PLAY</a>`;
      if (/\.wav$/.test(f.filename) && hasBad && f.bad) {
        bwb = '<font color=red><b>';
        bwe = ' &nbsp; &nbsp; BAD WAV FORMAT</b></font>';
        if (!canPlayBad) play = '<DEL><font size=1 face="Arial,Helvetica">PLAY</DEL>';
      }
      const prompt = f.filename.replace(/\.wav$|\.gsm$/, '');
      out += `<tr><td><font size=1 face="Arial,Helvetica">${sf}</td>\n`;
      out += `<td><a href="javascript:choose_file('${prompt}','${comments}');"><font size=1 face="Arial,Helvetica">${bwb}${f.filename}${bwe}</a></td>\n`;
      out += `<td><font size=1 face="Arial,Helvetica">${date}</td>\n`;
      out += `<td><font size=1 face="Arial,Helvetica">${f.size}</td>\n`;
      out += `<td>${play}</td></tr>\n`;
    }
  });
  if (sf > 0) out += FOOT;
  return out;
};

// ---------------------------------------------------------------------------
// moh_list / vm_list / callmenu_list / container_list (HTML choosers)

function chooserLink(id: string, comments: string): string {
  return `<td colspan=2><a href="javascript:choose_file('${id}','${comments}');"><font size=2 face="Arial,Helvetica">${id}</a></td>\n`;
}

const mohList: Handler = (ctx) => {
  const u = ctx.user.user;
  // moh_list prints the sounds_list token in its errors.
  if (!chooserAllowed(ctx)) return `ERROR: sounds_list USER DOES NOT HAVE PERMISSION TO VIEW SOUNDS LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const central = ctx.state.soundsCentralControlActive ?? 1;
  if (central < 1) return `ERROR: sounds_list CENTRAL SOUND CONTROL IS NOT ACTIVE: |${u}|${central}|\n`;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const comments = commentsParam(ctx);
  let out = chooserHead();
  out += '<td width=30>#</td>\n';
  out += '<td colspan=2>Music On Hold Class</td>\n';
  out += '<td>Name</td>\n';
  out += '<td>Random</td>\n';
  out += '</tr>\n';
  const classes = byId(
    (ctx.state.mohClasses ?? []).filter((m) => m.active === 'Y' && viewableGroup(settings, m.user_group)),
    (m) => m.moh_id,
  );
  classes.forEach((m, k) => {
    const bg = chooserRowColor(k + 1);
    out += `<tr ${bg}><td width=30><font size=1 face="Arial,Helvetica">${k + 1}</td>\n`;
    out += chooserLink(m.moh_id, comments);
    out += `<td><font size=2 face="Arial,Helvetica">${m.moh_name}</td>\n`;
    out += `<td><font size=2 face="Arial,Helvetica">${m.random}</td></tr>\n`;
    const files = m.files.map((f) => `${f} &nbsp; `).join('');
    out += `<tr ${bg}><td colspan=2 width=100><font size=1 face="Arial,Helvetica">&nbsp;</td>\n`;
    out += `<td colspan=3 width=590><font size=2 face="Arial,Helvetica">Files: </font><font size=1 face="Arial,Helvetica">${files}</td></tr>\n`;
  });
  out += FOOT;
  return out;
};

const vmList: Handler = (ctx) => {
  const u = ctx.user.user;
  if (!chooserAllowed(ctx)) return `ERROR: vm_list USER DOES NOT HAVE PERMISSION TO VIEW VOICEMAIL BOXES LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const comments = commentsParam(ctx);
  let out = chooserHead();
  out += '<td width=30>#</td>\n';
  out += '<td colspan=2>Voicemail Boxes</td>\n';
  out += '<td>Name</td>\n';
  out += '<td>Email</td>\n';
  out += '</tr>\n';
  const boxes = byId(
    (ctx.state.voicemailBoxes ?? []).filter((b) => b.active === 'Y' && viewableGroup(settings, b.user_group)),
    (b) => b.voicemail_id,
  );
  boxes.forEach((b, k) => {
    out += `<tr ${chooserRowColor(k + 1)}><td width=30><font size=1 face="Arial,Helvetica">${k + 1}</td>\n`;
    out += chooserLink(b.voicemail_id, comments);
    out += `<td><font size=2 face="Arial,Helvetica">${b.fullname}</td>\n`;
    out += `<td><font size=2 face="Arial,Helvetica">${b.email}</td></tr>\n`;
  });
  // Then the phones' boxes, numbered from 1 again.
  const phones = byId(
    phoneRows(ctx.state).filter((ph) => ph.active === 'Y' && viewableGroup(settings, ph.user_group)),
    (ph) => ph.voicemail_id,
  );
  phones.forEach((ph, k) => {
    out += `<tr ${chooserRowColor(k + 1)}><td width=30><font size=1 face="Arial,Helvetica">${k + 1}</td>\n`;
    out += chooserLink(ph.voicemail_id, comments);
    out += `<td><font size=2 face="Arial,Helvetica">${ph.extension} - ${ph.fullname}</td>\n`;
    out += `<td><font size=2 face="Arial,Helvetica">${ph.email}</td></tr>\n`;
  });
  out += FOOT;
  return out;
};

const callmenuList: Handler = (ctx) => {
  const u = ctx.user.user;
  if (!chooserAllowed(ctx)) return `ERROR: callmenu_list USER DOES NOT HAVE PERMISSION TO VIEW CALL MENUS LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const comments = commentsParam(ctx);
  let out = chooserHead();
  out += '<td width=30>#</td>\n';
  out += '<td colspan=2>Call Menus</td>\n';
  out += '<td>Name</td>\n';
  out += '</tr>\n';
  const menus = byId(
    (ctx.state.callMenus ?? []).filter((m) => viewableGroup(settings, m.user_group)),
    (m) => m.menu_id,
  );
  menus.forEach((m, k) => {
    out += `<tr ${chooserRowColor(k + 1)}><td width=30><font size=1 face="Arial,Helvetica">${k + 1}</td>\n`;
    out += chooserLink(m.menu_id, comments);
    out += `<td><font size=2 face="Arial,Helvetica">${m.menu_name}</td></tr>\n`;
  });
  out += FOOT;
  return out;
};

const containerList: Handler = (ctx) => {
  const u = ctx.user.user;
  const type = p(ctx, 'type');
  // The type is checked before anything else, even the permission.
  if (type.length < 1) return `ERROR: container_list NO CONTAINER TYPE DEFINED: |${u}|${type}|\n`;
  if (!chooserAllowed(ctx)) return `ERROR: container_list USER DOES NOT HAVE PERMISSION TO VIEW CALL MENUS LIST: |${u}|0|\n`;
  const denied = notAllowedFunction(ctx);
  if (denied) return denied;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const comments = commentsParam(ctx);
  let out = chooserHead();
  out += '<td width=30>#</td>\n';
  out += `<td colspan=2>Settings Containers: <br>${type} type</td>\n`;
  out += '<td>Container Notes</td>\n';
  out += '</tr>\n';
  const containers = byId(
    (ctx.state.settingsContainers ?? []).filter((c) => sqlEq(c.container_type, type) && viewableGroup(settings, c.user_group)),
    (c) => c.container_id,
  );
  containers.forEach((c, k) => {
    out += `<tr ${chooserRowColor(k + 1)}><td width=30><font size=1 face="Arial,Helvetica">${k + 1}</td>\n`;
    out += chooserLink(c.container_id, comments);
    out += `<td><font size=2 face="Arial,Helvetica">${c.container_notes}</td></tr>\n`;
  });
  out += FOOT;
  return out;
};

// ---------------------------------------------------------------------------
// blind_monitor

/** The server_ip part of a meetme dial string: each of the 4 octets padded to 3 digits (a missing one gives '00'), '*' after each. */
function ipDialString(ip: string): string {
  const parts = ip.split('.');
  let out = '';
  for (let i = 0; i < 4; i++) {
    let part = parts[i] ?? '';
    if (part.length < 2) part = `0${part}`;
    if (part.length < 3) part = `0${part}`;
    out += `${part}*`;
  }
  return out;
}

const blindMonitor: Handler = (ctx) => {
  const early = invalidSource(ctx) || notAllowedFunction(ctx);
  if (early) return early;
  const u = ctx.user.user;
  const source = p(ctx, 'source');
  const allowed = flag1(ctx.user, 'vdc_agent_api_access') && ctx.user.user_level > 6 && ctx.user.active === 'Y' ? 1 : 0;
  if (allowed < 1 && source !== 'queuemetrics') return `ERROR: blind_monitor USER DOES NOT HAVE PERMISSION TO BLIND MONITOR: |${u}|${allowed}|\n`;
  const sessionId = p(ctx, 'session_id');
  const serverIp = p(ctx, 'server_ip');
  const phoneLogin = p(ctx, 'phone_login');
  const server = servers(ctx.state).find((s) => sqlEq(s.server_ip, serverIp));
  const confbridge = server?.conf_engine === 'CONFBRIDGE';
  const monitorPrefix = confbridge ? '4' : '0';
  const bargePrefix = confbridge ? '6' : '';
  const conferences = ctx.state.conferences ?? [...ctx.state.agents.values()].map((a) => ({ conf_exten: a.conf_exten, server_ip: a.server_ip }));
  if (!conferences.some((c) => c.conf_exten === sessionId && sqlEq(c.server_ip, serverIp))) {
    return `ERROR: blind_monitor INVALID SESSION ID - ${sessionId}|${serverIp}|${u}\n`;
  }
  const phone = phoneRows(ctx.state).find((ph) => sqlEq(ph.login, phoneLogin));
  if (!phone && source !== 'queuemetrics') return `ERROR: blind_monitor INVALID PHONE LOGIN - ${phoneLogin}|${u}\n`;
  let monitorServerIp: string;
  let dialplanNumber: string;
  let outboundCid: string;
  if (source === 'queuemetrics' || !phone) {
    // system_settings.active_voicemail_server is not modelled: the agent's server is used.
    monitorServerIp = serverIp;
    dialplanNumber = phoneLogin;
    outboundCid = '';
  } else {
    dialplanNumber = phone.dialplan_number;
    monitorServerIp = phone.server_ip;
    outboundCid = phone.outbound_cid;
  }
  const dialString = ipDialString(serverIp);
  let stage = p(ctx, 'stage');
  let cidPrefix = 'BM';
  let swap = false;
  if (/MONITOR/.test(stage) || stage.length < 1) stage = monitorPrefix;
  if (/BARGE/.test(stage)) {
    if (/SWAP/.test(stage)) swap = true;
    stage = bargePrefix;
    cidPrefix = 'BB';
  }
  if (/HIJACK/.test(stage)) {
    stage = '';
    cidPrefix = 'BB';
  }
  if (/WHISPER/.test(stage)) {
    if ((ctx.state.agentWhisperEnabled ?? 0) === 1) {
      stage = '47378218';
      cidPrefix = 'BW';
    } else {
      stage = '0';
    }
  }
  let padUser = u.padStart(8, '0');
  while (padUser.length > 8) padUser = padUser.slice(0, -1);
  const query = `${cidPrefix}${Math.floor(ctx.now.getTime() / 1000)}${padUser}`;
  const target = `${dialString}${stage}${sessionId}`;
  const queue = (ctx.state.managerQueue ??= []);
  const manId = queue.reduce((m, c) => Math.max(m, c.man_id), 0) + 1;
  queue.push({
    man_id: manId,
    entry_date: sqlDateTime(ctx.now),
    status: 'NEW',
    server_ip: monitorServerIp,
    action: 'Originate',
    callerid: query,
    cmd_line_b: swap ? `Channel: Local/${dialplanNumber}@default` : `Channel: Local/${target}@default`,
    cmd_line_c: 'Context: default',
    cmd_line_d: swap ? `Exten: ${target}` : `Exten: ${dialplanNumber}`,
    cmd_line_e: 'Priority: 1',
    cmd_line_f: `Callerid: "${query}" <${outboundCid}>`,
  });
  return `SUCCESS: blind_monitor HAS BEEN LAUNCHED - ${phoneLogin}|${target}|${dialplanNumber}|${sessionId}|${manId}|${u}\n`;
};

// ---------------------------------------------------------------------------
// Inbound DIDs

/** vicidial_inbound_dids column defaults (the schema's) for columns a state row leaves out. */
const DID_DEFAULTS: Readonly<Required<Omit<SimDid, 'did_id' | 'did_pattern'>>> = {
  did_description: '',
  did_active: 'Y',
  did_route: 'EXTEN',
  record_call: 'N',
  extension: '9998811112',
  exten_context: 'default',
  voicemail_ext: '',
  phone: '',
  server_ip: '',
  group_id: '',
  menu_id: '',
  filter_clean_cid_number: '',
  call_handle_method: 'CID',
  agent_search_method: 'LB',
  list_id: '999',
  entry_list_id: '0',
  campaign_id: '',
  phone_code: '1',
  user_group: '---ALL---',
};

/**
 * The DID table. Without state.dids it is derived from the inbound calls as the report handlers do
 * (one DID per did_pattern, did_id = the pattern, routed to the call's in-group); `forWrite` stores
 * that derived table in the state first so the change persists.
 */
function didTable(state: SimState, forWrite = false): SimDid[] {
  if (state.dids) return state.dids;
  const rows: SimDid[] = [];
  for (const c of state.calls) {
    if (!c.inbound || c.did_pattern === '' || rows.some((d) => d.did_pattern === c.did_pattern)) continue;
    rows.push({ did_id: c.did_pattern, did_pattern: c.did_pattern, did_route: 'IN_GROUP', group_id: c.campaign_id });
  }
  if (forWrite) state.dids = rows;
  return rows;
}

/** The next did_id (auto-increment over the numeric ids; derived rows use their pattern as id and are skipped). */
function nextDidId(rows: SimDid[]): string {
  let max = 0;
  for (const d of rows) if (/^\d{1,9}$/.test(d.did_id)) max = Math.max(max, Number(d.did_id));
  return String(max + 1);
}

type DidPatch = Partial<Omit<SimDid, 'did_id' | 'did_pattern'>>;

/**
 * The optional DID settings of add_did / update_did, checked in the server's order. Returns the error
 * line or the columns to set. add_did's call-menu error carries the update_did token (as the server prints it).
 */
function didSettings(ctx: SimContext, fn: 'add_did' | 'update_did'): string | DidPatch {
  const u = ctx.user.user;
  const err = (reason: string, data: string, token: string = fn): string => `ERROR: ${token} ${reason}: |${u}|${data}\n`;
  const patch: DidPatch = {};
  const description = p(ctx, 'did_description');
  if (description.length > 0) {
    if (description.length > 50 || description.length < 6) return err('DID DESCRIPTION MUST BE FROM 6 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD', description);
    patch.did_description = description;
  }
  const active = p(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return err('ACTIVE MUST BE Y OR N, THIS IS AN OPTIONAL FIELD', active);
    patch.did_active = active;
  }
  const route = p(ctx, 'did_route');
  if (route.length > 0) {
    if (!/^(EXTEN|VOICEMAIL|AGENT|PHONE|IN_GROUP|CALLMENU|VMAIL_NO_INST)$/.test(route)) return err('DID ROUTE IS NOT VALID, THIS IS AN OPTIONAL FIELD', route);
    patch.did_route = route;
  }
  const record = p(ctx, 'record_call');
  if (record.length > 0) {
    if (record !== 'Y' && record !== 'N' && record !== 'Y_QUEUESTOP') return err('RECORD CALL MUST BE Y OR N, THIS IS AN OPTIONAL FIELD', record);
    patch.record_call = record;
  }
  const extension = p(ctx, 'extension');
  if (extension.length > 0) {
    if (extension.length > 50) return err('EXTENSION MUST BE FROM 1 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD', extension);
    patch.extension = extension;
  }
  const context = p(ctx, 'exten_context');
  if (context.length > 0) {
    if (context.length > 50) return err('EXTENSION CONTEXT MUST BE FROM 1 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD', context);
    patch.exten_context = context;
  }
  const vm = p(ctx, 'voicemail_ext');
  if (vm.length > 0) {
    if (vm.length > 10) return err('VOICEMAIL EXTENSION MUST BE FROM 1 TO 10 CHARACTERS, THIS IS AN OPTIONAL FIELD', vm);
    patch.voicemail_ext = vm;
  }
  const phone = p(ctx, 'phone_extension');
  if (phone.length > 0) {
    if (phone.length > 100) return err('PHONE EXTENSION MUST BE FROM 1 TO 100 CHARACTERS, THIS IS AN OPTIONAL FIELD', phone);
    patch.phone = phone;
  }
  const serverIp = p(ctx, 'server_ip');
  if (serverIp.length > 0) {
    if (!servers(ctx.state).some((s) => sqlEq(s.server_ip, serverIp))) return err('SERVER IP MUST BE A VALID SERVER IN THE SYSTEM, THIS IS AN OPTIONAL FIELD', serverIp);
    patch.server_ip = serverIp;
  }
  const group = p(ctx, 'group');
  if (group.length > 0) {
    if (![...ctx.state.inGroups.keys()].some((g) => sqlEq(g, group))) return err('GROUP ID MUST BE A VALID INBOUND GROUP IN THE SYSTEM, THIS IS AN OPTIONAL FIELD', group);
    patch.group_id = group;
  }
  const menu = p(ctx, 'menu_id');
  if (menu.length > 0) {
    if (!(ctx.state.callMenus ?? []).some((m) => sqlEq(m.menu_id, menu))) {
      return err('MENU ID MUST BE A VALID CALL MENU IN THE SYSTEM, THIS IS AN OPTIONAL FIELD', menu, 'update_did');
    }
    patch.menu_id = menu;
  }
  const clean = p(ctx, 'filter_clean_cid_number');
  if (clean.length > 0) {
    if (clean.length > 20) return err('CLEAN CID NUMBER MUST BE FROM 1 TO 20 CHARACTERS, THIS IS AN OPTIONAL FIELD', clean);
    patch.filter_clean_cid_number = clean;
  }
  const handle = p(ctx, 'call_handle_method');
  if (handle.length > 0) {
    if (handle.length > 20 || handle.length < 3) return err('CALL HANDLE METHOD MUST BE FROM 3 TO 20 CHARACTERS, THIS IS AN OPTIONAL FIELD', handle);
    patch.call_handle_method = handle;
  }
  const search = p(ctx, 'agent_search_method');
  if (search.length > 0) {
    if (search.length !== 2) return err('AGENT SEARCH METHOD MUST BE 2 CHARACTERS, THIS IS AN OPTIONAL FIELD', search);
    patch.agent_search_method = search;
  }
  const listId = p(ctx, 'list_id');
  if (listId.length > 0) {
    if (listId.length > 14 || listId.length < 3) return err('LIST ID MUST BE FROM 3 TO 14 DIGITS, THIS IS AN OPTIONAL FIELD', listId);
    patch.list_id = listId;
  }
  const entryList = p(ctx, 'entry_list_id');
  if (entryList.length > 0) {
    if (entryList.length > 14) return err('ENTRY LIST ID MUST BE FROM 1 TO 14 DIGITS, THIS IS AN OPTIONAL FIELD', entryList);
    patch.entry_list_id = entryList;
  }
  const campaign = p(ctx, 'campaign_id');
  if (campaign.length > 0) {
    if (campaign.length > 8) return err('CAMPAIGN MUST BE FROM 1 TO 8 CHARACTERS, THIS IS AN OPTIONAL FIELD', campaign);
    patch.campaign_id = campaign;
  }
  const phoneCode = p(ctx, 'phone_code');
  if (phoneCode.length > 0) {
    if (phoneCode.length > 10) return err('PHONE CODE MUST BE FROM 1 TO 10 CHARACTERS, THIS IS AN OPTIONAL FIELD', phoneCode);
    patch.phone_code = phoneCode;
  }
  return patch;
}

/** The DID functions' opening: source, allowed functions, then vdc_agent_api_access + modify_inbound_dids + level 8. */
function didPreamble(ctx: SimContext, reason: string): string {
  const early = invalidSource(ctx) || notAllowedFunction(ctx);
  if (early) return early;
  const user = ctx.user;
  const allowed = flag1(user, 'vdc_agent_api_access') && flag1(user, 'modify_inbound_dids') && user.user_level >= 8 && user.active === 'Y';
  if (!allowed) return `ERROR: ${ctx.fn} ${reason}: |${user.user}|0\n`;
  return '';
}

const addDid: Handler = (ctx) => {
  const early = didPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO ADD DIDS');
  if (early) return early;
  const u = ctx.user.user;
  const pattern = p(ctx, 'did_pattern');
  if (pattern.length < 2 || pattern.length > 50) return `ERROR: add_did YOU MUST USE ALL REQUIRED FIELDS: |${u}|${pattern}\n`;
  // The existence check is over every DID, whatever its user group.
  if (didTable(ctx.state).some((d) => sqlEq(d.did_pattern, pattern))) return `ERROR: add_did DID ALREADY EXISTS: |${u}|${pattern}\n`;
  const patch = didSettings(ctx, 'add_did');
  if (typeof patch === 'string') return patch;
  const rows = didTable(ctx.state, true);
  rows.push({ did_id: nextDidId(rows), did_pattern: pattern, ...patch });
  return `SUCCESS: add_did DID HAS BEEN ADDED - ${u}|${pattern}\n`;
};

const copyDid: Handler = (ctx) => {
  const early = didPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO ADD DIDS');
  if (early) return early;
  const u = ctx.user.user;
  const sourcePattern = p(ctx, 'source_did_pattern');
  const newDids = p(ctx, 'new_dids');
  if (sourcePattern.length < 2 || sourcePattern.length > 50 || newDids.length < 2 || newDids.length > 2000) {
    return `ERROR: copy_did YOU MUST USE ALL REQUIRED FIELDS: |${u}|${sourcePattern}|${newDids}\n`;
  }
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const viewable = (d: SimDid): boolean => didViewable(settings, d.user_group ?? DID_DEFAULTS.user_group);
  if (!didTable(ctx.state).some((d) => sqlEq(d.did_pattern, sourcePattern) && viewable(d))) {
    return `ERROR: copy_did SOURCE DID DOES NOT EXIST: |${u}|${sourcePattern}\n`;
  }
  const description = p(ctx, 'did_description');
  let out = '';
  let inserts = 0;
  let errors = 0;
  for (const did of newDids.split(',')) {
    const rows = didTable(ctx.state);
    if (rows.some((d) => sqlEq(d.did_pattern, did))) {
      out += `NOTICE: copy_did DID ALREADY EXISTS - ${u}|${did}\n`;
      errors++;
      continue;
    }
    if (description.length > 0 && (description.length > 50 || description.length < 6)) {
      // Printed mid-loop: the DIDs copied so far stay, and the closing line is never printed.
      return `${out}ERROR: copy_did DID DESCRIPTION MUST BE EITHER BLANK OR FROM 6 TO 50 CHARACTERS, THIS IS AN OPTIONAL FIELD: |${u}|${description}\n`;
    }
    // INSERT ... SELECT from the source row (not restricted to viewable groups here).
    const source = rows.find((d) => sqlEq(d.did_pattern, sourcePattern));
    let didId = '0';
    let added = 0;
    if (source) {
      const table = didTable(ctx.state, true);
      didId = nextDidId(table);
      table.push({ ...source, did_id: didId, did_pattern: did, did_description: description.length > 0 ? description : source.did_description });
      added = 1;
    }
    inserts += added;
    out += `NOTICE: copy_did DID HAS BEEN ADDED - ${u}|${did}|${sourcePattern}|${didId}|${added}\n`;
  }
  if (inserts > 0) out += `SUCCESS: copy_did DIDS HAVE BEEN ADDED - ${u}|${sourcePattern}|${inserts}|${errors}\n`;
  else out += `ERROR: copy_did NO DIDS ADDED - ${u}|${sourcePattern}|${inserts}|${errors}\n`;
  return out;
};

const updateDid: Handler = (ctx) => {
  const early = didPreamble(ctx, 'USER DOES NOT HAVE PERMISSION TO UPDATE DIDS');
  if (early) return early;
  const u = ctx.user.user;
  const pattern = p(ctx, 'did_pattern');
  if (pattern.length < 2 || pattern.length > 50) return `ERROR: update_did YOU MUST USE ALL REQUIRED FIELDS: |${u}|${pattern}\n`;
  const settings = groupSettings(ctx.state, ctx.user.user_group);
  const found = didTable(ctx.state).find((d) => sqlEq(d.did_pattern, pattern) && didViewable(settings, d.user_group ?? DID_DEFAULTS.user_group));
  if (!found) return `ERROR: update_did DID DOES NOT EXIST: |${u}|${pattern}\n`;
  const didId = found.did_id;
  if (p(ctx, 'delete_did') === 'Y') {
    if (!(Number(ctx.user.flags.delete_inbound_dids ?? '0') >= 1)) {
      // The detail is the earlier permission count (always 1 here).
      return `ERROR: update_did USER DOES NOT HAVE PERMISSION TO DELETE DIDS: |${u}|1\n`;
    }
    const rows = didTable(ctx.state, true);
    const at = rows.findIndex((d) => sqlEq(d.did_pattern, pattern));
    if (at >= 0) rows.splice(at, 1);
    return `SUCCESS: update_did DID HAS BEEN DELETED - ${u}|${pattern}|${didId}\n`;
  }
  const patch = didSettings(ctx, 'update_did');
  if (typeof patch === 'string') return patch;
  if (Object.keys(patch).length === 0) return `NOTICE: update_did NO UPDATES DEFINED: |${u}|\n`;
  for (const d of didTable(ctx.state, true)) if (sqlEq(d.did_pattern, pattern)) Object.assign(d, patch);
  return `SUCCESS: update_did DID HAS BEEN UPDATED - ${u}|${pattern}\n`;
};

// ---------------------------------------------------------------------------
// update_cid_group_entry

const updateCidGroupEntry: Handler = (ctx) => {
  const early = invalidSource(ctx) || notAllowedFunction(ctx);
  if (early) return early;
  const user = ctx.user;
  const u = user.user;
  const allowed = flag1(user, 'vdc_agent_api_access') && flag1(user, 'modify_campaigns') && user.user_level >= 8 && user.active === 'Y';
  if (!allowed) return `ERROR: update_cid_group_entry USER DOES NOT HAVE PERMISSION TO UPDATE CID GROUPS: |${u}|0\n`;
  const id = p(ctx, 'cid_group_id');
  const stage = p(ctx, 'stage');
  const areacode = areacodeParam(ctx);
  if (id.length < 1 || id.length > 20 || stage.length < 3 || stage.length > 6 || areacode.length < 1 || areacode.length > 9) {
    return `ERROR: update_cid_group_entry YOU MUST USE ALL REQUIRED FIELDS: |${u}|${id}|${areacode}|${stage}\n`;
  }
  const settings = groupSettings(ctx.state, user.user_group);
  const groupExists = (ctx.state.cidGroups ?? []).some((g) => sqlEq(g.cid_group_id, id) && didViewable(settings, g.user_group));
  if (!groupExists) {
    const allowedIds = allowedCampaignIds(settings);
    const campaignExists = [...ctx.state.campaigns.keys()].some((c) => sqlEq(c, id) && (!allowedIds || allowedIds.has(c)));
    if (!campaignExists) return `ERROR: update_cid_group_entry CID GROUP DOES NOT EXIST: |${u}|${id}\n`;
  }
  const outboundCid = outboundCidParam(ctx);
  const active = p(ctx, 'active');
  const description = p(ctx, 'cid_description');
  const entries = (ctx.state.cidAreacodes ??= []);
  const matches = (e: (typeof entries)[number]): boolean =>
    sqlEq(e.campaign_id, id) &&
    (areacode === '---ALL---' || sqlEq(e.areacode, areacode)) &&
    (outboundCid === '---ALL---' || outboundCid.length < 1 || sqlEq(e.outbound_cid, outboundCid));
  const selected = (): typeof entries =>
    entries.filter(matches).sort((a, b) => {
      const x = [a.areacode.toLowerCase(), a.outbound_cid.toLowerCase()];
      const y = [b.areacode.toLowerCase(), b.outbound_cid.toLowerCase()];
      return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
    });
  const noEntries = `ERROR: update_cid_group_entry THIS CID GROUP HAS NO ENTRIES: |${u}|${id}\n`;

  if (stage === 'INFO') {
    const rows = selected();
    if (rows.length < 1) return noEntries;
    let out = `SUCCESS: update_cid_group_entry CID GROUP INFO AS FOLLOWS ${id}|${areacode}|${outboundCid}|${rows.length}\n`;
    rows.forEach((e, i) => {
      out += `${i + 1}|${e.areacode}|${e.outbound_cid}|${e.active === '' ? 'N' : e.active}|${e.cid_description}|${e.call_count_today}\n`;
    });
    return out;
  }
  if (stage === 'ADD') {
    if (areacode === '---ALL---') return `ERROR: update_cid_group_entry YOU MUST DEFINE AN AREACODE WHEN ADDING AND ENTRY: |${u}|${id}|${areacode}\n`;
    if (outboundCid.length < 4) return `ERROR: update_cid_group_entry YOU MUST DEFINE A CID NUMBER WHEN ADDING AND ENTRY: |${u}|${id}|${outboundCid}\n`;
    const stored = active === 'Y' ? 'Y' : '';
    if (entries.some((e) => sqlEq(e.campaign_id, id) && sqlEq(e.areacode, areacode) && sqlEq(e.outbound_cid, outboundCid))) {
      return `ERROR: update_cid_group_entry THIS CID GROUP ENTRY ALREADY EXISTS: |${u}|${id}|${areacode}|${outboundCid}\n`;
    }
    entries.push({ campaign_id: id, areacode, outbound_cid: outboundCid, active: stored, cid_description: description, call_count_today: 0 });
    return `SUCCESS: update_cid_group_entry CID GROUP ENTRY HAS BEEN ADDED - ${u}|${id}|${areacode}|${outboundCid}|1\n`;
  }
  if (stage === 'DELETE') {
    const rows = selected();
    if (rows.length < 1) return noEntries;
    const gone = new Set(rows);
    ctx.state.cidAreacodes = entries.filter((e) => !gone.has(e));
    return `SUCCESS: update_cid_group_entry CID GROUP ENTRIES HAVE BEEN DELETED - ${u}|${id}|${areacode}|${outboundCid}|${rows.length}\n`;
  }
  if (stage === 'UPDATE') {
    const rows = selected();
    if (rows.length < 1) return noEntries;
    const setActive = active === 'Y' || active === 'N';
    if (!setActive && description.length < 1) {
      return `ERROR: update_cid_group_entry NO UPDATES WERE DEFINED: |${u}|${id}|${areacode}|${outboundCid}|${active}|${description}\n`;
    }
    // mysqli_affected_rows: only the rows whose values really change.
    let changed = 0;
    for (const e of rows) {
      const before = `${e.active}\u0000${e.cid_description}`;
      if (setActive) e.active = active === 'Y' ? 'Y' : '';
      if (description.length > 0) e.cid_description = description;
      if (`${e.active}\u0000${e.cid_description}` !== before) changed++;
    }
    return `SUCCESS: update_cid_group_entry CID GROUP ENTRIES HAVE BEEN UPDATED - ${u}|${id}|${areacode}|${outboundCid}|${changed}\n`;
  }
  // Any other stage of a valid length prints nothing.
  return '';
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  sounds_list: soundsList,
  moh_list: mohList,
  vm_list: vmList,
  callmenu_list: callmenuList,
  container_list: containerList,
  blind_monitor: blindMonitor,
  add_did: addDid,
  copy_did: copyDid,
  update_did: updateDid,
  update_cid_group_entry: updateCidGroupEntry,
};
