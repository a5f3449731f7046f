import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goRoots } from '../../src/core/net/http-client';

// SSL_CERT_FILE and SSL_CERT_DIR come from the user's environment: a FIFO or a device there
// must be refused, never opened for a blocking read that would stop the whole process.
describe('trust roots: SSL_CERT_FILE / SSL_CERT_DIR that are not regular files', function () {
  this.timeout(10000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-certfifo-'));
    execFileSync('mkfifo', [path.join(dir, 'bundle.pem')]);
    fs.mkdirSync(path.join(dir, 'certs'));
    execFileSync('mkfifo', [path.join(dir, 'certs', 'a.pem')]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a FIFO as SSL_CERT_FILE gives no roots at once', () => {
    assert.deepEqual(goRoots({ SSL_CERT_FILE: path.join(dir, 'bundle.pem') }), []);
  });
  it('a FIFO in SSL_CERT_DIR is skipped', () => {
    const roots = goRoots({ SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: path.join(dir, 'certs') });
    assert.deepEqual(roots, []);
  });
  it('/dev/zero as SSL_CERT_FILE is refused, not read without end', () => {
    assert.deepEqual(goRoots({ SSL_CERT_FILE: '/dev/zero' }), []);
  });
});
