/** The pack's client core, for use outside Node-RED (function nodes, scripts). */
export { VicidialClient, DEFAULT_PATHS, DEFAULT_SOURCE, type ClientConfig, type CallOptions } from './client';
export { VicidialError, ERROR_CODES, classifyReason, type ErrorCode } from './errors';
export { CATALOG, findFunction, getFunction } from './catalog';
export type { FunctionSpec, ParamSpec, ResponseSpec, ApiKind } from './catalog';
export { parseResponse, type ApiResult, type StatusLine, type Row } from './parser';
export { buildParams } from './params';
export { makeRedactor, MASK } from './redact';
