import type { Readable, Writable } from 'node:stream';

/**
 * Just enough of POSIX ustar (pax-interchange "ustar" format, IEEE Std 1003.1) for Växel's
 * backups: regular files with relative paths, written and read as streams so a database of
 * gigabytes never sits in memory. GNU tar reads what this writes (`tar -tzvf backup.tar.gz`).
 *
 * Header block, 512 bytes (offsets in decimal):
 *
 *     0 name[100]   100 mode[8]   108 uid[8]    116 gid[8]    124 size[12]   136 mtime[12]
 *   148 chksum[8]   156 typeflag  157 linkname[100]           257 magic "ustar\0" 263 version "00"
 *   265 uname[32]   297 gname[32] 329 devmajor[8] 337 devminor[8] 345 prefix[155] 500 pad[12]
 *
 * Numbers are octal text. A size of 8 GiB or more uses GNU's base-256 form (first byte 0x80, the
 * rest big-endian binary), which GNU tar and bsdtar read. The content follows in 512-byte blocks,
 * and two zero blocks end the archive.
 */
export const blockSize = 512;
/** GNU tar's default record: the archive is padded to a multiple of it. */
const recordSize = 20 * blockSize;
const maxOctalSize = 8 ** 11 - 1;

/** The archive is damaged or is not a tar archive: `kind` says which, for the caller's message. */
export class TarError extends Error {
  override readonly name = 'TarError';
  constructor(
    readonly kind: 'truncated' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

export type TarEntry = { path: string; size: number; mtime: Date };

/** Splits a path into ustar's prefix (≤155) and name (≤100) at a slash, or null when it cannot. */
function splitPath(path: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return null;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

export function encodeHeader(entry: TarEntry): Buffer {
  const split = splitPath(entry.path);
  if (!split) throw new RangeError(`path too long for a ustar archive: ${entry.path}`);
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new RangeError(`bad size ${entry.size}`);
  const block = Buffer.alloc(blockSize);
  block.write(split.name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (entry.size <= maxOctalSize) {
    writeOctal(block, 124, 12, entry.size);
  } else {
    block[124] = 0x80;
    let rest = BigInt(entry.size);
    for (let i = 135; i > 124; i--) {
      block[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
  }
  writeOctal(block, 136, 12, Math.floor(entry.mtime.getTime() / 1000));
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(split.prefix, 345, 155, 'utf8');
  // The checksum is computed with its own field read as eight spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readNumber(block: Buffer, offset: number, length: number): number {
  if (block[offset]! & 0x80) {
    let value = 0n;
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(block[i]!);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarError('corrupt', 'an entry size is out of range');
    return Number(value);
  }
  const text = readString(block, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarError('corrupt', 'a header has a malformed number');
  return text === '' ? 0 : parseInt(text, 8);
}

export function decodeHeader(block: Buffer): TarEntry & { type: string } {
  let sum = 0;
  for (let i = 0; i < blockSize; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (readNumber(block, 148, 8) !== sum)
    throw new TarError('corrupt', 'a header checksum does not match (not a tar archive, or damaged)');
  if (readString(block, 257, 6) !== 'ustar' && block.toString('latin1', 257, 265) !== 'ustar  \0') {
    throw new TarError('corrupt', 'a header is not in ustar format');
  }
  const name = readString(block, 0, 100);
  const prefix = readString(block, 345, 155);
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size: readNumber(block, 124, 12),
    mtime: new Date(readNumber(block, 136, 12) * 1000),
    type: String.fromCharCode(block[156] || 0x30),
  };
}

const isZeroBlock = (block: Buffer) => block.every((byte) => byte === 0);

/** Writes entries to a stream, honouring back-pressure. */
export class TarWriter {
  readonly #out: Writable;
  #written = 0;

  constructor(out: Writable) {
    this.#out = out;
  }

  async #write(chunk: Buffer): Promise<void> {
    this.#written += chunk.length;
    if (!this.#out.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          this.#out.off('drain', onDrain);
          reject(error);
        };
        const onDrain = () => {
          this.#out.off('error', onError);
          resolve();
        };
        this.#out.once('drain', onDrain);
        this.#out.once('error', onError);
      });
    }
  }

  async #pad(): Promise<void> {
    const remainder = this.#written % blockSize;
    if (remainder) await this.#write(Buffer.alloc(blockSize - remainder));
  }

  /**
   * One file whose content is `size` bytes from `content`; every chunk also goes to `onChunk`
   * (the caller hashes it). Content that is shorter or longer than announced is an error: the
   * file changed while it was read.
   */
  async add(
    entry: TarEntry,
    content: AsyncIterable<Buffer> | Buffer,
    onChunk?: (chunk: Buffer) => void,
  ): Promise<void> {
    await this.#write(encodeHeader(entry));
    let seen = 0;
    for await (const chunk of Buffer.isBuffer(content) ? [content] : content) {
      seen += chunk.length;
      if (seen > entry.size) throw new Error(`${entry.path} grew while it was archived`);
      onChunk?.(chunk);
      await this.#write(chunk);
    }
    if (seen !== entry.size)
      throw new Error(`${entry.path} has ${seen} bytes, not the ${entry.size} it had when archiving began`);
    await this.#pad();
  }

  /** The end-of-archive marker (two zero blocks), padded to a whole record as GNU tar writes. */
  async finish(): Promise<void> {
    await this.#write(Buffer.alloc(2 * blockSize));
    const remainder = this.#written % recordSize;
    if (remainder) await this.#write(Buffer.alloc(recordSize - remainder));
  }
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;

  constructor(input: AsyncIterable<Buffer>) {
    this.#chunks = input[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, next.value]) : next.value;
    return true;
  }

  /** Exactly n bytes, or null at a clean end before the first byte. */
  async exact(n: number): Promise<Buffer | null> {
    while (this.#buffer.length < n) {
      if (!(await this.#fill())) {
        if (this.#buffer.length === 0) return null;
        throw new TarError('truncated', 'the archive ends in the middle of an entry');
      }
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** n bytes as they arrive. */
  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#buffer.length === 0 && !(await this.#fill()))
        throw new TarError('truncated', 'the archive ends in the middle of a file');
      const take = Math.min(left, this.#buffer.length);
      const chunk = this.#buffer.subarray(0, take);
      this.#buffer = this.#buffer.subarray(take);
      left -= take;
      yield chunk;
    }
  }

  async drain(): Promise<void> {
    while (await this.#fill()) this.#buffer = Buffer.alloc(0);
  }
}

export type TarReadEntry = TarEntry & {
  /** The content; what is not read before the next entry is asked for is skipped. */
  content: AsyncIterable<Buffer>;
};

/**
 * The regular files of an archive, in order. Anything else (links, folders, devices, pax or GNU
 * long-name records) is refused as corrupt: Växel never writes them, so they mean the archive is
 * not one of ours. An archive without its end marker is truncated.
 */
export async function* readTar(input: AsyncIterable<Buffer> | Readable): AsyncGenerator<TarReadEntry> {
  const reader = new ByteReader(input as AsyncIterable<Buffer>);
  for (;;) {
    const block = await reader.exact(blockSize);
    if (!block) throw new TarError('truncated', 'the archive ends without its end-of-archive marker');
    if (isZeroBlock(block)) {
      // GNU tar pads the last record with zeros: read it to the end, whatever its length.
      await reader.drain();
      return;
    }
    const header = decodeHeader(block);
    if (header.type !== '0')
      throw new TarError('corrupt', `the archive holds an entry of type "${header.type}" (${header.path}), not a file`);
    let remaining = header.size;
    const content = (async function* () {
      for await (const chunk of reader.stream(remaining)) {
        remaining -= chunk.length;
        yield chunk;
      }
    })();
    yield { path: header.path, size: header.size, mtime: header.mtime, content };
    // Content the caller did not read is skipped, so the next header is found where it is.
    if (remaining > 0) for await (const _chunk of reader.stream(remaining));
    const padding = (blockSize - (header.size % blockSize)) % blockSize;
    if (padding && !(await reader.exact(padding)))
      throw new TarError('truncated', 'the archive ends in the middle of an entry');
  }
}
