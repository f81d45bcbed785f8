/**
 * Read/report node: one of the live statistics and report functions, chosen in the
 * dialog or by msg.report, answered as typed objects (or Dashboard 2.0 chart data),
 * on demand or polled on its own for wallboards.
 */
import { actionTools, emitError, emitResult, payloadFields, serverOf, setupAction, type ActionDef, type ActionResult, type ActionRun, type ActionTools, jsonDefaults } from './core/action';
import { getFunction } from './core/catalog';
import type { Node, NodeAPI, NodeMessage } from './core/node-red-types';
import { buildParams } from './core/params';
import { ChangeDetector, checkReport, checkShape, pollIntervalMs, reportInput, shapePayload, shapeReport, startPolling, type Poller } from './core/stats';

interface StatsDef extends ActionDef {
  report?: string;
  reportType?: string;
  shape?: string;
  shapeType?: string;
  params?: unknown;
  interval?: string | number;
  onlyChanged?: boolean;
}

/** The dialog's own typedInput types hold plain text. */
const FIXED_TYPES = new Set(['report', 'shape']);


function normalizeDef(def: StatsDef): StatsDef {
  const type = (t: string | undefined): string | undefined => (t && FIXED_TYPES.has(t) ? 'str' : t);
  return { ...def, reportType: type(def.reportType ?? 'report'), shapeType: type(def.shapeType ?? 'shape') };
}

async function runReport(def: StatsDef, msg: NodeMessage, tools: ActionTools): Promise<ActionResult> {
  const report = checkReport(typeof msg.report === 'string' && msg.report ? msg.report : await tools.prop('report'));
  const shape = checkShape(report, await tools.prop('shape'));
  const spec = getFunction(report, 'non_agent');
  const params = buildParams(spec, reportInput(spec, jsonDefaults(def.params), payloadFields(msg)));
  const result = await tools.client.send(spec, params);
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
    function: result.function,
    notices: result.notices,
    raw: result.raw,
    status: `${report}: ${payload.length} ${unit}`,
    extra,
  };
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

    const poll = async (): Promise<void> => {
      const msg: NodeMessage = {};
      try {
        const result = await run(msg, actionTools(RED, node, def, server, msg));
        if (closed) return;
        if (def.onlyChanged && !changes.changed(result.payload)) {
          node.status({ fill: 'green', shape: 'dot', text: result.status });
          return;
        }
        msg.topic = result.extra?.report;
        emitResult(node, msg, send, result, twoOutputs);
      } catch (err) {
        if (closed) return;
        const e = emitError(node, msg, send, err, twoOutputs);
        // No input message to finish: a poll failure is reported like any node error.
        if (e) node.error(e, msg);
      }
    };

    const poller: Poller = startPolling(intervalMs, poll, () => inFlight > 0);
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      poller.stop();
      done();
    });
  }
  RED.nodes.registerType('vicidial-stats', VicidialStatsNode);
};
