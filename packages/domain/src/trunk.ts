import { z } from 'zod';
import { Id } from './primitives.ts';
import { DisplayName, refuseUnsafeText } from './text.ts';

/**
 * What a call forwarded out through the trunk presents (RFC 5806, issue 10). Carriers differ: many
 * pass on a caller ID that is not their customer's only when a `Diversion` header names the
 * customer's number that diverted it; others refuse every number that is not the customer's.
 * - `original_with_diversion` (the default): From and P-Asserted-Identity the original caller,
 *   Diversion the number of the organisation the call was diverted from — the callee sees who
 *   really calls;
 * - `organisation_number`: From and P-Asserted-Identity the organisation's number the call was
 *   diverted from (the forwarding user's own, or the number dialled, else the main number), no
 *   Diversion.
 */
export const ForwardedCallerId = z
  .enum(['original_with_diversion', 'organisation_number'])
  .describe(
    'What a call forwarded out through this trunk presents: the original caller with a Diversion (RFC 5806) naming the forwarding number, or the organisation’s number without Diversion',
  );
export type ForwardedCallerId = z.infer<typeof ForwardedCallerId>;

/** R1: a SIP trunk to a carrier, configured by the operator. */
export const Trunk = z.object({
  id: Id,
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  transport: z.enum(['udp', 'tcp']),
  /** Source addresses calls from this carrier come from (inbound is trusted by address). */
  inboundAddresses: z.array(z.string()),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  /** Organisations whose outbound calls use this trunk; empty means all. */
  organisationIds: z.array(Id),
  forwardedCallerId: ForwardedCallerId,
});
export type Trunk = z.infer<typeof Trunk>;

const IpAddress = z.union([z.ipv4(), z.ipv6()]);

const trunkFields = {
  name: DisplayName,
  host: z.string().trim().min(1).max(255).superRefine(refuseUnsafeText()),
  port: z.number().int().min(1).max(65535),
  transport: z.enum(['udp', 'tcp']),
  inboundAddresses: z.array(IpAddress).max(50),
  username: z.string().min(1).max(100).superRefine(refuseUnsafeText()).nullable(),
  password: z.string().min(1).max(128),
  organisationIds: z.array(Id).max(10000),
  forwardedCallerId: ForwardedCallerId,
};

export const TrunkCreate = z
  .object({
    ...trunkFields,
    port: trunkFields.port.default(5060),
    transport: trunkFields.transport.default('udp'),
    inboundAddresses: trunkFields.inboundAddresses.default([]),
    username: trunkFields.username.default(null),
    password: trunkFields.password.optional(),
    organisationIds: trunkFields.organisationIds.default([]),
    forwardedCallerId: trunkFields.forwardedCallerId.default('original_with_diversion'),
  })
  .strict();
export type TrunkCreate = z.infer<typeof TrunkCreate>;

/** A PATCH: only the fields given change (no defaults, which would reset the rest). */
export const TrunkUpdate = z.object(trunkFields).partial().strict();
export type TrunkUpdate = z.infer<typeof TrunkUpdate>;
