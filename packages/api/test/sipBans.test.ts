import type { SipBans, SipBansView } from '@vaxel/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

/** The switch's side of the port, as the api sees it: bans held in memory, lifted one by one. */
class SwitchBans implements SipBans {
  view: SipBansView = {
    bans: [
      { address: '203.0.113.7', reason: 'auth_failures', level: 2, until: '2026-12-02T18:00:00.000Z' },
      { address: '2001:db8::7', reason: 'auth_failures', level: 1, until: '2026-12-02T15:00:00.000Z' },
    ],
    addresses: [{ address: '198.51.100.3', failures: 7, usernames: 2 }],
    pairs: [
      { address: '198.51.100.3', user: 'alice', failures: 0, refusedUntil: '2026-12-02T14:10:00.000Z' },
      { address: '198.51.100.3', user: 'bob', failures: 2, refusedUntil: null },
    ],
  };
  lifted: string[] = [];
  list(): SipBansView {
    return this.view;
  }
  lift(address: string): boolean {
    const banned = this.view.bans.some((ban) => ban.address === address);
    this.view = { ...this.view, bans: this.view.bans.filter((ban) => ban.address !== address) };
    if (banned) this.lifted.push(address);
    return banned;
  }
}

let h: Harness;
let bans: SwitchBans;
beforeAll(async () => {
  bans = new SwitchBans();
  h = await startHarness({ sipBans: bans });
});
afterAll(async () => h.close());

describe("the operator's view of SIP bans (issue 10)", () => {
  it('lists bans with address, reason, level and until, and the counters per address and per pair', async () => {
    const res = await h.operator('GET', '/api/v1/operator/sip-bans');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(bans.view);
  });

  it('is for the operator only', async () => {
    const organisation = await h.organisation();
    expect((await h.as(null, 'GET', '/api/v1/operator/sip-bans')).statusCode).toBe(401);
    expect((await h.as(organisation.adminToken, 'GET', '/api/v1/operator/sip-bans')).statusCode).toBe(403);
    expect((await h.as(organisation.adminToken, 'DELETE', '/api/v1/operator/sip-bans/203.0.113.7')).statusCode).toBe(
      403,
    );
    expect(bans.lifted).toEqual([]);
  });

  it('lifts a ban with 204, IPv6 included, and then 404s it', async () => {
    expect((await h.operator('DELETE', '/api/v1/operator/sip-bans/203.0.113.7')).statusCode).toBe(204);
    expect(
      (await h.operator('DELETE', `/api/v1/operator/sip-bans/${encodeURIComponent('2001:db8::7')}`)).statusCode,
    ).toBe(204);
    expect(bans.lifted).toEqual(['203.0.113.7', '2001:db8::7']);
    const again = await h.operator('DELETE', '/api/v1/operator/sip-bans/203.0.113.7');
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await h.operator('GET', '/api/v1/operator/sip-bans')).json().bans).toEqual([]);
  });

  it('answers 400 problem+json for something that is not an address', async () => {
    for (const address of ['not-an-address', '999.1.1.1', '203.0.113.7%3B1']) {
      const res = await h.operator('DELETE', `/api/v1/operator/sip-bans/${address}`);
      expect(res.statusCode, address).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe("the operator's view of SIP bans without a switch in the process", () => {
  it('shows nothing banned and has nothing to lift', async () => {
    const bare = await startHarness();
    try {
      expect((await bare.operator('GET', '/api/v1/operator/sip-bans')).json()).toEqual({
        bans: [],
        addresses: [],
        pairs: [],
      });
      expect((await bare.operator('DELETE', '/api/v1/operator/sip-bans/203.0.113.7')).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
