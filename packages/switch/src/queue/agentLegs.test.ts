import { createRequest, createResponse, parseUri } from '@vaxel/sip';
import type { Registration, TrunkRecord, UserRecord } from '@vaxel/store';
import { describe, expect, it } from 'vitest';
import { FakeCallMedia } from '../flow/fakes.ts';
import { FakePromptAudio } from '../flow/fakeServices.ts';
import { FakeClock } from '@vaxel/testing';
import type { CallDialog } from '../signalling/signallingPort.ts';
import { mobileAnswerGate } from './acceptGate.ts';
import {
  agentLegs,
  agentReach,
  mobileLegs,
  reachableTargets,
  type AgentToRing,
  type MobileRoute,
} from './agentLegs.ts';

const user = (id: string, extension: string, mobileNumber: string | null): UserRecord => ({
  id,
  organisationId: 'org-1',
  name: `Agent ${id}`,
  email: `${id}@example.test`,
  licence: 'basic',
  permissions: [],
  extension,
  mobileNumber,
  landlineNumber: null,
  sipUsername: `sip${id}`,
  createdAt: '2026-12-01T10:00:00.000Z',
  accountId: `a-${id}`,
  sipHa1Md5: null,
  sipHa1Sha256: null,
});
const device = (userId: string, port: number): Registration => ({
  id: `r-${userId}-${port}`,
  organisationId: 'org-1',
  userId,
  contact: `sip:${userId}@127.0.0.1:${port}`,
  source: `udp:127.0.0.1:${port}`,
  userAgent: null,
  expiresAt: '2026-12-02T12:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
});
const trunk: TrunkRecord = {
  id: 't1',
  name: 'Carrier',
  host: '127.0.0.1',
  port: 5090,
  transport: 'udp',
  inboundAddresses: ['127.0.0.1'],
  username: null,
  password: null,
  organisationIds: [],
  forwardedCallerId: 'original_with_diversion',
};
const route = (refused: string[] = []): MobileRoute => ({
  trunk,
  language: 'sv',
  identity: {
    callerNumber: '+4670123456712',
    diversion: { number: '+46812345670', reason: 'unconditional', counter: 1 },
  },
  allows: (number) => !refused.includes(number),
  admit: async () => ({ allowed: true, emergency: false, leg: { answered() {}, ended() {} } }),
});

describe('where an agent is rung (R74)', () => {
  it('rings phones, the mobile, or both as the agent is set', () => {
    expect(agentReach('phone', '+46701111111')).toEqual({ phones: true, mobile: false });
    expect(agentReach('mobile', '+46701111111')).toEqual({ phones: false, mobile: true });
    expect(agentReach('phoneAndMobile', '+46701111111')).toEqual({ phones: true, mobile: true });
  });

  it('rings the phones of an agent set to a mobile they do not have, and of one not set at all', () => {
    expect(agentReach('mobile', null)).toEqual({ phones: true, mobile: false });
    expect(agentReach('phoneAndMobile', null)).toEqual({ phones: true, mobile: false });
    expect(agentReach(undefined, '+46701111111')).toEqual({ phones: true, mobile: false });
  });
});

describe('the legs of an offer', () => {
  const agents: AgentToRing[] = [
    { user: user('u1', '201', '+46701111111'), devices: [device('u1', 5001)], reachOn: 'phone' },
    { user: user('u2', '202', '+46702222222'), devices: [device('u2', 5002)], reachOn: 'mobile' },
    { user: user('u3', '203', '+46703333333'), devices: [device('u3', 5003)], reachOn: 'phoneAndMobile' },
  ];

  it('rings phones only of agents rung on their phones', () => {
    const legs = agentLegs(agents, '"Support: Carl" <sip:+46709999999@10.0.0.1>', 'v=0', '10.0.0.1');
    expect(legs.map((l) => [l.userId, l.reach, l.invite.uri])).toEqual([
      ['u1', 'phone', 'sip:u1@127.0.0.1:5001'],
      ['u3', 'phone', 'sip:u3@127.0.0.1:5003'],
    ]);
  });

  it("calls agents' mobiles through the trunk with the caller's number and the numeric ID in From and P-Asserted-Identity, and the group's number in Diversion", () => {
    const legs = mobileLegs(agents, route(), 'v=0 offer', '10.0.0.1');
    expect(legs.map((l) => [l.userId, l.reach])).toEqual([
      ['u2', 'mobile'],
      ['u3', 'mobile'],
    ]);
    expect(legs[0]!.invite).toMatchObject({
      uri: 'sip:+46702222222@127.0.0.1:5090',
      target: { transport: 'udp', address: '127.0.0.1', port: 5090 },
      from: '<sip:+4670123456712@10.0.0.1>',
      to: '<sip:+46702222222@127.0.0.1>',
      sdp: 'v=0 offer',
      headers: [
        ['P-Asserted-Identity', '<sip:+4670123456712@10.0.0.1>'],
        ['Diversion', '<sip:+46812345670@10.0.0.1>;reason=unconditional;counter=1;privacy=off'],
      ],
    });
  });

  it('leaves out a mobile the outbound rules refuse', () => {
    expect(mobileLegs(agents, route(['+46702222222']), 'v=0', '10.0.0.1').map((l) => l.userId)).toEqual(['u3']);
  });

  it('counts a mobile-only agent without a registered phone as reachable, and not without a route to mobiles', () => {
    const mobileOnly: AgentToRing = { user: user('u4', '204', '+46704444444'), devices: [], reachOn: 'mobile' };
    expect(reachableTargets(mobileOnly, route())).toBe(1);
    expect(reachableTargets(mobileOnly, null)).toBe(0);
    expect(reachableTargets(mobileOnly, route(['+46704444444']))).toBe(0);
    expect(reachableTargets(agents[2]!, route())).toBe(2);
    expect(reachableTargets(agents[1]!, route())).toBe(1);
  });
});

function answer(sdp = 'v=0 mobile'): import('@vaxel/sip').SipResponse {
  const request = createRequest({
    method: 'INVITE',
    uri: parseUri('sip:+46702222222@127.0.0.1'),
    headers: [
      ['Via', 'SIP/2.0/UDP x;branch=z9hG4bKx'],
      ['From', '<sip:a@x>;tag=1'],
      ['To', '<sip:b@x>'],
      ['Call-ID', 'c'],
      ['CSeq', '1 INVITE'],
    ],
  });
  return createResponse(request, 200, { toTag: 'm', body: sdp });
}
const dialog = (): CallDialog => ({
  signalledFrom: '127.0.0.1',
  bye: async () => {},
  stored: () => null,
  reinvite: async () => null,
  onBye() {},
  onReinvite() {},
  onInfo() {},
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Keeps the callee answers it takes; refuses the SDP 'bad' as unusable. */
class AnswerKeepingMedia extends FakeCallMedia {
  readonly answers: string[] = [];
  override acceptCalleeAnswer(sdp?: string): void {
    if (sdp === 'bad') throw new Error('no audio');
    this.answers.push(sdp ?? '');
  }
}

describe("the offer's answer gate", () => {
  function setup() {
    const media = new AnswerKeepingMedia();
    const accepted = media.answers;
    const prompts = new FakePromptAudio();
    const call = {
      media,
      services: { clock: new FakeClock(), prompts, logger: { debug() {}, info() {}, warn() {}, error() {} } },
    };
    const legs = [
      { userId: 'u1', reach: 'phone' as const },
      { userId: 'u2', reach: 'mobile' as const },
      { userId: 'u3', reach: 'mobile' as const },
    ];
    const gate = mobileAnswerGate(call, legs, { organisationId: 'org-1', name: 'Support', language: 'en' });
    return { media, accepted, prompts, gate };
  }

  it('lets a phone win at once', () => {
    expect(setup().gate(0, answer(), dialog(), new AbortController().signal)).toBeNull();
  });

  it("takes a mobile's answer for the callee side, asks it to press 1 naming the group, and lets it win on 1", async () => {
    const { media, accepted, prompts, gate } = setup();
    const decided = gate(1, answer('v=0 mobile u2'), dialog(), new AbortController().signal)!;
    await settle();
    expect(accepted).toEqual(['v=0 mobile u2']);
    expect(prompts.requested).toEqual([
      { type: 'tts', text: 'Call for Support. Press 1 to answer.', language: 'en-GB' },
    ]);
    expect(media.playbacks.map((p) => p.side)).toEqual(['callee']);
    media.press('1', 'callee');
    expect(await decided).toBe(true);
  });

  it('lets a second mobile that answers meanwhile wait its turn, then asks it once the first refused', async () => {
    const { media, accepted, gate } = setup();
    const first = gate(1, answer('v=0 u2'), dialog(), new AbortController().signal)!;
    const second = gate(2, answer('v=0 u3'), dialog(), new AbortController().signal)!;
    await settle();
    expect(accepted).toEqual(['v=0 u2']);
    media.press('7', 'callee');
    expect(await first).toBe(false);
    await settle();
    expect(accepted).toEqual(['v=0 u2', 'v=0 u3']);
    media.press('1', 'callee');
    expect(await second).toBe(true);
  });

  it('refuses a mobile whose answer has unusable SDP without asking it', async () => {
    const { media, gate } = setup();
    expect(await gate(1, answer('bad'), dialog(), new AbortController().signal)).toBe(false);
    expect(media.playbacks).toEqual([]);
  });
});
