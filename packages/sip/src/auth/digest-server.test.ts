import { describe, expect, it } from 'vitest';
import { createRequest, type SipRequest } from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { buildAuthorization, pickDigestChallenge } from './digest-client.ts';
import { computeHa1, type DigestAlgorithm } from './digest-hash.ts';
import { DigestServer, isCountedDigestFailure, type DigestVerdict } from './digest-server.ts';

const REALM = 'pbx.example.com';
const USERS: Record<string, string> = { alice: 'wonderland' };

function setup(lifetime = 60_000) {
  let now = 1_000_000;
  const server = new DigestServer({
    secret: Buffer.from('test secret'),
    now: () => now,
    nonceLifetimeMs: lifetime,
    lookupHa1: (username: string, realm: string, algorithm: DigestAlgorithm) => {
      const password = USERS[username];
      return password === undefined ? undefined : computeHa1(algorithm, username, realm, password);
    },
  });
  return { server, advance: (ms: number) => (now += ms) };
}

function register(authorization?: string): SipRequest {
  const headers: Array<[string, string]> = [['CSeq', '1 REGISTER']];
  if (authorization !== undefined) headers.push(['Authorization', authorization]);
  return createRequest({ method: 'REGISTER', uri: parseUri(`sip:${REALM}`), headers });
}

function challengeValues(verdict: DigestVerdict): string[] {
  if (verdict.ok) throw new Error('expected a challenge');
  return verdict.headers.map(([, value]) => value);
}

async function answer(
  server: DigestServer,
  username: string,
  password: string,
  options: { algorithm?: DigestAlgorithm; nc?: number } = {},
) {
  const challenges = challengeValues(await server.verify(register(), { realm: REALM, proxy: false }));
  const challenge = pickDigestChallenge(
    challenges.filter((value) => value.includes(`algorithm=${options.algorithm ?? 'SHA-256'}`)),
  )!;
  return buildAuthorization({
    challenge,
    credentials: { username, password },
    method: 'REGISTER',
    uri: `sip:${REALM}`,
    nc: options.nc ?? 1,
  });
}

describe('DigestServer', () => {
  it('challenges a request without credentials with SHA-256 first, then MD5', async () => {
    const { server } = setup();
    const verdict = await server.verify(register(), { realm: REALM, proxy: false });
    expect(verdict.ok ? 'ok' : verdict.status).toBe(401);
    const values = challengeValues(verdict);
    expect(values[0]).toMatch(/^Digest realm="pbx.example.com", nonce="[\w-]+", algorithm=SHA-256, qop="auth"$/);
    expect(values[1]).toContain('algorithm=MD5');
  });

  it('challenges with 407 Proxy-Authenticate as a proxy', async () => {
    const { server } = setup();
    const verdict = server.challenge({ realm: REALM, proxy: true });
    expect(verdict.status).toBe(407);
    expect(verdict.headers[0]![0]).toBe('Proxy-Authenticate');
  });

  it.each(['SHA-256', 'MD5'] as const)('accepts correct %s credentials', async (algorithm) => {
    const { server } = setup();
    const authorization = await answer(server, 'alice', 'wonderland', { algorithm });
    expect(await server.verify(register(authorization), { realm: REALM, proxy: false })).toEqual({
      ok: true,
      username: 'alice',
    });
  });

  it('rejects a wrong password with a fresh challenge', async () => {
    const { server } = setup();
    const verdict = await server.verify(register(await answer(server, 'alice', 'guess')), {
      realm: REALM,
      proxy: false,
    });
    expect(verdict.ok).toBe(false);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const { server } = setup();
    const unknown = await server.verify(register(await answer(server, 'mallory', 'x')), { realm: REALM, proxy: false });
    const wrong = await server.verify(register(await answer(server, 'alice', 'x')), { realm: REALM, proxy: false });
    const shape = (verdict: DigestVerdict) =>
      challengeValues(verdict).map((value) => value.replace(/nonce="[^"]+"/, 'nonce=N'));
    expect(shape(unknown)).toEqual(shape(wrong));
  });

  it('refuses a replayed nonce-count and accepts a higher one', async () => {
    const { server } = setup();
    const first = await answer(server, 'alice', 'wonderland');
    expect((await server.verify(register(first), { realm: REALM, proxy: false })).ok).toBe(true);
    expect((await server.verify(register(first), { realm: REALM, proxy: false })).ok).toBe(false);
    const nonce = /nonce="([^"]+)"/.exec(first)![1]!;
    const second = buildAuthorization({
      challenge: { realm: REALM, nonce, algorithm: 'SHA-256', qopAuth: true, stale: false },
      credentials: { username: 'alice', password: 'wonderland' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
      nc: 2,
    });
    expect((await server.verify(register(second), { realm: REALM, proxy: false })).ok).toBe(true);
  });

  it('marks the challenge stale when a correct answer uses an expired nonce', async () => {
    const { server, advance } = setup(60_000);
    const authorization = await answer(server, 'alice', 'wonderland');
    advance(60_001);
    const verdict = await server.verify(register(authorization), { realm: REALM, proxy: false });
    expect(challengeValues(verdict)[0]).toContain('stale=true');
  });

  it('refuses a nonce it did not sign', async () => {
    const { server } = setup();
    const forged = buildAuthorization({
      challenge: { realm: REALM, nonce: 'A'.repeat(43), algorithm: 'SHA-256', qopAuth: true, stale: false },
      credentials: { username: 'alice', password: 'wonderland' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    expect((await server.verify(register(forged), { realm: REALM, proxy: false })).ok).toBe(false);
  });

  it('forgets nonce counts once their nonces expire', async () => {
    const { server, advance } = setup(1000);
    await server.verify(register(await answer(server, 'alice', 'wonderland')), { realm: REALM, proxy: false });
    expect(server.trackedNonces).toBe(1);
    advance(5000);
    await server.verify(register(await answer(server, 'alice', 'wonderland')), { realm: REALM, proxy: false });
    expect(server.trackedNonces).toBe(1);
  });

  it('ends without a new nonce-count entry when the nonce is forged', async () => {
    const { server } = setup();
    const forged = buildAuthorization({
      challenge: { realm: REALM, nonce: 'B'.repeat(43), algorithm: 'SHA-256', qopAuth: true, stale: false },
      credentials: { username: 'alice', password: 'wonderland' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    await server.verify(register(forged), { realm: REALM, proxy: false });
    expect(server.trackedNonces).toBe(0);
  });
});

describe('why a digest was refused, and whether it counts as a guess', () => {
  const verify = (server: DigestServer, authorization?: string) =>
    server.verify(register(authorization), { realm: REALM, proxy: false });
  const failureOf = (verdict: DigestVerdict) => (verdict.ok ? 'ok' : verdict.failure);

  it('counts a wrong password on a valid nonce of ours, naming the user', async () => {
    const { server } = setup();
    const verdict = await verify(server, await answer(server, 'alice', 'guess'));
    expect(failureOf(verdict)).toBe('wrong_response');
    expect(verdict.ok ? null : verdict.username).toBe('alice');
    expect(isCountedDigestFailure(verdict)).toBe(true);
  });

  it('counts an unknown user on a valid nonce of ours', async () => {
    const { server } = setup();
    const verdict = await verify(server, await answer(server, 'mallory', 'x'));
    expect(failureOf(verdict)).toBe('unknown_user');
    expect(isCountedDigestFailure(verdict)).toBe(true);
  });

  it('does not count a request without credentials', async () => {
    const { server } = setup();
    const verdict = await verify(server);
    expect(failureOf(verdict)).toBe('no_credentials');
    expect(isCountedDigestFailure(verdict)).toBe(false);
  });

  it('does not count an invented nonce, even with a wrong password, and challenges afresh', async () => {
    const { server } = setup();
    const forged = buildAuthorization({
      challenge: { realm: REALM, nonce: 'A'.repeat(43), algorithm: 'SHA-256', qopAuth: true, stale: false },
      credentials: { username: 'alice', password: 'guess' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    const verdict = await verify(server, forged);
    expect(failureOf(verdict)).toBe('unknown_nonce');
    expect(isCountedDigestFailure(verdict)).toBe(false);
    expect(challengeValues(verdict)[0]).not.toContain('stale');
    expect(challengeValues(verdict)[0]).not.toContain('A'.repeat(43));
  });

  it('does not count a nonce signed with another secret', async () => {
    const { server } = setup();
    const other = new DigestServer({
      secret: Buffer.from('another node'),
      now: () => 1_000_000,
      lookupHa1: () => undefined,
    });
    const authorization = await answer(other, 'alice', 'wonderland');
    expect(failureOf(await verify(server, authorization))).toBe('unknown_nonce');
  });

  it('does not count malformed credentials', async () => {
    const { server } = setup();
    for (const authorization of [
      'Digest username="alice", realm="pbx',
      `Digest username="alice", realm="${REALM}", nonce="x"`,
      `Digest realm="${REALM}", qop=auth`,
    ]) {
      const verdict = await verify(server, authorization);
      expect(failureOf(verdict)).toBe('malformed');
      expect(isCountedDigestFailure(verdict)).toBe(false);
    }
  });

  it('answers an expired nonce of ours with stale=true whether the password is right or wrong, uncounted', async () => {
    const { server, advance } = setup(60_000);
    const right = await answer(server, 'alice', 'wonderland');
    const wrong = await answer(server, 'alice', 'guess');
    advance(60_001);
    for (const authorization of [right, wrong]) {
      const verdict = await verify(server, authorization);
      expect(failureOf(verdict)).toBe('stale_nonce');
      expect(isCountedDigestFailure(verdict)).toBe(false);
      expect(challengeValues(verdict).every((value) => value.endsWith('stale=true'))).toBe(true);
    }
  });

  it('does not count a replayed correct answer', async () => {
    const { server } = setup();
    const authorization = await answer(server, 'alice', 'wonderland');
    await verify(server, authorization);
    const verdict = await verify(server, authorization);
    expect(failureOf(verdict)).toBe('replayed');
    expect(isCountedDigestFailure(verdict)).toBe(false);
  });

  it('does not count an answer to a nonce issued to another address, and accepts it from the address it was issued to', async () => {
    const { server } = setup();
    const issued = server.challenge({ realm: REALM, proxy: false, client: '198.51.100.7' });
    const challenge = pickDigestChallenge(issued.headers.filter(([, v]) => v.includes('SHA-256')).map(([, v]) => v))!;
    const guess = buildAuthorization({
      challenge,
      credentials: { username: 'alice', password: 'guess' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    const spoofed = await server.verify(register(guess), { realm: REALM, proxy: false, client: '203.0.113.66' });
    expect(failureOf(spoofed)).toBe('unknown_nonce');
    expect(isCountedDigestFailure(spoofed)).toBe(false);
    expect(
      failureOf(await server.verify(register(guess), { realm: REALM, proxy: false, client: '198.51.100.7' })),
    ).toBe('wrong_response');
    const right = buildAuthorization({
      challenge,
      credentials: { username: 'alice', password: 'wonderland' },
      method: 'REGISTER',
      uri: `sip:${REALM}`,
      nc: 2,
    });
    expect(await server.verify(register(right), { realm: REALM, proxy: false, client: '198.51.100.7' })).toEqual({
      ok: true,
      username: 'alice',
    });
  });
});
