import { createRequest, MemoryTransport, parseUri, type ReceivedMessage } from '@vaxel/sip';
import { describe, expect, it } from 'vitest';
import { AdmittingTransport } from './admittingTransport.ts';

const options = () =>
  createRequest({
    method: 'OPTIONS',
    uri: parseUri('sip:pbx.example.com'),
    headers: [['Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1'], ['From', '<sip:a@example.com>;tag=1'], ['To', '<sip:pbx.example.com>'], ['Call-ID', 'c1'], ['CSeq', '1 OPTIONS']],
  });

describe('a transport that hears only admitted sources', () => {
  it('passes on messages from admitted sources and drops the others before any handler', () => {
    const inner = new MemoryTransport();
    const transport = new AdmittingTransport(inner, (source) => source.address !== '203.0.113.66');
    const heard: ReceivedMessage[] = [];
    transport.onMessage((received) => heard.push(received));
    inner.inject(options(), { address: '203.0.113.66' });
    inner.inject(options(), { address: '192.0.2.1' });
    expect(heard.map((r) => r.source.address)).toEqual(['192.0.2.1']);
  });

  it('sends as the transport it wraps, and is that transport to its users', async () => {
    const inner = new MemoryTransport({ port: 5070 });
    const transport = new AdmittingTransport(inner, () => false);
    await transport.send(options(), { address: '192.0.2.9', port: 5060 });
    expect(inner.sent.map((s) => s.target.address)).toEqual(['192.0.2.9']);
    expect([transport.protocol, transport.local.port, transport.connectionCount]).toEqual(['UDP', 5070, 0]);
  });
});
