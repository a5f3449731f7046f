import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goFirstRecordError, goQuote, goStatusLineError } from '../../src/core/net/socket-peek';
import { loadGoTrust } from '../../src/core/net/tls-trust';
import { nodeHost } from '../../src/core/host/node-host';
import { TestCA } from '../lab/test-ca';

describe('go\'s words from the first bytes a server sends', () => {
  describe('goQuote is strconv.Quote (fmt %q)', () => {
    const rows: Array<[Buffer, string]> = [
      [Buffer.from('garbage'), '"garbage"'],
      [Buffer.from([0x00, 0xc3, 0xbf, 0x53]), '"\\x00ÿS"'],
      [Buffer.from([0xff, 0xfe]), '"\\xff\\xfe"'],
      [Buffer.from('a"b\\c\t\r\x7f'), '"a\\"b\\\\c\\t\\r\\x7f"'],
      [Buffer.from('\u00a0\u2028'), '"\\u00a0\\u2028"'],
      [Buffer.from('日本'), '"日本"'],
    ];
    for (const [bytes, quoted] of rows) it(`${bytes.toString('hex')} → ${quoted}`, () => assert.equal(goQuote(bytes), quoted));
  });

  describe('the first TLS record (go@1.19.8 crypto/tls conn.go readRecordOrCCS)', () => {
    const rows: Array<[number[] | string, string | null]> = [
      ['HTTP/1.1 400 Bad Request', 'http: server gave HTTP response to HTTPS client'],
      ['SSH-2.0-OpenSSH', 'tls: first record does not look like a TLS handshake'],
      [[0x16, 0x03, 0x03, 0x40, 0x00], null],
      [[0x15, 0x03, 0x01, 0x00, 0x02], null],
      [[0x16, 0x10, 0x00, 0x00, 0x10], 'tls: first record does not look like a TLS handshake'],
      [[0x17, 0x03, 0x03, 0x00, 0x10], 'tls: first record does not look like a TLS handshake'],
      [[0x16, 0x03, 0x03, 0x48, 0x01], 'tls: oversized record received with length 18433'],
      [[0x80, 0x03, 0x03, 0x00, 0x01], 'tls: unsupported SSLv2 handshake received'],
      [[0x16, 0x03], null],
    ];
    for (const [bytes, words] of rows) {
      const b = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
      it(`${b.subarray(0, 5).toString('hex')} → ${words}`, () => assert.equal(goFirstRecordError(b), words));
    }
  });

  describe('the status line (go@1.19.8 net/http response.go ReadResponse)', () => {
    const rows: Array<[string, boolean, string | null]> = [
      ['HTTP/1.1 200 OK\r\n', false, null],
      ['HTTP/1.1 abc Whatever\r\ncontent-length: 2\r\n', true, 'malformed HTTP status code "abc"'],
      ['HTTP/1.1 20', true, 'malformed HTTP status code "20"'],
      ['HTTP/1.1 20', false, null],
      ['SSH-2.0-OpenSSH_9.0\r\n', true, 'malformed HTTP response "SSH-2.0-OpenSSH_9.0"'],
      ['HTTX/1.1 200 OK\r\n', true, 'malformed HTTP version "HTTX/1.1"'],
      ['', true, 'EOF'],
      ['x'.repeat(4096), true, 'unexpected EOF'],
    ];
    for (const [text, ended, words] of rows) {
      it(`${JSON.stringify(text.slice(0, 30))}${ended ? ' then EOF' : ''} → ${words}`, () => assert.equal(goStatusLineError(Buffer.from(text, 'latin1'), ended), words));
    }
  });
});

describe('go\'s roots are loaded once per process, as go does (crypto/x509 root.go sync.Once)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-trust-cache-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second run with the same inputs reuses the roots; a changed file or variable is re-read', async () => {
    const file = path.join(dir, 'roots.pem');
    const one = TestCA.create('Cache One');
    const two = TestCA.create('Cache Two');
    fs.writeFileSync(file, one.root.certPem);
    const env = { SSL_CERT_FILE: file, SSL_CERT_DIR: path.join(dir, 'none') };
    const first = await loadGoTrust(nodeHost({ env }), env, 'linux');
    assert.equal(first.pool?.size, 1);
    // A new Host per run (as the CLI and the worker make them) still hits the cache.
    assert.equal(await loadGoTrust(nodeHost({ env }), env, 'linux'), first);
    fs.writeFileSync(file, one.root.certPem + two.root.certPem);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const changed = await loadGoTrust(nodeHost({ env }), env, 'linux');
    assert.notEqual(changed, first);
    assert.equal(changed.pool?.size, 2);
    const other = { ...env, SSL_CERT_DIR: dir };
    assert.notEqual(await loadGoTrust(nodeHost({ env: other }), other, 'linux'), changed);
    one.cleanup();
    two.cleanup();
  });

  it('the default system store: the second load costs no file reads', async () => {
    const env = {};
    const a = await loadGoTrust(nodeHost({ env }), env, 'linux');
    const t0 = performance.now();
    const b = await loadGoTrust(nodeHost({ env }), env, 'linux');
    assert.equal(b, a);
    assert.ok(performance.now() - t0 < 200, `cached load took ${performance.now() - t0} ms`);
  });
});
