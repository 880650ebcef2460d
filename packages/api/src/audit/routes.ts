import { AuditActor, AuditEntry, AuditPage, AuditSearch, Id, NotFound } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { z } from 'zod';
import { Instant, OrgParams, type App } from '../http/app.ts';

const AuditQuery = AuditSearch.extend({ from: Instant.optional(), to: Instant.optional() }).strict();
const OperatorAuditQuery = AuditQuery.extend({
  organisationId: Id.optional().describe("One organisation's entries instead of the platform's own"),
}).strict();
const EntryParams = OrgParams.extend({ entryId: Id });
const tags = ['audit-log'];

/**
 * The audit log for an organisation's admins (phone_system: they may see who changed what) and
 * the operator (the platform's own entries, or one organisation's). Reading it is not audited.
 */
export function auditLogRoutes(app: App, store: Store): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/audit-log', {
    config,
    schema: {
      tags,
      summary: 'Who changed which setting when, and security events (newest first, paged by cursor)',
      params: OrgParams,
      querystring: AuditQuery,
      response: { 200: AuditPage },
    },
    handler: (req) => store.auditLog.search(req.params.orgId, req.query),
  });
  app.get('/orgs/:orgId/audit-log/actors', {
    config,
    schema: {
      tags,
      summary: 'The people who appear in the audit log, for its person filter',
      params: OrgParams,
      response: { 200: z.array(AuditActor) },
    },
    handler: (req) => store.auditLog.actors(req.params.orgId),
  });
  app.get('/orgs/:orgId/audit-log/:entryId', {
    config,
    schema: { tags, params: EntryParams, response: { 200: AuditEntry } },
    handler: async (req) => {
      const entry = await store.auditLog.get(req.params.orgId, req.params.entryId);
      if (!entry) throw new NotFound('audit log entry', req.params.entryId);
      return entry;
    },
  });
  app.get('/operator/audit-log', {
    config: { permission: 'operator' },
    schema: {
      tags: ['operator'],
      summary: "The platform's audit log (trunks, logins of unknown emails), or one organisation's",
      querystring: OperatorAuditQuery,
      response: { 200: AuditPage },
    },
    handler: async (req) => {
      const { organisationId, ...query } = req.query;
      return store.auditLog.search(organisationId ?? null, query);
    },
  });
}
