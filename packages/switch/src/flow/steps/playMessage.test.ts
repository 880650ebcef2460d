import type { Prompt } from '@vaxel/domain';
import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { FakeCallMedia } from '../fakes.ts';
import { FakeLogger, FakePromptAudio } from '../fakeServices.ts';
import type { DestinationCause } from '../step.ts';
import { MESSAGE_TAIL_MS, playMessage, type MessageCall } from './playMessage.ts';

const message: Prompt = { type: 'tts', text: 'This number is not in use.', language: 'en-GB' };

function setUp() {
  const media = new FakeCallMedia();
  const clock = new FakeClock();
  const prompts = new FakePromptAudio();
  const logger = new FakeLogger();
  const hangUp = new AbortController();
  const call: MessageCall = {
    organisationId: 'org-1',
    media,
    abort: hangUp.signal,
    services: { prompts, logger, clock },
  };
  return { media, clock, prompts, logger, hangUp, call };
}

/** Waits (a bounded number of event-loop turns, no timer) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('playMessage', () => {
  it('plays the prompt to the caller in full, a key not cutting it short', async () => {
    const { media, clock, call } = setUp();
    const ended = playMessage.run(call, { type: 'playMessage', prompt: message }, 'routed');
    await until(() => media.playbacks.length === 1);
    expect(media.playbacks[0]!.side).toBe('caller');
    expect(media.playbacks[0]!.request.bargeIn).toBe(false);
    expect(media.playedClips()).toEqual([FakePromptAudio.clipOf(message.text)]);
    media.press('1');
    expect(media.playbacks[0]!.ended).toBe(false);
    media.playbacks[0]!.end({ reason: 'finished' });
    await until(() => clock.pendingTimers === 1);
    clock.advance(MESSAGE_TAIL_MS);
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'answered' } });
  });

  it('hangs up only after a moment of silence, so the last word is not cut', async () => {
    const { media, clock, call } = setUp();
    let done = false;
    const ended = playMessage
      .run(call, { type: 'playMessage', prompt: message }, 'routed')
      .then((r) => ((done = true), r));
    await until(() => media.playbacks.length === 1);
    media.playbacks[0]!.end({ reason: 'finished' });
    await until(() => clock.pendingTimers === 1);
    clock.advance(MESSAGE_TAIL_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    clock.advance(1);
    await ended;
  });

  it.each([
    ['routed', 'answered'],
    ['unanswered', 'missed'],
    ['busy', 'busy'],
    ['rejected', 'rejected'],
  ] as const)(
    'after a call sent to it as %s, ends the call with the outcome %s',
    async (cause: DestinationCause, outcome) => {
      const { media, clock, call } = setUp();
      media.autoFinish = true;
      const ended = playMessage.run(call, { type: 'playMessage', prompt: message }, cause);
      await until(() => clock.pendingTimers === 1);
      clock.advance(MESSAGE_TAIL_MS);
      await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome } });
    },
  );

  it('keeps the outcome when the caller hangs up during the message (a missed call stays missed)', async () => {
    const { media, hangUp, call } = setUp();
    const ended = playMessage.run(call, { type: 'playMessage', prompt: message }, 'unanswered');
    await until(() => media.playbacks.length === 1);
    hangUp.abort('caller');
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'missed' } });
  });

  it('ends as a shutdown when the switch stops during the message', async () => {
    const { media, hangUp, call } = setUp();
    const ended = playMessage.run(call, { type: 'playMessage', prompt: message }, 'routed');
    await until(() => media.playbacks.length === 1);
    hangUp.abort('shutdown');
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'shutdown' } });
  });

  it('plays nothing and ends when the prompt is unavailable, saying so in the log', async () => {
    const { media, prompts, logger, clock, call } = setUp();
    prompts.missing.add('deleted-file');
    const ended = playMessage.run(
      call,
      { type: 'playMessage', prompt: { type: 'audioFile', audioFileId: 'deleted-file' } },
      'rejected',
    );
    await expect(ended).resolves.toEqual({ kind: 'end', cause: { by: 'flow', outcome: 'rejected' } });
    expect(media.playbacks).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'prompt unavailable, not played',
        details: expect.objectContaining({ audioFileId: 'deleted-file' }),
      }),
    );
  });
});
