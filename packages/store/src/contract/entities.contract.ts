import {
  factoryCallRoutingDefaults,
  factoryOutboundRules,
  factoryResponseGroupSettings,
  type IvrMenu,
  type OutboundRules,
  type ResponseGroupSettings,
} from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { createOrganisation, createUser, e164, unique } from './fixtures.ts';

const advanced: IvrMenu['advanced'] = {
  inputTimeoutSeconds: 5,
  maxRetries: 2,
  noInputDestination: { type: 'hangup' },
  invalidKeyDestination: { type: 'repeatMenu' },
  allowExtensionDialling: true,
  ttsLanguage: 'sv-SE',
};

/** What the store derives, cascades, defaults and round-trips. */
export function entitiesContract(current: () => Store): void {
  describe('number assignment', () => {
    it('derives what each number is assigned to, with names, and frees a deleted group’s number', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const [mobile, landline, groupNumber, menuNumber, spare] = [e164(), e164(), e164(), e164(), e164()] as string[];
      await store.numbers.allocate(org.id, [
        { number: mobile!, type: 'mobile' },
        { number: landline!, type: 'landline' },
        { number: groupNumber!, type: 'landline' },
        { number: menuNumber!, type: 'landline' },
        { number: spare!, type: 'landline' },
      ]);
      const user = await createUser(store, org.id, { name: 'Anna', mobileNumber: mobile!, landlineNumber: landline! });
      const group = await store.responseGroups.create(org.id, {
        name: 'Support',
        number: groupNumber!,
        billingNumber: groupNumber!,
        numericId: '12',
        agents: [],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      const menu = await store.ivrMenus.create(org.id, {
        name: 'Main',
        number: menuNumber!,
        billingNumber: null,
        prompts: [{ type: 'tts', text: 'Välkommen', language: 'sv-SE' }],
        keys: {},
        openingHours: null,
        closedPrompt: null,
        closedDestination: { type: 'hangup' },
        advanced,
      });

      const byNumber = new Map((await store.numbers.list(org.id)).map((n) => [n.number, n]));
      expect(byNumber.get(mobile!)).toEqual({
        number: mobile,
        type: 'mobile',
        organisationId: org.id,
        assignment: { type: 'userMobile', userId: user.id, name: 'Anna' },
      });
      expect(byNumber.get(landline!)?.assignment).toEqual({ type: 'userLandline', userId: user.id, name: 'Anna' });
      expect(byNumber.get(groupNumber!)?.assignment).toEqual({
        type: 'responseGroup',
        responseGroupId: group.id,
        name: 'Support',
      });
      expect(byNumber.get(menuNumber!)?.assignment).toEqual({ type: 'ivrMenu', ivrMenuId: menu.id, name: 'Main' });
      expect(byNumber.get(spare!)?.assignment).toBeNull();

      await store.responseGroups.delete(org.id, group.id);
      const after = (await store.numbers.list(org.id)).find((n) => n.number === groupNumber);
      expect(after?.assignment).toBeNull();
    });

    it('finds the owner of a number platform-wide and forgets it once released', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      expect(await store.numbers.findOwner(number)).toEqual({ number, type: 'landline', organisationId: org.id });
      await store.numbers.release(org.id, number);
      expect(await store.numbers.findOwner(number)).toBeNull();
    });

    it('sets a display number’s response group while a group has that number', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      const display = await store.displayNumbers.create(org.id, {
        number,
        userIds: [],
        teamIds: [],
        grantToGroupAgents: true,
        grantToGroupSupervisors: false,
      });
      expect(display.responseGroupId).toBeNull();
      const group = await store.responseGroups.create(org.id, {
        name: 'G',
        number,
        billingNumber: number,
        numericId: '3',
        agents: [],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      expect((await store.displayNumbers.get(org.id, display.id))?.responseGroupId).toBe(group.id);
      expect(await store.displayNumbers.list(org.id)).toEqual([{ ...display, responseGroupId: group.id }]);
    });
  });

  describe('deleting a user', () => {
    it('removes their team, group, display-number and routing memberships and their registrations', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      const stays = await createUser(store, org.id);
      const leaves = await createUser(store, org.id);
      const team = await store.teams.create(org.id, { name: 'T', memberIds: [stays.id, leaves.id] });
      const group = await store.responseGroups.create(org.id, {
        name: 'G',
        number,
        billingNumber: number,
        numericId: '1',
        agents: [
          { userId: leaves.id, loggedIn: true, reachOn: 'phone' },
          { userId: stays.id, loggedIn: false, reachOn: 'phone' },
        ],
        supervisorIds: [leaves.id],
        settings: factoryResponseGroupSettings(),
      });
      const display = await store.displayNumbers.create(org.id, {
        number: e164(),
        userIds: [leaves.id, stays.id],
        teamIds: [team.id],
        grantToGroupAgents: false,
        grantToGroupSupervisors: false,
      });
      await store.users.setRoutingOverrides(org.id, leaves.id, { ringSeconds: 30 }, null);
      await store.registrations.upsert({
        organisationId: org.id,
        userId: leaves.id,
        contact: 'sip:x@10.0.0.2',
        source: 'udp:10.0.0.2:5060',
        userAgent: 'phone',
        expiresAt: '2099-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });

      await store.users.delete(org.id, leaves.id);

      expect(await store.users.get(org.id, leaves.id)).toBeNull();
      expect((await store.teams.get(org.id, team.id))?.memberIds).toEqual([stays.id]);
      const after = await store.responseGroups.get(org.id, group.id);
      expect(after?.agents).toEqual([{ userId: stays.id, loggedIn: false, reachOn: 'phone' }]);
      expect(after?.supervisorIds).toEqual([]);
      expect((await store.displayNumbers.get(org.id, display.id))?.userIds).toEqual([stays.id]);
      expect(await store.users.getRoutingOverrides(org.id, leaves.id)).toEqual({ overrides: {}, callerIdNumber: null });
      expect(await store.registrations.listByUser(org.id, leaves.id, '2026-01-01T00:00:00.000Z')).toEqual([]);
    });
  });

  describe('defaults', () => {
    it('gives the factory settings until the organisation saves its own, then those', async () => {
      const store = current();
      const org = await createOrganisation(store);
      expect(await store.responseGroups.getDefaults(org.id)).toEqual(factoryResponseGroupSettings());
      expect(await store.callRouting.getDefaults(org.id)).toEqual(factoryCallRoutingDefaults());

      const settings: ResponseGroupSettings = {
        ...factoryResponseGroupSettings(),
        schedule: {
          openingHours: {
            openPeriods: [{ day: 'mon', open: '08:00', close: '17:00' }],
            exceptions: [{ date: '2026-12-24', name: 'Julafton', openPeriods: [] }],
          },
          welcomePrompt: { type: 'tts', text: 'Välkommen till Växel', language: 'sv-SE' },
          closedPrompt: null,
          closedDestination: { type: 'externalNumber', number: '+46701234567' },
        },
      };
      await store.responseGroups.setDefaults(org.id, settings);
      await store.responseGroups.setDefaults(org.id, settings);
      expect(await store.responseGroups.getDefaults(org.id)).toEqual(settings);
      const routing = {
        ...factoryCallRoutingDefaults(),
        ringSeconds: 40,
        unassignedNumbers: {
          action: 'playMessage' as const,
          prompt: { type: 'audioFile' as const, audioFileId: 'f1' },
        },
      };
      await store.callRouting.setDefaults(org.id, routing);
      expect(await store.callRouting.getDefaults(org.id)).toEqual(routing);
    });
  });

  describe('outbound rules (R91)', () => {
    it('stores the factory rules for a new organisation, then the rules it saves, apart from every other organisation', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const other = await createOrganisation(store);
      expect(await store.outboundRules.get(org.id)).toEqual(factoryOutboundRules());

      const rules: OutboundRules = {
        international: { allowed: true, countries: ['NO', 'DE', 'US'] },
        premium: { allowed: false },
        satellite: { allowed: true },
        limits: { concurrentCalls: 3, minutesPerHour: 90, internationalSpike: { calls: 4, seconds: 120 } },
      };
      await store.outboundRules.set(org.id, rules);
      await store.outboundRules.set(org.id, rules);
      expect(await store.outboundRules.get(org.id)).toEqual(rules);
      expect(await store.outboundRules.get(other.id)).toEqual(factoryOutboundRules());
    });

    it('rolls the rules back with the transaction that saved them', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const allowAbroad: OutboundRules = {
        ...factoryOutboundRules(),
        international: { allowed: true, countries: ['DK'] },
      };
      await expect(
        store.transaction(async (tx) => {
          await tx.outboundRules.set(org.id, allowAbroad);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await store.outboundRules.get(org.id)).toEqual(factoryOutboundRules());
    });
  });

  describe('round trips', () => {
    it('returns an IVR menu’s JSON settings exactly as stored, and its changes', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const menu = await store.ivrMenus.create(org.id, {
        name: 'Main',
        number: null,
        billingNumber: null,
        prompts: [
          { type: 'tts', text: 'Tryck 1 för support', language: 'sv-SE' },
          { type: 'audioFile', audioFileId: 'a1' },
        ],
        keys: {
          '1': { type: 'responseGroup', responseGroupId: 'g1' },
          '#': { type: 'repeatMenu' },
          '0': { type: 'voicemail', owner: { type: 'user', userId: 'u1' } },
        },
        openingHours: { openPeriods: [{ day: 'fri', open: '09:00', close: '24:00' }], exceptions: [] },
        closedPrompt: { type: 'tts', text: 'Stängt', language: 'sv-SE' },
        closedDestination: { type: 'busyTone' },
        advanced,
      });
      expect(await store.ivrMenus.get(org.id, menu.id)).toEqual(menu);
      const changed = { ...menu, name: 'Huvudmeny', keys: {} };
      const updated = await store.ivrMenus.update(org.id, changed);
      expect(updated).toMatchObject({ name: 'Huvudmeny', keys: {}, createdAt: menu.createdAt });
      expect(await store.ivrMenus.list(org.id)).toEqual([updated]);
      expect(await store.ivrMenus.count(org.id)).toBe(1);
    });

    it('keeps the order of agents and team members as given', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const [u1, u2, u3] = [
        await createUser(store, org.id),
        await createUser(store, org.id),
        await createUser(store, org.id),
      ];
      const team = await store.teams.create(org.id, { name: 'T', memberIds: [u3!.id, u1!.id, u2!.id] });
      expect(team.memberIds).toEqual([u3!.id, u1!.id, u2!.id]);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      const group = await store.responseGroups.create(org.id, {
        name: 'G',
        number,
        billingNumber: number,
        numericId: '1',
        agents: [
          { userId: u2!.id, loggedIn: false, reachOn: 'phone' },
          { userId: u1!.id, loggedIn: true, reachOn: 'phone' },
        ],
        supervisorIds: [u3!.id],
        settings: factoryResponseGroupSettings(),
      });
      expect(group.agents).toEqual([
        { userId: u2!.id, loggedIn: false, reachOn: 'phone' },
        { userId: u1!.id, loggedIn: true, reachOn: 'phone' },
      ]);
      expect((await store.users.get(org.id, u1!.id))?.teamIds).toEqual([team.id]);
    });

    it('updates a user’s teams and keeps secrets out of the domain user', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const t1 = await store.teams.create(org.id, { name: 'A', memberIds: [] });
      const t2 = await store.teams.create(org.id, { name: 'B', memberIds: [] });
      const user = await createUser(store, org.id, { sipHa1Md5: 'abc' }, [t1.id]);
      expect(user).toMatchObject({ hasSipPassword: true, teamIds: [t1.id] });
      expect(user).not.toHaveProperty('sipHa1Md5');
      const record = (await store.users.getRecord(org.id, user.id))!;
      expect(record.sipHa1Md5).toBe('abc');
      const updated = await store.users.update(org.id, { ...record, name: 'Renamed', sipHa1Md5: null }, [t2.id]);
      expect(updated).toMatchObject({ name: 'Renamed', hasSipPassword: false, teamIds: [t2.id] });
      expect((await store.teams.get(org.id, t1.id))?.memberIds).toEqual([]);
      expect(await store.users.findBySipUsername(user.sipUsername)).toMatchObject({ id: user.id, name: 'Renamed' });
      expect((await store.users.listByAccount(record.accountId)).map((u) => u.id)).toEqual([user.id]);
      expect((await store.users.update(org.id, { ...record, name: 'Kept teams' })).teamIds).toEqual([t2.id]);
    });

    it('returns booleans as booleans and counts as numbers', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const user = await createUser(store, org.id);
      const number = e164();
      await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
      const group = await store.responseGroups.create(org.id, {
        name: 'G',
        number,
        billingNumber: number,
        numericId: '1',
        agents: [{ userId: user.id, loggedIn: false, reachOn: 'phone' }],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      await store.responseGroups.setAgentLoggedIn(org.id, group.id, user.id, true);
      expect((await store.responseGroups.get(org.id, group.id))?.agents).toStrictEqual([
        { userId: user.id, loggedIn: true, reachOn: 'phone' },
      ]);
      expect(await store.responseGroups.count(org.id)).toStrictEqual(1);
      const display = await store.displayNumbers.create(org.id, {
        number: e164(),
        userIds: [],
        teamIds: [],
        grantToGroupAgents: true,
        grantToGroupSupervisors: false,
      });
      expect(display).toMatchObject({ grantToGroupAgents: true, grantToGroupSupervisors: false });
      await store.subscription.addPurchase(org.id, {
        item: 'ivrMenu',
        quantity: 2,
        unitPriceMinor: 4900,
        currency: 'SEK',
        purchasedAt: '2026-01-02T00:00:00.000Z',
        purchasedBy: { userId: null, name: 'Operator' },
      });
      await store.subscription.addPurchase(org.id, {
        item: 'ivrMenu',
        quantity: 3,
        unitPriceMinor: 4900,
        currency: 'SEK',
        purchasedAt: '2026-01-01T00:00:00.000Z',
        purchasedBy: { userId: user.id, name: 'U' },
      });
      expect(await store.subscription.purchased(org.id, 'ivrMenu')).toStrictEqual(5);
      expect(await store.subscription.purchased(org.id, 'responseGroup')).toStrictEqual(0);
      expect((await store.subscription.upcomingInvoiceLines(org.id)).map((l) => l.quantity)).toEqual([3, 2]);
      const message = await store.voicemail.create(org.id, {
        box: { type: 'responseGroup', responseGroupId: group.id },
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1200,
        heard: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await store.voicemail.markHeard(org.id, message.id);
      expect(await store.voicemail.list(org.id, { type: 'responseGroup', responseGroupId: group.id })).toStrictEqual([
        { ...message, heard: true },
      ]);
    });

    it('keeps times in canonical UTC and expires tokens, registrations and recordings by time', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const account = await store.accounts.create({ email: 'ops@example.se', name: 'Ops', passwordHash: 'h' });
      const created = await store.accounts.createToken({
        tokenHash: 't1',
        accountId: account.id,
        kind: 'session',
        expiresAt: '2026-01-01T01:00:00+01:00',
        createdAt: '2025-12-31T00:00:00Z',
      });
      await store.accounts.createToken({
        tokenHash: 't2',
        accountId: null,
        kind: 'operator',
        expiresAt: '2099-01-01T00:00:00.000Z',
        createdAt: '2025-12-31T00:00:00.000Z',
      });
      expect(await store.accounts.getToken('t1')).toEqual({
        tokenHash: 't1',
        id: created.id,
        accountId: account.id,
        kind: 'session',
        expiresAt: '2026-01-01T00:00:00.000Z',
        createdAt: '2025-12-31T00:00:00.000Z',
        lastUsedAt: null,
        address: null,
        userAgent: null,
      });
      expect(await store.accounts.deleteExpiredTokens('2026-06-01T00:00:00.000Z')).toStrictEqual(1);
      expect(await store.accounts.getToken('t1')).toBeNull();

      const user = await createUser(store, org.id);
      const base = {
        organisationId: org.id,
        userId: user.id,
        source: 'udp:10.0.0.3:5060',
        userAgent: null,
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      const first = await store.registrations.upsert({
        ...base,
        contact: 'sip:a@10.0.0.3',
        expiresAt: '2026-01-01T00:10:00.000Z',
      });
      const refreshed = await store.registrations.upsert({
        ...base,
        contact: 'sip:a@10.0.0.3',
        expiresAt: '2026-01-01T01:00:00.000Z',
        userAgent: 'Yealink',
      });
      expect(refreshed).toMatchObject({ id: first.id, userAgent: 'Yealink', expiresAt: '2026-01-01T01:00:00.000Z' });
      await store.registrations.upsert({ ...base, contact: 'sip:b@10.0.0.4', expiresAt: '2026-01-01T00:05:00.000Z' });
      expect(await store.registrations.countActive('2026-01-01T00:04:00.000Z')).toStrictEqual(2);
      expect(await store.registrations.listByUser(org.id, user.id, '2026-01-01T00:06:00.000Z')).toEqual([refreshed]);
      expect(await store.registrations.countActive('2026-01-01T00:06:00.000Z')).toStrictEqual(1);
      expect(await store.registrations.removeExpired('2026-01-01T00:06:00.000Z')).toStrictEqual(1);
      await store.registrations.remove(org.id, user.id, 'sip:a@10.0.0.3');
      expect(await store.registrations.listByOrganisation(org.id, '2026-01-01T00:00:00.000Z')).toEqual([]);

      const r1 = await store.recordings.create(org.id, {
        callId: 'c1',
        durationMs: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-31T00:00:00.000Z',
      });
      const r2 = await store.recordings.create(org.id, {
        callId: 'c2',
        durationMs: 1,
        createdAt: '2026-01-02T00:00:00.000Z',
        expiresAt: '2026-03-01T00:00:00.000Z',
      });
      const page1 = await store.recordings.list(org.id, { limit: 1 });
      expect(page1.recordings).toEqual([r2]);
      const page2 = await store.recordings.list(org.id, { limit: 1, cursor: page1.nextCursor! });
      expect(page2).toEqual({ recordings: [r1], nextCursor: null });
      expect((await store.recordings.listExpired('2026-02-01T00:00:00.000Z', 10)).map((r) => r.id)).toContain(r1.id);
      expect((await store.recordings.listExpired('2026-02-01T00:00:00.000Z', 10)).map((r) => r.id)).not.toContain(
        r2.id,
      );
    });

    it('keeps trunks, organisations and recording policies as written', async () => {
      const store = current();
      const trunk = await store.trunks.create({
        name: unique('Carrier '),
        host: 'sip.carrier.example',
        port: 5060,
        transport: 'udp',
        inboundAddresses: ['192.0.2.1'],
        username: 'u',
        password: 'p',
        organisationIds: [],
        forwardedCallerId: 'original_with_diversion',
      });
      expect(await store.trunks.get(trunk.id)).toEqual(trunk);
      expect(await store.trunks.update({ ...trunk, port: 5080, password: null })).toMatchObject({
        port: 5080,
        password: null,
      });
      expect(await store.trunks.update({ ...trunk, forwardedCallerId: 'organisation_number' })).toMatchObject({
        forwardedCallerId: 'organisation_number',
        port: 5060,
      });
      expect((await store.trunks.list()).find((t) => t.id === trunk.id)?.forwardedCallerId).toBe('organisation_number');
      await store.trunks.delete(trunk.id);
      expect(await store.trunks.get(trunk.id)).toBeNull();

      const org = await createOrganisation(store, 'Acme');
      expect(await store.organisations.update({ ...org, package: 'unlimited' })).toEqual({
        ...org,
        package: 'unlimited',
      });
      expect((await store.organisations.list()).map((o) => o.id)).toContain(org.id);

      const user = await createUser(store, org.id);
      const policy = await store.recordings.createPolicy(org.id, {
        scope: { type: 'user', userId: user.id },
        mode: 'onDemand',
        announcement: { type: 'tts', text: 'Samtalet spelas in', language: 'sv-SE' },
        retentionDays: 90,
      });
      expect(await store.recordings.getPolicy(org.id, policy.id)).toEqual(policy);
      await expect(store.recordings.createPolicy(org.id, { ...policy, mode: 'always' })).rejects.toMatchObject({
        field: 'scope',
      });
      expect(await store.recordings.updatePolicy(org.id, { ...policy, mode: 'off' })).toEqual({
        ...policy,
        mode: 'off',
      });
    });
  });

  describe('transactions', () => {
    it('rolls back everything written in a transaction that throws', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const failure = new Error('changed my mind');
      await expect(
        store.transaction(async (tx) => {
          await tx.teams.create(org.id, { name: 'Ghost', memberIds: [] });
          await tx.numbers.allocate(org.id, [{ number: e164(), type: 'mobile' }]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.teams.list(org.id)).toEqual([]);
      expect(await store.numbers.list(org.id)).toEqual([]);
    });

    it('refuses the store’s own repositories inside a transaction instead of waiting forever', async () => {
      const store = current();
      const org = await createOrganisation(store);
      await expect(store.transaction(async () => store.teams.list(org.id))).rejects.toThrow(
        /use the repositories passed to work/,
      );
      await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(
        /use the repositories passed to work/,
      );
      expect(await store.teams.list(org.id)).toEqual([]);
    });

    it('keeps what a transaction wrote when it completes, and returns its result', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const team = await store.transaction(async (tx) => tx.teams.create(org.id, { name: 'Real', memberIds: [] }));
      expect(await store.teams.get(org.id, team.id)).toEqual(team);
    });
  });
}
