import * as assert from 'node:assert/strict';
import { NoteError, VerifierList, generateKey, keyHash, newSigner, newVerifier, openNote, signNote } from '../../src/core/sumdb/note';

// Vectors from golang.org/x/mod sumdb/note/note_test.go (mod@fe2ec04).
const peterV = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const peterS = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const enochV = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const enochSig = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof NoteError ? e.code : `other: ${(e as Error).message}`;
  }
  return 'ok';
}

describe('sumdb note: keys (Go note_test.go vectors)', () => {
  it('parses the verifier key and checks its hash', () => {
    const v = newVerifier(peterV);
    assert.equal(v.name, 'PeterNeumann');
    assert.equal(v.hash, 0xc74f20a3);
  });

  it('accepts the built-in sum.golang.org key and the cmd/go test key', () => {
    assert.equal(newVerifier('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8').hash, 0x033de0ae);
    assert.equal(newVerifier('localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6').hash, 0x00000c67);
  });

  it('rejects a bad key length and an unknown algorithm', () => {
    assert.equal(code(() => newVerifier('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')), 'malformed-verifier-id');
    assert.equal(code(() => newVerifier('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')), 'unknown-verifier-algorithm');
    assert.equal(code(() => newVerifier('sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8')), 'invalid-verifier-hash');
  });

  it('rejects every proper prefix and single-byte change of the good key (TestNewVerifier)', () => {
    for (let i = 0; i < peterV.length; i++) {
      assert.notEqual(code(() => newVerifier(peterV.slice(0, i))), 'ok', `prefix ${i}`);
      const b = Buffer.from(peterV);
      b[i]++;
      assert.notEqual(code(() => newVerifier(b.toString('latin1'))), 'ok', `change at ${i}`);
    }
  });

  it('parses the signer key; its signature verifies with the verifier key', () => {
    const s = newSigner(peterS);
    assert.equal(s.hash, 0xc74f20a3);
    const msg = signNote(text, [s]);
    assert.equal(msg.toString('utf8'), `${text}\n${peterSig}`, 'Ed25519 is deterministic: same bytes as Go');
  });

  it('generated keys round-trip and hash as Go does', () => {
    const { skey, vkey } = generateKey('lab.example/sumdb');
    const v = newVerifier(vkey);
    const s = newSigner(skey);
    assert.equal(v.hash, s.hash);
    assert.equal(v.hash, keyHash('lab.example/sumdb', Buffer.from(vkey.split('+').slice(2).join('+'), 'base64')));
    const n = openNote(signNote('hello\n', [s]), new VerifierList([v]));
    assert.equal(n.text, 'hello\n');
  });

  it('VerifierList: unknown and ambiguous keys', () => {
    const peter = newVerifier(peterV);
    assert.throws(() => new VerifierList([peter]).verifier('PeterNeumann', 0xc74f20a4), /^Error: unknown key PeterNeumann\+c74f20a4$/);
    const enoch = newVerifier(enochV);
    assert.throws(() => new VerifierList([peter, enoch, enoch]).verifier('EnochRoot', 0xaf0cfe78), /ambiguous key EnochRoot\+af0cfe78/);
  });
});

describe('sumdb note: Open (Go note_test.go TestOpen)', () => {
  const peter = newVerifier(peterV);
  const enoch = newVerifier(enochV);
  const known = new VerifierList([peter, enoch]);

  it('verifies one and two signatures; unknown signers are kept unverified', () => {
    const n1 = openNote(Buffer.from(`${text}\n${peterSig}`), known);
    assert.deepEqual(n1.sigs.map((s) => s.name), ['PeterNeumann']);
    const n2 = openNote(Buffer.from(`${text}\n${peterSig}${enochSig}`), known);
    assert.deepEqual(n2.sigs.map((s) => s.name), ['PeterNeumann', 'EnochRoot']);
    const n3 = openNote(Buffer.from(`${text}\n${peterSig}${enochSig}`), new VerifierList([peter]));
    assert.deepEqual(n3.unverifiedSigs.map((s) => s.name), ['EnochRoot']);
  });

  it('malformed notes', () => {
    const bad = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      `\x01${text}\n${peterSig}`,
      `\xff${text}\n${peterSig}`,
      `${text}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${text}\n${peterSig}Unexpected line.\n`,
      `${text}\n${peterSig.repeat(101)}`,
    ];
    for (const b of bad) {
      const buf = b.startsWith('\xff') ? Buffer.concat([Buffer.from([0xff]), Buffer.from(b.slice(1))]) : Buffer.from(b);
      assert.equal(code(() => openNote(buf, known)), 'malformed-note', JSON.stringify(b.slice(0, 30)));
    }
  });

  it('a corrupted signature or text is an invalid signature', () => {
    const sig = `${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`;
    assert.throws(() => openNote(Buffer.from(`${text}\n${sig}`), known), /^Error: invalid signature for key PeterNeumann\+c74f20a3$/);
    const flipped = text.replace('cryptography', 'Cryptography');
    assert.equal(code(() => openNote(Buffer.from(`${flipped}\n${peterSig}`), known)), 'invalid-signature');
  });

  it('no known verifier: note has no verifiable signatures', () => {
    assert.throws(() => openNote(Buffer.from(`${text}\n${peterSig}`), new VerifierList([])), /note has no verifiable signatures/);
  });
});
