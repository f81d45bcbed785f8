/**
 * Every simulated function, by API. Each group file exports HANDLERS keyed by
 * function name; a function missing here answers as an unknown function does.
 */
import type { Handler } from '../context';
import { HANDLERS as ADMIN } from './admin';
import { HANDLERS as AGENT } from './agent';
import { HANDLERS as LEADS } from './leads';
import { HANDLERS as REPORTS } from './reports';
import { HANDLERS as STATS } from './stats';
import { agentVersion, nonAgentVersion } from './version';

export const NON_AGENT_HANDLERS: Readonly<Record<string, Handler>> = {
  ...ADMIN,
  ...LEADS,
  ...REPORTS,
  ...STATS,
  version: nonAgentVersion,
};

export const AGENT_HANDLERS: Readonly<Record<string, Handler>> = {
  ...AGENT,
  version: agentVersion,
};
