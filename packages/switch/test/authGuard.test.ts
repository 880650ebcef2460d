/**
 * Issue 10, "Authentication guard", against the real switch with sipp as phones and as attackers
 * from several loopback source addresses (127.0.0.x): the bypass sequence, the forged-nonce
 * lockout, spraying, and an office's registered NAT address among colleagues' typos.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipSecurityEvent } from '../src/index.ts';
import { freePort, runSipp, type SippOptions, type SippRun } from './sipp.ts';
import { call, expectNothingLeft, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
const events: SipSecurityEvent[] = [];

beforeAll(async () => {
  // These attacks guess fast (sipp at 50/s), which the flood guard alone would stop within 2 s
  // (its window, and its bound of 32 open transactions per stranger: test/flood.test.ts); both are
  // widened here so that the authentication guard's own counting is what is tried.
  world = await startWorld({
    switch: {
      securityLog: { record: (event) => events.push(event) },
      flood: { perWindow: { stranger: 1000 }, serverTransactions: { stranger: 1000 } },
    },
  });
});
afterAll(async () => stopWorld(world));
afterEach(async () => expectNothingLeft(world));

const sipp = (options: Omit<SippOptions, 'port' | 'remotePort'> & { port?: number }) =>
  runSipp({ port: freePort(), remotePort: world.switchPort, timeoutSeconds: 10, extra: ['-r', '50'], ...options });

/** A right login for `user` from `address` (the user's phone, or the attacker's own account). */
const login = (address: string, user: 'alice' | 'bob' | 'carol', options: Partial<SippOptions> = {}) =>
  sipp({
    scenario: 'register.xml',
    address,
    service: user,
    username: user,
    password: world.seed[user].password,
    keys: { expires: '600' },
    ...options,
  });

/** `calls` wrong guesses of `user`'s password from `address`, one after another. */
const guesses = (address: string, user: string, calls = 1, options: Partial<SippOptions> = {}) =>
  sipp({
    scenario: 'register-guess.xml',
    address,
    service: user,
    username: user,
    password: 'hunter2',
    calls,
    ...options,
  });

/** sipp gave up with its first REGISTER retransmitted and not one response (its screen counts them). */
function expectUnanswered(run: SippRun): void {
  expect(run.code).not.toBe(0);
  expect(run.output).toMatch(/REGISTER -+>\s+1\s+[1-9]/);
  expect(run.output).toMatch(/\b401 <-+\s+0\s+0\s+0\s+0/);
}

const banOf = (address: string) => world.sw.sipBans.list().bans.find((ban) => ban.address === address);
const countOf = (address: string) => world.sw.sipBans.list().addresses.find((count) => count.address === address);

/** A right login for `user` from `address` that binds nothing (a REGISTER asking for the bindings). */
const query = (address: string, user: 'alice' | 'bob' | 'carol') =>
  sipp({ scenario: 'register-query.xml', address, service: user, username: user, password: world.seed[user].password });

describe('the bypass sequence (nine wrong guesses for one user, one right login for another)', () => {
  // The attacker's own login binds no device: a binding would make the address a registered
  // device's, which only the spray rule bans (see the office below).
  it("bans the address at the 20th counted failure: the other user's logins never reset it", async () => {
    const attacker = '127.0.0.21';
    for (let round = 1; round <= 2; round++) {
      const run = await guesses(attacker, 'alice', 9);
      expect(run.code, run.output + run.errors).toBe(0);
      const own = await query(attacker, 'bob');
      expect(own.code, `round ${round}: ${own.output}${own.errors}`).toBe(0);
    }
    expect(countOf(attacker)).toEqual({ address: attacker, failures: 18, usernames: 1 });
    expect(banOf(attacker)).toBeUndefined();

    const run = await guesses(attacker, 'alice', 2);
    expect(run.code, run.output + run.errors).toBe(0);
    expect(banOf(attacker)).toMatchObject({ address: attacker, reason: 'auth_failures', level: 1 });
    expect(events).toContainEqual({ type: 'ban', source: attacker, reason: 'auth_failures', seconds: 3600, level: 1 });

    // Banned: even the right password from there goes unanswered (no transaction is made) …
    expectUnanswered(await login(attacker, 'bob', { timeoutSeconds: 2 }));
    // … while the same user logs in from elsewhere.
    const elsewhere = await login('127.0.0.22', 'bob');
    expect(elsewhere.code, elsewhere.output + elsewhere.errors).toBe(0);

    expect(world.sw.sipBans.lift(attacker)).toBe(true);
    expect(events).toContainEqual({ type: 'unban', source: attacker, by: 'operator' });
    const lifted = await login(attacker, 'bob');
    expect(lifted.code, lifted.output + lifted.errors).toBe(0);
  });
});

describe('the forged-nonce lockout', () => {
  it('counts no REGISTER answering a nonce the switch never issued: the phone at that address registers fine', async () => {
    const office = '127.0.0.31';
    for (const nonce of ['A'.repeat(43), 'forged-by-someone-else', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY']) {
      const run = await sipp({
        scenario: 'register-forged-nonce.xml',
        address: office,
        service: 'carol',
        keys: { nonce },
        calls: 5,
      });
      expect(run.code, run.output + run.errors).toBe(0);
    }
    expect(countOf(office)).toBeUndefined();
    expect(world.sw.sipBans.list().pairs.filter((pair) => pair.address === office)).toEqual([]);
    expect(events.filter((event) => event.source === office)).toEqual([]);
    const phoneThere = await login(office, 'carol');
    expect(phoneThere.code, phoneThere.output + phoneThere.errors).toBe(0);
  });
});

describe('nonces fetched at one address and spent from another', () => {
  it('counts no answer to a nonce the switch issued to someone else: the phone at the spoofed address registers fine', async () => {
    const attacker = '127.0.0.61';
    const office = '127.0.0.62';
    const fetched = await sipp({ scenario: 'register-fetch-nonce.xml', address: attacker, service: 'carol' });
    expect(fetched.code, fetched.output + fetched.errors).toBe(0);
    const nonce = /nonce=([A-Za-z0-9_-]{43})/.exec(fetched.logs)?.[1];
    expect(nonce, fetched.logs).toBeDefined();
    const spent = await sipp({
      scenario: 'register-forged-nonce.xml',
      address: office,
      service: 'carol',
      keys: { nonce: nonce! },
      calls: 8,
    });
    expect(spent.code, spent.output + spent.errors).toBe(0);
    expect(countOf(office)).toBeUndefined();
    const phoneThere = await login(office, 'carol');
    expect(phoneThere.code, phoneThere.output + phoneThere.errors).toBe(0);
  });
});

describe('spraying many usernames from one address', () => {
  it('bans the sprayer while a registered phone elsewhere keeps registering and calling', async () => {
    const sprayer = '127.0.0.41';
    for (let i = 0; i < 10; i++) {
      const run = await guesses(sprayer, `user${i}`);
      expect(run.code, run.output + run.errors).toBe(0);
    }
    expect(banOf(sprayer)).toMatchObject({ reason: 'auth_failures', level: 1 });
    expectUnanswered(await guesses(sprayer, 'user10', 1, { timeoutSeconds: 2 }));

    const again = await login('127.0.0.1', 'alice');
    expect(again.code, again.output + again.errors).toBe(0);
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const caller = await call(world, world.seed.alice, '1002');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await bob.done).code).toBe(0);
    expect(world.sw.sipBans.lift(sprayer)).toBe(true);
  });
});

describe('an office behind one registered address', () => {
  it("is not banned by colleagues' failures below the spray threshold, and its phone keeps registering", async () => {
    const office = '127.0.0.51';
    const registered = await login(office, 'alice');
    expect(registered.code, registered.output + registered.errors).toBe(0);
    for (let i = 0; i < 9; i++) {
      const run = await guesses(office, `colleague${i}`, 3);
      expect(run.code, run.output + run.errors).toBe(0);
    }
    // 27 counted failures: a stranger's address would have been banned at 20.
    expect(countOf(office)).toEqual({ address: office, failures: 27, usernames: 9 });
    expect(banOf(office)).toBeUndefined();
    const refresh = await login(office, 'alice');
    expect(refresh.code, refresh.output + refresh.errors).toBe(0);
  });
});
