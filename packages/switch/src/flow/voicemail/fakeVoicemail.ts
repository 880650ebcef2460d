/**
 * What unit tests of the voicemail flows share: a real store in memory (SQLite: the same queries
 * as production, no fake repository to drift), a file store in memory, a notifier that keeps what
 * it was asked, and the fakes of media, caller leg, prompts and call log. Not used by production code.
 */
import { factoryResponseGroupSettings, type Language } from '@vaxel/domain';
import { openStore, type FileStore, type FileWriter, type Store } from '@vaxel/store';
import { FakeClock } from '@vaxel/testing';
import { StoreAgentLogins } from '../agentLogin/agentLogins.ts';
import { FakeCallerLeg, FakeCallMedia } from '../fakes.ts';
import { FakeCallLog, FakeLogger, FakePromptAudio } from '../fakeServices.ts';
import { LocalPresence } from '../../call/presence.ts';
import { SwitchDirectory } from '../../directory/switchDirectory.ts';
import type { FlowCall, FlowCaller } from '../step.ts';
import { testQueues } from '../testCall.ts';
import type { VoicemailNotification, VoicemailNotifier } from './notifier.ts';
import { VoicemailDirectory } from './voicemailDirectory.ts';

export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, Buffer>();
  async put(key: string, data: Buffer): Promise<void> {
    this.files.set(key, Buffer.from(data));
  }
  async get(key: string): Promise<Buffer | null> {
    return this.files.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
  async openWriter(key: string): Promise<FileWriter> {
    if (this.files.has(key)) throw new Error(`${key} exists`);
    this.files.set(key, Buffer.alloc(0));
    return {
      write: async (data, position) => {
        const current = this.files.get(key) ?? Buffer.alloc(0);
        const next = Buffer.alloc(Math.max(current.length, position + data.byteLength));
        current.copy(next);
        Buffer.from(data).copy(next, position);
        this.files.set(key, next);
      },
      sync: async () => {},
      close: async () => {},
    };
  }
}

export class FakeVoicemailNotifier implements VoicemailNotifier {
  readonly sent: VoicemailNotification[] = [];
  fail = false;
  async notify(notification: VoicemailNotification): Promise<void> {
    if (this.fail) throw new Error('mail server down');
    this.sent.push(notification);
  }
}

/** An organisation with a user (Anna, 201), a colleague (Bo, 202) and a group (Support, 7) supervised by Bo. */
export async function voicemailWorld(language: Language = 'en') {
  const store: Store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  const org = await store.organisations.create({
    name: 'Acme',
    timeZone: 'Europe/Stockholm',
    language,
    country: 'SE',
    package: 'unlimited',
  });
  const person = async (name: string, extension: string) => {
    const account = await store.accounts.create({ email: `${extension}@acme.test`, name, passwordHash: null });
    return store.users.create(
      org.id,
      {
        organisationId: org.id,
        accountId: account.id,
        name,
        email: `${extension}@acme.test`,
        licence: 'pro',
        permissions: [],
        extension,
        mobileNumber: null,
        landlineNumber: null,
        sipUsername: `acme${extension}`,
        sipHa1Md5: null,
        sipHa1Sha256: null,
      },
      [],
    );
  };
  const anna = await person('Anna Berg', '201');
  const bo = await person('Bo Ek', '202');
  await store.numbers.allocate(org.id, [{ number: '+46812340007', type: 'landline' }]);
  const group = await store.responseGroups.create(org.id, {
    name: 'Support',
    number: '+46812340007',
    billingNumber: '+46812340007',
    numericId: '7',
    agents: [],
    supervisorIds: [bo.id],
    settings: {
      ...factoryResponseGroupSettings(),
      voicemail: { enabled: true, greeting: null, notifyUserIds: [anna.id] },
    },
  });
  const files = new MemoryFileStore();
  const notifier = new FakeVoicemailNotifier();
  const clock = new FakeClock(Date.parse('2026-12-01T13:32:00.000Z'));

  /** A call as a step sees it; `caller` defaults to an outside caller through a trunk. */
  const call = (caller: FlowCaller = { type: 'trunk', trunkId: 't1', number: '+46701234567', name: 'Carl Caller' }) => {
    const media = new FakeCallMedia();
    const leg = new FakeCallerLeg();
    const log = new FakeCallLog();
    const logger = new FakeLogger();
    const prompts = new FakePromptAudio();
    const hangUp = new AbortController();
    const directory = new SwitchDirectory(store, { clock, ttlMs: 0 });
    const presence = new LocalPresence(clock);
    const flowCall: FlowCall = {
      id: 'call-1',
      organisationId: org.id,
      language,
      caller,
      arrival: { dialled: '+46812340001', diversions: 0 },
      leg,
      media,
      log,
      abort: hangUp.signal,
      visitedUsers: new Set<string>(),
      services: {
        directory,
        signalling: { invite: () => ({ cancel() {} }) },
        presence,
        queues: testQueues(directory, presence, clock),
        advertisedAddress: '127.0.0.1',
        prompts,
        logger,
        files,
        clock,
        voicemail: { directory: new VoicemailDirectory(store), messages: store.voicemail, notifier },
        recordings: store.recordings,
        agentLogins: new StoreAgentLogins({ store, clock, logger, settingsChanged: () => {} }),
        callbacks: { request: () => Promise.reject(new Error('callbacks are not part of this test')) },
        securityLog: { record() {} },
        tollGuard: { admit: () => Promise.reject(new Error('outbound calls are not part of this test')) },
      },
    };
    return { call: flowCall, media, leg, log, logger, prompts, hangUp };
  };
  return { store, org, anna, bo, group, files, notifier, clock, call, close: () => store.close() };
}

/**
 * Waits until `condition` holds, turning the event loop (real work such as a PIN's scrypt runs
 * on libuv's pool meanwhile); gives up after 5 s of wall time.
 */
export async function until(condition: () => boolean | undefined): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition not reached');
}
