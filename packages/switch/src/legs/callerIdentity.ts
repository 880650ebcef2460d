import type { FlowCaller } from '../flow/step.ts';

/** A display name as a quoted-string (RFC 3261 §25.1), with quotes and backslashes escaped. */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;
}

/**
 * The From of a leg the switch rings on a user's devices: who is calling, as the callee's phone
 * should show it. Internal callers by name and extension; outside callers by their number.
 */
export function callerFromHeader(caller: FlowCaller, host: string): string {
  if (caller.type === 'user') {
    return `${quoteDisplayName(caller.name ?? caller.extension)} <sip:${caller.extension}@${host}>`;
  }
  const name = caller.name ? `${quoteDisplayName(caller.name)} ` : '';
  return `${name}<sip:${encodeURIComponent(caller.number).replace(/%2B/g, '+')}@${host}>`;
}
