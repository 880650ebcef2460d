import { createRequest, createResponse, parseUri } from '@vaxel/sip';
import { openStore, type Store } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchDirectory } from '../../directory/switchDirectory.ts';
import { FakeDialog } from '../../signalling/fakeSignalling.ts';
import type { InviteHandlers, OutgoingInvite } from '../../signalling/signallingPort.ts';
import { flowCall, type TestCall } from '../testCall.ts';
import { ringUser } from './user.ts';

/** Bob's phone as the switch rings it: the test makes it ring and answer. */
class Phone {
  handlers: InviteHandlers | null = null;
  spec: OutgoingInvite | null = null;
  cancelled = false;
  respond(status: number, body = '') {
    const request = createRequest({
      method: 'INVITE',
      uri: parseUri('sip:bob@127.0.0.1:5070'),
      headers: [
        ['Via', 'SIP/2.0/UDP x;branch=z9hG4bKx'],
        ['From', '<sip:a@x>;tag=1'],
        ['To', '<sip:b@x>'],
        ['Call-ID', 'c'],
        ['CSeq', '1 INVITE'],
      ],
    });
    return createResponse(request, status, { toTag: 'bob', body });
  }
}

let store: Store;
let organisationId: string;
let bobId: string;
let phone: Phone;
let call: TestCall;

beforeEach(async () => {
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  organisationId = (
    await store.organisations.create({
      name: 'Acme AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
  const account = await store.accounts.create({ email: 'bob@acme.test', name: 'Bob', passwordHash: null });
  bobId = (
    await store.users.create(
      organisationId,
      {
        accountId: account.id,
        organisationId,
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
    )
  ).id;
  phone = new Phone();
  const signalling = {
    invite(spec: OutgoingInvite, handlers: InviteHandlers) {
      phone.spec = spec;
      phone.handlers = handlers;
      return { cancel: () => (phone.cancelled = true) };
    },
  };
  call = flowCall({ signalling });
  const now = call.services.clock.now();
  await store.registrations.upsert({
    organisationId,
    userId: bobId,
    contact: 'sip:bob@127.0.0.1:5070',
    source: 'udp:127.0.0.1:5070',
    userAgent: null,
    expiresAt: new Date(now + 600_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
  });
  call = {
    ...call,
    organisationId,
    services: {
      ...call.services,
      directory: new SwitchDirectory(store, { clock: call.services.clock, ttlMs: 0 }),
      signalling,
    },
  };
});
afterEach(async () => store.close());

const rung = async () => {
  await expect.poll(() => phone.handlers).not.toBeNull();
  return phone.handlers!;
};

describe('ringUser', () => {
  it('rings the user’s phone and relays its ringing to a caller still ringing', async () => {
    const result = ringUser.run(call, { type: 'user', userId: bobId }, 'routed');
    const handlers = await rung();
    expect(phone.spec).toMatchObject({ from: '"Alice" <sip:1001@127.0.0.1>', to: '<sip:1002@127.0.0.1>' });
    handlers.onProvisional(phone.respond(180));
    handlers.onAnswered(phone.respond(200, 'v=0 bob'), new FakeDialog());
    expect(await result).toMatchObject({ kind: 'connected', connection: { answeredByUserId: bobId } });
    expect(call.leg.rang).toBe(1);
    expect(call.notes).toContain('path user Bob');
  });

  it('plays ringback to a caller the switch answered, with no second answer, until the user answers', async () => {
    await call.leg.answer();
    const result = ringUser.run(call, { type: 'user', userId: bobId }, 'routed');
    const handlers = await rung();
    handlers.onProvisional(phone.respond(180));
    expect(call.leg.rang).toBe(0);
    expect(call.media.playbacks).toHaveLength(1);
    expect(call.media.playbacks[0]!.ended).toBe(false);
    handlers.onAnswered(phone.respond(200, 'v=0 bob'), new FakeDialog());
    expect(await result).toMatchObject({ kind: 'connected' });
    expect(call.leg.answers).toBe(1);
  });

  it('stops the ringback and follows the unanswered rule when the ring time runs out', async () => {
    await call.leg.answer();
    const result = ringUser.run(call, { type: 'user', userId: bobId }, 'routed');
    const handlers = await rung();
    handlers.onProvisional(phone.respond(180));
    const ringSeconds = (await call.services.directory.routing(organisationId, bobId)).ringSeconds;
    call.services.clock.advance(ringSeconds * 1000);
    // "Voicemail" in Bob's settings is Bob's box (routing/voicemailOwner.ts).
    expect(await result).toEqual({
      kind: 'next',
      destination: { type: 'voicemail', owner: { type: 'user', userId: bobId } },
      cause: 'unanswered',
    });
    expect(phone.cancelled).toBe(true);
    expect(call.media.playbacks[0]!.ended).toBe(true);
  });

  it('refuses with 482 a forward back to a user this call rang already', async () => {
    call.visitedUsers.add(bobId);
    expect(await ringUser.run(call, { type: 'user', userId: bobId }, 'unanswered')).toMatchObject({
      kind: 'end',
      cause: { refusal: { status: 482 } },
    });
  });
});
