import { z } from 'zod';
import { E164, Id } from './primitives.ts';
import { Prompt } from './prompt.ts';

/**
 * Where a call goes next: the one union used by every "then send the call to …" setting
 * (IVR keys, queue limits, closed handling, unanswered/busy/rejected handling, unassigned numbers).
 *
 * - `voicemail` without an owner means the box of whoever the setting belongs to: the user being
 *   called (call-routing settings) or the response group (group settings). IVR menus and the
 *   unassigned-number rule must name the owner (see destinationRules.ts).
 * - `repeatMenu` only makes sense inside an IVR menu.
 * - `busyTone` ends the call with a busy signal (SIP 486), for rejected and busy handling.
 */
export const Destination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: Id }).strict(),
  z.object({ type: z.literal('responseGroup'), responseGroupId: Id }).strict(),
  z.object({ type: z.literal('ivrMenu'), ivrMenuId: Id }).strict(),
  z
    .object({
      type: z.literal('voicemail'),
      owner: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('user'), userId: Id }).strict(),
          z.object({ type: z.literal('responseGroup'), responseGroupId: Id }).strict(),
        ])
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('externalNumber'), number: E164 }).strict(),
  z.object({ type: z.literal('playMessage'), prompt: Prompt }).strict(),
  z.object({ type: z.literal('repeatMenu') }).strict(),
  z.object({ type: z.literal('busyTone') }).strict(),
  z.object({ type: z.literal('hangup') }).strict(),
]);
export type Destination = z.infer<typeof Destination>;
export type DestinationType = Destination['type'];
