import {
  checkReferences,
  mayListenToRecording,
  recordingInvolvement,
  type RecordingListing,
  type RecordingViewer,
  checkSpokenLanguages,
  Conflict,
  NotFound,
  RuleViolation,
  type RecordingPolicy,
  type RecordingPolicyCreate,
  type RecordingPolicyUpdate,
  type RecordingScope,
} from '@vaxel/domain';
import type { Repositories, Store, UserRecord } from '@vaxel/store';
import { deleteRecording, fileKeys, type FileStore } from '@vaxel/store';
import { forbidden } from '../problem.ts';
import { destinationFacts } from '../organisation/orgData.ts';
import type { Speech } from '../settingsValidation.ts';

/** R56, R57: recording policies per organisation, group and user; recorded calls. */
export class RecordingService {
  constructor(
    private readonly store: Store,
    private readonly files: FileStore,
    private readonly speech: Speech,
  ) {}

  listPolicies(organisationId: string): Promise<RecordingPolicy[]> {
    return this.store.recordings.listPolicies(organisationId);
  }

  async getPolicy(organisationId: string, id: string): Promise<RecordingPolicy> {
    return requirePolicy(this.store, organisationId, id);
  }

  /** One policy per scope: the most specific governs a call (see governingPolicy). */
  createPolicy(organisationId: string, input: RecordingPolicyCreate): Promise<RecordingPolicy> {
    return this.store.transaction(async (tx) => {
      const known = await destinationFacts(tx, organisationId);
      checkScope(input.scope, known);
      checkReferences({ announcement: input.announcement }, 'responseGroup', known);
      checkSpokenLanguages({ announcement: input.announcement }, (tag) => this.speech.supportsLanguage(tag));
      const existing = (await tx.recordings.listPolicies(organisationId)).find((p) => sameScope(p.scope, input.scope));
      if (existing)
        throw new Conflict('conflict', 'There is already a recording policy for this scope; edit it instead.', {
          id: existing.id,
        });
      return tx.recordings.createPolicy(organisationId, input);
    });
  }

  updatePolicy(organisationId: string, id: string, input: RecordingPolicyUpdate): Promise<RecordingPolicy> {
    return this.store.transaction(async (tx) => {
      const policy = await requirePolicy(tx, organisationId, id);
      const next: RecordingPolicy = {
        ...policy,
        mode: input.mode ?? policy.mode,
        announcement: input.announcement !== undefined ? input.announcement : policy.announcement,
        retentionDays: input.retentionDays ?? policy.retentionDays,
      };
      checkReferences({ announcement: next.announcement }, 'responseGroup', await destinationFacts(tx, organisationId));
      checkSpokenLanguages({ announcement: next.announcement }, (tag) => this.speech.supportsLanguage(tag));
      return tx.recordings.updatePolicy(organisationId, next);
    });
  }

  deletePolicy(organisationId: string, id: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      await requirePolicy(tx, organisationId, id);
      await tx.recordings.deletePolicy(organisationId, id);
    });
  }

  /** Who is asking, for the access rule (mayListenToRecording): their permission and supervised groups. */
  async viewer(organisationId: string, user: UserRecord): Promise<RecordingViewer> {
    const phoneSystem = user.permissions.includes('phone_system');
    const groups = phoneSystem ? [] : await this.store.responseGroups.list(organisationId);
    return {
      userId: user.id,
      phoneSystem,
      supervisedGroupIds: groups.filter((g) => g.supervisorIds.includes(user.id)).map((g) => g.id),
    };
  }

  /** R57: the recordings the viewer may hear, newest first with their calls. */
  async list(
    organisationId: string,
    viewer: RecordingViewer,
    page: { limit: number; cursor?: string; callId?: string },
  ): Promise<{ recordings: RecordingListing[]; nextCursor: string | null }> {
    const involving = recordingInvolvement(viewer);
    try {
      return await this.store.recordings.search(organisationId, { ...page, ...(involving ? { involving } : {}) });
    } catch (error) {
      if (page.cursor) throw new RuleViolation([{ path: 'cursor', message: 'is not a cursor this API gave out' }]);
      throw error;
    }
  }

  async get(organisationId: string, viewer: RecordingViewer, id: string): Promise<RecordingListing> {
    const recording = await this.store.recordings.get(organisationId, id);
    if (!recording) throw new NotFound('Recording', id);
    const [listing] = (
      await this.store.recordings.search(organisationId, { limit: 500, callId: recording.callId })
    ).recordings.filter((r) => r.id === id);
    const withCall: RecordingListing = listing ?? { ...recording, call: null };
    if (!mayListenToRecording(viewer, withCall.call))
      throw forbidden('This recording is of a call you were not in and whose group you do not supervise.');
    return withCall;
  }

  async content(organisationId: string, viewer: RecordingViewer, id: string): Promise<Buffer> {
    await this.get(organisationId, viewer, id);
    const wav = await this.files.get(fileKeys.recording(organisationId, id));
    if (!wav) throw new NotFound('Recording content', id);
    return wav;
  }

  /** An admin deletes a recording before its retention ends: the audio and the row (the audit log records it). */
  async delete(organisationId: string, id: string): Promise<void> {
    const recording = await this.store.recordings.get(organisationId, id);
    if (!recording) throw new NotFound('Recording', id);
    await deleteRecording(this.store.recordings, this.files, organisationId, id);
  }
}

async function requirePolicy(repos: Repositories, organisationId: string, id: string): Promise<RecordingPolicy> {
  const policy = await repos.recordings.getPolicy(organisationId, id);
  if (!policy) throw new NotFound('Recording policy', id);
  return policy;
}

function checkScope(scope: RecordingScope, known: { userIds: Set<string>; responseGroupIds: Set<string> }): void {
  if (scope.type === 'user' && !known.userIds.has(scope.userId)) {
    throw new RuleViolation([{ path: 'scope.userId', message: `no user ${scope.userId} in this organisation` }]);
  }
  if (scope.type === 'responseGroup' && !known.responseGroupIds.has(scope.responseGroupId)) {
    throw new RuleViolation([
      { path: 'scope.responseGroupId', message: `no response group ${scope.responseGroupId} in this organisation` },
    ]);
  }
}

function sameScope(a: RecordingScope, b: RecordingScope): boolean {
  if (a.type === 'organisation' || b.type === 'organisation') return a.type === b.type;
  if (a.type === 'user' && b.type === 'user') return a.userId === b.userId;
  if (a.type === 'responseGroup' && b.type === 'responseGroup') return a.responseGroupId === b.responseGroupId;
  return false;
}
