import { describe, expect, it } from 'vitest';
import { differences, isArchivePath, parseIdentity, type BackupIdentity, type Manifest } from './manifest.ts';

const identity: BackupIdentity = {
  format: 'vaxel-backup',
  formatVersion: 1,
  vaxelVersion: '0.1.0',
  database: { kind: 'sqlite', migration: '0003_organisation_country' },
  createdAt: '2026-03-01T10:00:00.000Z',
};
const db = { path: 'database/vaxel.db', size: 4096, sha256: 'a'.repeat(64) };
const wav = { path: 'files/o1/recordings/r1.wav', size: 10, sha256: 'b'.repeat(64) };
const manifest: Manifest = { ...identity, files: [db, wav] };
const unpacked = (...files: Array<{ path: string; size: number; sha256: string }>) =>
  new Map(files.map((f) => [f.path, { size: f.size, sha256: f.sha256 }]));

describe('archive paths', () => {
  it('are the identity, the manifest, the database and file-store keys', () => {
    for (const path of [
      'vaxel-backup.json',
      'manifest.json',
      'database/vaxel.db',
      'database/vaxel.pgdump',
      'files/o1/audio/a1.original',
      'files/o1/voicemail/v-1.wav',
    ]) {
      expect([path, isArchivePath(path)]).toEqual([path, true]);
    }
  });

  it('never lead outside the data folder or anywhere unexpected', () => {
    for (const path of [
      'files/../x',
      'files/o1/../../x',
      'files/o1/./x',
      '/etc/passwd',
      'files//x',
      'files/',
      'database/other.db',
      'other.json',
      'files/o1\\x',
    ]) {
      expect([path, isArchivePath(path)]).toEqual([path, false]);
    }
  });
});

describe('the identity entry', () => {
  it('is read when it is ours', () => {
    expect(parseIdentity(identity)).toEqual({ identity });
  });

  it('is not ours without the format name', () => {
    expect(parseIdentity({ name: 'something else' })).toBeNull();
    expect(parseIdentity('vaxel-backup')).toBeNull();
  });

  it('of a newer format is refused with the versions named', () => {
    expect(parseIdentity({ ...identity, formatVersion: 2 })).toEqual({
      refused: expect.stringContaining('format 2, made by a newer Växel'),
    });
  });

  it('that is ours but damaged is refused', () => {
    expect(parseIdentity({ ...identity, createdAt: 'yesterday' })).toEqual({
      refused: expect.stringContaining('damaged'),
    });
  });
});

describe('checking what was unpacked against the manifest', () => {
  it('finds nothing when every file is there with its size and hash', () => {
    expect(differences(manifest, identity, unpacked(db, wav))).toEqual([]);
  });

  it('names a missing file, a wrong size, a wrong hash and an unlisted file', () => {
    expect(differences(manifest, identity, unpacked(db))).toEqual([
      `${wav.path} is listed in the manifest but missing from the archive`,
    ]);
    expect(differences(manifest, identity, unpacked(db, { ...wav, size: 11 }))).toEqual([
      `${wav.path} has 11 bytes, the manifest says 10`,
    ]);
    expect(differences(manifest, identity, unpacked(db, { ...wav, sha256: 'c'.repeat(64) }))).toEqual([
      `${wav.path} does not match its SHA-256 in the manifest`,
    ]);
    expect(
      differences(manifest, identity, unpacked(db, wav, { path: 'files/x', size: 1, sha256: 'd'.repeat(64) })),
    ).toEqual(['files/x is in the archive but not in the manifest']);
  });

  it('refuses a manifest of another backup than the first entry describes, and one without a database', () => {
    expect(differences({ ...manifest, createdAt: '2026-03-02T10:00:00.000Z' }, identity, unpacked(db, wav))).toEqual([
      'the manifest does not describe the same backup as the archive’s first entry',
    ]);
    expect(differences({ ...manifest, files: [wav] }, identity, unpacked(wav))).toEqual([
      'the archive holds no database',
    ]);
  });
});
