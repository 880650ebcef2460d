import type { ResponseGroup } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { FakePromptAudio } from '../fakeServices.ts';
import { MESSAGE_TAIL_MS } from '../steps/playMessage.ts';
import { flowCall } from '../testCall.ts';
import { agentLogin } from './agentLogin.ts';
import { parseAgentLoginCode } from './agentLoginEntry.ts';
import type { AgentLoginChange, AgentLogins } from './agentLogins.ts';
import { testGroup } from './testGroups.ts';

/** Agent logins in memory: the groups as given, every change and every "settings changed" kept. */
class MemoryAgentLogins implements AgentLogins {
  readonly changes: AgentLoginChange[] = [];
  readonly told: string[] = [];
  failOn: string | null = null;
  constructor(public groupList: ResponseGroup[]) {}
  async groups(): Promise<ResponseGroup[]> {
    return this.groupList;
  }
  async set(change: AgentLoginChange): Promise<void> {
    if (change.group.id === this.failOn) throw new Error('database is locked');
    this.changes.push(change);
  }
  changed(organisationId: string): void {
    this.told.push(organisationId);
  }
}

/** A call from user u1's phone that dialled `dialled`; the fake media finishes every playback at once. */
function dial(dialled: string, logins: MemoryAgentLogins, language: 'sv' | 'en' = 'sv') {
  const prompts = new FakePromptAudio();
  const call = { ...flowCall({ agentLogins: logins, prompts }), language };
  call.media.autoFinish = true;
  const entry = parseAgentLoginCode(dialled);
  if (!entry) throw new Error(`${dialled} is no agent login code`);
  const clock = call.services.clock;
  const run = agentLogin(call, { entry, sourceAddress: '192.0.2.10' });
  return { call, prompts, clock, run };
}

/** Runs the flow to its end: once it waits on the clock (the pause after the confirmation), that pause passes. */
async function finish(flow: ReturnType<typeof dial>) {
  let ended = false;
  void flow.run.finally(() => (ended = true));
  while (!ended && flow.clock.pendingTimers === 0) await new Promise((r) => setImmediate(r));
  flow.clock.advance(MESSAGE_TAIL_MS);
  return flow.run;
}

const support = () =>
  testGroup('Support', '12', [
    ['u1', false],
    ['u2', true],
  ]);
const sales = () => testGroup('Sales', '13', [['u1', true]]);

describe('agentLogin', () => {
  it('answers, logs the user in to the group of the numeric ID, tells the switch, confirms it and hangs up', async () => {
    const logins = new MemoryAgentLogins([support(), sales()]);
    const flow = dial('*4512', logins);
    expect(await finish(flow)).toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
    expect(flow.call.leg.answered).toBe(true);
    expect(logins.changes.map((c) => [c.group.name, c.userId, c.loggedIn, c.code, c.sourceAddress])).toEqual([
      ['Support', 'u1', true, '*4512', '192.0.2.10'],
    ]);
    expect(logins.told).toEqual(['org-1']);
    expect(flow.prompts.requested).toEqual([{ type: 'tts', text: 'Du är inloggad i Support.', language: 'sv-SE' }]);
    expect(flow.call.media.playbacks[0]?.request.clips).toEqual([FakePromptAudio.clipOf('Du är inloggad i Support.')]);
  });

  it('logs the user out of every group they are an agent of with *46 alone, naming them', async () => {
    const logins = new MemoryAgentLogins([support(), sales(), testGroup('Billing', '14', [['u2', true]])]);
    const flow = dial('*46', logins, 'en');
    await finish(flow);
    expect(logins.changes.map((c) => [c.group.name, c.loggedIn])).toEqual([
      ['Sales', false],
      ['Support', false],
    ]);
    expect(flow.prompts.requested).toEqual([
      { type: 'tts', text: 'You are logged out of Sales and Support.', language: 'en-GB' },
    ]);
  });

  it('changes nothing and says so for a numeric ID of a group the user is not an agent of', async () => {
    const logins = new MemoryAgentLogins([support(), testGroup('Billing', '14', [['u2', true]])]);
    const flow = dial('*4514', logins);
    expect(await finish(flow)).toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
    expect(logins.changes).toEqual([]);
    expect(logins.told).toEqual([]);
    expect(flow.prompts.requested).toEqual([{ type: 'tts', text: 'Du är inte agent i grupp 14.', language: 'sv-SE' }]);
  });

  it('says the login could not be changed when the store fails, and still tells the switch of the groups changed before', async () => {
    const logins = new MemoryAgentLogins([support(), sales()]);
    logins.failOn = support().id;
    const flow = dial('*45', logins);
    await finish(flow);
    expect(logins.changes.map((c) => c.group.name)).toEqual(['Sales']);
    expect(logins.told).toEqual(['org-1']);
    expect(flow.prompts.requested).toEqual([
      { type: 'tts', text: 'Inloggningen kunde inte ändras. Försök igen om en stund.', language: 'sv-SE' },
    ]);
  });

  it('ends as the caller hanging up when the phone hangs up during the confirmation', async () => {
    const logins = new MemoryAgentLogins([support()]);
    const prompts = new FakePromptAudio();
    const call = flowCall({ agentLogins: logins, prompts });
    const run = agentLogin(call, { entry: parseAgentLoginCode('*4512')!, sourceAddress: '192.0.2.10' });
    for (let i = 0; i < 5 && call.media.playbacks.length === 0; i++) await new Promise((r) => setImmediate(r));
    call.abortController.abort('caller');
    expect(await run).toEqual({ kind: 'end', cause: { by: 'caller' } });
    expect(logins.changes).toHaveLength(1);
  });
});
