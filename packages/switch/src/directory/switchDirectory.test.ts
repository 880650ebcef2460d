import { openStore, type Store } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchDirectory, type DirectoryStore } from './switchDirectory.ts';

let store: Store;
let organisationId: string;
let userId: string;
let reads: number;
let sipReads: number;
let clock: FakeClock;
let directory: SwitchDirectory;

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  const org = await store.organisations.create({
    name: 'Acme AB',
    timeZone: 'Europe/Stockholm',
    language: 'sv',
    country: 'SE',
    package: 'unlimited',
  });
  organisationId = org.id;
  const account = await store.accounts.create({ email: 'bob@acme.test', name: 'Bob', passwordHash: null });
  const user = await store.users.create(
    org.id,
    {
      accountId: account.id,
      organisationId: org.id,
      name: 'Bob',
      email: 'bob@acme.test',
      licence: 'basic',
      permissions: [],
      extension: '1002',
      mobileNumber: null,
      landlineNumber: null,
      sipUsername: 'bob',
      sipHa1Md5: null,
      sipHa1Sha256: null,
    },
    [],
  );
  userId = user.id;
  // Count the store's reads of a user's routing overrides: what the directory asks the database.
  reads = 0;
  sipReads = 0;
  const users = store.users;
  const countedUsers = new Proxy(users, {
    get(target, name) {
      if (name === 'getRoutingOverrides') return (o: string, u: string) => (reads++, target.getRoutingOverrides(o, u));
      if (name === 'findBySipUsername') return (n: string) => (sipReads++, target.findBySipUsername(n));
      const member: unknown = Reflect.get(target, name);
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
  const {
    numbers,
    callRouting,
    registrations,
    trunks,
    displayNumbers,
    responseGroups,
    organisations,
    outboundRules,
    ivrMenus,
    recordings,
  } = store;
  const counted: DirectoryStore = {
    users: countedUsers,
    numbers,
    callRouting,
    registrations,
    trunks,
    displayNumbers,
    responseGroups,
    organisations,
    outboundRules,
    ivrMenus,
    recordings,
  };
  clock = new FakeClock(Date.parse('2026-12-02T10:00:00Z'));
  directory = new SwitchDirectory(counted, { clock, ttlMs: 30_000 });
});
afterEach(async () => store.close());

const ringSeconds = async () => (await directory.routing(organisationId, userId)).ringSeconds;

describe('SwitchDirectory settings cache', () => {
  it('reads an organisation’s settings once for many calls', async () => {
    await ringSeconds();
    await ringSeconds();
    await Promise.all([ringSeconds(), ringSeconds()]);
    expect(reads).toBe(1);
  });

  it('applies a saved setting on the next call once the change is signalled (R81)', async () => {
    const before = await ringSeconds();
    await store.users.setRoutingOverrides(organisationId, userId, { ringSeconds: before + 7 }, null);
    expect(await ringSeconds()).toBe(before); // not signalled: the cached value
    directory.invalidate(organisationId);
    expect(await ringSeconds()).toBe(before + 7);
  });

  it('reads again after the TTL, for changes made by another process', async () => {
    const before = await ringSeconds();
    await store.users.setRoutingOverrides(organisationId, userId, { ringSeconds: before + 3 }, null);
    clock.advance(29_999);
    expect(await ringSeconds()).toBe(before);
    clock.advance(1);
    expect(await ringSeconds()).toBe(before + 3);
  });

  it('does not keep a read that was in flight when the change was signalled', async () => {
    const before = await ringSeconds();
    directory.invalidate(organisationId);
    const inFlight = ringSeconds();
    await store.users.setRoutingOverrides(organisationId, userId, { ringSeconds: before + 5 }, null);
    directory.invalidate(organisationId);
    await inFlight;
    expect(await ringSeconds()).toBe(before + 5);
  });

  it('always reads a user’s registered devices from the store (they change by REGISTER)', async () => {
    expect(await directory.devices(organisationId, userId, new Date(clock.now()))).toEqual([]);
    await store.registrations.upsert({
      organisationId,
      userId,
      contact: 'sip:bob@127.0.0.1:5070',
      source: 'udp:127.0.0.1:5070',
      userAgent: null,
      expiresAt: new Date(clock.now() + 60_000).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
    });
    expect(await directory.devices(organisationId, userId, new Date(clock.now()))).toHaveLength(1);
  });
});

describe('SwitchDirectory users by SIP username', () => {
  const ha1 = async () => (await directory.sipUsers.findBySipUsername('bob'))?.sipHa1Md5;
  const setHa1 = async (value: string) => {
    const user = (await store.users.getRecord(organisationId, userId))!;
    await store.users.update(organisationId, { ...user, sipHa1Md5: value });
  };

  it('reads a user once for many requests', async () => {
    await ha1();
    await ha1();
    await Promise.all([ha1(), ha1()]);
    expect(sipReads).toBe(1);
  });

  it('applies a new SIP password on the next request once the change is signalled (R81)', async () => {
    expect(await ha1()).toBeNull();
    await setHa1('a'.repeat(32));
    expect(await ha1()).toBeNull(); // not signalled: the cached user
    directory.invalidate(organisationId);
    expect(await ha1()).toBe('a'.repeat(32));
  });

  it('reads again after the TTL, for changes made by another process', async () => {
    await ha1();
    await setHa1('b'.repeat(32));
    clock.advance(30_000);
    expect(await ha1()).toBe('b'.repeat(32));
  });

  it('finds no user once the removal is signalled', async () => {
    await ha1();
    await store.users.delete(organisationId, userId);
    directory.invalidate(organisationId);
    expect(await directory.sipUsers.findBySipUsername('bob')).toBeNull();
  });

  it('keeps no unknown name, so a user created a moment later is found at once', async () => {
    expect(await directory.sipUsers.findBySipUsername('carol')).toBeNull();
    const account = await store.accounts.create({ email: 'carol@acme.test', name: 'Carol', passwordHash: null });
    await store.users.create(
      organisationId,
      {
        accountId: account.id,
        organisationId,
        name: 'Carol',
        email: 'carol@acme.test',
        licence: 'basic',
        permissions: [],
        extension: '1003',
        mobileNumber: null,
        landlineNumber: null,
        sipUsername: 'carol',
        sipHa1Md5: null,
        sipHa1Sha256: null,
      },
      [],
    );
    expect((await directory.sipUsers.findBySipUsername('carol'))?.extension).toBe('1003');
  });

  it('does not keep a read that was in flight when a change was signalled', async () => {
    const inFlight = ha1();
    await setHa1('c'.repeat(32));
    directory.invalidate(organisationId);
    await inFlight;
    expect(await ha1()).toBe('c'.repeat(32));
  });
});
