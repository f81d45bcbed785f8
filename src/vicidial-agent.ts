/**
 * Agent control: every Agent API function but dialing, as a named action (pause,
 * hangup, disposition…) or a bare function name, chosen in the dialog or by msg.action.
 */
import { fromApi, payloadFields, setupAction, type ActionDef } from './core/action';
import { AGENT_ACTIONS, agentStatusText, buildAgentCall, pickAgent } from './core/agent-actions';
import { VicidialError } from './core/errors';
import type { Node, NodeAPI } from './core/node-red-types';

interface AgentDef extends ActionDef {
  action?: string;
  actionType?: string;
  agentUser?: string;
  value?: string;
  params?: string;
}

function parseDefaults(text: string | undefined): Record<string, unknown> {
  if (!text || !text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new VicidialError({ code: 'INVALID', reason: 'the other parameters must be a JSON object' });
}

export = function register(RED: NodeAPI): void {
  function VicidialAgentNode(this: Node, def: AgentDef): void {
    RED.nodes.createNode(this, def);
    setupAction(RED, this, def, async (msg, tools) => {
      const action = typeof msg.action === 'string' && msg.action.trim() ? msg.action : await tools.prop('action');
      const call = buildAgentCall(action, payloadFields(msg), {
        agentUser: pickAgent(msg.agent_user, await tools.prop('agentUser')),
        value: await tools.prop('value'),
        defaults: parseDefaults(def.params),
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
