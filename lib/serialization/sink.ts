// Where saved bytes go: a file written atomically (a temporary file in the same directory, renamed
// over the target once complete, so a failure or a crash never leaves a torn file), or an open
// descriptor.
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import type { ByteSink } from './zip';

/** Node caps one write at 2 GiB - 4 KiB; larger chunks go in pieces. */
const MAX_WRITE = 1 << 30;

export function fdSink(fd: number): ByteSink {
  return {
    write(chunk) {
      for (let done = 0; done < chunk.length;) done += fs.writeSync(fd, chunk, done, Math.min(MAX_WRITE, chunk.length - done));
    },
  };
}

/**
 * Runs `write` into a temporary file next to `file`, then renames it to `file`. `durable` also
 * flushes the file to disk before the rename and the directory entry after it, so not even a
 * power cut leaves a torn or missing file where a complete one was announced.
 */
export function writeAtomically(file: string, write: (sink: ByteSink, fd: number) => void, durable = false): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o666);
  try {
    write(fdSink(fd), fd);
    if (durable) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (durable) syncDirectory(path.dirname(path.resolve(file)));
}

/** Makes a rename durable (the directory entry), where the platform allows opening directories. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch { /* not every platform can sync a directory */ } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
