import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import {
  BackupFailed,
  checkSqlite,
  databaseTarget,
  postgresTableCount,
  restorePostgres,
  type DatabaseTarget,
} from './backup/database.ts';
import {
  databasePaths,
  differences,
  fileStorePrefix,
  identityPath,
  isArchivePath,
  Manifest,
  manifestPath,
  parseIdentity,
  type BackupIdentity,
} from './backup/manifest.ts';
import { readTar, TarError, type TarReadEntry } from './backup/tar.ts';
import { fileStoreFolder, type Config } from './config.ts';

const notOurs = (file: string, why: string) => new BackupFailed(`${file} is not a Växel backup (${why})`);

async function isNonEmptyFolder(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function readJson(entry: TarReadEntry, limit: number): Promise<unknown> {
  if (entry.size > limit)
    throw new BackupFailed(`${entry.path} in the archive is ${entry.size} bytes, more than a Växel backup writes`);
  const chunks: Buffer[] = [];
  for await (const chunk of entry.content) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Writes an entry's content to a new file, returning its size and SHA-256 as read. */
async function unpackTo(entry: TarReadEntry, file: string): Promise<{ size: number; sha256: string }> {
  await mkdir(dirname(file), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    entry.content,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(file, { flags: 'wx' }),
  );
  return { size, sha256: hash.digest('hex') };
}

type Unpacked = { identity: BackupIdentity; databaseFile: string };

/**
 * Unpacks the archive into `staging`, checking as it goes: ours (the identity entry first), the
 * database of the kind DATABASE_URL names, only paths an archive of ours may hold, each once, and
 * at the end every file against the manifest. Throws BackupFailed with the reason otherwise.
 */
async function unpack(file: string, staging: string, target: DatabaseTarget): Promise<Unpacked> {
  const input = createReadStream(file).pipe(createGunzip());
  const unpacked = new Map<string, { size: number; sha256: string }>();
  let identity: BackupIdentity | null = null;
  let manifest: Manifest | null = null;
  try {
    for await (const entry of readTar(input)) {
      if (!identity) {
        if (entry.path !== identityPath) throw notOurs(file, `it begins with ${JSON.stringify(entry.path)}`);
        const parsed = parseIdentity(await readJson(entry, 64 * 1024));
        if (!parsed) throw notOurs(file, 'its first entry does not describe a Växel backup');
        if ('refused' in parsed) throw new BackupFailed(`${file} cannot be restored: ${parsed.refused}`);
        identity = parsed.identity;
        if (identity.database.kind !== target.kind) {
          throw new BackupFailed(
            `the backup holds a ${identity.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database, but the database to restore into ` +
              `(--database-url / DATABASE_URL) is ${target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
          );
        }
        continue;
      }
      if (manifest) throw new BackupFailed(`${file} is damaged: ${entry.path} comes after the manifest`);
      if (entry.path === manifestPath) {
        const parsed = Manifest.safeParse(await readJson(entry, 64 * 1024 * 1024));
        if (!parsed.success) throw new BackupFailed(`${file} is damaged: its manifest is not readable`);
        manifest = parsed.data;
        continue;
      }
      if (!isArchivePath(entry.path) || entry.path === identityPath)
        throw notOurs(file, `it holds ${JSON.stringify(entry.path)}`);
      if (unpacked.has(entry.path)) throw new BackupFailed(`${file} is damaged: it holds ${entry.path} twice`);
      if (entry.path.startsWith('database/') && entry.path !== databasePaths[identity.database.kind]) {
        throw new BackupFailed(
          `${file} is damaged: ${entry.path} does not match its ${identity.database.kind} database`,
        );
      }
      unpacked.set(entry.path, await unpackTo(entry, join(staging, ...entry.path.split('/'))));
    }
  } catch (error) {
    if (error instanceof BackupFailed) throw error;
    if (error instanceof TarError) {
      throw error.kind === 'truncated'
        ? new BackupFailed(`${file} is truncated (${error.message}); nothing was restored`)
        : identity
          ? new BackupFailed(`${file} is damaged (${error.message}); nothing was restored`)
          : notOurs(file, error.message);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR')
      throw new BackupFailed(`${file} is truncated (the compressed stream ends early); nothing was restored`);
    if (code === 'Z_DATA_ERROR')
      throw identity
        ? new BackupFailed(`${file} is damaged (bad compressed data); nothing was restored`)
        : notOurs(file, 'it is not gzip-compressed');
    throw error;
  }
  if (!identity) throw notOurs(file, 'it is empty');
  if (!manifest) throw new BackupFailed(`${file} is truncated (it ends before its manifest); nothing was restored`);
  const problems = differences(manifest, identity, unpacked);
  if (problems.length > 0)
    throw new BackupFailed(`${file} is damaged; nothing was restored:\n  ${problems.join('\n  ')}`);
  return { identity, databaseFile: join(staging, ...databasePaths[identity.database.kind].split('/')) };
}

/**
 * Replaces `path` by `replacement` with renames; the old one (and its companions, such as
 * SQLite's `-wal` and `-shm` beside a database file) is removed only once the new one is in place.
 */
async function swapIn(replacement: string, path: string, companions: string[] = []): Promise<void> {
  const aside = join(dirname(path), `.${basename(path)}.replaced-${randomBytes(4).toString('hex')}`);
  const moved: Array<[string, string]> = [];
  try {
    for (const suffix of ['', ...companions]) {
      if (!existsSync(`${path}${suffix}`)) continue;
      await rename(`${path}${suffix}`, `${aside}${suffix}`);
      moved.push([`${path}${suffix}`, `${aside}${suffix}`]);
    }
    await rename(replacement, path);
  } catch (error) {
    for (const [original, asideName] of moved.reverse()) await rename(asideName, original);
    throw error;
  }
  for (const [, asideName] of moved) await rm(asideName, { recursive: true, force: true });
}

/**
 * `vaxel restore FILE`: the data folder (and the database DATABASE_URL names) as they were in the
 * backup. Refuses to replace a data folder that is not empty, a SQLite file that exists or a
 * PostgreSQL database with tables unless `force`. Everything is unpacked and checked in a folder
 * beside the data folder first; only a complete, verified backup replaces anything, by rename,
 * so a failure leaves the old data as it was. Stop `vaxel start` on this data first.
 */
export async function runRestore(
  config: Config,
  file: string,
  options: { force: boolean },
  out: (text: string) => void,
): Promise<void> {
  const archive = resolve(file);
  if (!existsSync(archive) || !(await stat(archive)).isFile()) throw new BackupFailed(`${archive} does not exist`);
  const target = databaseTarget(config.databaseUrl);
  const dataDir = resolve(config.dataDir);
  const sqliteInside = target.kind === 'sqlite' && resolve(target.file).startsWith(dataDir + sep);

  if (!options.force) {
    if (await isNonEmptyFolder(dataDir))
      throw new BackupFailed(`the data folder ${dataDir} is not empty; restore replaces it only with --force`);
    if (target.kind === 'sqlite' && !sqliteInside && existsSync(target.file)) {
      throw new BackupFailed(`the database ${target.file} exists; restore replaces it only with --force`);
    }
    if (target.kind === 'postgres' && (await postgresTableCount(target.url)) > 0) {
      throw new BackupFailed('the PostgreSQL database has tables; restore replaces them only with --force');
    }
  }

  await mkdir(dirname(dataDir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dataDir), `.${basename(dataDir)}.restore-`));
  let stagedDatabase: string | null = null;
  try {
    const { identity, databaseFile } = await unpack(archive, staging, target);
    // The staging folder becomes the data folder: the database moves to where it will live.
    if (target.kind === 'sqlite') {
      checkSqlite(databaseFile);
      stagedDatabase = sqliteInside
        ? join(staging, relative(dataDir, resolve(target.file)))
        : join(dirname(resolve(target.file)), `.${basename(target.file)}.restore-${randomBytes(4).toString('hex')}`);
      await mkdir(dirname(stagedDatabase), { recursive: true });
      await rename(databaseFile, stagedDatabase);
    } else {
      await restorePostgres(target.url, databaseFile, { replace: options.force });
    }
    await rm(join(staging, 'database'), { recursive: true, force: true });
    await mkdir(fileStoreFolder(staging), { recursive: true });
    try {
      if (target.kind === 'sqlite' && !sqliteInside && stagedDatabase) {
        // The old file's write-ahead log goes with it: left beside the restored file it would be replayed into it.
        await swapIn(stagedDatabase, resolve(target.file), ['-wal', '-shm']);
      }
      await swapIn(staging, dataDir);
    } catch (error) {
      const restored = target.kind === 'postgres' ? 'The PostgreSQL database was restored, but the' : 'The';
      throw new BackupFailed(`${restored} data folder ${dataDir} could not be replaced: ${(error as Error).message}`);
    }

    const files = (await readdir(fileStoreFolder(dataDir), { recursive: true, withFileTypes: true })).filter((e) =>
      e.isFile(),
    ).length;
    out(
      `Restored the backup of ${identity.createdAt} (Växel ${identity.vaxelVersion}): the ${identity.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ` +
        `database and ${files} file${files === 1 ? '' : 's'} into ${dataDir}.`,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (stagedDatabase && !sqliteInside) await rm(stagedDatabase, { force: true });
  }
}
