/**
 * Read/report node: one of the live statistics and report functions, chosen in the
 * dialog or by msg.report, answered as typed objects (or Dashboard 2.0 chart data),
 * on demand or polled for wallboards. Polls with a report fixed at deploy share one
 * request per interval with every other node asking the same server the same thing.
 */
import { actionTools, emitError, emitResult, payloadFields, serverOf, setupAction, type ActionDef, type ActionResult, type ActionRun, type ActionTools, jsonDefaults } from './core/action';
import { getFunction } from './core/catalog';
import type { FunctionSpec } from './core/catalog/types';
import type { VicidialClient } from './core/client';
import type { Node, NodeAPI, NodeMessage } from './core/node-red-types';
import { buildParams } from './core/params';
import type { ApiResult } from './core/parser';
import { sharedPolls, type PollOutcome } from './core/shared-poll';
import { statusOf } from './core/node-status';
import { ChangeDetector, checkReport, checkShape, pollIntervalMs, reportInput, shapePayload, shapeReport, startPolling, type PayloadShape, type Poller, type StatsReport } from './core/stats';

interface StatsDef extends ActionDef {
  report?: string;
  reportType?: string;
  shape?: string;
  shapeType?: string;
  params?: unknown;
  /** The report the dialog's defaults were written for; '*' = every report (flows saved before it existed). */
  paramsReport?: string;
  interval?: string | number;
  onlyChanged?: boolean;
}

/** The dialog's own typedInput types hold plain text. */
const FIXED_TYPES = new Set(['report', 'shape']);

/** Report sources whose value cannot change between polls, so the request can be shared. */
const DEPLOY_TIME_TYPES = new Set(['str', 'env']);

/** The defaults a new node had before they belonged to one report. */
const FACTORY_DEFAULTS = { campaigns: '---ALL---' };

/**
 * Which report a node's defaults belong to. Flows saved before `paramsReport` existed had
 * one set of defaults for every report: they belong to the node's own report, and the old
 * factory defaults to call_status_stats (logged_in_agents reads `campaigns=---ALL---` as a
 * campaign named so, and answers nothing). Only a node whose report comes from the message
 * keeps the defaults its user wrote for every report, as it always had them.
 */
function paramsReportOf(def: StatsDef): string {
  if (typeof def.paramsReport === 'string') return def.paramsReport;
  if (!def.reportType || FIXED_TYPES.has(def.reportType)) return def.report || 'call_status_stats';
  let stored: Record<string, unknown>;
  try {
    stored = jsonDefaults(def.params);
  } catch {
    return '*';
  }
  return JSON.stringify(stored) === JSON.stringify(FACTORY_DEFAULTS) ? 'call_status_stats' : '*';
}

function normalizeDef(def: StatsDef): StatsDef {
  const type = (t: string | undefined): string | undefined => (t && FIXED_TYPES.has(t) ? 'str' : t);
  return { ...def, paramsReport: paramsReportOf(def), reportType: type(def.reportType ?? 'report'), shapeType: type(def.shapeType ?? 'shape') };
}

/** The dialog's defaults, for the report they were written for only. */
function defaultsFor(def: StatsDef, report: string): Record<string, unknown> {
  return def.paramsReport === '*' || def.paramsReport === report ? jsonDefaults(def.params) : {};
}

interface ReportRequest {
  report: StatsReport;
  spec: FunctionSpec;
  params: Record<string, string>;
}

async function reportRequest(def: StatsDef, msg: NodeMessage, tools: ActionTools): Promise<ReportRequest> {
  const report = checkReport(typeof msg.report === 'string' && msg.report ? msg.report : await tools.prop('report'));
  const spec = getFunction(report, 'non_agent');
  const params = buildParams(spec, reportInput(spec, defaultsFor(def, report), payloadFields(msg)));
  return { report, spec, params };
}

/** The answer shaped for this node (objects or chart data); `msg` gets the chart's replace action. */
function reportResult(req: ReportRequest, shape: PayloadShape, result: ApiResult, msg: NodeMessage): ActionResult {
  const { report, spec, params } = req;
  const shaped = shapeReport(spec, result.data, params);
  const payload = shapePayload(shaped, shape);
  const unit = shape === 'objects' ? 'rows' : 'points';
  const extra: Record<string, unknown> = { api: 'non_agent', report, shape, empty: shaped.rows.length === 0 };
  if (shaped.totals) extra.totals = shaped.totals;
  if (shape !== 'objects') {
    // Dashboard 2.0's ui-chart replaces its data instead of appending to it.
    msg.action = 'replace';
    extra.rows = shaped.rows;
  }
  return {
    payload,
    // A shared answer reaches several nodes: each message gets its own notice objects.
    notices: result.notices.map((n) => ({ ...n, details: [...n.details], fields: { ...n.fields } })),
    function: result.function,
    raw: result.raw,
    status: `${report}: ${payload.length} ${unit}`,
    extra,
  };
}

async function shapeOf(req: ReportRequest, tools: ActionTools): Promise<PayloadShape> {
  return checkShape(req.report, await tools.prop('shape'));
}

async function runReport(def: StatsDef, msg: NodeMessage, tools: ActionTools): Promise<ActionResult> {
  const req = await reportRequest(def, msg, tools);
  // Checked before sending: a chart the report has no data for is INVALID without a request.
  const shape = await shapeOf(req, tools);
  return reportResult(req, shape, await tools.client.send(req.spec, req.params), msg);
}

/** What identifies a poll's request on one server: the function and its exact parameters. */
function pollKey(req: ReportRequest): string {
  return JSON.stringify([req.spec.name, Object.entries(req.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

export = function register(RED: NodeAPI): void {
  function VicidialStatsNode(this: Node, config: StatsDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const def = normalizeDef(config);
    let inFlight = 0;
    const run: ActionRun = async (msg, tools) => {
      inFlight++;
      try {
        return await runReport(def, msg, tools);
      } finally {
        inFlight--;
      }
    };
    setupAction(RED, node, def, run);

    const intervalMs = pollIntervalMs(def.interval);
    const server = serverOf(RED, def);
    if (intervalMs === 0 || !server) return;
    const twoOutputs = Boolean(def.errorOutput);
    const changes = new ChangeDetector();
    const send = node.send.bind(node);
    let closed = false;
    let stopPoll = (): void => undefined;

    const emit = (msg: NodeMessage, result: ActionResult): void => {
      if (closed) return;
      if (def.onlyChanged && !changes.changed(result.payload)) {
        statusOf(node).set({ fill: 'green', shape: 'dot', text: result.status });
        return;
      }
      msg.topic = result.extra?.report;
      emitResult(node, msg, send, result, twoOutputs);
    };
    const fail = (msg: NodeMessage, err: unknown): void => {
      if (closed) return;
      const e = emitError(node, msg, send, err, twoOutputs);
      // No input message to finish: a poll failure is reported like any node error.
      if (e) node.error(e, msg);
    };

    /** A poll of its own, for reports that may change from one poll to the next (msg, flow, global …). */
    const ownPoll = (): void => {
      const poll = async (): Promise<void> => {
        const msg: NodeMessage = {};
        try {
          emit(msg, await run(msg, actionTools(RED, node, def, server, msg)));
        } catch (err) {
          fail(msg, err);
        }
      };
      const poller: Poller = startPolling(intervalMs, poll, () => inFlight > 0);
      stopPoll = () => poller.stop();
    };

    /** The report is fixed: join the one poll every node asking the same of this server shares. */
    const sharedPoll = async (): Promise<void> => {
      let client: VicidialClient;
      let req: ReportRequest;
      try {
        client = server.getClient();
        req = await reportRequest(def, {}, actionTools(RED, node, def, server, {}));
      } catch {
        // A misconfiguration: the node's own poll reports it at every interval.
        if (!closed) ownPoll();
        return;
      }
      if (closed) return;
      const fetch = (): Promise<ApiResult> => client.send(req.spec, req.params);
      const subscription = sharedPolls.subscribe(client, pollKey(req), intervalMs, fetch, (outcome: PollOutcome<ApiResult>) => {
        const msg: NodeMessage = {};
        if (!outcome.ok) {
          fail(msg, outcome.error);
          return;
        }
        shapeOf(req, actionTools(RED, node, def, server, msg)).then(
          (shape) => emit(msg, reportResult(req, shape, outcome.value, msg)),
          (err: unknown) => fail(msg, err),
        );
      });
      stopPoll = () => subscription.stop();
    };

    if (DEPLOY_TIME_TYPES.has(def.reportType ?? '')) void sharedPoll();
    else ownPoll();
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      stopPoll();
      done();
    });
  }
  RED.nodes.registerType('vicidial-stats', VicidialStatsNode);
};
