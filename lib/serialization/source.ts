// Random-access bytes for the readers: a whole file in memory, or an open file read on demand (so
// a large checkpoint is never held in JS memory whole).
import * as fs from 'fs';
import { formatError } from './errors';

export interface ByteSource {
  readonly size: number;
  /** `length` bytes at `offset` (a view or a copy); throws when the range is outside the source. */
  read(offset: number, length: number): Uint8Array;
  /** Fills `target` with the bytes at `offset`. */
  readInto(offset: number, target: Uint8Array): void;
}

function checkRange(source: ByteSource, offset: number, length: number, what: string): void {
  if (!(offset >= 0 && length >= 0 && offset + length <= source.size))
    throw formatError(`${what}: ${length} bytes at offset ${offset} run past the end of the data (${source.size} bytes)`);
}

export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) { this.size = bytes.length; }
  read(offset: number, length: number): Uint8Array {
    checkRange(this, offset, length, 'read');
    return this.bytes.subarray(offset, offset + length);
  }
  readInto(offset: number, target: Uint8Array): void { target.set(this.read(offset, target.length)); }
}

/** Node caps one read at 2 GiB - 4 KiB; larger ranges go in pieces. */
const MAX_READ = 1 << 30;

export class FileSource implements ByteSource {
  readonly size: number;
  constructor(private readonly fd: number) { this.size = fs.fstatSync(fd).size; }
  read(offset: number, length: number): Uint8Array {
    const out = Buffer.allocUnsafe(length);
    this.readInto(offset, out);
    return out;
  }
  readInto(offset: number, target: Uint8Array): void {
    checkRange(this, offset, target.length, 'read');
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd, target, done, Math.min(MAX_READ, target.length - done), offset + done);
      if (n <= 0) throw formatError(`file ended early: ${target.length - done} bytes missing at offset ${offset + done}`);
      done += n;
    }
  }
}
