import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { FileStore, FileWriter } from './fileStore.ts';

const safeKey = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** A FileStore in a folder. `put` writes to a temporary name first, so a reader never sees half a file. */
export function createDiskFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!safeKey.test(key) || key.includes('..')) throw new RangeError(`invalid file key ${JSON.stringify(key)}`);
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new RangeError(`invalid file key ${JSON.stringify(key)}`);
    return path;
  };
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, data);
      await rename(temporary, path);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async openWriter(key) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'wx');
      let closed: Promise<void> | null = null;
      const writer: FileWriter = {
        async write(data, position) {
          await handle.write(data, 0, data.byteLength, position);
        },
        sync: () => handle.sync(),
        close() {
          closed ??= handle.sync().finally(() => handle.close());
          return closed;
        },
      };
      return writer;
    },
  };
}
