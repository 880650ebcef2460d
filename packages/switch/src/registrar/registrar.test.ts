import type { Registration, RegistrationRepository, UserRecord } from '@vaxel/store';
import {
  buildAuthorization,
  computeHa1,
  createRequest,
  DigestServer,
  parseUri,
  pickDigestChallenge,
  type SipRequest,
  type SipResponse,
} from '@vaxel/sip';
import { describe, expect, it } from 'vitest';
import { AuthGuard } from './authGuard.ts';
import { lookupHa1, Registrar, SIP_REALM, SipAuthenticator } from './registrar.ts';

class MemoryRegistrations implements RegistrationRepository {
  rows: Registration[] = [];
  async upsert(r: Omit<Registration, 'id'>): Promise<Registration> {
    this.rows = this.rows.filter((x) => !(x.userId === r.userId && x.contact === r.contact));
    const row = { ...r, id: `r${this.rows.length + 1}` };
    this.rows.push(row);
    return row;
  }
  async listByUser(organisationId: string, userId: string, now: string) {
    return this.rows.filter((r) => r.organisationId === organisationId && r.userId === userId && r.expiresAt > now);
  }
  async listByOrganisation(organisationId: string, now: string) {
    return this.rows.filter((r) => r.organisationId === organisationId && r.expiresAt > now);
  }
  async remove(organisationId: string, userId: string, contact: string) {
    this.rows = this.rows.filter(
      (r) => !(r.organisationId === organisationId && r.userId === userId && r.contact === contact),
    );
  }
  async removeExpired(now: string) {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r.expiresAt > now);
    return before - this.rows.length;
  }
  async countActive(now: string) {
    return this.rows.filter((r) => r.expiresAt > now).length;
  }
}

const alice: UserRecord = {
  id: 'u1',
  organisationId: 'org1',
  accountId: 'a1',
  name: 'Alice',
  email: 'a@x.se',
  licence: 'basic',
  permissions: [],
  extension: '1001',
  mobileNumber: null,
  landlineNumber: null,
  sipUsername: 'alice',
  createdAt: '2026-01-01T00:00:00Z',
  sipHa1Md5: computeHa1('MD5', 'alice', SIP_REALM, 'correct horse battery'),
  sipHa1Sha256: computeHa1('SHA-256', 'alice', SIP_REALM, 'correct horse battery'),
};

function setup() {
  const clock = { t: Date.parse('2026-01-01T10:00:00Z') };
  const users = { findBySipUsername: async (name: string) => (name === 'alice' ? alice : null) };
  const digest = new DigestServer({
    secret: Buffer.from('test secret'),
    now: () => clock.t,
    lookupHa1: (u, r, a) => lookupHa1(users, u, r, a),
  });
  const guard = new AuthGuard({ now: () => clock.t, pairMaxFailures: 3 });
  const registrations = new MemoryRegistrations();
  const registrar = new Registrar({
    authenticator: new SipAuthenticator(digest, users, guard),
    registrations,
    now: () => clock.t,
  });
  return { clock, registrar, registrations };
}

let cseq = 1;
function register(headers: Array<[string, string]>, user = 'alice'): SipRequest {
  return createRequest({
    method: 'REGISTER',
    uri: parseUri('sip:vaxel.test'),
    headers: [
      ['Via', 'SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK' + cseq],
      ['From', `<sip:${user}@vaxel.test>;tag=abc`],
      ['To', `<sip:${user}@vaxel.test>`],
      ['Call-ID', 'reg-1'],
      ['CSeq', `${cseq++} REGISTER`],
      ...headers,
    ],
  });
}

function answer(challenge: SipResponse, request: SipRequest, password: string, username = 'alice'): SipRequest {
  const picked = pickDigestChallenge(challenge.headers.getAll('WWW-Authenticate'))!;
  request.headers.append(
    'Authorization',
    buildAuthorization({
      challenge: picked,
      credentials: { username, password },
      method: 'REGISTER',
      uri: 'sip:vaxel.test',
    }),
  );
  return request;
}

const source = { transport: 'udp' as const, address: '10.0.0.5', port: 5060 };

async function registerWith(
  registrar: Registrar,
  headers: Array<[string, string]>,
  password = 'correct horse battery',
) {
  const challenge = await registrar.handle(register(headers), source);
  expect(challenge.status).toBe(401);
  return registrar.handle(answer(challenge, register(headers), password), source);
}

describe('Registrar', () => {
  it('challenges a REGISTER without credentials with 401 and both algorithms', async () => {
    const { registrar } = setup();
    const response = await registrar.handle(register([['Contact', '<sip:alice@10.0.0.5:5060>']]), source);
    expect(response.status).toBe(401);
    expect(response.headers.getAll('WWW-Authenticate').join()).toMatch(/SHA-256.*MD5/);
  });

  it('binds the contact for the right password and lists the bindings in the 200', async () => {
    const { registrar, registrations } = setup();
    const response = await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Expires', '600'],
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.getAll('Contact')).toEqual(['<sip:alice@10.0.0.5:5060>;expires=600']);
    expect(registrations.rows).toMatchObject([
      { userId: 'u1', contact: 'sip:alice@10.0.0.5:5060', source: 'udp:10.0.0.5:5060' },
    ]);
  });

  it('answers a wrong password with a fresh challenge and binds nothing', async () => {
    const { registrar, registrations } = setup();
    const challenge = await registrar.handle(register([['Contact', '<sip:alice@10.0.0.5>']]), source);
    const response = await registrar.handle(
      answer(challenge, register([['Contact', '<sip:alice@10.0.0.5>']]), 'wrong password!'),
      source,
    );
    expect(response.status).toBe(401);
    expect(registrations.rows).toEqual([]);
  });

  it('refuses the user from that source with 403 after repeated wrong passwords, even with the right one', async () => {
    const { registrar } = setup();
    for (let i = 0; i < 3; i++) {
      const challenge = await registrar.handle(register([['Contact', '<sip:alice@10.0.0.5>']]), source);
      await registrar.handle(
        answer(challenge, register([['Contact', '<sip:alice@10.0.0.5>']]), 'wrong password!'),
        source,
      );
    }
    const challenge = await registrar.handle(register([['Contact', '<sip:alice@10.0.0.5>']]), source);
    const response = await registrar.handle(
      answer(challenge, register([['Contact', '<sip:alice@10.0.0.5>']]), 'correct horse battery'),
      source,
    );
    expect(response.status).toBe(403);
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0);
    const other = { ...source, address: '10.0.0.6' };
    const fresh = await registrar.handle(register([['Contact', '<sip:alice@10.0.0.6>']]), other);
    const elsewhere = await registrar.handle(
      answer(fresh, register([['Contact', '<sip:alice@10.0.0.6>']]), 'correct horse battery'),
      other,
    );
    expect(elsewhere.status).toBe(200);
  });

  it('does not count answers to a nonce it never issued', async () => {
    const { registrar } = setup();
    const forged = () => {
      const request = register([['Contact', '<sip:alice@10.0.0.5>']]);
      request.headers.append(
        'Authorization',
        buildAuthorization({
          challenge: { realm: SIP_REALM, nonce: 'A'.repeat(43), algorithm: 'SHA-256', qopAuth: true, stale: false },
          credentials: { username: 'alice', password: 'guess' },
          method: 'REGISTER',
          uri: 'sip:vaxel.test',
        }),
      );
      return request;
    };
    for (let i = 0; i < 10; i++) expect((await registrar.handle(forged(), source)).status).toBe(401);
    const response = await registerWith(registrar, [['Contact', '<sip:alice@10.0.0.5:5060>']]);
    expect(response.status).toBe(200);
  });

  it('answers a REGISTER whose To is not a SIP URI with 400 before any challenge (RFC 4475 unksm2)', async () => {
    const { registrar } = setup();
    const request = createRequest({
      method: 'REGISTER',
      uri: parseUri('sip:example.com'),
      headers: [
        ['Via', 'SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw'],
        ['To', 'isbn:2983792873'],
        ['From', '<http://www.example.com>;tag=3234233'],
        ['Call-ID', 'unksm2.daksdj@hyphenated-host.example.com'],
        ['CSeq', '234902 REGISTER'],
        ['Contact', '<name:John_Smith>'],
      ],
    });
    const response = await registrar.handle(request, source);
    expect(response.status).toBe(400);
    expect(response.headers.has('WWW-Authenticate')).toBe(false);
  });

  it('keeps several contacts per user and removes one with expires=0', async () => {
    const { registrar, registrations } = setup();
    await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Contact', '<sip:alice@10.0.0.6:5060>'],
    ]);
    expect(registrations.rows).toHaveLength(2);
    const response = await registerWith(registrar, [['Contact', '<sip:alice@10.0.0.5:5060>;expires=0']]);
    expect(response.headers.getAll('Contact')).toEqual(['<sip:alice@10.0.0.6:5060>;expires=3600']);
  });

  it('removes every binding for Contact: * with Expires: 0', async () => {
    const { registrar, registrations } = setup();
    await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Contact', '<sip:alice@10.0.0.6:5060>'],
    ]);
    const response = await registerWith(registrar, [
      ['Contact', '*'],
      ['Expires', '0'],
    ]);
    expect(response.status).toBe(200);
    expect(registrations.rows).toEqual([]);
  });

  it('answers 423 with Min-Expires for a too brief registration', async () => {
    const { registrar } = setup();
    const response = await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Expires', '5'],
    ]);
    expect(response.status).toBe(423);
    expect(response.headers.get('Min-Expires')).toBe('60');
  });

  it('refreshes an existing binding with a new expiry', async () => {
    const { registrar, registrations, clock } = setup();
    await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Expires', '600'],
    ]);
    clock.t += 300_000;
    await registerWith(registrar, [
      ['Contact', '<sip:alice@10.0.0.5:5060>'],
      ['Expires', '600'],
    ]);
    expect(registrations.rows).toHaveLength(1);
    expect(registrations.rows[0]!.expiresAt).toBe('2026-01-01T10:15:00.000Z');
  });

  it('refuses to bind another user’s address with 403', async () => {
    const { registrar } = setup();
    const other = () => {
      const r = register([['Contact', '<sip:bob@10.0.0.5>']], 'bob');
      return r;
    };
    const challenge = await registrar.handle(other(), source);
    const response = await registrar.handle(answer(challenge, other(), 'correct horse battery'), source);
    expect(response.status).toBe(403);
  });
});
