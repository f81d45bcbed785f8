/**
 * Statistics node: any resource of the 8x8 statistics API, chosen in the dialog or by
 * msg.resource, every page fetched for the user (or one message per page), records
 * typed or shaped for Dashboard 2.0, on input or polled without overlap.
 */
import { evaluateProperty, toVicidialError } from './core/action';
import { VicidialError } from './core/errors';
import type { E8x8Client } from './core/e8x8/client';
import { nodeQuery, pollSeconds, type StatsDef } from './core/e8x8/node-query';
import { shapeRecords } from './core/e8x8/shape';
import type { TenantNode } from './core/e8x8/tenant-config';
import { ChangeDetector, startPolling } from './core/stats';
import type { DoneFn, Node, NodeAPI, NodeMessage, SendFn } from './core/node-red-types';

/** The dialog's own typedInput type holds plain text. */
function normalizeDef(def: StatsDef): StatsDef {
  return { ...def, resourceType: !def.resourceType || def.resourceType === 'resource' ? 'str' : def.resourceType };
}

function shorten(text: string, max = 32): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export = function register(RED: NodeAPI): void {
  function E8x8StatsNode(this: Node, config: StatsDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const def = normalizeDef(config);
    const tenant = def.tenant ? ((RED.nodes.getNode(def.tenant) as TenantNode | null) ?? undefined) : undefined;
    const twoOutputs = Boolean(def.errorOutput);
    const changes = new ChangeDetector();
    let inFlight = 0;
    let closed = false;
    node.status(tenant ? {} : { fill: 'red', shape: 'ring', text: 'no tenant' });

    const evaluator = (msg: NodeMessage) => (prop: string) =>
      evaluateProperty(RED, node, def[prop], (def[`${prop}Type`] as string | undefined) ?? 'str', msg);

    /** Sends the records of one message (all pages, or one page) with msg.e8x8 beside them. */
    const emit = (msg: NodeMessage, send: SendFn, payload: unknown, meta: Record<string, unknown>, status: string): void => {
      msg.payload = payload;
      msg.e8x8 = meta;
      if (Array.isArray(payload) && meta.shape !== 'records') msg.action = 'replace';
      node.status({ fill: 'green', shape: 'dot', text: shorten(status) });
      send(twoOutputs ? [msg, null] : msg);
    };

    const fail = (msg: NodeMessage, send: SendFn, err: unknown): Error | undefined => {
      const e = toVicidialError(err);
      node.status({ fill: 'red', shape: 'ring', text: shorten(`${e.code}: ${e.reason}`) });
      msg.e8x8 = { ...(msg.e8x8 as object | undefined), error: e.toJSON() };
      if (!twoOutputs) return e;
      msg.error = e.toJSON();
      send([null, msg]);
      return undefined;
    };

    /** One query; resolves when every message it makes is sent. */
    const run = async (msg: NodeMessage, send: SendFn, onlyIfChanged?: ChangeDetector): Promise<void> => {
      if (!tenant) throw new VicidialError({ code: 'INVALID', reason: 'no e8x8-tenant is configured for this node' });
      const client: E8x8Client = tenant.getClient();
      const q = await nodeQuery(def, msg, evaluator(msg));
      node.status({ fill: 'blue', shape: 'dot', text: `${q.spec.name}…` });
      if (q.eachPage) {
        for await (const page of client.pages(q.query)) {
          if (closed) return;
          const out = page.last ? msg : RED.util.cloneMessage(msg);
          const meta = { resource: q.spec.name, shape: q.shape, page: page.page, last: page.last, count: page.records.length, truncated: page.truncated };
          if (page.last) out.complete = true;
          emit(out, send, shapeRecords(page.records, q.shape), meta, `${q.spec.name}: page ${page.page}`);
        }
        return;
      }
      const result = await client.fetchAll(q.query);
      if (closed) return;
      const payload = q.spec.single && q.shape === 'records' ? result.records[0] ?? null : shapeRecords(result.records, q.shape);
      if (onlyIfChanged && !onlyIfChanged.changed(payload)) {
        node.status({ fill: 'green', shape: 'dot', text: shorten(`${q.spec.name}: unchanged`) });
        return;
      }
      const meta = { resource: q.spec.name, shape: q.shape, request: result.request, pages: result.pages, count: result.records.length, truncated: result.truncated };
      emit(msg, send, payload, meta, `${q.spec.name}: ${result.records.length} records${result.truncated ? ' (capped)' : ''}`);
    };

    node.on('input', async (msg: NodeMessage, send: SendFn, done: DoneFn) => {
      inFlight++;
      try {
        await run(msg, send);
        done();
      } catch (err) {
        done(fail(msg, send, err));
      } finally {
        inFlight--;
      }
    });

    const seconds = pollSeconds(def.interval);
    const poller = seconds > 0 && tenant
      ? startPolling(
          seconds * 1000,
          async () => {
            const msg: NodeMessage = {};
            try {
              await run(msg, node.send.bind(node), def.onlyChanged ? changes : undefined);
            } catch (err) {
              if (closed) return;
              const e = fail(msg, node.send.bind(node), err);
              if (e) node.error(e, msg);
            }
          },
          () => inFlight > 0,
        )
      : undefined;

    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      poller?.stop();
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('e8x8-stats', E8x8StatsNode);
};
