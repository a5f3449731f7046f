import * as assert from 'node:assert/strict';
import { godebugFor } from '../../src/core/checks/tls/godebug-tls';
import { parseGodebug } from '../../src/core/checks/tls/godebug-settings';
import { parseGoVersion } from '../../src/core/env/go-version';

const v = (s: string) => parseGoVersion(s)!;

describe('GODEBUG settings per release (GPD507)', () => {
  const rows: Array<[string, string, string]> = [
    // release, GODEBUG, name=state of each setting the check reports
    ['go1.19.8', 'x509sha1=1', 'x509sha1=in-effect'],
    ['go1.26.8', 'x509sha1=1', 'x509sha1=removed'],
    ['go1.27.3', 'x509sha1=1', 'x509sha1=removed'],
    ['go1.19.8', 'tlsrsakex=1', 'tlsrsakex=not-yet'],
    ['go1.26.8', 'tlsrsakex=1', 'tlsrsakex=in-effect'],
    ['go1.27.3', 'tlsrsakex=1', 'tlsrsakex=removed'],
    ['go1.26.8', 'tlsrsakex=0', 'tlsrsakex=default'],
    ['go1.19.8', 'tlssha1=1', 'tlssha1=not-yet'],
    ['go1.26.8', 'tlssha1=1', 'tlssha1=in-effect'],
    ['go1.27.3', 'tlssha1=1', 'tlssha1=in-effect'],
    ['go1.26.8', 'tls3des=1,tls10server=1', 'tls3des=in-effect tls10server=in-effect'],
    ['go1.27.3', 'tls3des=1,tls10server=1', 'tls3des=removed tls10server=removed'],
    ['go1.26.8', 'tlskyber=0', 'tlskyber=removed'],
    ['go1.23.4', 'tlskyber=0', 'tlskyber=in-effect'],
    ['go1.19.8', 'tlsmaxrsasize=4096', 'tlsmaxrsasize=not-yet'],
    ['go1.19.13', 'tlsmaxrsasize=4096', 'tlsmaxrsasize=in-effect'],
    ['go1.20.7', 'tlsmaxrsasize=4096', 'tlsmaxrsasize=not-yet'],
    ['go1.21.1', 'tlsmaxrsasize=16384', 'tlsmaxrsasize=in-effect'],
    ['go1.26.8', 'tlsmaxrsasize=big', 'tlsmaxrsasize=no-effect'],
    ['go1.27.3', 'x509sslcertoverrideplatform=0', 'x509sslcertoverrideplatform=in-effect'],
    ['go1.26.8', 'x509sslcertoverrideplatform=0', 'x509sslcertoverrideplatform=not-yet'],
    ['go1.19.8', 'http2client=0,netdns=cgo', 'http2client=in-effect netdns=in-effect'],
    ['go1.26.8', 'netedns0=0', 'netedns0=in-effect'],
    ['go1.19.8', 'netedns0=0', 'netedns0=not-yet'],
    ['go1.26.8', 'gctrace=1,madvdontneed=1', ''],
    // Go 1.21+ takes the last of repeated names; go1.19.8 the first (internal/godebug).
    ['go1.26.8', 'tlsrsakex=1,tlsrsakex=0', 'tlsrsakex=default'],
    ['go1.19.8', 'x509sha1=1,x509sha1=0', 'x509sha1=in-effect'],
    ['go1.19.8', 'x509sha1=0,x509sha1=1', 'x509sha1=default'],
  ];
  for (const [release, godebug, want] of rows) {
    it(`${release} GODEBUG=${godebug}`, () => {
      assert.equal(godebugFor(godebug, v(release)).map((g) => `${g.name}=${g.state}`).join(' '), want);
    });
  }

  it('parseGodebug keeps the last (Go 1.21+) or the first (go1.19.8) of a repeated name', () => {
    assert.equal(parseGodebug('a=1,b=2,a=3', true).get('a'), '3');
    assert.equal(parseGodebug('a=1,b=2,a=3', false).get('a'), '1');
  });
});
