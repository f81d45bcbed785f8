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
}

export interface SimInGroup {
  group_id: string;
  group_name: string;
  active: 'Y' | 'N';
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
  hopper: Array<{ lead_id: number; list_id: string; campaign_id: string; priority: number; status: string }>;
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
