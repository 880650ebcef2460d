import { z } from 'zod';
import { Id } from './primitives.ts';

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
});
export type Trunk = z.infer<typeof Trunk>;

const IpAddress = z.union([z.ipv4(), z.ipv6()]);

export const TrunkCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(5060),
    transport: z.enum(['udp', 'tcp']).default('udp'),
    inboundAddresses: z.array(IpAddress).max(50).default([]),
    username: z.string().min(1).max(100).nullable().default(null),
    password: z.string().min(1).max(128).optional(),
    organisationIds: z.array(Id).max(10000).default([]),
  })
  .strict();
export type TrunkCreate = z.infer<typeof TrunkCreate>;
export const TrunkUpdate = TrunkCreate.partial().strict();
export type TrunkUpdate = z.infer<typeof TrunkUpdate>;
