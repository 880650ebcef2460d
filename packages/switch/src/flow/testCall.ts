/**
 * A FlowCall (and FlowSession) of fakes for unit tests of steps and of the loop: FakeCallMedia,
 * FakeCallerLeg, a FakeClock, a presence that counts. Not used by production code.
 */
import { PromptUnavailable } from '@vaxel/domain';
import { FakeClock } from '@vaxel/testing';
import { LocalPresence } from '../call/presence.ts';
import { AgentStates } from '../queue/agentStates.ts';
import { Queues } from '../queue/queues.ts';
import { TollGuard } from '../security/tollGuard.ts';
import type { Clock } from '../kernel/clock.ts';
import { SwitchDirectory, type DirectoryStore } from '../directory/switchDirectory.ts';
import type { Repositories } from '@vaxel/store';
import type { CallDialog } from '../signalling/signallingPort.ts';
import { VoicemailDirectory } from './voicemail/voicemailDirectory.ts';
import { FakeCallerLeg, FakeCallMedia } from './fakes.ts';
import type { FlowSession } from './runFlow.ts';
import type { CallLogNotes, FlowServices } from './step.ts';

export interface TestCall extends FlowSession {
  readonly leg: FakeCallerLeg;
  readonly media: FakeCallMedia;
  readonly notes: string[];
  readonly services: FlowServices & { clock: FakeClock };
  readonly abortController: AbortController;
  /** What the caller's dialog is once answered; tests of the bridge set it. */
  callerDialog: CallDialog | null;
}

/** A directory whose store refuses every read: for steps that must not read settings. */
function storeNotInTest(): DirectoryStore & Pick<Repositories, 'voicemail'> {
  const refuse = (name: string) => () => Promise.reject(new Error(`the store is not part of this test (${name})`));
  return new Proxy(
    {},
    {
      get: (_t, repository) =>
        new Proxy({}, { get: (_r, method) => refuse(`${String(repository)}.${String(method)}`) }),
    },
  ) as DirectoryStore & Pick<Repositories, 'voicemail'>;
}

/** The queues of one test, over its directory, presence and clock. */
export function testQueues(
  directory: SwitchDirectory,
  presence: LocalPresence | FlowServices['presence'],
  clock: Clock,
): Queues {
  return new Queues({
    directory,
    agents: new AgentStates(presence, clock),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

export function flowCall(overrides: Partial<FlowServices> = {}): TestCall {
  const notes: string[] = [];
  const abortController = new AbortController();
  const log: CallLogNotes = {
    path: (step) => notes.push(`path ${step.type} ${step.name}`),
    ivrMenu: (id) => notes.push(`ivrMenu ${id}`),
    voicemailLeft: (id) => notes.push(`voicemail ${id}`),
    recording: (id) => notes.push(`recording ${id}`),
    presented: (number) => notes.push(`presented ${number}`),
    queueWait: (seconds) => notes.push(`queueWait ${seconds}`),
  };
  const clock = new FakeClock(Date.parse('2026-12-02T10:00:00Z'));
  const directory = overrides.directory ?? new SwitchDirectory(storeNotInTest(), { clock, ttlMs: 0 });
  const presence = overrides.presence ?? new LocalPresence(clock);
  const services = {
    directory,
    prompts: {
      samples: async (_organisationId: string, prompt: Parameters<FlowServices['prompts']['samples']>[1]) =>
        Promise.reject(new PromptUnavailable(prompt, 'not in this test')),
    },
    files: {
      put: async () => {},
      get: async () => null,
      delete: async () => {},
      openWriter: async () => Promise.reject(new Error('not in this test')),
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    signalling: { invite: () => ({ cancel() {} }) },
    presence,
    queues: testQueues(directory, presence, clock),
    advertisedAddress: '127.0.0.1',
    recordings: {
      create: () => Promise.reject(new Error('recordings are not part of this test')),
      finish: () => Promise.reject(new Error('recordings are not part of this test')),
      delete: () => Promise.reject(new Error('recordings are not part of this test')),
    },
    voicemail: {
      directory: new VoicemailDirectory(storeNotInTest()),
      messages: storeNotInTest().voicemail,
      notifier: null,
    },
    agentLogins: {
      groups: () => Promise.reject(new Error('agent logins are not part of this test')),
      set: () => Promise.reject(new Error('agent logins are not part of this test')),
      changed: () => {},
    },
    callbacks: { request: () => Promise.reject(new Error('callbacks are not part of this test')) },
    securityLog: { record() {} },
    // The real gate over a store with no block: steps see the organisation's rules and limits obeyed.
    tollGuard: new TollGuard({
      blocks: { get: async () => null, set: async () => {} },
      securityLog: { record() {} },
      notifier: null,
      now: () => clock.now(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    }),
    ...overrides,
    clock,
  };
  const leg = new FakeCallerLeg();
  return {
    id: 'call-1',
    organisationId: 'org-1',
    language: 'sv',
    caller: { type: 'user', userId: 'u1', extension: '1001', number: '1001', name: 'Alice' },
    arrival: { dialled: '1002', diversions: 0 },
    leg,
    media: new FakeCallMedia(),
    log,
    notes,
    abort: abortController.signal,
    abortController,
    visitedUsers: new Set(),
    services,
    callerDialog: null,
    routing: () => notes.push('routing'),
    bridged: (userId) => notes.push(`bridged ${userId}`),
  };
}
