/**
 * The callback key of a group's queue (R14), the waiting caller's side: the key handler the
 * queue's waiting loop (flow/waitInQueue.ts) runs for `queue.callback.key`, and the offer its
 * announcements include. Once the caller has waited `offerAfterSeconds`, the announcements say
 * "Tryck 1 om du vill bli uppringd, du behåller din plats i kön"; the key then runs the request
 * (queue/callback/requestCallback.ts: own number or a typed one, checked against the
 * organisation's outbound rules). Confirmed: the call's path ends with a `callback` step, a
 * callback entry takes the caller's place (queue/callback/callbacks.ts) and the switch hangs up
 * (outcome `callback`). Not confirmed: the caller goes on waiting where they were.
 */
import type { ResponseGroup } from '@vaxel/domain';
import { DigitQueue } from './collectDigits.ts';
import { callbackOffer } from '../queue/callback/callbackPhrases.ts';
import { requestCallback } from '../queue/callback/requestCallback.ts';
import type { FlowCall } from './step.ts';
import type { QueueKeyContext, QueueKeyResult } from './waitInQueue.ts';

/** What the key handler gets of the waiting loop. */

/** Whether the group offers callbacks to this caller now (enabled, and waited long enough). */
export function callbackOffered(group: ResponseGroup, queuedAt: number, now: number): boolean {
  const { callback } = group.settings.queue;
  return callback.enabled && now - queuedAt >= callback.offerAfterSeconds * 1000;
}

/** The offer, as part of an announcement, once it is due; null before or without callbacks. */
export function callbackOfferText(
  call: Pick<FlowCall, 'language'>,
  group: ResponseGroup,
  queuedAt: number,
  now: number,
): string | null {
  return callbackOffered(group, queuedAt, now) ? callbackOffer(call.language, group.settings.queue.callback.key) : null;
}

export async function callbackKey({ call, group, ticket, music, answered }: QueueKeyContext): Promise<QueueKeyResult> {
  const { directory, clock, callbacks, logger } = call.services;
  if (!callbackOffered(group, ticket.queuedAt, clock.now())) return { kind: 'stay' };
  const [organisation, rules, organisationNumbers] = await Promise.all([
    directory.organisation(call.organisationId),
    directory.outboundRules(call.organisationId),
    directory.organisationNumbers(call.organisationId),
  ]);
  if (!organisation) return { kind: 'stay' };
  await music.pause();
  const keys = new DigitQueue(call.media);
  // An agent taking the call meanwhile ends the request: the caller is bridged instead.
  const requesting = {
    organisationId: call.organisationId,
    media: call.media,
    caller: call.caller,
    language: call.language,
    services: call.services,
    abort: AbortSignal.any([call.abort, answered]),
  };
  let request;
  try {
    request = await requestCallback(requesting, keys, { country: organisation.country, rules, organisationNumbers });
  } finally {
    keys.close();
  }
  // An agent who took the call as the caller confirmed talks with them now: no callback.
  if (request.kind !== 'confirmed' || answered.aborted) return { kind: 'stay' };
  try {
    await callbacks.request({
      organisationId: call.organisationId,
      language: call.language,
      group,
      number: request.number,
      requestedByCallId: call.id,
      queuedAt: ticket.queuedAt,
    });
  } catch (error) {
    // The caller heard "we will call you back": they keep waiting rather than lose their place.
    logger.error('a confirmed callback could not be queued; the caller keeps waiting', {
      callId: call.id,
      error: String(error),
    });
    return { kind: 'stay' };
  }
  call.log.path({ type: 'callback', id: null, name: request.number });
  return { kind: 'leave', result: { kind: 'end', cause: { by: 'flow', outcome: 'callback' } } };
}
