/**
 * A call to a response group (R14–R17, R75): the group's opening hours first, in the
 * organisation's time zone (weekly hours and dated exceptions, the domain's `isOpen`). Closed:
 * the closed prompt, if any, then the closed destination. Open: the welcome prompt, if any; then
 * a full queue (`maxQueueLength` waiting) sends the caller to `queueFullDestination`, and a group
 * with no agent who could take the call (logged in, or not skipped, with a place to ring) to
 * `noAgentsDestination` when `whenNoAgents` is `refuse`; otherwise the caller waits in the queue
 * (flow/waitInQueue.ts) with music on hold and announcements until an agent answers — bridged,
 * and named in the call log —, the voicemail key takes them to the group's voicemail, or the wait
 * reaches `maxWaitSeconds`: then `limitReachedDestination`. "Voicemail" in the group's settings
 * is the group's own box.
 *
 * `needs: 'either'`: the step answers the caller itself, only when it has something to play or a
 * queue to hold them in, so a group that is closed without a prompt, or is full, or has nobody to
 * ring, sends the call on without answering it (as ringUser does), and a deleted group is
 * refused with 404.
 */
import { isOpen, type Destination, type Prompt, type ResponseGroup, type TelephonyAudio } from '@vaxel/domain';
import { holdMusic } from '@vaxel/media';
import { abortedCause, refusal, refuse } from '../../call/endCauses.ts';
import type { Dtmf } from '../../media/callMedia.ts';
import { playToCaller, promptClips } from '../playPrompts.ts';
import type { FlowCall, Step, StepResult } from '../step.ts';
import { callbackKey } from '../callbackKey.ts';
import { waitInQueue, type QueueKeyHandler } from '../waitInQueue.ts';

/** The switch's own music on hold, for groups without a music file (made once, shared by every call). */
const BUILT_IN_HOLD_MUSIC = holdMusic();

export const responseGroup: Step<'responseGroup'> = {
  needs: 'either',
  async run(call, { responseGroupId }) {
    const { directory, clock, queues, logger } = call.services;
    const [group, organisation] = await Promise.all([
      directory.responseGroup(call.organisationId, responseGroupId),
      directory.organisation(call.organisationId),
    ]);
    if (!group) return refuse(refusal(404, 'Not Found', 'response group no longer exists', 'failed'));
    if (!organisation)
      return { kind: 'end', cause: { by: 'failure', detail: 'the organisation of the call no longer exists' } };
    call.log.path({ type: 'responseGroup', id: group.id, name: group.name });
    const { schedule, queue } = group.settings;

    if (!isOpen(schedule.openingHours, new Date(clock.now()), organisation.timeZone)) {
      const closed = await say(call, schedule.closedPrompt);
      if (closed) return closed;
      return { kind: 'next', destination: groupVoicemail(schedule.closedDestination, group), cause: 'routed' };
    }

    const welcomed = await say(call, schedule.welcomePrompt);
    if (welcomed) return welcomed;
    // Operators asking "why did this go to voicemail?" find the answer in these lines.
    if (queues.length(call.organisationId, group.id) >= queue.maxQueueLength) {
      logger.info('response group: the queue is full', {
        responseGroupId: group.id,
        callId: call.id,
        maxQueueLength: queue.maxQueueLength,
      });
      return { kind: 'next', destination: groupVoicemail(queue.queueFullDestination, group), cause: 'busy' };
    }
    if (queue.whenNoAgents === 'refuse') {
      const except = new Set(call.caller.type === 'user' ? [call.caller.userId] : []);
      if ((await queues.agentsWithPlaceToRing(call.organisationId, group, except)).length === 0) {
        logger.info('response group: no agent logged in with a place to ring', {
          responseGroupId: group.id,
          callId: call.id,
        });
        return { kind: 'next', destination: groupVoicemail(queue.noAgentsDestination, group), cause: 'unanswered' };
      }
    }
    if (!(await answer(call)))
      return { kind: 'end', cause: { by: 'failure', detail: 'the caller could not be answered' } };
    if (call.abort.aborted) return { kind: 'end', cause: abortedCause(call.abort) };

    const waited = await waitInQueue(call, group, await holdMusicOf(call, group), queueKeys(group));
    switch (waited.kind) {
      case 'connected':
        // The bridge stops the music (CallMedia.bridge).
        return { kind: 'connected', connection: waited.connection };
      case 'aborted':
        return { kind: 'end', cause: abortedCause(call.abort) };
      case 'left':
        return waited.result;
      case 'maxWait':
        logger.info('response group: no agent answered within the maximum wait', {
          responseGroupId: group.id,
          callId: call.id,
        });
        return { kind: 'next', destination: groupVoicemail(queue.limitReachedDestination, group), cause: 'unanswered' };
    }
  },
};

/**
 * The keys a waiting caller may press (R14): the voicemail key leaves the queue for the group's
 * voicemail; the callback key (R14, "callback that keeps the caller's place") asks for a callback
 * (flow/callbackKey.ts).
 */
export function queueKeys(group: ResponseGroup): Map<Dtmf, QueueKeyHandler> {
  const keys = new Map<Dtmf, QueueKeyHandler>();
  const { voicemailKey } = group.settings.queue;
  if (voicemailKey !== null) {
    keys.set(voicemailKey, async () => ({
      kind: 'leave',
      result: { kind: 'next', destination: groupVoicemail({ type: 'voicemail' }, group), cause: 'routed' },
    }));
  }
  // Should the group's two keys be the same, leaving for voicemail wins.
  const { callback } = group.settings.queue;
  if (callback.enabled && !keys.has(callback.key)) {
    keys.set(callback.key, callbackKey);
  }
  return keys;
}

/** "Voicemail" without an owner in a group's settings is the group's own box (domain destination.ts). */
export function groupVoicemail(destination: Destination, group: Pick<ResponseGroup, 'id'>): Destination {
  return destination.type === 'voicemail' && !destination.owner
    ? { type: 'voicemail', owner: { type: 'responseGroup', responseGroupId: group.id } }
    : destination;
}

/** Answers the caller unless the switch has already; false when no ACK came. */
async function answer(call: FlowCall): Promise<boolean> {
  if (call.leg.answered) return true;
  try {
    await call.leg.answer();
    return true;
  } catch (error) {
    call.services.logger.warn('the caller of a response group could not be answered', { error: String(error) });
    return false;
  }
}

/**
 * Plays a group's prompt to the caller (answering them first), to its end: nothing happens
 * without a prompt. Returns the end of the call when the caller hung up or could not be answered,
 * else null.
 */
async function say(call: FlowCall, prompt: Prompt | null): Promise<StepResult | null> {
  if (prompt === null) return null;
  if (!(await answer(call)))
    return { kind: 'end', cause: { by: 'failure', detail: 'the caller could not be answered' } };
  const played = await playToCaller(call, await promptClips(call, [prompt]), { bargeIn: false });
  return played.reason === 'hungUp' || call.abort.aborted ? { kind: 'end', cause: abortedCause(call.abort) } : null;
}

/** The group's music file from the audio library, or the built-in music when it has none or it cannot be had. */
async function holdMusicOf(call: FlowCall, group: ResponseGroup): Promise<TelephonyAudio> {
  const audioFileId = group.settings.queue.musicOnHoldAudioFileId;
  if (audioFileId === null) return BUILT_IN_HOLD_MUSIC;
  const [clip] = await promptClips(call, [{ type: 'audioFile', audioFileId }]);
  return clip ?? BUILT_IN_HOLD_MUSIC;
}
