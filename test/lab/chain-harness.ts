/**
 * Shared setup of the chain tests: the lab GOPROXY over HTTP and HTTPS (a self-signed
 * certificate made with openssl for 127.0.0.1 and goproxy.lab.test), and forward proxies
 * that map goproxy.lab.test to it, so that go's HTTP(S)_PROXY route can be exercised
 * without any name reaching a real resolver.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from './goproxy-server';
import { startHostMapProxy, type HostMapProxy } from './host-map-proxy';
import { TestCA } from './test-ca';
import { writeStaticTree } from './nginx';

export const LAB_HOST = 'goproxy.lab.test';
/** A code host for `direct`: the mapping proxy sends vcs.lab.test:443 to the HTTPS lab server. */
export const VCS_HOST = 'vcs.lab.test';

export interface ChainLab {
  http: GoproxyServer;
  https: GoproxyServer;
  /** Forward proxy mapping LAB_HOST to the lab servers; 502 for every other host. */
  proxy: HostMapProxy;
  /** The same, demanding Proxy-Authorization lab:secret. */
  authProxy: HostMapProxy;
  /** PEM file of the self-signed certificate of `https`. */
  certFile: string;
  /** GOPROXY servers with certificates from a test CA (root in `caRootFile`). */
  caSigned: GoproxyServer;
  wrongName: GoproxyServer;
  expired: GoproxyServer;
  noIntermediate: GoproxyServer;
  /** HTTP/2 (ALPN h2) GOPROXY with a CA-signed certificate. */
  h2: GoproxyServer;
  caRootFile: string;
  /** A static GOPROXY tree for file:// entries. */
  fileTree: string;
  dir: string;
  /**
   * Expands $P (http), $T (https 127.0.0.1), $Q (http LAB_HOST), $S (https LAB_HOST), $CA (CA-signed,
   * 127.0.0.1), $WRONG (LAB_HOST, certificate for other.test), $EXPIRED, $NOINTER (leaf without
   * intermediate), $H2 (HTTP/2, CA-signed), $FILE (file:// tree), $CAROOT, $CERT, $PROXY, $AUTHPROXY.
   */
  expand(s: string): string;
  clearLogs(): void;
  close(): Promise<void>;
}

export function makeSelfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'lab.key');
  const certFile = path.join(dir, 'lab.crt');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
    '-subj', `/CN=${LAB_HOST}`, '-addext', `subjectAltName=DNS:${LAB_HOST},DNS:${VCS_HOST},IP:127.0.0.1`,
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startChainLab(): Promise<ChainLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gpd-chain-lab-'));
  const { key, cert, certFile } = makeSelfSignedCert(dir);
  const http = await startGoproxyServer();
  const https = await startGoproxyServer({ tls: { key, cert }, httpPeer: () => http.url });
  const ca = TestCA.create();
  const good = ca.issue({ dns: [LAB_HOST], ips: ['127.0.0.1'] });
  const other = ca.issue({ dns: ['other.test'] });
  const old = ca.issue({ dns: [LAB_HOST], ips: ['127.0.0.1'], startDate: TestCA.stamp(new Date(Date.now() - 10 * 86_400_000)), endDate: TestCA.stamp(new Date(Date.now() - 86_400_000)) });
  const caSigned = await startGoproxyServer({ tls: { key: good.keyPem, cert: ca.fullChain(good) } });
  const wrongName = await startGoproxyServer({ tls: { key: other.keyPem, cert: ca.fullChain(other) } });
  const expired = await startGoproxyServer({ tls: { key: old.keyPem, cert: ca.fullChain(old) } });
  const noIntermediate = await startGoproxyServer({ tls: { key: good.keyPem, cert: good.certPem } });
  const h2 = await startGoproxyServer({ tls: { key: good.keyPem, cert: ca.fullChain(good) }, h2: true });
  const caRootFile = ca.root.certFile;
  const caRootDir = path.join(dir, 'roots');
  mkdirSync(caRootDir);
  writeFileSync(path.join(caRootDir, 'lab-root.pem'), ca.root.certPem);
  const fileTree = path.join(dir, 'tree');
  writeStaticTree(fileTree, http.modules);
  const map = {
    [`${LAB_HOST}:${http.port}`]: http.port, [`${LAB_HOST}:${https.port}`]: https.port, [`${LAB_HOST}:${wrongName.port}`]: wrongName.port,
    [`${VCS_HOST}:443`]: https.port,
  };
  const proxy = await startHostMapProxy(map);
  const authProxy = await startHostMapProxy(map, { requireAuth: 'lab:secret' });
  return {
    http, https, proxy, authProxy, certFile, dir, caSigned, wrongName, expired, noIntermediate, h2, caRootFile, fileTree,
    expand: (s) => s
      .replace(/\$AUTHPROXY/g, authProxy.url)
      .replace(/\$PROXY/g, proxy.url)
      .replace(/\$CAROOT/g, caRootFile)
      .replace(/\$CARDIR/g, caRootDir)
      .replace(/\$CA/g, caSigned.url)
      .replace(/\$WRONG/g, `https://${LAB_HOST}:${wrongName.port}`)
      .replace(/\$EXPIRED/g, expired.url)
      .replace(/\$NOINTER/g, noIntermediate.url)
      .replace(/\$FILE/g, `file://${fileTree}`)
      .replace(/\$H2/g, h2.url)
      .replace(/\$P/g, http.url)
      .replace(/\$T/g, https.url)
      .replace(/\$Q/g, `http://${LAB_HOST}:${http.port}`)
      .replace(/\$S/g, `https://${LAB_HOST}:${https.port}`)
      .replace(/\$CERT/g, certFile),
    clearLogs: () => {
      for (const s of [http, https, caSigned, wrongName, expired, noIntermediate, h2]) s.clearLog();
      proxy.log.length = 0;
      authProxy.log.length = 0;
    },
    close: async () => {
      await Promise.all([http, https, caSigned, wrongName, expired, noIntermediate, h2, proxy, authProxy].map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
      rmSync(ca.dir, { recursive: true, force: true });
    },
  };
}

/** Everything the lab saw, in a comparable form. */
export function labTrace(lab: ChainLab): string[] {
  return [
    ...lab.http.log.map((e) => `http ${e.path} ${e.status ?? e.dropped}`),
    ...lab.https.log.map((e) => `https ${e.path} ${e.status ?? e.dropped}`),
    ...[lab.caSigned, lab.wrongName, lab.expired, lab.noIntermediate, lab.h2].flatMap((srv, i) => srv.log.map((e) => `tls${i} ${e.path} ${e.status ?? e.dropped}`)),
    ...lab.proxy.log.map((l) => `proxy ${l}`),
    ...lab.authProxy.log.map((l) => `authproxy ${l}`),
  ];
}

/** `go telemetry off`, written directly: the mode file go reads from os.UserConfigDir()/go/telemetry. */
export function quietTelemetry(home: string): void {
  mkdirSync(path.join(home, '.config', 'go', 'telemetry'), { recursive: true });
  writeFileSync(path.join(home, '.config', 'go', 'telemetry', 'mode'), 'off');
}

/**
 * A complete, hermetic environment for the real go (`path`: goPathEnv of the release under
 * test). Also turns go's telemetry off in that HOME (Go 1.23+ otherwise leaves a child process
 * writing counters under HOME/.config after go exits, which races the test's clean-up).
 */
export function goEnv(home: string, extra: Record<string, string>, path_ = '/usr/bin:/bin'): Record<string, string> {
  quietTelemetry(home);
  return {
    PATH: path_,
    HOME: home,
    GOPATH: path.join(home, 'gopath'),
    GOMODCACHE: path.join(home, 'modcache'),
    GOENV: path.join(home, 'goenv'),
    GOCACHE: path.join(home, 'gocache'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GOSUMDB: 'off',
    GO111MODULE: 'on',
    ...extra,
  };
}
