import { factoryCallRoutingDefaults, factoryResponseGroupSettings } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.ts';
import { callAt, createOrganisation, createUser, e164 } from './fixtures.ts';

/** Voicemail (R17, R76): messages, their read state and counts, box PINs and the PIN throttle's memory. */
export function voicemailContract(current: () => Store): void {
  async function organisationWithBoxes(store: Store) {
    const org = await createOrganisation(store);
    const user = await createUser(store, org.id, { name: 'Anna' });
    const number = e164();
    await store.numbers.allocate(org.id, [{ number, type: 'landline' }]);
    const group = await store.responseGroups.create(org.id, {
      name: 'Support',
      number,
      billingNumber: number,
      numericId: '7',
      agents: [],
      supervisorIds: [],
      settings: factoryResponseGroupSettings(),
    });
    return {
      org,
      user,
      group,
      userBox: { type: 'user' as const, userId: user.id },
      groupBox: { type: 'responseGroup' as const, responseGroupId: group.id },
    };
  }

  describe('voicemail messages', () => {
    it("keep the caller's name and number, and a box lists them newest first", async () => {
      const store = current();
      const { org, userBox } = await organisationWithBoxes(store);
      const older = await store.voicemail.create(org.id, {
        box: userBox,
        callId: null,
        fromNumber: '+46701234567',
        fromName: 'Bo Ek',
        durationMs: 4200,
        heard: false,
        createdAt: '2026-01-01T10:00:00+01:00',
      });
      const newer = await store.voicemail.create(org.id, {
        box: userBox,
        callId: null,
        fromNumber: '+46707654321',
        durationMs: 1500,
        heard: false,
        createdAt: '2026-01-02T09:00:00.000Z',
      });
      expect(older).toMatchObject({ fromName: 'Bo Ek', createdAt: '2026-01-01T09:00:00.000Z' });
      expect(newer.fromName).toBeNull();
      const named = await store.voicemail.create(org.id, {
        id: 'f3a1c2d4-0000-4000-8000-000000000001',
        box: userBox,
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 900,
        heard: true,
        createdAt: '2025-12-31T09:00:00.000Z',
      });
      expect(named.id).toBe('f3a1c2d4-0000-4000-8000-000000000001');
      expect(await store.voicemail.list(org.id, userBox)).toStrictEqual([newer, older, named]);
      expect(await store.voicemail.get(org.id, older.id)).toStrictEqual(older);
    });

    it('are marked read and unread again, and counted per box as new and saved', async () => {
      const store = current();
      const { org, userBox, groupBox } = await organisationWithBoxes(store);
      const at = '2026-01-01T00:00:00.000Z';
      const first = await store.voicemail.create(org.id, {
        box: userBox,
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1000,
        heard: false,
        createdAt: at,
      });
      await store.voicemail.create(org.id, {
        box: userBox,
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1000,
        heard: false,
        createdAt: at,
      });
      await store.voicemail.create(org.id, {
        box: groupBox,
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1000,
        heard: true,
        createdAt: at,
      });
      expect(await store.voicemail.setHeard(org.id, first.id, true)).toBe(true);
      expect((await store.voicemail.get(org.id, first.id))?.heard).toBe(true);
      const counts = await store.voicemail.counts(org.id);
      expect(counts).toHaveLength(2);
      expect(counts).toEqual(
        expect.arrayContaining([
          { box: userBox, newMessages: 1, savedMessages: 1 },
          { box: groupBox, newMessages: 0, savedMessages: 1 },
        ]),
      );
      expect(await store.voicemail.setHeard(org.id, first.id, false)).toBe(true);
      expect((await store.voicemail.get(org.id, first.id))?.heard).toBe(false);
      expect(await store.voicemail.setHeard(org.id, 'no-such-message', true)).toBe(false);
    });

    it('are linked from the call-log record of the call that left them', async () => {
      const store = current();
      const { org, userBox } = await organisationWithBoxes(store);
      const call = await store.calls.create(org.id, callAt('2026-01-01T10:00:00.000Z', { outcome: 'voicemail' }));
      expect(call.voicemailMessageId).toBeUndefined();
      const message = await store.voicemail.create(org.id, {
        box: userBox,
        callId: call.id,
        fromNumber: call.fromNumber,
        durationMs: 3000,
        heard: false,
        createdAt: call.startedAt,
      });
      await store.calls.update(org.id, { ...call, voicemailMessageId: message.id });
      expect((await store.calls.get(org.id, call.id))?.voicemailMessageId).toBe(message.id);
    });

    it('go with their box when the user is deleted', async () => {
      const store = current();
      const { org, user, userBox } = await organisationWithBoxes(store);
      const message = await store.voicemail.create(org.id, {
        box: userBox,
        callId: null,
        fromNumber: '+46701234567',
        durationMs: 1000,
        heard: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await store.voicemail.setPinHash(org.id, userBox, 'scrypt$hash', '2026-01-01T00:00:00.000Z');
      await store.voicemail.recordPinFailure(org.id, userBox, '2026-01-01T00:00:00.000Z');
      await store.users.delete(org.id, user.id);
      expect(await store.voicemail.get(org.id, message.id)).toBeNull();
      expect(await store.voicemail.getPinHash(org.id, userBox)).toBeNull();
      expect(await store.voicemail.boxesWithPin(org.id)).toEqual([]);
    });
  });

  describe('voicemail PINs', () => {
    it('are kept per box as the hash given, replaced by a new one, and listed', async () => {
      const store = current();
      const { org, userBox, groupBox } = await organisationWithBoxes(store);
      expect(await store.voicemail.getPinHash(org.id, userBox)).toBeNull();
      await store.voicemail.setPinHash(org.id, userBox, 'scrypt$first', '2026-01-01T00:00:00.000Z');
      await store.voicemail.setPinHash(org.id, userBox, 'scrypt$second', '2026-01-02T00:00:00.000Z');
      await store.voicemail.setPinHash(org.id, groupBox, 'scrypt$group', '2026-01-02T00:00:00.000Z');
      expect(await store.voicemail.getPinHash(org.id, userBox)).toBe('scrypt$second');
      expect(await store.voicemail.getPinHash(org.id, groupBox)).toBe('scrypt$group');
      expect(await store.voicemail.boxesWithPin(org.id)).toEqual(expect.arrayContaining([userBox, groupBox]));
    });

    it('count wrong attempts since a time, forget them on the right PIN, and when a new PIN is set', async () => {
      const store = current();
      const { org, userBox, groupBox } = await organisationWithBoxes(store);
      await store.voicemail.setPinHash(org.id, userBox, 'scrypt$pin', '2026-01-01T00:00:00.000Z');
      await store.voicemail.setPinHash(org.id, groupBox, 'scrypt$pin', '2026-01-01T00:00:00.000Z');
      for (const minute of [0, 10, 20])
        await store.voicemail.recordPinFailure(
          org.id,
          userBox,
          `2026-01-01T12:${String(minute).padStart(2, '0')}:00.000Z`,
        );
      await store.voicemail.recordPinFailure(org.id, groupBox, '2026-01-01T12:30:00.000Z');
      expect(await store.voicemail.pinFailures(org.id, userBox, '2026-01-01T12:05:00.000Z')).toEqual({
        count: 2,
        lastAt: '2026-01-01T12:20:00.000Z',
      });
      await store.voicemail.clearPinFailures(org.id, userBox);
      expect(await store.voicemail.pinFailures(org.id, userBox, '2026-01-01T00:00:00.000Z')).toEqual({
        count: 0,
        lastAt: null,
      });
      expect((await store.voicemail.pinFailures(org.id, groupBox, '2026-01-01T00:00:00.000Z')).count).toBe(1);
      await store.voicemail.setPinHash(org.id, groupBox, 'scrypt$new', '2026-01-01T13:00:00.000Z');
      expect((await store.voicemail.pinFailures(org.id, groupBox, '2026-01-01T00:00:00.000Z')).count).toBe(0);
    });

    it("never show one organisation another's box", async () => {
      const store = current();
      const { org, userBox } = await organisationWithBoxes(store);
      const other = await createOrganisation(store);
      await store.voicemail.setPinHash(org.id, userBox, 'scrypt$pin', '2026-01-01T00:00:00.000Z');
      await store.voicemail.recordPinFailure(org.id, userBox, '2026-01-01T12:00:00.000Z');
      expect(await store.voicemail.getPinHash(other.id, userBox)).toBeNull();
      expect(await store.voicemail.boxesWithPin(other.id)).toEqual([]);
      expect((await store.voicemail.pinFailures(other.id, userBox, '2026-01-01T00:00:00.000Z')).count).toBe(0);
      await expect(
        store.voicemail.setPinHash(other.id, userBox, 'scrypt$x', '2026-01-01T00:00:00.000Z'),
      ).rejects.toThrow();
    });
  });

  describe('the voicemail access', () => {
    it('is none for an organisation, and kept with its call-routing defaults', async () => {
      const store = current();
      const org = await createOrganisation(store);
      expect((await store.callRouting.getDefaults(org.id)).voicemailAccess).toBeNull();
      await store.callRouting.setDefaults(org.id, { ...factoryCallRoutingDefaults(), voicemailAccess: '199' });
      expect((await store.callRouting.getDefaults(org.id)).voicemailAccess).toBe('199');
    });
  });
}
