/**
 * The simulator's in-memory database: the slices of VICIdial's tables that the
 * simulated functions read and write, with the same column names as the server.
 */

export interface SimUser {
  user: string;
  pass: string;
  full_name: string;
  user_level: number;
  user_group: string;
  active: 'Y' | 'N';
  /** ' ALL_FUNCTIONS ' or space-separated function names with spaces around, as VICIdial stores it. */
  api_allowed_functions: string;
  api_list_restrict: number;
  /** vicidial_users permission columns ('1' or '0'): modify_leads, view_reports, vdc_agent_api_access … */
  flags: Record<string, string>;
  failed_login_count: number;
  /** Epoch seconds of the last failed or good login. */
  last_login_date: number;
  /** vicidial_users.custom_three (the CRM agent id the Agent API's alt_user is matched against). */
  custom_three?: string;
  /** vicidial_users.custom_four (set by st_login_log). */
  custom_four?: string;
  /**
   * Further vicidial_users columns written by add_user / copy_user / update_user (absent = schema default ''):
   * phone_login, phone_pass, hotkeys_active, voicemail_id, email, custom_one, custom_two, custom_five,
   * wrapup_seconds_override, agent_choose_ingroups, agent_choose_blended, closer_default_blended,
   * closer_campaigns (' A B -'), force_change_password.
   */
  columns?: Record<string, string>;
}

/** One phones row (add_phone / update_phone); columns left out are the schema defaults. */
export interface SimPhone {
  extension: string;
  dialplan_number: string;
  voicemail_id: string;
  login: string;
  pass: string;
  server_ip: string;
  protocol: string;
  /** Registration password. */
  conf_secret: string;
  fullname: string;
  local_gmt: string;
  outbound_cid: string;
  phone_context: string;
  email: string;
  active: string;
  status: string;
  user_group: string;
  /** Further phones columns: is_webphone, webphone_auto_answer, use_external_server_ip, template_id, on_hook_agent, outbound_alt_cid, phone_ring_timeout, delete_vm_after_email, install_directory. */
  columns?: Record<string, string>;
}

/** One vicidial_remote_agents row. */
export interface SimRemoteAgent {
  remote_agent_id: number;
  user_start: string;
  number_of_lines: number;
  server_ip: string;
  conf_exten: string;
  status: 'ACTIVE' | 'INACTIVE' | '';
  campaign_id: string;
  closer_campaigns: string;
}

export interface SimLead {
  lead_id: number;
  entry_date: string;
  modify_date: string;
  status: string;
  user: string;
  vendor_lead_code: string;
  source_id: string;
  list_id: string;
  gmt_offset_now: string;
  called_since_last_reset: string;
  phone_code: string;
  phone_number: string;
  title: string;
  first_name: string;
  middle_initial: string;
  last_name: string;
  address1: string;
  address2: string;
  address3: string;
  city: string;
  state: string;
  province: string;
  postal_code: string;
  country_code: string;
  gender: string;
  date_of_birth: string;
  alt_phone: string;
  email: string;
  security_phrase: string;
  comments: string;
  called_count: number;
  last_local_call_time: string;
  rank: string;
  owner: string;
  entry_list_id: string;
  custom: Record<string, string>;
}

export interface SimList {
  list_id: string;
  list_name: string;
  campaign_id: string;
  active: 'Y' | 'N';
  /** vicidial_lists.local_call_time (absent = 'campaign': use the campaign's). */
  local_call_time?: string;
  /** Optional vicidial_lists columns shown by list_info (absent: '', newest call of the list, '2099-12-31', 0). */
  list_changedate?: string;
  list_lastcalldate?: string;
  expiration_date?: string;
  resets_today?: number;
  /** vicidial_lists.daily_reset_limit (absent = -1: no limit). */
  daily_reset_limit?: number;
  /** Further vicidial_lists columns written by add_list / update_list (reset_time, agent_script_override, na_call_url …). */
  columns?: Record<string, string>;
}

export interface SimCampaign {
  campaign_id: string;
  campaign_name: string;
  active: 'Y' | 'N';
  use_internal_dnc: 'Y' | 'N';
  use_campaign_dnc: 'Y' | 'N';
  /** The campaign's own DNC list name (use_other_campaign_dnc); blank = itself. */
  use_other_campaign_dnc: string;
  pause_codes_required: 'Y' | 'N';
  pause_codes: string[];
  statuses: string[];
  /** Optional vicidial_campaigns columns (admin handlers fall back to VICIdial's defaults when absent). */
  user_group?: string;
  /** vicidial_call_times id (absent = '9am-9pm'). */
  local_call_time?: string;
  dial_method?: string;
  auto_dial_level?: string;
  lead_order?: string;
  /** Stored as VICIdial does: ' NEW NA -'. */
  dial_statuses?: string;
  dial_timeout?: string;
  dial_prefix?: string;
  manual_dial_prefix?: string;
  three_way_dial_prefix?: string;
  campaign_allow_inbound?: 'Y' | 'N';
  /** Allowed in-groups, stored as ' SALESLINE SUPPORT -'; absent = every in-group. */
  closer_campaigns?: string;
  /** Agent API settings of vicidial_campaigns (absent: see the defaults in handlers/agent.ts). */
  api_manual_dial?: string;
  manual_preview_dial?: string;
  alt_number_dialing?: string;
  manual_dial_list_id?: string;
  agent_lead_search?: string;
  default_xfer_group?: string;
  /** Campaign statuses with scheduled_callback='Y' (besides the system status CALLBK). */
  callback_statuses?: string[];
  /** Further vicidial_campaigns columns written by update_campaign (hopper_level, dispo_call_url, start_call_url …). */
  columns?: Record<string, string>;
}

/** One vicidial_callbacks row. */
export interface SimCallback {
  callback_id: number;
  lead_id: number;
  list_id: string;
  campaign_id: string;
  status: string;
  entry_time: string;
  callback_time: string;
  user: string;
  recipient: string;
  comments: string;
  user_group: string;
  lead_status: string;
  /** vicidial_callbacks.customer_timezone / customer_time (absent = ''). */
  customer_timezone?: string;
  customer_time?: string;
}

export interface SimInGroup {
  group_id: string;
  group_name: string;
  active: 'Y' | 'N';
  group_color?: string;
  user_group?: string;
  /** Further vicidial_inbound_groups columns (dispo_call_url, start_call_url, na_call_url, add_lead_url …). */
  columns?: Record<string, string>;
}

/** A logged-in agent (vicidial_live_agents) plus the agent screen's pending API requests. */
export interface SimAgent {
  user: string;
  campaign_id: string;
  conf_exten: string;
  server_ip: string;
  status: 'READY' | 'PAUSED' | 'INCALL' | 'QUEUE' | 'CLOSER' | 'MQUEUE';
  lead_id: number;
  callerid: string;
  uniqueid: string;
  calls_today: number;
  pause_code: string;
  sub_status: string;
  last_call_time: string;
  last_state_change: string;
  closer_campaigns: string[];
  /** agc fields the Agent API sets and the agent screen consumes. */
  external_dial: string;
  external_pause: string;
  external_hangup: string;
  external_status: string;
  external_update_fields: string;
  external_recording: string;
  external_transferconf: string;
  external_park: string;
  external_dtmf: string;
  external_pause_code: string;
  external_ingroups: string;
  external_timer_action: string;
  external_logout: string;
  /** Optional vicidial_live_agents columns shown by agent_ingroup_info. */
  outbound_autodial?: 'Y' | 'N';
  manager_ingroup_set?: string;
  external_igb_set_user?: string;
  on_hook_agent?: 'Y' | 'N';
  on_hook_ring_time?: string;
  /** Further agc request columns the Agent API sets (external_blended, external_update_fields_data, external_vm…). */
  external_blended?: string;
  external_update_fields_data?: string;
  external_vm?: string;
  external_lead_id?: string;
  external_timer_action_message?: string;
  external_timer_action_seconds?: string;
  external_audio?: string;
  /** vicidial_live_agents.comments (MANUAL, INBOUND, AUTO, CHAT, EMAIL; absent = ''). */
  comments?: string;
  /** vicidial_live_agents.campaign_weight / campaign_grade (set by update_user campaign_rank/grade; absent = 0 / 1). */
  campaign_weight?: number;
  campaign_grade?: number;
}

/** One call in vicidial_log (outbound) or vicidial_closer_log (inbound). */
export interface SimCall {
  uniqueid: string;
  /** The caller_code / call ID (e.g. M2260919190001079409). */
  call_id: string;
  lead_id: number;
  list_id: string;
  /** Campaign for outbound calls, in-group for inbound calls. */
  campaign_id: string;
  inbound: boolean;
  call_date: string;
  start_epoch: number;
  end_epoch: number;
  length_in_sec: number;
  status: string;
  phone_code: string;
  phone_number: string;
  user: string;
  user_group: string;
  term_reason: string;
  queue_seconds: number;
  did_pattern: string;
  recording_id: string;
  recording_filename: string;
  recording_location: string;
}

/** One vicidial_inbound_dids row; every column but did_id/did_pattern may be absent (schema default). */
export interface SimDid {
  did_id: string;
  did_pattern: string;
  did_description?: string;
  did_active?: string;
  did_route?: string;
  record_call?: string;
  extension?: string;
  exten_context?: string;
  voicemail_ext?: string;
  phone?: string;
  server_ip?: string;
  group_id?: string;
  menu_id?: string;
  filter_clean_cid_number?: string;
  call_handle_method?: string;
  agent_search_method?: string;
  list_id?: string;
  entry_list_id?: string;
  campaign_id?: string;
  phone_code?: string;
  user_group?: string;
}

/** A file of the audio store (sounds_list). */
export interface SimSoundFile {
  filename: string;
  /** Modification time, epoch seconds. */
  epoch: number;
  size: number;
  /** audio_store_details.wav_asterisk_valid = BAD. */
  bad?: boolean;
}

export interface SimMohClass {
  moh_id: string;
  moh_name: string;
  active: 'Y' | 'N';
  random: 'Y' | 'N';
  user_group: string;
  files: string[];
}

export interface SimVoicemailBox {
  voicemail_id: string;
  fullname: string;
  email: string;
  active: 'Y' | 'N';
  user_group: string;
}

export interface SimCallMenu {
  menu_id: string;
  menu_name: string;
  menu_prompt: string;
  user_group: string;
}

export interface SimSettingsContainer {
  container_id: string;
  container_notes: string;
  container_type: string;
  user_group: string;
}

export interface SimCidGroup {
  cid_group_id: string;
  cid_group_notes: string;
  cid_group_type: string;
  user_group: string;
}

export interface SimCidAreacode {
  /** The CID group id or campaign id. */
  campaign_id: string;
  areacode: string;
  outbound_cid: string;
  /** 'Y' or '' (inactive). */
  active: string;
  cid_description: string;
  call_count_today: number;
}

export interface SimManagerCommand {
  man_id: number;
  entry_date: string;
  status: string;
  server_ip: string;
  action: string;
  callerid: string;
  cmd_line_b: string;
  cmd_line_c: string;
  cmd_line_d: string;
  cmd_line_e: string;
  cmd_line_f: string;
}

/** One vicidial_url_multi row (update_alt_url). */
export interface SimAltUrl {
  url_id: number;
  campaign_id: string;
  entry_type: string;
  url_type: string;
  active: string;
  url_rank: string;
  url_statuses: string;
  url_description: string;
  url_lists: string;
  url_call_length: string;
  url_address: string;
}

/** One vicidial_xfer_presets row (update_presets). */
export interface SimXferPreset {
  campaign_id: string;
  preset_name: string;
  preset_number: string;
  preset_hide_number: string;
  preset_dtmf: string;
}

export interface SimState {
  users: Map<string, SimUser>;
  leads: Map<number, SimLead>;
  lists: Map<string, SimList>;
  campaigns: Map<string, SimCampaign>;
  inGroups: Map<string, SimInGroup>;
  userGroups: Set<string>;
  /** vicidial_dnc */
  dnc: Set<string>;
  /** vicidial_campaign_dnc, by campaign */
  campaignDnc: Map<string, Set<string>>;
  /** vicidial_filter_phone_group_entries, by group */
  filterPhoneGroups: Map<string, Set<string>>;
  agents: Map<string, SimAgent>;
  calls: SimCall[];
  hopper: Array<{
    lead_id: number;
    list_id: string;
    campaign_id: string;
    priority: number;
    status: string;
    /** Optional vicidial_hopper columns; absent ones come from the lead (state, gmt, vendor code) or defaults. */
    hopper_id?: number;
    state?: string;
    gmt_offset_now?: string;
    alt_dial?: string;
    source?: string;
    vendor_lead_code?: string;
  }>;
  /** vicidial_user_groups permissions; a group missing here sees everything (-ALL-CAMPAIGNS-, ---ALL---). */
  userGroupSettings?: Map<string, { allowed_campaigns?: string; admin_viewable_groups?: string }>;
  /** groups_alias, by group_alias_id. */
  groupAliases?: Map<string, { group_alias_id: string; group_alias_name: string; caller_id_number: string; caller_id_name: string; active: string; user_group: string }>;
  /** servers table; absent = one active server 10.0.0.15. */
  servers?: Array<{ server_ip: string; active: 'Y' | 'N'; rebuild_conf_files: 'Y' | 'N'; local_gmt?: string; /** MEETME (absent) or CONFBRIDGE. */ conf_engine?: string }>;
  /** vicidial_callbacks (absent = none). */
  callbacks?: SimCallback[];
  /** vicidial_callbacks_archive rows (copies of deleted callbacks). */
  callbacksArchive?: SimCallback[];
  /** vicidial_list_alt_phones (multi_alt_phones of add_lead / update_lead). */
  altPhones?: Array<{ alt_phone_id: number; lead_id: number; phone_code: string; phone_number: string; alt_phone_note: string; alt_phone_count: number }>;
  /**
   * vicidial_lists_fields: custom field labels by list_id (a key = table custom_<list_id> exists).
   * Lists without an entry: the lead handlers treat extra request parameters as the list's fields.
   */
  customFieldDefs?: Map<string, string[]>;
  /** system_settings.custom_fields_enabled (absent = enabled). */
  customFieldsEnabled?: boolean;
  /** system_settings.vdc_agent_api_active (absent = active). */
  agentApiActive?: boolean;
  /** system_settings.agent_notifications (absent = 1, enabled). */
  agentNotifications?: number;
  /** system_settings.outbound_cid_any (absent = DISABLED). */
  outboundCidAny?: string;
  /** vicidial_auto_calls: calls being placed or waiting in queue (absent = none). */
  autoCalls?: Array<{ callerid: string; campaign_id: string; status: string; lead_id: number; phone_number: string; agent_only?: string; call_type?: string; uniqueid?: string; channel?: string }>;
  /** vicidial_manual_dial_queue (api_manual_dial queue modes). */
  manualDialQueue?: Array<{ user: string; phone_number: string; entry_time: string; status: string; external_dial: string }>;
  /** vicidial_agent_notifications queued by send_notification. */
  agentNotificationsQueue?: Array<Record<string, string>>;
  /** vicidial_session_data: per agent webphone_url and agent_login_call (absent = no row). */
  sessionData?: Map<string, { webphone_url: string; agent_login_call: string }>;
  /** vicidial_list_archive, by lead_id (absent = empty). */
  leadsArchive?: Map<number, SimLead>;
  /** vicidial_inbound_dids (absent: derived from the did_pattern of inbound calls, did_id = pattern). */
  dids?: SimDid[];
  /** system_settings audio store settings (sounds_list / moh_list); absent: active, '127.0.0.1', 'audiostore', 'vicidial'. */
  soundsCentralControlActive?: number;
  soundsWebServer?: string;
  soundsWebDirectory?: string;
  adminWebDirectory?: string;
  /** Files of the audio store web directory (absent = the directory does not exist). */
  soundFiles?: SimSoundFile[];
  /** vicidial_music_on_hold with its vicidial_music_on_hold_files (absent = none). */
  mohClasses?: SimMohClass[];
  /** vicidial_voicemail (absent = none). */
  voicemailBoxes?: SimVoicemailBox[];
  /** vicidial_call_menu (absent = none). */
  callMenus?: SimCallMenu[];
  /** vicidial_settings_containers (absent = none). */
  settingsContainers?: SimSettingsContainer[];
  /** vicidial_cid_groups (absent = none). */
  cidGroups?: SimCidGroup[];
  /** vicidial_campaign_cid_areacodes: entries of CID groups and campaigns (absent = none). */
  cidAreacodes?: SimCidAreacode[];
  /** vicidial_conferences / vicidial_confbridges (absent: the conf_exten of every logged-in agent). */
  conferences?: Array<{ conf_exten: string; server_ip: string }>;
  /** vicidial_manager: Asterisk commands queued by the API (blind_monitor). */
  managerQueue?: SimManagerCommand[];
  /** system_settings.agent_whisper_enabled (absent = 0). */
  agentWhisperEnabled?: number;
  /** vicidial_scripts ids (absent = none). */
  scripts?: Set<string>;
  /** vicidial_lead_filters ids (absent = none). */
  leadFilters?: Set<string>;
  /** system_settings.auto_dial_limit (absent = 4). */
  autoDialLimit?: number;
  /** vicidial_lists_fields attributes (field_type, field_name …) by list_id, then field_label; the labels are customFieldDefs. */
  customFieldAttrs?: Map<string, Map<string, Record<string, string>>>;
  /** vicidial_url_multi (absent = none). */
  altUrls?: SimAltUrl[];
  /** vicidial_xfer_presets (absent = none). */
  xferPresets?: SimXferPreset[];
  /** phones (absent = none). */
  phones?: SimPhone[];
  /** phones_alias, by alias_id (logins_list is the comma-separated phone logins). */
  phoneAliases?: Map<string, { alias_id: string; alias_name: string; logins_list: string }>;
  /** vicidial_remote_agents (absent = none). */
  remoteAgents?: SimRemoteAgent[];
  /** vicidial_conf_templates ids (absent = none). */
  confTemplates?: Set<string>;
  /** vicidial_campaign_agents: per-user campaign rank/weight/grade rows (absent = none). */
  campaignAgents?: Array<{ user: string; campaign_id: string; campaign_rank: number; campaign_weight: number; campaign_grade: number; calls_today: number }>;
  /** vicidial_inbound_group_agents: per-user in-group rank/weight/grade rows (absent = none). */
  inboundGroupAgents?: Array<{ user: string; group_id: string; group_rank: number; group_weight: number; group_grade: number; calls_today: number; group_type?: string; daily_limit?: number }>;
  /** system_settings.auto_user_add_value: next id tried for agent_user=AUTOGENERATE (absent = 101). */
  autoUserAddValue?: number;
  /** Mail the server sent (update_user reset_password). */
  sentMail?: Array<{ to: string; subject: string; message: string }>;
  /** When set, PHP's mail() fails with this error text (absent = mail is delivered). */
  mailError?: string;
  nextLeadId: number;
  version: string;
  build: string;
  agentVersion: string;
  agentBuild: string;
  /** Server offset from GMT in hours (for gmt_offset_now of new leads). */
  serverGmt: number;
}

export function blankLead(lead_id: number, list_id: string, phone_number: string, now: string): SimLead {
  return {
    lead_id,
    entry_date: now,
    modify_date: now,
    status: 'NEW',
    user: '',
    vendor_lead_code: '',
    source_id: '',
    list_id,
    gmt_offset_now: '-5.00',
    called_since_last_reset: 'N',
    phone_code: '1',
    phone_number,
    title: '',
    first_name: '',
    middle_initial: '',
    last_name: '',
    address1: '',
    address2: '',
    address3: '',
    city: '',
    state: '',
    province: '',
    postal_code: '',
    country_code: '',
    gender: 'U',
    date_of_birth: '0000-00-00',
    alt_phone: '',
    email: '',
    security_phrase: '',
    comments: '',
    called_count: 0,
    last_local_call_time: '2008-01-01 00:00:00',
    rank: '0',
    owner: '',
    entry_list_id: '0',
    custom: {},
  };
}

export function blankAgent(user: string, campaign_id: string, conf_exten: string): SimAgent {
  return {
    user,
    campaign_id,
    conf_exten,
    server_ip: '10.0.0.15',
    status: 'PAUSED',
    lead_id: 0,
    callerid: '',
    uniqueid: '',
    calls_today: 0,
    pause_code: 'LOGIN',
    sub_status: '',
    last_call_time: '',
    last_state_change: '',
    closer_campaigns: [],
    external_dial: '',
    external_pause: '',
    external_hangup: '',
    external_status: '',
    external_update_fields: '',
    external_recording: '',
    external_transferconf: '',
    external_park: '',
    external_dtmf: '',
    external_pause_code: '',
    external_ingroups: '',
    external_timer_action: '',
    external_logout: '',
  };
}

export function emptyState(): SimState {
  return {
    users: new Map(),
    leads: new Map(),
    lists: new Map(),
    campaigns: new Map(),
    inGroups: new Map(),
    userGroups: new Set(['ADMIN', 'AGENTS']),
    dnc: new Set(),
    campaignDnc: new Map(),
    filterPhoneGroups: new Map(),
    agents: new Map(),
    calls: [],
    hopper: [],
    nextLeadId: 1001,
    version: '2.14-917a',
    build: '240314-1533',
    agentVersion: '2.14-83',
    agentBuild: '240314-1535',
    serverGmt: -5,
  };
}
