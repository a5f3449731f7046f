import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as tls from 'node:tls';
import { godebugTls, type GodebugInEffect } from '../../src/core/checks/tls/godebug-tls';
import { GODEBUG_SETTINGS, releaseKnows } from '../../src/core/checks/tls/godebug-settings';
import { parseGoVersion } from '../../src/core/env/go-version';
import { goModDownloadError, runOneCheck } from './run-one-check';
import { describeEachGo, goPathEnv } from './go-versions';

/**
 * Differential test of GPD507 (godebug-tls): loopback https servers that only a GODEBUG
 * setting lets go reach — RSA key exchange only (tlsrsakex), SHA-1 handshake signatures only
 * (tlssha1), a certificate signed with SHA-1 (x509sha1). For each release and GODEBUG, what
 * the check says the setting does (in effect, default, removed, not known yet) must be what
 * the real go does: get through TLS (the server then answers 404) or fail the handshake.
 */
type Server = 'rsakex' | 'sha1sigalg' | 'sha1cert';

/** The setting that decides each server, and whether a go that predates it accepts the server anyway. */
const DECIDES: Record<Server, { setting: string; on: string }> = {
  rsakex: { setting: 'tlsrsakex', on: '1' },
  sha1sigalg: { setting: 'tlssha1', on: '1' },
  sha1cert: { setting: 'x509sha1', on: '1' },
};

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 20000 });
}

/** A root and two RSA leaves for 127.0.0.1: one signed with SHA-256, one with SHA-1. */
function makeCerts(dir: string): { root: string; key: string; leaf: string; sha1Leaf: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=GODEBUG Lab Root', '-days', '30', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  for (const [md, out] of [['-sha256', 'leaf.pem'], ['-sha1', 'sha1.pem']]) {
    openssl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', md, '-extfile', 'ext', '-out', out]);
  }
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { root: path.join(dir, 'root.pem'), key: read('leaf.key'), leaf: read('leaf.pem'), sha1Leaf: read('sha1.pem') };
}

async function startServer(kind: Server, certs: ReturnType<typeof makeCerts>): Promise<{ port: number; close(): Promise<void> }> {
  const options: tls.SecureContextOptions & tls.TlsOptions = {
    key: certs.key,
    cert: kind === 'sha1cert' ? certs.sha1Leaf : certs.leaf,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    // OpenSSL 3 refuses SHA-1 and RSA key exchange at its default security level.
    ciphers: kind === 'rsakex' ? 'AES128-GCM-SHA256:AES256-GCM-SHA384@SECLEVEL=0' : 'ECDHE-RSA-AES128-GCM-SHA256@SECLEVEL=0',
    ...(kind === 'sha1sigalg' ? { sigalgs: 'RSA+SHA1' } : {}),
  };
  const server = https.createServer(options, (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not here\n');
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}


const GODEBUGS = ['', 'tlsrsakex=1', 'tlssha1=1', 'x509sha1=1', 'tlsrsakex=1,tlsrsakex=0', 'tlsrsakex=0,tlsrsakex=1', 'x509sha1=0,x509sha1=1', 'tlsrsakex=0', 'asynctimerchan=2,tlssha1=1'];

describeEachGo('go differential: GODEBUG settings that change what go accepts (GPD507)', (g) => {
  let tmp = '';
  let certs: ReturnType<typeof makeCerts>;
  const servers: Partial<Record<Server, { port: number; close(): Promise<void> }>> = {};
  before(async function () {
    this.timeout(60000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-godebug-'));
    certs = makeCerts(tmp);
    for (const k of Object.keys(DECIDES) as Server[]) servers[k] = await startServer(k, certs);
  });
  after(async () => {
    for (const s of Object.values(servers)) await s?.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  for (const kind of Object.keys(DECIDES) as Server[]) {
    for (const godebug of GODEBUGS) {
      it(`${kind} server, GODEBUG=${godebug || '(unset)'}: go gets through TLS exactly when the check says the setting lets it`, async function () {
        this.timeout(90000);
        const home = fs.mkdtempSync(path.join(tmp, 'home-'));
        const env: Record<string, string> = {
          PATH: goPathEnv(g), HOME: home, GOPATH: path.join(home, 'gopath'), GOMODCACHE: path.join(home, 'modcache'),
          GOCACHE: path.join(home, 'gocache'), GOENV: path.join(home, 'goenv'), GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw',
          GOSUMDB: 'off', GOPROXY: `https://127.0.0.1:${servers[kind]!.port}`, SSL_CERT_FILE: certs.root, SSL_CERT_DIR: path.join(home, 'none'),
          ...(godebug ? { GODEBUG: godebug } : {}),
        };
        const [r, go] = await Promise.all([runOneCheck(godebugTls, env, home), goModDownloadError(g, env, home)]);
        assert.notEqual(r.status, 'crashed', r.reason);
        const fatal = (r.data as GodebugInEffect[]).find((x) => x.state === 'fatal');
        if (fatal) {
          const quoted = /`(fatal error: [^`]+)`/.exec(r.findings[0].message)?.[1];
          assert.equal(go.split('\n')[0], quoted, `ours: ${r.findings[0].message}`);
          assert.equal(r.findings[0].severity, 'error');
          return;
        }
        assert.doesNotMatch(go, /fatal error/, `we said ${g.release} starts; go: ${go}`);
        const { setting, on } = DECIDES[kind];
        const s = GODEBUG_SETTINGS.find((x) => x.name === setting)!;
        const state = (r.data as GodebugInEffect[]).find((x) => x.name === setting);
        const release = parseGoVersion(g.release)!;
        // A go older than the setting accepts the old behaviour by default; otherwise only the
        // setting in effect with its "old" value lets it through.
        const accepts = state ? state.state === 'not-yet' || (state.state === 'in-effect' && state.value === on) : !releaseKnows(s, release) && s.removed === undefined ? true : !releaseKnows(s, release);
        if (accepts) assert.match(go, /404 Not Found/, `we said ${g.release} gets through (${JSON.stringify(state)}); go: ${go}`);
        else {
          assert.doesNotMatch(go, /404 Not Found/, `we said ${g.release} fails the handshake (${JSON.stringify(state)}); go: ${go}`);
          assert.match(go, /tls:|x509:|remote error/, go);
        }
        if ((state?.state === 'removed' && state.value !== s.defaultValue(release.minor)) || (state?.state === 'in-effect' && s.weakens(state.value))) {
          assert.ok(r.findings.some((f) => f.severity === 'warning' && f.message.includes(setting)), JSON.stringify(r.findings));
        }
      });
    }
  }

  it('the settings we say this release knows are the ones its source reads', () => {
    // Each release here is installed as GOROOT/bin/go.
    const goroot = path.dirname(path.dirname(g.bin));
    const table = path.join(goroot, 'src', 'internal', 'godebugs', 'table.go');
    const release = parseGoVersion(g.release)!;
    const knows = (name: string) => {
      const s = GODEBUG_SETTINGS.find((x) => x.name === name)!;
      return releaseKnows(s, release) && !(s.removed !== undefined && release.minor >= s.removed);
    };
    if (release.minor < 21) {
      // No table before Go 1.21: the settings are read where they are used.
      assert.ok(!fs.existsSync(table), table);
      const src = (f: string) => fs.readFileSync(path.join(goroot, 'src', f), 'utf8');
      assert.equal(src('crypto/x509/x509.go').includes('godebug.Get("x509sha1")'), knows('x509sha1'));
      assert.equal(src('net/http/transport.go').includes('godebug.Get("http2client")'), knows('http2client'));
      assert.equal(src('net/conf.go').includes('godebug.Get("netdns")'), knows('netdns'));
      assert.equal(src('crypto/tls/common.go').includes('godebug'), false, 'go1.19 crypto/tls reads no GODEBUG');
      for (const s of GODEBUG_SETTINGS.filter((x) => x.area === 'tls')) assert.equal(knows(s.name), false, s.name);
      return;
    }
    const text = fs.readFileSync(table, 'utf8');
    const all = text.slice(text.indexOf('var All'), text.indexOf('type RemovedInfo'));
    const removed = text.slice(text.indexOf('var Removed'));
    const names = new Set([...all.matchAll(/\{Name: "([^"]+)"/g)].map((m) => m[1]));
    const gone = new Set([...removed.matchAll(/\{Name: "([^"]+)"/g)].map((m) => m[1]));
    for (const s of GODEBUG_SETTINGS) {
      assert.equal(names.has(s.name), knows(s.name), `${s.name}: ${g.release}'s table.go says ${names.has(s.name)}`);
      if (gone.has(s.name)) assert.ok(s.removed !== undefined && s.removed <= release.minor, `${s.name} is in ${g.release}'s Removed list`);
    }
  });
});
