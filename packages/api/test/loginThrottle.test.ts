import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * Login throttling as an attacker meets it, with the production rules (after 10 failures per
 * address in 15 minutes, after 5 per account; waits of 1 s, 2 s, 4 s … up to 15 minutes) and a
 * fake clock instead of sleeping. The state lives in the store.
 */
const rules = { addressFailures: 10, accountFailures: 5 };
const clock = new FakeClock(Date.parse('2026-03-01T09:00:00Z'));
const apiClock = { now: () => new Date(clock.now()) };
let h: Harness & { databaseUrl: string };
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness({
    loginThrottle: rules,
    clock: apiClock,
    sharedDatabase: true,
    sessionTtlMs: 365 * 24 * 3600_000,
  });
  o = await h.organisation();
});
afterAll(async () => h.close());

// Each test guesses from addresses of its own, and moves on in time, so tests do not share state.
let net = 0;
const addresses = () => {
  net += 1;
  clock.advance(24 * 3600_000);
  return (host: number) => `10.${net}.0.${host}`;
};

describe('login throttling per account', () => {
  it('makes the sixth attempt wait 1 s, then 2 s, with 429 rate_limited and Retry-After, and lets the right password in once the wait has passed', async () => {
    const at = addresses();
    for (let i = 0; i < 5; i++) expect((await h.login(o.adminEmail, `wrong guess ${i}`, at(1))).statusCode).toBe(401);
    const waiting = await h.login(o.adminEmail, testPassword, at(1));
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['content-type']).toContain('application/problem+json');
    expect(waiting.json().code).toBe('rate_limited');
    expect(waiting.headers['retry-after']).toBe('1');

    clock.advance(1000);
    expect((await h.login(o.adminEmail, 'wrong guess 6', at(1))).statusCode).toBe(401);
    expect((await h.login(o.adminEmail, testPassword, at(1))).headers['retry-after']).toBe('2');
    clock.advance(2000);
    expect((await h.login(o.adminEmail, testPassword, at(1))).statusCode).toBe(200);
  });

  it('slows a crowd guessing from many addresses, but not the owner at an address they logged in from', async () => {
    const at = addresses();
    expect((await h.login(o.adminEmail, testPassword, at(200))).statusCode).toBe(200);
    const codes: number[] = [];
    for (let i = 1; i <= 30; i++) codes.push((await h.login(o.adminEmail, `crowd guess ${i}`, at(i))).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    expect((await h.login(o.adminEmail, testPassword, at(99))).statusCode).toBe(429);
    expect((await h.login(o.adminEmail, testPassword, at(200))).statusCode).toBe(200);
  });

  it('slows a guesser at the owner’s own address too', async () => {
    const at = addresses();
    expect((await h.login(o.adminEmail, testPassword, at(7))).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await h.login(o.adminEmail, `same place ${i}`, at(7))).statusCode).toBe(401);
    expect((await h.login(o.adminEmail, testPassword, at(7))).statusCode).toBe(429);
  });
});

describe('login throttling per address', () => {
  it('throttles one address spraying 30 emails after 10 failures, and no other address', async () => {
    const at = addresses();
    const codes: number[] = [];
    for (let i = 0; i < 30; i++)
      codes.push((await h.login(`sprayed${net}.${i}@example.test`, 'Summer2026!', at(5))).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
    expect((await h.login(`sprayed${net}.0@example.test`, 'Summer2026!', at(6))).statusCode).toBe(401);
  });

  it('forgets the failures of an account that logs in, but not the address’s failures for other accounts', async () => {
    const at = addresses();
    for (let i = 0; i < 3; i++) expect((await h.login(o.adminEmail, `typo ${i}`, at(8))).statusCode).toBe(401);
    for (let i = 0; i < 6; i++)
      expect((await h.login(`other${net}.${i}@example.test`, 'guess guess', at(8))).statusCode).toBe(401);
    expect((await h.login(o.adminEmail, testPassword, at(8))).statusCode).toBe(200);
    // 6 failures of other accounts remain: four more make 10, and the next waits.
    for (let i = 6; i < 10; i++)
      expect((await h.login(`other${net}.${i}@example.test`, 'guess guess', at(8))).statusCode).toBe(401);
    expect((await h.login(`other${net}.10@example.test`, 'guess guess', at(8))).statusCode).toBe(429);
  });
});

describe('throttle state', () => {
  it('survives a new API instance on the same database', async () => {
    const at = addresses();
    for (let i = 0; i < 5; i++)
      expect((await h.login(o.adminEmail, `before restart ${i}`, at(9))).statusCode).toBe(401);
    const second = await startHarness({ loginThrottle: rules, clock: apiClock, databaseUrl: h.databaseUrl });
    try {
      const refused = await second.login(o.adminEmail, testPassword, at(9));
      expect(refused.statusCode).toBe(429);
      clock.advance(1000);
      expect((await second.login(o.adminEmail, testPassword, at(9))).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('also guards the other places that check a password: changing it', async () => {
    const at = addresses();
    const token = (await h.login(o.adminEmail, testPassword, at(10))).json().token as string;
    const change = (currentPassword: string) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/v1/me/password',
        remoteAddress: at(11),
        headers: { authorization: `Bearer ${token}` },
        payload: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    for (let i = 0; i < 5; i++) expect((await change(`not it ${i}`)).json().code).toBe('wrong_password');
    expect((await change(testPassword)).statusCode).toBe(429);
  });

  it('reports failures, throttling and successes as security events, without the password', async () => {
    const at = addresses();
    const from = h.events.length;
    for (let i = 0; i < 5; i++) await h.login(o.adminEmail, `secret guess ${i}`, at(12));
    await h.login(o.adminEmail, testPassword, at(12));
    clock.advance(1000);
    await h.login(o.adminEmail, testPassword, at(12));
    const events = h.events.slice(from);
    expect(events.map((e) => e.type)).toEqual([...Array(5).fill('login_failed'), 'login_throttled', 'login_succeeded']);
    const account = await h.store.accounts.getByEmail(o.adminEmail);
    expect(events[0]).toMatchObject({
      accountId: account!.id,
      email: o.adminEmail,
      address: at(12),
      detail: { purpose: 'login' },
    });
    expect(events[5]).toMatchObject({ detail: { retryAfterSeconds: 1 } });
    expect(JSON.stringify(events)).not.toMatch(/secret guess|a long test password/);
  });
});
