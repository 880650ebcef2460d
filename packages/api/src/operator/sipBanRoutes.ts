import { isIP } from 'node:net';
import { NotFound, SipBansView, type SipBans } from '@vaxel/domain';
import { z } from 'zod';
import type { App } from '../http/app.ts';

const AddressParams = z.object({
  address: z
    .string()
    .max(64)
    .refine((address) => isIP(address) !== 0, 'must be an IPv4 or IPv6 address'),
});

/** Without a switch in the process there is nothing banned and nothing to lift. */
const noSwitch: SipBans = { list: () => ({ bans: [], addresses: [], pairs: [] }), lift: () => false };

/**
 * Issue 10: the SIP edge's bans and failure counters for the operator, and lifting one ban. The
 * switch keeps them (in memory); the api reads them through the domain's `SipBans` port.
 */
export function sipBanRoutes(app: App, sipBans: SipBans | undefined): void {
  const bans = sipBans ?? noSwitch;
  const config = { permission: 'operator' as const };
  const tags = ['operator'];
  app.get('/operator/sip-bans', {
    config,
    schema: {
      tags,
      summary:
        'Banned SIP source addresses, and failed digests counted per address and per (user, address) in the current window',
      response: { 200: SipBansView },
    },
    handler: () => bans.list(),
  });
  app.delete('/operator/sip-bans/:address', {
    // Bans are not settings: the lift is told as the SIP security event `unban by=operator`.
    config: {
      ...config,
      audit: { skip: 'a ban is switch state, not a setting; the switch logs the security event unban by=operator' },
    },
    schema: {
      tags,
      summary: 'Lift the ban on an address (404 when it is not banned)',
      params: AddressParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      if (!bans.lift(req.params.address)) throw new NotFound('SIP ban', req.params.address);
      return reply.code(204).send(null);
    },
  });
}
