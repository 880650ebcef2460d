import { describe, expect, it } from 'vitest';
import { createRequest, createResponse, getCSeq, type SipRequest } from '../message/message.ts';
import { parseUri, type SipUri } from '../message/uri.ts';
import { Dialog, DialogState } from './dialog.ts';

function invite(): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri: parseUri('sip:bob@example.com'),
    headers: [
      ['Via', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1'],
      ['From', '"Alice" <sip:alice@example.com>;tag=a1'],
      ['To', '<sip:bob@example.com>'],
      ['Call-ID', 'dialog-1'],
      ['CSeq', '10 INVITE'],
      ['Contact', '<sip:alice@192.0.2.1:5070>'],
      ['Record-Route', '<sip:p1.example.com;lr>'],
      ['Record-Route', '<sip:p2.example.com;lr>'],
    ],
  });
}

function answer(request: SipRequest, status = 200) {
  const response = createResponse(request, status, { toTag: 'b1', headers: [['Contact', '<sip:bob@192.0.2.2:5080>']] });
  for (const route of request.headers.getAll('Record-Route')) response.headers.append('Record-Route', route);
  return response;
}

describe('Dialog', () => {
  it('comes back from its stored form as the same dialog: a BYE from it is the BYE the original would send (§12.2.1.1)', () => {
    const request = invite();
    const original = Dialog.fromUas(request, 'b1', 200, '<sip:bob@192.0.2.2>');
    original.flow = { protocol: 'UDP', address: '192.0.2.1', port: 5070 };
    original.createRequest('INFO');
    const stored = JSON.parse(JSON.stringify(original.toStored()));
    const restored = Dialog.fromStored(stored);
    expect(restored.state).toBe(DialogState.Confirmed);
    expect(restored.toStored()).toEqual(original.toStored());
    expect(restored.destination).toEqual({ protocol: 'UDP', address: '192.0.2.1', port: 5070 });
    const fromRestored = restored.createRequest('BYE');
    const fromOriginal = original.createRequest('BYE');
    expect(fromRestored.uri).toEqual(fromOriginal.uri);
    for (const header of ['From', 'To', 'Call-ID', 'CSeq', 'Route'])
      expect(fromRestored.headers.getAll(header)).toEqual(fromOriginal.headers.getAll(header));
    expect(fromRestored.headers.get('CSeq')).toBe('2 BYE');
    expect(fromRestored.headers.getAll('Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  });

  it('builds the UAC dialog from a 2xx with the route set reversed (§12.1.2)', () => {
    const request = invite();
    const dialog = Dialog.fromUac(request, answer(request), '<sip:alice@192.0.2.1>');
    expect(dialog.id).toEqual({ callId: 'dialog-1', localTag: 'a1', remoteTag: 'b1' });
    expect(dialog.state).toBe(DialogState.Confirmed);
    expect(dialog.routeSet.map((r) => (r.uri as SipUri).host)).toEqual(['p2.example.com', 'p1.example.com']);
    expect((dialog.remoteTarget as SipUri).port).toBe(5080);
    expect(dialog.localSeq).toBe(10);
    expect(dialog.remoteSeq).toBeUndefined();
  });

  it('builds an early UAC dialog from a 1xx with a To tag', () => {
    const request = invite();
    expect(Dialog.fromUac(request, answer(request, 180), '<sip:a@h>').state).toBe(DialogState.Early);
  });

  it('builds the UAS dialog with the route set in order and the remote sequence set (§12.1.1)', () => {
    const dialog = Dialog.fromUas(invite(), 'b1', 200, '<sip:bob@192.0.2.2>');
    expect(dialog.id).toEqual({ callId: 'dialog-1', localTag: 'b1', remoteTag: 'a1' });
    expect(dialog.routeSet.map((r) => (r.uri as SipUri).host)).toEqual(['p1.example.com', 'p2.example.com']);
    expect(dialog.remoteSeq).toBe(10);
    expect(dialog.local.params.get('tag')).toBe('b1');
  });

  it('builds requests within the dialog: tags, Call-ID, next CSeq, loose routes (§12.2.1.1)', () => {
    const request = invite();
    const dialog = Dialog.fromUac(request, answer(request), '<sip:alice@192.0.2.1>');
    const bye = dialog.createRequest('BYE');
    expect(bye.uri).toEqual(parseUri('sip:bob@192.0.2.2:5080'));
    expect(bye.headers.get('To')).toBe('<sip:bob@example.com>;tag=b1');
    expect(bye.headers.get('From')).toBe('"Alice" <sip:alice@example.com>;tag=a1');
    expect(getCSeq(bye)).toEqual({ seq: 11, method: 'BYE' });
    expect(bye.headers.getAll('Route')).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(dialog.destination).toEqual({ protocol: 'UDP', address: 'p2.example.com', port: 5060 });
    const ack = dialog.createRequest('ACK', { cseq: 10 });
    expect(getCSeq(ack)).toEqual({ seq: 10, method: 'ACK' });
  });

  it('puts a strict-routing first hop in the Request-URI and the remote target last in Route', () => {
    const request = invite();
    request.headers.delete('Record-Route');
    request.headers.append('Record-Route', '<sip:strict.example.com>');
    const dialog = Dialog.fromUas(request, 'b1', 200, '<sip:bob@h>');
    const bye = dialog.createRequest('BYE');
    expect(bye.uri).toEqual(parseUri('sip:strict.example.com'));
    expect(bye.headers.getAll('Route')).toEqual(['<sip:alice@192.0.2.1:5070>']);
  });

  it('refuses a request whose CSeq is lower than the remote sequence number (§12.2.2)', () => {
    const dialog = Dialog.fromUas(invite(), 'b1', 200, '<sip:bob@h>');
    const older = createRequest({ method: 'INFO', uri: parseUri('sip:bob@h'), headers: [['CSeq', '9 INFO']] });
    const newer = createRequest({ method: 'INFO', uri: parseUri('sip:bob@h'), headers: [['CSeq', '11 INFO']] });
    expect(dialog.acceptRemoteSequence(older)).toBe(false);
    expect(dialog.acceptRemoteSequence(newer)).toBe(true);
    expect(dialog.remoteSeq).toBe(11);
  });

  it('refreshes the remote target from a target refresh request', () => {
    const dialog = Dialog.fromUas(invite(), 'b1', 200, '<sip:bob@h>');
    dialog.refreshRemoteTarget(
      createRequest({
        method: 'INVITE',
        uri: parseUri('sip:bob@h'),
        headers: [['Contact', '<sip:alice@198.51.100.7>']],
      }),
    );
    expect(dialog.remoteTarget).toEqual(parseUri('sip:alice@198.51.100.7'));
  });

  it('refuses to build requests once terminated', () => {
    const dialog = Dialog.fromUas(invite(), 'b1', 200, '<sip:bob@h>');
    dialog.terminate();
    dialog.terminate();
    expect(() => dialog.createRequest('BYE')).toThrow('terminated');
  });
});
