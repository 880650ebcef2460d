/**
 * Who may list and play a call recording (R57, issue 8): a user holding `phone_system` every
 * recording of the organisation; any other user the recordings of their own calls (they placed,
 * were called, or answered) and of calls that came through a response group they supervise.
 * Everyone else in the organisation sees nothing of it.
 */
export interface RecordingViewer {
  userId: string;
  phoneSystem: boolean;
  /** The response groups the viewer supervises. */
  supervisedGroupIds: readonly string[];
}

/** The parties of a call that decide access (a slice of CallRecord). */
export interface RecordingParties {
  fromUserId: string | null;
  toUserId: string | null;
  answeredByUserId: string | null;
  responseGroupId: string | null;
}

/** Without a call record only phone_system holders can tell whose recording it was. */
export function mayListenToRecording(viewer: RecordingViewer, call: RecordingParties | null): boolean {
  if (viewer.phoneSystem) return true;
  if (call === null) return false;
  if ([call.fromUserId, call.toUserId, call.answeredByUserId].includes(viewer.userId)) return true;
  return call.responseGroupId !== null && viewer.supervisedGroupIds.includes(call.responseGroupId);
}

/**
 * The same rule as a filter for a store query: null lets everything through (phone_system),
 * otherwise the recordings of calls involving `userId` or through one of `responseGroupIds`.
 */
export type RecordingInvolvement = { userId: string; responseGroupIds: string[] } | null;

export function recordingInvolvement(viewer: RecordingViewer): RecordingInvolvement {
  return viewer.phoneSystem ? null : { userId: viewer.userId, responseGroupIds: [...viewer.supervisedGroupIds] };
}
