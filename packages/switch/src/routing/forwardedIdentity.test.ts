import { describe, expect, it } from 'vitest';
import {
  divertingNumber,
  diversionReason,
  diversionsSoFar,
  formatDiversion,
  forwardedIdentity,
  type DiversionSource,
  type ForwardFacts,
} from './forwardedIdentity.ts';

const facts = (over: Partial<ForwardFacts> = {}): ForwardFacts => ({
  originalCaller: '+46701234567',
  divertingNumber: '+46812345678',
  organisationNumber: '+46810000000',
  cause: 'unanswered',
  earlierDiversions: 0,
  ...over,
});

describe('forwardedIdentity on a trunk that passes the original caller on', () => {
  it('keeps the original caller and names the diverting number in a Diversion', () => {
    expect(forwardedIdentity(facts(), 'original_with_diversion')).toEqual({
      callerNumber: '+46701234567',
      diversion: { number: '+46812345678', reason: 'no-answer', counter: 1 },
    });
  });

  it('presents the diverting number itself when the caller is anonymous or not a number', () => {
    expect(forwardedIdentity(facts({ originalCaller: null }), 'original_with_diversion')).toEqual({
      callerNumber: '+46812345678',
      diversion: null,
    });
    expect(forwardedIdentity(facts({ originalCaller: 'anonymous' }), 'original_with_diversion')).toEqual({
      callerNumber: '+46812345678',
      diversion: null,
    });
  });

  it('presents the organisation number when nothing of the organisation was dialled', () => {
    expect(forwardedIdentity(facts({ divertingNumber: null }), 'original_with_diversion')).toEqual({
      callerNumber: '+46810000000',
      diversion: null,
    });
  });

  it('has nothing to present without any number', () => {
    expect(
      forwardedIdentity(
        facts({ originalCaller: null, divertingNumber: null, organisationNumber: null }),
        'original_with_diversion',
      ),
    ).toBeNull();
  });

  it('counts on from the diversions the call came with', () => {
    expect(forwardedIdentity(facts({ earlierDiversions: 2 }), 'original_with_diversion')?.diversion?.counter).toBe(3);
  });

  it('maps why the call moved on to the RFC 5806 reasons', () => {
    expect([
      diversionReason('unanswered'),
      diversionReason('busy'),
      diversionReason('rejected'),
      diversionReason('routed'),
    ]).toEqual(['no-answer', 'user-busy', 'deflection', 'unconditional']);
  });
});

describe('forwardedIdentity on a trunk that presents the organisation’s number', () => {
  const organisationNumber = (over: Partial<ForwardFacts> = {}) =>
    forwardedIdentity(facts(over), 'organisation_number');

  it('presents the diverting number instead of the original caller, without a Diversion', () => {
    expect(organisationNumber()).toEqual({ callerNumber: '+46812345678', diversion: null });
  });

  it('presents the organisation’s main number when nothing of the organisation was dialled and the forwarding user has no number', () => {
    expect(organisationNumber({ divertingNumber: null })).toEqual({ callerNumber: '+46810000000', diversion: null });
    expect(organisationNumber({ divertingNumber: '1002' })).toEqual({ callerNumber: '+46810000000', diversion: null });
  });

  it('has nothing to present when the organisation has no number, even with a caller’s number at hand', () => {
    expect(organisationNumber({ divertingNumber: null, organisationNumber: null })).toBeNull();
  });
});

describe('whose number a forward was diverted from', () => {
  const main = '+46810000000';
  const bobs = { landlineNumber: '+46812345678', mobileNumber: '+46701234500' };
  const source = (over: Partial<DiversionSource> = {}): DiversionSource => ({
    dialled: main,
    organisationNumbers: [main, bobs.landlineNumber, bobs.mobileNumber],
    lastUser: bobs,
    cause: 'unanswered',
    ...over,
  });

  it('is the forwarding user’s own number when their rule sent the call on, though the caller dialled a menu’s number', () => {
    expect(divertingNumber(source())).toBe(bobs.landlineNumber);
    expect(
      divertingNumber(source({ cause: 'busy', lastUser: { landlineNumber: null, mobileNumber: bobs.mobileNumber } })),
    ).toBe(bobs.mobileNumber);
  });

  it('is the number dialled when routing sent the call on, or when the forwarding user has no number of the organisation', () => {
    expect(divertingNumber(source({ cause: 'routed' }))).toBe(main);
    expect(divertingNumber(source({ lastUser: { landlineNumber: null, mobileNumber: '+46709999999' } }))).toBe(main);
    expect(divertingNumber(source({ lastUser: null }))).toBe(main);
  });

  it('is none when neither the number dialled (an extension) nor the user is the organisation’s', () => {
    expect(
      divertingNumber(source({ dialled: '1002', lastUser: { landlineNumber: null, mobileNumber: null } })),
    ).toBeNull();
    expect(divertingNumber(source({ dialled: '1002', cause: 'routed' }))).toBe(bobs.landlineNumber);
  });
});

describe('Diversion headers', () => {
  it('are written with reason, counter and privacy', () => {
    expect(formatDiversion({ number: '+46812345678', reason: 'user-busy', counter: 1 }, 'pbx.example')).toBe(
      '<sip:+46812345678@pbx.example>;reason=user-busy;counter=1;privacy=off',
    );
  });

  it('are counted per entry, with a missing counter as one', () => {
    expect(diversionsSoFar([])).toBe(0);
    expect(diversionsSoFar(['<sip:+4681@a>;reason=no-answer;counter=2', '<sip:+4682@a>;reason=user-busy'])).toBe(3);
    expect(diversionsSoFar(['<sip:1@a>;reason=unknown, <sip:2@a>;counter=1'])).toBe(2);
  });
});
