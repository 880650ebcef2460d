import { factoryOutboundRules, type Prompt } from '@vaxel/domain';
import { describe, expect, it, vi } from 'vitest';
import { DigitQueue } from '../../flow/collectDigits.ts';
import { flowCall, type TestCall } from '../../flow/testCall.ts';
import type { FlowCaller } from '../../flow/step.ts';
import { ANSWER_TIMEOUT_MS, MAX_NUMBER_TRIES, requestCallback } from './requestCallback.ts';

const facts = { country: 'SE', rules: factoryOutboundRules(), organisationNumbers: ['+46812345600'] };
const outsideCaller: FlowCaller = { type: 'trunk', trunkId: 'trunk-1', number: '+46701234567', name: null };

/** A call whose prompts are texts: each playback is told apart by the text it speaks. */
function setUp(caller: FlowCaller = outsideCaller, language: 'sv' | 'en' = 'sv') {
  const texts: string[] = [];
  const call: TestCall = flowCall({
    prompts: {
      samples: async (_org: string, prompt: Prompt) => {
        if (prompt.type !== 'tts') throw new Error('only speech here');
        texts.push(prompt.text);
        return Int16Array.of(texts.length);
      },
    },
  });
  Object.assign(call, { caller, language });
  const keys = new DigitQueue(call.media);
  const result = requestCallback(call, keys, facts);
  let seen = 0;
  /** The next thing the caller hears, once it plays; `end` finishes it as the media would. */
  async function hears(): Promise<{ text: string; finish(): void }> {
    await vi.waitFor(() => expect(call.media.playbacks.length).toBeGreaterThan(seen));
    const playback = call.media.playbacks[seen++]!;
    const text = texts[playback.request.clips[0]![0]! - 1]!;
    return { text, finish: () => playback.end({ reason: 'finished' }) };
  }
  async function hearsWhole(): Promise<string> {
    const heard = await hears();
    heard.finish();
    return heard.text;
  }
  const press = (digits: string) => {
    for (const d of digits) call.media.press(d as '1');
  };
  return { call, result, hears, hearsWhole, press };
}

describe('requestCallback', () => {
  it("reads the caller's own number back in groups and takes 1 as the confirmation", async () => {
    const { result, hearsWhole, press } = setUp();
    expect(await hearsWhole()).toBe(
      'Vi ringer dig på 0 7 0, 1 2 3, 4 5, 6 7. Tryck 1 för att bekräfta, eller 2 för att ange ett annat nummer.',
    );
    press('1');
    expect(await hearsWhole()).toBe('Tack, vi ringer upp dig.');
    await expect(result).resolves.toEqual({ kind: 'confirmed', number: '+46701234567' });
  });

  it('takes 1 pressed during the question (barge-in)', async () => {
    const { result, hears, hearsWhole, press } = setUp();
    await hears();
    press('1');
    expect(await hearsWhole()).toBe('Tack, vi ringer upp dig.');
    await expect(result).resolves.toEqual({ kind: 'confirmed', number: '+46701234567' });
  });

  it('reads a typed number with the organisation’s country, reads it back and confirms it', async () => {
    const { result, hearsWhole, press } = setUp();
    await hearsWhole();
    press('2');
    expect(await hearsWhole()).toBe('Ange numret vi ska ringa dig på, avsluta med fyrkant.');
    press('0812345678#');
    expect(await hearsWhole()).toBe(
      'Vi ringer dig på 0 8, 1 2, 3 4, 5 6, 7 8. Tryck 1 för att bekräfta, eller 2 för att ange ett annat nummer.',
    );
    press('1');
    await hearsWhole();
    await expect(result).resolves.toEqual({ kind: 'confirmed', number: '+46812345678' });
  });

  it('goes straight to typing for a withheld number', async () => {
    const { result, hearsWhole, press } = setUp({ type: 'trunk', trunkId: 'trunk-1', number: 'anonymous', name: null });
    expect(await hearsWhole()).toBe('Ange numret vi ska ringa dig på, avsluta med fyrkant.');
    press('0701112233#');
    await hearsWhole();
    press('1');
    await hearsWhole();
    await expect(result).resolves.toEqual({ kind: 'confirmed', number: '+46701112233' });
  });

  it('refuses an emergency or forbidden number and asks again', async () => {
    const { result, hearsWhole, press } = setUp({ type: 'trunk', trunkId: 'trunk-1', number: 'anonymous', name: null });
    await hearsWhole();
    press('112#');
    expect(await hearsWhole()).toBe('Det numret kan vi inte ringa.');
    expect(await hearsWhole()).toBe('Ange numret vi ska ringa dig på, avsluta med fyrkant.');
    press('0939123456#');
    expect(await hearsWhole()).toBe('Det numret kan vi inte ringa.');
    await hearsWhole();
    press('0701112233#');
    expect(await hearsWhole()).toMatch(/^Vi ringer dig på 0 7 0, 1 1 1, 2 2, 3 3\./);
    press('1');
    await hearsWhole();
    await expect(result).resolves.toEqual({ kind: 'confirmed', number: '+46701112233' });
  });

  it(`sends the caller back to waiting after ${MAX_NUMBER_TRIES} refused numbers`, async () => {
    const { result, hearsWhole, press } = setUp({ type: 'trunk', trunkId: 'trunk-1', number: 'anonymous', name: null });
    for (let i = 0; i < MAX_NUMBER_TRIES; i++) {
      await hearsWhole();
      press('112#');
      expect(await hearsWhole()).toBe('Det numret kan vi inte ringa.');
    }
    expect(await hearsWhole()).toBe('Du är kvar i kön.');
    await expect(result).resolves.toEqual({ kind: 'stillQueued' });
  });

  it('sends a caller who answers nothing back to waiting', async () => {
    const { call, result, hearsWhole } = setUp();
    await hearsWhole();
    await vi.waitFor(() => expect(call.services.clock.pendingTimers).toBeGreaterThan(0));
    call.services.clock.advance(ANSWER_TIMEOUT_MS);
    expect(await hearsWhole()).toBe('Du är kvar i kön.');
    await expect(result).resolves.toEqual({ kind: 'stillQueued' });
  });

  it('ends with nothing confirmed when the caller hangs up while typing', async () => {
    const { call, result, hearsWhole, press } = setUp();
    await hearsWhole();
    press('2');
    await hearsWhole();
    press('0701');
    call.abortController.abort('hangup');
    await expect(result).resolves.toEqual({ kind: 'hungUp' });
  });

  it('speaks English in an English-speaking organisation', async () => {
    const { call, hearsWhole, press, result } = setUp(outsideCaller, 'en');
    expect(await hearsWhole()).toBe(
      'We will call you on 0 7 0, 1 2 3, 4 5, 6 7. Press 1 to confirm, or 2 to enter another number.',
    );
    press('2');
    expect(await hearsWhole()).toBe('Enter the number we should call you on, followed by hash.');
    call.abortController.abort('hangup');
    await expect(result).resolves.toEqual({ kind: 'hungUp' });
  });
});
