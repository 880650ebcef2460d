import { createRequest, parseUri, type MessageSource } from '@vaxel/sip';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../kernel/logger.ts';
import type { OverloadReason } from '../kernel/switchObserver.ts';
import { silentSecurityLog } from './securityEvent.ts';
import { SipEdge } from './sipEdge.ts';

const phoneSource: MessageSource = { protocol: 'UDP', address: '127.0.0.3', port: 5060 };

function request(method: string, options: { toTag?: string; credentials?: boolean } = {}) {
  return createRequest({
    method,
    uri: parseUri('sip:1002@127.0.0.1'),
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.3:5060;branch=z9hG4bKe1'],
      ['From', '<sip:1001@127.0.0.1>;tag=f'],
      ['To', `<sip:1002@127.0.0.1>${options.toTag ? `;tag=${options.toTag}` : ''}`],
      ['Call-ID', 'c1'],
      ['CSeq', `1 ${method}`],
      ['Max-Forwards', '70'],
      ...(options.credentials ? ([['Proxy-Authorization', 'Digest username="1001", nonce="n"']] as const) : []),
    ],
  });
}

/** An edge whose overload guard is capped at `maxCallsPerSecond` new calls. */
function edgeCappedAt(maxCallsPerSecond: number, random?: () => number) {
  const refused: OverloadReason[] = [];
  const edge = new SipEdge({
    now: () => 1_000_000,
    monotonicNow: () => 5_000,
    securityLog: silentSecurityLog,
    logger: silentLogger,
    challenges: { proxyChallenge: () => [['Proxy-Authenticate', 'Digest realm="vaxel", nonce="n1"']] },
    callsInProgress: () => 0,
    overload: { maxCallsPerSecond, retryAfterSeconds: 2 },
    observer: { overloadRefused: (reason) => refused.push(reason) },
    ...(random ? { random } : {}),
  });
  return { edge, refused };
}

function status(screening: ReturnType<SipEdge['screen']>): number | undefined {
  return typeof screening === 'object' ? screening.stateless.status : undefined;
}

describe('the SIP edge under overload', () => {
  it('refuses a new call with credentials beyond the cap with a stateless 503 and Retry-After', () => {
    const { edge, refused } = edgeCappedAt(1);
    expect(edge.screen(request('INVITE', { credentials: true }), phoneSource)).toBeUndefined();
    const screening = edge.screen(request('INVITE', { credentials: true }), phoneSource);
    expect(status(screening)).toBe(503);
    const response = typeof screening === 'object' ? screening.stateless : undefined;
    expect(response?.headers.get('Retry-After')).toBe('2');
    expect(response?.headers.get('To')).toMatch(/;tag=\w+/);
    expect(refused).toEqual(['call_rate']);
  });

  it('still answers an INVITE without credentials with the 407: the challenge costs less than a refusal', () => {
    const { edge } = edgeCappedAt(0);
    expect(status(edge.screen(request('INVITE'), phoneSource))).toBe(407);
  });

  it('refuses a call attempt before its challenge while it sheds load: a 503 for half the messages', () => {
    const { edge, refused } = edgeCappedAt(100, () => 0.9);
    const lagging = { eventLoopDelayMs: 200, transactions: 0, utilization: 0.95, sipQueueDelayMs: 0 };
    edge.sampleLoad(lagging);
    edge.sampleLoad(lagging); // admitted share 0.8: a draw of 0.9 is refused
    const screening = edge.screen(request('INVITE'), phoneSource);
    expect(status(screening)).toBe(503);
    expect(typeof screening === 'object' && screening.stateless.headers.get('Retry-After')).toBe('2');
    expect(refused).toEqual(['event_loop_delay']);
  });

  it('lets re-INVITEs, BYEs and REGISTERs through whatever the load: calls up and registrations carry on', () => {
    const { edge, refused } = edgeCappedAt(0);
    expect(edge.screen(request('INVITE', { toTag: 't1', credentials: true }), phoneSource)).toBeUndefined();
    expect(edge.screen(request('BYE', { toTag: 't1' }), phoneSource)).toBeUndefined();
    expect(edge.screen(request('REGISTER'), phoneSource)).toBeUndefined();
    expect(refused).toEqual([]);
  });

  it('counts what it refused in its stats', () => {
    const { edge } = edgeCappedAt(0);
    edge.screen(request('INVITE', { credentials: true }), phoneSource);
    edge.screen(request('INVITE', { credentials: true }), phoneSource);
    expect(edge.stats().overload).toMatchObject({ overloaded: true, refusals: { call_rate: 2 } });
  });
});
