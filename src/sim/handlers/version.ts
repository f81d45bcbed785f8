import { sqlDateTime, type Handler } from '../context';

/** Non-Agent version: printed before authentication, every field `KEY: value|`. */
export const nonAgentVersion: Handler = (ctx) => {
  const now = ctx.now;
  const epoch = Math.floor(now.getTime() / 1000);
  // The simulated server keeps standard time all year: TZNOW equals TZ and DST is 0.
  const gmt = ctx.state.serverGmt.toFixed(2);
  return `VERSION: ${ctx.state.version}|BUILD: ${ctx.state.build}|DATE: ${sqlDateTime(now)}|EPOCH: ${epoch}|DST: 0|TZ: ${gmt}|TZNOW: ${gmt}|\n`;
};

/** Agent API version: four fields, no trailing pipe. */
export const agentVersion: Handler = (ctx) => {
  const epoch = Math.floor(ctx.now.getTime() / 1000);
  return `VERSION: ${ctx.state.agentVersion}|BUILD: ${ctx.state.agentBuild}|DATE: ${sqlDateTime(ctx.now)}|EPOCH: ${epoch}\n`;
};
