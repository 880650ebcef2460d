import { describe, expect, it } from 'vitest';
import { mobileCallIdentity, withNumericId } from './mobileCallerNumber.ts';

const facts = { callerNumber: '+46701234567', groupNumber: '+46812345670', numericId: '12', earlierDiversions: 0 };

describe("the group's numeric ID at the end of the caller's number (R11)", () => {
  it('appends the ID to an E.164 number', () => {
    expect(withNumericId('+46701234567', '12')).toBe('+4670123456712');
    expect(withNumericId('+4681234', '7')).toBe('+46812347');
  });

  it('refuses to make a number longer than the 15 digits E.164 allows', () => {
    expect(withNumericId('+46701234567890', '1')).toBe('+467012345678901');
    expect(withNumericId('+46701234567890', '12')).toBeNull();
  });

  it('refuses what is not an E.164 number or a numeric ID', () => {
    expect(withNumericId('anonymous', '12')).toBeNull();
    expect(withNumericId('0701234567', '12')).toBeNull();
    expect(withNumericId('+46701234567', '12345')).toBeNull();
  });
});

describe('what the trunk is told of a call to a mobile agent', () => {
  it("shows the caller's number with the ID, and names the group's number as the diverting one", () => {
    expect(mobileCallIdentity(facts, 'original_with_diversion')).toEqual({
      callerNumber: '+4670123456712',
      diversion: { number: '+46812345670', reason: 'unconditional', counter: 1 },
    });
  });

  it('continues the Diversion counter of a call that came forwarded', () => {
    expect(mobileCallIdentity({ ...facts, earlierDiversions: 2 }, 'original_with_diversion').diversion?.counter).toBe(
      3,
    );
  });

  it("shows the group's number with the ID for an anonymous caller", () => {
    expect(mobileCallIdentity({ ...facts, callerNumber: null }, 'original_with_diversion').callerNumber).toBe(
      '+4681234567012',
    );
  });

  it("shows the group's number with the ID when the caller's number has no room for it", () => {
    expect(
      mobileCallIdentity({ ...facts, callerNumber: '+441234567890123' }, 'original_with_diversion').callerNumber,
    ).toBe('+4681234567012');
  });

  it("shows the group's number as it is when even that has no room for the ID", () => {
    expect(
      mobileCallIdentity({ ...facts, callerNumber: null, groupNumber: '+46812345678901' }, 'original_with_diversion')
        .callerNumber,
    ).toBe('+46812345678901');
  });

  it("shows the group's own number without Diversion on a trunk that presents only the organisation's numbers", () => {
    expect(mobileCallIdentity({ ...facts, earlierDiversions: 1 }, 'organisation_number')).toEqual({
      callerNumber: '+46812345670',
      diversion: null,
    });
  });
});
