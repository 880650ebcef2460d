/**
 * RFC 4475 "SIP Torture Test Messages": every message in the shared archive gets the verdict
 * listed in MANIFEST.tsv, by parsing it as a UDP datagram and, where the verdict depends on it,
 * running the checks of a UAS, registrar or proxy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { findTestdata } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { DigestServer } from '../auth/digest-server.ts';
import { getContacts, getCSeq, getFrom, getTo, getVias, type SipMessage } from './message.ts';
import { parseMessage } from './parser.ts';
import { isSipUri, type SipUri } from './uri.ts';
import { validateRequest, type RequestPolicy } from './validate-request.ts';
import { validateResponse } from './validate-response.ts';
import { responseToMalformed } from '../transport/malformed.ts';

const FOUND = findTestdata('rfc4475');
const DIR = FOUND ? `${FOUND}/` : '';

interface Row {
  readonly name: string;
  readonly section: string;
  readonly verdict: string;
}

const rows: Row[] = (FOUND ? readFileSync(`${DIR}MANIFEST.tsv`, 'utf8') : '')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [name = '', section = '', verdict = ''] = line.split('\t');
    return { name, section, verdict };
  });

/**
 * Where Växel departs from the manifest's verdict, and why (issue 10). badinv01's Via
 * "192.0.2.15;;,;,," is not a Via the response could be routed by (§18.2.2 sends responses along
 * the Via path); answering it anyway would send a 400 to whoever the datagram claims to be from,
 * which makes the switch a reflector for spoofed junk. It is dropped.
 */
const DEPARTURES: Record<string, string> = { 'badinv01.dat': 'invalid; dropped' };

const strictEndpoint: RequestPolicy = {
  role: 'endpoint',
  allowedMethods: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'INFO', 'MESSAGE'],
  supportedExtensions: [],
  acceptedContentTypes: ['application/sdp'],
  producedContentTypes: ['application/sdp'],
};

function read(name: string): Buffer {
  return readFileSync(`${DIR}${name}`);
}

/** What an element does with a message: accept it, answer with a status, or drop it. */
function outcome(message: SipMessage, policy: RequestPolicy): 'accept' | 'drop' | number {
  if (message.kind === 'response') return validateResponse(message, 'endpoint').ok ? 'accept' : 'drop';
  const verdict = validateRequest(message, policy);
  return verdict.ok ? 'accept' : verdict.status;
}

/** A registrar that authenticates (RFC 4475 §3.3.7): unknown schemes get a Digest challenge. */
async function registrarWithAuth(message: SipMessage): Promise<number | 'accept'> {
  if (message.kind !== 'request') throw new Error('expected a request');
  const server = new DigestServer({
    secret: Buffer.from('conformance-secret'),
    lookupHa1: () => undefined,
    now: () => 0,
  });
  const result = await server.verify(message, { realm: 'example.com', proxy: false });
  return result.ok ? 'accept' : result.status;
}

describe.skipIf(!FOUND)('RFC 4475 torture messages', () => {
  it('covers every file of the archive in the manifest', () => {
    const files = readdirSync(DIR)
      .filter((file) => file.endsWith('.dat'))
      .sort();
    expect(rows.map((row) => row.name).sort()).toEqual(files);
  });

  for (const row of rows) {
    const verdict = DEPARTURES[row.name] ?? row.verdict;
    it(`${row.name} (${row.section}) gets "${verdict}"`, async () => {
      const parsed = parseMessage(read(row.name), { transport: 'datagram' });
      if (row.section === '(none)') {
        // test.dat has no SIP-Version on its start line: a malformed Request-Line.
        expect(parsed.ok ? 'accept' : parsed.error.status).toBe(400);
        return;
      }
      const expected = /\b(\d{3})\b|(drop)(?:ped)?/.exec(verdict);
      const mustParse = verdict.startsWith('valid');
      if (mustParse) expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
      if (!parsed.ok) {
        // What the transport does with it: answer with the parser's status, or drop it.
        expect(responseToMalformed(parsed)?.response.status ?? 'drop').toBe(expected?.[2] ?? Number(expected?.[1]));
        return;
      }
      const message = parsed.message;
      if (verdict.includes('with auth:401')) {
        expect(await registrarWithAuth(message)).toBe(401);
      } else if (expected === null || verdict.startsWith('valid syntax; may reject')) {
        // Well formed: every element accepts it (a registrar for REGISTER, otherwise a proxy).
        const policy: RequestPolicy =
          message.kind === 'request' && message.method === 'REGISTER' ? { role: 'registrar' } : { role: 'proxy' };
        expect(outcome(message, policy)).toBe('accept');
      } else {
        const policy: RequestPolicy = verdict.includes('registrar')
          ? { ...strictEndpoint, role: 'registrar' }
          : strictEndpoint;
        expect(outcome(message, policy)).toBe(expected[2] ?? Number(expected[1]));
      }
    });
  }
});

function requestOf(name: string) {
  const parsed = parseMessage(read(name), { transport: 'datagram' });
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error(`${name} did not parse as a request`);
  return parsed.message;
}

describe.skipIf(!FOUND)('RFC 4475 valid messages are understood, not only accepted', () => {
  it('wsinv: unfolds lines, expands compact names and reads leading zeros', () => {
    const request = requestOf('wsinv.dat');
    expect(getCSeq(request)).toEqual({ seq: 9, method: 'INVITE' });
    expect(getFrom(request).displayName).toBe('J Rosenberg \\"');
    expect(getFrom(request).params.get('tag')).toBe('98asjd8');
    expect(getTo(request).params.get('tag')).toBe('1918181833n');
    expect(getVias(request).map((via) => via.transport)).toEqual(['UDP', 'TCP', 'UDP']);
    expect(request.headers.get('Subject')).toBe('');
    expect(request.headers.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    const [contact] = getContacts(request) as ReturnType<typeof getTo>[];
    expect(contact?.displayName).toBe('Quoted string ""');
    expect(contact?.params.get('q')).toBe('0.33');
    expect(request.body.length).toBe(150);
  });

  it('esc01: unescapes the user part once', () => {
    const uri = requestOf('esc01.dat').uri as SipUri;
    expect(uri.user).toBe('sips:user@example.com');
    const contact = (getContacts(requestOf('esc01.dat')) as ReturnType<typeof getTo>[])[0]!.uri as SipUri;
    expect(contact.params.get('name')).toBe('value%41');
    expect(contact.params.has('lr')).toBe(true);
  });

  it('escnull: keeps %00 users distinct', () => {
    const contacts = getContacts(requestOf('escnull.dat')) as ReturnType<typeof getTo>[];
    const users = contacts.map((contact) => (contact.uri as SipUri).user);
    expect(users).toEqual(['\u0000', '\u0000\u0000']);
  });

  it('semiuri: reads the user part with its semicolon', () => {
    expect((requestOf('semiuri.dat').uri as SipUri).user).toBe('user;par=u@example.net');
  });

  it('dblreq: ignores the octets after Content-Length in a datagram', () => {
    const request = requestOf('dblreq.dat');
    expect(request.method).toBe('REGISTER');
    expect(request.body.length).toBe(0);
  });

  it('mpart01: frames the binary body by Content-Length, byte for byte', () => {
    const request = requestOf('mpart01.dat');
    expect(request.body.length).toBe(Number(request.headers.get('Content-Length')));
    expect(request.body.includes(0)).toBe(true);
    expect(read('mpart01.dat').subarray(-request.body.length)).toEqual(request.body);
  });

  it('cparam01 and cparam02: tell contact-params from url-params', () => {
    const [unbracketed] = getContacts(requestOf('cparam01.dat')) as ReturnType<typeof getTo>[];
    expect(unbracketed!.params.has('unknownparam')).toBe(true);
    expect((unbracketed!.uri as SipUri).params.has('unknownparam')).toBe(false);
    const [bracketed] = getContacts(requestOf('cparam02.dat')) as ReturnType<typeof getTo>[];
    expect((bracketed!.uri as SipUri).params.has('unknownparam')).toBe(true);
  });

  it('regescrt: keeps the escaped Route header of a Contact', () => {
    const [contact] = getContacts(requestOf('regescrt.dat')) as ReturnType<typeof getTo>[];
    const uri = contact!.uri;
    expect(isSipUri(uri) && uri.headers).toEqual([['Route', '<sip:sip.example.com>']]);
  });

  it('inv2543: takes the rest of the datagram as body when Content-Length is absent', () => {
    const request = requestOf('inv2543.dat');
    expect(request.body.toString('utf8')).toMatch(/^v=0\r\n/);
    expect(request.body.toString('utf8')).toMatch(/m=audio 49217 RTP\/AVP 0\r\n$/);
  });
});
