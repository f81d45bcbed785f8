/**
 * Deterministic seed data for the 8x8 statistics simulator: groups, agents on shifts,
 * queues with one channel each, campaigns with records, and several days of
 * interactions up to the simulator's clock. Every aggregate (interval statistics, SLA
 * buckets, status statistics) is computed from the events, so the resources agree.
 * Records are kept as the server prints them: element name to text ('' when empty).
 */
import { BUCKETS } from '../core/e8x8/catalog';
import { isoInZone, startOfDay } from '../core/e8x8/dates';

export type SimRecord = Record<string, string | Record<string, string>>;

export interface SimDataOptions {
  /** The simulator's clock (ms); data runs up to it. */
  now: number;
  /** Tenant time zone: the default for tz, and the zone of printed timestamps. */
  tz: string;
  /** Whole days before today that hold data. */
  days: number;
  seed: number;
}

export interface Interaction {
  id: number;
  queue: QueueDef;
  agent: AgentDef | undefined;
  create: number;
  accept: number | undefined;
  abandon: number | undefined;
  finish: number | undefined;
  wait: number;
  process: number;
  post: number;
  ivr: number;
  origination: string;
  customer: string;
  voiceMessage: boolean;
}

export interface StatusEvent {
  agent: AgentDef;
  at: number;
  status: 'Available' | 'On Break' | 'Working Offline' | 'Logged Out';
  scl: { list: string; item: string; code: string; text: string } | undefined;
  transaction: number;
}

export interface QueueDef {
  id: string;
  name: string;
  desc: string;
  media: 'T' | 'C' | 'Z' | 'V';
  slaTime: number;
  channel: { id: string; name: string; desc: string };
  groups: string[];
}

export interface AgentDef {
  id: string;
  first: string;
  last: string;
  group: string;
  shiftStart: number;
  shiftHours: number;
}

export const GROUPS = [
  { id: '101', name: 'Support', deleted: 'No' },
  { id: '102', name: 'Sales', deleted: 'No' },
  { id: '103', name: 'Back Office', deleted: 'No' },
  { id: '104', name: 'Night Team', deleted: 'Yes' },
];

export const AGENTS: AgentDef[] = [
  { id: 'alice', first: 'Alice', last: 'Moreau', group: '101', shiftStart: 6, shiftHours: 8.5 },
  { id: 'bruno', first: 'Bruno', last: 'Silva', group: '101', shiftStart: 8, shiftHours: 8.5 },
  { id: 'chen', first: 'Chen', last: 'Wei', group: '101', shiftStart: 12, shiftHours: 8.5 },
  { id: 'dara', first: 'Dara', last: 'Okafor', group: '102', shiftStart: 7, shiftHours: 8.5 },
  { id: 'emil', first: 'Emil', last: 'Novak', group: '102', shiftStart: 11, shiftHours: 8.5 },
  { id: 'fatima', first: 'Fatima', last: 'Haddad', group: '102', shiftStart: 13, shiftHours: 8 },
  { id: 'gus', first: 'Gus', last: 'Lindqvist', group: '103', shiftStart: 7, shiftHours: 8 },
  { id: 'hana', first: 'Hana', last: 'Sato', group: '103', shiftStart: 12, shiftHours: 9 },
];

export const QUEUES: QueueDef[] = [
  { id: '201', name: 'Support Phone', desc: 'First tier support', media: 'T', slaTime: 20, channel: { id: '301', name: '+14155550101', desc: 'Support line' }, groups: ['101'] },
  { id: '202', name: 'Sales Phone', desc: 'Inbound sales', media: 'T', slaTime: 30, channel: { id: '302', name: '+14155550102', desc: 'Sales line' }, groups: ['102'] },
  { id: '203', name: 'Web Chat', desc: 'Website chat', media: 'C', slaTime: 45, channel: { id: '303', name: 'chat.acme.example', desc: 'Website chat' }, groups: ['101', '102'] },
  { id: '204', name: 'Support Email', desc: 'Email support', media: 'Z', slaTime: 3600, channel: { id: '304', name: 'support@acme.example', desc: 'Support email' }, groups: ['103'] },
  { id: '205', name: 'Voice Mail', desc: 'After-hours voice mail', media: 'V', slaTime: 7200, channel: { id: '305', name: '+14155550199', desc: 'Voice mail box' }, groups: ['103'] },
];

export const CAMPAIGNS = [
  { id: '401', name: 'Spring Renewals', status: '4', records: 130, enabled: 'Y', callerId: '4155550150', retry: '90', maxRetry: '3' },
  { id: '402', name: 'Win-back', status: '6', records: 60, enabled: 'N', callerId: '4155550151', retry: '120', maxRetry: '2' },
];

const MEDIA_WORD: Record<string, string> = { T: 'Phone', C: 'Chat', Z: 'Email', V: 'Voice Mail' };
const SCL_ITEMS = [
  { list: '1', item: '1', code: 'brk', text: 'Scheduled break' },
  { list: '1', item: '2', code: 'lunch', text: 'Lunch' },
  { list: '1', item: '3', code: 'mtg', text: 'Meeting' },
];
const TCL_ITEMS = [
  { list: '1', item: '1', code: 'sold', text: 'Sale made' },
  { list: '1', item: '2', code: 'info', text: 'Information given' },
  { list: '1', item: '3', code: 'cb', text: 'Call back later' },
  { list: '2', item: '1', code: 'fixed', text: 'Issue fixed' },
  { list: '2', item: '2', code: 'esc', text: 'Escalated' },
];
const FIRST = ['Ann', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay', 'Gil', 'Hal', 'Ira', 'Joy', 'Kim', 'Lou', 'Max', 'Nia', 'Oto', 'Pia'];
const LAST = ['Adams', 'Baker', 'Clark', 'Diaz', 'Evans', 'Fox', 'Gray', 'Hill', 'Ito', 'Jones', 'King', 'Lopez'];

const HALF_HOUR = 30 * 60_000;

/** mulberry32: small, fast, and the same sequence on every platform (tests seed their fuzzing with it too). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SimData {
  readonly interactions: Interaction[] = [];
  readonly statuses: StatusEvent[] = [];
  readonly outbound: SimRecord[] = [];
  readonly campaignRecords = new Map<string, SimRecord[]>();
  readonly campaignInteractions = new Map<string, SimRecord[]>();
  readonly firstDay: number;

  constructor(readonly options: SimDataOptions) {
    const rand = rng(options.seed);
    this.firstDay = startOfDay(options.now, options.tz, -options.days);
    let transaction = 1000;
    for (let day = -options.days; day <= 0; day++) {
      const midnight = startOfDay(options.now, options.tz, day);
      for (const agent of AGENTS) transaction = this.shift(agent, midnight, rand, transaction);
    }
    this.generateInteractions(rand);
    this.generateCampaigns(rand);
  }

  private readonly isoCache = new Map<number, string>();

  /** Intl formatting is slow and the same instants are printed on every page: remember them. */
  iso(ms: number): string {
    let text = this.isoCache.get(ms);
    if (text === undefined) {
      text = isoInZone(ms, this.options.tz);
      this.isoCache.set(ms, text);
    }
    return text;
  }

  private shift(agent: AgentDef, midnight: number, rand: () => number, transaction: number): number {
    const start = midnight + agent.shiftStart * 3_600_000 + Math.floor(rand() * 20) * 60_000;
    const end = start + agent.shiftHours * 3_600_000;
    const push = (at: number, status: StatusEvent['status'], scl?: StatusEvent['scl']): void => {
      if (at <= this.options.now) this.statuses.push({ agent, at, status, scl, transaction: transaction++ });
    };
    push(start, 'Available');
    push(start + 150 * 60_000, 'On Break', SCL_ITEMS[0]);
    push(start + 165 * 60_000, 'Available');
    push(start + 240 * 60_000, 'On Break', SCL_ITEMS[1]);
    push(start + 285 * 60_000, 'Available');
    push(start + 400 * 60_000, 'Working Offline', SCL_ITEMS[2]);
    push(start + 420 * 60_000, 'Available');
    push(end, 'Logged Out');
    for (let i = 0; i < 3; i++) {
      const at = start + (60 + i * 110 + Math.floor(rand() * 30)) * 60_000;
      if (at > this.options.now) continue;
      const tcl = TCL_ITEMS[Math.floor(rand() * 3)];
      const total = 30 + Math.floor(rand() * 400);
      this.outbound.push({
        'agent-id': agent.id,
        'agent-name': `${agent.first} ${agent.last}`,
        'group-id': agent.group,
        'transaction-id': String(transaction++),
        destination: `1415555${String(1000 + Math.floor(rand() * 8999))}`,
        'start-time': this.iso(at),
        'total-time': String(total),
        'tcl-list-id': tcl.list,
        'tcl-item-id': tcl.item,
        'tcl-item-shortcode-text': tcl.code,
        'tcl-item-report-text': tcl.text,
        'tcl-outbound-list-id': '2',
        'tcl-outbound-item-id': '1',
        'tcl-outbound-item-shortcode-text': 'fixed',
        'tcl-outbound-item-report-text': 'Issue fixed',
        'recording-filename': `S${this.iso(at).slice(0, 10).replace(/-/g, '')}/R${at}.wav`,
        ...legs(rand, at),
      });
    }
    return transaction;
  }

  /** The agent's status at an instant (Logged Out before the first event). */
  statusAt(agent: AgentDef, at: number): StatusEvent['status'] {
    let current: StatusEvent['status'] = 'Logged Out';
    for (const e of this.statuses) {
      if (e.agent !== agent) continue;
      if (e.at > at) break;
      current = e.status;
    }
    return current;
  }

  private generateInteractions(rand: () => number): void {
    const busyUntil = new Map<string, number>();
    let id = 5000;
    for (let slot = this.firstDay; slot < this.options.now; slot += HALF_HOUR) {
      const hour = (slot - startOfDay(slot, this.options.tz)) / 3_600_000;
      const daytime = hour >= 7 && hour < 20;
      for (const queue of QUEUES) {
        const peak = queue.media === 'T' ? 6 : queue.media === 'C' ? 4 : 2;
        const count = Math.floor(rand() * (daytime ? peak : queue.media === 'V' ? 2 : 1.4));
        for (let i = 0; i < count; i++) {
          const create = slot + Math.floor(rand() * HALF_HOUR);
          const offline = queue.media === 'Z' || queue.media === 'V';
          const wait = offline ? 60 + Math.floor(rand() * 3 * 3600) : Math.floor(rand() * rand() * 150);
          const pick = AGENTS.filter((a) => queue.groups.includes(a.group))
            .filter((a) => (offline || this.statusAt(a, create + wait * 1000) === 'Available') && (busyUntil.get(a.id) ?? 0) <= create + wait * 1000);
          const abandons = !offline && (pick.length === 0 || rand() < 0.07);
          const agent = abandons ? undefined : pick[Math.floor(rand() * pick.length)];
          const process = agent ? 30 + Math.floor(rand() * (offline ? 300 : 540)) : 0;
          const post = agent ? 5 + Math.floor(rand() * 90) : 0;
          const accept = agent ? create + wait * 1000 : undefined;
          const finish = accept !== undefined ? accept + (process + post) * 1000 : undefined;
          const abandon = agent || offline ? undefined : create + Math.max(wait, 2) * 1000;
          const end = finish ?? abandon ?? create;
          // The statistics database holds finished work only.
          if (end > this.options.now) continue;
          if (agent && finish !== undefined) busyUntil.set(agent.id, finish);
          this.interactions.push({
            id: id++,
            queue,
            agent: offline && !agent ? undefined : agent,
            create,
            accept,
            abandon,
            finish,
            wait,
            process,
            post,
            ivr: queue.media === 'T' ? 5 + Math.floor(rand() * 25) : 0,
            origination: queue.media === 'Z' ? `${FIRST[id % FIRST.length].toLowerCase()}@mail.example` : `1650555${String(1000 + (id % 9000))}`,
            customer: `${LAST[id % LAST.length]}, ${FIRST[(id * 7) % FIRST.length]}`,
            voiceMessage: queue.media === 'V',
          });
        }
      }
    }
    this.interactions.sort((a, b) => a.create - b.create || a.id - b.id);
  }

  private generateCampaigns(rand: () => number): void {
    let interactionId = 90_000;
    const callers = AGENTS.filter((a) => a.group === '102');
    for (const c of CAMPAIGNS) {
      const records: SimRecord[] = [];
      const interactions: SimRecord[] = [];
      for (let i = 0; i < c.records; i++) {
        const recordId = `00${c.id}${String(i + 1).padStart(6, '0')}AAQ`;
        const status = String([0, 1, 2, 3, 3, 3, 4][Math.floor(rand() * 7)]);
        const dispo = status === '3' ? '1000' : status === '4' ? '1002' : rand() < 0.3 ? '1001' : '1000';
        const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`;
        records.push({
          'campaign-name': c.name,
          'campaign-id': c.id,
          'record-id': recordId,
          'phone-list': `Phone|(650)555-${String(1000 + i).slice(-4)}`,
          status,
          'status-code': status === '0' ? '0' : String(Math.floor(rand() * 2)),
          'ext-trans-data': `[AccountName|${name}]`,
          'disposition-code': dispo,
        });
        if (status !== '2' && status !== '3') continue;
        const agent = callers[i % callers.length];
        const at = this.firstDay + Math.floor(rand() * (this.options.now - this.firstDay - 3_600_000));
        const process = 40 + Math.floor(rand() * 300);
        const post = 10 + Math.floor(rand() * 60);
        interactions.push({
          'campaign-name': c.name,
          'campaign-id': c.id,
          'agent-name': `${agent.first} ${agent.last}`,
          'queue-name': 'Sales Phone',
          'accept-timestamp': this.iso(at),
          'record-status': status,
          'record-id': recordId,
          'interaction-id': String(interactionId++),
          'wrap-up-code': dispo === '1001' ? 'retry' : 'done',
          'wrap-up-text': dispo === '1001' ? 'Try Again Later' : 'Completed',
          'disposition-code': dispo,
          'called-number': `650555${String(1000 + i).slice(-4)}`,
          'ext-trans-data': `[AccountName|${name}]`,
          'process-time': String(process),
          'post-process-time': String(post),
          'total-process-time': String(process + post),
          'recording-filename': `S${this.iso(at).slice(0, 10).replace(/-/g, '')}/R${at}.wav`,
        });
      }
      interactions.sort((a, b) => String(a['accept-timestamp']).localeCompare(String(b['accept-timestamp'])));
      this.campaignRecords.set(c.id, records);
      this.campaignInteractions.set(c.id, interactions);
    }
  }

  // -------------------------------------------------------------------------
  // Records as the server prints them

  agentRecord(a: AgentDef): SimRecord {
    return {
      'agent-id': a.id,
      'group-id': a.group,
      'date-hired-date': `20${String(15 + (a.shiftStart % 9)).padStart(2, '0')}-0${1 + (a.first.length % 9)}-1${a.last.length % 10}`,
      'direct-agent-access': a.group === '102' ? 'yes' : 'no',
      'email-address': `${a.id}@acme.example`,
      enabled: 'Y',
      'first-name': a.first,
      'full-name': `${a.first} ${a.last}`,
      'last-name': a.last,
      'phone-used': 'PSTN',
      'phone-extension': String(100 + AGENTS.indexOf(a)),
      'user-rights': 'agent',
      'voice-mail-activated': 'no',
    };
  }

  queueRecord(q: QueueDef): SimRecord {
    return { 'queue-id': q.id, 'queue-name': q.name, 'queue-desc': q.desc, 'media-type': q.media, enabled: 'Y', 'sla-enabled': 'Y', 'sla-time': String(q.slaTime) };
  }

  channelRecord(q: QueueDef): SimRecord {
    return { 'channel-id': q.channel.id, 'channel-name': q.channel.name, 'channel-desc': q.channel.desc };
  }

  campaignRecord(c: (typeof CAMPAIGNS)[number]): SimRecord {
    const start = this.firstDay;
    return {
      'campaign-name': c.name,
      'campaign-id': c.id,
      enabled: c.enabled,
      status: c.status,
      'no-of-records': String(c.records),
      'caller-id': c.callerId,
      'start-time': this.iso(start),
      'end-time': this.iso(start + 30 * 86_400_000),
      'actual-run-time': this.iso(start + 30_000),
      'actual-stop-time': c.status === '6' ? this.iso(start + 2 * 86_400_000) : '',
      'daily-start-time': '540',
      'daily-end-time': '1020',
      'retry-interval': c.retry,
      'max-retry': c.maxRetry,
    };
  }

  queueInteraction(x: Interaction): SimRecord {
    return {
      'interaction-id': String(x.id),
      'queue-id': x.queue.id,
      'queue-name': x.queue.name,
      'channel-id': x.queue.channel.id,
      'media-type': x.queue.media,
      'create-timestamp': this.iso(x.create),
      'accept-timestamp': x.accept ? this.iso(x.accept) : '',
      'process-time': String(x.process),
      'post-process-time': String(x.post),
      'abandon-timestamp': x.abandon ? this.iso(x.abandon) : '',
      'finish-timestamp': x.finish ? this.iso(x.finish) : '',
      'voice-message-left': x.voiceMessage ? 'Y' : 'N',
      origination: x.origination,
      'customer-name': x.customer,
      'ivr-treatment-time': String(x.ivr),
      ...legs(rng(x.id), x.create),
      'inbound-sip-id': `${x.id.toString(16)}-sim@127`,
    };
  }

  agentInteraction(x: Interaction): SimRecord {
    const a = x.agent as AgentDef;
    return {
      'interaction-id': String(x.id),
      'agent-id': a.id,
      'agent-name': `${a.first} ${a.last}`,
      'group-id': a.group,
      'group-name': groupName(a.group),
      'queue-id': x.queue.id,
      'queue-name': x.queue.name,
      'media-type': x.queue.media,
      'accept-timestamp': this.iso(x.accept as number),
      'process-time': String(x.process),
      'post-process-time': String(x.post),
      'finish-timestamp': this.iso(x.finish as number),
      'transfer-from': '',
      'conference-from': '',
    };
  }

  activity(x: Interaction): SimRecord {
    const a = x.agent as AgentDef;
    const tcl = TCL_ITEMS[x.id % TCL_ITEMS.length];
    return {
      'agent-id': a.id,
      'agent-name': `${a.first} ${a.last}`,
      'group-id': a.group,
      'group-name': groupName(a.group),
      'media-type': MEDIA_WORD[x.queue.media],
      'channel-id': x.queue.channel.id,
      'channel-obj-id': `50${x.queue.channel.id}01`,
      'queue-obj-id': `acme~~queue~~${MEDIA_WORD[x.queue.media].toLowerCase().replace(' ', '')}~~${x.queue.id}`,
      'queue-name': x.queue.name,
      transaction_id: String(x.id),
      origination: x.origination,
      'customer-name': x.customer,
      'trans-accept-time': this.iso(x.accept as number),
      'trans-proc-time': String(x.process),
      'trans-post-proc-time': String(x.post),
      'trans-total-time': String(x.process + x.post),
      'trans-transfer-from': '',
      'trans-conference-from': '',
      'case-id': '',
      'tcl-list-id': tcl.list,
      'tcl-item-id': tcl.item,
      'tcl-item-shortcode-text': tcl.code,
      'tcl-item-report-text': tcl.text,
      'recording-filename': x.queue.media === 'T' ? `S${this.iso(x.create).slice(0, 10).replace(/-/g, '')}/R${x.id}.wav` : '',
    };
  }

  allInteraction(x: Interaction): SimRecord {
    const q = this.queueInteraction(x);
    return {
      'media-type': MEDIA_WORD[x.queue.media],
      'channel-obj-id': `50${x.queue.channel.id}01`,
      'queue-name': x.queue.name,
      'interaction-id': String(x.id),
      'orig-interaction-id': '',
      origination: x.origination,
      'destination-original': x.queue.channel.name,
      'destination-translated': x.queue.channel.name,
      'customer-name': x.customer,
      'case-id': '',
      'interaction-direction': 'inbound',
      'interaction-type': '',
      'dial-code': '',
      'dial-text': '',
      'create-timestamp': q['create-timestamp'],
      'agent-name': x.agent ? `${x.agent.first} ${x.agent.last}` : '',
      'accept-timestamp': q['accept-timestamp'],
      'process-time': x.agent ? String(x.process) : '',
      'post-process-time': x.agent ? String(x.post) : '',
      'total-time': x.agent ? String(x.process + x.post) : '',
      'abandon-timestamp': q['abandon-timestamp'],
      'voice-message-left': x.voiceMessage ? 'Y' : '',
      'recording-filename': '',
      'ivr-treatment-time': String(x.ivr),
      'transfer-from': '',
      'conference-from': '',
      ...legs(rng(x.id), x.create),
      'inbound-sip-id': q['inbound-sip-id'],
      notes: '',
      'campaign-name': '',
      'record-id': '',
      'record-status': '',
      'disposition-code': '',
      'ext-trans-data': '',
      'wrap-up-code': 'N/A',
      'wrap-up-text': 'N/A',
    };
  }

  campaignAllInteraction(c: SimRecord): SimRecord {
    return {
      'media-type': 'Phone',
      'channel-obj-id': '',
      'queue-name': c['queue-name'],
      'interaction-id': c['interaction-id'],
      'orig-interaction-id': '',
      origination: 'campaign',
      'destination-original': c['called-number'],
      'destination-translated': c['called-number'],
      'customer-name': String(c['ext-trans-data']).replace(/^\[AccountName\|(.*)\]$/, '$1'),
      'case-id': '',
      'interaction-direction': 'outbound',
      'interaction-type': 'Campaign',
      'dial-code': '',
      'dial-text': '',
      'create-timestamp': c['accept-timestamp'],
      'agent-name': c['agent-name'],
      'accept-timestamp': c['accept-timestamp'],
      'process-time': c['process-time'],
      'post-process-time': c['post-process-time'],
      'total-time': c['total-process-time'],
      'abandon-timestamp': '',
      'voice-message-left': '',
      'recording-filename': c['recording-filename'],
      'ivr-treatment-time': '0',
      'transfer-from': '',
      'conference-from': '',
      'max-hold-time': '0',
      'hold-count': '0',
      'total-hold-time': '0',
      'call-leg1-post-dial-delay': '0',
      'call-leg2-post-dial-delay': '0',
      'call-leg1-answer-time': '0',
      'call-leg2-answer-time': '0',
      'call-leg1-sip-id': '',
      'call-leg2-sip-id': '',
      'inbound-sip-id': '',
      notes: '',
      'campaign-name': c['campaign-name'],
      'record-id': c['record-id'],
      'record-status': c['record-status'],
      'disposition-code': c['disposition-code'],
      'ext-trans-data': c['ext-trans-data'],
      'wrap-up-code': c['wrap-up-code'],
      'wrap-up-text': c['wrap-up-text'],
    };
  }

  statusRecord(e: StatusEvent): SimRecord {
    return {
      'agent-id': e.agent.id,
      'agent-name': `${e.agent.first} ${e.agent.last}`,
      'group-id': e.agent.group,
      'group-name': groupName(e.agent.group),
      status: e.status,
      'event-time': this.iso(e.at),
      'scl-list-id': e.scl?.list ?? '',
      'scl-item-id': e.scl?.item ?? '',
      'scl-item-shortcode-text': e.scl?.text ?? '',
      'scl-item-report-text': e.scl?.text ?? '',
      'transaction-id': String(e.transaction),
    };
  }

  // -------------------------------------------------------------------------
  // Aggregates over 30-minute periods, computed from the events

  /** Interval statistics for the interactions given (already narrowed to one queue, channel or agent). */
  intervalStatistics(list: readonly Interaction[], from: number, to: number, keyOf: (x: Interaction) => string): SimRecord[] {
    const periods = new Map<string, Interaction[]>();
    for (const x of list) {
      if (x.create < from || x.create >= to) continue;
      const slot = x.create - ((x.create - this.firstDay) % HALF_HOUR);
      const key = `${slot}|${keyOf(x)}`;
      const bucket = periods.get(key) ?? [];
      bucket.push(x);
      periods.set(key, bucket);
    }
    return [...periods.entries()]
      .sort(([a], [b]) => Number(a.split('|')[0]) - Number(b.split('|')[0]) || a.localeCompare(b))
      .map(([key, xs]) => this.statistic(Number(key.split('|')[0]), xs));
  }

  private statistic(slot: number, xs: readonly Interaction[]): SimRecord {
    const q = xs[0].queue;
    const accepted = xs.filter((x) => x.accept !== undefined);
    const abandoned = xs.filter((x) => x.abandon !== undefined);
    const sum = (ys: readonly Interaction[], f: (x: Interaction) => number): number => ys.reduce((s, x) => s + f(x), 0);
    const max = (ys: readonly Interaction[], f: (x: Interaction) => number): number => ys.reduce((m, x) => Math.max(m, f(x)), 0);
    return {
      'agent-id': xs[0].agent && xs.every((x) => x.agent === xs[0].agent) ? xs[0].agent.id : '',
      'queue-id': q.id,
      'queue-name': q.name,
      'channel-id': q.channel.id,
      'time-stamp': this.iso(slot),
      'media-type': q.media,
      'entered-count': String(xs.length),
      'accepted-count': String(accepted.length),
      'sla-met-count': String(accepted.filter((x) => x.wait <= q.slaTime).length),
      'abandoned-count': String(abandoned.length),
      'finish-processing-count': String(accepted.length),
      'finish-post-count': String(accepted.length),
      'voice-message-left-count': String(xs.filter((x) => x.voiceMessage).length),
      'time-waiting': String(sum(xs, (x) => x.wait)),
      'time-processing': String(sum(accepted, (x) => x.process)),
      'time-post-processing': String(sum(accepted, (x) => x.post)),
      'total-time-to-abandon': String(sum(abandoned, (x) => x.wait)),
      'time-max-wait-accept': String(max(accepted, (x) => x.wait)),
      'time-max-wait-abandon': String(max(abandoned, (x) => x.wait)),
    };
  }

  /** SLA buckets per period: the interval statistic's head plus how long accepted (and abandoned) interactions waited. */
  slas(list: readonly Interaction[], from: number, to: number, kind: 'online' | 'offline'): SimRecord[] {
    return this.intervalStatistics(list, from, to, () => '').map((stat) => {
      const slot = Date.parse(String(stat['time-stamp']));
      const xs = list.filter((x) => x.create >= slot && x.create < slot + HALF_HOUR && x.create >= from && x.create < to);
      const head: SimRecord = {
        'queue-id': stat['queue-id'],
        'queue-name': stat['queue-name'],
        'channel-id': stat['channel-id'],
        'time-stamp': stat['time-stamp'],
        'media-type': stat['media-type'],
        'entered-count': stat['entered-count'],
        'accepted-count': stat['accepted-count'],
        'sla-met-count': stat['sla-met-count'],
      };
      const fill = (ys: readonly Interaction[]): Record<string, string> => {
        const counts = Object.fromEntries(BUCKETS[kind].map((b) => [b, 0]));
        for (const y of ys) counts[bucketOf(y.wait, kind)]++;
        return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)]));
      };
      head.accepted = fill(xs.filter((x) => x.accept !== undefined));
      if (kind === 'online') head.abandoned = fill(xs.filter((x) => x.abandon !== undefined));
      return head;
    });
  }

  /** Seconds per status in each 30-minute period the agent was logged in. */
  statusStatistics(agent: AgentDef, from: number, to: number): SimRecord[] {
    const events = this.statuses.filter((e) => e.agent === agent);
    const out: SimRecord[] = [];
    const end = Math.min(to, this.options.now);
    for (let slot = Math.max(this.firstDay, from - ((from - this.firstDay) % HALF_HOUR)); slot < end; slot += HALF_HOUR) {
      const secs: Record<string, number> = { Available: 0, 'On Break': 0, 'Working Offline': 0 };
      let current: StatusEvent['status'] = 'Logged Out';
      let at = slot;
      for (const e of events) {
        if (e.at <= slot) {
          current = e.status;
          continue;
        }
        if (e.at >= slot + HALF_HOUR) break;
        if (current !== 'Logged Out') secs[current] += (e.at - at) / 1000;
        current = e.status;
        at = e.at;
      }
      if (current !== 'Logged Out') secs[current] += (Math.min(slot + HALF_HOUR, this.options.now) - at) / 1000;
      const loggedIn = secs.Available + secs['On Break'] + secs['Working Offline'];
      if (loggedIn <= 0) continue;
      const mine = this.interactions.filter((x) => x.agent === agent && x.accept !== undefined && (x.accept as number) >= slot && (x.accept as number) < slot + HALF_HOUR);
      const processing = Math.min(secs.Available, mine.reduce((s, x) => s + x.process, 0));
      const post = Math.min(secs.Available - processing, mine.reduce((s, x) => s + x.post, 0));
      const offered = Math.min(secs.Available - processing - post, mine.length * 5);
      out.push({
        'period-start': this.iso(slot),
        'period-end': this.iso(slot + HALF_HOUR),
        'agent-id': agent.id,
        'agent-name': `${agent.first} ${agent.last}`,
        'group-id': agent.group,
        'group-name': groupName(agent.group),
        'status-waiting': String(Math.round(secs.Available - processing - post - offered)),
        'status-processing': String(Math.round(processing)),
        'status-post-processing': String(Math.round(post)),
        'status-working-offline': String(Math.round(secs['Working Offline'])),
        'status-transaction-offered': String(Math.round(offered)),
        'status-break': String(Math.round(secs['On Break'])),
        'time-logged-in': String(Math.round(loggedIn)),
      });
    }
    return out;
  }

  skills(filter: (agent: AgentDef, queue: QueueDef) => boolean): SimRecord[] {
    const out: SimRecord[] = [];
    for (const a of AGENTS) {
      for (const q of QUEUES) {
        if (!filter(a, q)) continue;
        const member = q.groups.includes(a.group);
        out.push({ enabled: member ? 'Y' : 'N', 'queue-id': q.id, 'agent-id': a.id, 'skill-level': member ? (a.shiftStart < 10 ? 'high' : 'medium') : 'low' });
      }
    }
    return out;
  }

  tcls(): SimRecord[] {
    return TCL_ITEMS.map((t, i) => ({
      'tcl-list-id': t.list,
      'tcl-name': t.list === '1' ? 'sales-outcomes' : 'support-outcomes',
      'tcl-description': t.list === '1' ? 'Sales outcome codes' : 'Support outcome codes',
      'tcl-admin-notes': '',
      'tcl-active': 'Y',
      'tcl-autosort': 'N',
      'tcl-used': 'Y',
      'tcl-category-id': '',
      'tcl-assignment-type': 'groups',
      'tcl-required': 'Y',
      'tcl-multiple-choice': 'N',
      'tcl-required-before-outbound': 'N',
      'tcl-item-id': t.item,
      'tcl-item-ordinate': String(i),
      'tcl-item-active': 'Y',
      'tcl-item-used': 'Y',
      'tcl-item-call-line-id': '',
      'tcl-lang-id': 'en_US',
      'tcl-item-menu-text': t.text,
      'tcl-item-report-text': t.text,
      'tcl-item-shortcode-text': t.code,
    }));
  }

  scls(): SimRecord[] {
    return SCL_ITEMS.map((s, i) => ({
      'scl-list-id': s.list,
      'scl-name': 'agent-status-codes',
      'scl-description': 'Agent status codes',
      'scl-admin-notes': '',
      'scl-active': 'Y',
      'scl-autosort': 'N',
      'scl-used': 'Y',
      'scl-category-id': '',
      'scl-item-id': s.item,
      'scl-item-ordinate': String(i),
      'scl-item-active': 'Y',
      'scl-item-used': 'Y',
      'scl-lang-id': 'en_US',
      'scl-item-menu-text': s.text,
      'scl-item-report-text': s.text,
      'scl-item-shortcode-text': s.code,
    }));
  }
}

export function groupName(id: string): string {
  return GROUPS.find((g) => g.id === id)?.name ?? '';
}

/** Which SLA bucket a wait (seconds) falls in; 40–45 s goes to the reference's odd t30-45sec. */
export function bucketOf(wait: number, kind: 'online' | 'offline'): string {
  if (kind === 'offline') {
    const edges: Array<[number, string]> = [[1800, 't0-30min'], [3600, 't30min-1hr'], [5400, 't1hr-1hr30min'], [7200, 't1hr30min-2hr'], [10800, 't2hr-3hr']];
    return edges.find(([limit]) => wait < limit)?.[1] ?? 't3hr-or-more';
  }
  const edges: Array<[number, string]> = [[5, 't0-5sec'], [10, 't5-10sec'], [20, 't10-20sec'], [30, 't20-30sec'], [40, 't30-40sec'], [45, 't30-45sec'], [60, 't45-1min'], [120, 't1-2min'], [300, 't2-5min'], [600, 't5-10min']];
  return edges.find(([limit]) => wait < limit)?.[1] ?? 't10-or-more';
}

function legs(rand: () => number, at: number): Record<string, string> {
  const hex = (): string => Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0') + at.toString(16);
  return {
    'max-hold-time': String(Math.floor(rand() * 40)),
    'hold-count': String(Math.floor(rand() * 2)),
    'total-hold-time': String(Math.floor(rand() * 40)),
    'call-leg1-post-dial-delay': String(1 + Math.floor(rand() * 3)),
    'call-leg2-post-dial-delay': String(1 + Math.floor(rand() * 3)),
    'call-leg1-answer-time': '0',
    'call-leg2-answer-time': '0',
    'call-leg1-sip-id': hex(),
    'call-leg2-sip-id': hex(),
  };
}
