/**
 * A call to a response group (R14–R16, R75; the basic flow — queue positions, announcements,
 * strategies, callbacks and wrap-up are issue 9's): the group's opening hours first, in the
 * organisation's time zone (weekly hours and dated exceptions, the domain's `isOpen`). Closed:
 * the closed prompt, if any, then the closed destination. Open: the welcome prompt, if any, then
 * the caller waits with music on hold while the group's agents are rung (queue/waitForAgent.ts)
 * until one answers — bridged, and named in the call log — or the wait reaches
 * `queue.maxWaitSeconds`, or no agent is reachable: then `queue.limitReachedDestination`.
 * "Voicemail" in the group's settings is the group's own box.
 *
 * `needs: 'either'`: the step answers the caller itself, only when it has something to play or a
 * queue to hold them in, so a group that is closed without a prompt, or has nobody to ring, sends
 * the call on without answering it (as ringUser does), and a deleted group is refused with 404.
 */
import { isOpen, type Destination, type Prompt, type ResponseGroup, type TelephonyAudio } from '@vaxel/domain';
import { holdMusic } from '@vaxel/media';
import { abortedCause, refusal, refuse } from '../../call/endCauses.ts';
import { waitForAgent } from '../../queue/waitForAgent.ts';
import { playToCaller, promptClips } from '../playPrompts.ts';
import type { FlowCall, Step, StepResult } from '../step.ts';

/** The switch's own music on hold, for groups without a music file (made once, shared by every call). */
const BUILT_IN_HOLD_MUSIC = holdMusic();

export const responseGroup: Step<'responseGroup'> = {
  needs: 'either',
  async run(call, { responseGroupId }) {
    const { directory, clock } = call.services;
    const [group, organisation] = await Promise.all([directory.responseGroup(call.organisationId, responseGroupId), directory.organisation(call.organisationId)]);
    if (!group) return refuse(refusal(404, 'Not Found', 'response group no longer exists', 'failed'));
    if (!organisation) return { kind: 'end', cause: { by: 'failure', detail: 'the organisation of the call no longer exists' } };
    call.log.path({ type: 'responseGroup', id: group.id, name: group.name });
    const { schedule, queue } = group.settings;

    if (!isOpen(schedule.openingHours, new Date(clock.now()), organisation.timeZone)) {
      const closed = await say(call, schedule.closedPrompt);
      if (closed) return closed;
      return { kind: 'next', destination: groupVoicemail(schedule.closedDestination, group), cause: 'routed' };
    }

    const welcomed = await say(call, schedule.welcomePrompt);
    if (welcomed) return welcomed;
    let music = false;
    const waited = await waitForAgent(call, group, async () => {
      if (!(await answer(call))) return false;
      const clip = await holdMusicOf(call, group);
      music = true;
      void call.media.play('caller', { clips: [clip], loop: true, bargeIn: false }).catch((error: unknown) => call.services.logger.debug('music on hold ended', { error: String(error) }));
      return true;
    });
    switch (waited.kind) {
      case 'connected':
        // The bridge stops the music (CallMedia.bridge).
        return { kind: 'connected', connection: waited.connection };
      case 'aborted':
        return { kind: 'end', cause: abortedCause(call.abort) };
      case 'notAnswered':
        return { kind: 'end', cause: { by: 'failure', detail: 'the caller could not be answered' } };
      case 'nobodyReachable':
      case 'timedOut':
        if (music) await call.media.stopPlaying('caller');
        // Operators asking "why did this go to voicemail?" find the answer here.
        call.services.logger.info(waited.kind === 'timedOut' ? 'response group: no agent answered within the maximum wait' : 'response group: no agent logged in with a registered phone', { responseGroupId: group.id, callId: call.id });
        return { kind: 'next', destination: groupVoicemail(queue.limitReachedDestination, group), cause: 'unanswered' };
    }
  },
};

/** "Voicemail" without an owner in a group's settings is the group's own box (domain destination.ts). */
export function groupVoicemail(destination: Destination, group: Pick<ResponseGroup, 'id'>): Destination {
  return destination.type === 'voicemail' && !destination.owner ? { type: 'voicemail', owner: { type: 'responseGroup', responseGroupId: group.id } } : destination;
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
  if (!(await answer(call))) return { kind: 'end', cause: { by: 'failure', detail: 'the caller could not be answered' } };
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
