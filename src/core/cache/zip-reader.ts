/**
 * Reads a zip file from its central directory and streams each entry's content, never
 * holding a whole zip or entry in memory. Checks what Go's archive/zip checks when a module
 * zip is hashed (go@1.19.8 src/archive/zip/reader.go): the end-of-central-directory record
 * (with zip64), stored and deflated entries only, the declared size and CRC-32 of every
 * entry. Bounded: the central directory, the number of entries and the total uncompressed
 * size have caps, so a zip bomb fails fast instead of exhausting memory or disk.
 */
import { type promises as fsp, createReadStream } from 'node:fs';
import { openRegularFile } from '../host/node-host';
import { createInflateRaw, crc32 } from 'node:zlib';
import { Readable } from 'node:stream';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Unix mode bits from the external attributes when made on Unix (symlinks show here). */
  unixMode: number | null;
}

export interface ZipLimits {
  /** Go's module zips are at most 500 MiB uncompressed (mod zip.MaxZipFile). */
  maxTotalUncompressed: number;
  maxEntries: number;
  maxCentralDirectory: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 500 << 20,
  maxEntries: 200_000,
  maxCentralDirectory: 64 << 20,
};

export class ZipError extends Error {
  constructor(message: string, readonly code: 'not-zip' | 'unsupported' | 'checksum' | 'too-large' | 'format') {
    super(message);
  }
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

async function readAt(fh: fsp.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let off = 0;
  while (off < len) {
    const { bytesRead } = await fh.read(buf, off, len - off, pos + off);
    if (bytesRead === 0) throw new ZipError('zip: not a valid zip file', 'format');
    off += bytesRead;
  }
  return buf;
}

function u64(b: Buffer, off: number): number {
  const v = b.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip: not a valid zip file', 'format');
  return Number(v);
}

/** Lists the entries of a zip from its central directory. */
export async function readZipDirectory(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipEntry[]> {
  const fh = await openRegularFile(file);
  try {
    const size = (await fh.stat()).size;
    if (size < 22) throw new ZipError('zip: not a valid zip file', 'not-zip');
    const tailLen = Math.min(size, 22 + 65535);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError('zip: not a valid zip file', 'not-zip');
    let entries = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const eocdPos = size - tailLen + eocd;
    if ((entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocdPos >= 20) {
      const loc = await readAt(fh, eocdPos - 20, 20);
      if (loc.readUInt32LE(0) === EOCD64_LOCATOR_SIG) {
        const recPos = u64(loc, 8);
        if (recPos + 56 > size) throw new ZipError('zip: not a valid zip file', 'format');
        const rec = await readAt(fh, recPos, 56);
        if (rec.readUInt32LE(0) !== EOCD64_SIG) throw new ZipError('zip: not a valid zip file', 'format');
        entries = u64(rec, 32);
        cdSize = u64(rec, 40);
        cdOffset = u64(rec, 48);
      }
    }
    if (entries > limits.maxEntries) throw new ZipError(`zip has ${entries} entries, more than the limit of ${limits.maxEntries}`, 'too-large');
    if (cdSize > limits.maxCentralDirectory) throw new ZipError(`zip central directory is ${cdSize} bytes, more than the limit`, 'too-large');
    if (cdOffset + cdSize > size) throw new ZipError('zip: not a valid zip file', 'format');
    const cd = await readAt(fh, cdOffset, cdSize);
    const out: ZipEntry[] = [];
    let p = 0;
    let total = 0;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === CDH_SIG) {
      const madeBy = cd.readUInt16LE(p + 4) >> 8;
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let csize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const ext = cd.readUInt32LE(p + 38);
      let lho = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) throw new ZipError('zip: not a valid zip file', 'format');
      // Go decodes names as UTF-8 when the flag says so, else as CP-437; module zips are UTF-8
      // and an ASCII name reads the same either way.
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 || isAscii(cd, p + 46, nameLen) ? 'utf8' : 'latin1');
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const tag = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        let q = e + 4;
        if (tag === 0x0001) {
          if (usize === 0xffffffff && q + 8 <= e + 4 + len) { usize = u64(cd, q); q += 8; }
          if (csize === 0xffffffff && q + 8 <= e + 4 + len) { csize = u64(cd, q); q += 8; }
          if (lho === 0xffffffff && q + 8 <= e + 4 + len) { lho = u64(cd, q); q += 8; }
        }
        e += 4 + len;
      }
      total += usize;
      if (total > limits.maxTotalUncompressed) throw new ZipError(`zip declares more than ${limits.maxTotalUncompressed} bytes uncompressed`, 'too-large');
      out.push({ name, method, flags, crc32: crc, compressedSize: csize, uncompressedSize: usize, localHeaderOffset: lho, unixMode: madeBy === 3 ? ext >>> 16 : null });
      p = end;
      if (out.length > limits.maxEntries) throw new ZipError('zip has too many entries', 'too-large');
    }
    if (out.length !== entries && entries !== 0xffff) throw new ZipError('zip: not a valid zip file', 'format');
    return out;
  } finally {
    await fh.close();
  }
}

function isAscii(b: Buffer, start: number, len: number): boolean {
  for (let i = start; i < start + len; i++) if (b[i] >= 0x80) return false;
  return true;
}

/** Opens an entry's uncompressed content as a stream; the stream errors on a bad size or CRC. */
export async function openZipEntry(file: string, entry: ZipEntry): Promise<Readable> {
  // The same descriptor for the header and the data: the file checked is the file read.
  const fh = await openRegularFile(file);
  let dataStart: number;
  try {
    const lfh = await readAt(fh, entry.localHeaderOffset, 30);
    if (lfh.readUInt32LE(0) !== LFH_SIG) throw new ZipError('zip: not a valid zip file', 'format');
    dataStart = entry.localHeaderOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipError('zip: unsupported compression algorithm', 'unsupported');
  } catch (e) {
    await fh.close();
    throw e;
  }
  if (entry.compressedSize === 0) await fh.close();
  const raw = entry.compressedSize === 0
    ? emptyStream()
    : createReadStream(file, { fd: fh, autoClose: true, start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  const body: Readable = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  if (entry.method === 8) raw.on('error', (e: Error) => body.destroy(e));
  return checked(body, entry);
}

async function* emptyGen(): AsyncGenerator<Buffer> {
  // nothing
}

function emptyStream(): Readable {
  return Readable.from(emptyGen());
}

/** Passes the content through, failing on more bytes than declared, a short body or a bad CRC. */
function checked(src: Readable, entry: ZipEntry): Readable {
  async function* gen(): AsyncGenerator<Buffer> {
    let n = 0;
    let crc = 0;
    try {
      for await (const chunk of src as AsyncIterable<Buffer>) {
        n += chunk.length;
        if (n > entry.uncompressedSize) throw new ZipError('zip: not a valid zip file', 'format');
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof ZipError) throw e;
      throw new ZipError(`zip: not a valid zip file (${(e as Error).message})`, 'format');
    } finally {
      src.destroy();
    }
    if (n !== entry.uncompressedSize) throw new ZipError('unexpected EOF', 'format');
    if (crc >>> 0 !== entry.crc32 && entry.crc32 !== 0) throw new ZipError('zip: checksum error', 'checksum');
  }
  return Readable.from(gen());
}
