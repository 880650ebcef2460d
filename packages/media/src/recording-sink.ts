import { open } from 'node:fs/promises';

/**
 * Where a recording's bytes go while the call runs: positional writes, so the header can be
 * rewritten in place as the file grows. The store's `FileWriter` (FileStore.openWriter) has this
 * shape; media knows nothing of the store, so it declares what it needs.
 */
export interface RecordingSink {
  /** Writes `data` at byte `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  /** Flushes to the disk (fsync), so a machine crash keeps what was written. */
  sync(): Promise<void>;
  /** Flushes and closes; safe twice. */
  close(): Promise<void>;
}

/** A sink over a file on disk, created or truncated. */
export async function fileRecordingSink(path: string): Promise<RecordingSink> {
  const file = await open(path, 'w');
  let closed: Promise<void> | undefined;
  return {
    async write(data, position) {
      await file.write(data, 0, data.byteLength, position);
    },
    sync: () => file.sync(),
    close() {
      closed ??= file.sync().finally(() => file.close());
      return closed;
    },
  };
}
