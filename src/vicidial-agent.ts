/**
 * Agent control: every Agent API function but dialing, as a named action (pause,
 * hangup, disposition…) or a bare function name, chosen in the dialog or by msg.action.
 */
import { fromApi, payloadFields, setupAction, type ActionDef, jsonDefaults } from './core/action';
import { AGENT_ACTIONS, agentStatusText, buildAgentCall, pickAgent } from './core/agent-actions';
import type { Node, NodeAPI } from './core/node-red-types';

interface AgentDef extends ActionDef {
  action?: string;
  actionType?: string;
  agentUser?: string;
  value?: string;
  params?: unknown;
}


export = function register(RED: NodeAPI): void {
  function VicidialAgentNode(this: Node, def: AgentDef): void {
    RED.nodes.createNode(this, def);
    setupAction(RED, this, def, async (msg, tools) => {
      const action = typeof msg.action === 'string' && msg.action.trim() ? msg.action : await tools.prop('action');
      const call = buildAgentCall(action, payloadFields(msg), {
        agentUser: pickAgent(msg.agent_user, await tools.prop('agentUser')),
        value: await tools.prop('value'),
        defaults: jsonDefaults(def.params, 'the other parameters'),
      });
      const result = await tools.client.call(call.function, call.input, { api: 'agent' });
      // With alt_user only the server's answer names the agent.
      const answered = Array.isArray(result.data) ? undefined : result.data.agent_user;
      return { ...fromApi(result, agentStatusText(call, result.data)), extra: { api: 'agent', action: call.action, agent_user: call.agent ?? answered } };
    });
  }
  RED.nodes.registerType('vicidial-agent', VicidialAgentNode);

  // The action table as data for the editor's action list.
  RED.httpAdmin.get('/vicidial-agent/actions', RED.auth.needsPermission('vicidial-agent.read'), (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(AGENT_ACTIONS));
  });
};
