/**
 * Signed notes and verifier keys, exactly as golang.org/x/mod/sumdb/note (mod@fe2ec04
 * sumdb/note/note.go), with Ed25519 from node:crypto.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { decodeStdBase64 } from './tlog';

const ALG_ED25519 = 1;

/** Stable error codes; `message` is Go's own text. */
export type NoteErrorCode =
  | 'malformed-verifier-id' | 'unknown-verifier-algorithm' | 'invalid-verifier-hash'
  | 'malformed-note' | 'unknown-key' | 'ambiguous-key' | 'invalid-signature'
  | 'no-verifiable-signatures' | 'mismatched-verifier' | 'invalid-signer';

export class NoteError extends Error {
  constructor(message: string, readonly code: NoteErrorCode) {
    super(message);
  }
}

export interface Verifier {
  name: string;
  hash: number;
  /** The key text it was built from (`name+hash+key`). */
  key: string;
  verify(msg: Buffer, sig: Buffer): boolean;
}

export interface Signer {
  name: string;
  hash: number;
  sign(msg: Buffer): Buffer;
}

/** First 4 bytes (big-endian) of SHA-256(name + "\n" + key). */
export function keyHash(name: string, key: Buffer): number {
  return createHash('sha256').update(name).update('\n').update(key).digest().readUInt32BE(0);
}

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function isValidName(name: string): boolean {
  // Go: valid UTF-8 (no lone surrogates here), no unicode.IsSpace rune, no '+'.
  return name !== '' && !GO_SPACE.test(name) && !/\p{Cs}/u.test(name) && !name.includes('+');
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function parseHex8(s: string): number | null {
  return s.length === 8 && /^[0-9a-fA-F]{8}$/.test(s) ? parseInt(s, 16) : null;
}

// Ed25519 keys in DER wrappers, so node:crypto takes the raw 32 bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** NewVerifier: parses `<name>+<hash>+<base64 key>`. */
export function newVerifier(vkey: string): Verifier {
  const [name, rest] = cut(vkey, '+');
  const [hash16, key64] = cut(rest, '+');
  const hash = parseHex8(hash16);
  const key = decodeStdBase64(key64);
  if (hash === null || !key || !isValidName(name) || key.length === 0) throw new NoteError('malformed verifier id', 'malformed-verifier-id');
  if (hash !== keyHash(name, key)) throw new NoteError('invalid verifier hash', 'invalid-verifier-hash');
  if (key[0] !== ALG_ED25519) throw new NoteError('unknown verifier algorithm', 'unknown-verifier-algorithm');
  const raw = key.subarray(1);
  if (raw.length !== 32) throw new NoteError('malformed verifier id', 'malformed-verifier-id');
  const pub = publicKeyObject(Buffer.from(raw));
  return { name, hash, key: vkey, verify: (msg, sig) => sig.length === 64 && edVerify(null, msg, pub, sig) };
}

/** NewSigner: parses `PRIVATE+KEY+<name>+<hash>+<base64 seed>`. */
export function newSigner(skey: string): Signer {
  const [priv1, r1] = cut(skey, '+');
  const [priv2, r2] = cut(r1, '+');
  const [name, r3] = cut(r2, '+');
  const [hash16, key64] = cut(r3, '+');
  const hash = parseHex8(hash16);
  const key = decodeStdBase64(key64);
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY' || hash === null || !key || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed verifier id', 'malformed-verifier-id');
  }
  if (key[0] !== ALG_ED25519) throw new NoteError('unknown verifier algorithm', 'unknown-verifier-algorithm');
  const seed = key.subarray(1);
  if (seed.length !== 32) throw new NoteError('malformed verifier id', 'malformed-verifier-id');
  const priv = privateKeyObject(Buffer.from(seed));
  const pubRaw = rawPublicKey(createPublicKey(priv));
  if (hash !== keyHash(name, Buffer.concat([Buffer.from([ALG_ED25519]), pubRaw]))) throw new NoteError('invalid verifier hash', 'invalid-verifier-hash');
  return { name, hash, sign: (msg) => edSign(null, msg, priv) };
}

function rawPublicKey(pub: KeyObject): Buffer {
  const der = pub.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** GenerateKey: a fresh signer key and its verifier key. */
export function generateKey(name: string): { skey: string; vkey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = Buffer.from(pkcs8.subarray(pkcs8.length - 32));
  const pub = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(publicKey)]);
  const h = hex8(keyHash(name, pub));
  return {
    skey: `PRIVATE+KEY+${name}+${h}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64')}`,
    vkey: `${name}+${h}+${pub.toString('base64')}`,
  };
}

/** A set of verifiers looked up by (name, hash), as note.VerifierList. */
export class VerifierList {
  private readonly m = new Map<string, Verifier[]>();
  constructor(list: Verifier[]) {
    for (const v of list) {
      const k = `${v.name}+${v.hash}`;
      this.m.set(k, [...(this.m.get(k) ?? []), v]);
    }
  }
  verifier(name: string, hash: number): Verifier {
    const v = this.m.get(`${name}+${hash}`);
    if (!v) throw new NoteError(`unknown key ${name}+${hex8(hash)}`, 'unknown-key');
    if (v.length > 1) throw new NoteError(`ambiguous key ${name}+${hex8(hash)}`, 'ambiguous-key');
    return v[0];
  }
}

export interface Signature {
  name: string;
  hash: number;
  base64: string;
}

export interface Note {
  text: string;
  sigs: Signature[];
  unverifiedSigs: Signature[];
}

const SIG_PREFIX = '\u2014 ';

/** Open: checks the note's form and its signatures (note.Open). Throws NoteError. */
export function openNote(msg: Buffer, known: VerifierList): Note {
  const malformed = () => new NoteError('malformed note', 'malformed-note');
  const s = msg.toString('utf8');
  if (!Buffer.from(s, 'utf8').equals(msg)) throw malformed();
  for (const ch of s) {
    if (ch.codePointAt(0)! < 0x20 && ch !== '\n') throw malformed();
  }
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw malformed();
  const text = s.slice(0, split + 1);
  let sigs = s.slice(split + 2);
  if (sigs.length === 0 || !sigs.endsWith('\n')) throw malformed();
  const note: Note = { text, sigs: [], unverifiedSigs: [] };
  const textBytes = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let numSig = 0;
  while (sigs.length > 0) {
    const i = sigs.indexOf('\n');
    let line = sigs.slice(0, i);
    sigs = sigs.slice(i + 1);
    if (!line.startsWith(SIG_PREFIX)) throw malformed();
    line = line.slice(SIG_PREFIX.length);
    const [name, b64] = cut(line, ' ');
    const sig = decodeStdBase64(b64);
    if (!sig || !isValidName(name) || b64 === '' || sig.length < 5) throw malformed();
    const hash = sig.readUInt32BE(0);
    const body = sig.subarray(4);
    if (++numSig > 100) throw malformed();
    let v: Verifier;
    try {
      v = known.verifier(name, hash);
    } catch (e) {
      if (e instanceof NoteError && e.code === 'unknown-key') {
        if (seenUnverified.has(line)) continue;
        seenUnverified.add(line);
        note.unverifiedSigs.push({ name, hash, base64: b64 });
        continue;
      }
      throw e;
    }
    if (v.name !== name || v.hash !== hash) throw new NoteError("verifier name or hash doesn't match signature", 'mismatched-verifier');
    const k = `${name}+${hash}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!v.verify(textBytes, body)) throw new NoteError(`invalid signature for key ${name}+${hex8(hash)}`, 'invalid-signature');
    note.sigs.push({ name, hash, base64: b64 });
  }
  if (note.sigs.length === 0) throw new NoteError('note has no verifiable signatures', 'no-verifiable-signatures');
  return note;
}

/** Sign: the text (ending in \n), a blank line, then one signature line per signer. */
export function signNote(text: string, signers: Signer[]): Buffer {
  if (!text.endsWith('\n')) throw new NoteError('malformed note', 'malformed-note');
  const msg = Buffer.from(text, 'utf8');
  let sigs = '';
  for (const s of signers) {
    if (!isValidName(s.name)) throw new NoteError('invalid signer', 'invalid-signer');
    const hb = Buffer.alloc(4);
    hb.writeUInt32BE(s.hash >>> 0);
    sigs += `${SIG_PREFIX}${s.name} ${Buffer.concat([hb, s.sign(msg)]).toString('base64')}\n`;
  }
  return Buffer.from(`${text}\n${sigs}`, 'utf8');
}
