import { z } from 'zod';

/**
 * Issue 10 "Toll fraud": how much an organisation may call out through the trunks before the switch
 * refuses. A stolen account or phone is used to call premium and far-away numbers as fast and as
 * long as it can; these bounds cap the damage of what the per-number rules allow. Emergency calls
 * never count against them and are never refused by them.
 */
export const InternationalSpike = z
  .object({
    calls: z.number().int().min(2).max(1000).describe('This many international calls …'),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .describe('… within this many seconds block international calls until an admin lifts the block'),
  })
  .strict();
export type InternationalSpike = z.infer<typeof InternationalSpike>;

export const OutboundLimits = z
  .object({
    concurrentCalls: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('Outbound calls through the trunks in progress at once'),
    minutesPerHour: z
      .number()
      .int()
      .min(1)
      .max(60000)
      .describe('Outbound talk minutes within any hour (calls in progress included)'),
    internationalSpike: InternationalSpike,
  })
  .strict();
export type OutboundLimits = z.infer<typeof OutboundLimits>;

/** What an organisation starts with; a small office seldom has ten lines out at once. */
export function factoryOutboundLimits(): OutboundLimits {
  return { concurrentCalls: 10, minutesPerHour: 300, internationalSpike: { calls: 10, seconds: 60 } };
}
