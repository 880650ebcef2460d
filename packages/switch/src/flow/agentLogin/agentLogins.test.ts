import { factoryResponseGroupSettings } from '@vaxel/domain';
import { openStore, type Store } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeLogger } from '../fakeServices.ts';
import { StoreAgentLogins } from './agentLogins.ts';

let store: Store;
let organisationId: string;
let userId: string;
let accountId: string;
let told: string[];
let logins: StoreAgentLogins;
const clock = new FakeClock(Date.parse('2026-12-02T09:15:00.000Z'));

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  organisationId = (
    await store.organisations.create({
      name: 'Acme',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
  accountId = (await store.accounts.create({ email: 'anna@acme.test', name: 'Anna Berg', passwordHash: null })).id;
  userId = (
    await store.users.create(
      organisationId,
      {
        organisationId,
        accountId,
        name: 'Anna Berg',
        email: 'anna@acme.test',
        licence: 'pro',
        permissions: [],
        extension: '201',
        mobileNumber: null,
        landlineNumber: null,
        sipUsername: 'acme201',
        sipHa1Md5: null,
        sipHa1Sha256: null,
      },
      [],
    )
  ).id;
  told = [];
  logins = new StoreAgentLogins({ store, clock, logger: new FakeLogger(), settingsChanged: (id) => told.push(id) });
});
afterEach(async () => store.close());

async function group(loggedIn: boolean) {
  await store.numbers.allocate(organisationId, [{ number: '+46812340007', type: 'landline' }]);
  return store.responseGroups.create(organisationId, {
    name: 'Support',
    number: '+46812340007',
    billingNumber: '+46812340007',
    numericId: '7',
    agents: [{ userId, loggedIn, reachOn: 'phone' }],
    supervisorIds: [],
    settings: factoryResponseGroupSettings(),
  });
}

describe('StoreAgentLogins', () => {
  it('logs the agent in through the store', async () => {
    const support = await group(false);
    await logins.set({
      organisationId,
      group: support,
      userId,
      loggedIn: true,
      code: '*457',
      sourceAddress: '192.0.2.10',
    });
    expect((await store.responseGroups.get(organisationId, support.id))?.agents).toEqual([
      { userId, loggedIn: true, reachOn: 'phone' },
    ]);
  });

  it('writes the audit entry the API writes for an agent login, with the user as actor and the phone as source', async () => {
    const support = await group(true);
    await logins.set({
      organisationId,
      group: support,
      userId,
      loggedIn: false,
      code: '*46',
      sourceAddress: '192.0.2.10',
    });
    const { entries } = await store.auditLog.search(organisationId, {
      objectType: 'responseGroup',
      objectId: support.id,
      limit: 10,
    });
    expect(entries).toEqual([
      {
        id: expect.any(String),
        organisationId,
        at: '2026-12-02T09:15:00.000Z',
        actor: { kind: 'account', accountId, name: 'Anna Berg', email: 'anna@acme.test' },
        sourceAddress: '192.0.2.10',
        action: 'update',
        objectType: 'responseGroup',
        objectId: support.id,
        objectName: 'Support',
        changes: [
          {
            field: 'agents',
            before: [{ userId, loggedIn: true, reachOn: 'phone' }],
            after: [{ userId, loggedIn: false, reachOn: 'phone' }],
          },
        ],
        detail: { featureCode: '*46' },
      },
    ]);
  });

  it('writes no audit entry when the login is already as asked', async () => {
    const support = await group(true);
    await logins.set({
      organisationId,
      group: support,
      userId,
      loggedIn: true,
      code: '*457',
      sourceAddress: '192.0.2.10',
    });
    expect((await store.auditLog.search(organisationId, { limit: 10 })).entries).toEqual([]);
  });

  it('tells the switch through its settings-change hook', () => {
    logins.changed(organisationId);
    expect(told).toEqual([organisationId]);
  });

  it('reads the groups from the store as they are now', async () => {
    const support = await group(false);
    await store.responseGroups.setAgentLoggedIn(organisationId, support.id, userId, true);
    expect((await logins.groups(organisationId)).map((g) => g.agents[0]?.loggedIn)).toEqual([true]);
  });
});
