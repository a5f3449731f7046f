/**
 * Tamper-evident log hashing, exactly as golang.org/x/mod/sumdb/tlog (mod@fe2ec04
 * sumdb/tlog/tlog.go): record and node hashes, the stored-hash numbering, tree hashes and
 * record/tree proofs. Tree sizes and indexes are JS numbers: exact up to 2^53, far beyond
 * any real checksum database.
 */
import { createHash } from 'node:crypto';
import { decodeStdBase64 } from '../parse/gosumdb';

export const HASH_SIZE = 32;

/** A 32-byte SHA-256 hash. */
export type Hash = Buffer;

/** Reads stored hashes by index (tlog.HashReader). May be backed by memory or by tiles. */
export type HashReader = (indexes: number[]) => Promise<Hash[]> | Hash[];

export class TlogError extends Error {
  constructor(message: string, readonly code: 'proof-failed' | 'invalid-input' | 'malformed' | 'inconsistent' | 'read') {
    super(message);
  }
}

/** SHA-256 of the empty string: the hash of the empty tree (tlog.go emptyHash). */
export const EMPTY_HASH: Hash = createHash('sha256').digest();

export function hashString(h: Hash): string {
  return h.toString('base64');
}

/** tlog.ParseHash: standard base64 of exactly 32 bytes. */
export function parseHash(s: string): Hash {
  const b = decodeStdBase64(s);
  if (!b || b.length !== HASH_SIZE) throw new TlogError('malformed hash', 'malformed');
  return b;
}

/** base64.StdEncoding.DecodeString, as Go reads hashes and keys. */
export { decodeStdBase64 };

/** RecordHash: SHA-256(0x00 || data). */
export function recordHash(data: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.from([0])).update(data).digest();
}

/** NodeHash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/** The largest power of two smaller than n, and its log2 (tlog.go maxpow2). */
export function maxpow2(n: number): [number, number] {
  let l = 0;
  while (2 ** (l + 1) < n) l++;
  return [2 ** l, l];
}

function trailingZeros(n: number): number {
  if (n === 0) return 64;
  let z = 0;
  while (n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

/** Index of the hash for level `level`, number `n` in the stored-hash sequence. */
export function storedHashIndex(level: number, n: number): number {
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): [level: number, n: number] {
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new TlogError('bad math', 'invalid-input');
  for (;;) {
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, Math.floor(n / 2 ** level)];
}

/** Number of stored hashes for a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let numHash = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) numHash++;
  return numHash;
}

/** The hashes to append when adding record n (0-based) with the given data. */
export async function storedHashes(n: number, data: Uint8Array, r: HashReader): Promise<Hash[]> {
  return storedHashesForRecordHash(n, recordHash(data), r);
}

export async function storedHashesForRecordHash(n: number, h: Hash, r: HashReader): Promise<Hash[]> {
  const hashes = [h];
  const m = trailingZeros(n + 1);
  const indexes: number[] = new Array(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, Math.floor(n / 2 ** i) - 1);
  const old = await readExactly(r, indexes);
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i], h);
    hashes.push(h);
  }
  return hashes;
}

async function readExactly(r: HashReader, indexes: number[]): Promise<Hash[]> {
  const got = await r(indexes);
  if (got.length !== indexes.length) throw new TlogError(`tlog: ReadHashes(${indexes.length} indexes) = ${got.length} hashes`, 'read');
  return got;
}

/** Hash of the tree of the first n records. */
export async function treeHash(n: number, r: HashReader): Promise<Hash> {
  if (n === 0) return EMPTY_HASH;
  const indexes = subTreeIndex(0, n, []);
  const hashes = await readExactly(r, indexes);
  const [h, rest] = subTreeHash(0, n, hashes);
  if (rest.length !== 0) throw new TlogError('tlog: bad index math in TreeHash', 'invalid-input');
  return h;
}

export function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeIndex', 'invalid-input');
    need.push(storedHashIndex(level, lo / 2 ** level));
    lo += k;
  }
  return need;
}

function subTreeHash(lo: number, hi: number, hashes: Hash[]): [Hash, Hash[]] {
  let numTree = 0;
  while (lo < hi) {
    const [k] = maxpow2(hi - lo + 1);
    if (lo % k !== 0 || lo >= hi) throw new TlogError('tlog: bad math in subTreeHash', 'invalid-input');
    numTree++;
    lo += k;
  }
  if (hashes.length < numTree) throw new TlogError('tlog: bad index math in subTreeHash', 'invalid-input');
  let h = hashes[numTree - 1];
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(hashes[i], h);
  return [h, hashes.slice(numTree)];
}

/** Proof that record n is in the tree of t records. */
export async function proveRecord(t: number, n: number, r: HashReader): Promise<Hash[]> {
  if (t < 0 || n < 0 || n >= t) throw new TlogError('tlog: invalid inputs in ProveRecord', 'invalid-input');
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readExactly(r, indexes);
  const [p, rest] = leafProof(0, t, n, hashes);
  if (rest.length !== 0) throw new TlogError('tlog: bad index math in ProveRecord', 'invalid-input');
  return p;
}

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo <= n && n < hi)) throw new TlogError('tlog: bad math in leafProofIndex', 'invalid-input');
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    need = leafProofIndex(lo, lo + k, n, need);
    need = subTreeIndex(lo + k, hi, need);
  } else {
    need = subTreeIndex(lo, lo + k, need);
    need = leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (lo + 1 === hi) return [[], hashes];
  let p: Hash[];
  let th: Hash;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    [p, hashes] = leafProof(lo, lo + k, n, hashes);
    [th, hashes] = subTreeHash(lo + k, hi, hashes);
  } else {
    [th, hashes] = subTreeHash(lo, lo + k, hashes);
    [p, hashes] = leafProof(lo + k, hi, n, hashes);
  }
  return [[...p, th], hashes];
}

const PROOF_FAILED = 'invalid transparency proof';

/** Verifies that `p` proves record n with hash h is in the tree of size t with hash th. */
export function checkRecord(p: Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (t < 0 || n < 0 || n >= t) throw new TlogError('tlog: invalid inputs in CheckRecord', 'invalid-input');
  const th2 = runRecordProof(p, 0, t, n, h);
  if (!th2.equals(th)) throw new TlogError(PROOF_FAILED, 'proof-failed');
}

function runRecordProof(p: Hash[], lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (lo + 1 === hi) {
    if (p.length !== 0) throw new TlogError(PROOF_FAILED, 'proof-failed');
    return leaf;
  }
  if (p.length === 0) throw new TlogError(PROOF_FAILED, 'proof-failed');
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1];
  if (n < lo + k) return nodeHash(runRecordProof(p.slice(0, -1), lo, lo + k, n, leaf), last);
  return nodeHash(last, runRecordProof(p.slice(0, -1), lo + k, hi, n, leaf));
}

/** Proof that the tree of size n is a prefix of the tree of size t. */
export async function proveTree(t: number, n: number, r: HashReader): Promise<Hash[]> {
  if (t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in ProveTree', 'invalid-input');
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readExactly(r, indexes);
  const [p, rest] = treeProof(0, t, n, hashes);
  if (rest.length !== 0) throw new TlogError('tlog: bad index math in ProveTree', 'invalid-input');
  return p;
}

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo < n && n <= hi)) throw new TlogError('tlog: bad math in treeProofIndex', 'invalid-input');
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    need = treeProofIndex(lo, lo + k, n, need);
    need = subTreeIndex(lo + k, hi, need);
  } else {
    need = subTreeIndex(lo, lo + k, need);
    need = treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (n === hi) {
    if (lo === 0) return [[], hashes];
    const [th, rest] = subTreeHash(lo, hi, hashes);
    return [[th], rest];
  }
  let p: Hash[];
  let th: Hash;
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    [p, hashes] = treeProof(lo, lo + k, n, hashes);
    [th, hashes] = subTreeHash(lo + k, hi, hashes);
  } else {
    [th, hashes] = subTreeHash(lo, lo + k, hashes);
    [p, hashes] = treeProof(lo + k, hi, n, hashes);
  }
  return [[...p, th], hashes];
}

/** Verifies that `p` proves the tree (n, h) is a prefix of the tree (t, th). */
export function checkTree(p: Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in CheckTree', 'invalid-input');
  const [h2, th2] = runTreeProof(p, 0, t, n, h);
  if (!th2.equals(th) || !h2.equals(h)) throw new TlogError(PROOF_FAILED, 'proof-failed');
}

function runTreeProof(p: Hash[], lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (n === hi) {
    if (lo === 0) {
      if (p.length !== 0) throw new TlogError(PROOF_FAILED, 'proof-failed');
      return [old, old];
    }
    if (p.length !== 1) throw new TlogError(PROOF_FAILED, 'proof-failed');
    return [p[0], p[0]];
  }
  if (p.length === 0) throw new TlogError(PROOF_FAILED, 'proof-failed');
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1];
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(p.slice(0, -1), lo, lo + k, n, old);
    return [oh, nodeHash(th, last)];
  }
  const [oh, th] = runTreeProof(p.slice(0, -1), lo + k, hi, n, old);
  return [nodeHash(last, oh), nodeHash(last, th)];
}
