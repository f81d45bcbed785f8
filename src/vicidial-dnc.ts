/**
 * Adds numbers to, removes them from, or checks them against VICIdial's DNC lists
 * (system or campaign) and filter phone groups; one or many numbers per message.
 */
import { setupAction, type ActionDef, type ActionTools } from './core/action';
import { actionFunction, parseAction, planDnc, runDnc, statusText, summarize, type DncAction, type DncOptions } from './core/dnc';
import type { Node, NodeAPI } from './core/node-red-types';

interface DncDef extends ActionDef {
  action?: string;
  actionType?: string;
  campaign?: string;
  campaignType?: string;
  group?: string;
  groupType?: string;
  callTime?: string;
  callTimeType?: string;
  dncCheck?: string;
  campaignDncCheck?: string;
}

/** Only the settings the action uses are evaluated (a msg/flow property the action ignores may be unset). */
async function options(action: DncAction, def: DncDef, tools: ActionTools): Promise<DncOptions> {
  if (action === 'add_fpg' || action === 'remove_fpg') return { group: await tools.prop('group') };
  if (action !== 'check') return { campaignId: await tools.prop('campaign') };
  return {
    campaignId: await tools.prop('campaign'),
    check: { local_call_time: await tools.prop('callTime'), dnc_check: def.dncCheck, campaign_dnc_check: def.campaignDncCheck },
  };
}

export = function register(RED: NodeAPI): void {
  function VicidialDncNode(this: Node, def: DncDef): void {
    RED.nodes.createNode(this, def);
    setupAction(RED, this, def, async (msg, tools) => {
      const action = parseAction(await tools.prop('action'));
      const plan = planDnc(action, msg.payload, await options(action, def, tools));
      const batch = await runDnc(tools.client, plan);
      if (batch.failure) throw batch.failure;
      return {
        payload: batch.results,
        function: actionFunction(action),
        notices: batch.notices,
        raw: batch.raw,
        status: statusText(batch.results),
        extra: { action, ...summarize(batch.results) },
      };
    });
  }
  RED.nodes.registerType('vicidial-dnc', VicidialDncNode);
};
