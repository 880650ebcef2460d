import type { RecordingRepository } from '../ports.ts';
import { fileKeys, type FileStore } from './fileStore.ts';

/**
 * Deletes a recording and its audio (an admin's DELETE, the retention job). The file goes first:
 * if that fails the row stays and the next attempt finds it again, so audio past its retention
 * never outlives the row that would let the sweeper find it. Deleting a gone recording is no error.
 */
export async function deleteRecording(
  recordings: Pick<RecordingRepository, 'delete'>,
  files: FileStore,
  organisationId: string,
  id: string,
): Promise<void> {
  await files.delete(fileKeys.recording(organisationId, id));
  await recordings.delete(organisationId, id);
}
