import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTar, TarWriter } from '../src/backup/tar.ts';

/** Our ustar writer and reader against GNU tar (Debian's /usr/bin/tar), so operators can use either. */
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'vaxel-tar-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

const files = [
  { path: 'manifest.json', data: Buffer.from('{"ok":true}') },
  { path: `files/${'o'.repeat(36)}/recordings/${'r'.repeat(70)}.wav`, data: randomBytes(70_000) },
  { path: 'files/empty', data: Buffer.alloc(0) },
];

describe('GNU tar', () => {
  it('lists and extracts what our writer wrote, byte for byte, long paths included', async () => {
    const archive = join(work, 'ours.tar');
    const out = createWriteStream(archive);
    const writer = new TarWriter(out);
    for (const f of files) await writer.add({ path: f.path, size: f.data.length, mtime: new Date() }, f.data);
    await writer.finish();
    out.end();
    await finished(out);
    expect(execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n')).toEqual(
      files.map((f) => f.path),
    );
    const into = join(work, 'extracted');
    await mkdir(into);
    execFileSync('tar', ['-xf', archive, '-C', into]);
    for (const f of files) expect((await readFile(join(into, f.path))).equals(f.data)).toBe(true);
  });

  it('writes ustar archives our reader reads', async () => {
    const from = join(work, 'source');
    for (const f of files) {
      await mkdir(join(from, f.path, '..'), { recursive: true });
      await writeFile(join(from, f.path), f.data);
    }
    const archive = join(work, 'gnu.tar');
    execFileSync('tar', ['--format=ustar', '-cf', archive, '-C', from, ...files.map((f) => f.path)]);
    const read: Array<{ path: string; data: Buffer }> = [];
    for await (const entry of readTar(createReadStream(archive))) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.content) chunks.push(chunk);
      read.push({ path: entry.path, data: Buffer.concat(chunks) });
    }
    expect(read).toEqual(files);
  });
});
