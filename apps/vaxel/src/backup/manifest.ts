import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

/**
 * What a Växel backup archive (a gzip'd ustar file) holds, in this order:
 *
 *   vaxel-backup.json   identity: format, its version, Växel's version, database kind, created at
 *   database/…          the database: `vaxel.db` (SQLite online backup) or `vaxel.pgdump`
 *                       (pg_dump --format=custom)
 *   files/…             every file of the data folder's file store (audio, recordings, voicemail)
 *   manifest.json       the identity again and every file above with its size and SHA-256
 *
 * The identity comes first so that restore refuses an archive that is not ours before unpacking
 * it; the manifest comes last because the sizes and hashes are known only once every file has
 * been read (the files are read once, while Växel may be running).
 */
export const backupFormat = 'vaxel-backup';
export const backupFormatVersion = 1;
export const identityPath = 'vaxel-backup.json';
export const manifestPath = 'manifest.json';
export const databasePaths = { sqlite: 'database/vaxel.db', postgres: 'database/vaxel.pgdump' } as const;
export const fileStorePrefix = 'files/';

export type DatabaseKind = keyof typeof databasePaths;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const BackupIdentity = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.number().int().positive(),
  vaxelVersion: z.string().min(1).max(50),
  database: z.object({
    kind: z.enum(['sqlite', 'postgres']),
    /** The newest store migration applied when the backup was made. */
    migration: z.string().max(200).nullable(),
    /** PostgreSQL only: the server's and pg_dump's versions, to explain a restore that cannot read the dump. */
    serverVersion: z.string().max(100).optional(),
    dumpVersion: z.string().max(100).optional(),
  }),
  createdAt: z.iso.datetime(),
});
export type BackupIdentity = z.infer<typeof BackupIdentity>;

export const ManifestFile = z.object({
  path: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = BackupIdentity.extend({ files: z.array(ManifestFile) });
export type Manifest = z.infer<typeof Manifest>;

/** A file key of the file store, as store/src/files/diskFileStore.ts allows them. */
const fileKey = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Whether a path may appear in an archive of ours (and so be unpacked: never outside the folder). */
export function isArchivePath(path: string): boolean {
  if (
    path === identityPath ||
    path === manifestPath ||
    path === databasePaths.sqlite ||
    path === databasePaths.postgres
  )
    return true;
  if (!path.startsWith(fileStorePrefix)) return false;
  const key = path.slice(fileStorePrefix.length);
  return fileKey.test(key) && !key.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Reads the identity entry. Null when the JSON is not a Växel backup at all; a newer format is
 * refused with the reason, since guessing at its layout could restore half of it.
 */
export function parseIdentity(json: unknown): { identity: BackupIdentity } | { refused: string } | null {
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== backupFormat) return null;
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > backupFormatVersion) {
    return {
      refused: `the backup has format ${version}, made by a newer Växel; this one reads format ${backupFormatVersion}`,
    };
  }
  const parsed = BackupIdentity.safeParse(json);
  if (!parsed.success)
    return { refused: `its description is damaged (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return { identity: parsed.data };
}

/**
 * Compares what was unpacked with the manifest: every listed file present with its size and
 * SHA-256, nothing unlisted, the same identity as the first entry. Returns what differs.
 */
export function differences(
  manifest: Manifest,
  identity: BackupIdentity,
  unpacked: ReadonlyMap<string, { size: number; sha256: string }>,
): string[] {
  const problems: string[] = [];
  const { files, ...described } = manifest;
  if (!isDeepStrictEqual(described, identity))
    problems.push('the manifest does not describe the same backup as the archive’s first entry');
  const listed = new Set<string>();
  for (const file of files) {
    listed.add(file.path);
    const found = unpacked.get(file.path);
    if (!found) problems.push(`${file.path} is listed in the manifest but missing from the archive`);
    else if (found.size !== file.size)
      problems.push(`${file.path} has ${found.size} bytes, the manifest says ${file.size}`);
    else if (found.sha256 !== file.sha256) problems.push(`${file.path} does not match its SHA-256 in the manifest`);
  }
  for (const path of unpacked.keys())
    if (!listed.has(path)) problems.push(`${path} is in the archive but not in the manifest`);
  if (!files.some((f) => f.path === databasePaths[identity.database.kind]))
    problems.push('the archive holds no database');
  return problems;
}
