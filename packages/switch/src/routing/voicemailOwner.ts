import type { Destination, RoutingSettings, VoicemailBoxOwner } from '@vaxel/domain';

/**
 * "Voicemail" in a person's or a group's settings means their own box (domain destination.ts:
 * a voicemail destination without an owner is the box of whoever the setting belongs to). The
 * switch binds the owner where it reads the setting, so the voicemail step always knows whose
 * box a call was sent to, however many steps lie between (a forward, a menu key).
 */
export function withVoicemailOwner(destination: Destination, owner: VoicemailBoxOwner): Destination {
  return destination.type === 'voicemail' && !destination.owner ? { type: 'voicemail', owner } : destination;
}

/** A user's routing settings with their unanswered, busy and rejected voicemail bound to their box. */
export function routingWithVoicemailOwner(settings: RoutingSettings, userId: string): RoutingSettings {
  const owner: VoicemailBoxOwner = { type: 'user', userId };
  return {
    ...settings,
    unansweredDestination: withVoicemailOwner(settings.unansweredDestination, owner),
    busyDestination: withVoicemailOwner(settings.busyDestination, owner),
    rejectedDestination: withVoicemailOwner(settings.rejectedDestination, owner),
  };
}
