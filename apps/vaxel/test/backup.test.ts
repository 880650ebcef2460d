import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@vaxel/store';
import { readTar, TarWriter } from '../src/backup/tar.ts';
import { resolveConfig } from '../src/config.ts';
import { runRestore } from '../src/restoreCommand.ts';
import { startVaxel, vaxel, type Running } from './support/vaxelProcess.ts';

/**
 * `vaxel backup` and `vaxel restore` on a populated instance: organisations, users, teams,
 * groups, menus, audio (uploaded and spoken), call records, a recording and a voicemail message
 * with their files. Backed up by a real `vaxel` process while `vaxel start` runs, restored by
 * another into a new data folder (and a new PostgreSQL database), compared table by table and
 * file by file. On SQLite, and on PostgreSQL under scripts/with-postgres.sh (fails without it
 * unless VAXEL_SKIP_POSTGRES=1, like the store's PostgreSQL test).
 */
const adminEmail = 'backup-admin@demo.example';
const adminPassword = 'backup test password 1';
const operatorToken = 'backup-test-operator-token-0123456789abcdef';
const startEnv = {
  VAXEL_ADMIN_EMAIL: adminEmail,
  VAXEL_ADMIN_PASSWORD: adminPassword,
  VAXEL_OPERATOR_TOKEN: operatorToken,
};

const adminUrl = process.env.VAXEL_TEST_DATABASE_URL;
const skipPostgres = process.env.VAXEL_SKIP_POSTGRES === '1';

let work: string;
const databases: string[] = [];
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'vaxel-backup-test-'));
});
afterAll(async () => {
  if (adminUrl && databases.length) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  await rm(work, { recursive: true, force: true });
});

type Kind = 'sqlite' | 'postgres';
/** A data folder and, for PostgreSQL, a database of its own. */
type Instance = { kind: Kind; dataDir: string; databaseUrl: string | null };

async function newInstance(kind: Kind, name: string): Promise<Instance> {
  const dataDir = join(work, name);
  if (kind === 'sqlite') return { kind, dataDir, databaseUrl: null };
  const database = `vaxel_backup_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  databases.push(database);
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  return { kind, dataDir, databaseUrl: url.toString() };
}

const databaseArgs = (i: Instance) => [
  '--data',
  i.dataDir,
  ...(i.databaseUrl ? ['--database-url', i.databaseUrl] : []),
];
const storeUrl = (i: Instance) => i.databaseUrl ?? `sqlite:${join(i.dataDir, 'vaxel.db')}`;

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** One second of a 440 Hz tone as a 16 kHz mono WAV, made here (an upload the server converts). */
function toneWav(): Buffer {
  const rate = 16000;
  const samples = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++)
    samples.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/**
 * Fills a running instance the way it fills in use: the console's API for settings and audio,
 * and the store and file store (as the switch writes them) for calls, a recording and voicemail.
 */
async function populate(running: Running, instance: Instance): Promise<void> {
  const login = await fetch(`${running.base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  const { token, me } = (await login.json()) as {
    token: string;
    me: { organisations: Array<{ organisationId: string }> };
  };
  const orgId = me.organisations[0]!.organisationId;
  const org = (path: string) => `/orgs/${orgId}${path}`;

  const second = await api(running.base, operatorToken, 'POST', '/operator/organisations', {
    name: 'Backup Second AB',
    package: 'unlimited',
  });
  await api(running.base, operatorToken, 'POST', `/operator/organisations/${second.id}/numbers`, {
    numbers: [{ number: '+46812999000', type: 'landline' }],
  });
  await api(running.base, operatorToken, 'POST', `/operator/organisations/${second.id}/admins`, {
    name: 'Second Admin',
    email: 'second@backup.example',
    password: 'second admin password',
  });

  const free = (
    (await api(running.base, token, 'GET', org('/numbers?unassigned=true'))) as Array<{ number: string }>
  ).map((n) => n.number);
  const users = (await api(running.base, token, 'GET', org('/users'))) as Array<{ id: string }>;
  await api(running.base, token, 'POST', org('/teams'), { name: 'Backup Team' });
  const group = await api(running.base, token, 'POST', org('/response-groups'), {
    name: 'Backup Group',
    number: free[0],
    numericId: '7',
  });
  await api(running.base, token, 'POST', org('/ivr-menus'), {
    name: 'Backup Menu',
    number: free[1],
    prompts: [{ type: 'tts', text: 'Välkommen', language: 'sv-SE' }],
  });
  await api(running.base, token, 'POST', org('/audio-files/tts'), {
    name: 'Spoken greeting',
    language: 'sv-SE',
    text: 'Hej och välkommen',
  });
  const form = new FormData();
  form.append('name', 'Uploaded hold music');
  form.append('language', 'sv-SE');
  form.append('file', new Blob([new Uint8Array(toneWav())], { type: 'audio/wav' }), 'tone.wav');
  const upload = await fetch(`${running.base}${org('/audio-files')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(upload.status).toBe(201);

  const store = openStore({ url: storeUrl(instance) });
  try {
    const now = new Date();
    const call = await store.calls.create(orgId, {
      direction: 'inbound',
      startedAt: now.toISOString(),
      answeredAt: now.toISOString(),
      endedAt: new Date(now.getTime() + 60_000).toISOString(),
      fromNumber: '+46701234567',
      fromName: 'Caller With Ä',
      toNumber: free[0]!,
      fromUserId: null,
      toUserId: null,
      responseGroupId: group.id,
      ivrMenuId: null,
      answeredByUserId: users[0]!.id,
      outcome: 'answered',
      waitSeconds: 4,
      talkSeconds: 56,
      path: [],
      recordingId: null,
      emergency: false,
    });
    const recording = await store.recordings.create(orgId, {
      callId: call.id,
      durationMs: 56_000,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    const voicemail = await store.voicemail.create(orgId, {
      box: { type: 'user', userId: users[1]!.id },
      callId: call.id,
      fromNumber: '+46709876543',
      durationMs: 9000,
      heard: false,
      createdAt: now.toISOString(),
    });
    for (const [key, bytes] of [
      [`${orgId}/recordings/${recording.id}.wav`, 300_000],
      [`${orgId}/voicemail/${voicemail.id}.wav`, 70_000],
    ] as const) {
      const file = join(instance.dataDir, 'files', ...key.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, randomBytes(bytes));
    }
  } finally {
    await store.close();
  }
}

/** Every row of every table, each table's rows sorted, by table name; and the schema. */
async function databaseContent(instance: Instance): Promise<{ tables: Record<string, string[]>; schema: string[] }> {
  const tables: Record<string, string[]> = {};
  if (instance.kind === 'sqlite') {
    const database = new BetterSqlite3(join(instance.dataDir, 'vaxel.db'), { readonly: true, fileMustExist: true });
    try {
      // sqlite_stat* are the planner's statistics, refreshed by every `vaxel start` at close: not data.
      const names = (
        database
          .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
          .all() as Array<{ name: string }>
      ).map((r) => r.name);
      for (const name of names)
        tables[name] = (database.prepare(`select * from "${name}"`).all() as unknown[])
          .map((row) => JSON.stringify(row))
          .sort();
      const schema = (
        database
          .prepare(
            "select type || ' ' || name || ': ' || coalesce(sql, '') as s from sqlite_master where name not like 'sqlite_%' order by type, name",
          )
          .all() as Array<{ s: string }>
      ).map((r) => r.s);
      return { tables, schema };
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: instance.databaseUrl! });
  await client.connect();
  try {
    const names = (
      await client.query(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
      )
    ).rows.map((r) => r.table_name as string);
    for (const name of names)
      tables[name] = (await client.query(`select * from "${name}"`)).rows.map((row) => JSON.stringify(row)).sort();
    const indexes = (
      await client.query(
        "select indexname || ': ' || indexdef as s from pg_indexes where schemaname = 'public' order by indexname",
      )
    ).rows.map((r) => r.s as string);
    const constraints = (
      await client.query(
        "select conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid) as s from pg_constraint where connamespace = 'public'::regnamespace order by 1",
      )
    ).rows.map((r) => r.s as string);
    return { tables, schema: [...indexes, ...constraints] };
  } finally {
    await client.end();
  }
}

/** Every file under a folder: relative path → its bytes. */
async function filesUnder(folder: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!existsSync(folder)) return out;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(folder, path).split(sep).join('/'), await readFile(path));
  }
  return out;
}

const digest = (files: Map<string, Buffer>) =>
  Object.fromEntries([...files].map(([path, data]) => [path, createHash('sha256').update(data).digest('hex')]));

/** Folders that a restore works in beside the data folder, which it must never leave behind. */
async function leftovers(dataDir: string): Promise<string[]> {
  return (await readdir(dirname(dataDir))).filter((name) => name.startsWith(`.${basename(dataDir)}.`));
}

/** The entries of a backup archive, read with the reader restore uses. */
async function readEntries(archive: string): Promise<Array<{ path: string; data: Buffer }>> {
  const entries: Array<{ path: string; data: Buffer }> = [];
  const unzipped = gunzipSync(await readFile(archive));
  for await (const entry of readTar(
    (async function* () {
      yield unzipped;
    })(),
  )) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.content) chunks.push(chunk);
    entries.push({ path: entry.path, data: Buffer.concat(chunks) });
  }
  return entries;
}

/** A gzip'd tar of these entries, written with the same writer as the backup. */
async function repack(name: string, files: Array<{ path: string; data: Buffer }>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new TarWriter(out);
  for (const file of files) await writer.add({ path: file.path, size: file.data.length, mtime: new Date() }, file.data);
  await writer.finish();
  const path = join(work, name);
  await writeFile(path, gzipSync(Buffer.concat(chunks)));
  return path;
}

const kinds: Kind[] = adminUrl ? ['sqlite', 'postgres'] : ['sqlite'];
if (!adminUrl) {
  describe('backup and restore on PostgreSQL', () => {
    it.skipIf(skipPostgres)(
      'needs VAXEL_TEST_DATABASE_URL (run under scripts/with-postgres.sh, or set VAXEL_SKIP_POSTGRES=1)',
      () => {
        throw new Error(
          'VAXEL_TEST_DATABASE_URL is not set: run `scripts/with-postgres.sh npx vitest run apps/vaxel/test/backup.test.ts`',
        );
      },
    );
  });
}

describe.each(kinds)('backup and restore on %s', (kind) => {
  let source: Instance;
  let archive: string;
  let backup: { code: number | null; stdout: string; stderr: string };
  let original: Awaited<ReturnType<typeof databaseContent>>;
  let originalFiles: Map<string, Buffer>;

  beforeAll(async () => {
    source = await newInstance(kind, `${kind}-source`);
    archive = join(work, `${kind}.tar.gz`);
    const env = { ...startEnv, ...(source.databaseUrl ? { DATABASE_URL: source.databaseUrl } : {}) };
    const running = await startVaxel(source.dataDir, env);
    try {
      await populate(running, source);
      // While `vaxel start` has the database open and serving.
      backup = await vaxel(['backup', archive, ...databaseArgs(source)]);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    original = await databaseContent(source);
    originalFiles = await filesUnder(join(source.dataDir, 'files'));
  });

  it('writes the backup while vaxel start runs, and says what it holds', () => {
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${archive}`);
    expect(backup.stdout).toContain(`${originalFiles.size} files of the file store`);
  });

  it('was made from a populated instance: settings, audio, calls, a recording and a voicemail file', () => {
    for (const table of [
      'organisations',
      'accounts',
      'users',
      'teams',
      'response_groups',
      'ivr_menus',
      'audio_files',
      'numbers',
      'calls',
      'recordings',
      'voicemail_messages',
    ]) {
      expect([table, original.tables[table]?.length ?? 0]).not.toEqual([table, 0]);
    }
    const kinds = [...originalFiles.keys()].map((path) => path.split('/')[1]);
    expect(new Set(kinds)).toEqual(new Set(['audio', 'recordings', 'voicemail']));
    // The uploaded file is kept as uploaded (for preview) beside its telephony WAV.
    expect([...originalFiles.keys()].some((p) => p.endsWith('.original'))).toBe(true);
  });

  it('restores into a new data folder: every row of every table and every file byte-identical', async () => {
    const target = await newInstance(kind, `${kind}-restored`);
    const restore = await vaxel(['restore', archive, ...databaseArgs(target)]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`into ${target.dataDir}`);

    const restored = await databaseContent(target);
    expect(Object.keys(restored.tables)).toEqual(Object.keys(original.tables));
    for (const table of Object.keys(original.tables))
      expect([table, restored.tables[table]]).toEqual([table, original.tables[table]]);
    expect(restored.schema).toEqual(original.schema);

    const restoredFiles = await filesUnder(join(target.dataDir, 'files'));
    expect([...restoredFiles.keys()].sort()).toEqual([...originalFiles.keys()].sort());
    for (const [path, data] of originalFiles)
      expect([path, restoredFiles.get(path)?.equals(data)]).toEqual([path, true]);
    expect(await leftovers(target.dataDir)).toEqual([]);

    // And it is an instance: `vaxel start` serves the restored organisation and its settings.
    const running = await startVaxel(target.dataDir, {
      ...startEnv,
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    });
    try {
      expect(running.output()).not.toContain('First start');
      const login = await fetch(`${running.base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: adminEmail, password: adminPassword }),
      });
      const { token, me } = (await login.json()) as {
        token: string;
        me: { organisations: Array<{ organisationId: string }> };
      };
      const groups = (await api(
        running.base,
        token,
        'GET',
        `/orgs/${me.organisations[0]!.organisationId}/response-groups`,
      )) as Array<{ name: string }>;
      expect(groups.map((g) => g.name)).toContain('Backup Group');
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('refuses to restore over data without --force, with exit code 1, and changes nothing', async () => {
    // The source instance itself: a data folder with files and, on PostgreSQL, a database with tables.
    const before = digest(await filesUnder(source.dataDir));
    const restore = await vaxel(['restore', archive, ...databaseArgs(source)]);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/is not empty; restore replaces it only with --force/);
    expect(digest(await filesUnder(source.dataDir))).toEqual(before);
    expect(await databaseContent(source)).toEqual(original);
    expect(await leftovers(source.dataDir)).toEqual([]);
  });

  it.runIf(kind === 'postgres')(
    'refuses a PostgreSQL database that has tables without --force, even into an empty folder',
    async () => {
      const emptyFolder = join(work, 'postgres-empty-folder');
      const restore = await vaxel(['restore', archive, '--data', emptyFolder, '--database-url', source.databaseUrl!]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/the PostgreSQL database has tables; restore replaces them only with --force/);
      expect(existsSync(emptyFolder)).toBe(false);
      expect(await databaseContent(source)).toEqual(original);
    },
  );

  it.runIf(kind === 'postgres')(
    'leaves a PostgreSQL database as it was when the dump fails to restore midway, even with --force',
    async () => {
      const entries = await readEntries(archive);
      const dump = entries.find((e) => e.path === 'database/vaxel.pgdump')!;
      // The first part of the dump: pg_restore writes the schema and some rows, then fails.
      const damaged = dump.data.subarray(0, Math.floor(dump.data.length * 0.8));
      const manifest = JSON.parse(entries.at(-1)!.data.toString());
      manifest.files[0] = {
        path: dump.path,
        size: damaged.length,
        sha256: createHash('sha256').update(damaged).digest('hex'),
      };
      const file = await repack('postgres-damaged-dump.tar.gz', [
        ...entries.map((e) => (e === dump ? { path: dump.path, data: damaged } : e)).slice(0, -1),
        { path: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
      ]);
      const emptyFolder = join(work, 'postgres-damaged-folder');
      const restore = await vaxel([
        'restore',
        file,
        '--force',
        '--data',
        emptyFolder,
        '--database-url',
        source.databaseUrl!,
      ]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/nothing was changed/);
      expect(await databaseContent(source)).toEqual(original);
      expect(existsSync(emptyFolder)).toBe(false);
    },
  );

  it('replaces data with --force: what was there before is gone, the backup is there', async () => {
    const target = await newInstance(kind, `${kind}-forced`);
    const running = await startVaxel(target.dataDir, {
      ...startEnv,
      VAXEL_ADMIN_EMAIL: 'other@demo.example',
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    });
    expect(await running.stop()).toBe(0);
    await mkdir(join(target.dataDir, 'files', 'stray'), { recursive: true });
    await writeFile(join(target.dataDir, 'files', 'stray', 'old.wav'), 'old');

    const restore = await vaxel(['restore', archive, '--force', ...databaseArgs(target)]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(await databaseContent(target)).toEqual(original);
    expect(digest(await filesUnder(join(target.dataDir, 'files')))).toEqual(digest(originalFiles));
    expect(await leftovers(target.dataDir)).toEqual([]);
  });
});

describe('restore refuses archives that are damaged or not ours, and restores nothing', () => {
  let archive: string;
  let entries: Array<{ path: string; data: Buffer }>;

  beforeAll(async () => {
    const source = await newInstance('sqlite', 'refusals-source');
    expect((await vaxel(['orgs', 'create', '--name', 'Refusals AB', '--data', source.dataDir])).code).toBe(0);
    await mkdir(join(source.dataDir, 'files', 'org', 'recordings'), { recursive: true });
    await writeFile(join(source.dataDir, 'files', 'org', 'recordings', 'r.wav'), randomBytes(50_000));
    archive = join(work, 'refusals.tar.gz');
    expect((await vaxel(['backup', archive, '--data', source.dataDir])).code).toBe(0);
    entries = await readEntries(archive);
  });

  async function expectRefused(file: string, message: RegExp): Promise<void> {
    const dataDir = join(work, `target-${randomBytes(4).toString('hex')}`);
    await expect(runRestore(resolveConfig({ data: dataDir }, {}), file, { force: false }, () => {})).rejects.toThrow(
      message,
    );
    expect(existsSync(dataDir)).toBe(false);
    expect(await leftovers(dataDir)).toEqual([]);
  }

  it('holds what restore checks: the identity first, the database, the files, the manifest last', () => {
    expect(entries.map((e) => e.path)).toEqual([
      'vaxel-backup.json',
      'database/vaxel.db',
      'files/org/recordings/r.wav',
      'manifest.json',
    ]);
  });

  it('a truncated archive: exit code 1 and a message that says so', async () => {
    const cut = join(work, 'cut.tar.gz');
    const bytes = await readFile(archive);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const dataDir = join(work, 'cut-target');
    const restore = await vaxel(['restore', cut, '--data', dataDir]);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toBe(
      `vaxel: ${cut} is truncated (the compressed stream ends early); nothing was restored\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
    expect(await leftovers(dataDir)).toEqual([]);
  });

  it('an archive cut after a whole file, before its manifest', async () => {
    await expectRefused(
      await repack('no-manifest.tar.gz', entries.slice(0, 3)),
      /truncated \(it ends before its manifest\)/,
    );
  });

  it('a file whose bytes changed: its SHA-256 no longer matches the manifest', async () => {
    const changed = entries.map((e) =>
      e.path.endsWith('r.wav') ? { ...e, data: Buffer.from(e.data.map((b, i) => (i === 1000 ? b ^ 1 : b))) } : e,
    );
    await expectRefused(
      await repack('changed.tar.gz', changed),
      /files\/org\/recordings\/r\.wav does not match its SHA-256/,
    );
  });

  it('a file missing from the archive', async () => {
    await expectRefused(
      await repack(
        'missing.tar.gz',
        entries.filter((e) => !e.path.endsWith('r.wav')),
      ),
      /r\.wav is listed in the manifest but missing/,
    );
  });

  it('a file the manifest does not list', async () => {
    const extra = [
      ...entries.slice(0, 3),
      { path: 'files/org/recordings/extra.wav', data: Buffer.from('x') },
      entries[3]!,
    ];
    await expectRefused(await repack('extra.tar.gz', extra), /extra\.wav is in the archive but not in the manifest/);
  });

  it('a path that would leave the data folder', async () => {
    await expectRefused(
      await repack('escape.tar.gz', [entries[0]!, { path: 'files/../../etc/cron.d/x', data: Buffer.from('x') }]),
      /not a Växel backup \(it holds "files\/\.\.\/\.\.\/etc/,
    );
  });

  it('a tar.gz that is not a Växel backup', async () => {
    const folder = join(work, 'someone-else');
    await mkdir(folder);
    await writeFile(join(folder, 'notes.txt'), 'not ours');
    const other = join(work, 'other.tar.gz');
    execFileSync('tar', ['--format=ustar', '-czf', other, '-C', folder, 'notes.txt']);
    await expectRefused(other, /is not a Växel backup \(it begins with "notes\.txt"\)/);
  });

  it('a file that is not even gzip', async () => {
    const junk = join(work, 'junk.tar.gz');
    await writeFile(junk, randomBytes(5000));
    await expectRefused(junk, /is not a Växel backup \(it is not gzip-compressed\)/);
  });

  it('a backup of a newer format', async () => {
    const identity = JSON.parse(entries[0]!.data.toString());
    const newer = [
      { path: 'vaxel-backup.json', data: Buffer.from(JSON.stringify({ ...identity, formatVersion: 2 })) },
      ...entries.slice(1),
    ];
    await expectRefused(
      await repack('newer.tar.gz', newer),
      /format 2, made by a newer Växel; this one reads format 1/,
    );
  });

  it('a database that is not a SQLite database, even when the manifest agrees', async () => {
    const garbage = randomBytes(8192);
    const manifest = JSON.parse(entries[3]!.data.toString());
    manifest.files[0] = {
      path: 'database/vaxel.db',
      size: garbage.length,
      sha256: createHash('sha256').update(garbage).digest('hex'),
    };
    const files = [
      entries[0]!,
      { path: 'database/vaxel.db', data: garbage },
      entries[2]!,
      { path: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    ];
    await expectRefused(await repack('not-sqlite.tar.gz', files), /not a usable SQLite database|cannot be opened/);
  });

  it('a backup over an existing file name is refused without --force', async () => {
    const again = await vaxel(['backup', archive, '--data', join(work, 'refusals-source')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists; give another name, or --force to overwrite it');
  });
});
