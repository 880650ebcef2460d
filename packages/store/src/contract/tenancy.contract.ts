import { Conflict, factoryCallRoutingDefaults, factoryResponseGroupSettings, NotFound } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { ForeignKeyViolation, UniqueViolation } from '../errors.ts';
import type { Store } from '../ports.ts';
import { callAt, createOrganisation, createUser, e164, newUserFields } from './fixtures.ts';

/** Tenant isolation and the unique rules. */
export function tenancyContract(current: () => Store): void {
  describe('tenant isolation', () => {
    it('never shows one organisation the rows of another through any repository', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const number = e164();
      await store.numbers.allocate(a.id, [{ number, type: 'landline' }]);
      const user = await createUser(store, a.id, { landlineNumber: number });
      const team = await store.teams.create(a.id, { name: 'Sales', memberIds: [user.id] });
      const groupNumber = e164();
      await store.numbers.allocate(a.id, [{ number: groupNumber, type: 'landline' }]);
      const group = await store.responseGroups.create(a.id, {
        name: 'Support',
        number: groupNumber,
        billingNumber: groupNumber,
        numericId: '1',
        agents: [{ userId: user.id, loggedIn: true, reachOn: 'phone' }],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      const menu = await store.ivrMenus.create(a.id, {
        name: 'Main',
        number: null,
        billingNumber: null,
        prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
        keys: {},
        openingHours: null,
        closedPrompt: null,
        closedDestination: { type: 'hangup' },
        advanced: {
          inputTimeoutSeconds: 5,
          maxRetries: 2,
          noInputDestination: { type: 'hangup' },
          invalidKeyDestination: { type: 'hangup' },
          allowExtensionDialling: false,
          ttsLanguage: 'sv-SE',
        },
      });
      const file = await store.audioFiles.create(a.id, {
        name: 'Hold',
        language: 'sv-SE',
        source: 'upload',
        ttsText: null,
        durationMs: 1000,
        originalMimeType: 'audio/wav',
        originalFileName: 'hold.wav',
      });
      const display = await store.displayNumbers.create(a.id, {
        number,
        userIds: [user.id],
        teamIds: [],
        grantToGroupAgents: false,
        grantToGroupSupervisors: false,
      });
      const policy = await store.recordings.createPolicy(a.id, {
        scope: { type: 'organisation' },
        mode: 'always',
        announcement: null,
        retentionDays: 30,
      });
      const call = await store.calls.create(a.id, callAt('2026-01-01T10:00:00.000Z'));
      const recording = await store.recordings.create(a.id, {
        callId: call.id,
        durationMs: 1000,
        createdAt: '2026-01-01T10:00:00.000Z',
        expiresAt: '2026-02-01T10:00:00.000Z',
      });
      const message = await store.voicemail.create(a.id, {
        box: { type: 'user', userId: user.id },
        callId: call.id,
        fromNumber: '+46701234567',
        durationMs: 500,
        heard: false,
        createdAt: '2026-01-01T10:00:00.000Z',
      });
      await store.registrations.upsert({
        organisationId: a.id,
        userId: user.id,
        contact: 'sip:u@10.0.0.1',
        source: 'udp:10.0.0.1:5060',
        userAgent: null,
        expiresAt: '2099-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      await store.subscription.addPurchase(a.id, {
        item: 'responseGroup',
        quantity: 1,
        unitPriceMinor: 9900,
        currency: 'SEK',
        purchasedAt: '2026-01-01T00:00:00.000Z',
        purchasedBy: { userId: user.id, name: 'U' },
      });
      await store.responseGroups.setDefaults(a.id, {
        ...factoryResponseGroupSettings(),
        distribution: { ...factoryResponseGroupSettings().distribution, strategy: 'serial' },
      });
      await store.callRouting.setDefaults(a.id, { ...factoryCallRoutingDefaults(), ringSeconds: 99 });
      await store.users.setRoutingOverrides(a.id, user.id, { ringSeconds: 10 }, number);

      expect(await store.numbers.list(b.id)).toEqual([]);
      expect(await store.users.list(b.id)).toEqual([]);
      expect(await store.users.get(b.id, user.id)).toBeNull();
      expect(await store.users.getRecord(b.id, user.id)).toBeNull();
      expect(await store.users.findByExtension(b.id, user.extension)).toBeNull();
      expect(await store.users.getRoutingOverrides(b.id, user.id)).toEqual({ overrides: {}, callerIdNumber: null });
      expect(await store.teams.list(b.id)).toEqual([]);
      expect(await store.teams.get(b.id, team.id)).toBeNull();
      expect(await store.responseGroups.list(b.id)).toEqual([]);
      expect(await store.responseGroups.get(b.id, group.id)).toBeNull();
      expect(await store.responseGroups.count(b.id)).toBe(0);
      expect(await store.responseGroups.getDefaults(b.id)).toEqual(factoryResponseGroupSettings());
      expect(await store.callRouting.getDefaults(b.id)).toEqual(factoryCallRoutingDefaults());
      expect(await store.ivrMenus.list(b.id)).toEqual([]);
      expect(await store.ivrMenus.get(b.id, menu.id)).toBeNull();
      expect(await store.ivrMenus.count(b.id)).toBe(0);
      expect(await store.audioFiles.list(b.id)).toEqual([]);
      expect(await store.audioFiles.get(b.id, file.id)).toBeNull();
      expect(await store.displayNumbers.list(b.id)).toEqual([]);
      expect(await store.displayNumbers.get(b.id, display.id)).toBeNull();
      expect(await store.recordings.listPolicies(b.id)).toEqual([]);
      expect(await store.recordings.getPolicy(b.id, policy.id)).toBeNull();
      expect(await store.recordings.list(b.id, { limit: 10 })).toEqual({ recordings: [], nextCursor: null });
      expect(await store.recordings.get(b.id, recording.id)).toBeNull();
      expect(await store.calls.get(b.id, call.id)).toBeNull();
      expect(await store.calls.search(b.id, { limit: 10 })).toEqual({ calls: [], nextCursor: null });
      expect(await store.voicemail.get(b.id, message.id)).toBeNull();
      expect(await store.voicemail.list(b.id, { type: 'user', userId: user.id })).toEqual([]);
      expect(await store.registrations.listByOrganisation(b.id, '2026-01-01T00:00:00.000Z')).toEqual([]);
      expect(await store.registrations.listByUser(b.id, user.id, '2026-01-01T00:00:00.000Z')).toEqual([]);
      expect(await store.subscription.purchased(b.id, 'responseGroup')).toBe(0);
      expect(await store.subscription.upcomingInvoiceLines(b.id)).toEqual([]);
    });

    it('refuses updates through another organisation with NotFound and ignores its deletes', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const user = await createUser(store, a.id);
      const team = await store.teams.create(a.id, { name: 'Team', memberIds: [] });
      const record = (await store.users.getRecord(a.id, user.id))!;
      const number = e164();
      await store.numbers.allocate(a.id, [{ number, type: 'landline' }]);
      const group = await store.responseGroups.create(a.id, {
        name: 'G',
        number,
        billingNumber: number,
        numericId: '1',
        agents: [{ userId: user.id, loggedIn: false, reachOn: 'phone' }],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      });
      const menu = await store.ivrMenus.create(a.id, {
        name: 'M',
        number: null,
        billingNumber: null,
        prompts: [],
        keys: {},
        openingHours: null,
        closedPrompt: null,
        closedDestination: { type: 'hangup' },
        advanced: {
          inputTimeoutSeconds: 5,
          maxRetries: 2,
          noInputDestination: { type: 'hangup' },
          invalidKeyDestination: { type: 'hangup' },
          allowExtensionDialling: false,
          ttsLanguage: 'sv-SE',
        },
      });
      const file = await store.audioFiles.create(a.id, {
        name: 'F',
        language: 'sv-SE',
        source: 'tts',
        ttsText: 'Hej',
        durationMs: 900,
        originalMimeType: 'audio/wav',
        originalFileName: null,
      });
      const display = await store.displayNumbers.create(a.id, {
        number,
        userIds: [],
        teamIds: [],
        grantToGroupAgents: false,
        grantToGroupSupervisors: false,
      });
      const policy = await store.recordings.createPolicy(a.id, {
        scope: { type: 'organisation' },
        mode: 'off',
        announcement: null,
        retentionDays: 10,
      });
      const call = await store.calls.create(a.id, callAt('2026-01-01T10:00:00.000Z'));
      const recording = await store.recordings.create(a.id, {
        callId: call.id,
        durationMs: 1,
        createdAt: '2026-01-01T10:00:00.000Z',
        expiresAt: '2026-01-02T10:00:00.000Z',
      });
      const message = await store.voicemail.create(a.id, {
        box: { type: 'user', userId: user.id },
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1,
        heard: false,
        createdAt: '2026-01-01T10:00:00.000Z',
      });
      const registration = {
        organisationId: a.id,
        userId: user.id,
        contact: 'sip:a@10.0.0.9',
        source: 'udp:10.0.0.9:5060',
        userAgent: null,
        expiresAt: '2099-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      await store.registrations.upsert(registration);

      const refused = [
        () => store.users.update(b.id, { ...record, name: 'Hijacked' }),
        () => store.teams.update(b.id, { ...team, name: 'Hijacked' }),
        () => store.users.setRoutingOverrides(b.id, user.id, { ringSeconds: 5 }, null),
        () => store.responseGroups.update(b.id, { ...group, name: 'Hijacked' }),
        () => store.responseGroups.setAgentLoggedIn(b.id, group.id, user.id, true),
        () => store.ivrMenus.update(b.id, { ...menu, name: 'Hijacked' }),
        () => store.audioFiles.update(b.id, { ...file, name: 'Hijacked' }),
        () => store.displayNumbers.update(b.id, { ...display, grantToGroupAgents: true }),
        () => store.recordings.updatePolicy(b.id, { ...policy, mode: 'always' }),
        () => store.calls.update(b.id, { ...call, outcome: 'answered' }),
      ];
      for (const attempt of refused) await expect(attempt()).rejects.toBeInstanceOf(NotFound);

      await store.users.delete(b.id, user.id);
      await store.teams.delete(b.id, team.id);
      await store.responseGroups.delete(b.id, group.id);
      await store.ivrMenus.delete(b.id, menu.id);
      await store.audioFiles.delete(b.id, file.id);
      await store.displayNumbers.delete(b.id, display.id);
      await store.recordings.deletePolicy(b.id, policy.id);
      await store.recordings.delete(b.id, recording.id);
      await store.voicemail.markHeard(b.id, message.id);
      await store.voicemail.delete(b.id, message.id);
      await store.registrations.remove(b.id, user.id, registration.contact);
      await store.numbers.release(b.id, number);

      expect(await store.users.get(a.id, user.id)).toEqual({ ...user });
      expect(await store.teams.get(a.id, team.id)).toEqual(team);
      expect(await store.responseGroups.get(a.id, group.id)).toEqual(group);
      expect(await store.ivrMenus.get(a.id, menu.id)).toEqual(menu);
      expect(await store.audioFiles.get(a.id, file.id)).toEqual(file);
      expect(await store.displayNumbers.get(a.id, display.id)).toEqual({ ...display, responseGroupId: group.id });
      expect(await store.recordings.getPolicy(a.id, policy.id)).toEqual(policy);
      expect(await store.recordings.get(a.id, recording.id)).toEqual(recording);
      expect(await store.voicemail.get(a.id, message.id)).toEqual(message);
      expect(await store.registrations.listByUser(a.id, user.id, '2026-01-01T00:00:00.000Z')).toHaveLength(1);
      expect(await store.numbers.findOwner(number)).toMatchObject({ organisationId: a.id });
      expect(await store.calls.get(a.id, call.id)).toEqual(call);
    });

    it('refuses to link a user of one organisation into a team of another', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const outsider = await createUser(store, b.id);
      await expect(store.teams.create(a.id, { name: 'Mixed', memberIds: [outsider.id] })).rejects.toBeInstanceOf(
        ForeignKeyViolation,
      );
    });
  });

  describe('unique rules', () => {
    it('refuses a number allocated to any organisation with a UniqueViolation on number', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const number = e164();
      await store.numbers.allocate(a.id, [{ number, type: 'mobile' }]);
      const refused = store.numbers.allocate(b.id, [
        { number: e164(), type: 'mobile' },
        { number, type: 'mobile' },
      ]);
      await expect(refused).rejects.toBeInstanceOf(UniqueViolation);
      await expect(refused).rejects.toBeInstanceOf(Conflict);
      await expect(refused).rejects.toMatchObject({ code: 'conflict', field: 'number', constraint: 'numbers_pkey' });
      expect(await store.numbers.list(b.id)).toEqual([]);
    });

    it('refuses a SIP username used in any organisation', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      const user = await createUser(store, a.id);
      await expect(createUser(store, b.id, { sipUsername: user.sipUsername })).rejects.toMatchObject({
        name: 'UniqueViolation',
        field: 'sipUsername',
        constraint: 'users_sip_username_key',
      });
    });

    it('refuses an extension taken in the organisation but allows it in another', async () => {
      const store = current();
      const a = await createOrganisation(store);
      const b = await createOrganisation(store);
      await createUser(store, a.id, { extension: '200' });
      await expect(createUser(store, a.id, { extension: '200' })).rejects.toMatchObject({
        field: 'extension',
        constraint: 'users_extension_key',
      });
      expect((await createUser(store, b.id, { extension: '200' })).extension).toBe('200');
    });

    it('refuses a numeric ID and a number used by another group of the organisation', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const [n1, n2] = [e164(), e164()];
      await store.numbers.allocate(org.id, [
        { number: n1!, type: 'landline' },
        { number: n2!, type: 'landline' },
      ]);
      const group = {
        name: 'G',
        billingNumber: n1!,
        agents: [],
        supervisorIds: [],
        settings: factoryResponseGroupSettings(),
      };
      await store.responseGroups.create(org.id, { ...group, number: n1!, numericId: '7' });
      await expect(
        store.responseGroups.create(org.id, { ...group, number: n2!, numericId: '7' }),
      ).rejects.toMatchObject({
        field: 'numericId',
        constraint: 'response_groups_numeric_id_key',
      });
      await expect(
        store.responseGroups.create(org.id, { ...group, number: n1!, numericId: '8' }),
      ).rejects.toMatchObject({
        field: 'number',
        constraint: 'response_groups_number_key',
      });
    });

    it('refuses the same display number twice in an organisation', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const number = e164();
      const d = { number, userIds: [], teamIds: [], grantToGroupAgents: false, grantToGroupSupervisors: false };
      await store.displayNumbers.create(org.id, d);
      await expect(store.displayNumbers.create(org.id, d)).rejects.toMatchObject({
        field: 'number',
        constraint: 'display_numbers_number_key',
      });
    });

    it('refuses a second account with the same e-mail, whatever its case', async () => {
      const store = current();
      await store.accounts.create({ email: 'Anna@Example.se', name: 'Anna', passwordHash: null });
      await expect(
        store.accounts.create({ email: 'anna@example.se', name: 'Anna', passwordHash: null }),
      ).rejects.toMatchObject({ field: 'email' });
      expect((await store.accounts.getByEmail('ANNA@example.se'))?.name).toBe('Anna');
    });

    it('allows a second user in an organisation without numbers (nulls do not collide)', async () => {
      const store = current();
      const org = await createOrganisation(store);
      const fields = await newUserFields(store, org.id);
      await store.users.create(org.id, fields, []);
      await expect(createUser(store, org.id)).resolves.toMatchObject({ mobileNumber: null, landlineNumber: null });
    });
  });
}
