import type { CallOutcome, CallRecord } from '../packages/domain/src/index.ts';

type NewCall = Omit<CallRecord, 'id' | 'organisationId'>;

export type Dataset = {
  start: number;
  days: number;
  orgNumbers: string[];
  /** The busiest numbers: each response group's (≈ 3 % of all calls each). */
  groupNumbers: string[];
  groupIds: string[];
  userIds: string[];
  outcomes: CallOutcome[];
  chunks(organisationId: string): Generator<NewCall[]>;
};

/** A deterministic pseudo-random source (LCG), so every run searches the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const outcomeMix: Array<[CallOutcome, number]> = [
  ['answered', 0.65],
  ['missed', 0.14],
  ['abandoned', 0.06],
  ['voicemail', 0.08],
  ['busy', 0.03],
  ['rejected', 0.02],
  ['failed', 0.02],
];

/**
 * 30 days of calls for a company with 200 numbers (100 users with a landline each, 10 response
 * groups, 10 IVR menus, 80 spare), callers from a pool of 50,000 outside numbers:
 * 55 % inbound (60 % of them to a group, 30 % to a user, 10 % to a menu), 35 % outbound, 10 % internal.
 */
export function callLogDataset(total: number, seed = 1): Dataset {
  const days = 30;
  const start = Date.UTC(2026, 9, 1);
  const span = days * 86_400_000;
  const orgNumbers = Array.from(
    { length: 200 },
    (_, i) => `+46855${String(500000 + i + seed * 1000).padStart(6, '0')}`,
  );
  const userIds = Array.from({ length: 100 }, (_, i) => `user-${seed}-${i}`);
  const groupIds = Array.from({ length: 10 }, (_, i) => `group-${seed}-${i}`);
  const menuIds = Array.from({ length: 10 }, (_, i) => `menu-${seed}-${i}`);
  const userNumber = (u: number) => orgNumbers[u]!;
  const groupNumber = (g: number) => orgNumbers[100 + g]!;
  const menuNumber = (m: number) => orgNumbers[110 + m]!;
  const external = (n: number) => `+4670${String(1_000_000 + n).padStart(7, '0')}`;

  function* chunks(): Generator<NewCall[]> {
    const rnd = random(seed);
    const chunkSize = 20_000;
    for (let offset = 0; offset < total; offset += chunkSize) {
      const chunk: NewCall[] = [];
      for (let i = offset; i < Math.min(total, offset + chunkSize); i += 1) {
        const startedAt = start + Math.floor((span * (i + rnd())) / total);
        const roll = rnd();
        let outcome: CallOutcome = 'answered';
        for (let r = rnd(), k = 0; k < outcomeMix.length; r -= outcomeMix[k]![1], k += 1) {
          if (r < outcomeMix[k]![1]) {
            outcome = outcomeMix[k]![0];
            break;
          }
        }
        const user = Math.floor(rnd() * 100);
        const other = Math.floor(rnd() * 100);
        const call: NewCall = {
          direction: 'inbound',
          startedAt: new Date(startedAt).toISOString(),
          answeredAt: null,
          endedAt: null,
          fromNumber: external(Math.floor(rnd() * 50_000)),
          fromName: null,
          toNumber: userNumber(user),
          fromUserId: null,
          toUserId: null,
          responseGroupId: null,
          ivrMenuId: null,
          answeredByUserId: null,
          outcome,
          waitSeconds: Math.floor(rnd() * 60),
          talkSeconds: null,
          path: [],
          recordingId: null,
          emergency: false,
        };
        if (roll < 0.55) {
          const target = rnd();
          const at = call.startedAt;
          call.path.push({ type: 'trunk', id: null, name: 'Carrier', at });
          if (target < 0.6) {
            const g = Math.floor(rnd() * 10);
            call.toNumber = groupNumber(g);
            call.responseGroupId = groupIds[g]!;
            call.path.push({ type: 'responseGroup', id: groupIds[g]!, name: `Group ${g}`, at });
          } else if (target < 0.9) {
            call.toUserId = userIds[user]!;
          } else {
            const m = Math.floor(rnd() * 10);
            call.toNumber = menuNumber(m);
            call.ivrMenuId = menuIds[m]!;
            call.path.push({ type: 'ivrMenu', id: menuIds[m]!, name: `Menu ${m}`, at });
          }
          if (outcome === 'answered') call.answeredByUserId = call.toUserId ?? userIds[other]!;
        } else if (roll < 0.9) {
          call.direction = 'outbound';
          call.fromNumber = userNumber(user);
          call.fromUserId = userIds[user]!;
          call.toNumber = external(Math.floor(rnd() * 50_000));
        } else {
          call.direction = 'internal';
          call.fromNumber = userNumber(user);
          call.fromUserId = userIds[user]!;
          call.toNumber = userNumber(other);
          call.toUserId = userIds[other]!;
          if (outcome === 'answered') call.answeredByUserId = userIds[other]!;
        }
        if (outcome === 'answered') {
          call.answeredAt = new Date(startedAt + call.waitSeconds! * 1000).toISOString();
          call.talkSeconds = 20 + Math.floor(rnd() * 600);
        }
        call.endedAt = new Date(startedAt + (call.waitSeconds! + (call.talkSeconds ?? 0)) * 1000).toISOString();
        chunk.push(call);
      }
      yield chunk;
    }
  }

  return {
    start,
    days,
    orgNumbers,
    groupNumbers: groupIds.map((_, g) => groupNumber(g)),
    groupIds,
    userIds,
    outcomes: outcomeMix.map(([o]) => o),
    chunks: () => chunks(),
  };
}
