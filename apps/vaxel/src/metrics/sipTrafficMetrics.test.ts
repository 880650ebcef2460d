import { Registry } from 'prom-client';
import { Headers, KNOWN_METHODS, parseMessage, parseUri, type SipRequest, type SipResponse } from '@vaxel/sip';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue.ts';
import { countedMethods, SipTrafficMetrics } from './sipTrafficMetrics.ts';

// Messages as the transaction layer hands them over; built directly, so that a status no parser
// would let through (a peer's garbage, a bug) can be shown too.
const empty = { headers: new Headers(), body: Buffer.alloc(0) };
const uri = parseUri('sip:switch@127.0.0.1');
const request = (method: string): SipRequest => ({ kind: 'request', method, uri, ...empty });
const response = (status: number): SipResponse => ({ kind: 'response', status, reason: 'Test', ...empty });

function setup() {
  const registry = new Registry();
  return { registry, sip: new SipTrafficMetrics(registry) };
}

describe('SIP traffic as counters', () => {
  it('counts requests received and sent by method, each direction apart', async () => {
    const { registry, sip } = setup();
    sip.received(request('INVITE'));
    sip.received(request('INVITE'));
    sip.received(request('BYE'));
    sip.sent(request('BYE'));
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'INVITE' })).toBe(2);
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'BYE' })).toBe(1);
    expect(await sampleValue(registry, 'vaxel_sip_requests_sent_total', { method: 'BYE' })).toBe(1);
    expect(await sampleValue(registry, 'vaxel_sip_requests_sent_total', { method: 'INVITE' })).toBe(0);
  });

  it('counts a method it does not know by name as other, so invented methods add no series', async () => {
    const { registry, sip } = setup();
    for (let i = 0; i < 50; i++) sip.received(request(`X-INVENTED-${i}`));
    sip.received(request('invite'));
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'other' })).toBe(51);
    const series = (await registry.getSingleMetric('vaxel_sip_requests_received_total')!.get()).values;
    expect(series).toHaveLength(countedMethods.length + 1);
  });

  it('counts responses by exact status, and a status outside 100-699 as other', async () => {
    const { registry, sip } = setup();
    sip.sent(response(200));
    sip.sent(response(200));
    sip.sent(response(407));
    sip.received(response(180));
    sip.received(response(99));
    sip.received(response(700));
    sip.received(response(Number.NaN));
    expect(await sampleValue(registry, 'vaxel_sip_responses_sent_total', { status: '200' })).toBe(2);
    expect(await sampleValue(registry, 'vaxel_sip_responses_sent_total', { status: '407' })).toBe(1);
    expect(await sampleValue(registry, 'vaxel_sip_responses_received_total', { status: '180' })).toBe(1);
    expect(await sampleValue(registry, 'vaxel_sip_responses_received_total', { status: 'other' })).toBe(3);
    expect(await sampleValue(registry, 'vaxel_sip_responses_received_total', { status: '200' })).toBeUndefined();
  });

  it('counts retransmissions sent and received apart from the messages themselves', async () => {
    const { registry, sip } = setup();
    sip.retransmissionSent(request('INVITE'));
    sip.retransmissionSent(response(200));
    sip.retransmissionReceived(request('INVITE'));
    expect(await sampleValue(registry, 'vaxel_sip_retransmissions_sent_total')).toBe(2);
    expect(await sampleValue(registry, 'vaxel_sip_retransmissions_received_total')).toBe(1);
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'INVITE' })).toBe(0);
  });

  it('keeps counting across scrapes: a scrape hands over only what came since the last', async () => {
    const { registry, sip } = setup();
    sip.received(request('REGISTER'));
    await registry.metrics();
    sip.received(request('REGISTER'));
    await registry.metrics();
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'REGISTER' })).toBe(2);
  });

  it('counts a real parsed message the way the transaction layer hands it over', async () => {
    const { registry, sip } = setup();
    const parsed = parseMessage(
      Buffer.from(
        'OPTIONS sip:switch@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n' +
          'From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:switch@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n' +
          'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
      ),
      { transport: 'datagram' },
    );
    if (!parsed.ok) throw parsed.error;
    sip.received(parsed.message);
    expect(await sampleValue(registry, 'vaxel_sip_requests_received_total', { method: 'OPTIONS' })).toBe(1);
  });

  it('knows by name exactly the methods the SIP stack knows', () => {
    expect([...countedMethods]).toEqual([...KNOWN_METHODS]);
  });
});
