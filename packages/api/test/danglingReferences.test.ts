import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayNumber } from '@vaxel/domain';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * A thing deleted (or a grant ended) takes the lists that merely name it along, in the same
 * transaction, so no later save of those lists fails on an id that is gone (issue 7).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

type Res = { statusCode: number; body: string; json(): Record<string, unknown> };
/** The body of a request that must succeed; a refusal fails the test with the server's words. */
const ok = (res: Res) => {
  if (res.statusCode >= 300) throw new Error(`expected success, got ${res.statusCode}: ${res.body}`);
  return res.json() as Record<string, any>;
};

describe('a user named in the defaults for new groups', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation();
  });

  it('leaves the voicemail notify list when deleted, and the defaults can be saved again', async () => {
    const kept = (await o.member()).user;
    const leaving = (await o.member()).user;
    ok(await o.req('PATCH', '/response-group-defaults', { voicemail: { notifyUserIds: [kept.id, leaving.id] } }));
    expect((await o.req('DELETE', `/users/${leaving.id}`)).statusCode).toBe(204);

    expect(ok(await o.req('GET', '/response-group-defaults')).voicemail.notifyUserIds).toEqual([kept.id]);
    const saved = ok(await o.req('PATCH', '/response-group-defaults', { distribution: { ringSecondsPerAgent: 30 } }));
    expect(saved.distribution.ringSecondsPerAgent).toBe(30);
  });

  it('left dangling by an older version does not block saving other sections of the defaults', async () => {
    const defaults = await h.store.responseGroups.getDefaults(o.org.id);
    await h.store.responseGroups.setDefaults(o.org.id, {
      ...defaults,
      voicemail: { ...defaults.voicemail, notifyUserIds: ['deleted-long-ago'] },
    });
    const saved = ok(await o.req('PATCH', '/response-group-defaults', { queue: { maxWaitSeconds: 120 } }));
    expect(saved.voicemail.notifyUserIds).toEqual([]);
  });
});

describe('a display number granted to "all agents" of a group', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation({ package: 'unlimited' });
  });

  it('loses that grant when the group is deleted, and can be saved again', async () => {
    const agent = (await o.member()).user;
    const group = ok(
      await o.req('POST', '/response-groups', {
        name: 'Care',
        number: o.numbers.landline[0],
        numericId: '1',
        agentIds: [agent.id],
      }),
    );
    const display = ok(
      await o.req('POST', '/display-numbers', {
        number: o.numbers.landline[0],
        grantToGroupAgents: true,
        grantToGroupSupervisors: true,
      }),
    );
    expect((await o.req('DELETE', `/response-groups/${group.id}`)).statusCode).toBe(204);

    expect(ok(await o.req('GET', `/display-numbers/${display.id}`))).toMatchObject({
      responseGroupId: null,
      grantToGroupAgents: false,
      grantToGroupSupervisors: false,
    });
    const saved = ok(await o.req('PATCH', `/display-numbers/${display.id}`, { userIds: [agent.id] }));
    expect(saved.userIds).toEqual([agent.id]);
  });

  it('loses that grant when the group moves to another number', async () => {
    const group = ok(
      await o.req('POST', '/response-groups', { name: 'Sales', number: o.numbers.landline[1], numericId: '2' }),
    );
    const display = ok(
      await o.req('POST', '/display-numbers', { number: o.numbers.landline[1], grantToGroupAgents: true }),
    );
    ok(await o.req('PATCH', `/response-groups/${group.id}`, { number: o.numbers.landline[2] }));

    expect(ok(await o.req('GET', `/display-numbers/${display.id}`))).toMatchObject({
      responseGroupId: null,
      grantToGroupAgents: false,
    });
    expect((await o.req('PATCH', `/display-numbers/${display.id}`, { teamIds: [] })).statusCode).toBe(200);
  });

  it('left dangling by an older version does not block a change of its other grants', async () => {
    const display = ok(await o.req('POST', '/display-numbers', { number: o.numbers.landline[3] }));
    await h.store.displayNumbers.update(o.org.id, { ...(display as DisplayNumber), grantToGroupAgents: true });
    const saved = ok(await o.req('PATCH', `/display-numbers/${display.id}`, { userIds: [] }));
    expect(saved.grantToGroupAgents).toBe(false);
  });
});

describe('a caller ID a user chose (R55)', () => {
  let o: TestOrganisation;
  beforeAll(async () => {
    o = await h.organisation({ package: 'unlimited' });
  });

  const routing = (userId: string) => o.req('GET', `/users/${userId}/routing`);
  /** What the console does on every save: send the choice it read back, with the overrides. */
  const saveAsConsole = async (userId: string) => {
    const current = ok(await routing(userId));
    return o.req('PUT', `/users/${userId}/routing`, {
      overrides: { ringSeconds: 40 },
      followDefault: [],
      callerIdNumber: current.callerIdNumber,
    });
  };
  const choose = async (userId: string, number: string) =>
    ok(await o.req('PUT', `/users/${userId}/routing`, { callerIdNumber: number }));

  it('goes when the display number is deleted, and the user’s routing can be saved again', async () => {
    const user = (await o.member()).user;
    const display = ok(await o.req('POST', '/display-numbers', { number: o.numbers.landline[0], userIds: [user.id] }));
    await choose(user.id, o.numbers.landline[0]!);
    expect((await o.req('DELETE', `/display-numbers/${display.id}`)).statusCode).toBe(204);

    expect(ok(await routing(user.id)).callerIdNumber).toBeNull();
    expect((await saveAsConsole(user.id)).statusCode).toBe(200);
  });

  it('goes when the user is taken off the display number', async () => {
    const user = (await o.member()).user;
    const other = (await o.member()).user;
    const display = ok(
      await o.req('POST', '/display-numbers', { number: o.numbers.landline[1], userIds: [user.id, other.id] }),
    );
    await choose(user.id, o.numbers.landline[1]!);
    await choose(other.id, o.numbers.landline[1]!);
    ok(await o.req('PATCH', `/display-numbers/${display.id}`, { userIds: [other.id] }));

    expect(ok(await routing(user.id)).callerIdNumber).toBeNull();
    expect(ok(await routing(other.id)).callerIdNumber).toBe(o.numbers.landline[1]);
  });

  it('goes when the team it was granted through is deleted, or the user leaves the team', async () => {
    const leaver = (await o.member()).user;
    const stayer = (await o.member()).user;
    const team = ok(await o.req('POST', '/teams', { name: 'Field', memberIds: [leaver.id, stayer.id] }));
    ok(await o.req('POST', '/display-numbers', { number: o.numbers.landline[2], teamIds: [team.id] }));
    await choose(leaver.id, o.numbers.landline[2]!);
    await choose(stayer.id, o.numbers.landline[2]!);

    ok(await o.req('PATCH', `/teams/${team.id}`, { memberIds: [stayer.id] }));
    expect(ok(await routing(leaver.id)).callerIdNumber).toBeNull();
    expect(ok(await routing(stayer.id)).callerIdNumber).toBe(o.numbers.landline[2]);

    expect((await o.req('DELETE', `/teams/${team.id}`)).statusCode).toBe(204);
    expect(ok(await routing(stayer.id)).callerIdNumber).toBeNull();
    expect((await saveAsConsole(stayer.id)).statusCode).toBe(200);
  });

  it('goes when the user stops being an agent of the group whose number grants its agents', async () => {
    const agent = (await o.member()).user;
    const group = ok(
      await o.req('POST', '/response-groups', {
        name: 'Care',
        number: o.numbers.landline[3],
        numericId: '3',
        agentIds: [agent.id],
      }),
    );
    ok(await o.req('POST', '/display-numbers', { number: o.numbers.landline[3], grantToGroupAgents: true }));
    await choose(agent.id, o.numbers.landline[3]!);
    ok(await o.req('PATCH', `/response-groups/${group.id}`, { agentIds: [] }));

    expect(ok(await routing(agent.id)).callerIdNumber).toBeNull();
  });

  it('goes when it was the user’s own mobile number and the number is taken from them', async () => {
    const user = (await o.member()).user;
    ok(await o.req('PATCH', `/users/${user.id}`, { mobileNumber: o.numbers.mobile[0] }));
    await choose(user.id, o.numbers.mobile[0]!);
    ok(await o.req('PATCH', `/users/${user.id}`, { mobileNumber: null }));

    expect(ok(await routing(user.id)).callerIdNumber).toBeNull();
  });
});

describe('a team deleted while granted a display number', () => {
  it('is taken off the display number, which can be saved again', async () => {
    const o = await h.organisation();
    const team = ok(await o.req('POST', '/teams', { name: 'Night shift' }));
    const display = ok(await o.req('POST', '/display-numbers', { number: o.numbers.landline[4], teamIds: [team.id] }));
    expect((await o.req('DELETE', `/teams/${team.id}`)).statusCode).toBe(204);
    expect(ok(await o.req('GET', `/display-numbers/${display.id}`)).teamIds).toEqual([]);
    expect((await o.req('PATCH', `/display-numbers/${display.id}`, { userIds: [] })).statusCode).toBe(200);
  });
});
