/**
 * Adds a lead (add_lead) or updates/upserts one (update_lead) from a web-form or CRM
 * payload; the mapping, phone handling and result shaping live in core/lead-fields.
 */
import { payloadFields, setupAction, type ActionDef, type ActionTools, jsonDefaults } from './core/action';
import { VicidialError, isVicidialError } from './core/errors';
import { buildLeadInput, cleanMapping, leadError, leadResult, leadStatusText, type LeadMode } from './core/lead-fields';
import type { Node, NodeAPI } from './core/node-red-types';

interface AddLeadDef extends ActionDef {
  mode?: string;
  modeType?: string;
  listId?: string;
  phoneCode?: string;
  campaignId?: string;
  duplicateCheck?: string;
  dncCheck?: string;
  campaignDncCheck?: string;
  addToHopper?: boolean;
  hopperPriority?: string | number;
  hopperLocalCallTimeCheck?: boolean;
  customFields?: boolean;
  tzMethod?: string;
  searchMethod?: string;
  searchLocation?: string;
  insertIfNotFound?: boolean;
  mapping?: unknown;
  unknownFields?: string;
  params?: unknown;
}


function modeOf(value: unknown, type: string | undefined, source: unknown): LeadMode {
  // A mode read from the message must be there: silently adding instead of updating would create duplicates.
  if (value === undefined && type && type !== 'mode') throw new VicidialError({ code: 'INVALID', reason: `mode: ${type}.${String(source)} is not set` });
  const v = String(value ?? 'add').trim().toLowerCase();
  if (v === 'add' || v === 'update') return v;
  throw new VicidialError({ code: 'INVALID', reason: `mode must be "add" or "update", not "${v}"` });
}

/** The dialog's options as VICIdial parameters; typedInputs are evaluated against the message. */
async function dialogDefaults(def: AddLeadDef, tools: ActionTools): Promise<Record<string, unknown>> {
  const [listId, phoneCode, campaignId, duplicateCheck] = await Promise.all([
    tools.prop('listId'),
    tools.prop('phoneCode'),
    tools.prop('campaignId'),
    tools.prop('duplicateCheck'),
  ]);
  return {
    ...jsonDefaults(def.params, 'the other defaults'),
    list_id: listId,
    phone_code: phoneCode,
    campaign_id: campaignId,
    duplicate_check: duplicateCheck,
    dnc_check: def.dncCheck || undefined,
    campaign_dnc_check: def.campaignDncCheck || undefined,
    add_to_hopper: def.addToHopper ? 'Y' : undefined,
    hopper_priority: def.addToHopper ? def.hopperPriority : undefined,
    hopper_local_call_time_check: def.addToHopper && def.hopperLocalCallTimeCheck ? 'Y' : undefined,
    custom_fields: def.customFields ? 'Y' : undefined,
    tz_method: def.tzMethod || undefined,
    search_method: def.searchMethod || undefined,
    search_location: def.searchLocation || undefined,
    insert_if_not_found: def.insertIfNotFound ? 'Y' : undefined,
  };
}

export = function register(RED: NodeAPI): void {
  function VicidialAddLeadNode(this: Node, def: AddLeadDef): void {
    RED.nodes.createNode(this, def);
    const mapping = cleanMapping(def.mapping);
    const unknownFields = def.unknownFields === 'ignore' ? 'ignore' : 'reject';
    setupAction(RED, this, def, async (msg, tools) => {
      const mode = modeOf(await tools.prop('mode'), def.modeType, def.mode);
      const lead = buildLeadInput(payloadFields(msg), { mode, mapping, unknownFields, defaults: await dialogDefaults(def, tools) });
      try {
        const result = await tools.client.call(lead.function, lead.input, { api: 'non_agent' });
        const payload = leadResult(lead.function, result, lead.input);
        return {
          payload,
          function: result.function,
          notices: result.notices,
          raw: result.raw,
          status: leadStatusText(payload),
          extra: { mode, ignored: lead.ignored, customFields: lead.customFields },
        };
      } catch (err) {
        throw isVicidialError(err) ? leadError(err) : err;
      }
    });
  }
  RED.nodes.registerType('vicidial-add-lead', VicidialAddLeadNode);
};
