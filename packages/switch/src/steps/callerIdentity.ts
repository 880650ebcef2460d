import type { CallContext } from '../call/callContext.ts';

/** A display name as a quoted-string (RFC 3261 §25.1), with quotes and backslashes escaped. */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;
}

/**
 * The From of a leg the switch rings on a user's devices: who is calling, as the callee's phone
 * should show it. Internal callers by name and extension; outside callers by their number.
 */
export function callerFromHeader(ctx: CallContext): string {
  const host = ctx.services.advertisedAddress;
  if (ctx.caller.type === 'user') {
    const user = ctx.caller.user;
    return `${quoteDisplayName(user.name)} <sip:${user.extension}@${host}>`;
  }
  const name = ctx.caller.name ? `${quoteDisplayName(ctx.caller.name)} ` : '';
  return `${name}<sip:${encodeURIComponent(ctx.caller.number).replace(/%2B/g, '+')}@${host}>`;
}
