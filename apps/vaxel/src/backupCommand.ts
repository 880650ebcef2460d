import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { BackupFailed, databaseTarget, dumpPostgres, snapshotSqlite } from './backup/database.ts';
import {
  backupFormat,
  backupFormatVersion,
  databasePaths,
  fileStorePrefix,
  identityPath,
  isArchivePath,
  manifestPath,
  type BackupIdentity,
  type Manifest,
  type ManifestFile,
} from './backup/manifest.ts';
import { TarWriter } from './backup/tar.ts';
import { fileStoreFolder, type Config } from './config.ts';

export const vaxelVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** What the file store writes while a file is on its way (diskFileStore.ts): not a file yet. */
const inProgress = /\.[0-9a-f]{12}\.tmp$/;

/** Every regular file under a folder, as sorted relative paths with forward slashes. */
async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * Adds one file to the archive from a single open descriptor: its size is taken from that
 * descriptor and its bytes read from it, so a file the store replaces meanwhile (by rename) is
 * archived whole, as it was when opened.
 */
async function addFile(writer: TarWriter, archivePath: string, file: string): Promise<ManifestFile> {
  const handle = await open(file, 'r');
  try {
    const { size, mtime } = await handle.stat();
    const hash = createHash('sha256');
    const content =
      size === 0 ? Buffer.alloc(0) : handle.createReadStream({ start: 0, end: size - 1, autoClose: false });
    await writer.add({ path: archivePath, size, mtime }, content, (chunk) => hash.update(chunk));
    return { path: archivePath, size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

function addJson(writer: TarWriter, path: string, value: unknown): Promise<void> {
  const data = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  return writer.add({ path, size: data.length, mtime: new Date() }, data);
}

/**
 * `vaxel backup FILE`: the database and every file of the file store in one gzip'd tar with a
 * manifest (backup/manifest.ts). Works while `vaxel start` runs: SQLite is copied with the online
 * backup API, PostgreSQL with pg_dump (a consistent snapshot). The database is copied first, so a
 * recording it names is in the archive unless it was deleted during the backup. The archive is
 * written under a temporary name beside FILE and renamed when complete: FILE is never half a backup.
 */
export async function runBackup(
  config: Config,
  file: string,
  options: { force: boolean; now?: Date },
  out: (text: string) => void,
): Promise<void> {
  const target = databaseTarget(config.databaseUrl);
  const output = resolve(file);
  if (existsSync(output) && !options.force)
    throw new BackupFailed(`${output} exists; give another name, or --force to overwrite it`);
  if (!existsSync(dirname(output))) throw new BackupFailed(`the folder ${dirname(output)} does not exist`);
  const work = await mkdtemp(join(dirname(output), '.vaxel-backup-'));
  try {
    const databaseFile = join(work, target.kind === 'sqlite' ? 'vaxel.db' : 'vaxel.pgdump');
    const database: BackupIdentity['database'] =
      target.kind === 'sqlite'
        ? { kind: 'sqlite', ...(await snapshotSqlite(target.file, databaseFile)) }
        : { kind: 'postgres', ...(await dumpPostgres(target.url, databaseFile)) };
    const identity: BackupIdentity = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      vaxelVersion,
      database,
      createdAt: (options.now ?? new Date()).toISOString(),
    };

    const partial = join(work, 'backup.tar.gz');
    const gzip = createGzip();
    // A failing sink (a full disk) destroys gzip too, so the writer's next write fails at once.
    const written = pipeline(gzip, createWriteStream(partial));
    written.catch(() => {});
    const writer = new TarWriter(gzip);
    await addJson(writer, identityPath, identity);
    const files: ManifestFile[] = [await addFile(writer, databasePaths[target.kind], databaseFile)];
    const folder = fileStoreFolder(config.dataDir);
    for (const key of await listFiles(folder)) {
      if (inProgress.test(key)) continue;
      const path = `${fileStorePrefix}${key}`;
      if (!isArchivePath(path)) {
        out(`  skipped ${join(folder, key)}: not a file the file store wrote`);
        continue;
      }
      files.push(await addFile(writer, path, join(folder, key)));
    }
    const manifest: Manifest = { ...identity, files };
    await addJson(writer, manifestPath, manifest);
    await writer.finish();
    gzip.end();
    await written;
    const handle = await open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await rename(partial, output);

    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    out(
      `Backup written to ${output}: the ${target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database and ` +
        `${files.length - 1} file${files.length === 2 ? '' : 's'} of the file store (${(bytes / 1024 / 1024).toFixed(1)} MB before compression).`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
