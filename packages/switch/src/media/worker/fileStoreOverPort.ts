import type { FileStore, FileWriter } from '@vaxel/store';
import type { FileRequest, FileValue } from './mediaWorkerProtocol.ts';

/** Asks the switch's thread to carry out one file operation; resolves with its answer. */
export type FileRequester = (request: FileRequest) => Promise<FileValue>;

/**
 * A worker's {@link FileStore}: every operation is asked of the switch's own file store across
 * the port (`FileRequestMessage`), so recordings and voicemail land where they do without workers,
 * whatever the store is. A writer's bytes are copied as they cross (the recorder reuses its buffers).
 */
export function fileStoreOverPort(ask: FileRequester): FileStore {
  return {
    put: async (key, data) => {
      await ask({ op: 'put', key, data: new Uint8Array(data) });
    },
    get: async (key) => {
      const bytes = await ask({ op: 'get', key });
      return bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
    },
    delete: async (key) => {
      await ask({ op: 'delete', key });
    },
    openWriter: async (key): Promise<FileWriter> => {
      const writerId = (await ask({ op: 'openWriter', key })) as number;
      let closed: Promise<void> | null = null;
      return {
        write: async (data, position) => {
          await ask({ op: 'write', writerId, data: new Uint8Array(data), position });
        },
        sync: async () => {
          await ask({ op: 'sync', writerId });
        },
        close: () => {
          closed ??= ask({ op: 'closeWriter', writerId }).then(() => undefined);
          return closed;
        },
      };
    },
  };
}

/**
 * The switch's side of {@link fileStoreOverPort}: carries out a worker's file requests on `files`,
 * keeping the writers it opened by id (one table per worker; `closeAll` when the worker is gone,
 * so a crashed worker's recordings are closed as far as they were written).
 */
export class FileRequests {
  readonly #files: FileStore;
  readonly #writers = new Map<number, FileWriter>();
  #nextWriterId = 1;

  constructor(files: FileStore) {
    this.#files = files;
  }

  async handle(request: FileRequest): Promise<FileValue> {
    switch (request.op) {
      case 'openWriter': {
        const writer = await this.#files.openWriter(request.key);
        const writerId = this.#nextWriterId++;
        this.#writers.set(writerId, writer);
        return writerId;
      }
      case 'write':
        await this.#writer(request.writerId).write(request.data, request.position);
        return null;
      case 'sync':
        await this.#writer(request.writerId).sync();
        return null;
      case 'closeWriter': {
        const writer = this.#writers.get(request.writerId);
        this.#writers.delete(request.writerId);
        await writer?.close();
        return null;
      }
      case 'delete':
        await this.#files.delete(request.key);
        return null;
      case 'put':
        await this.#files.put(
          request.key,
          Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength),
        );
        return null;
      case 'get': {
        const data = await this.#files.get(request.key);
        return data ? new Uint8Array(data) : null;
      }
    }
  }

  /** The worker is gone: what its writers wrote stays, each file is closed. */
  async closeAll(): Promise<void> {
    const writers = [...this.#writers.values()];
    this.#writers.clear();
    await Promise.all(writers.map((writer) => writer.close().catch(() => undefined)));
  }

  #writer(writerId: number): FileWriter {
    const writer = this.#writers.get(writerId);
    if (!writer) throw new Error(`no file writer ${writerId} is open for this worker`);
    return writer;
  }
}
