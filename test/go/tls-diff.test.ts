import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tlsChecks } from '../../src/core/checks/tls/index';
import { connectionChecks } from '../../src/core/checks/connection/index';
import { TestCA } from '../lab/test-ca';
import { startTlsServer, type LabTlsServer } from '../lab/tls-servers';
import { startConnectProxy, type LabConnectProxy, type ConnectProxyMode } from '../lab/connect-proxy';
import { LabDnsServer } from '../lab/dns-server';
import { resultOf, runProbeChecks, show } from '../lab/probe-context';
import { certificateErrorText } from '../../src/core/net/go-release-rules';
import { quietTelemetry } from '../lab/chain-harness';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

const HOST = 'goproxy.lab.test';
const MODULE = 'example.com/hello@v1.0.0';

/** Runs the real go with a complete, hermetic environment; returns go's error text. */
function goDownload(g: GoUnderTest, home: string, extra: Record<string, string>): Promise<string> {
  const env: Record<string, string> = {
    PATH: goPathEnv(g), HOME: home, GOPATH: path.join(home, 'gopath'), GOMODCACHE: path.join(home, 'modcache'),
    GOCACHE: path.join(home, 'gocache'), GOENV: path.join(home, 'goenv'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
    GOSUMDB: 'off', GONOSUMDB: '', GOPRIVATE: '', GO111MODULE: 'on', ...extra,
  };
  return new Promise((resolve) => {
    execFile(g.bin, ['mod', 'download', '-json', MODULE], { env, cwd: home, timeout: 40000, encoding: 'utf8' }, (_err, stdout, stderr) => {
      try {
        resolve((JSON.parse(stdout) as { Error?: string }).Error ?? '');
      } catch {
        resolve(`${stdout}${stderr}`);
      }
    });
  });
}

/** Times differ between two runs; the rest of the text must not. */
const untimed = (s: string) => s.replace(/current time \S+ is (after|before)/, 'current time T is $1');

describe('go differential: TLS and CONNECT errors predicted vs the real go (through a CONNECT proxy)', function () {
  this.timeout(120000);
  let ca: TestCA;
  let rootFile: string;
  let emptyDir: string;
  let rootDir: string;
  let dns: LabDnsServer;
  const servers: Record<string, LabTlsServer> = {};
  const proxies: Partial<Record<ConnectProxyMode, LabConnectProxy>> = {};

  before(async () => {
    ca = TestCA.create();
    rootFile = ca.writeFile('root.pem', ca.root.certPem);
    emptyDir = path.join(ca.dir, 'empty');
    fs.mkdirSync(emptyDir);
    rootDir = path.join(ca.dir, 'rootdir');
    fs.mkdirSync(rootDir);
    fs.writeFileSync(path.join(rootDir, 'lab-root.crt'), ca.root.certPem);
    dns = await new LabDnsServer({}).start();
    const leaf = ca.issue({ dns: [HOST] });
    const long = ca.longChain(49, [HOST]);
    const specs: Record<string, { key: string; cert: string; h2Broken?: boolean }> = {
      valid: { key: leaf.keyPem, cert: ca.fullChain(leaf) },
      missingIntermediate: { key: leaf.keyPem, cert: leaf.certPem },
      wrongName: (() => { const c = ca.issue({ dns: ['other.lab.test', 'www.lab.test'] }); return { key: c.keyPem, cert: ca.fullChain(c) }; })(),
      expired: (() => { const c = ca.issue({ dns: [HOST], startDate: '20200101000000Z', endDate: '20200102000000Z' }); return { key: c.keyPem, cert: ca.fullChain(c) }; })(),
      selfSigned: (() => { const c = ca.selfSigned([HOST]); return { key: c.keyPem, cert: c.certPem }; })(),
      long: { key: long.leaf.keyPem, cert: long.chainPem },
      expiredIntermediate: (() => {
        const inter = ca.issue({ cn: 'Old Intermediate', ca: true, issuer: ca.root, startDate: '20200101000000Z', endDate: '20200102000000Z' });
        const c = ca.issue({ dns: [HOST], issuer: inter });
        return { key: c.keyPem, cert: c.certPem + inter.certPem };
      })(),
      h2Broken: { key: leaf.keyPem, cert: ca.fullChain(leaf), h2Broken: true },
    };
    for (const [k, v] of Object.entries(specs)) servers[k] = await startTlsServer(v);
    for (const mode of ['ok', 'auth', 'refuse'] as ConnectProxyMode[]) proxies[mode] = await startConnectProxy({ mode, hosts: { [HOST]: '127.0.0.1' } });
  });
  after(async () => {
    for (const s of Object.values(servers)) await s.close();
    for (const p of Object.values(proxies)) await p!.close();
    await dns.stop();
    ca.cleanup();
  });

  const envFor = (server: string, extra: Record<string, string> = {}) => ({
    GOPROXY: `https://${HOST}:${servers[server].port}`, HTTPS_PROXY: proxies.ok!.url, SSL_CERT_FILE: rootFile, SSL_CERT_DIR: emptyDir, ...extra,
  });

  describeEachGo('TLS and CONNECT errors', (g) => {
  let home: string;
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), `gpd-tlsdiff-${g.release}-`));
    quietTelemetry(home);
  });
  after(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

  /** Our verdict on the TLS of the single GOPROXY host: go's x509 text, or 'ok'. */
  async function predicted(env: Record<string, string>): Promise<string> {
    const rs = await runProbeChecks(tlsChecks, { env: { ...env, GOSUMDB: 'off' }, systemDns: dns.address, goVersion: g.release });
    const data = resultOf(rs, 'GPD501').data as Array<{ go?: string }>;
    return data[0].go ?? 'no handshake';
  }

  const cases: Array<[string, Record<string, string>?]> = [
    ['valid'], ['missingIntermediate'], ['wrongName'], ['expired'], ['selfSigned'], ['long'], ['expiredIntermediate'],
    ['valid', { SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' }],
    // root_unix.go: a missing SSL_CERT_FILE is no error when a directory supplies the root.
    ['valid', { SSL_CERT_FILE: '/nonexistent/ca.pem', SSL_CERT_DIR: '<root dir>' }],
    ['valid', { SSL_CERT_FILE: '/nonexistent/ca.pem', SSL_CERT_DIR: '/nonexistent:<root dir>' }],
    ['missingIntermediate', { SSL_CERT_FILE: '/nonexistent/ca.pem', SSL_CERT_DIR: '<root dir>' }],
  ];
  for (const [name, extra] of cases) {
    it(`${name}${extra ? ` with ${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}: go fails exactly when we say, with our text`, async () => {
      const env = envFor(name, Object.fromEntries(Object.entries(extra ?? {}).map(([k, v]) => [k, v.replace('<root dir>', rootDir)])));
      const [ours, go] = await Promise.all([predicted(env), goDownload(g, home, env)]);
      if (ours === 'ok') {
        assert.doesNotMatch(go, /x509|tls:/, `we predicted success; go said: ${go}`);
        assert.match(go, /invalid response from proxy|invalid character/, `TLS passed, the lab's body is not JSON: ${go}`);
      } else {
        // The whole cause, as this release words it (Go 1.20+: `tls: failed to verify certificate: `).
        const url = `https://${HOST}:${servers[name].port}/example.com/hello/@v/v1.0.0.info`;
        assert.equal(untimed(go), untimed(`example.com/hello@v1.0.0: Get "${url}": ${certificateErrorText(ours, g.release)}`));
      }
    });
  }

  it('HTTP/2 broken, HTTP/1.1 fine: go fails, and GODEBUG=http2client=0 (our fix) makes it pass TLS and HTTP', async () => {
    const env = envFor('h2Broken');
    const rs = await runProbeChecks(tlsChecks, { env: { ...env, GOSUMDB: 'off' }, systemDns: dns.address, goVersion: g.release });
    const r = resultOf(rs, 'GPD506');
    assert.equal(r.status, 'error', show(r));
    const fix = r.findings[0].fixes[0];
    const broken = await goDownload(g, home, env);
    assert.doesNotMatch(broken, /invalid response from proxy/, `go should fail in HTTP/2: ${broken}`);
    const fixed = await goDownload(g, home, { ...env, [fix.variable!]: fix.value! });
    assert.match(fixed, /invalid response from proxy/, `with ${fix.variable}=${fix.value} go reaches HTTP/1.1: ${fixed}`);
  });

  for (const mode of ['auth', 'refuse'] as ConnectProxyMode[]) {
    it(`CONNECT ${mode === 'auth' ? '407' : '403'}: our quoted error is go's`, async () => {
      const env = { ...envFor('valid'), HTTPS_PROXY: proxies[mode]!.url };
      const rs = await runProbeChecks(connectionChecks, { env: { ...env, GOSUMDB: 'off' }, systemDns: dns.address, goVersion: g.release });
      const r = resultOf(rs, 'GPD402');
      const quoted = /`(Get "[^`]+)`/.exec(r.findings[0]?.message ?? '')?.[1];
      assert.ok(quoted, show(r));
      const go = await goDownload(g, home, env);
      const [prefix, cause] = quoted!.split('/…": ');
      assert.ok(go.includes(prefix), `go: ${go}\nours: ${quoted}`);
      assert.ok(go.endsWith(`": ${cause}`), `go: ${go}\nours: ${quoted}`);
    });
  }

  it('proxy down: "proxyconnect tcp: dial tcp …: connect: connection refused" as go prints it', async () => {
    const dead = await startConnectProxy({ mode: 'ok', hosts: {} });
    const url = dead.url;
    await dead.close();
    const env = { ...envFor('valid'), HTTPS_PROXY: url };
    const rs = await runProbeChecks(connectionChecks, { env: { ...env, GOSUMDB: 'off' }, systemDns: dns.address, goVersion: g.release });
    const quoted = /`(Get "[^`]+)`/.exec(resultOf(rs, 'GPD402').findings[0]?.message ?? '')?.[1];
    const go = await goDownload(g, home, env);
    const cause = quoted!.split('/…": ')[1];
    assert.ok(go.endsWith(cause), `go: ${go}\nours: ${cause}`);
  });
});
});
