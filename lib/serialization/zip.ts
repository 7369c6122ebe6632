// The zip container of PyTorch's file format: stored (uncompressed) entries, data aligned to 64
// bytes with an 'FB' padding field as PyTorch's writer does, ZIP64 records past 4 GiB. The reader
// trusts no size in a header: every offset and length is checked against the real data first.
import * as zlib from 'zlib';
import { ByteSource } from './source';
import { formatError } from './errors';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const EOCD64_SIG = 0x06064b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const ALIGN_EXTRA = 0x4246; // 'FB', PyTorch's padding field
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const DATA_ALIGNMENT = 64;

export const crc32 = (data: Uint8Array, value = 0): number => zlib.crc32(data, value);

function view(bytes: Uint8Array): DataView { return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength); }

function u64(dv: DataView, offset: number): number {
  const v = dv.getBigUint64(offset, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw formatError(`zip archive: 64-bit field ${v} is out of range`);
  return Number(v);
}

export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  readonly crc32: number;
  readonly dataOffset: number;
  /** Deflated (TorchScript archives compress their code): listed, but not readable here. */
  readonly compressed: boolean;
}

const zipError = (what: string) => formatError(`PytorchStreamReader failed reading zip archive: ${what}`);

/** Reads the central directory of a zip archive; entries are read on demand. */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();

  constructor(readonly source: ByteSource) {
    const { cdOffset, cdSize, count } = this.findCentralDirectory();
    const cd = source.read(cdOffset, cdSize);
    const dv = view(cd);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || dv.getUint32(p, true) !== CENTRAL_SIG) throw zipError(`central directory entry ${i} is damaged`);
      const method = dv.getUint16(p + 10, true);
      const crc = dv.getUint32(p + 16, true);
      let compSize = dv.getUint32(p + 20, true);
      let size = dv.getUint32(p + 24, true);
      const nameLen = dv.getUint16(p + 28, true), extraLen = dv.getUint16(p + 30, true), commentLen = dv.getUint16(p + 32, true);
      let localOffset = dv.getUint32(p + 42, true);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) throw zipError(`central directory entry ${i} runs past the directory`);
      const name = Buffer.from(cd.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
      // ZIP64: the fields set to 0xFFFFFFFF follow in the 0x0001 extra field, in this order.
      let q = p + 46 + nameLen;
      const extraEnd = q + extraLen;
      while (q + 4 <= extraEnd) {
        const id = dv.getUint16(q, true), len = dv.getUint16(q + 2, true);
        if (q + 4 + len > extraEnd) throw zipError(`extra field of '${name}' is damaged`);
        if (id === ZIP64_EXTRA) {
          let r = q + 4;
          const next = (): number => {
            if (r + 8 > q + 4 + len) throw zipError(`ZIP64 field of '${name}' is too short`);
            const v = u64(dv, r);
            r += 8;
            return v;
          };
          if (size === U32_MAX) size = next();
          if (compSize === U32_MAX) compSize = next();
          if (localOffset === U32_MAX) localOffset = next();
        }
        q += 4 + len;
      }
      const dataOffset = this.dataOffset(name, localOffset, cdOffset);
      if (dataOffset + compSize > cdOffset) throw zipError(`'${name}' (${compSize} bytes at ${dataOffset}) runs past the end of the data`);
      this.entries.set(name, { name, size, crc32: crc, dataOffset, compressed: method !== 0 || compSize !== size });
      p = end;
    }
  }

  private findCentralDirectory(): { cdOffset: number; cdSize: number; count: number } {
    const src = this.source;
    if (src.size < 22) throw zipError('failed finding central directory');
    const tailLen = Math.min(src.size, 22 + U16_MAX);
    const tail = src.read(src.size - tailLen, tailLen);
    const dv = view(tail);
    let e = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (dv.getUint32(i, true) === EOCD_SIG && i + 22 + dv.getUint16(i + 20, true) <= tail.length) { e = i; break; }
    }
    if (e < 0) throw zipError('failed finding central directory');
    let count = dv.getUint16(e + 10, true);
    let cdSize = dv.getUint32(e + 12, true);
    let cdOffset = dv.getUint32(e + 16, true);
    const eocdAt = src.size - tailLen + e;
    if (eocdAt >= 20) {
      const loc = view(src.read(eocdAt - 20, 20));
      if (loc.getUint32(0, true) === EOCD64_LOCATOR_SIG) {
        const at = u64(loc, 8);
        if (at + 56 > eocdAt) throw zipError('ZIP64 end of central directory is out of range');
        const z = view(src.read(at, 56));
        if (z.getUint32(0, true) !== EOCD64_SIG) throw zipError('ZIP64 end of central directory not found');
        count = u64(z, 32);
        cdSize = u64(z, 40);
        cdOffset = u64(z, 48);
      }
    }
    if (cdOffset + cdSize > eocdAt) throw zipError(`central directory (${cdSize} bytes at ${cdOffset}) runs past the end of the archive`);
    // Each entry takes at least 46 bytes: a count the directory cannot hold is a damaged header.
    if (count * 46 > cdSize) throw zipError(`central directory claims ${count} entries in ${cdSize} bytes`);
    return { cdOffset, cdSize, count };
  }

  private dataOffset(name: string, localOffset: number, limit: number): number {
    const nameBytes = Buffer.from(name, 'utf8');
    if (localOffset + 30 + nameBytes.length > limit) throw zipError(`local header of '${name}' is out of range`);
    const header = this.source.read(localOffset, 30 + nameBytes.length);
    const dv = view(header);
    if (dv.getUint32(0, true) !== LOCAL_SIG) throw zipError(`local header of '${name}' not found`);
    // The local header must be this entry's: an offset pointing at another entry would read its data.
    if (dv.getUint16(26, true) !== nameBytes.length || !nameBytes.equals(header.subarray(30))) throw zipError(`local header of '${name}' names another file`);
    return localOffset + 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
  }

  has(name: string): boolean { return this.entries.has(name); }

  entry(name: string): ZipEntry {
    const e = this.entries.get(name);
    if (!e) throw zipError(`file not found: ${name}`);
    if (e.compressed) throw zipError(`'${name}' is compressed; PyTorch files store their records uncompressed`);
    return e;
  }

  /** The entry's bytes, CRC-checked (the pickle: a damaged one must not run). */
  read(name: string): Uint8Array {
    const e = this.entry(name);
    const bytes = this.source.read(e.dataOffset, e.size);
    checkCrc(e, bytes);
    return bytes;
  }

  /**
   * Copies the entry's bytes into `targets`, one after another (together exactly the entry's
   * size). Not CRC-checked: PyTorch's reader does not check storage records either, and at
   * ~1.3 GB/s the check would halve load speed.
   */
  readInto(name: string, targets: Uint8Array[]): void {
    const e = this.entry(name);
    const total = targets.reduce((n, t) => n + t.length, 0);
    if (total !== e.size) throw formatError(`record ${name} has ${e.size} bytes but ${total} were expected`);
    let at = e.dataOffset;
    for (const t of targets) {
      this.source.readInto(at, t);
      at += t.length;
    }
  }
}

function checkCrc(e: ZipEntry, bytes: Uint8Array): void {
  if (crc32(bytes) !== e.crc32) throw zipError(`CRC-32 check failed for '${e.name}' (the file is damaged)`);
}

/** Where the writer's bytes go, in order. */
export interface ByteSink { write(chunk: Uint8Array): void }

interface Written { name: Buffer; size: number; crc: number; offset: number }

/** Writes a zip archive entry by entry; `zip64: true` forces ZIP64 records (files over 4 GiB get them anyway). */
export class ZipWriter {
  private position = 0;
  private readonly written: Written[] = [];

  constructor(private readonly sink: ByteSink, private readonly options: { zip64?: boolean } = {}) {}

  private emit(chunk: Uint8Array): void {
    this.sink.write(chunk);
    this.position += chunk.length;
  }

  /** Adds one stored entry made of `chunks` (written as they are, never concatenated). */
  add(name: string, chunks: Uint8Array[]): void {
    const nameBytes = Buffer.from(name, 'utf8');
    let size = 0, crc = 0;
    for (const c of chunks) {
      size += c.length;
      crc = crc32(c, crc);
    }
    const offset = this.position;
    const zip64 = this.options.zip64 || size >= U32_MAX || offset >= U32_MAX;
    const z64Len = zip64 ? 4 + 16 : 0;
    const start = offset + 30 + nameBytes.length + z64Len + 4;
    const padding = (DATA_ALIGNMENT - (start % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
    const header = Buffer.alloc(30 + nameBytes.length + z64Len + 4 + padding);
    header.writeUInt32LE(LOCAL_SIG, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(0, 6);
    header.writeUInt16LE(0, 8);
    header.writeUInt32LE(0, 10); // time, date
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(zip64 ? U32_MAX : size, 18);
    header.writeUInt32LE(zip64 ? U32_MAX : size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(z64Len + 4 + padding, 28);
    nameBytes.copy(header, 30);
    let p = 30 + nameBytes.length;
    if (zip64) {
      header.writeUInt16LE(ZIP64_EXTRA, p);
      header.writeUInt16LE(16, p + 2);
      header.writeBigUInt64LE(BigInt(size), p + 4);
      header.writeBigUInt64LE(BigInt(size), p + 12);
      p += 20;
    }
    header.writeUInt16LE(ALIGN_EXTRA, p);
    header.writeUInt16LE(padding, p + 2);
    header.fill(0x5a, p + 4); // 'Z', as PyTorch pads
    this.emit(header);
    for (const c of chunks) if (c.length > 0) this.emit(c);
    this.written.push({ name: nameBytes, size, crc: crc >>> 0, offset });
  }

  /** Writes the central directory and the end records. */
  finish(): void {
    const cdOffset = this.position;
    for (const w of this.written) {
      const big = this.options.zip64 || w.size >= U32_MAX || w.offset >= U32_MAX;
      const fields = big ? [w.size, w.size, w.offset] : [];
      const extraLen = big ? 4 + 8 * fields.length : 0;
      const h = Buffer.alloc(46 + w.name.length + extraLen);
      h.writeUInt32LE(CENTRAL_SIG, 0);
      h.writeUInt16LE(big ? 45 : 20, 4);
      h.writeUInt16LE(big ? 45 : 20, 6);
      h.writeUInt32LE(w.crc, 16);
      h.writeUInt32LE(big ? U32_MAX : w.size, 20);
      h.writeUInt32LE(big ? U32_MAX : w.size, 24);
      h.writeUInt16LE(w.name.length, 28);
      h.writeUInt16LE(extraLen, 30);
      h.writeUInt32LE(big ? U32_MAX : w.offset, 42);
      w.name.copy(h, 46);
      if (big) {
        let p = 46 + w.name.length;
        h.writeUInt16LE(ZIP64_EXTRA, p);
        h.writeUInt16LE(8 * fields.length, p + 2);
        for (const f of fields) h.writeBigUInt64LE(BigInt(f), (p += 8) - 4);
      }
      this.emit(h);
    }
    const cdSize = this.position - cdOffset;
    const count = this.written.length;
    const zip64 = this.options.zip64 || cdOffset >= U32_MAX || cdSize >= U32_MAX || count >= U16_MAX;
    if (zip64) {
      const eocd64At = this.position;
      const z = Buffer.alloc(56 + 20);
      z.writeUInt32LE(EOCD64_SIG, 0);
      z.writeBigUInt64LE(44n, 4);
      z.writeUInt16LE(45, 12);
      z.writeUInt16LE(45, 14);
      z.writeBigUInt64LE(BigInt(count), 24);
      z.writeBigUInt64LE(BigInt(count), 32);
      z.writeBigUInt64LE(BigInt(cdSize), 40);
      z.writeBigUInt64LE(BigInt(cdOffset), 48);
      z.writeUInt32LE(EOCD64_LOCATOR_SIG, 56);
      z.writeBigUInt64LE(BigInt(eocd64At), 64);
      z.writeUInt32LE(1, 72);
      this.emit(z);
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(EOCD_SIG, 0);
    e.writeUInt16LE(zip64 ? U16_MAX : count, 8);
    e.writeUInt16LE(zip64 ? U16_MAX : count, 10);
    e.writeUInt32LE(zip64 ? U32_MAX : cdSize, 12);
    e.writeUInt32LE(zip64 ? U32_MAX : cdOffset, 16);
    this.emit(e);
  }
}
