/**
 * Non-Agent API lead functions: add_lead, update_lead, batch_update_lead,
 * check_phone_number and update_log_entry, answering line for line as
 * non_agent_api.php does (validation order, detail order, source quirks).
 *
 * The catalog entries' notes record the behaviour. Simulator-only modelling:
 * - time zones come from a built-in US/Canada area-code table (the server's
 *   vicidial_phone_codes); other country codes get the server's GMT offset;
 *   there is no postal-code or NANPA prefix data (POSTAL falls back to the
 *   area code, NANPA options are reported as "not loaded");
 * - call times are VICIdial's stock ones (24hours, 9am-9pm, 9am-5pm, ...);
 * - custom fields: a list with an entry in state.customFieldDefs has exactly
 *   those fields; any other list takes the request's extra parameters as its
 *   fields. Values are kept in lead.custom.
 */
import { findFunction } from '../../core/catalog';
import { allowedCampaignIds, CALL_TIMES, invalidSource, listRestriction, notAllowedFunction, param, sqlDateTime, type Handler, type SimContext } from '../context';
import { blankLead, type SimCallback, type SimLead, type SimState, type SimUser } from '../state';

// ---------------------------------------------------------------------------
// Input cleaning (the server filters every variable before any function runs)

type Filter = (v: string) => string;
const keep = (re: RegExp): Filter => (v) => v.replace(re, '');
const keepPlus = (re: RegExp): Filter => (v) => v.replace(re, '').replace(/\+/g, ' ');

const DIGITS = keep(/[^0-9]/g);
const UPPER = keep(/[^A-Z]/g);
const ALNUM = keep(/[^0-9a-zA-Z]/g);
const IDENT = keep(/[^-_0-9a-zA-Z]/g);
const FREE = keepPlus(/[;#"]/g);
const ADDRESS = keepPlus(/[^- '+.:/@_0-9a-zA-Z]/g);

const FILTERS: Readonly<Record<string, Filter>> = {
  phone_number: keep(/[^,0-9]/g),
  lead_ids: keep(/[^,0-9]/g),
  phone_code: DIGITS,
  lead_id: DIGITS,
  list_id: DIGITS,
  list_id_field: DIGITS,
  records: DIGITS,
  called_count: DIGITS,
  entry_list_id: DIGITS,
  force_entry_list_id: DIGITS,
  rank: DIGITS,
  dnc_check: UPPER,
  campaign_dnc_check: UPPER,
  add_to_hopper: UPPER,
  hopper_local_call_time_check: UPPER,
  insert_if_not_found: UPPER,
  search_location: UPPER,
  no_update: UPPER,
  delete_lead: UPPER,
  reset_lead: UPPER,
  update_phone_number: UPPER,
  usacan_prefix_check: UPPER,
  usacan_areacode_check: UPPER,
  nanpa_ac_prefix_check: UPPER,
  lookup_state: UPPER,
  callback: UPPER,
  callback_type: UPPER,
  gender: UPPER,
  delete_cf_data: UPPER,
  custom_fields: ALNUM,
  list_exists_check: ALNUM,
  archived_lead: ALNUM,
  remove_from_hopper: ALNUM,
  hopper_priority: keep(/[^-0-9]/g),
  search_method: IDENT,
  duplicate_check: IDENT,
  tz_method: IDENT,
  status: IDENT,
  middle_initial: IDENT,
  country_code: IDENT,
  user_field: IDENT,
  campaign_id: IDENT,
  callback_status: IDENT,
  callback_user: IDENT,
  local_call_time: IDENT,
  date_of_birth: keep(/[^-0-9]/g),
  gmt_offset_now: keep(/[^-_.0-9]/g),
  vendor_lead_code: FREE,
  source_id: FREE,
  comments: FREE,
  title: keep(/[^- '_.0-9a-zA-Z]/g),
  first_name: keepPlus(/[^- '+_.0-9a-zA-Z]/g),
  last_name: keepPlus(/[^- '+_.0-9a-zA-Z]/g),
  address1: ADDRESS,
  address2: ADDRESS,
  address3: ADDRESS,
  city: ADDRESS,
  owner: ADDRESS,
  security_phrase: ADDRESS,
  state: keep(/[^- 0-9a-zA-Z]/g),
  province: keepPlus(/[^- '+._0-9a-zA-Z]/g),
  postal_code: keepPlus(/[^- '+0-9a-zA-Z]/g),
  alt_phone: keepPlus(/[^- '+_.0-9a-zA-Z]/g),
  email: keepPlus(/[^- '+.:/@%_0-9a-zA-Z]/g),
  multi_alt_phones: keepPlus(/[^- +!:_0-9a-zA-Z]/g),
  callback_datetime: keep(/[^- +.:/@_0-9a-zA-Z]/g),
  callback_comments: keep(/[^- +.:/@_0-9a-zA-Z]/g),
  group: keep(/[^-|_0-9a-zA-Z]/g),
  call_id: ALNUM,
};

/** The request variable as the PHP sees it after the server-wide filter. */
function v(ctx: SimContext, name: string): string {
  const raw = param(ctx, name);
  const f = FILTERS[name];
  let out = f ? f(raw) : raw;
  // remove_from_hopper=Y (exactly) turns add_to_hopper off for every function.
  if (name === 'add_to_hopper' && v(ctx, 'remove_from_hopper') === 'Y') out = 'N';
  return out;
}

function hopperPriority(ctx: SimContext): number {
  const raw = v(ctx, 'hopper_priority');
  const n = raw === '' ? 0 : parseInt(raw, 10) || 0;
  return Math.max(-99, Math.min(99, n));
}

/** '--BLANK--' is how a caller asks for an empty value. */
function blankable(s: string): string {
  return s === '--BLANK--' ? '' : s;
}

// ---------------------------------------------------------------------------
// Shared checks

const MODIFY_LEADS = new Set(['1', '2', '3', '4']);

function canModifyLeads(u: SimUser): boolean {
  return u.active === 'Y' && u.user_level > 7 && u.flags.vdc_agent_api_access === '1' && MODIFY_LEADS.has(u.flags.modify_leads ?? '');
}

/** source, api_allowed_functions and the permission query, in the PHP's order; '' when all pass. */
function preamble(ctx: SimContext, permissionReason: string, allowed: boolean, countSlot?: string): string {
  const bad = invalidSource(ctx) || notAllowedFunction(ctx);
  if (bad) return bad;
  if (!allowed) return `ERROR: ${ctx.fn} ${permissionReason}: |${ctx.user.user}|${countSlot ?? '0'}|\n`;
  return '';
}

// ---------------------------------------------------------------------------
// Time zones (vicidial_phone_codes for country code 1) and call times

interface AreaInfo {
  state: string;
  gmt: string;
  dst: boolean;
}

/** [state, standard GMT offset as stored, observes DST, area codes] */
const AREA_TABLE: ReadonlyArray<readonly [string, string, boolean, string]> = [
  ['AL', '-6.00', true, '205 251 256 334 659 938'],
  ['AK', '-9.00', true, '907'],
  ['AZ', '-7.00', false, '480 520 602 623 928'],
  ['AR', '-6.00', true, '479 501 870'],
  ['CA', '-8.00', true, '209 213 279 310 323 341 350 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951'],
  ['CO', '-7.00', true, '303 719 720 970 983'],
  ['CT', '-5.00', true, '203 475 860 959'],
  ['DE', '-5.00', true, '302'],
  ['DC', '-5.00', true, '202 771'],
  ['FL', '-5.00', true, '239 305 321 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954'],
  ['FL', '-6.00', true, '448 850'],
  ['GA', '-5.00', true, '229 404 470 478 678 706 762 770 912 943'],
  ['HI', '-10.00', false, '808'],
  ['ID', '-7.00', true, '208 986'],
  ['IL', '-6.00', true, '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872'],
  ['IN', '-5.00', true, '260 317 463 574 765 812 930'],
  ['IN', '-6.00', true, '219'],
  ['IA', '-6.00', true, '319 515 563 641 712'],
  ['KS', '-6.00', true, '316 620 785 913'],
  ['KY', '-5.00', true, '502 606 859'],
  ['KY', '-6.00', true, '270 364'],
  ['LA', '-6.00', true, '225 318 337 504 985'],
  ['ME', '-5.00', true, '207'],
  ['MD', '-5.00', true, '227 240 301 410 443 667'],
  ['MA', '-5.00', true, '339 351 413 508 617 774 781 857 978'],
  ['MI', '-5.00', true, '231 248 269 313 517 586 616 679 734 810 947 989'],
  ['MI', '-6.00', true, '906'],
  ['MN', '-6.00', true, '218 320 507 612 651 763 952'],
  ['MS', '-6.00', true, '228 601 662 769'],
  ['MO', '-6.00', true, '314 417 557 573 636 660 816 975'],
  ['MT', '-7.00', true, '406'],
  ['NE', '-6.00', true, '402 531'],
  ['NE', '-7.00', true, '308'],
  ['NV', '-8.00', true, '702 725 775'],
  ['NH', '-5.00', true, '603'],
  ['NJ', '-5.00', true, '201 551 609 640 732 848 856 862 908 973'],
  ['NM', '-7.00', true, '505 575'],
  ['NY', '-5.00', true, '212 315 329 332 347 363 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934'],
  ['NC', '-5.00', true, '252 336 472 704 743 828 910 919 980 984'],
  ['ND', '-6.00', true, '701'],
  ['OH', '-5.00', true, '216 220 234 326 330 380 419 436 440 513 567 614 740 937'],
  ['OK', '-6.00', true, '405 539 572 580 918'],
  ['OR', '-8.00', true, '458 503 541 971'],
  ['PA', '-5.00', true, '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['RI', '-5.00', true, '401'],
  ['SC', '-5.00', true, '803 821 839 843 854 864'],
  ['SD', '-6.00', true, '605'],
  ['TN', '-6.00', true, '615 629 731 901 931'],
  ['TN', '-5.00', true, '423 865'],
  ['TX', '-6.00', true, '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979'],
  ['TX', '-7.00', true, '915'],
  ['UT', '-7.00', true, '385 435 801'],
  ['VT', '-5.00', true, '802'],
  ['VA', '-5.00', true, '276 434 540 571 686 703 757 804 826 948'],
  ['WA', '-8.00', true, '206 253 360 425 509 564'],
  ['WV', '-5.00', true, '304 681'],
  ['WI', '-6.00', true, '262 274 353 414 534 608 715 920'],
  ['WY', '-7.00', true, '307'],
  ['PR', '-4.00', false, '787 939'],
  ['AB', '-7.00', true, '368 403 587 780 825'],
  ['BC', '-8.00', true, '236 250 604 672 778'],
  ['MB', '-6.00', true, '204 431 584'],
  ['NB', '-4.00', true, '428 506'],
  ['NL', '-3.50', true, '709'],
  ['NS', '-4.00', true, '782 902'],
  ['ON', '-5.00', true, '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942'],
  ['QC', '-5.00', true, '263 354 367 418 438 450 468 514 579 581 819 873'],
  ['SK', '-6.00', false, '306 474 639'],
];

const AREA_CODES: ReadonlyMap<string, AreaInfo> = (() => {
  const m = new Map<string, AreaInfo>();
  for (const [state, gmt, dst, codes] of AREA_TABLE) for (const c of codes.split(' ')) m.set(c, { state, gmt, dst });
  return m;
})();

/** vicidial_phone_codes.tz_code for country code 1. */
const TZ_CODES: Readonly<Record<string, { gmt: string; dst: boolean }>> = {
  AST: { gmt: '-4.00', dst: true },
  EST: { gmt: '-5.00', dst: true },
  CST: { gmt: '-6.00', dst: true },
  MST: { gmt: '-7.00', dst: true },
  PST: { gmt: '-8.00', dst: true },
  AKST: { gmt: '-9.00', dst: true },
  HST: { gmt: '-10.00', dst: false },
  NST: { gmt: '-3.50', dst: true },
};

/** Second Sunday of March to first Sunday of November, 2 am local standard time. */
function usDstInEffect(now: Date, stdOffset: number): boolean {
  const local = new Date(now.getTime() + stdOffset * 3600_000);
  const y = local.getUTCFullYear();
  const firstSunday = (month: number): number => {
    const dow = new Date(Date.UTC(y, month, 1)).getUTCDay();
    return 1 + ((7 - dow) % 7);
  };
  const start = Date.UTC(y, 2, firstSunday(2) + 7, 2);
  const end = Date.UTC(y, 10, firstSunday(10), 1);
  const t = local.getTime();
  return t >= start && t < end;
}

/** PHP prints a float without trailing zeros ("-4", "-2.5"). */
function phpFloat(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function withDst(now: Date, gmt: string, dst: boolean): string {
  const n = parseFloat(gmt);
  if (dst && usDstInEffect(now, n)) return phpFloat(n + 1);
  return gmt;
}

/** lookup_gmt_api(): the current GMT offset of a number, as the server prints it. */
function lookupGmt(ctx: SimContext, phoneCode: string, phone: string, tzMethod: string, owner: string): string {
  if (phoneCode === '1') {
    if (tzMethod === 'TZCODE' && owner.length > 1) {
      const tz = TZ_CODES[owner];
      if (tz) return withDst(ctx.now, tz.gmt, tz.dst);
    }
    const area = AREA_CODES.get(phone.slice(0, 3));
    if (area) return withDst(ctx.now, area.gmt, area.dst);
  }
  return ctx.state.serverGmt.toFixed(2);
}

/** dialable_gmt(): 1 when the local time at that offset is inside the call time. */
function dialableGmt(ctx: SimContext, callTime: string, gmt: string): number {
  const ct = CALL_TIMES[callTime];
  if (!ct) return 0;
  const offset = parseFloat(gmt) || 0;
  const local = new Date(ctx.now.getTime() + offset * 3600_000);
  const hhmm = local.getUTCHours() * 100 + local.getUTCMinutes();
  return hhmm >= ct[0] && hhmm < ct[1] ? 1 : 0;
}

/** The list's local_call_time unless empty/'campaign', else its campaign's; '' when the list has no campaign. */
function listCallTime(state: SimState, listId: string): { callTime: string; campaignId: string } {
  const list = state.lists.get(listId);
  const camp = list ? state.campaigns.get(list.campaign_id) : undefined;
  if (!list || !camp) return { callTime: '', campaignId: '' };
  const listCt = list.local_call_time ?? 'campaign';
  const callTime = listCt !== '' && !/^campaign$/i.test(listCt) ? listCt : camp.local_call_time ?? '9am-9pm';
  return { callTime, campaignId: camp.campaign_id };
}

// ---------------------------------------------------------------------------
// Phone checks shared by add_lead and check_phone_number

/** Number of vicidial_nanpa_prefix_codes rows: the simulator has none loaded. */
const NANPA_ROWS = 0;

function phoneValidity(fn: string, phone: string, usPrefix: string, usArea: string, tenDigitRule: boolean): string {
  let valid = 1;
  let reason = '';
  if (phone.length < 6 || phone.length > 16) {
    valid = 0;
    reason = 'INVALID PHONE NUMBER LENGTH';
  }
  if (usPrefix === 'Y' && valid > 0) {
    const d = phone.slice(3, 4);
    if (d === '' || (/\d/.test(d) ? Number(d) < 2 : d < '2')) {
      valid = 0;
      reason = 'INVALID PHONE NUMBER PREFIX';
    }
  }
  if (usArea === 'Y' && valid > 0) {
    valid = AREA_CODES.has(phone.slice(0, 3)) ? 1 : 0;
    if (valid < 1 || (tenDigitRule && phone.length !== 10)) reason = 'INVALID PHONE NUMBER AREACODE';
  }
  return valid < 1 ? `${fn} ${reason}` : '';
}

/** '' or the DNC error line (system list, then the campaign's or the one it borrows). */
function dncCheck(ctx: SimContext, fn: string, phone: string, user: string): string {
  const dnc = v(ctx, 'dnc_check');
  const areaMask = `${phone.slice(0, 3)}XXXXXXX`;
  if (dnc === 'Y' || dnc === 'AREACODE') {
    const hit = ctx.state.dnc.has(phone) || (dnc === 'AREACODE' && ctx.state.dnc.has(areaMask));
    if (hit) return `ERROR: ${fn} PHONE NUMBER IN DNC - ${phone}|${user}\n`;
  }
  const cdnc = v(ctx, 'campaign_dnc_check');
  if (cdnc === 'Y' || cdnc === 'AREACODE') {
    const campaignId = v(ctx, 'campaign_id');
    const other = ctx.state.campaigns.get(campaignId)?.use_other_campaign_dnc ?? '';
    const list = ctx.state.campaignDnc.get(other.length > 0 ? other : campaignId);
    const hit = !!list && (list.has(phone) || (cdnc === 'AREACODE' && list.has(areaMask)));
    if (hit) return `ERROR: ${fn} PHONE NUMBER IN CAMPAIGN DNC - ${phone}|${campaignId}|${user}\n`;
  }
  return '';
}

// ---------------------------------------------------------------------------
// Lead rows

const LEAD_COLUMNS = new Set([
  'lead_id', 'entry_date', 'modify_date', 'status', 'user', 'vendor_lead_code', 'source_id', 'list_id',
  'gmt_offset_now', 'called_since_last_reset', 'phone_code', 'phone_number', 'title', 'first_name',
  'middle_initial', 'last_name', 'address1', 'address2', 'address3', 'city', 'state', 'province',
  'postal_code', 'country_code', 'gender', 'date_of_birth', 'alt_phone', 'email', 'security_phrase',
  'comments', 'called_count', 'last_local_call_time', 'rank', 'owner', 'entry_list_id',
]);

/** Parameters the server reads for itself, never custom field values. */
const SYSTEM_PARAMS = new Set(['user', 'pass', 'function', 'source', 'DB', 'format', 'forcephonecode']);

function decimal2(gmt: string): string {
  const n = parseFloat(gmt);
  return Number.isFinite(n) ? n.toFixed(2) : '0.00';
}

function sortedLeads(state: SimState): SimLead[] {
  return [...state.leads.values()].sort((a, b) => a.lead_id - b.lead_id);
}

/** MySQL's default collation compares case-insensitively and ignores trailing spaces. */
function sqlEq(a: string, b: string): boolean {
  return a.replace(/ +$/, '').toLowerCase() === b.replace(/ +$/, '').toLowerCase();
}

/** Sets one column; true when the stored value changed (MySQL's affected-rows rule). */
function setColumn(lead: SimLead, col: string, value: string): boolean {
  const rec = lead as unknown as Record<string, string | number>;
  if (col === 'called_count') {
    const n = parseInt(value, 10) || 0;
    if (lead.called_count === n) return false;
    lead.called_count = n;
    return true;
  }
  let val = value;
  if (col === 'gmt_offset_now') val = decimal2(value);
  if (col === 'rank') val = String(parseInt(value, 10) || 0);
  if (col === 'date_of_birth' && val === '') val = '0000-00-00';
  if (String(rec[col]) === val) return false;
  rec[col] = val;
  return true;
}

function nextId<T extends object>(rows: readonly T[], key: keyof T, floor: number): number {
  let max = floor;
  for (const r of rows) {
    const n = Number(r[key]);
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max + 1;
}

// ---------------------------------------------------------------------------
// Custom fields

/** The fields of custom_<listId>, or undefined when that table does not exist. */
function customFieldsOf(ctx: SimContext, listId: string, extra: string[]): string[] | undefined {
  const defs = ctx.state.customFieldDefs?.get(listId);
  if (defs) return defs.filter((l) => !LEAD_COLUMNS.has(l));
  if (extra.length > 0) return extra;
  for (const l of ctx.state.leads.values()) {
    if (l.entry_list_id === listId && Object.keys(l.custom).length > 0) return [];
  }
  return undefined;
}

/** Request parameters that are not parameters of the function: candidate custom field labels. */
function extraParams(ctx: SimContext): string[] {
  const spec = findFunction(ctx.fn, 'non_agent');
  const known = new Set((spec?.params ?? []).map((p) => p.name));
  for (const k of Object.keys(FILTERS)) known.add(k);
  return Object.keys(ctx.params).filter((k) => !known.has(k) && !SYSTEM_PARAMS.has(k) && !LEAD_COLUMNS.has(k) && /^[A-Za-z0-9_]+$/.test(k));
}

/** A custom value as the server cleans it. */
function customValue(ctx: SimContext, label: string): string {
  return blankable(
    param(ctx, label)
      .replace(/\+/g, ' ')
      .replace(/[;"]/g, '')
      .replace(/\\$/, ''),
  );
}

/** The custom-fields insert of add_lead and of update_lead's insert path. */
function insertCustomFields(ctx: SimContext, fn: string, lead: SimLead, phone: string, listId: string, tableList: string): string {
  const enabled = ctx.state.customFieldsEnabled !== false;
  if (!enabled) return `NOTICE: ${fn} CUSTOM FIELDS NOT ADDED, CUSTOM FIELDS DISABLED - ${phone}|${lead.lead_id}|Y|0\n`;
  const fields = customFieldsOf(ctx, listId, extraParams(ctx));
  if (fields === undefined) return `NOTICE: ${fn} CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST - ${phone}|${lead.lead_id}|${listId}\n`;
  if (fields.length === 0) return `NOTICE: ${fn} CUSTOM FIELDS NOT ADDED, NO FIELDS DEFINED - ${phone}|${lead.lead_id}|${listId}\n`;
  const custom: Record<string, string> = {};
  for (const f of fields) custom[f] = customValue(ctx, f);
  lead.custom = custom;
  const changed = setColumn(lead, 'entry_list_id', tableList) ? 1 : 0;
  return `NOTICE: ${fn} CUSTOM FIELDS VALUES ADDED - ${phone}|${lead.lead_id}|${listId}|${changed}\n`;
}

/** multi_alt_phones: each entry is echoed with no newline, then a NOTICE (the server's own glitch). */
function multiAltPhones(ctx: SimContext, fn: string, leadId: number): string {
  const map = v(ctx, 'multi_alt_phones');
  if (map.length <= 5) return '';
  const rows = (ctx.state.altPhones ??= []);
  let out = '';
  let inserted = 0;
  map.split('!').forEach((entry, i) => {
    const [num = '', code = '', note = ''] = entry.split('_');
    out += `${num}|${code}|${note}`;
    rows.push({
      alt_phone_id: nextId(rows, 'alt_phone_id', 0),
      lead_id: leadId,
      phone_code: code.length > 0 ? code : '1',
      phone_number: num,
      alt_phone_note: note,
      alt_phone_count: i + 1,
    });
    inserted++;
  });
  return `${out}NOTICE: ${fn} MULTI-ALT-PHONE NUMBERS LOADED - ${inserted}|${leadId}|${ctx.user.user}\n`;
}

// ---------------------------------------------------------------------------
// Callbacks and hopper

function callbackTime(ctx: SimContext, raw: string): string {
  if (raw === 'NOW') return sqlDateTime(ctx.now);
  if (/\dDAYS$/i.test(raw)) {
    const days = parseInt(raw.replace(/[^0-9]/g, ''), 10) || 0;
    const d = new Date(ctx.now.getTime());
    d.setDate(d.getDate() + days);
    return sqlDateTime(d);
  }
  return raw;
}

interface CallbackInput {
  type: string;
  user: string;
}

/** A new scheduled callback (add_lead, and update_lead for a lead without one). */
function addCallback(ctx: SimContext, fn: string, leadId: number, listId: string, cb: CallbackInput): string {
  const campaignId = v(ctx, 'campaign_id');
  if (!ctx.state.campaigns.has(campaignId)) return `NOTICE: ${fn} SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID - ${leadId}|${campaignId}\n`;
  let userGroup = '';
  if (cb.type === 'USERONLY') {
    const u = ctx.state.users.get(cb.user);
    if (!u) return `NOTICE: ${fn} SCHEDULED CALLBACK NOT ADDED, USER NOT VALID - ${leadId}|${campaignId}|${cb.user}|${cb.type}\n`;
    userGroup = u.user_group;
  } else {
    cb.type = 'ANYONE';
    cb.user = '';
  }
  const when = callbackTime(ctx, v(ctx, 'callback_datetime'));
  const status = v(ctx, 'callback_status') || 'CALLBK';
  const rows = (ctx.state.callbacks ??= []);
  rows.push({
    callback_id: nextId(rows, 'callback_id', 0),
    lead_id: leadId,
    list_id: listId,
    campaign_id: campaignId,
    status: 'ACTIVE',
    entry_time: sqlDateTime(ctx.now),
    callback_time: when,
    user: cb.user,
    recipient: cb.type,
    comments: v(ctx, 'callback_comments'),
    user_group: userGroup,
    lead_status: status,
  });
  return `NOTICE: ${fn} SCHEDULED CALLBACK ADDED - ${leadId}|${campaignId}|${when}|${cb.type}|${cb.user}|${status}\n`;
}

/** Archives then deletes a lead's callbacks; [deleted, archived]. */
function removeCallbacks(state: SimState, leadId: number): [number, number] {
  const rows = state.callbacks ?? [];
  const gone = rows.filter((c) => c.lead_id === leadId);
  if (gone.length > 0) {
    (state.callbacksArchive ??= []).push(...gone.map((c) => ({ ...c })));
    state.callbacks = rows.filter((c) => c.lead_id !== leadId);
  }
  return [gone.length, gone.length];
}

function hopperInsert(ctx: SimContext, lead: SimLead, listId: string, campaignId: string, gmt: string): number {
  const hopper = ctx.state.hopper;
  const id = nextId(hopper, 'hopper_id', 0);
  hopper.push({
    hopper_id: id,
    lead_id: lead.lead_id,
    list_id: listId,
    campaign_id: campaignId,
    priority: hopperPriority(ctx),
    status: 'READY',
    state: lead.state,
    gmt_offset_now: gmt,
    source: 'P',
    vendor_lead_code: lead.vendor_lead_code,
  });
  return id;
}

// ---------------------------------------------------------------------------
// add_lead

const DUP_DAYS: ReadonlyArray<readonly [RegExp, number]> = [
  [/1DAY/i, 1], [/2DAY/i, 2], [/3DAY/i, 3], [/7DAY/i, 7], [/14DAY/i, 14], [/15DAY/i, 15], [/21DAY/i, 21],
  [/28DAY/i, 28], [/30DAY/i, 30], [/60DAY/i, 60], [/90DAY/i, 90], [/180DAY/i, 180], [/360DAY/i, 360],
];

interface NewLead {
  phone: string;
  listId: string;
  title: string;
  altPhone: string;
  firstName: string;
  lastName: string;
}

/** The first duplicate_check hit as an ERROR line, or ''. */
function duplicateCheck(ctx: SimContext, nl: NewLead): string {
  const check = v(ctx, 'duplicate_check');
  if (check === '') return '';
  let since = '';
  if (/1DAY|2DAY|3DAY|7DAY|14DAY|15DAY|21DAY|28DAY|30DAY|60DAY|90DAY|180DAY|360DAY/i.test(check)) {
    let days = 30;
    for (const [re, n] of DUP_DAYS) if (re.test(check)) days = n;
    const d = new Date(ctx.now.getTime());
    d.setDate(d.getDate() - days);
    since = sqlDateTime(d);
  }
  // CAMP modes: lists of the campaign owning list_id (none when the list has no campaign row).
  let campLists: Set<string> | undefined;
  if (/CAMP/i.test(check)) {
    const list = ctx.state.lists.get(nl.listId);
    if (list) campLists = new Set([...ctx.state.lists.values()].filter((l) => l.campaign_id === list.campaign_id).map((l) => l.list_id));
  }
  const leads = sortedLeads(ctx.state).filter((l) => since === '' || l.entry_date > since);
  const inList = (l: SimLead): boolean => l.list_id === nl.listId;
  const inCamp = (l: SimLead): boolean => !!campLists && campLists.size > 0 && campLists.has(l.list_id);
  const anyList = (): boolean => true;
  const phoneEq = (l: SimLead): boolean => l.phone_number === nl.phone;
  const phoneAlt = (l: SimLead): boolean => l.phone_number === nl.phone || l.alt_phone === nl.phone;
  const titleAlt = (l: SimLead): boolean => sqlEq(l.title, nl.title) && sqlEq(l.alt_phone, nl.altPhone);
  const namePhone = (l: SimLead): boolean => sqlEq(l.first_name, nl.firstName) && sqlEq(l.last_name, nl.lastName) && l.phone_number === nl.phone;
  const find = (match: (l: SimLead) => boolean, scope: (l: SimLead) => boolean): SimLead | undefined => leads.find((l) => match(l) && scope(l));
  const type = (l: SimLead): string => (l.phone_number === nl.phone ? 'PHONE' : 'ALT');
  const pre = 'ERROR: add_lead';
  const { phone, listId } = nl;
  let d: SimLead | undefined;
  if (/DUPLIST/i.test(check) && (d = find(phoneEq, inList))) return `${pre} DUPLICATE PHONE NUMBER IN LIST - ${phone}|${listId}|${d.lead_id}\n`;
  if (/DUPCAMP/i.test(check) && (d = find(phoneEq, inCamp))) return `${pre} DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS - ${phone}|${listId}|${d.lead_id}|${d.list_id}\n`;
  if (/DUPSYS/i.test(check) && (d = find(phoneEq, anyList))) return `${pre} DUPLICATE PHONE NUMBER IN SYSTEM - ${phone}|${listId}|${d.lead_id}|${d.list_id}\n`;
  if (/DUPPHONEALTLIST/i.test(check) && (d = find(phoneAlt, inList))) return `${pre} DUPLICATE PHONE NUMBER IN LIST - ${phone}|${listId}|${d.lead_id}|${type(d)}\n`;
  if (/DUPPHONEALTCAMP/i.test(check) && (d = find(phoneAlt, inCamp))) return `${pre} DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS - ${phone}|${listId}|${d.lead_id}|${d.list_id}|${type(d)}\n`;
  if (/DUPPHONEALTSYS/i.test(check) && (d = find(phoneAlt, anyList))) return `${pre} DUPLICATE PHONE NUMBER IN SYSTEM - ${phone}|${listId}|${d.lead_id}|${d.list_id}|${type(d)}\n`;
  const ta = `${nl.title}|${nl.altPhone}|${listId}`;
  if (/DUPTITLEALTPHONELIST/i.test(check) && (d = find(titleAlt, inList))) return `${pre} DUPLICATE TITLE ALT_PHONE IN LIST - ${ta}|${d.lead_id}\n`;
  if (/DUPTITLEALTPHONECAMP/i.test(check) && (d = find(titleAlt, inCamp))) return `${pre} DUPLICATE TITLE ALT_PHONE IN CAMPAIGN LISTS - ${ta}|${d.lead_id}|${d.list_id}\n`;
  if (/DUPTITLEALTPHONESYS/i.test(check) && (d = find(titleAlt, anyList))) return `${pre} DUPLICATE TITLE ALT_PHONE IN SYSTEM - ${ta}|${d.lead_id}|${d.list_id}\n`;
  const np = `${nl.firstName}|${nl.lastName}|${phone}|${listId}`;
  if (/DUPNAMEPHONELIST/i.test(check) && (d = find(namePhone, inList))) return `${pre} DUPLICATE NAME PHONE IN LIST - ${np}|${d.lead_id}\n`;
  if (/DUPNAMEPHONECAMP/i.test(check) && (d = find(namePhone, inCamp))) return `${pre} DUPLICATE NAME PHONE IN CAMPAIGN LISTS - ${np}|${d.lead_id}|${d.list_id}\n`;
  if (/DUPNAMEPHONESYS/i.test(check) && (d = find(namePhone, anyList))) return `${pre} DUPLICATE NAME PHONE IN SYSTEM - ${np}|${d.lead_id}|${d.list_id}\n`;
  return '';
}

const INSERT_FIELDS = [
  'vendor_lead_code', 'source_id', 'title', 'first_name', 'middle_initial', 'last_name', 'address1', 'address2',
  'address3', 'city', 'state', 'province', 'postal_code', 'country_code', 'gender', 'date_of_birth', 'alt_phone',
  'email', 'security_phrase', 'comments', 'rank', 'owner',
] as const;

/** INSERT INTO vicidial_list for add_lead and update_lead's insert path. */
function insertLead(ctx: SimContext, o: { phone: string; phoneCode: string; listId: string; status: string; gmt: string; entryListId: string; values: Record<string, string> }): SimLead {
  const state = ctx.state;
  const now = sqlDateTime(ctx.now);
  const id = state.nextLeadId++;
  const lead = blankLead(id, o.listId, o.phone, now);
  for (const f of INSERT_FIELDS) setColumn(lead, f, o.values[f] ?? '');
  lead.phone_code = o.phoneCode;
  lead.status = o.status;
  lead.user = ctx.user.user;
  lead.gmt_offset_now = decimal2(o.gmt);
  lead.called_since_last_reset = 'N';
  lead.last_local_call_time = now;
  lead.entry_list_id = o.entryListId;
  lead.custom = {};
  state.leads.set(id, lead);
  return lead;
}

const addLead: Handler = (ctx) => {
  const restrict = listRestriction(ctx);
  if (restrict.error) return restrict.error;
  const pre = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE SYSTEM', canModifyLeads(ctx.user));
  if (pre) return pre;
  const user = ctx.user.user;
  const phone = v(ctx, 'phone_number');
  let listId = v(ctx, 'list_id');
  if (restrict.allowed && !restrict.allowed.has(listId)) return `ERROR: add_lead NOT AN ALLOWED LIST ID - ${phone}|${listId}\n`;
  if (/Y/i.test(v(ctx, 'list_exists_check')) && !ctx.state.lists.has(listId)) {
    return `ERROR: add_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - ${phone}|${listId}\n`;
  }
  const values: Record<string, string> = {};
  for (const f of INSERT_FIELDS) values[f] = v(ctx, f);
  if (values.gender === '') values.gender = 'U';
  if (values.rank === '') values.rank = '0';
  if (listId.length < 3) listId = '999';
  const phoneCode = v(ctx, 'phone_code') || '1';
  let out = '';
  let tzMethod = v(ctx, 'tz_method');
  let nanpa = v(ctx, 'nanpa_ac_prefix_check');
  if (nanpa === 'Y' || /NANPA/i.test(tzMethod)) {
    if (NANPA_ROWS < 10) {
      nanpa = 'N';
      tzMethod = tzMethod.replace(/NANPA/g, '');
      out += `NOTICE: add_lead NANPA options disabled, NANPA prefix data not loaded - ${NANPA_ROWS}|${user}\n`;
    }
  }
  const invalid = phoneValidity('add_lead', phone, v(ctx, 'usacan_prefix_check'), v(ctx, 'usacan_areacode_check'), true);
  if (invalid) return `${out}ERROR: ${invalid} - ${phone}|${user}\n`;
  if (v(ctx, 'lookup_state') === 'Y' && values.state === '' && phoneCode === '1') {
    const area = AREA_CODES.get(phone.slice(0, 3));
    if (area) values.state = area.state;
  }
  const dnc = dncCheck(ctx, 'add_lead', phone, user);
  if (dnc) return out + dnc;
  const dup = duplicateCheck(ctx, {
    phone,
    listId,
    title: values.title,
    altPhone: values.alt_phone,
    firstName: values.first_name,
    lastName: values.last_name,
  });
  if (dup) return out + dup;

  const gmt = lookupGmt(ctx, phoneCode, phone, tzMethod, values.owner);
  const callback = v(ctx, 'callback');
  const entryListId = v(ctx, 'entry_list_id');
  const lead = insertLead(ctx, {
    phone,
    phoneCode,
    listId,
    status: callback === 'Y' ? 'CBHOLD' : 'NEW',
    gmt,
    entryListId: entryListId.length > 0 ? entryListId : '0',
    values,
  });
  out += `SUCCESS: add_lead LEAD HAS BEEN ADDED - ${phone}|${listId}|${lead.lead_id}|${gmt}|${user}\n`;
  out += multiAltPhones(ctx, 'add_lead', lead.lead_id);
  if (v(ctx, 'custom_fields') === 'Y') out += insertCustomFields(ctx, 'add_lead', lead, phone, listId, listId);
  if (v(ctx, 'add_to_hopper') === 'Y') {
    const { callTime, campaignId } = listCallTime(ctx.state, listId);
    const dialable = v(ctx, 'hopper_local_call_time_check') === 'Y' ? dialableGmt(ctx, callTime, gmt) : 1;
    if (dialable < 1) {
      out += `NOTICE: add_lead NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME - ${phone}|${lead.lead_id}|${gmt}|${dialable}|${user}\n`;
    } else {
      const hopperId = hopperInsert(ctx, lead, listId, campaignId, gmt);
      out += `NOTICE: add_lead ADDED TO HOPPER - ${phone}|${lead.lead_id}|${hopperId}|${user}\n`;
    }
  }
  if (callback === 'Y') {
    out += addCallback(ctx, 'add_lead', lead.lead_id, listId, { type: v(ctx, 'callback_type'), user: v(ctx, 'callback_user') });
  }
  return out;
};

// ---------------------------------------------------------------------------
// update_lead

/** Columns update_lead and batch_update_lead write when the parameter is non-empty, in the server's order. */
const UPDATE_MAP: ReadonlyArray<readonly [string, string]> = [
  ['user_field', 'user'], ['list_id_field', 'list_id'], ['status', 'status'], ['vendor_lead_code', 'vendor_lead_code'],
  ['source_id', 'source_id'], ['gmt_offset_now', 'gmt_offset_now'], ['title', 'title'], ['first_name', 'first_name'],
  ['middle_initial', 'middle_initial'], ['last_name', 'last_name'], ['address1', 'address1'], ['address2', 'address2'],
  ['address3', 'address3'], ['city', 'city'], ['state', 'state'], ['province', 'province'], ['postal_code', 'postal_code'],
  ['country_code', 'country_code'], ['gender', 'gender'], ['date_of_birth', 'date_of_birth'], ['alt_phone', 'alt_phone'],
  ['email', 'email'], ['security_phrase', 'security_phrase'], ['comments', 'comments'], ['rank', 'rank'], ['owner', 'owner'],
  ['called_count', 'called_count'], ['phone_code', 'phone_code'],
];

function collectChanges(ctx: SimContext): Array<[string, string]> {
  const changes: Array<[string, string]> = [];
  for (const [p, col] of UPDATE_MAP) {
    const val = v(ctx, p);
    if (val.length > 0) changes.push([col, blankable(val)]);
  }
  if (v(ctx, 'reset_lead') === 'Y') changes.push(['called_since_last_reset', 'N']);
  return changes;
}

/** Applies one UPDATE to a lead; 1 when a value changed (modify_date follows), else 0. */
function applyChanges(ctx: SimContext, lead: SimLead, changes: ReadonlyArray<readonly [string, string]>): number {
  let changed = false;
  for (const [col, val] of changes) if (setColumn(lead, col, val)) changed = true;
  if (changed) lead.modify_date = sqlDateTime(ctx.now);
  return changed ? 1 : 0;
}

interface Match {
  id: number;
  list: string;
  entry: string;
}

/** The leads of vicidial_list (or the archive, which the simulator keeps empty). */
function leadTable(ctx: SimContext): SimLead[] {
  return v(ctx, 'archived_lead') === 'Y' ? [] : [...ctx.state.leads.values()];
}

function newestFirst(a: SimLead, b: SimLead): number {
  return a.entry_date < b.entry_date ? 1 : a.entry_date > b.entry_date ? -1 : a.lead_id - b.lead_id;
}

const updateLead: Handler = (ctx) => {
  const restrict = listRestriction(ctx);
  if (restrict.error) return restrict.error;
  const pre = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM', canModifyLeads(ctx.user));
  if (pre) return pre;
  const state = ctx.state;
  const user = ctx.user.user;
  let listId = v(ctx, 'list_id');
  let leadIdParam = v(ctx, 'lead_id');
  const vendor = v(ctx, 'vendor_lead_code');
  const phone = v(ctx, 'phone_number');
  let searchLocation = v(ctx, 'search_location');
  let searchMethod = v(ctx, 'search_method');
  let records = v(ctx, 'records');
  const force = v(ctx, 'force_entry_list_id');
  let entryListId = v(ctx, 'entry_list_id');
  const customFields = v(ctx, 'custom_fields');
  const listIdField = v(ctx, 'list_id_field');
  if (searchLocation.length < 4 || Number(listId || '0') < 99 || listId.length < 3) searchLocation = 'SYSTEM';
  if (searchMethod.length < 6) searchMethod = 'LEAD_ID';
  if (records.length < 1) records = '1';
  if (force.length > 1) entryListId = force;
  const byId = /LEAD_ID/.test(searchMethod) && leadIdParam.length > 0;
  const byVendor = /VENDOR_LEAD_CODE/.test(searchMethod) && vendor.length > 0;
  const byPhone = /PHONE_NUMBER/.test(searchMethod) && phone.length > 5 && phone.length < 19;
  if (!byId && !byVendor && !byPhone) {
    return `ERROR: update_lead NO VALID SEARCH METHOD - ${user}|${searchMethod}|${leadIdParam}|${vendor}|${phone}\n`;
  }
  if (restrict.allowed && Number(listId || '0') >= 99 && !restrict.allowed.has(listId)) {
    return `ERROR: update_lead NOT AN ALLOWED LIST ID, SEARCH - ${phone}|${listId}\n`;
  }
  if (/Y/i.test(v(ctx, 'list_exists_check')) && listIdField.length > 0 && !state.lists.has(listIdField)) {
    return `ERROR: update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - ${phone}|${listIdField}\n`;
  }
  // Search scope.
  let scope: ((l: SimLead) => boolean) | undefined;
  if (/CAMPAIGN/i.test(searchLocation)) {
    const list = state.lists.get(listId);
    if (list) {
      const lists = new Set([...state.lists.values()].filter((l) => l.campaign_id === list.campaign_id).map((l) => l.list_id));
      scope = (l) => lists.has(l.list_id);
    }
  }
  if (/LIST/i.test(searchLocation)) scope = (l) => l.list_id === listId;
  const limit = parseInt(records, 10) || 0;
  const table = leadTable(ctx).filter((l) => !scope || scope(l));
  const search = (match: (l: SimLead) => boolean): Match[] =>
    table
      .filter(match)
      .sort(newestFirst)
      .slice(0, limit)
      .map((l) => ({ id: l.lead_id, list: l.list_id, entry: force.length > 1 ? force : l.entry_list_id }));
  let found: Match[] = [];
  if (byId) found = search((l) => l.lead_id === Number(leadIdParam));
  if (byVendor && found.length < 1) found = search((l) => sqlEq(l.vendor_lead_code, vendor));
  if (byPhone && found.length < 1) found = search((l) => l.phone_number === phone);

  let out = '';
  let inserted = false;
  if (v(ctx, 'no_update') === 'Y') {
    if (found.length < 1) return `NOTICE: update_lead NO MATCHES FOUND IN THE SYSTEM: |${user}|${leadIdParam}|${vendor}|${phone}\n`;
    if (leadIdParam.length < 1) leadIdParam = String(found[0].id);
    if (listId.length < 1) listId = found[0].list;
    out += `NOTICE: update_lead LEADS FOUND IN THE SYSTEM: |${user}|${leadIdParam}|${vendor}|${phone}|${found[0].list}|${found[0].entry}\n`;
  } else if (found.length > 0) {
    if (leadIdParam.length < 1) leadIdParam = String(found[0].id);
    if (listId.length < 1) listId = found[0].list;
    const changes = collectChanges(ctx);
    if (v(ctx, 'update_phone_number') === 'Y' && phone.length > 0) changes.push(['phone_number', phone]);
    if (entryListId.length > 0 && customFields !== 'Y') changes.push(['entry_list_id', blankable(entryListId)]);
    const deleteLead = v(ctx, 'delete_lead') === 'Y';
    const callback = v(ctx, 'callback');
    const cb: CallbackInput = { type: v(ctx, 'callback_type'), user: v(ctx, 'callback_user') };
    const extras = extraParams(ctx);
    let vcba = '';
    for (const m of found) {
      if (restrict.allowed && Number(m.list) >= 99 && !restrict.allowed.has(m.list)) {
        return `${out}ERROR: update_lead NOT AN ALLOWED LIST ID, RESULTS - ${m.list}\n`;
      }
      const lead = state.leads.get(m.id);
      if (v(ctx, 'delete_cf_data') === 'Y') {
        let cfList = '';
        if (entryListId.length > 0) cfList = entryListId;
        if (force.length > 0) cfList = force;
        if (cfList.length < 1) cfList = m.entry;
        let cfDeleted = '';
        if (customFieldsOf(ctx, cfList, []) !== undefined) {
          cfDeleted = lead && Object.keys(lead.custom).length > 0 ? '1' : '0';
          if (lead) lead.custom = {};
        }
        const vl = lead && setColumn(lead, 'entry_list_id', '0') ? 1 : 0;
        out += `NOTICE: update_lead CUSTOM FIELDS DATA HAS BEEN DELETED - ${user}|${m.id}|${cfList}|${vl}|${cfDeleted}\n`;
      }
      if (changes.length > 0 || deleteLead) {
        let affected = 0;
        let reason = 'LEAD HAS BEEN UPDATED';
        if (deleteLead) {
          const [deleted, archived] = removeCallbacks(state, m.id);
          vcba = String(archived);
          reason = `LEAD HAS BEEN DELETED ${deleted}|${archived}`;
          affected = state.leads.delete(m.id) ? 1 : 0;
        } else if (lead) {
          affected = applyChanges(ctx, lead, changes);
        }
        out += `SUCCESS: update_lead ${reason} - ${user}|${m.id}|${affected}|${vcba}|${vcba}|\n`;
      }
      if (callback === 'Y') {
        const existing = (state.callbacks ?? []).find((c) => c.lead_id === m.id);
        if (existing) out += updateCallback(ctx, existing, m.id, listIdField);
        else out += addCallback(ctx, 'update_lead', m.id, m.list, cb);
      }
      if (callback === 'REMOVE') {
        const [deleted, archived] = removeCallbacks(state, m.id);
        vcba = String(archived);
        out += `NOTICE: update_lead SCHEDULED CALLBACK DELETED - ${user}|${m.id}|${deleted}|${archived}\n`;
      }
      if (customFields === 'Y') out += updateCustomFields(ctx, lead, m, phone, deleteLead, extras, force);
    }
  } else {
    const insert = v(ctx, 'insert_if_not_found') === 'Y';
    out += `${insert ? 'NOTICE' : 'ERROR'}: update_lead NO MATCHES FOUND IN THE SYSTEM: |${user}|${leadIdParam}|${vendor}|${phone}\n`;
    if (!insert) return out;
    if (listIdField.length > 0) listId = listIdField;
    const phoneCode = v(ctx, 'phone_code');
    if (phone.length < 6 || phone.length > 18 || phoneCode.length < 1 || listId.length < 3) {
      return `${out}ERROR: update_lead INVALID DATA FOR LEAD INSERTION - ${user}|${phone}|${phoneCode}|${listId}|Y\n`;
    }
    if (restrict.allowed && Number(listId) >= 99 && !restrict.allowed.has(listId)) {
      return `${out}ERROR: update_lead NOT AN ALLOWED LIST ID, INSERT - ${phone}|${listId}\n`;
    }
    const values: Record<string, string> = {};
    for (const f of INSERT_FIELDS) values[f] = v(ctx, f);
    const gmt = lookupGmt(ctx, phoneCode, phone, v(ctx, 'tz_method'), values.owner);
    const lead = insertLead(ctx, {
      phone,
      phoneCode,
      listId,
      status: v(ctx, 'status') || 'NEW',
      gmt,
      entryListId: entryListId.length > 0 && customFields !== 'Y' ? entryListId : '0',
      values,
    });
    inserted = true;
    leadIdParam = String(lead.lead_id);
    out += `SUCCESS: update_lead LEAD HAS BEEN ADDED - ${phone}|${listId}|${lead.lead_id}|${gmt}|${user}\n`;
    out += multiAltPhones(ctx, 'update_lead', lead.lead_id);
    if (customFields === 'Y') out += insertCustomFields(ctx, 'update_lead', lead, phone, listId, force.length > 1 ? force : listId);
  }

  const leadId = Number(leadIdParam);
  if (v(ctx, 'add_to_hopper') === 'Y' && (found.length > 0 || inserted)) {
    if (state.hopper.some((h) => h.lead_id === leadId)) {
      out += `NOTICE: update_lead NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER - ${phone}|${leadIdParam}|${user}\n`;
    } else {
      const lead = state.leads.get(leadId);
      if (!lead) {
        out += `NOTICE: update_lead NOT ADDED TO HOPPER, LEAD NOT FOUND - ${phone}|${leadIdParam}|${user}\n`;
      } else {
        const { callTime, campaignId } = listCallTime(state, listId);
        const gmt = lead.gmt_offset_now;
        const dialable = v(ctx, 'hopper_local_call_time_check') === 'Y' ? dialableGmt(ctx, callTime, gmt) : 1;
        if (dialable < 1) {
          out += `NOTICE: update_lead NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME - ${phone}|${leadIdParam}|${gmt}|${dialable}|${user}\n`;
        } else {
          const hopperId = hopperInsert(ctx, lead, listId, campaignId, gmt);
          out += `NOTICE: update_lead ADDED TO HOPPER - ${phone}|${leadIdParam}|${hopperId}|${user}\n`;
        }
      }
    }
  }
  if (v(ctx, 'remove_from_hopper') === 'Y' && (found.length > 0 || inserted)) {
    const entry = state.hopper.find((h) => h.lead_id === leadId);
    if (!entry) {
      out += `NOTICE: update_lead NOT REMOVED FROM HOPPER, LEAD IS NOT IN THE HOPPER - ${phone}|${leadIdParam}|${user}\n`;
    } else {
      const locked = new Set(['INCALL', 'DONE', 'HOLD', 'DNC']);
      const before = state.hopper.length;
      state.hopper = state.hopper.filter((h) => h.lead_id !== leadId || locked.has(h.status));
      const removed = before - state.hopper.length > 0;
      out += `NOTICE: update_lead ${removed ? 'REMOVED' : 'NOT REMOVED'} FROM HOPPER - ${phone}|${leadIdParam}|${entry.status}|${user}\n`;
    }
  }
  return out;
};

/** callback=Y on a lead that already has a callback. */
function updateCallback(ctx: SimContext, cb: SimCallback, leadId: number, listIdField: string): string {
  let when = v(ctx, 'callback_datetime');
  const campaignId = v(ctx, 'campaign_id');
  const status = v(ctx, 'callback_status');
  const comments = v(ctx, 'callback_comments');
  const type = v(ctx, 'callback_type');
  const user = v(ctx, 'callback_user');
  const sets: Array<() => void> = [];
  if (when.length > 0) {
    when = callbackTime(ctx, when);
    const w = when;
    sets.push(() => (cb.callback_time = w));
  }
  if (status.length > 0) sets.push(() => (cb.lead_status = status));
  if (campaignId.length > 0) sets.push(() => (cb.campaign_id = campaignId));
  if (listIdField.length > 0) sets.push(() => (cb.list_id = listIdField));
  if (type.length > 0) sets.push(() => (cb.recipient = type));
  if (comments.length > 0) sets.push(() => (cb.comments = comments));
  if (user.length > 0) sets.push(() => (cb.user = user));
  if (sets.length === 0) return `NOTICE: update_lead SCHEDULED CALLBACK NOT UPDATED, NO FIELDS SPECIFIED - ${leadId}|\n`;
  cb.status = 'ACTIVE';
  cb.entry_time = sqlDateTime(ctx.now);
  for (const s of sets) s();
  return `NOTICE: update_lead SCHEDULED CALLBACK UPDATED - ${leadId}|${campaignId}|${when}|${type}|${user}|${status}\n`;
}

/** custom_fields=Y on a found lead: only labels present in the request are written. */
function updateCustomFields(ctx: SimContext, lead: SimLead | undefined, m: Match, phone: string, deleteLead: boolean, extras: string[], force: string): string {
  let customList = m.list;
  if (force.length > 1) customList = force;
  if (Number(m.entry) > 99) customList = m.entry;
  const fields = customFieldsOf(ctx, customList, extras);
  if (fields === undefined) return `NOTICE: update_lead CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST - ${phone}|${m.id}|${m.list}\n`;
  if (deleteLead) {
    const had = lead && Object.keys(lead.custom).length > 0;
    if (lead) lead.custom = {};
    return had ? `NOTICE: update_lead CUSTOM FIELDS ENTRY DELETED - ${phone}|${m.id}|${m.list}|${m.entry}|${customList}|1\n` : '';
  }
  const given = fields.filter((f) => Object.prototype.hasOwnProperty.call(ctx.params, f));
  if (given.length === 0 || !lead) return '';
  let changed = 0;
  const hadRow = Object.keys(lead.custom).length > 0;
  for (const f of given) {
    const val = customValue(ctx, f);
    if (lead.custom[f] !== val) changed = 1;
    lead.custom[f] = val;
  }
  if (!hadRow) changed = 1;
  if (changed > 0) setColumn(lead, 'entry_list_id', customList);
  return `NOTICE: update_lead CUSTOM FIELDS VALUES UPDATED - ${phone}|${m.id}|${m.list}|${m.entry}|${customList}|${changed}\n`;
}

// ---------------------------------------------------------------------------
// batch_update_lead

const batchUpdateLead: Handler = (ctx) => {
  const restrict = listRestriction(ctx);
  if (restrict.error) return restrict.error;
  const pre = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM', canModifyLeads(ctx.user));
  if (pre) return pre;
  const user = ctx.user.user;
  const leadIds = v(ctx, 'lead_ids');
  const listIdField = v(ctx, 'list_id_field');
  const records = parseInt(v(ctx, 'records') || '1000', 10) || 0;
  if (leadIds.length < 1) return `ERROR: batch_update_lead NO LEADS DEFINED - ${user}|\n`;
  if (restrict.allowed && Number(listIdField || '0') >= 99 && !restrict.allowed.has(listIdField)) {
    return `ERROR: batch_update_lead NOT AN ALLOWED LIST ID - ${user}|${listIdField}\n`;
  }
  if (/Y/i.test(v(ctx, 'list_exists_check')) && listIdField.length > 0 && !ctx.state.lists.has(listIdField)) {
    return `ERROR: batch_update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - ${user}|${listIdField}\n`;
  }
  // "lead_id IN(<lead_ids>)": an empty element is an SQL error, which finds nothing.
  const parts = leadIds.split(',');
  const wanted = parts.some((p) => p === '') ? new Set<number>() : new Set(parts.map(Number));
  const found = leadTable(ctx)
    .filter((l) => wanted.has(l.lead_id) && (!restrict.allowed || restrict.allowed.has(l.list_id)))
    .sort((a, b) => b.lead_id - a.lead_id)
    .slice(0, records);
  if (found.length < 1) return `ERROR: batch_update_lead NO MATCHES FOUND IN THE SYSTEM: |${user}|${leadIds}\n`;
  const changes = collectChanges(ctx);
  if (changes.length === 0) return '';
  let affected = 0;
  for (const l of found) affected += applyChanges(ctx, l, changes);
  return `SUCCESS: batch_update_lead LEADS HAVE BEEN UPDATED - ${user}|${affected}|${found.length}|${found.map((l) => l.lead_id).join(',')}\n`;
};

// ---------------------------------------------------------------------------
// check_phone_number

const checkPhoneNumber: Handler = (ctx) => {
  const u = ctx.user;
  const allowed = u.active === 'Y' && u.user_level > 7 && u.flags.vdc_agent_api_access === '1';
  // The count slot prints a variable this function never sets: always empty.
  const pre = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO CHECK PHONE NUMBERS', allowed, '');
  if (pre) return pre;
  const user = u.user;
  const callTime = v(ctx, 'local_call_time');
  if (!CALL_TIMES[callTime]) return `ERROR: check_phone_number THIS IS NOT A VALID CALL TIME: |${user}|${callTime}|\n`;
  const phone = v(ctx, 'phone_number');
  const phoneCode = v(ctx, 'phone_code') || '1';
  const tzMethod = v(ctx, 'tz_method') || 'AREACODE';
  if (v(ctx, 'nanpa_ac_prefix_check') === 'Y' || /NANPA/i.test(tzMethod)) {
    if (NANPA_ROWS < 10) return `ERROR: check_phone_number NANPA options disabled, NANPA prefix data not loaded - ${NANPA_ROWS}|${user}\n`;
  }
  const invalid = phoneValidity('check_phone_number', phone, v(ctx, 'usacan_prefix_check'), v(ctx, 'usacan_areacode_check'), false);
  if (invalid) return `ERROR: ${invalid} - ${phone}|${user}\n`;
  const dnc = dncCheck(ctx, 'check_phone_number', phone, user);
  if (dnc) return dnc;
  const postal = v(ctx, 'postal_code');
  const owner = v(ctx, 'owner');
  const state = v(ctx, 'state');
  let line = '';
  const run = (method: string, applies: boolean): void => {
    let gmt = '';
    let dialable = 0;
    if (applies) {
      gmt = lookupGmt(ctx, phoneCode, phone, method, owner);
      dialable = dialableGmt(ctx, callTime, gmt);
    }
    line += `${method === '' ? 'AREACODE' : method}: ${dialable}|${gmt}#`;
  };
  if (/AREACODE/i.test(tzMethod)) run('', true);
  if (/POSTAL/i.test(tzMethod)) run('POSTAL', postal.length > 4 && postal.length < 6);
  if (/TZCODE/i.test(tzMethod)) run('TZCODE', owner.length > 0 && owner.length < 7);
  line += `PHONE: ${phone}|${phoneCode}|${postal}|${state}|${owner}|`;
  return `${line}\n`;
};

// ---------------------------------------------------------------------------
// update_log_entry

const updateLogEntry: Handler = (ctx) => {
  const pre = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO UPDATE LOGS', canModifyLeads(ctx.user));
  if (pre) return pre;
  const user = ctx.user.user;
  const group = v(ctx, 'group');
  const callId = v(ctx, 'call_id');
  const status = v(ctx, 'status');
  // Source quirk: the lookup only runs when one of the three is short (status < 8 chars is the usual case).
  if (!(group.length < 2 || callId.length < 8 || status.length < 8)) {
    return `ERROR: update_log_entry INVALID SEARCH PARAMETERS: ${user}|${group}|${callId}|${status}\n`;
  }
  const inbound = ctx.state.inGroups.has(group);
  if (!inbound && !ctx.state.campaigns.has(group)) return `ERROR: update_log_entry GROUP NOT FOUND: ${user}|${group}\n`;
  // The input filter already removed any dot, so call_id is always read as a call ID (lead_id = last 10 chars).
  const leadId = parseInt(callId.slice(-10), 10) || 0;
  const calls = ctx.state.calls;
  let idx = -1;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i];
    if (c.inbound !== inbound || c.campaign_id !== group || c.lead_id !== leadId) continue;
    // inbound: highest closecallid (the later row); outbound: latest call_date.
    if (idx < 0 || (inbound ? true : c.call_date >= calls[idx].call_date)) idx = i;
  }
  if (idx < 0) return `ERROR: update_log_entry NO RECORDS FOUND: ${user}|${group}|${callId}|${status}\n`;
  const call = calls[idx];
  const oldStatus = call.status;
  // closecallid of vicidial_closer_log: the simulator numbers inbound rows by position.
  const id = inbound ? String(idx + 1) : call.uniqueid;
  if (oldStatus === status) {
    return `ERROR: update_log_entry NO RECORDS UPDATED: ${user}|${group}|${callId}|${status}|${oldStatus}|${id}\n`;
  }
  call.status = status;
  return `SUCCESS: update_log_entry RECORD HAS BEEN UPDATED - ${user}|${user}|${group}|${callId}|${status}|${oldStatus}|${id}|\n`;
};


// ---------------------------------------------------------------------------
// hopper_bulk_insert

/** True for the lead_ids the server's `lead_id IN(...)` query accepts; anything else is an SQL error. */
function sqlIdList(ids: string): boolean {
  return ids.split(',').every((id) => id !== '');
}

/** The lists of the user group's allowed campaigns (the function's allowed_listsSQL); undefined = all. */
function bulkAllowedLists(ctx: SimContext): Set<string> | undefined {
  const camps = allowedCampaignIds(ctx.state, ctx.user);
  if (!camps) return undefined;
  const lists = new Set<string>();
  for (const l of ctx.state.lists.values()) if (camps.has(l.campaign_id)) lists.add(l.list_id);
  return lists;
}

/** One requested lead: its NOTICE line(s) and what it adds to the counts. */
function bulkInsertOne(ctx: SimContext, lead: SimLead, user: string): { out: string; added: number; hopperId?: number; notFound: boolean } {
  const fn = 'hopper_bulk_insert';
  const id = lead.lead_id;
  if (ctx.state.hopper.some((h) => h.lead_id === id)) {
    return { out: `NOTICE: ${fn} NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER - ${id}\n`, added: 0, notFound: false };
  }
  const { callTime, campaignId } = listCallTime(ctx.state, lead.list_id);
  if (!campaignId) {
    // The server does not stop looking here, so the lead is also reported as not found.
    return { out: `NOTICE: ${fn} CAMPAIGN DOES NOT EXIST - ${lead.list_id}|${id}\n`, added: 0, notFound: true };
  }
  const gmt = lead.gmt_offset_now;
  const dialable = v(ctx, 'hopper_local_call_time_check') === 'Y' ? dialableGmt(ctx, callTime, gmt) : 1;
  if (dialable < 1) {
    return { out: `NOTICE: ${fn} NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME, - ${id}|${gmt}|${lead.state}|${dialable}\n`, added: 0, notFound: false };
  }
  const hopperId = hopperInsert(ctx, lead, lead.list_id, campaignId, gmt);
  return { out: `NOTICE: ${fn} LEAD ADDED TO HOPPER - ${lead.phone_number}|${id}|${hopperId}|${user}\n`, added: 1, hopperId, notFound: false };
}

const hopperBulkInsert: Handler = (ctx) => {
  const allowed = ctx.user.active === 'Y' && ctx.user.user_level > 7 && ctx.user.flags.vdc_agent_api_access === '1' && ctx.user.flags.modify_campaigns === '1';
  const early = preamble(ctx, 'USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE HOPPER', allowed);
  if (early) return early;
  const user = ctx.user.user;
  const ids = v(ctx, 'lead_ids');
  // PHP 8 turns the SQL error of an empty id into an uncaught exception: HTTP 500, empty body.
  if (!sqlIdList(ids)) return { status: 500, body: '' };
  const lists = bulkAllowedLists(ctx);
  const wanted = new Set(ids.split(',').map(Number));
  const found = new Map<string, SimLead>();
  const rows = [...ctx.state.leads.values()]
    .filter((l) => wanted.has(l.lead_id) && (!lists || lists.has(l.list_id)))
    .sort((a, b) => b.lead_id - a.lead_id)
    .slice(0, 1000);
  for (const l of rows) found.set(String(l.lead_id), l);
  let out = '';
  let added = 0;
  let errors = 0;
  let notFound = 0;
  let hopperId: number | undefined;
  for (const requested of ids.split(',')) {
    const lead = found.get(requested);
    const one = lead ? bulkInsertOne(ctx, lead, user) : undefined;
    if (one) {
      out += one.out;
      added += one.added;
      if (one.added === 0) errors++;
      if (one.hopperId !== undefined) hopperId = one.hopperId;
    }
    if (!one || one.notFound) {
      notFound++;
      out += `NOTICE: hopper_bulk_insert NOT ADDED TO HOPPER, LEAD NOT FOUND - ${requested}\n`;
    }
  }
  if (added > 0) return `${out}SUCCESS: hopper_bulk_insert LEADS HAVE BEEN INSERTED INTO THE HOPPER - ${added}|${errors}|${hopperId ?? ''}|${user}\n`;
  return `${out}ERROR: hopper_bulk_insert NO LEADS HAVE BEEN INSERTED INTO THE HOPPER - ${errors}|${notFound}|${user}\n`;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  hopper_bulk_insert: hopperBulkInsert,
  update_log_entry: updateLogEntry,
  add_lead: addLead,
  update_lead: updateLead,
  batch_update_lead: batchUpdateLead,
  check_phone_number: checkPhoneNumber,
};
