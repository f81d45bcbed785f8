import type { ErrorCode } from './errors';
import type { VicidialError } from './errors';

/** What each code means to someone looking at a node's status or the test button. */
export const CODE_HINTS: Readonly<Record<ErrorCode, string>> = {
  AUTH: 'VICIdial rejected the API user or password',
  LOCKED: 'the API user is locked after too many failed logins; wait 15 minutes',
  PERMISSION: 'the API user lacks the user level or permission for this function',
  NOT_FOUND: 'the record was not found',
  DUPLICATE: 'a duplicate was found',
  DNC: 'the number is on a Do Not Call list',
  INVALID: 'the input is not valid',
  HTTP: 'the web server answered with an HTTP error (check the URL and paths)',
  TIMEOUT: 'the server did not answer in time',
  NETWORK: 'the server could not be reached',
  QUEUE_FULL: 'too many calls are waiting for this server',
  TRUNCATED: 'the answer was cut short before its end, so none of it was used',
  TOO_LARGE: 'the answer was larger than the maximum answer size set on the server node',
  BUSY: 'the server is busy (503) and stayed busy after the retries; try again later',
  UNKNOWN: 'the server gave an answer that could not be understood',
};

export function describeError(e: VicidialError): string {
  return `${CODE_HINTS[e.code]} (${e.code}: ${e.reason})`;
}
