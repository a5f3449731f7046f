/**
 * GOSUMDB as the go command reads it.
 * Mirrors go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:59-110 (dbDial), key.go:7-9
 * (knownGOSUMDB) and golang.org/x/mod/sumdb/note/note.go:216-274 (keyHash, NewVerifier).
 * go@1.26.8 and go@1.27.3 read the same for modules (dbDial only adds the GOSUMDB=off refusal
 * for toolchain downloads) but parse URLs with their stricter net/url (go-url.ts).
 */
import { createHash } from 'node:crypto';
import { fields, isSpaceRune, toBytes, validUTF8 } from './go-bytes';
import { GoURLError, goURLStructString, parseGoURL } from './go-url';

/** The only built-in name (key.go). */
export const KNOWN_GOSUMDB: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

export interface GosumdbParse {
  /** GOSUMDB=off: no checksum database at all (go.sum is still enforced). */
  off: boolean;
  /** Database name (host[/path]) from the verifier key. */
  name?: string;
  /** The key hash, 8 hex digits. */
  hash?: string;
  /** The full verifier key `name+hash+base64`. */
  key?: string;
  /** Explicit URL (second field): go asks only this URL, never the GOPROXY entries. */
  url?: string;
  /**
   * True when go reaches the database itself: through each GOPROXY entry's
   * `/sumdb/<name>/supported`, else at `https://<name>` (false with an explicit URL).
   */
  direct?: boolean;
  /** go's exact error (printed after `verifying module: `), when GOSUMDB is rejected. */
  error?: string;
}

const ERR_ID = 'malformed verifier id';
const ERR_ALG = 'unknown verifier algorithm';
const ERR_HASH = 'invalid verifier hash';

/** base64.StdEncoding.DecodeString (padding required, CR/LF ignored); null on error. */
export function decodeStdBase64(s: string): Buffer | null {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

/** note.keyHash: first 4 bytes (big-endian) of SHA-256(name + "\n" + key). */
export function noteKeyHash(name: string, key: Uint8Array): number {
  const h = createHash('sha256');
  h.update(Buffer.from(name, 'utf8'));
  h.update('\n');
  h.update(key);
  return h.digest().readUInt32BE(0);
}

function isValidName(name: string): boolean {
  if (name === '' || !validUTF8(toBytes(name)) || name.includes('+')) return false;
  for (const ch of name) if (isSpaceRune(ch.codePointAt(0)!)) return false;
  return true;
}

export interface Verifier {
  name: string;
  hash: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Buffer;
}

/** note.NewVerifier: the parsed key, or Go's error text. */
export function parseVerifierKey(vkey: string): Verifier | { error: string } {
  const chop = (s: string): [string, string] => {
    const i = s.indexOf('+');
    return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
  };
  const [name, rest] = chop(vkey);
  const [hash16, key64] = chop(rest);
  const key = decodeStdBase64(key64);
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || key === null || !isValidName(name) || key.length === 0) {
    return { error: ERR_ID };
  }
  const hash = parseInt(hash16, 16) >>> 0;
  if (hash !== noteKeyHash(name, key)) return { error: ERR_HASH };
  if (key[0] !== 1) return { error: ERR_ALG };
  if (key.length - 1 !== 32) return { error: ERR_ID };
  return { name, hash, publicKey: key.subarray(1) };
}

/** Parses GOSUMDB as dbDial does; `error` is go's text, e.g. `invalid GOSUMDB: malformed verifier id`. */
export function parseGosumdb(value: string, goVersion?: string | null): GosumdbParse {
  if (value === 'off') return { off: true };
  let v = value;
  // sum.golang.google.cn is the same database reached at another URL (sumdb.go:64-71).
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  const key = fields(v);
  if (key.length >= 1 && KNOWN_GOSUMDB[key[0]]) key[0] = KNOWN_GOSUMDB[key[0]];
  if (key.length === 0) return { off: false, error: 'missing GOSUMDB' };
  if (key.length > 2) return { off: false, error: 'invalid GOSUMDB: too many fields' };
  const vk = parseVerifierKey(key[0]);
  if ('error' in vk) return { off: false, error: `invalid GOSUMDB: ${vk.error}` };
  const name = vk.name;
  const hash = vk.hash.toString(16).padStart(8, '0');
  const base = { off: false, name, hash, key: key[0] };
  // No funny business in the database name.
  let direct;
  try {
    direct = parseGoURL('https://' + name, goVersion);
  } catch {
    // Go dereferences a nil URL here and crashes; report the name as invalid.
    return { ...base, error: `invalid sumdb name (must be host[/path]): ${name}` };
  }
  const onlyHostPath = direct.opaque === '' && !direct.user && !direct.omitHost && !direct.forceQuery && direct.rawQuery === '' && direct.fragment === '' && direct.rawFragment === '';
  if (name.endsWith('/') || !onlyHostPath || direct.rawPath !== '' || direct.host === '') {
    return { ...base, error: `invalid sumdb name (must be host[/path]): ${name} ${goURLStructString(direct, goVersion)}` };
  }
  if (key.length >= 2) {
    try {
      parseGoURL(key[1], goVersion);
    } catch (e) {
      if (e instanceof GoURLError) return { ...base, error: `invalid GOSUMDB URL: ${e.message}` };
      throw e;
    }
    return { ...base, url: key[1], direct: false };
  }
  return { ...base, direct: true };
}
