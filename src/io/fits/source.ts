import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { fail } from '../../errors.js';

/**
 * Sequential bytes of a FITS file, plain or gzip-compressed. Plain files are read with
 * positioned reads (skips are seeks); gzip files are inflated as a stream, so neither
 * kind is ever loaded whole.
 */
export interface ByteSource {
  readonly path: string;
  readonly gzip: boolean;
  /** Bytes consumed so far (decompressed bytes for gzip). */
  readonly position: number;
  /**
   * Bytes the file can hold: its size when plain; for gzip the compressed size × 1032,
   * deflate's maximum expansion ratio, so that counts in a header can be checked before
   * anything is allocated from them.
   */
  readonly sizeBound: number;
  /** Reads up to `len` bytes into `dst` at `offset`; fewer only at the end of the file. */
  read(dst: Uint8Array, offset: number, len: number): Promise<number>;
  discard(n: number): Promise<number>;
  close(): void;
}

const DEFLATE_MAX_RATIO = 1032;

/** Opens `path`; gzip is recognised by its magic bytes, whatever the extension. */
export function openSource(path: string): ByteSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    fail(path, `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}; check the path`);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    fail(path, 'is a folder, not a file; give the path of a FITS file');
  }
  const size = stat.size;
  const magic = new Uint8Array(2);
  const got = readSync(fd, magic, 0, 2, 0);
  if (got === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    closeSync(fd);
    return new GzipSource(path, size * DEFLATE_MAX_RATIO);
  }
  return new FileSource(path, fd, size);
}

class FileSource implements ByteSource {
  readonly gzip = false;
  position = 0;
  private closed = false;
  constructor(
    readonly path: string,
    private readonly fd: number,
    readonly sizeBound: number,
  ) {}

  async read(dst: Uint8Array, offset: number, len: number): Promise<number> {
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd, dst, offset + done, len - done, this.position);
      if (n === 0) break;
      done += n;
      this.position += n;
    }
    return done;
  }

  async discard(n: number): Promise<number> {
    const k = Math.max(0, Math.min(n, this.sizeBound - this.position));
    this.position += k;
    return k;
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

class GzipSource implements ByteSource {
  readonly gzip = true;
  position = 0;
  private readonly iter: AsyncIterator<Buffer>;
  private readonly stream: ReturnType<typeof createGunzip>;
  private readonly file: ReturnType<typeof createReadStream>;
  private chunk: Buffer | null = null;
  private chunkPos = 0;
  private ended = false;

  constructor(
    readonly path: string,
    readonly sizeBound: number,
  ) {
    this.file = createReadStream(path, { highWaterMark: 1 << 20 });
    this.stream = createGunzip({ chunkSize: 1 << 20 });
    this.file.on('error', (err) => this.stream.destroy(err));
    this.file.pipe(this.stream);
    this.iter = this.stream[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    try {
      const r = await this.iter.next();
      if (r.done) {
        this.ended = true;
        return false;
      }
      this.chunk = r.value;
      this.chunkPos = 0;
      return true;
    } catch (err) {
      fail(
        this.path,
        `gzip data is corrupt or truncated (${(err as Error).message}); re-download or re-compress the file`,
      );
    }
  }

  async read(dst: Uint8Array, offset: number, len: number): Promise<number> {
    let done = 0;
    while (done < len) {
      if (!this.chunk || this.chunkPos >= this.chunk.length) {
        if (!(await this.fill())) break;
        continue;
      }
      const c = this.chunk as Buffer;
      const n = Math.min(len - done, c.length - this.chunkPos);
      dst.set(c.subarray(this.chunkPos, this.chunkPos + n), offset + done);
      this.chunkPos += n;
      done += n;
    }
    this.position += done;
    return done;
  }

  async discard(n: number): Promise<number> {
    let done = 0;
    while (done < n) {
      if (!this.chunk || this.chunkPos >= this.chunk.length) {
        if (!(await this.fill())) break;
        continue;
      }
      const k = Math.min(n - done, this.chunk.length - this.chunkPos);
      this.chunkPos += k;
      done += k;
    }
    this.position += done;
    return done;
  }

  close(): void {
    this.file.destroy();
    this.stream.destroy();
  }
}
