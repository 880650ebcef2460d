export * from './ports.ts';
export { openStore, parseStoreUrl, type StoreOptions } from './openStore.ts';
export type { QueryTimer } from './queryTiming.ts';
export { UniqueViolation, ForeignKeyViolation } from './errors.ts';
export { uniqueRules, type UniqueRule } from './constraints.ts';
export { fileKeys, type FileStore, type FileWriter } from './files/fileStore.ts';
export { createDiskFileStore } from './files/diskFileStore.ts';
export { hashVoicemailPin, verifyVoicemailPin } from './voicemailPins.ts';
export { deleteRecording } from './files/deleteRecording.ts';
