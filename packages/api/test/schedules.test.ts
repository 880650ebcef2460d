import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/** Opening hours no call can follow are refused with the path of the field that is wrong (issue 7). */
let h: Harness;
let o: TestOrganisation;
let groupId: string;
let menuId: string;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation({ package: 'unlimited' });
  groupId = (
    await o.req('POST', '/response-groups', { name: 'Support', number: o.numbers.landline[0], numericId: '1' })
  ).json().id;
  menuId = (
    await o.req('POST', '/ivr-menus', {
      name: 'Main',
      number: null,
      prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
    })
  ).json().id;
});
afterAll(async () => h.close());

type Res = { statusCode: number; json(): { code: string; errors?: Array<{ path: string; message: string }> } };
const errorsOf = (res: Res) => (res.json().errors ?? []).map((e) => e.path);

const weekdays = [
  { day: 'mon', open: '08:00', close: '12:00' },
  { day: 'mon', open: '13:00', close: '17:00' },
  { day: 'tue', open: '08:00', close: '17:00' },
];
const holidays = [
  { date: '2026-12-24', name: 'Julafton' },
  { date: '2026-12-25', name: 'Juldagen' },
];

const setGroupHours = (openingHours: unknown) =>
  o.req('PATCH', `/response-groups/${groupId}`, { settings: { schedule: { openingHours } } });
const setMenuHours = (openingHours: unknown) => o.req('PATCH', `/ivr-menus/${menuId}`, { openingHours });

describe('a response group schedule', () => {
  it('is saved when every period and date is possible', async () => {
    const res = await setGroupHours({ openPeriods: weekdays, exceptions: holidays });
    expect(res.statusCode).toBe(200);
  });

  it('refuses an impossible date at that exception, and keeps the saved schedule', async () => {
    const res = await setGroupHours({ openPeriods: weekdays, exceptions: [...holidays, { date: '2026-02-30' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(errorsOf(res)).toEqual(['settings.schedule.openingHours.exceptions[2].date']);
    const saved = (await o.req('GET', `/response-groups/${groupId}`)).json();
    expect(saved.settings.schedule.openingHours.exceptions.map((e: { date: string }) => e.date)).toEqual([
      '2026-12-24',
      '2026-12-25',
    ]);
  });

  it('refuses month 13', async () => {
    expect(errorsOf(await setGroupHours({ openPeriods: [], exceptions: [{ date: '2026-13-01' }] }))).toEqual([
      'settings.schedule.openingHours.exceptions[0].date',
    ]);
  });

  it('refuses a date listed twice, at the second', async () => {
    const res = await setGroupHours({
      openPeriods: weekdays,
      exceptions: [...holidays, { date: '2026-12-24', name: 'Again' }],
    });
    expect(errorsOf(res)).toEqual(['settings.schedule.openingHours.exceptions[2].date']);
  });

  it('refuses overlapping periods on one weekday, at the open of the later one', async () => {
    const res = await setGroupHours({
      openPeriods: [...weekdays, { day: 'mon', open: '11:00', close: '14:00' }],
      exceptions: [],
    });
    expect(errorsOf(res)).toEqual(['settings.schedule.openingHours.openPeriods[3].open']);
    expect(res.json().errors![0]!.message).toBe('overlaps 08:00–12:00 on mon (openPeriods[0])');
  });

  it('refuses overlapping periods within one exception', async () => {
    const res = await setGroupHours({
      openPeriods: [],
      exceptions: [
        {
          date: '2026-12-31',
          openPeriods: [
            { open: '08:00', close: '13:00' },
            { open: '12:00', close: '15:00' },
          ],
        },
      ],
    });
    expect(errorsOf(res)).toEqual(['settings.schedule.openingHours.exceptions[0].openPeriods[1].open']);
  });

  it('still refuses a period that opens after it closes, at its close', async () => {
    expect(errorsOf(await setGroupHours({ openPeriods: [{ day: 'wed', open: '18:00', close: '09:00' }] }))).toEqual([
      'settings.schedule.openingHours.openPeriods[0].close',
    ]);
  });

  it('is checked the same way in the defaults for new groups', async () => {
    const res = await o.req('PATCH', '/response-group-defaults', {
      schedule: { openingHours: { openPeriods: [], exceptions: [{ date: '2027-02-29' }] } },
    });
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)).toEqual(['schedule.openingHours.exceptions[0].date']);
  });
});

describe('an IVR menu schedule', () => {
  it('refuses overlaps and impossible dates with their paths', async () => {
    const res = await setMenuHours({
      openPeriods: [...weekdays, { day: 'tue', open: '16:00', close: '18:00' }],
      exceptions: [{ date: '2026-04-31' }],
    });
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res).sort()).toEqual(['openingHours.exceptions[0].date', 'openingHours.openPeriods[3].open']);
  });

  it('refuses the same on creation', async () => {
    const res = await o.req('POST', '/ivr-menus', {
      name: 'Holiday menu',
      number: null,
      prompts: [{ type: 'tts', text: 'Hej', language: 'sv-SE' }],
      openingHours: { openPeriods: [], exceptions: holidays.concat([{ date: '2026-12-25', name: 'Twice' }]) },
    });
    expect(errorsOf(res)).toEqual(['openingHours.exceptions[2].date']);
  });

  it('is saved when possible', async () => {
    expect((await setMenuHours({ openPeriods: weekdays, exceptions: holidays })).statusCode).toBe(200);
  });
});
