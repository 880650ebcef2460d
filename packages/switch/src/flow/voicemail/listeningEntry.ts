import type { VoicemailBoxOwner } from '@vaxel/domain';

/** The feature code a user dials from their own phone to hear their own box, without a PIN (R76). */
export const OWN_VOICEMAIL_CODE = '*98';

/**
 * How a call opens voicemail to listen (R76):
 * - `ownBox`: a user dialled `*98` from their own phone: their box, no PIN (the phone's SIP
 *   login is the proof);
 * - `askForBox`: the organisation's voicemail access (a number or an extension): the caller
 *   enters the box's extension and its PIN, from any phone.
 */
export type ListeningEntry = { kind: 'ownBox'; owner: VoicemailBoxOwner } | { kind: 'askForBox' };
