/**
 * Non-Agent API list and campaign administration (notes: non-agent-2.md, non-agent-3.md):
 * update_list (with its custom-field commands, reset/delete and the insert_if_not_found
 * fall-through into add_list), list_custom_fields, add_list, update_campaign,
 * update_alt_url, update_presets and lead_status_search. Lines, detail order and check
 * order follow non_agent_api.php.
 *
 * Simulator-only modelling: the admin_lists_custom.php requests the server sends for
 * custom-field commands are carried out directly on state.customFieldDefs /
 * customFieldAttrs (answer "SUCCESS: ..." unless the label is taken or reserved);
 * MySQL's non-strict casts are imitated where a value is stored unchecked (an invalid
 * list `active` becomes '', an invalid expiration date '0000-00-00').
 */
import {
  CALL_TIMES,
  allowedCampaignIds,
  byId,
  listRestriction,
  param,
  sqlDateTime,
  type Handler,
  type SimContext,
} from '../context';
import type { SimAltUrl, SimCampaign, SimLead, SimList, SimState, SimUser, SimXferPreset } from '../state';

// ---------------------------------------------------------------------------
// Request variables after the server-wide character filter

const ID = /[^-_0-9a-zA-Z]/g;
const URLISH = /[^- %=+.:/@?&_0-9a-zA-Z]/g;
/** `[ .,-_0-9a-zA-Z]`: the PHP class has a ',' to '_' range, kept as is. */
const DESCRIPTION = /[^ .,-_0-9a-zA-Z]/g;

const FILTERS: Readonly<Record<string, RegExp>> = {
  source: /[^0-9a-zA-Z]/g,
  list_id: ID,
  list_name: /[^- +.:/@?&_0-9a-zA-Z]/g,
  campaign_id: ID,
  campaign_name: /[^- .,_0-9a-zA-Z]/g,
  active: /[^A-Z]/g,
  script: ID,
  am_message: ID,
  drop_inbound_group: ID,
  outbound_cid: ID,
  reset_time: /[^-_0-9]/g,
  expiration_date: ID,
  local_call_time: ID,
  tz_method: ID,
  web_form_address: URLISH,
  web_form_address_two: URLISH,
  web_form_address_three: URLISH,
  list_description: /[^- +.:/@?&_0-9a-zA-Z]/g,
  xferconf_one: ID,
  xferconf_two: ID,
  xferconf_three: ID,
  xferconf_four: ID,
  xferconf_five: ID,
  custom_fields_copy: /[^0-9]/g,
  custom_copy_method: ID,
  use_internal_webserver: /[^0-9a-zA-Z]/g,
  insert_if_not_found: /[^A-Z]/g,
  reset_list: /[^A-Z]/g,
  delete_list: /[^A-Z]/g,
  delete_leads: /[^A-Z]/g,
  archived_lead: /[^0-9a-zA-Z]/g,
  custom_fields_add: /[^_0-9a-zA-Z]/g,
  custom_fields_update: /[^_0-9a-zA-Z]/g,
  custom_fields_delete: /[^_0-9a-zA-Z]/g,
  field_label: /[^_0-9a-zA-Z]/g,
  field_name: ID,
  field_size: /[^0-9]/g,
  field_rank: /[^0-9]/g,
  field_max: /[^0-9]/g,
  field_order: /[^0-9]/g,
  field_type: /[^0-9a-zA-Z]/g,
  field_required: /[^_A-Z]/g,
  field_duplicate: /[^_A-Z]/g,
  field_encrypt: /[^NY]/g,
  field_show_hide: /[^_0-9a-zA-Z]/g,
  field_rerank: /[^_0-9a-zA-Z]/g,
  name_position: /[^0-9a-zA-Z]/g,
  multi_position: /[^0-9a-zA-Z]/g,
  field_description: DESCRIPTION,
  field_options: /[^ '&.\n|,-_0-9a-zA-Z]/g,
  field_help: /[^ '&.\n|,-_0-9a-zA-Z]/g,
  field_default: /[^ .\n,-_0-9a-zA-Z]/g,
  stage: ID,
  header: /[^0-9a-zA-Z]/g,
  custom_order: ID,
  auto_dial_level: /[^.0-9]/g,
  adaptive_maximum_level: /[^.0-9]/g,
  campaign_vdad_exten: /[^0-9]/g,
  hopper_level: /[^0-9]/g,
  reset_hopper: /[^NY]/g,
  dial_method: ID,
  dial_timeout: /[^0-9]/g,
  lead_filter_id: ID,
  dispo_call_url: URLISH,
  webform_one: URLISH,
  webform_two: URLISH,
  webform_three: URLISH,
  list_order: /[^ 0-9a-zA-Z]/g,
  list_order_randomize: ID,
  list_order_secondary: ID,
  dial_status_add: ID,
  dial_status_remove: ID,
  entry_type: /[^_0-9a-zA-Z]/g,
  alt_url_id: /[^0-9A-Z]/g,
  url_type: /[^_0-9a-zA-Z]/g,
  url_rank: /[^0-9]/g,
  url_lists: /[^- 0-9A-Z]/g,
  url_call_length: /[^0-9]/g,
  url_statuses: /[^- 0-9a-zA-Z]/g,
  url_description: DESCRIPTION,
  url_address: URLISH,
  action: /[^0-9a-zA-Z]/g,
  preset_name: /[^- _0-9a-zA-Z]/g,
  preset_number: /[^*#._0-9a-zA-Z]/g,
  preset_dtmf: /[^- ,*#0-9a-zA-Z]/g,
  preset_hide_number: /[^0-9a-zA-Z]/g,
  status: ID,
  date: /[^-0-9]/g,
  lead_id: /[^0-9]/g,
  custom_fields: /[^0-9a-zA-Z]/g,
};

function p(ctx: SimContext, name: string): string {
  const raw = param(ctx, name);
  const re = FILTERS[name];
  let v = re ? raw.replace(re, '') : raw;
  // outbound_cid keeps only digits unless it is exactly ---ALL---.
  if (name === 'outbound_cid' && v !== '---ALL---') v = v.replace(/[^0-9]/g, '');
  return v;
}

function delimiter(ctx: SimContext): string {
  const stage = p(ctx, 'stage');
  if (stage === 'csv') return ',';
  if (stage === 'tab') return '\t';
  return '|';
}

/** PHP urldecode(): '+' is a space, %XX a byte (invalid escapes stay as they are). */
function phpUrldecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '+') bytes.push(32);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A web form address as add_list/update_list store it (a doubly encoded URL is decoded once). */
function webForm(ctx: SimContext, name: string): string {
  let v = p(ctx, name);
  if (v.includes('%3A%2F%2F')) v = phpUrldecode(v).replace(/ /g, '+');
  return v;
}

// ---------------------------------------------------------------------------
// Lookups (MySQL compares ids case-insensitively; list_id is a number column)

function sameCi(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function findCampaign(state: SimState, id: string): SimCampaign | undefined {
  if (id === '') return undefined;
  return state.campaigns.get(id) ?? [...state.campaigns.values()].find((c) => sameCi(c.campaign_id, id));
}

function findList(state: SimState, id: string): SimList | undefined {
  if (id === '') return undefined;
  const direct = state.lists.get(id);
  if (direct) return direct;
  if (/^\d+$/.test(id)) return [...state.lists.values()].find((l) => /^\d+$/.test(l.list_id) && Number(l.list_id) === Number(id));
  return [...state.lists.values()].find((l) => sameCi(l.list_id, id));
}

function campaignAllowed(camps: Set<string> | undefined, campaignId: string): boolean {
  return camps === undefined || [...camps].some((c) => sameCi(c, campaignId));
}

function inGroupExists(state: SimState, id: string): boolean {
  return [...state.inGroups.keys()].some((g) => sameCi(g, id));
}

function scriptExists(state: SimState, id: string): boolean {
  return [...(state.scripts ?? [])].some((s) => sameCi(s, id));
}

function callTimeExists(id: string): boolean {
  return Object.keys(CALL_TIMES).some((c) => sameCi(c, id));
}

const TZ_METHODS = /^COUNTRY_AND_AREA_CODE$|^POSTAL_CODE$|^NANPA_PREFIX$|^OWNER_TIME_ZONE_CODE$/;

/** vicidial_list columns: custom field labels may not reuse them. */
const LEAD_COLUMNS = new Set([
  'lead_id', 'entry_date', 'modify_date', 'status', 'user', 'vendor_lead_code', 'source_id', 'list_id', 'gmt_offset_now',
  'called_since_last_reset', 'phone_code', 'phone_number', 'title', 'first_name', 'middle_initial', 'last_name', 'address1',
  'address2', 'address3', 'city', 'state', 'province', 'postal_code', 'country_code', 'gender', 'date_of_birth', 'alt_phone',
  'email', 'security_phrase', 'comments', 'called_count', 'last_local_call_time', 'rank', 'owner', 'entry_list_id',
]);

// ---------------------------------------------------------------------------
// Permission checks

function flag1(u: SimUser, flag: string): boolean {
  return u.flags[flag] === '1';
}

/** `vdc_agent_api_access='1' and <flag>='1' and user_level >= 8 and active='Y'`. */
function adminAllowed(u: SimUser, flag: string): boolean {
  return flag1(u, 'vdc_agent_api_access') && flag1(u, flag) && u.user_level >= 8 && u.active === 'Y';
}

/** Source, api_allowed_functions, then the admin permission (detail `|user|0`, no trailing pipe). */
function preamble(ctx: SimContext, flag: string, reason: string): string {
  const source = p(ctx, 'source');
  if (source.length < 2) return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
  const allowed = ctx.user.api_allowed_functions;
  if (!allowed.includes(` ${ctx.fn} `) && !allowed.includes('ALL_FUNCTIONS')) {
    return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${ctx.user.user}|${ctx.fn}|\n`;
  }
  if (!adminAllowed(ctx.user, flag)) return `ERROR: ${ctx.fn} ${reason}: |${ctx.user.user}|0\n`;
  return '';
}

// ---------------------------------------------------------------------------
// Custom fields (vicidial_lists_fields and the admin_lists_custom.php commands)

function fieldLabels(state: SimState, listId: string): string[] {
  return state.customFieldDefs?.get(listId) ?? [];
}

function fieldAttrs(state: SimState, listId: string): Map<string, Record<string, string>> {
  const all = (state.customFieldAttrs ??= new Map());
  let m = all.get(listId);
  if (!m) all.set(listId, (m = new Map()));
  return m;
}

function setLabels(state: SimState, listId: string, labels: string[]): void {
  (state.customFieldDefs ??= new Map()).set(listId, labels);
}

/** ADD_CUSTOM_FIELD: refused for a label already on the list or a vicidial_list column. */
function addCustomField(state: SimState, listId: string, label: string, attrs: Record<string, string>): boolean {
  const labels = fieldLabels(state, listId);
  if (LEAD_COLUMNS.has(label.toLowerCase()) || labels.some((l) => sameCi(l, label))) return false;
  setLabels(state, listId, [...labels, label]);
  fieldAttrs(state, listId).set(label, attrs);
  return true;
}

/** COPY_FIELDS_SUBMIT with APPEND, UPDATE or REPLACE. */
function copyCustomFields(state: SimState, listId: string, from: string, method: string): void {
  const source = fieldLabels(state, from);
  const sourceAttrs = fieldAttrs(state, from);
  const target = method === 'REPLACE' ? [] : [...fieldLabels(state, listId)];
  const targetAttrs = fieldAttrs(state, listId);
  if (method === 'REPLACE') targetAttrs.clear();
  for (const label of source) {
    const present = target.find((l) => sameCi(l, label));
    if (method === 'UPDATE') {
      if (present !== undefined) targetAttrs.set(present, { ...(sourceAttrs.get(label) ?? {}) });
      continue;
    }
    if (present === undefined) {
      target.push(label);
      targetAttrs.set(label, { ...(sourceAttrs.get(label) ?? {}) });
    }
  }
  setLabels(state, listId, target);
}

// ---------------------------------------------------------------------------
// add_list (also reached from update_list with insert_if_not_found=Y)

const addList: Handler = (ctx) => {
  const state = ctx.state;
  const u = ctx.user.user;
  const listId = p(ctx, 'list_id').replace(/[^0-9]/g, '');
  const early = preamble(ctx, 'modify_lists', 'USER DOES NOT HAVE PERMISSION TO ADD LISTS');
  if (early) return early;
  const listName = p(ctx, 'list_name');
  const campaignId = p(ctx, 'campaign_id');
  if (listId.length < 2 || listId.length > 14 || campaignId.length < 1 || campaignId.length > 8 || listName.length < 2 || listName.length > 30) {
    return `ERROR: add_list YOU MUST USE ALL REQUIRED FIELDS: |${u}|${listId}|${listName}|${campaignId}\n`;
  }
  const camps = allowedCampaignIds(state, ctx.user);
  const campaign = findCampaign(state, campaignId);
  if (!campaign || !campaignAllowed(camps, campaign.campaign_id)) return `ERROR: add_list CAMPAIGN DOES NOT EXIST: |${u}|${campaignId}\n`;
  if (findList(state, listId)) return `ERROR: add_list LIST ALREADY EXISTS: |${u}|${listId}\n`;
  const script = p(ctx, 'script');
  if (script.length > 0 && !scriptExists(state, script)) return `ERROR: add_list SCRIPT DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${u}|${script}\n`;
  const dropGroup = p(ctx, 'drop_inbound_group');
  if (dropGroup.length > 0 && !inGroupExists(state, dropGroup)) return `ERROR: add_list IN-GROUP DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${u}|${dropGroup}\n`;
  const resetTime = p(ctx, 'reset_time');
  if (resetTime.length > 0 && resetTime.length < 4) return `ERROR: add_list RESET TIME IS NOT VALID, THIS IS AN OPTIONAL FIELD: |${u}|${resetTime}\n`;
  const copy = p(ctx, 'custom_fields_copy');
  let copyTrigger = false;
  if (copy.length > 1 && copy.length < 15) {
    if (!findList(state, copy)) return `ERROR: add_list CUSTOM FIELDS LIST ID TO COPY FROM DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    if (fieldLabels(state, copy).length < 1) return `ERROR: add_list CUSTOM FIELDS LIST ID TO COPY FROM HAS NO CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    if (!flag1(ctx.user, 'custom_fields_modify')) {
      return `ERROR: add_list USER DOES NOT HAVE PERMISSION TO MODIFY CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    }
    copyTrigger = true;
  }
  const columns: Record<string, string> = {
    campaign_cid_override: p(ctx, 'outbound_cid'),
    agent_script_override: script,
    am_message_exten_override: p(ctx, 'am_message'),
    drop_inbound_group_override: dropGroup,
    reset_time: resetTime,
  };
  const forms: Array<[string, string]> = [
    ['web_form_address', 'web_form_address'],
    ['web_form_address_two', 'web_form_address_two'],
    ['web_form_address_three', 'web_form_address_three'],
  ];
  for (const [name, col] of forms) {
    const v = webForm(ctx, name);
    if (v.length > 0) columns[col] = v === '--BLANK--' ? '' : v;
  }
  const active = p(ctx, 'active') || 'N';
  let expiration = p(ctx, 'expiration_date');
  if (expiration.length < 10) expiration = '2099-12-31';
  const description = p(ctx, 'list_description');
  if (description.length > 0) columns.list_description = description === '--BLANK--' ? '' : description;
  const tzMethod = p(ctx, 'tz_method');
  if (tzMethod.length > 0) {
    if (!TZ_METHODS.test(tzMethod)) return `ERROR: add_list TIME ZONE METHOD IS NOT VALID, THIS IS AN OPTIONAL FIELD: |${u}|${tzMethod}\n`;
    columns.time_zone_setting = tzMethod;
  }
  const callTime = p(ctx, 'local_call_time');
  let listCallTime: string | undefined;
  if (callTime.length > 0 && callTime !== 'campaign') {
    if (!callTimeExists(callTime)) return `ERROR: add_list LOCAL CALL TIME DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${u}|${callTime}\n`;
    listCallTime = callTime;
  }
  const xfer = xferconfColumns(ctx, 'add_list', 'TRANSFER CONF OVERRIDE', false);
  if (typeof xfer === 'string') return xfer;
  Object.assign(columns, xfer);

  const key = String(Number(listId));
  state.lists.set(key, {
    list_id: key,
    list_name: listName,
    campaign_id: campaign.campaign_id,
    // An ENUM column: MySQL (non-strict) stores '' for anything but Y/N.
    active: (active === 'Y' || active === 'N' ? active : '') as SimList['active'],
    expiration_date: sqlDate(expiration),
    resets_today: 0,
    ...(listCallTime !== undefined ? { local_call_time: listCallTime } : {}),
    columns,
  });
  if (copyTrigger) {
    const method = /^APPEND$|^UPDATE$|^REPLACE$/.test(p(ctx, 'custom_copy_method')) ? p(ctx, 'custom_copy_method') : 'APPEND';
    copyCustomFields(state, key, findList(state, copy)?.list_id ?? copy, method);
  }
  return `SUCCESS: add_list LIST HAS BEEN ADDED - ${u}|${listId}|${listName}|${campaignId}\n`;
};

/** A DATE column's value: 'YYYY-MM-DD' kept, anything else cast to the zero date. */
function sqlDate(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? m[1] : '0000-00-00';
}

const XFER: ReadonlyArray<readonly [string, string, string]> = [
  ['xferconf_one', 'xferconf_a_number', 'ONE'],
  ['xferconf_two', 'xferconf_b_number', 'TWO'],
  ['xferconf_three', 'xferconf_c_number', 'THREE'],
  ['xferconf_four', 'xferconf_d_number', 'FOUR'],
  ['xferconf_five', 'xferconf_e_number', 'FIVE'],
];

/** The five xferconf parameters (at most 50 characters); the error line, or the columns to set. */
function xferconfColumns(ctx: SimContext, fn: string, reason: string, blankable: boolean): string | Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, col, word] of XFER) {
    const v = p(ctx, name);
    if (v.length === 0) continue;
    if (blankable && v === '--BLANK--') {
      out[col] = '';
      continue;
    }
    if (v.length > 50) return `ERROR: ${fn} ${reason} ${word} IS NOT VALID, THIS IS AN OPTIONAL FIELD: |${ctx.user.user}|${v}\n`;
    out[col] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// update_list

interface ListChange {
  col: string;
  value: string;
}

const updateList: Handler = (ctx) => {
  const state = ctx.state;
  const restrict = listRestriction(ctx);
  if (restrict.error) return restrict.error;
  const u = ctx.user.user;
  const listId = p(ctx, 'list_id').replace(/[^0-9]/g, '');
  const early = preamble(ctx, 'modify_lists', 'USER DOES NOT HAVE PERMISSION TO UPDATE LISTS');
  if (early) return early;
  const campaignId = p(ctx, 'campaign_id');
  const listName = p(ctx, 'list_name');
  if (listId.length < 2 || listId.length > 14) {
    return `ERROR: update_list YOU MUST USE ALL REQUIRED FIELDS: |${u}|${listId}|${listName}|${campaignId}\n`;
  }
  if (restrict.allowed && !restrict.allowed.has(listId)) return `ERROR: update_list NOT AN ALLOWED LIST ID - ${listId}\n`;
  const camps = allowedCampaignIds(state, ctx.user);
  const visibleList = (): SimList | undefined => {
    const l = findList(state, listId);
    return l && campaignAllowed(camps, l.campaign_id) ? l : undefined;
  };
  const list = visibleList();
  const cfAdd = p(ctx, 'custom_fields_add') === 'Y';
  const cfUpdate = p(ctx, 'custom_fields_update') === 'Y';
  const cfDelete = p(ctx, 'custom_fields_delete') === 'Y';
  const copy = p(ctx, 'custom_fields_copy');
  if (!list && !cfAdd && !cfUpdate && !cfDelete && (copy.length < 1 || copy.length > 14)) {
    if (p(ctx, 'insert_if_not_found') === 'Y') {
      const notice = `NOTICE: update_list LIST DOES NOT EXIST, SENDING TO add_list FUNCTION: |${u}|${listId}\n`;
      const added = addList({ ...ctx, fn: 'add_list' });
      return notice + (typeof added === 'string' ? added : added.body);
    }
    return `ERROR: update_list LIST DOES NOT EXIST: |${u}|${listId}\n`;
  }

  let out = '';
  const cfTable = list?.list_id ?? listId;
  let listExists = list ? 1 : 0;
  /** The pre-checks every custom-field command shares; true when the command may run. */
  const customFieldGate = (word: string): boolean => {
    if (listExists < 1) {
      listExists = fieldLabels(state, cfTable).length;
      if (listExists < 1) {
        out += `NOTICE: update_list CUSTOM FIELDS LIST ID TO ${word} TO HAS NO CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|0\n`;
      }
    }
    if (listExists > 0) {
      if (flag1(ctx.user, 'custom_fields_modify')) return true;
      out += `NOTICE: update_list USER DOES NOT HAVE PERMISSION TO MODIFY CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    }
    return false;
  };
  const label = p(ctx, 'field_label');
  const fieldName = p(ctx, 'field_name');
  const fieldSize = p(ctx, 'field_size');
  const fieldType = p(ctx, 'field_type');
  const fieldRank = p(ctx, 'field_rank');
  if (cfAdd && customFieldGate('ADD')) {
    if (!label || !fieldName || !fieldSize || !fieldType || !fieldRank) {
      out += `NOTICE: update_list REQUIRED CUSTOM FIELDS VARIABLES ARE MISSING, FIELD NOT ADDED, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${label}|${fieldName}|${fieldSize}|${fieldType}|${fieldRank}|\n`;
    } else {
      const pick = (name: string, re: RegExp, dflt: string): string => (re.test(p(ctx, name)) ? p(ctx, name) : dflt);
      const ok = addCustomField(state, cfTable, label, {
        field_name: fieldName,
        field_size: fieldSize,
        field_type: fieldType,
        field_rank: fieldRank,
        field_order: p(ctx, 'field_order') || '1',
        field_max: p(ctx, 'field_max'),
        field_default: p(ctx, 'field_default'),
        field_options: p(ctx, 'field_options'),
        field_description: p(ctx, 'field_description'),
        field_help: p(ctx, 'field_help'),
        field_encrypt: pick('field_encrypt', /^Y$|^N$/, 'N'),
        field_show_hide: pick('field_show_hide', /^DISABLED$|^X_OUT_ALL$|LAST_1|LAST_2|LAST_3|LAST_4|FIRST_1_LAST_4/, 'DISABLED'),
        name_position: pick('name_position', /^TOP$|^LEFT$/, 'LEFT'),
        multi_position: pick('multi_position', /^HORIZONTAL$|^VERTICAL$/, 'HORIZONTAL'),
        field_required: pick('field_required', /^Y$|^N$/, 'N'),
        field_duplicate: pick('field_duplicate', /^Y$|^N$/, 'N'),
      });
      const resp = ok ? 'SUCCESS: Field added' : 'ERROR: Field not added';
      out += `NOTICE: update_list ADD CUSTOM FIELD COMMAND SENT - ${u}|${listId}|${label}|${fieldType}|${resp}|\n`;
    }
  }
  if (cfUpdate && customFieldGate('UPDATE')) {
    if (!label) {
      out += `NOTICE: update_list REQUIRED CUSTOM FIELDS VARIABLES ARE MISSING, FIELD NOT UPDATED, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${label}|\n`;
    } else {
      const current = fieldLabels(state, cfTable).find((l) => sameCi(l, label));
      if (current === undefined) {
        out += `NOTICE: update_list FIELD DOES NOT EXIST, FIELD NOT UPDATED, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${label}|${fieldName}|${fieldSize}|${fieldType}|${fieldRank}|\n`;
      } else {
        const attrs = fieldAttrs(state, cfTable);
        const old = attrs.get(current) ?? {};
        const next: Record<string, string> = { ...old };
        for (const name of ['field_name', 'field_size', 'field_type', 'field_rank', 'field_order', 'field_max', 'field_default', 'field_options', 'field_description', 'field_help']) {
          const v = p(ctx, name);
          if (v.length > 0) next[name] = v;
        }
        for (const name of ['field_description', 'field_help', 'field_options', 'field_default']) if (next[name] === '--BLANK--') next[name] = '';
        const enums: Array<[string, RegExp]> = [
          ['name_position', /^TOP$|^LEFT$/],
          ['multi_position', /^HORIZONTAL$|^VERTICAL$/],
          ['field_required', /^Y$|^N$/],
          ['field_duplicate', /^Y$|^N$/],
          ['field_encrypt', /^Y$|^N$/],
          ['field_show_hide', /^DISABLED$|^X_OUT_ALL$|LAST_1|LAST_2|LAST_3|LAST_4|FIRST_1_LAST_4/],
        ];
        for (const [name, re] of enums) if (re.test(p(ctx, name))) next[name] = p(ctx, name);
        attrs.set(current, next);
        const type = fieldType || old.field_type || 'TEXT';
        out += `NOTICE: update_list UPDATE CUSTOM FIELD COMMAND SENT - ${u}|${listId}|${label}|${type}|SUCCESS: Field updated|\n`;
      }
    }
  }
  if (cfDelete && customFieldGate('DELETE')) {
    if (!label) {
      out += `NOTICE: update_list REQUIRED CUSTOM FIELDS VARIABLES ARE MISSING, FIELD NOT DELETED, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${label}|\n`;
    } else {
      const labels = fieldLabels(state, cfTable);
      const current = labels.find((l) => sameCi(l, label));
      if (current === undefined) {
        out += `NOTICE: update_list FIELD DOES NOT EXIST, FIELD NOT DELETED, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${label}|\n`;
      } else {
        setLabels(state, cfTable, labels.filter((l) => l !== current));
        fieldAttrs(state, cfTable).delete(current);
        for (const lead of state.leads.values()) {
          if (lead.entry_list_id === cfTable || lead.list_id === cfTable) delete lead.custom[current];
        }
        // The printed field id is the request's field_id variable (normally empty), not the deleted field's.
        out += `NOTICE: update_list DELETE CUSTOM FIELD COMMAND SENT - ${u}|${listId}|${label}|${param(ctx, 'field_id')}|SUCCESS: Field deleted|\n`;
      }
    }
  }

  // Settings, validated in the server's order; the first bad one ends the request.
  const fail = (reason: string, value: string): string => `${out}ERROR: update_list ${reason}, THIS IS AN OPTIONAL FIELD: |${u}|${value}\n`;
  const changes: ListChange[] = [];
  let newCampaign: SimCampaign | undefined;
  if (campaignId.length > 0) {
    newCampaign = findCampaign(state, campaignId);
    if (!newCampaign) return fail('CAMPAIGN DOES NOT EXIST', campaignId);
    changes.push({ col: 'campaign_id', value: newCampaign.campaign_id });
  }
  const script = p(ctx, 'script');
  if (script.length > 0) {
    if (script === '--BLANK--') changes.push({ col: 'agent_script_override', value: '' });
    else if (!scriptExists(state, script)) return fail('SCRIPT DOES NOT EXIST', script);
    else changes.push({ col: 'agent_script_override', value: script });
  }
  const dropGroup = p(ctx, 'drop_inbound_group');
  if (dropGroup.length > 0) {
    if (dropGroup === '--BLANK--') changes.push({ col: 'drop_inbound_group_override', value: '' });
    else if (!inGroupExists(state, dropGroup)) return fail('IN-GROUP DOES NOT EXIST', dropGroup);
    else changes.push({ col: 'drop_inbound_group_override', value: dropGroup });
  }
  if (listName.length > 0) {
    if (listName.length > 30 || listName.length < 6) return fail('LIST NAME MUST BE FROM 6 TO 30 CHARACTERS', listName);
    changes.push({ col: 'list_name', value: listName });
  }
  const active = p(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return fail('ACTIVE MUST BE Y OR N', active);
    changes.push({ col: 'active', value: active });
  }
  const cid = p(ctx, 'outbound_cid');
  if (cid.length > 0) {
    if (cid.length > 18 || cid.length < 6) return fail('OUTBOUND CID MUST BE FROM 6 TO 18 DIGITS', cid);
    changes.push({ col: 'campaign_cid_override', value: cid });
  }
  const amMessage = p(ctx, 'am_message');
  if (amMessage.length > 0) {
    if (amMessage === '--BLANK--') changes.push({ col: 'am_message_exten_override', value: '' });
    else if (amMessage.length > 100) return fail('ANSWERING MACHINE MESSAGE MUST LESS THAN 101 DIGITS', amMessage);
    else changes.push({ col: 'am_message_exten_override', value: amMessage });
  }
  // reset_time and a valid expiration_date share one slot of the UPDATE: the date wins.
  let resetSlot: ListChange | undefined;
  const resetTime = p(ctx, 'reset_time');
  if (resetTime.length > 0) {
    if (resetTime.length < 4) return fail('RESET TIME IS NOT VALID', resetTime);
    resetSlot = { col: 'reset_time', value: resetTime };
  }
  const expiration = p(ctx, 'expiration_date');
  if (expiration.length > 9) resetSlot = { col: 'expiration_date', value: sqlDate(expiration) };
  if (resetSlot) changes.push(resetSlot);
  const forms: Array<[string, string]> = [
    ['web_form_address', 'web_form_address'],
    ['web_form_address_two', 'web_form_address_two'],
    ['web_form_address_three', 'web_form_address_three'],
  ];
  for (const [name, col] of forms) {
    const v = webForm(ctx, name);
    if (v.length > 0) changes.push({ col, value: v === '--BLANK--' ? '' : v });
  }
  const description = p(ctx, 'list_description');
  if (description.length > 0) changes.push({ col: 'list_description', value: description === '--BLANK--' ? '' : description });
  const tzMethod = p(ctx, 'tz_method');
  if (tzMethod.length > 0) {
    if (!TZ_METHODS.test(tzMethod)) return fail('TIME ZONE METHOD IS NOT VALID', tzMethod);
    changes.push({ col: 'time_zone_setting', value: tzMethod });
  }
  const callTime = p(ctx, 'local_call_time');
  if (callTime.length > 0) {
    if (callTime !== 'campaign' && !callTimeExists(callTime)) return fail('LOCAL CALL TIME DOES NOT EXIST', callTime);
    changes.push({ col: 'local_call_time', value: callTime });
  }
  const xfer = xferconfColumns(ctx, 'update_list', 'TRANSFER CONF OVERRIDE', true);
  if (typeof xfer === 'string') return out + xfer;
  for (const [col, value] of Object.entries(xfer)) changes.push({ col, value });

  const now = sqlDateTime(ctx.now);
  if (changes.length === 0) {
    out += `NOTICE: update_list NO UPDATES DEFINED: |${u}|\n`;
  } else {
    const target = findList(state, listId);
    if (target) {
      if (newCampaign && newCampaign.campaign_id !== target.campaign_id) {
        const old = target.campaign_id;
        removeWhere(state.hopper, (h) => h.list_id === target.list_id && h.campaign_id === old);
      }
      target.list_changedate = now;
      for (const { col, value } of changes) applyListColumn(target, col, value);
    }
    out += `SUCCESS: update_list LIST HAS BEEN UPDATED - ${u}|${listId}\n`;
  }

  const leadTable = p(ctx, 'archived_lead') === 'Y' ? state.leadsArchive ?? new Map<number, SimLead>() : state.leads;
  if (p(ctx, 'reset_list') === 'Y') {
    const target = visibleList();
    const limit = target ? target.daily_reset_limit ?? -1 : undefined;
    const today = target ? target.resets_today ?? 0 : undefined;
    if (target && limit !== undefined && today !== undefined && (limit > today || limit < 0)) {
      target.list_changedate = now;
      target.resets_today = today + 1;
      for (const lead of leadTable.values()) if (lead.list_id === target.list_id) lead.called_since_last_reset = 'N';
      // The affected-rows detail names a variable the server never set: always empty.
      out += `NOTICE: update_list LEADS IN LIST HAVE BEEN RESET - ${u}|${listId}|\n`;
    } else {
      out += `NOTICE: update_list LIST RESET FAILED, daily reset limit reached: ${today ?? ''} / ${limit ?? ''} - ${u}|${listId}\n`;
    }
  }
  if (p(ctx, 'delete_list') === 'Y') {
    if (!(adminAllowed(ctx.user, 'modify_lists') && flag1(ctx.user, 'delete_lists'))) {
      return `${out}NOTICE: update_list USER DOES NOT HAVE PERMISSION TO DELETE LISTS: |${u}|0\n`;
    }
    const target = findList(state, listId);
    if (target) state.lists.delete(target.list_id);
    out += `NOTICE: update_list LIST HAS BEEN DELETED - ${u}|${listId}|${target ? 1 : 0}\n`;
  }
  if (p(ctx, 'delete_leads') === 'Y') {
    const modifyLeads = ['1', '2', '3', '4'].includes(ctx.user.flags.modify_leads ?? '');
    if (!(adminAllowed(ctx.user, 'modify_lists') && flag1(ctx.user, 'delete_lists') && modifyLeads)) {
      return `${out}NOTICE: update_list USER DOES NOT HAVE PERMISSION TO DELETE LEADS: |${u}|0\n`;
    }
    let rows = 0;
    for (const [id, lead] of [...leadTable.entries()]) {
      if (Number(lead.list_id) === Number(listId)) {
        leadTable.delete(id);
        rows++;
      }
    }
    out += `NOTICE: update_list LEADS IN LIST HAVE BEEN DELETED - ${u}|${listId}|${rows}\n`;
  }
  if (copy.length > 1 && copy.length < 15) {
    const source = findList(state, copy);
    let trigger = false;
    if (!source) {
      out += `NOTICE: update_list CUSTOM FIELDS LIST ID TO COPY FROM DOES NOT EXIST, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    } else if (fieldLabels(state, source.list_id).length < 1) {
      out += `NOTICE: update_list CUSTOM FIELDS LIST ID TO COPY FROM HAS NO CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    } else if (!flag1(ctx.user, 'custom_fields_modify')) {
      out += `NOTICE: update_list USER DOES NOT HAVE PERMISSION TO MODIFY CUSTOM FIELDS, THIS IS AN OPTIONAL FIELD: |${u}|${listId}|${copy}|0\n`;
    } else {
      trigger = true;
    }
    if (trigger && source) {
      const requested = p(ctx, 'custom_copy_method');
      const method = /^APPEND$|^UPDATE$|^REPLACE$/.test(requested) ? requested : 'APPEND';
      copyCustomFields(state, cfTable, source.list_id, method);
      out += `NOTICE: update_list COPY CUSTOM FIELDS COMMAND SENT - ${u}|${listId}|${copy}|${method}|SUCCESS: Fields copied|\n`;
    }
  }
  return out;
};

function applyListColumn(list: SimList, col: string, value: string): void {
  switch (col) {
    case 'campaign_id':
      list.campaign_id = value;
      break;
    case 'list_name':
      list.list_name = value;
      break;
    case 'active':
      list.active = value as SimList['active'];
      break;
    case 'expiration_date':
      list.expiration_date = value;
      break;
    case 'local_call_time':
      list.local_call_time = value;
      break;
    default:
      (list.columns ??= {})[col] = value;
  }
}

function removeWhere<T>(rows: T[], pred: (t: T) => boolean): number {
  let removed = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (pred(rows[i])) {
      rows.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------
// list_custom_fields

const listCustomFields: Handler = (ctx) => {
  const state = ctx.state;
  const restrict = listRestriction(ctx);
  if (restrict.error) return restrict.error;
  const u = ctx.user.user;
  const source = p(ctx, 'source');
  if (source.length < 2) return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
  const allowedFns = ctx.user.api_allowed_functions;
  if (!allowedFns.includes(` ${ctx.fn} `) && !allowedFns.includes('ALL_FUNCTIONS')) {
    return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${u}|${ctx.fn}|\n`;
  }
  if (state.customFieldsEnabled === false) return `ERROR: CUSTOM LIST FIELDS ARE NOT ENABLED ON THIS SYSTEM: |${u}|list_custom_fields|\n`;
  if (!adminAllowed(ctx.user, 'modify_lists')) return `ERROR: list_custom_fields USER DOES NOT HAVE PERMISSION TO MODIFY LISTS: |${u}|0\n`;
  const listId = p(ctx, 'list_id');
  if (listId.length < 2 || listId.length > 14) {
    return `ERROR: list_custom_fields YOU MUST USE ALL REQUIRED FIELDS: |${u}|${listId}|${p(ctx, 'list_name')}|${p(ctx, 'campaign_id')}\n`;
  }
  const all = listId === '---ALL---';
  if (restrict.allowed && !restrict.allowed.has(listId) && !all) return `ERROR: list_custom_fields NOT AN ALLOWED LIST ID - ${listId}\n`;
  const camps = allowedCampaignIds(state, ctx.user);
  let lists: SimList[];
  if (all) {
    lists = [...state.lists.values()].filter((l) => campaignAllowed(camps, l.campaign_id) && (!restrict.allowed || restrict.allowed.has(l.list_id)));
  } else {
    const l = findList(state, listId);
    if (!l || !campaignAllowed(camps, l.campaign_id)) return `ERROR: list_custom_fields LIST DOES NOT EXIST: |${u}|${listId}\n`;
    lists = [l];
  }
  lists.sort((a, b) => (/^\d+$/.test(a.list_id) && /^\d+$/.test(b.list_id) ? Number(a.list_id) - Number(b.list_id) : a.list_id < b.list_id ? -1 : 1));
  const DL = delimiter(ctx);
  const order = p(ctx, 'custom_order');
  let out = p(ctx, 'header') === 'YES'
    ? ['list_id', 'list_name', 'campaign_id', 'active', 'list_changedate', 'list_lastcalldate', 'custom_fields_list_space_delimited'].join(DL) + '\n'
    : '';
  // The server never clears its name array between lists: with alpha ordering, a list with fewer
  // (or no) fields shows the previous list's leftovers.
  const fieldList: string[] = [];
  for (const l of lists) {
    const labels = state.customFieldDefs?.get(l.list_id);
    let tableOrder = '';
    if (labels) {
      labels.forEach((label, i) => {
        fieldList[i] = label;
      });
      tableOrder = labels.join(' ');
    }
    let fields = tableOrder;
    if (order === 'alpha_up') fields = [...fieldList].sort(phpSort).join(' ');
    if (order === 'alpha_down') fields = [...fieldList].sort(phpSort).reverse().join(' ');
    const lastCall = state.calls.filter((c) => c.list_id === l.list_id).reduce((m, c) => (c.call_date > m ? c.call_date : m), '');
    out += [l.list_id, l.list_name, l.campaign_id, l.active, l.list_changedate ?? '', l.list_lastcalldate ?? lastCall, fields].join(DL) + '\n';
  }
  return out;
};

/** PHP sort() of strings: byte order. */
function phpSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// update_campaign

const LIST_ORDERS = new Set<string>([
  'DOWN', 'UP', 'DOWN PHONE', 'UP PHONE', 'DOWN LAST NAME', 'UP LAST NAME', 'DOWN COUNT', 'UP COUNT', 'RANDOM',
  'DOWN LAST CALL TIME', 'UP LAST CALL TIME', 'DOWN RANK', 'UP RANK', 'DOWN OWNER', 'UP OWNER', 'DOWN TIMEZONE', 'UP TIMEZONE',
  ...['DOWN', 'UP', 'DOWN PHONE', 'UP PHONE', 'DOWN LAST NAME', 'UP LAST NAME', 'DOWN COUNT', 'UP COUNT', 'RANDOM',
    'DOWN LAST CALL TIME', 'UP LAST CALL TIME', 'DOWN RANK', 'UP RANK', 'DOWN OWNER', 'UP OWNER', 'DOWN TIMEZONE', 'UP TIMEZONE']
    .flatMap((o) => ['2nd', '3rd', '4th', '5th', '6th'].map((n) => `${o} ${n} NEW`)),
]);

/** PHP's echo of a float (precision 14). */
function phpFloat(n: number): string {
  return String(Number(n.toPrecision(14)));
}

const updateCampaign: Handler = (ctx) => {
  const state = ctx.state;
  const early = preamble(ctx, 'modify_campaigns', 'USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS');
  if (early) return early;
  const u = ctx.user.user;
  const campaignId = p(ctx, 'campaign_id');
  const campaignName = p(ctx, 'campaign_name');
  if (campaignId.length < 2 || campaignId.length > 8) {
    return `ERROR: update_campaign YOU MUST USE ALL REQUIRED FIELDS: |${u}|${campaignId}|${campaignName}|${campaignId}\n`;
  }
  const camps = allowedCampaignIds(state, ctx.user);
  const campaign = findCampaign(state, campaignId);
  if (!campaign || !campaignAllowed(camps, campaign.campaign_id)) return `ERROR: update_campaign CAMPAIGN DOES NOT EXIST: |${u}|${campaignId}\n`;
  const fail = (reason: string, value: string): string => `ERROR: update_campaign ${reason}, THIS IS AN OPTIONAL FIELD: |${u}|${value}\n`;
  const changes: Array<[string, string]> = [];

  const limit = phpFloat((state.autoDialLimit ?? 4) + 0.001);
  const dialLevel = p(ctx, 'auto_dial_level');
  if (dialLevel.length > 0) {
    const n = parseFloat(dialLevel) || 0;
    if (n > Number(limit) || n < 0) return fail(`AUTO DIAL LEVEL MUST BE FROM 0 TO ${limit}`, dialLevel);
    changes.push(['auto_dial_level', dialLevel]);
  }
  const dialMethod = p(ctx, 'dial_method');
  if (dialMethod.length > 0) {
    if (!/^MANUAL$|^RATIO$|^INBOUND_MAN$|^ADAPT_AVERAGE$|^ADAPT_HARD_LIMIT$|^ADAPT_TAPERED$/.test(dialMethod)) return fail('DIAL METHOD IS NOT VALID', dialMethod);
    changes.push(['dial_method', dialMethod]);
  }
  const adaptMax = p(ctx, 'adaptive_maximum_level');
  if (adaptMax.length > 0) {
    if (adaptMax.length > 5) return fail('ADAPT MAXIMUM DIAL LEVEL MUST BE FROM 1 TO 5 CHARACTERS', adaptMax);
    changes.push(['adaptive_maximum_level', adaptMax]);
  }
  const vdadExten = p(ctx, 'campaign_vdad_exten');
  if (vdadExten.length > 0) {
    if (vdadExten.length > 20 || vdadExten.length < 3) return fail('ROUTING EXTENSION MUST BE FROM 3 TO 20 CHARACTERS', vdadExten);
    changes.push(['campaign_vdad_exten', vdadExten]);
  }
  const hopperLevel = p(ctx, 'hopper_level');
  if (hopperLevel.length > 0) {
    const n = Number(hopperLevel);
    if (n > 5000 || n < 1) return fail('HOPPER LEVEL MUST BE FROM 1 TO 2000', hopperLevel);
    changes.push(['hopper_level', hopperLevel]);
  }
  const dialTimeout = p(ctx, 'dial_timeout');
  if (dialTimeout.length > 0) {
    const n = Number(dialTimeout);
    if (n > 120 || n < 1) return fail('DIAL TIMEOUT MUST BE FROM 1 TO 120', dialTimeout);
    changes.push(['dial_timeout', dialTimeout]);
  }
  if (campaignName.length > 0) {
    if (campaignName.length > 40 || campaignName.length < 6) return fail('CAMPAIGN NAME MUST BE FROM 6 TO 40 CHARACTERS', campaignName);
    changes.push(['campaign_name', campaignName]);
  }
  const cid = p(ctx, 'outbound_cid');
  if (cid.length > 0) {
    if (cid.length > 20 || cid.length < 6) return fail('CAMPAIGN CID MUST BE FROM 6 TO 20 CHARACTERS', cid);
    changes.push(['campaign_cid', cid]);
  }
  const filter = p(ctx, 'lead_filter_id');
  if (filter.length > 0) {
    if (filter === '---NONE---') changes.push(['lead_filter_id', '']);
    else if (![...(state.leadFilters ?? [])].some((f) => sameCi(f, filter))) return fail('CAMPAIGN LEAD FILTER MUST BE A VALID FILTER IN THE SYSTEM', filter);
    else changes.push(['lead_filter_id', filter]);
  }
  const active = p(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return fail('ACTIVE MUST BE Y OR N', active);
    changes.push(['active', active]);
  }
  const xfer = xferconfColumns(ctx, 'update_campaign', 'TRANSFER CONF NUMBER', true);
  if (typeof xfer === 'string') return xfer;
  changes.push(...Object.entries(xfer));
  const urls: Array<[string, string, string]> = [
    ['dispo_call_url', 'dispo_call_url', 'DISPO CALL URL IS NOT VALID'],
    ['webform_one', 'web_form_address', 'WENFORM 1 URL IS NOT VALID'],
    ['webform_two', 'web_form_address_two', 'WENFORM 2 URL IS NOT VALID'],
    ['webform_three', 'web_form_address_three', 'WENFORM 3 URL IS NOT VALID'],
  ];
  for (const [name, col, reason] of urls) {
    const v = p(ctx, name);
    if (v.length === 0) continue;
    if (v === '--BLANK--') changes.push([col, '']);
    else if (v.length < 3 || v.length > 65000) return fail(reason, v);
    else changes.push([col, v]);
  }
  const listOrder = p(ctx, 'list_order');
  if (listOrder.length > 0) {
    if (!LIST_ORDERS.has(listOrder)) return fail('LIST ORDER IS NOT VALID', listOrder);
    if (listOrder.length < 2 || listOrder.length > 30) return fail('LIST ORDER IS NOT A VALID LENGTH', listOrder);
    changes.push(['lead_order', listOrder]);
  }
  const randomize = p(ctx, 'list_order_randomize');
  if (randomize.length > 0) {
    if (!/^Y$|^N$/.test(randomize)) return fail('LIST ORDER RANDOMIZE IS NOT VALID', randomize);
    changes.push(['lead_order_randomize', randomize]);
  }
  const secondary = p(ctx, 'list_order_secondary');
  if (secondary.length > 0) {
    if (!/^LEAD_ASCEND$|^LEAD_DESCEND$|^CALLTIME_ASCEND$|^CALLTIME_DESCEND$|^VENDOR_ASCEND$|^VENDOR_DESCEND$/.test(secondary)) {
      return fail('LIST ORDER SECONDARY IS NOT VALID', secondary);
    }
    changes.push(['lead_order_secondary', secondary]);
  }
  let dialStatuses: string | undefined;
  const storedStatuses = (): string => campaign.dial_statuses ?? ' NEW NA -';
  const statusAdd = p(ctx, 'dial_status_add');
  if (statusAdd.length > 0) {
    if (statusAdd.length > 6) return fail('DIAL STATUS ADD IS NOT VALID', statusAdd);
    let current = storedStatuses();
    if (current.length > 248) return fail('DIAL STATUS ADD FAILURE, TOO MANY EXISTING DIAL STATUSES', statusAdd);
    if (current.length < 2) current = ' -';
    dialStatuses = ` ${statusAdd}${current}`;
  }
  const statusRemove = p(ctx, 'dial_status_remove');
  if (statusRemove.length > 0) {
    if (statusRemove.length > 6) return fail('DIAL STATUS REMOVE IS NOT VALID', statusRemove);
    let current: string;
    if (dialStatuses !== undefined && dialStatuses.length > 0) current = dialStatuses;
    else {
      current = storedStatuses();
      if (current.length < 1 || current === ' -') return fail('DIAL STATUS REMOVE FAILURE, NO EXISTING DIAL STATUSES SET', statusRemove);
    }
    const re = new RegExp(`\\s${statusRemove}\\s`, 'gi');
    if (!new RegExp(`\\s${statusRemove}\\s`, 'i').test(current)) return fail('DIAL STATUS REMOVE FAILURE, NOT AN EXISTING DIAL STATUS', statusRemove);
    dialStatuses = current.replace(re, ' ');
  }
  if (dialStatuses !== undefined) changes.push(['dial_statuses', dialStatuses]);

  let out = '';
  if (changes.length === 0) {
    out += `NOTICE: update_campaign NO UPDATES DEFINED: |${u}|\n`;
  } else {
    const cols = (campaign.columns ??= {});
    cols.campaign_changedate = sqlDateTime(ctx.now);
    for (const [col, value] of changes) {
      switch (col) {
        case 'campaign_name':
          campaign.campaign_name = value;
          break;
        case 'active':
          campaign.active = value as SimCampaign['active'];
          break;
        case 'dial_method':
        case 'auto_dial_level':
        case 'lead_order':
        case 'dial_statuses':
        case 'dial_timeout':
          campaign[col] = value;
          break;
        default:
          cols[col] = value;
      }
    }
    out += `SUCCESS: update_campaign CAMPAIGN HAS BEEN UPDATED - ${u}|${campaignId}\n`;
  }
  if (p(ctx, 'reset_hopper') === 'Y') {
    removeWhere(state.hopper, (h) => sameCi(h.campaign_id, campaign.campaign_id));
    // The affected-rows detail names a variable the server never set: always empty.
    out += `NOTICE: update_campaign HOPPER HAS BEEN RESET - ${u}|${campaignId}|\n`;
  }
  return out;
};

// ---------------------------------------------------------------------------
// update_alt_url

const ALT_URL_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  campaign: { dispo: 'dispo_call_url', start: 'start_call_url', noagent: 'na_call_url' },
  ingroup: { dispo: 'dispo_call_url', start: 'start_call_url', noagent: 'na_call_url', addlead: 'add_lead_url' },
  list: { noagent: 'na_call_url' },
};
const EVENT_SECTIONS: Readonly<Record<string, string>> = { campaign: 'CAMPAIGNS', ingroup: 'INGROUPS', list: 'LISTS' };

/** The URL setting of a campaign, in-group or list (the columns the API cannot set default to ''). */
function urlSetting(state: SimState, entryType: string, id: string, col: string): string {
  if (entryType === 'campaign') {
    const c = findCampaign(state, id);
    return c ? c.columns?.[col] ?? '' : '';
  }
  if (entryType === 'ingroup') {
    const g = [...state.inGroups.values()].find((x) => sameCi(x.group_id, id));
    return g ? g.columns?.[col] ?? '' : '';
  }
  const l = findList(state, id);
  return l ? l.columns?.[col] ?? '' : '';
}

const updateAltUrl: Handler = (ctx) => {
  const state = ctx.state;
  const early = preamble(ctx, 'modify_campaigns', 'USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS');
  if (early) return early;
  const u = ctx.user.user;
  const campaignId = p(ctx, 'campaign_id');
  if (campaignId.length < 2 || campaignId.length > 20) {
    return `ERROR: update_alt_url YOU MUST USE ALL REQUIRED FIELDS: |${u}|${campaignId}|${p(ctx, 'campaign_name')}|${campaignId}\n`;
  }
  const camps = allowedCampaignIds(state, ctx.user);
  const campaign = findCampaign(state, campaignId);
  if (!campaign || !campaignAllowed(camps, campaign.campaign_id)) return `ERROR: update_alt_url CAMPAIGN DOES NOT EXIST: |${u}|${campaignId}\n`;
  const entryType = p(ctx, 'entry_type');
  const urlType = p(ctx, 'url_type');
  let altUrlId = p(ctx, 'alt_url_id');
  const rows = (state.altUrls ??= []);
  const mine = (): SimAltUrl[] =>
    rows
      .filter((r) => sameCi(r.campaign_id, campaignId) && sameCi(r.entry_type, entryType) && sameCi(r.url_type, urlType))
      .sort((a, b) => a.url_id - b.url_id);

  if (altUrlId === 'LIST') {
    const found = mine().slice(0, 1000);
    if (found.length < 1) return `NOTICE: update_alt_url LIST, No Records Found - ${u}|${urlType}|${entryType}|${campaignId}|0\n`;
    const DL = delimiter(ctx);
    let out = p(ctx, 'header') === 'YES'
      ? ['url_id', 'campaign_id', 'entry_type', 'active', 'url_type', 'url_rank', 'url_statuses', 'url_description', 'url_lists', 'url_call_length', 'url_address'].join(DL) + '\n'
      : '';
    for (const r of found) {
      out += [r.url_id, r.campaign_id, r.entry_type, r.active, r.url_type, r.url_rank, r.url_statuses, r.url_description, r.url_lists, r.url_call_length, r.url_address].join(DL) + '\n';
    }
    return out;
  }
  const section = EVENT_SECTIONS[entryType];
  if (!section) return `ERROR: update_alt_url NO ENTRY TYPE DEFINED:: |${u}|${entryType}|${campaignId}\n`;
  const col = ALT_URL_COLUMNS[entryType][urlType];
  if (!col) return `ERROR: update_alt_url NO VALID URL TYPE DEFINED:: |${u}|${urlType}|${entryType}|${campaignId}\n`;
  if (urlSetting(state, entryType, campaignId, col).toUpperCase() !== 'ALT') {
    return `ERROR: update_alt_url ${section} ${urlType} URL IS NOT SET TO ALT: |${u}|${urlType}|${entryType}|${campaignId}\n`;
  }
  if (altUrlId !== 'NEW') {
    const exists = mine().some((r) => String(r.url_id) === altUrlId);
    if (!exists) {
      const first = mine().slice(0, 2);
      if (first.length >= 2) return `ERROR: update_alt_url ALT URL ID DOES NOT EXIST: |${u}|${altUrlId}|${urlType}|${entryType}|${campaignId}|${first.length}\n`;
      altUrlId = first.length === 1 ? String(first[0].url_id) : '';
    }
  }
  const fail = (reason: string, value: string): string => `ERROR: update_alt_url ${reason}, THIS IS AN OPTIONAL FIELD: |${u}|${value}\n`;
  const changes: Partial<Record<Exclude<keyof SimAltUrl, 'url_id'>, string>> = {};
  const active = p(ctx, 'active');
  if (active.length > 0) {
    if (active !== 'Y' && active !== 'N') return fail('ACTIVE MUST BE Y OR N', active);
    changes.active = active;
  }
  const address = p(ctx, 'url_address');
  if (address.length > 0) {
    if (address === '--BLANK--') changes.url_address = '';
    else if (address.length < 5 || address.length > 65000) return fail('URL ADDRESS IS NOT VALID', address);
    else changes.url_address = address;
  }
  const rank = p(ctx, 'url_rank');
  if (rank.length > 0) {
    if (rank.length > 5) return fail('URL RANK IS NOT VALID', rank);
    changes.url_rank = rank;
  }
  const callLength = p(ctx, 'url_call_length');
  if (callLength.length > 0) {
    if (callLength.length > 5) return fail('URL CAL LENGTH IS NOT VALID', callLength);
    changes.url_call_length = callLength;
  }
  const statuses = p(ctx, 'url_statuses');
  if (statuses.length > 0) {
    if (statuses.length > 1000) return fail('URL STATUSES IS NOT VALID', statuses);
    changes.url_statuses = statuses;
  }
  const description = p(ctx, 'url_description');
  if (description.length > 0) {
    if (description === '--BLANK--') changes.url_description = '';
    else if (description.length > 255) return fail('URL DESCRIPTION IS NOT VALID', description);
    else changes.url_description = description;
  }
  const lists = p(ctx, 'url_lists');
  if (lists.length > 0) {
    if (lists === '--BLANK--') changes.url_lists = '';
    else if (lists.length > 1000) return fail('URL LISTS IS NOT VALID', lists);
    else changes.url_lists = lists;
  }
  if (Object.keys(changes).length === 0) return `NOTICE: update_alt_url NO UPDATES DEFINED: |${u}|\n`;
  if (altUrlId === 'NEW') {
    const urlId = rows.reduce((m, r) => Math.max(m, r.url_id), 0) + 1;
    rows.push({
      url_id: urlId,
      campaign_id: campaignId,
      entry_type: entryType,
      url_type: urlType,
      active: 'N',
      url_rank: '1',
      url_statuses: '',
      url_description: '',
      url_lists: '',
      url_call_length: '0',
      url_address: '',
      ...changes,
    });
    return `SUCCESS: update_alt_url ALT URL HAS BEEN ADDED - ${u}|NEW URL ID: ${urlId}|${urlType}|${entryType}|${campaignId}\n`;
  }
  // The UPDATE matches campaign_id and url_id only.
  for (const r of rows) if (sameCi(r.campaign_id, campaignId) && String(r.url_id) === altUrlId) Object.assign(r, changes);
  return `SUCCESS: update_alt_url ALT URL HAS BEEN UPDATED - ${u}|${altUrlId}|${urlType}|${entryType}|${campaignId}\n`;
};

// ---------------------------------------------------------------------------
// update_presets

const updatePresets: Handler = (ctx) => {
  const state = ctx.state;
  const early = preamble(ctx, 'modify_campaigns', 'USER DOES NOT HAVE PERMISSION TO UPDATE CAMPAIGNS');
  if (early) return early;
  const u = ctx.user.user;
  const campaignId = p(ctx, 'campaign_id');
  if (campaignId.length < 2 || campaignId.length > 8) {
    return `ERROR: update_presets YOU MUST USE ALL REQUIRED FIELDS: |${u}|${campaignId}|${p(ctx, 'campaign_name')}|${campaignId}\n`;
  }
  const camps = allowedCampaignIds(state, ctx.user);
  const campaign = findCampaign(state, campaignId);
  if (!campaign || !campaignAllowed(camps, campaign.campaign_id)) return `ERROR: update_presets CAMPAIGN DOES NOT EXIST: |${u}|${campaignId}\n`;
  const action = p(ctx, 'action');
  const rows = (state.xferPresets ??= []);
  const mine = (): SimXferPreset[] => byId(rows.filter((r) => sameCi(r.campaign_id, campaignId)), (r) => r.preset_name);
  if (action === 'LIST') {
    const found = mine().slice(0, 1000);
    if (found.length < 1) return `NOTICE: update_presets LIST, No Records Found - ${u}|${campaignId}|0\n`;
    const DL = delimiter(ctx);
    let out = p(ctx, 'header') === 'YES' ? ['preset_name', 'campaign_id', 'preset_number', 'preset_hide_number', 'preset_dtmf'].join(DL) + '\n' : '';
    for (const r of found) out += [r.preset_name, r.campaign_id, r.preset_number, r.preset_hide_number, r.preset_dtmf].join(DL) + '\n';
    return out;
  }
  let presetName = p(ctx, 'preset_name');
  if (action !== 'NEW') {
    if (!mine().some((r) => sameCi(r.preset_name, presetName))) {
      const first = mine().slice(0, 2);
      if (first.length >= 2) return `ERROR: update_presets PRESET NAME DOES NOT EXIST: |${u}|${presetName}|${campaignId}|${first.length}\n`;
      // With 0 or 1 presets the server silently works on the first one (or on none).
      presetName = first.length === 1 ? first[0].preset_name : '';
    }
  }
  const fail = (reason: string, value: string): string => `ERROR: update_presets ${reason}, THIS IS AN OPTIONAL FIELD: |${u}|${value}\n`;
  const changes: Partial<Record<keyof SimXferPreset, string>> = {};
  const hide = p(ctx, 'preset_hide_number');
  if (hide.length > 0) {
    if (hide !== 'Y' && hide !== 'N') return fail('PRESET HIDE NUMBER MUST BE Y OR N', hide);
    changes.preset_hide_number = hide;
  }
  const number = p(ctx, 'preset_number');
  if (number.length > 0) {
    if (number.length > 50) return fail('PRESET NUMBER IS NOT VALID', number);
    changes.preset_number = number;
  }
  const dtmf = p(ctx, 'preset_dtmf');
  if (dtmf.length > 0) {
    if (dtmf === '--BLANK--') changes.preset_dtmf = '';
    else if (dtmf.length > 50) return fail('PRESET DTMF IS NOT VALID', dtmf);
    else changes.preset_dtmf = dtmf;
  }
  const matches = (r: SimXferPreset): boolean => sameCi(r.campaign_id, campaignId) && sameCi(r.preset_name, presetName);
  if (action === 'DELETE') {
    removeWhere(rows, matches);
    return `SUCCESS: update_presets PRESET HAS BEEN DELETED - ${u}|${presetName}|${campaignId}\n`;
  }
  if (Object.keys(changes).length === 0) return `NOTICE: update_presets NO UPDATES DEFINED: |${u}|\n`;
  if (action === 'NEW') {
    // No duplicate check: the row is inserted as sent.
    rows.push({ campaign_id: campaignId, preset_name: presetName, preset_number: '', preset_hide_number: 'N', preset_dtmf: '', ...changes });
    return `SUCCESS: update_presets PRESET HAS BEEN ADDED - ${u}|NEW PRESET: ${presetName}|${campaignId}\n`;
  }
  for (const r of rows) if (matches(r)) Object.assign(r, changes);
  return `SUCCESS: update_presets PRESET HAS BEEN UPDATED - ${u}|${presetName}|${campaignId}\n`;
};

// ---------------------------------------------------------------------------
// lead_status_search

const LEAD_FIELDS: ReadonlyArray<keyof SimLead> = [
  'status', 'user', 'vendor_lead_code', 'source_id', 'list_id', 'gmt_offset_now', 'phone_code', 'phone_number', 'title',
  'first_name', 'middle_initial', 'last_name', 'address1', 'address2', 'address3', 'city', 'state', 'province', 'postal_code',
  'country_code', 'gender', 'date_of_birth', 'alt_phone', 'email', 'security_phrase', 'comments', 'called_count',
  'last_local_call_time', 'rank', 'owner', 'entry_list_id',
];

const leadStatusSearch: Handler = (ctx) => {
  const state = ctx.state;
  const u = ctx.user;
  const source = p(ctx, 'source');
  if (source.length < 2) return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
  const allowedFns = u.api_allowed_functions;
  if (!allowedFns.includes(` ${ctx.fn} `) && !allowedFns.includes('ALL_FUNCTIONS')) {
    return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${u.user}|${ctx.fn}|\n`;
  }
  const permitted =
    flag1(u, 'vdc_agent_api_access') && ['1', '2', '3', '4'].includes(u.flags.modify_leads ?? '') && u.user_level > 6 && u.active === 'Y';
  if (!permitted) return `ERROR: lead_status_search USER DOES NOT HAVE PERMISSION TO GET LEAD INFO: |${u.user}|0|\n`;
  const status = p(ctx, 'status');
  const date = p(ctx, 'date');
  const leadId = p(ctx, 'lead_id');
  const byStatus = status.length > 0 && date.length === 10;
  if (!byStatus && leadId.length < 1) return `ERROR: lead_status_search INVALID SEARCH PARAMETERS: ${u.user}|${status}|${date}|${leadId}\n`;

  const camps = allowedCampaignIds(state, u);
  const matches = (c: { lead_id: number; status: string; call_date: string }): boolean =>
    byStatus
      ? sameCi(c.status, status) && c.call_date >= `${date} 00:00:00` && c.call_date <= `${date} 23:59:59`
      : c.lead_id === Number(leadId);
  const distinctNewestFirst = (calls: typeof state.calls): number[] => {
    const ids: number[] = [];
    const sorted = byStatus ? [...calls].sort((a, b) => (a.call_date < b.call_date ? 1 : a.call_date > b.call_date ? -1 : 0)) : calls;
    for (const c of sorted) if (!ids.includes(c.lead_id)) ids.push(c.lead_id);
    return byStatus ? ids.slice(0, 1000) : ids;
  };
  // With restricted campaigns the status search appends the campaign clause after its LIMIT: a SQL
  // error, so the outbound log contributes nothing.
  const outbound =
    byStatus && camps !== undefined
      ? []
      : distinctNewestFirst(state.calls.filter((c) => !c.inbound && matches(c) && (camps === undefined || campaignAllowed(camps, c.campaign_id))));
  const inbound = distinctNewestFirst(state.calls.filter((c) => c.inbound && matches(c) && !outbound.includes(c.lead_id)));
  const table = p(ctx, 'archived_lead') === 'Y' ? state.leadsArchive ?? new Map<number, SimLead>() : state.leads;
  const customFields = p(ctx, 'custom_fields') === 'Y';
  let out = '';
  let n = 0;
  for (const id of [...outbound, ...inbound]) {
    const lead = table.get(id);
    if (!lead) continue;
    if (camps !== undefined && u.api_list_restrict > 0) {
      const list = findList(state, lead.list_id);
      if (!list || !campaignAllowed(camps, list.campaign_id)) continue;
    }
    n++;
    out += `;---------- START OF RECORD ${n} ----------\n`;
    out += `lead_id => ${id}\n`;
    for (const f of LEAD_FIELDS) out += `${f} => ${String(lead[f])}\n`;
    if (customFields) {
      const cfList = Number(lead.entry_list_id) > 99 ? lead.entry_list_id : lead.list_id;
      const labels = state.customFieldDefs?.get(cfList) ?? (Object.keys(lead.custom).length > 0 ? Object.keys(lead.custom) : []);
      // custom_<list> holds a row for the lead when the lead has custom data.
      if (labels.length > 0 && Object.keys(lead.custom).length > 0) {
        for (const label of labels) {
          const value = (lead.custom[label] ?? '').replace(/\t/g, ' -- ').replace(/\n|\r\n/g, '!N');
          out += `${label} => ${value}\n`;
        }
      }
    }
  }
  if (n < 1) return `ERROR: lead_status_search NO RESULTS FOUND: ${u.user}|${leadId}|${status}|\n`;
  return out;
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  update_list: updateList,
  list_custom_fields: listCustomFields,
  add_list: addList,
  update_campaign: updateCampaign,
  update_alt_url: updateAltUrl,
  update_presets: updatePresets,
  lead_status_search: leadStatusSearch,
};
