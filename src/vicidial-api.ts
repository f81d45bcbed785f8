/**
 * Generic node: any catalog function of either API, chosen in the dialog or by
 * msg.function, with parameters from msg.payload over the dialog's defaults.
 */
import { fromApi, payloadFields, setupAction, type ActionDef, jsonDefaults } from './core/action';
import { getFunction } from './core/catalog';
import type { ApiKind } from './core/catalog/types';
import type { Node, NodeAPI } from './core/node-red-types';

interface ApiDef extends ActionDef {
  func?: string;
  api?: string;
  params?: unknown;
}


function apiKind(value: unknown): ApiKind | undefined {
  return value === 'agent' || value === 'non_agent' ? value : undefined;
}

export = function register(RED: NodeAPI): void {
  function VicidialApiNode(this: Node, def: ApiDef): void {
    RED.nodes.createNode(this, def);
    setupAction(RED, this, def, async (msg, { client }) => {
      const name = typeof msg.function === 'string' && msg.function ? msg.function : def.func;
      const spec = getFunction(name, apiKind(msg.api) ?? apiKind(def.api));
      const input = { ...jsonDefaults(def.params), ...payloadFields(msg) };
      const result = await client.call(spec.name, input, { api: spec.api });
      const count = Array.isArray(result.data) ? `${result.data.length} rows` : result.empty ? 'empty' : 'ok';
      return { ...fromApi(result, `${spec.name}: ${count}`), extra: { api: spec.api, empty: result.empty } };
    });
  }
  RED.nodes.registerType('vicidial-api', VicidialApiNode);
};
