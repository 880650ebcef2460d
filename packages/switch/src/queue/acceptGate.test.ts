import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { FakeCallMedia } from '../flow/fakes.ts';
import type { InfoAnswer, InfoRequest } from '../signalling/signallingPort.ts';
import { ACCEPT_TIMEOUT_MS, acceptGate, acceptPrompt, gateAudio } from './acceptGate.ts';

/** The mobile's dialog as the gate sees it: the test hangs it up or sends SIP INFO on it. */
class FakeMobileLeg {
  #bye = () => {};
  #info: (info: InfoRequest) => InfoAnswer = () => ({ status: 200 });
  onBye(handler: () => void): void {
    this.#bye = handler;
  }
  onInfo(handler: (info: InfoRequest) => InfoAnswer): void {
    this.#info = handler;
  }
  hangUp(): void {
    this.#bye();
  }
  info(body: string): InfoAnswer {
    return this.#info({ contentType: 'application/dtmf-relay', body, infoPackage: null });
  }
}

function setup() {
  const media = new FakeCallMedia();
  const clock = new FakeClock();
  const leg = new FakeMobileLeg();
  const offer = new AbortController();
  const audio = gateAudio([new Int16Array(800).fill(1000)]);
  const decision = acceptGate({ media, services: { clock } }, leg, { audio, signal: offer.signal });
  return { media, clock, leg, offer, audio, decision };
}

describe('the press-1 gate of a mobile agent', () => {
  it('plays the prompt to the mobile side in a loop, stops it and accepts when 1 is pressed there', async () => {
    const { media, decision, audio } = setup();
    expect(media.playbacks).toHaveLength(1);
    expect(media.playbacks[0]).toMatchObject({ side: 'callee', request: { clips: [audio], loop: true } });
    media.press('1', 'callee');
    expect(await decision).toEqual({ accepted: true });
    expect(media.commands).toContain('stopPlaying:callee');
  });

  it('accepts a 1 sent by SIP INFO on the mobile leg', async () => {
    const { leg, decision } = setup();
    expect(leg.info('Signal=1\r\nDuration=160\r\n').status).toBe(200);
    expect(await decision).toEqual({ accepted: true });
  });

  it('refuses another key', async () => {
    const { media, decision } = setup();
    media.press('5', 'callee');
    expect(await decision).toEqual({ accepted: false, reason: 'otherKey', key: '5' });
  });

  it("ignores the caller's keys: a 1 on the caller side does not accept for the agent", async () => {
    const { media, clock, decision } = setup();
    media.press('1', 'caller');
    clock.advance(ACCEPT_TIMEOUT_MS);
    expect(await decision).toEqual({ accepted: false, reason: 'noKey' });
  });

  it('accepts a 1 pressed just before the time runs out', async () => {
    const { media, clock, decision } = setup();
    clock.advance(ACCEPT_TIMEOUT_MS - 1);
    media.press('1', 'callee');
    expect(await decision).toEqual({ accepted: true });
  });

  it('refuses when no key comes within the time (a voicemail that answered), and stops the prompt', async () => {
    const { media, clock, decision } = setup();
    clock.advance(ACCEPT_TIMEOUT_MS);
    media.press('1', 'callee');
    expect(await decision).toEqual({ accepted: false, reason: 'noKey' });
    expect(media.playbacks[0]!.ended).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses when the mobile hangs up', async () => {
    const { leg, decision } = setup();
    leg.hangUp();
    expect(await decision).toEqual({ accepted: false, reason: 'hungUp' });
  });

  it('stops waiting when the offer ends (another agent answered), leaving the callee side to the winner', async () => {
    const { media, offer, clock, decision } = setup();
    offer.abort();
    expect(await decision).toEqual({ accepted: false, reason: 'stopped' });
    expect(media.commands).not.toContain('stopPlaying:callee');
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('what the mobile hears', () => {
  it("names the group in the organisation's language", () => {
    expect(acceptPrompt('sv', 'Support')).toEqual({
      type: 'tts',
      text: 'Samtal till Support. Tryck 1 för att svara.',
      language: 'sv-SE',
    });
    expect(acceptPrompt('en', 'Support')).toEqual({
      type: 'tts',
      text: 'Call for Support. Press 1 to answer.',
      language: 'en-GB',
    });
  });

  it('is the speech followed by a pause, or beeps when there is no speech', () => {
    const speech = new Int16Array(8000).fill(500);
    const looped = gateAudio([speech]);
    expect(looped.length).toBeGreaterThan(speech.length);
    expect([...looped.subarray(0, speech.length)].every((s) => s === 500)).toBe(true);
    expect([...looped.subarray(speech.length)].every((s) => s === 0)).toBe(true);
    const beeps = gateAudio([]);
    expect(beeps.some((s) => Math.abs(s) > 1000)).toBe(true);
  });
});
