/**
 * Default data for the simulator and the shape of a user-supplied seed file.
 * Calls are generated for "today" so live reports have something to show.
 */
import { blankAgent, blankLead, emptyState, type SimCall, type SimLead, type SimState, type SimUser } from './state';

export interface SeedUser extends Partial<Omit<SimUser, 'flags'>> {
  user: string;
  pass: string;
  flags?: Record<string, string>;
}

export interface Seed {
  users?: SeedUser[];
  leads?: Array<Partial<SimLead> & { phone_number: string; list_id: string }>;
  lists?: Array<{ list_id: string; list_name?: string; campaign_id: string; active?: 'Y' | 'N' }>;
  campaigns?: Array<{ campaign_id: string; campaign_name?: string }>;
  inGroups?: Array<{ group_id: string; group_name?: string }>;
  dnc?: string[];
  campaignDnc?: Record<string, string[]>;
  agents?: Array<{ user: string; campaign_id: string; status?: SimState['agents'] extends Map<string, infer A> ? A extends { status: infer S } ? S : never : never }>;
  /** Generate a day of calls (default true). */
  calls?: boolean;
}

/** Every permission column a fully privileged admin has. */
export const ADMIN_FLAGS: Readonly<Record<string, string>> = {
  modify_leads: '1',
  change_agent_campaign: '1',
  modify_lists: '1',
  modify_campaigns: '1',
  modify_users: '1',
  delete_users: '1',
  modify_remoteagents: '1',
  modify_ingroups: '1',
  modify_dids: '1',
  modify_inbound_dids: '1',
  delete_inbound_dids: '1',
  modify_phones: '1',
  view_reports: '1',
  vdc_agent_api_access: '1',
  delete_from_dnc: '1',
  ast_admin_access: '1',
  ast_delete_phones: '1',
  callcard_admin: '1',
  alter_custphone_override: 'ALLOW_ALTER',
  export_reports: '1',
  delete_lists: '1',
};

export function makeUser(u: SeedUser): SimUser {
  return {
    full_name: u.full_name ?? u.user,
    user_level: u.user_level ?? 1,
    user_group: u.user_group ?? 'AGENTS',
    active: u.active ?? 'Y',
    api_allowed_functions: u.api_allowed_functions ?? ' ALL_FUNCTIONS ',
    api_list_restrict: u.api_list_restrict ?? 0,
    failed_login_count: 0,
    last_login_date: 0,
    ...u,
    flags: { ...(u.flags ?? {}) },
  };
}

export const DEFAULT_USERS: readonly SeedUser[] = [
  { user: '6666', pass: '1234', full_name: 'Admin', user_level: 9, user_group: 'ADMIN', flags: { ...ADMIN_FLAGS } },
  { user: 'apireports', pass: 'reports99', full_name: 'Wallboard', user_level: 7, user_group: 'ADMIN', flags: { view_reports: '1' } },
  { user: 'apilimited', pass: 'limited99', full_name: 'Limited API', user_level: 8, user_group: 'ADMIN', flags: {}, api_allowed_functions: ' version add_lead ' },
  { user: 'apiagent', pass: 'agentapi9', full_name: 'Agent API', user_level: 8, user_group: 'ADMIN', flags: { vdc_agent_api_access: '1', modify_leads: '1' } },
  { user: 'agent1', pass: 'agentpass1', full_name: 'Ada Agent', user_level: 1, user_group: 'AGENTS', flags: { agentcall_manual: '1' }, custom_three: 'CRM7001' },
  { user: 'agent2', pass: 'agentpass2', full_name: 'Ben Agent', user_level: 1, user_group: 'AGENTS', flags: { agentcall_manual: '1' }, custom_three: 'CRM7002' },
  { user: 'agent3', pass: 'agentpass3', full_name: 'Cy Agent', user_level: 1, user_group: 'AGENTS', flags: { agentcall_manual: '1' }, custom_three: 'CRM7003' },
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function sqlDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A small deterministic generator, so a seeded simulator always produces the same day. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATUSES = ['NA', 'A', 'B', 'SALE', 'NI', 'CALLBK', 'DNC', 'DROP', 'AA', 'N'];
const HUMAN = new Set(['SALE', 'NI', 'CALLBK', 'DNC', 'N']);
export const HUMAN_ANSWERED_STATUSES = HUMAN;

function generateCalls(state: SimState, now: Date): SimCall[] {
  const rand = lcg(20261121);
  const calls: SimCall[] = [];
  const leads = [...state.leads.values()];
  const agents = ['agent1', 'agent2', 'agent3'];
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 0, 0);
  const opening = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 8, 0, 0);
  // Before the first business hour is over, spread the calls from midnight to now, so
  // "today" is never empty whenever the simulator starts.
  const early = now.getTime() < opening.getTime() + 3600_000;
  const day = early ? midnight : opening;
  const span = early ? Math.max(60, Math.floor((now.getTime() - midnight.getTime()) / 1000)) : 10 * 3600;
  for (let i = 0; i < 60 && leads.length > 0; i++) {
    const start = new Date(day.getTime() + Math.floor(rand() * span) * 1000);
    if (start > now) continue;
    const lead = leads[i % leads.length];
    const inbound = i % 5 === 0;
    const status = STATUSES[Math.floor(rand() * STATUSES.length)];
    const length = HUMAN.has(status) ? 30 + Math.floor(rand() * 300) : Math.floor(rand() * 30);
    const epoch = Math.floor(start.getTime() / 1000);
    const uniqueid = `${epoch}.${1000 + i}`;
    calls.push({
      uniqueid,
      call_id: `${inbound ? 'Y' : 'M'}${pad(start.getMonth() + 1)}${pad(start.getDate())}${pad(start.getHours())}${pad(start.getMinutes())}${pad(start.getSeconds())}${String(lead.lead_id).padStart(10, '0')}`,
      lead_id: lead.lead_id,
      list_id: lead.list_id,
      campaign_id: inbound ? 'SALESLINE' : 'TESTCAMP',
      inbound,
      call_date: sqlDate(start),
      start_epoch: epoch,
      end_epoch: epoch + length,
      length_in_sec: length,
      status,
      phone_code: lead.phone_code,
      phone_number: lead.phone_number,
      user: HUMAN.has(status) ? agents[i % agents.length] : 'VDAD',
      user_group: HUMAN.has(status) ? 'AGENTS' : '',
      term_reason: HUMAN.has(status) ? 'AGENT' : 'CALLER',
      queue_seconds: inbound ? Math.floor(rand() * 20) : 0,
      did_pattern: inbound ? '8885551000' : '',
      recording_id: HUMAN.has(status) ? String(5000 + i) : '',
      recording_filename: HUMAN.has(status) ? `${sqlDate(start).replace(/[-: ]/g, '')}_${lead.phone_number}` : '',
      recording_location: HUMAN.has(status) ? `http://127.0.0.1/RECORDINGS/MP3/${sqlDate(start).replace(/[-: ]/g, '')}_${lead.phone_number}-all.mp3` : '',
    });
  }
  return calls.sort((a, b) => a.start_epoch - b.start_epoch);
}

/** Builds the simulator's state from the defaults and an optional seed. */
export function seedState(seed: Seed = {}, now: Date = new Date()): SimState {
  const state = emptyState();
  const stamp = sqlDate(now);
  for (const u of seed.users ?? DEFAULT_USERS) state.users.set(u.user, makeUser(u));
  for (const c of seed.campaigns ?? [{ campaign_id: 'TESTCAMP', campaign_name: 'Test campaign' }, { campaign_id: 'RENEWALS', campaign_name: 'Renewals' }]) {
    state.campaigns.set(c.campaign_id, {
      campaign_id: c.campaign_id,
      campaign_name: c.campaign_name ?? c.campaign_id,
      active: 'Y',
      use_internal_dnc: 'Y',
      use_campaign_dnc: 'Y',
      use_other_campaign_dnc: '',
      pause_codes_required: 'N',
      pause_codes: ['BREAK', 'LUNCH', 'TRAIN'],
      statuses: ['SALE', 'NI', 'CALLBK', 'DNC', 'N', 'A', 'B', 'NA'],
    });
  }
  for (const g of seed.inGroups ?? [{ group_id: 'SALESLINE', group_name: 'Sales line' }, { group_id: 'SUPPORT', group_name: 'Support' }]) {
    state.inGroups.set(g.group_id, { group_id: g.group_id, group_name: g.group_name ?? g.group_id, active: 'Y' });
  }
  for (const l of seed.lists ?? [
    { list_id: '101', list_name: 'Web leads', campaign_id: 'TESTCAMP' },
    { list_id: '102', list_name: 'Callbacks', campaign_id: 'TESTCAMP' },
    { list_id: '201', list_name: 'Other list', campaign_id: 'RENEWALS' },
    { list_id: '999', list_name: 'Default inbound list', campaign_id: 'TESTCAMP' },
  ]) {
    state.lists.set(l.list_id, { list_id: l.list_id, list_name: l.list_name ?? l.list_id, campaign_id: l.campaign_id, active: l.active ?? 'Y' });
  }
  const leads = seed.leads ?? [
    { phone_number: '3125550101', list_id: '101', first_name: 'Maria', last_name: 'Lopez', vendor_lead_code: 'CRM-1001', state: 'IL', postal_code: '60601' },
    { phone_number: '3125550102', list_id: '101', first_name: 'John', last_name: 'Smith', vendor_lead_code: 'CRM-1002', state: 'IL' },
    { phone_number: '7275550103', list_id: '101', first_name: 'Ana', last_name: 'Silva', vendor_lead_code: 'CRM-1003', state: 'FL' },
    { phone_number: '2125550104', list_id: '102', first_name: 'Lee', last_name: 'Chen', vendor_lead_code: 'CRM-1004', state: 'NY' },
    { phone_number: '4155550105', list_id: '201', first_name: 'Sam', last_name: 'Jones', vendor_lead_code: 'CRM-1005', state: 'CA', gmt_offset_now: '-8.00' },
  ];
  for (const l of leads) {
    const id = l.lead_id ?? state.nextLeadId++;
    state.nextLeadId = Math.max(state.nextLeadId, id + 1);
    state.leads.set(id, { ...blankLead(id, l.list_id, l.phone_number, stamp), ...l, lead_id: id, custom: { ...(l.custom ?? {}) } });
  }
  for (const n of seed.dnc ?? ['3125559999']) state.dnc.add(n);
  for (const [camp, nums] of Object.entries(seed.campaignDnc ?? { TESTCAMP: ['7275558888'] })) state.campaignDnc.set(camp, new Set(nums));
  state.filterPhoneGroups.set('FPG1', new Set(['8005550000']));
  // Phones of the three agents, a phone alias and one remote agent (admin-users functions).
  state.phones = ['101', '102', '103'].map((ext) => ({
    extension: ext,
    dialplan_number: `9${ext}`,
    voicemail_id: ext,
    login: `cc${ext}`,
    pass: `phone${ext}`,
    server_ip: '10.0.0.15',
    protocol: 'SIP',
    conf_secret: `reg${ext}`,
    fullname: `Desk ${ext}`,
    local_gmt: '-5.00',
    outbound_cid: '3125550000',
    phone_context: 'default',
    email: '',
    active: 'Y',
    status: 'ACTIVE',
    user_group: '---ALL---',
  }));
  state.phoneAliases = new Map([['ccdesks', { alias_id: 'ccdesks', alias_name: 'Front desks', logins_list: 'cc101,cc102' }]]);
  state.remoteAgents = [
    { remote_agent_id: 1, user_start: 'agent3', number_of_lines: 1, server_ip: '10.0.0.15', conf_exten: '8300', status: 'INACTIVE', campaign_id: 'TESTCAMP', closer_campaigns: '' },
  ];
  let conf = 8600051;
  for (const a of seed.agents ?? [
    { user: 'agent1', campaign_id: 'TESTCAMP', status: 'PAUSED' as const },
    { user: 'agent2', campaign_id: 'TESTCAMP', status: 'READY' as const },
  ]) {
    const agent = blankAgent(a.user, a.campaign_id, String(conf++));
    agent.status = a.status ?? 'PAUSED';
    agent.pause_code = agent.status === 'PAUSED' ? 'LOGIN' : '';
    agent.last_state_change = stamp;
    agent.closer_campaigns = ['SALESLINE'];
    state.agents.set(a.user, agent);
  }
  // Audio store, music on hold, voicemail, call menus, settings containers and CID groups (admin-media functions).
  const day = Math.floor(new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime() / 1000);
  state.soundFiles = [
    { filename: 'welcome_prompt.wav', epoch: day - 86400 * 30, size: 48044 },
    { filename: 'hold_message.gsm', epoch: day - 86400 * 2, size: 13200 },
    { filename: 'after_hours.wav', epoch: day - 86400 * 10, size: 96044 },
  ];
  state.mohClasses = [
    { moh_id: 'default', moh_name: 'Default music on hold', active: 'Y', random: 'N', user_group: '---ALL---', files: ['conf', 'hold_message'] },
    { moh_id: 'SALESMOH', moh_name: 'Sales hold music', active: 'Y', random: 'Y', user_group: 'ADMIN', files: ['welcome_prompt'] },
    { moh_id: 'OLDMOH', moh_name: 'Retired music', active: 'N', random: 'N', user_group: '---ALL---', files: [] },
  ];
  state.voicemailBoxes = [
    { voicemail_id: '8500', fullname: 'Sales voicemail', email: 'sales@example.com', active: 'Y', user_group: '---ALL---' },
    { voicemail_id: '8501', fullname: 'Support voicemail', email: '', active: 'Y', user_group: 'ADMIN' },
  ];
  state.callMenus = [
    { menu_id: 'MAINMENU', menu_name: 'Main IVR', menu_prompt: 'welcome_prompt', user_group: '---ALL---' },
    { menu_id: 'AFTERHRS', menu_name: 'After hours', menu_prompt: 'after_hours', user_group: 'ADMIN' },
  ];
  state.settingsContainers = [
    { container_id: 'AGENT_SCRIPT_VARS', container_notes: 'Script variables', container_type: 'OTHER', user_group: '---ALL---' },
    { container_id: 'QC_CONFIG', container_notes: 'Quality control settings', container_type: 'OTHER', user_group: 'ADMIN' },
    { container_id: 'DNC_FILTER', container_notes: 'Filter list', container_type: 'PERL_CLI', user_group: '---ALL---' },
  ];
  state.cidGroups = [{ cid_group_id: 'CIDGROUP1', cid_group_notes: 'Local presence', cid_group_type: 'AREACODE', user_group: '---ALL---' }];
  state.cidAreacodes = [
    { campaign_id: 'CIDGROUP1', areacode: '312', outbound_cid: '3125550000', active: 'Y', cid_description: 'Chicago', call_count_today: 4 },
    { campaign_id: 'CIDGROUP1', areacode: '312', outbound_cid: '3125550001', active: '', cid_description: 'Chicago spare', call_count_today: 0 },
    { campaign_id: 'CIDGROUP1', areacode: '727', outbound_cid: '7275550000', active: 'Y', cid_description: 'Tampa', call_count_today: 1 },
  ];
  if (seed.calls !== false) state.calls = generateCalls(state, now);
  return state;
}
