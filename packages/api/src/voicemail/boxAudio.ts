import { fileKeys, type FileStore } from '@vaxel/store';

/**
 * The audio of a deleted box's messages. The rows go with their user or group (ON DELETE
 * CASCADE); their files are deleted here once that has happened, so no recording of a caller's
 * voice outlives the box it was left in.
 */
export async function deleteMessageAudio(
  files: FileStore | undefined,
  organisationId: string,
  messageIds: readonly string[],
): Promise<void> {
  if (!files) return;
  for (const id of messageIds) await files.delete(fileKeys.voicemail(organisationId, id));
}
