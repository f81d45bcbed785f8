/**
 * Click-to-dial: the Agent API's external_dial for one agent. The number (or lead)
 * comes from msg.payload; the dialog's options fill what the message leaves out.
 */
import { fromApi, payloadFields, setupAction, type ActionDef, type ActionTools } from './core/action';
import { buildDialInput, dialStatusText, pickAgent, type DialOptions } from './core/agent-actions';
import type { Node, NodeAPI } from './core/node-red-types';

interface DialDef extends ActionDef {
  agentUser?: string;
  phoneCode?: string;
  search?: string;
  preview?: string;
  focus?: string;
  altDial?: string;
  groupAlias?: string;
  dialPrefix?: string;
  dialIngroup?: string;
  outboundCid?: string;
}

const OPTIONS: ReadonlyArray<keyof DialOptions> = [
  'phoneCode',
  'search',
  'preview',
  'focus',
  'altDial',
  'groupAlias',
  'dialPrefix',
  'dialIngroup',
  'outboundCid',
];

async function dialogOptions(tools: ActionTools): Promise<DialOptions> {
  const values = await Promise.all(OPTIONS.map((name) => tools.prop(name)));
  return Object.fromEntries(OPTIONS.map((name, i) => [name, values[i]]));
}

export = function register(RED: NodeAPI): void {
  function VicidialDialNode(this: Node, def: DialDef): void {
    RED.nodes.createNode(this, def);
    setupAction(RED, this, def, async (msg, tools) => {
      const options = await dialogOptions(tools);
      options.agentUser = pickAgent(msg.agent_user, await tools.prop('agentUser'));
      // A bare number is the usual click-to-dial payload; objects go through as fields.
      const payload = typeof msg.payload === 'string' || typeof msg.payload === 'number' ? msg.payload : payloadFields(msg);
      const input = buildDialInput(payload, options);
      const result = await tools.client.call('external_dial', input, { api: 'agent' });
      const agent = (Array.isArray(result.data) ? undefined : result.data.agent_user) ?? input.agent_user;
      return { ...fromApi(result, dialStatusText(input, result.data)), extra: { api: 'agent', agent_user: agent } };
    });
  }
  RED.nodes.registerType('vicidial-dial', VicidialDialNode);
};
