/**
 * Via header field values (RFC 3261 §20.42, §18.2.1; RFC 3581 rport):
 *
 *   via-parm     = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   via-params   = via-ttl / via-maddr / via-received / via-branch / response-port / via-extension
 */
import { SipParseError } from './errors.ts';
import { formatGenericParams, isToken, parseGenericParams, type Params } from './syntax.ts';
import { formatHost, parseHostPort } from './uri.ts';

/** RFC 3261 §8.1.1.7: branch IDs of RFC 3261 elements "MUST always begin with the characters z9hG4bK". */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

export interface Via {
  readonly protocol: string;
  readonly version: string;
  /** Upper-case transport: UDP, TCP, TLS, SCTP, or any token. */
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  /** All parameters, names lower-case; `rport` is null when present without a value. */
  readonly params: Params;
}

export function parseVia(text: string): Via {
  const match = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(;.*)?$/s.exec(text);
  if (!match) throw new SipParseError(`Malformed Via: "${text}"`);
  const [, protocol = '', version = '', transport = '', sentBy = '', paramsText = ''] = match;
  if (![protocol, version, transport].every(isToken)) throw new SipParseError(`Malformed Via protocol: "${text}"`);
  const { host, port } = parseHostPort(sentBy.replace(/\s+/g, ''), text);
  const params = parseGenericParams(paramsText, 'Via');
  if (params.has('branch') && !params.get('branch')) throw new SipParseError(`Empty Via branch: "${text}"`);
  const rport = params.get('rport');
  if (rport !== undefined && rport !== null && !/^\d{1,5}$/.test(rport))
    throw new SipParseError(`Bad Via rport: "${text}"`);
  return {
    protocol: protocol.toUpperCase(),
    version,
    transport: transport.toUpperCase(),
    host,
    ...(port !== undefined && { port }),
    params,
  };
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `${via.protocol}/${via.version}/${via.transport} ${formatHost(via.host)}${port}${formatGenericParams(via.params)}`;
}

export function branchOf(via: Via): string | undefined {
  return via.params.get('branch') ?? undefined;
}

/** True when the branch follows RFC 3261 (magic cookie plus something unique after it). */
export function isRfc3261Branch(branch: string | undefined): branch is string {
  return branch !== undefined && branch.startsWith(BRANCH_MAGIC_COOKIE) && branch.length > BRANCH_MAGIC_COOKIE.length;
}

export function via(parts: { transport: string; host: string; port?: number; branch: string; rport?: boolean }): Via {
  const params: Params = new Map([['branch', parts.branch]]);
  if (parts.rport) params.set('rport', null);
  return {
    protocol: 'SIP',
    version: '2.0',
    transport: parts.transport.toUpperCase(),
    host: parts.host,
    ...(parts.port !== undefined && { port: parts.port }),
    params,
  };
}
