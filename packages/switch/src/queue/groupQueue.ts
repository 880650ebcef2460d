import type { QueuedCallbackLive } from '@vaxel/domain';
import type { AgentToRing } from './agentLegs.ts';

/** What a queue entry is, for the live view: a caller on the line, or a callback keeping its place. */
export type EntryDescription =
  | { kind: 'caller'; fromNumber: string; fromName: string | null }
  | { kind: 'callback'; number: string; attempts: number; state: QueuedCallbackLive['state'] };

/** How one offer of an entry to agents ended. */
export type OfferOutcome = { kind: 'answered'; userId: string } | { kind: 'unanswered' };

/**
 * One entry of a group's queue (R14): a caller waiting on the line (`caller`), or a callback that
 * keeps the caller's place after they hung up (`callback`, added by the callback flow) — so an
 * entry has no caller leg of its own, only a way to be offered to agents. The dispatcher calls
 * `offer` with the agents its strategy picked; the entry rings them (queue/offerToAgents.ts for a
 * caller) and says whether one answered. An answered entry leaves the queue.
 */
export interface QueueEntry {
  /** The call (the call-log record) the entry belongs to; one entry per call and group. */
  readonly callId: string;
  readonly kind: EntryDescription['kind'];
  /** Agents never offered this entry: a colleague calling their own group is not rung. */
  readonly excludedUserIds: ReadonlySet<string>;
  describe(): EntryDescription;
  /** Rings `agents` for up to `ringMs`; resolves when the offer is over. */
  offer(agents: readonly AgentToRing[], ringMs: number): Promise<OfferOutcome>;
  /** Not offered before this time (ms since the epoch), keeping its place: a callback waiting to retry (R14). */
  notBefore?(): number;
}

/** An entry in its queue, with what the dispatcher keeps of it. */
export interface QueueSlot {
  readonly entry: QueueEntry;
  /** When the call first joined this group's queue (ms since the epoch): its place. */
  readonly queuedAt: number;
  readonly order: number;
  /** An offer is ringing now. */
  offering: boolean;
  /** The agents rung in this round (left out until every idle agent was tried). */
  readonly tried: Set<string>;
  /** A new round may not start before this time (an offer declined at once still lasts its ring time). */
  restUntil: number;
}

/**
 * The ordered list of one group's entries (R14): by the time each call first joined (a call that
 * comes back keeps its first place), then by arrival. No I/O: the dispatcher (queue/queues.ts)
 * drives it.
 */
export class GroupQueue {
  readonly organisationId: string;
  readonly responseGroupId: string;
  readonly #slots: QueueSlot[] = [];
  #order = 0;

  constructor(organisationId: string, responseGroupId: string) {
    this.organisationId = organisationId;
    this.responseGroupId = responseGroupId;
  }

  get length(): number {
    return this.#slots.length;
  }

  /** Adds the entry at its place by `queuedAt`. Throws when the call is queued here already. */
  add(entry: QueueEntry, queuedAt: number): QueueSlot {
    if (this.get(entry.callId))
      throw new Error(`call ${entry.callId} is already in the queue of group ${this.responseGroupId}`);
    const slot: QueueSlot = { entry, queuedAt, order: this.#order++, offering: false, tried: new Set(), restUntil: 0 };
    const at = this.#slots.findIndex((s) => s.queuedAt > queuedAt);
    if (at === -1) this.#slots.push(slot);
    else this.#slots.splice(at, 0, slot);
    return slot;
  }

  remove(callId: string): QueueSlot | null {
    const at = this.#slots.findIndex((s) => s.entry.callId === callId);
    if (at === -1) return null;
    return this.#slots.splice(at, 1)[0]!;
  }

  get(callId: string): QueueSlot | null {
    return this.#slots.find((s) => s.entry.callId === callId) ?? null;
  }

  /** 1 for the next entry to be answered; 0 when the call is not queued here. */
  position(callId: string): number {
    return this.#slots.findIndex((s) => s.entry.callId === callId) + 1;
  }

  /** The entries in queue order. */
  slots(): readonly QueueSlot[] {
    return this.#slots;
  }
}
