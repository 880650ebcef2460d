import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blockSize, decodeHeader, encodeHeader, readTar, TarError, TarWriter } from './tar.ts';

const mtime = new Date('2026-03-01T10:00:00Z');

async function archive(files: Array<{ path: string; data: Buffer }>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new TarWriter(out);
  for (const file of files) await writer.add({ path: file.path, size: file.data.length, mtime }, file.data);
  await writer.finish();
  out.end();
  return Buffer.concat(chunks);
}

async function unpack(bytes: Buffer, chunkSize = 700): Promise<Array<{ path: string; data: Buffer }>> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const out: Array<{ path: string; data: Buffer }> = [];
  for await (const entry of readTar(chunks())) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.content) parts.push(chunk);
    out.push({ path: entry.path, data: Buffer.concat(parts) });
  }
  return out;
}

describe('the ustar writer and reader', () => {
  it('give back every file byte for byte: empty, exactly one block, odd sizes, arriving in any chunking', async () => {
    const files = [
      { path: 'manifest.json', data: Buffer.from('{"a":1}') },
      { path: 'files/empty', data: Buffer.alloc(0) },
      { path: 'files/one-block', data: randomBytes(blockSize) },
      { path: 'files/odd', data: randomBytes(3 * blockSize + 17) },
    ];
    const bytes = await archive(files);
    expect(bytes.length % (20 * blockSize)).toBe(0);
    expect(await unpack(bytes)).toEqual(files);
    expect(await unpack(bytes, 1)).toEqual(files);
  });

  it('keep paths longer than 100 bytes by splitting them into prefix and name at a slash', async () => {
    const path = `files/${'o'.repeat(36)}/recordings/${'r'.repeat(60)}.wav`;
    expect(path.length).toBeGreaterThan(100);
    expect(await unpack(await archive([{ path, data: Buffer.from('x') }]))).toEqual([{ path, data: Buffer.from('x') }]);
  });

  it('refuse a path that cannot be split to fit', () => {
    expect(() => encodeHeader({ path: 'x'.repeat(101), size: 0, mtime })).toThrow(RangeError);
  });

  it('write sizes of 8 GiB and more in base-256 and read them back', () => {
    const size = 12 * 1024 ** 3 + 5;
    const header = encodeHeader({ path: 'database/vaxel.db', size, mtime });
    expect(header[124]).toBe(0x80);
    expect(decodeHeader(header)).toMatchObject({ path: 'database/vaxel.db', size, type: '0' });
  });

  it('refuse content that is not as long as its header says (a file that changed while read)', async () => {
    const writer = new TarWriter(new PassThrough().resume());
    await expect(writer.add({ path: 'a', size: 10, mtime }, Buffer.alloc(9))).rejects.toThrow(/9 bytes, not the 10/);
  });
});

describe('damaged archives', () => {
  it('are truncated when they end inside a file', async () => {
    const bytes = await archive([{ path: 'a', data: randomBytes(5000) }]);
    await expect(unpack(bytes.subarray(0, 3000))).rejects.toMatchObject({ name: 'TarError', kind: 'truncated' });
  });

  it('are truncated when they end after a file but before the end-of-archive marker', async () => {
    const bytes = await archive([{ path: 'a', data: randomBytes(blockSize) }]);
    await expect(unpack(bytes.subarray(0, 2 * blockSize))).rejects.toMatchObject({ kind: 'truncated' });
  });

  it('are corrupt when a header checksum does not match', async () => {
    const bytes = await archive([{ path: 'a', data: Buffer.from('hello') }]);
    bytes[0] = 'b'.charCodeAt(0);
    await expect(unpack(bytes)).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('are corrupt when they are not tar at all', async () => {
    await expect(unpack(randomBytes(4096))).rejects.toBeInstanceOf(TarError);
  });

  it('are corrupt when they hold something other than files (a symbolic link)', async () => {
    const header = encodeHeader({ path: 'link', size: 0, mtime });
    header.write('2', 156, 1, 'ascii');
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    await expect(unpack(Buffer.concat([header, Buffer.alloc(2 * blockSize)]))).rejects.toThrow(/type "2"/);
  });
});
