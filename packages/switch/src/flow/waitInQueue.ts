import type { ResponseGroup, TelephonyAudio } from '@vaxel/domain';
import type { Connection } from '../legs/answerLeg.ts';
import type { Dtmf } from '../media/callMedia.ts';
import { expectedWaitSeconds } from '../queue/expectedWait.ts';
import type { QueueEntry } from '../queue/groupQueue.ts';
import { offerToAgents } from '../queue/offerToAgents.ts';
import type { QueueTicket } from '../queue/queues.ts';
import { callbackOfferText } from './callbackKey.ts';
import { expectedWaitPhrase, positionPhrase } from './queuePhrases.ts';
import { promptClips } from './playPrompts.ts';
import type { FlowCall, StepResult } from './step.ts';
import { say } from './voicemail/phrases.ts';

/** The music on hold of a waiting caller, paused for a prompt and resumed where it stopped. */
export interface HoldMusic {
  /** Stops the music, remembering where it was; resolves once it is silent. */
  pause(): Promise<void>;
  /** Starts it again where it stopped (nothing if it plays). */
  resume(): void;
}

/** What a key handler gets: the waiting call, its group, its place in the queue and the music. */
export interface QueueKeyContext {
  call: FlowCall;
  group: ResponseGroup;
  ticket: QueueTicket;
  music: HoldMusic;
  /** Aborted when an agent takes the call meanwhile: a handler that talks with the caller stops (the callback request). */
  answered: AbortSignal;
}

/** What a key pressed while waiting does: nothing more (`stay`: the caller keeps waiting) or leave the queue for `result`. */
export type QueueKeyResult = { kind: 'stay' } | { kind: 'leave'; result: StepResult };

export type QueueKeyHandler = (context: QueueKeyContext) => Promise<QueueKeyResult>;

export type QueueWaitEnd =
  | { kind: 'connected'; connection: Connection }
  /** `queue.maxWaitSeconds` passed. */
  | { kind: 'maxWait' }
  /** A key's handler took the caller out of the queue. */
  | { kind: 'left'; result: StepResult }
  | { kind: 'aborted' };

/**
 * A caller waiting in a group's queue (R14): joins the queue as a `caller` entry (at their first
 * place when they come back), hears music on hold — looped, and going on after each announcement
 * where it stopped (`offsetMs`) — and, when the group announces, their position and expected wait
 * on joining and every `announcementIntervalSeconds` after. The dispatcher offers the entry to
 * agents (queue/offerToAgents.ts); the first answer ends the wait. Keys of `keys` pressed while
 * waiting run their handler (the voicemail key; the callback key joins the same map); a key
 * pressed during an announcement cuts it short. The wait
 * ends at `maxWaitSeconds` from joining, or when the caller hangs up; either way the caller
 * leaves the queue and the call log gets the time waited. Every timer runs on the call's clock.
 */
export async function waitInQueue(
  call: FlowCall,
  group: ResponseGroup,
  music: TelephonyAudio,
  keys: ReadonlyMap<Dtmf, QueueKeyHandler>,
): Promise<QueueWaitEnd> {
  const { clock, queues, logger, directory } = call.services;
  const { queue } = group.settings;
  const left = new AbortController();
  const answered = new AbortController();
  const offered = new Set<string>();
  let connection: Connection | null = null;

  // --- waking the loop: any event sets its flag and wakes it.
  let pending = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    pending = true;
    const resolve = wakeUp;
    wakeUp = null;
    resolve?.();
  };
  const woken = () => {
    if (pending) {
      pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => (wakeUp = () => ((pending = false), resolve())));
  };

  const entry: QueueEntry = {
    callId: call.id,
    kind: 'caller',
    excludedUserIds: new Set(call.caller.type === 'user' ? [call.caller.userId] : []),
    describe: () => ({ kind: 'caller', fromNumber: call.caller.number, fromName: call.caller.name }),
    async offer(agents, ringMs) {
      if (left.signal.aborted) return { kind: 'unanswered' };
      const end = await offerToAgents(call, group, agents, ringMs, AbortSignal.any([call.abort, left.signal]), offered);
      if (end.kind !== 'connected') return { kind: 'unanswered' };
      if (left.signal.aborted || connection !== null) {
        // The caller left in the same moment the agent answered: the agent's leg is ended.
        end.connection.release?.();
        void end.connection.callee.bye('the caller left the queue');
        return { kind: 'unanswered' };
      }
      connection = end.connection;
      answered.abort();
      call.log.path({ type: 'user', id: end.user.id, name: end.user.name });
      wake();
      return { kind: 'answered', userId: end.user.id };
    },
  };
  const ticket = queues.join(call.organisationId, group, entry);
  const joinedAt = clock.now();

  // --- music on hold, continuing across announcements.
  const musicMs = (music.length * 1000) / 8000;
  let musicOffsetMs = 0;
  let musicStartedAt: number | null = null;
  const holdMusic: HoldMusic = {
    resume() {
      if (musicStartedAt !== null || call.abort.aborted || connection !== null) return;
      musicStartedAt = clock.now();
      void call.media
        .play('caller', { clips: [music], loop: true, bargeIn: false, offsetMs: musicOffsetMs })
        .catch((error: unknown) => logger.debug('music on hold ended', { error: String(error) }));
    },
    async pause() {
      if (musicStartedAt === null) return;
      musicOffsetMs = musicMs > 0 ? (musicOffsetMs + clock.now() - musicStartedAt) % musicMs : 0;
      musicStartedAt = null;
      await call.media.stopPlaying('caller');
    },
  };

  // --- announcements, key presses, the maximum wait.
  // R14: the callback offer is part of the announcements, once the caller has waited long enough.
  const announces = queue.announcePosition || queue.announceExpectedWait || queue.callback.enabled;
  let announcementDue = announces;
  let announcing = false;
  /** The announcement is playing (its audio ready): the music is paused meanwhile, and only then. */
  let speaking = false;
  let finished = false;
  const timers = new Set<ReturnType<typeof clock.setTimeout>>();
  const after = (ms: number, then: () => void) => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      then();
      wake();
    }, ms);
    timers.add(timer);
  };
  const deadline = joinedAt + queue.maxWaitSeconds * 1000;
  // The timer's firing is the deadline: a timer may fire a millisecond before the clock reads the
  // deadline, and with no later event to wake the loop the caller would wait for ever.
  let overdue = false;
  after(queue.maxWaitSeconds * 1000, () => (overdue = true));
  const pressed: Dtmf[] = [];
  const unsubscribe = call.media.on((event) => {
    if (event.type === 'digit' && event.side === 'caller' && keys.has(event.digit)) {
      pressed.push(event.digit);
      wake();
    }
  });
  const onAbort = () => wake();
  call.abort.addEventListener('abort', onAbort);

  const announce = async () => {
    announcing = true;
    // The interval runs from when the caller began to hear the last announcement (or, when it had
    // nothing to say, from when it was looked at): its making — speech synthesised the first time —
    // never shortens the time between two announcements the caller hears.
    let startedAt = clock.now();
    try {
      const current = (await directory.responseGroup(call.organisationId, group.id)) ?? group;
      const position = ticket.position();
      const texts: string[] = [];
      if (position > 0 && current.settings.queue.announcePosition) texts.push(positionPhrase(call.language, position));
      if (position > 0 && current.settings.queue.announceExpectedWait) {
        const agents = await queues.agentsWithPlaceToRing(call.organisationId, current);
        const seconds = expectedWaitSeconds(position, agents.length, queues.handlingTimes(group.id));
        if (seconds !== null) texts.push(expectedWaitPhrase(call.language, seconds));
      }
      const callbackOffer = position > 0 ? callbackOfferText(call, current, ticket.queuedAt, clock.now()) : null;
      if (callbackOffer !== null) texts.push(callbackOffer);
      const clips = await promptClips(
        call,
        texts.map((text) => say(call.language, text)),
      );
      // A key pressed meanwhile is answered first; the position comes again at the next interval.
      if (clips.length > 0 && connection === null && !call.abort.aborted && pressed.length === 0 && !finished) {
        speaking = true;
        await holdMusic.pause();
        startedAt = clock.now();
        await call.media.play('caller', { clips, bargeIn: false });
      }
    } catch (error) {
      logger.warn('a queue announcement could not be played', { responseGroupId: group.id, error: String(error) });
    } finally {
      announcing = false;
      speaking = false;
      if (!finished)
        after(
          Math.max(0, startedAt + queue.announcementIntervalSeconds * 1000 - clock.now()),
          () => (announcementDue = true),
        );
      wake();
    }
  };

  /** Nothing plays any more: the caller goes on to a destination. */
  const silence = async () => {
    await holdMusic.pause();
    await call.media.stopPlaying('caller');
  };

  const finish = (): void => {
    finished = true;
    ticket.leave();
    left.abort();
    unsubscribe();
    call.abort.removeEventListener('abort', onAbort);
    for (const timer of timers) clock.clearTimeout(timer);
    call.log.queueWait((clock.now() - ticket.queuedAt) / 1000);
  };

  try {
    for (;;) {
      if (connection !== null) return { kind: 'connected', connection };
      if (call.abort.aborted) return { kind: 'aborted' };
      if (overdue || clock.now() >= deadline) {
        await silence();
        return { kind: 'maxWait' };
      }
      if (announcing && pressed.length > 0) {
        // A key cuts the announcement short (it ends, and wakes the loop).
        await silence();
        await woken();
        continue;
      }
      const key = pressed.shift();
      if (key !== undefined) {
        const handled = await keys.get(key)!({ call, group, ticket, music: holdMusic, answered: answered.signal });
        // Keys pressed while a handler ran were its own (the digits of a callback number).
        pressed.length = 0;
        // An agent who answered while the handler ran takes the call (their leg is up already).
        if (handled.kind === 'leave' && connection === null) {
          await silence();
          return { kind: 'left', result: handled.result };
        }
        holdMusic.resume();
        continue;
      }
      if (announcementDue && !announcing) {
        announcementDue = false;
        void announce();
      }
      // The music plays while the announcement's speech is still being made (a new text is
      // synthesised first), so a caller never waits in silence; it pauses only while speech plays.
      if (!speaking) holdMusic.resume();
      await woken();
    }
  } finally {
    finish();
  }
}
