/**
 * A small zip writer for tests: module zips as go lays them out (`<path>@<version>/<file>`),
 * plus knobs for hostile archives (wrong CRC, understated size, symlink entries).
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipFileSpec {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  store?: boolean;
  /** Unix mode written in the external attributes (e.g. 0o120777 for a symlink). */
  mode?: number;
  /** Write this CRC instead of the right one. */
  crc?: number;
  /** Declare this uncompressed size instead of the right one. */
  declaredSize?: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function makeZip(files: ZipFileSpec[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data);
    const body = f.store ? data : deflateRawSync(data);
    const method = f.store ? 0 : 8;
    const crc = f.crc ?? crc32(data);
    const usize = f.declaredSize ?? data.length;
    const name = Buffer.from(f.name, 'utf8');
    const lfh = Buffer.alloc(30);
    lfh.writeUInt32LE(0x04034b50, 0);
    lfh.writeUInt16LE(20, 4);
    lfh.writeUInt16LE(0x800, 6);
    lfh.writeUInt16LE(method, 8);
    lfh.writeUInt32LE(crc, 14);
    lfh.writeUInt32LE(body.length, 18);
    lfh.writeUInt32LE(usize, 22);
    lfh.writeUInt16LE(name.length, 26);
    locals.push(lfh, name, body);
    const cdh = Buffer.alloc(46);
    cdh.writeUInt32LE(0x02014b50, 0);
    cdh.writeUInt16LE((3 << 8) | 20, 4);
    cdh.writeUInt16LE(20, 6);
    cdh.writeUInt16LE(0x800, 8);
    cdh.writeUInt16LE(method, 10);
    cdh.writeUInt32LE(crc, 16);
    cdh.writeUInt32LE(body.length, 20);
    cdh.writeUInt32LE(usize, 24);
    cdh.writeUInt16LE(name.length, 28);
    cdh.writeUInt32LE(((f.mode ?? 0o100644) << 16) >>> 0, 38);
    cdh.writeUInt32LE(offset, 42);
    central.push(cdh, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A module zip: every file under `<path>@<version>/`. */
export function moduleZip(path: string, version: string, files: Record<string, string | Buffer>): Buffer {
  return makeZip(Object.entries(files).map(([n, data]) => ({ name: `${path}@${version}/${n}`, data })));
}
