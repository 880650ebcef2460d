import type { AuditActor } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { createdFields, displayName, objectIdOf } from './changes.ts';
import { redacted, redactSecrets } from './redact.ts';

/**
 * Entries for objects made outside the HTTP API (the operator's command line), the same as the
 * API writes for a create. `secretFields` names secrets that were set (their values are never given).
 */
export async function recordCreated(
  store: Store,
  input: {
    at: string;
    actor: AuditActor;
    objectType: string;
    organisationId: (object: unknown) => string | null;
    objects: unknown[];
    secretFields?: string[];
  },
): Promise<void> {
  for (const object of input.objects) {
    const state = redactSecrets(object);
    await store.auditLog.append({
      organisationId: input.organisationId(object),
      at: input.at,
      actor: input.actor,
      sourceAddress: null,
      action: 'create',
      objectType: input.objectType,
      objectId: objectIdOf(object),
      objectName: displayName(state),
      changes: [...createdFields(state), ...(input.secretFields ?? []).map((field) => ({ field, after: redacted }))],
      detail: null,
    });
  }
}
