/**
 * Every simulated function, by API. Each group file exports HANDLERS keyed by
 * function name; a function missing here answers as an unknown function does.
 */
import type { Handler } from '../context';
import { HANDLERS as ADMIN } from './admin';
import { HANDLERS as ADMIN_LISTS } from './admin-lists';
import { HANDLERS as ADMIN_MEDIA } from './admin-media';
import { HANDLERS as ADMIN_USERS } from './admin-users';
import { HANDLERS as AGENT } from './agent';
import { HANDLERS as LEADS } from './leads';
import { HANDLERS as REPORTS } from './reports';
import { HANDLERS as STATS } from './stats';
import { agentVersion, nonAgentVersion } from './version';

export const NON_AGENT_HANDLERS: Readonly<Record<string, Handler>> = {
  ...ADMIN,
  ...ADMIN_LISTS,
  ...ADMIN_MEDIA,
  ...ADMIN_USERS,
  ...LEADS,
  ...REPORTS,
  ...STATS,
  version: nonAgentVersion,
};

export const AGENT_HANDLERS: Readonly<Record<string, Handler>> = {
  ...AGENT,
  version: agentVersion,
};
