import { describe, expect, it } from 'vitest';
import {
  mayListenToRecording,
  recordingInvolvement,
  type RecordingParties,
  type RecordingViewer,
} from './recordingAccess.ts';
import { recordingExpiresAt } from './recording.ts';

const call: RecordingParties = {
  fromUserId: 'caller',
  toUserId: 'callee',
  answeredByUserId: 'agent',
  responseGroupId: 'sales',
};
const viewer = (over: Partial<RecordingViewer>): RecordingViewer => ({
  userId: 'someone',
  phoneSystem: false,
  supervisedGroupIds: [],
  ...over,
});

describe('who may listen to a recording', () => {
  it('lets a phone_system holder listen to any recording, also one without a call record', () => {
    expect(mayListenToRecording(viewer({ phoneSystem: true }), call)).toBe(true);
    expect(mayListenToRecording(viewer({ phoneSystem: true }), null)).toBe(true);
  });

  it.each(['caller', 'callee', 'agent'])('lets the user %s of the call listen', (userId) => {
    expect(mayListenToRecording(viewer({ userId }), call)).toBe(true);
  });

  it("lets a supervisor of the call's group listen", () => {
    expect(mayListenToRecording(viewer({ supervisedGroupIds: ['support', 'sales'] }), call)).toBe(true);
  });

  it('refuses a colleague who was not in the call and supervises another group', () => {
    expect(mayListenToRecording(viewer({ supervisedGroupIds: ['support'] }), call)).toBe(false);
  });

  it('refuses everyone but phone_system when the call record is gone', () => {
    expect(mayListenToRecording(viewer({ userId: 'caller', supervisedGroupIds: ['sales'] }), null)).toBe(false);
  });

  it('filters nothing for phone_system and by user and supervised groups otherwise', () => {
    expect(recordingInvolvement(viewer({ phoneSystem: true }))).toBeNull();
    expect(recordingInvolvement(viewer({ userId: 'u', supervisedGroupIds: ['g'] }))).toEqual({
      userId: 'u',
      responseGroupIds: ['g'],
    });
  });
});

describe('when a recording expires', () => {
  it('is the retention in whole days after it was made', () => {
    expect(recordingExpiresAt(new Date('2026-03-28T12:00:00Z'), 3).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });

  it('refuses a retention below one day', () => {
    expect(() => recordingExpiresAt(new Date(), 0)).toThrow(RangeError);
  });
});
