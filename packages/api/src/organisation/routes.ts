import { Language, Package, PhoneNumber } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, QueryBoolean, type App } from '../http/app.ts';
import type { Store } from '@vaxel/store';
import { requireOrganisation } from './orgData.ts';

const OrganisationSummary = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  language: Language,
  package: Package,
});
const NumbersQuery = z.object({ unassigned: QueryBoolean.optional() }).strict();

/** The organisation itself (any member) and its number inventory (phone_system). */
export function organisationRoutes(app: App, store: Store): void {
  app.get('/orgs/:orgId', {
    config: { permission: 'member' },
    schema: {
      tags: ['organisation'],
      summary: 'Organisation summary for any of its users',
      params: OrgParams,
      response: { 200: OrganisationSummary },
    },
    handler: async (req) => {
      const org = await requireOrganisation(store, req.params.orgId);
      return { id: org.id, name: org.name, timeZone: org.timeZone, language: org.language, package: org.package };
    },
  });
  app.get('/orgs/:orgId/numbers', {
    config: { permission: 'phone_system' },
    schema: {
      tags: ['numbers'],
      summary: "The organisation's numbers and what each is assigned to",
      params: OrgParams,
      querystring: NumbersQuery,
      response: { 200: z.array(PhoneNumber) },
    },
    handler: async (req) => {
      const numbers = await store.numbers.list(req.params.orgId);
      return req.query.unassigned === undefined
        ? numbers
        : numbers.filter((n) => (n.assignment === null) === req.query.unassigned);
    },
  });
}
