/**
 * What a simulated function sees and returns, and the small helpers every
 * handler shares (permission checks, line framing as the PHP prints it).
 */
import type { SimState, SimUser } from './state';

export interface SimContext {
  state: SimState;
  api: 'non_agent' | 'agent';
  fn: string;
  /** Request parameters, query string first and POST body second, as PHP's code reads them. */
  params: Readonly<Record<string, string>>;
  /** The authenticated API user. */
  user: SimUser;
  now: Date;
  ip: string;
}

export interface SimAnswer {
  status?: number;
  body: string;
}

export type Handler = (ctx: SimContext) => SimAnswer | string;

/** A request parameter, '' when absent (PHP reads unset variables as empty strings). */
export function param(ctx: SimContext, name: string): string {
  return ctx.params[name] ?? '';
}

/** The digits (and commas, for multi-number lookups) the server keeps of a phone number. */
export function phoneParam(ctx: SimContext, name = 'phone_number'): string {
  return param(ctx, name).replace(/[^,0-9]/g, '');
}

export function hasFlag(user: SimUser, flag: string): boolean {
  const v = user.flags[flag];
  return v === '1' || v === 'Y' || v === 'ALLOW_ALTER';
}

/** The api_allowed_functions check most Non-Agent functions start with; returns the error body or ''. */
export function notAllowedFunction(ctx: SimContext): string {
  const allowed = ctx.user.api_allowed_functions;
  if (allowed.includes('ALL_FUNCTIONS') || allowed.includes(` ${ctx.fn} `)) return '';
  return `ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: |${ctx.user.user}|${ctx.fn}|\n`;
}

/** The "Invalid Source" answer of functions that check it. */
export function invalidSource(ctx: SimContext): string {
  const source = param(ctx, 'source');
  if (source.length >= 2) return '';
  return `ERROR: Invalid Source - ${source}\nERROR: Invalid Source: |${source}|\n`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function sqlDay(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export function sqlDateTime(d: Date): string {
  return `${sqlDay(d)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}
