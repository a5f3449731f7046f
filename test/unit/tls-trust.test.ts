import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { loadGoTrust } from '../../src/core/net/tls-trust';
import { nodeHost } from '../../src/core/host/node-host';
import type { Host } from '../../src/core/model/host';

/** root_unix.go's rules, on real files in a temp folder (no network). */
describe('tls-trust: the roots go loads on Linux (root_unix.go:30-82)', () => {
  let dir: string;
  const pem = (i: number) => tls.rootCertificates[i];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-trust-'));
    fs.writeFileSync(path.join(dir, 'one.pem'), pem(0));
    fs.mkdirSync(path.join(dir, 'd1'));
    fs.writeFileSync(path.join(dir, 'd1', 'a.pem'), pem(1) + pem(2));
    fs.writeFileSync(path.join(dir, 'd1', 'junk.txt'), 'not pem');
    fs.mkdirSync(path.join(dir, 'd2'));
    fs.writeFileSync(path.join(dir, 'd2', 'b.crt'), pem(3));
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'nothing here\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const host = nodeHost({ env: {} });

  it('SSL_CERT_FILE replaces the bundle list; SSL_CERT_DIR (colon-separated) replaces the directories', async () => {
    const t = await loadGoTrust(host, { SSL_CERT_FILE: path.join(dir, 'one.pem'), SSL_CERT_DIR: `${path.join(dir, 'd1')}:${path.join(dir, 'd2')}` }, 'linux');
    assert.equal(t.pool?.size, 4);
    assert.equal(t.bundleFile, path.join(dir, 'one.pem'));
    assert.deepEqual(t.dirs.map((d) => d.certs), [2, 1]);
    assert.deepEqual(t.problems, []);
  });

  it('a missing SSL_CERT_FILE is a problem; go still reads the directories', async () => {
    const t = await loadGoTrust(host, { SSL_CERT_FILE: path.join(dir, 'nope.pem'), SSL_CERT_DIR: path.join(dir, 'd2') }, 'linux');
    assert.equal(t.pool?.size, 1);
    assert.match(t.problems[0].message, /SSL_CERT_FILE=.*nope\.pem cannot be read: open .*nope\.pem: no such file or directory/);
  });

  it('an SSL_CERT_FILE without certificates, and no roots at all', async () => {
    const t = await loadGoTrust(host, { SSL_CERT_FILE: path.join(dir, 'empty.pem'), SSL_CERT_DIR: path.join(dir, 'none') }, 'linux');
    assert.equal(t.pool?.size, 0);
    assert.ok(t.problems.some((p) => /holds no PEM certificate/.test(p.message)));
    assert.ok(t.problems.some((p) => /go finds no trusted certificate/.test(p.message)));
  });

  it('a read error other than "not exist" with no roots is go\'s SystemRootsError', async () => {
    const denied: Host = { ...host, readFile: async (p: string) => { throw Object.assign(new Error(`EACCES: ${p}`), { code: 'EACCES' }); }, readdir: async () => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); } };
    const t = await loadGoTrust(denied, { SSL_CERT_FILE: '/secret/ca.pem' }, 'linux');
    assert.equal(t.pool, null);
    assert.equal(t.poolError, 'open /secret/ca.pem: permission denied');
  });

  it('macOS and Windows: go asks the OS, the files play no part', async () => {
    const t = await loadGoTrust(host, { SSL_CERT_FILE: '/nope' }, 'darwin');
    assert.equal(t.filesUsed, false);
    assert.deepEqual(t.problems, []);
  });
});
