import { describe, expect, it } from 'vitest';
import type { PhoneNumber } from './organisation.ts';
import {
  parseVoicemailBoxId,
  pinLockedUntil,
  voicemailAccessProblem,
  voicemailBoxId,
  VoicemailPin,
  voicemailPinThrottle,
} from './voicemail.ts';

describe('voicemail box ids', () => {
  it('name the owner and read back to it', () => {
    expect(voicemailBoxId({ type: 'user', userId: 'a1b2' })).toBe('user-a1b2');
    expect(parseVoicemailBoxId('user-0e7c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b')).toEqual({
      type: 'user',
      userId: '0e7c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(parseVoicemailBoxId(voicemailBoxId({ type: 'responseGroup', responseGroupId: 'g-7' }))).toEqual({
      type: 'responseGroup',
      responseGroupId: 'g-7',
    });
  });

  it('are refused when they name no kind of box', () => {
    expect(parseVoicemailBoxId('team-abc')).toBeNull();
    expect(parseVoicemailBoxId('user-')).toBeNull();
    expect(parseVoicemailBoxId('user-a/b')).toBeNull();
  });
});

describe('a voicemail PIN', () => {
  it.each(['1234', '00000000', '13579'])('may be %s', (pin) => expect(VoicemailPin.safeParse(pin).success).toBe(true));
  it.each(['123', '123456789', '12a4', ' 1234', ''])('may not be "%s"', (pin) =>
    expect(VoicemailPin.safeParse(pin).success).toBe(false),
  );
});

describe('the voicemail access', () => {
  const numbers = new Map<string, PhoneNumber>([
    ['+46812345670', { number: '+46812345670', type: 'landline', organisationId: 'o', assignment: null }],
    [
      '+46812345671',
      {
        number: '+46812345671',
        type: 'landline',
        organisationId: 'o',
        assignment: { type: 'responseGroup', responseGroupId: 'g', name: 'Support' },
      },
    ],
  ]);
  const facts = { numbers, userExtensions: new Map([['201', 'Anna Berg']]), country: 'SE' };

  it('may be a free number of the organisation or an extension nobody has', () => {
    expect(voicemailAccessProblem('+46812345670', facts)).toBeNull();
    expect(voicemailAccessProblem('299', facts)).toBeNull();
  });

  it('may not be a number the organisation does not have, or one assigned to something', () => {
    expect(voicemailAccessProblem('+46812345679', facts)).toMatch(/not one of the organisation's numbers/);
    expect(voicemailAccessProblem('+46812345671', facts)).toMatch(/already assigned to Support/);
  });

  it("may not be a user's extension or an emergency number", () => {
    expect(voicemailAccessProblem('201', facts)).toMatch(/extension of Anna Berg/);
    expect(voicemailAccessProblem('112', facts)).toMatch(/emergency number/);
  });
});

describe('PIN entry on a box', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

  it('is open below the limit of failures', () => {
    expect(pinLockedUntil({ count: voicemailPinThrottle.maxFailures - 1, lastAt: minutesAgo(0) }, now)).toBeNull();
  });

  it('is closed for 15 minutes after the tenth failure within the hour', () => {
    expect(pinLockedUntil({ count: 10, lastAt: minutesAgo(5) }, now)?.toISOString()).toBe('2026-01-01T12:10:00.000Z');
  });

  it('opens again 15 minutes after the last failure', () => {
    expect(pinLockedUntil({ count: 10, lastAt: minutesAgo(15) }, now)).toBeNull();
  });
});
