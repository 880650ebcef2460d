import type { CallPathStep, CallRecord, Schedule } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { figuresToday } from './figuresToday.ts';

let seq = 0;
/** A call to the group at 10:00 Stockholm time on Wednesday 2 December 2026, unless told otherwise. */
function call(fields: Partial<CallRecord> = {}): CallRecord {
  seq += 1;
  return {
    id: `call-${seq}`,
    organisationId: 'org',
    direction: 'inbound',
    startedAt: '2026-12-02T09:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    fromNumber: '+46701111111',
    fromName: null,
    toNumber: '+46812345670',
    fromUserId: null,
    toUserId: null,
    responseGroupId: 'group',
    ivrMenuId: null,
    answeredByUserId: null,
    outcome: null,
    waitSeconds: null,
    talkSeconds: null,
    path: [],
    recordingId: null,
    emergency: false,
    ...fields,
  };
}
const answered = (waitSeconds: number, fields: Partial<CallRecord> = {}) =>
  call({ answeredByUserId: 'anna', outcome: 'answered', waitSeconds, ...fields });
const abandoned = (waitSeconds: number) => call({ outcome: 'abandoned', waitSeconds });
const callbackStep: CallPathStep = { type: 'callback', id: null, name: '+46701234567', at: '2026-12-02T09:01:00.000Z' };

const alwaysOpen = { openingHours: null, serviceLevelSeconds: 20, timeZone: 'Europe/Stockholm' };
const officeHours: Schedule = { openPeriods: [{ day: 'wed', open: '08:00', close: '17:00' }], exceptions: [] };

describe("a group's figures of today", () => {
  it('are zero, without averages or a service level, before the first call', () => {
    expect(figuresToday([], alwaysOpen)).toEqual({
      offered: 0,
      answered: 0,
      abandoned: 0,
      callbacks: 0,
      averageWaitSeconds: null,
      longestWaitSeconds: null,
      serviceLevelSeconds: 20,
      serviceLevelPercent: null,
    });
  });

  it('count answered and abandoned calls among the offered ones, with the average and longest wait', () => {
    const figures = figuresToday(
      [answered(10), answered(30), abandoned(45), call({ outcome: 'voicemail', waitSeconds: 60 })],
      alwaysOpen,
    );
    expect(figures).toMatchObject({
      offered: 4,
      answered: 2,
      abandoned: 1,
      averageWaitSeconds: 36.3,
      longestWaitSeconds: 60,
    });
  });

  it('count a call an agent is talking on now as answered, and a caller waiting now as offered without a wait yet', () => {
    const figures = figuresToday([call({ answeredByUserId: 'anna', waitSeconds: 5 }), call()], alwaysOpen);
    expect(figures).toMatchObject({ offered: 2, answered: 1, averageWaitSeconds: 5, longestWaitSeconds: 5 });
  });

  it('give the service level as the share of offered calls answered within the target, the target itself included', () => {
    const figures = figuresToday([answered(5), answered(20), answered(21), abandoned(3)], alwaysOpen);
    expect(figures.serviceLevelPercent).toBe(50);
  });

  it('leave a caller still waiting out of the service level: they have not missed the target yet', () => {
    expect(figuresToday([call()], alwaysOpen).serviceLevelPercent).toBeNull();
    expect(figuresToday([answered(5), call()], alwaysOpen).serviceLevelPercent).toBe(100);
  });

  it('count callbacks from the callback path step', () => {
    const figures = figuresToday(
      [answered(400, { path: [callbackStep] }), answered(2), call({ path: [callbackStep] })],
      alwaysOpen,
    );
    expect(figures.callbacks).toBe(2);
  });

  it('leave out unanswered calls that came while the group was closed, in the organisation time zone', () => {
    // 06:30 UTC is 07:30 in Stockholm, before the group opens at 08:00.
    const closed = call({ startedAt: '2026-12-02T06:30:00.000Z', outcome: 'voicemail', waitSeconds: 0 });
    const open = call({ startedAt: '2026-12-02T07:30:00.000Z', outcome: 'voicemail', waitSeconds: 12 });
    const figures = figuresToday([closed, open], { ...alwaysOpen, openingHours: officeHours });
    expect(figures).toMatchObject({ offered: 1, longestWaitSeconds: 12 });
  });

  it('keep a call an agent answered even when the hours say closed (they were changed during the day)', () => {
    const early = answered(4, { startedAt: '2026-12-02T06:30:00.000Z' });
    expect(figuresToday([early], { ...alwaysOpen, openingHours: officeHours })).toMatchObject({
      offered: 1,
      answered: 1,
    });
  });
});
