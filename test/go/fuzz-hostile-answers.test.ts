import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { execBounded } from '../../src/core/host/node-host';
import { walkChain } from '../../src/core/net/chain-walk';
import { explainFailure } from '../../src/core/errors/parse-error-text';
import { proxyVariantOf } from '../../src/core/net/hosts-needed';
import { closeHttpClients } from '../../src/core/net/http-client';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { startHostileConnect, startHostileHttp, startHostileTls, startRedirector, type ConnectBehaviour, type HostileServer, type HttpBehaviour } from '../lab/hostile-servers';
import { quietTelemetry } from '../lab/chain-harness';
import { GO_RELEASES, describeEachGo, goPathEnv, requireGo, type GoUnderTest } from './go-versions';

/**
 * Differential: hostile answers (redirect chains of random length around go's limit of 10,
 * redirects to other schemes, header floods, 10 000 headers, a gzip bomb, a TLS server that
 * hangs up mid-handshake) given both to the real go
 * (`go mod download -json`) and to our chain walk. The verdict and go's error text must be
 * the same. Hermetic as the other go tests: own HOME/GOPATH/GOMODCACHE/GOCACHE, GOENV=off,
 * GOSUMDB=off, a dead loopback HTTP(S)_PROXY so that nothing can leave the machine.
 * Every case runs against every release; the one-minute CONNECT wait runs for all releases
 * at once.
 */

const MODULE = 'example.com/hello';
const VERSION = 'v1.0.0';
const SEED = 0x4ed1;
const DEAD = 'http://127.0.0.1:1';
const ENV = { HTTPS_PROXY: DEAD, HTTP_PROXY: DEAD, NO_PROXY: '' };

describe('differential: hostile answers, our chain walk vs the real go', function () {
  this.timeout(300000);
  describeEachGo('hostile answers', (g) => hostileCases(g));

  it('an HTTPS_PROXY that never answers CONNECT: every release gives up after one minute with the error the doctor names at once', async function () {
    this.timeout(200000);
    await withLab(async (h) => {
      const s = await startHostileConnect('stall');
      try {
        const goproxy = 'https://goproxy.hostile.test';
        const env = { ...ENV, HTTPS_PROXY: s.url };
        const t0 = Date.now();
        const runs = await Promise.all(GO_RELEASES.map(async (g) => {
          requireGo(g);
          const [go, ours] = await Promise.all([h.goVerdict(g, goproxy, env, 100000), h.ourVerdict(g, goproxy, env)]);
          return { g, go, ours, ms: Date.now() - t0 };
        }));
        for (const { g, go, ours, ms } of runs) {
          assert.ok(ms >= 59000, `${g.release} waited its one-minute CONNECT limit`);
          assert.match(go, /: context deadline exceeded$/, g.release);
          assert.equal(ours, go, g.release);
        }
      } finally {
        await s.close();
      }
    });
  });
});

interface Harness {
  lab: GoproxyServer;
  redirector: HostileServer;
  goVerdict(g: GoUnderTest, goproxy: string, env?: Record<string, string>, timeoutMs?: number): Promise<string>;
  ourVerdict(g: GoUnderTest, goproxy: string, env?: Record<string, string>): Promise<string>;
}

async function withLab(body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

async function startHarness(): Promise<Harness & { close(): Promise<void> }> {
  const lab = await startGoproxyServer();
  const redirector = await startRedirector(lab.url);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-fuzz-hostile-'));
  let n = 0;
  return {
    lab,
    redirector,
    /** go's JSON `Error` ('' when the download succeeded). */
    async goVerdict(g, goproxy, env = ENV, timeoutMs = 60000) {
      const dir = path.join(root, `c${n++}`);
      fs.mkdirSync(path.join(dir, 'work'), { recursive: true });
      quietTelemetry(path.join(dir, 'home'));
      const r = await execBounded(g.bin, ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
        cwd: path.join(dir, 'work'),
        timeoutMs,
        maxOutputBytes: 64 * 1024,
        env: {
          PATH: goPathEnv(g), HOME: path.join(dir, 'home'), GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'modcache'),
          GOCACHE: path.join(dir, 'gocache'), GOENV: 'off', GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GO111MODULE: 'on',
          GOSUMDB: 'off', GOPRIVATE: '', GOPROXY: goproxy, ...env,
        },
      });
      assert.ok(!r.timedOut, 'go finished');
      if (r.code === 0) return '';
      let text: string;
      try {
        text = (JSON.parse(r.stdout) as { Error?: string }).Error ?? r.stderr.trim();
      } catch {
        text = r.stderr.trim();
      }
      // `why` must name every failure this release prints.
      assert.notEqual(explainFailure(`go: ${text}`).facts.kind, 'unknown', `why does not recognise ${g.release}'s text: ${text}`);
      return text;
    },
    async ourVerdict(g, goproxy, env = ENV) {
      const w = await walkChain(MODULE, VERSION, { goproxy, gonoproxy: '', platform: 'linux', env, timeoutMs: 10000, gosumdb: 'off', proxyVariant: proxyVariantOf(g.release), goVersion: g.release });
      return w.verdict.served ? '' : (w.verdict.error ?? '(no error text)');
    },
    async close() {
      await closeHttpClients();
      await lab.close();
      await redirector.close();
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

function hostileCases(g: GoUnderTest): void {
  let h: Harness & { close(): Promise<void> };
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());
  const goVerdict = (goproxy: string, env?: Record<string, string>, timeoutMs?: number) => h.goVerdict(g, goproxy, env, timeoutMs);
  const ourVerdict = (goproxy: string, env?: Record<string, string>) => h.ourVerdict(g, goproxy, env);

  const hops = fc.sample(fc.integer({ min: 0, max: 14 }), { seed: SEED, numRuns: 8 });
  // go's limit is 10 redirects per request: 8 and 9 redirects pass, 10 fail (n+1 per chain).
  for (const count of [...new Set([7, 8, 9, ...hops])]) {
    it(`${count + 1} redirect${count ? 's' : ''} before every answer (seed ${SEED})`, async () => {
      const goproxy = `${h.redirector.url}/h/${count}`;
      const [go, ours] = await Promise.all([goVerdict(goproxy), ourVerdict(goproxy)]);
      assert.equal(ours, go);
      if (count + 1 >= 10) assert.match(go, /stopped after 10 redirects$/);
      else assert.equal(go, '');
    });
  }

  const HOSTILE: Array<[HttpBehaviour, string, string]> = [
    ['redirect-file', 'a redirect to file:///etc/passwd', ''],
    ['redirect-scheme', 'a redirect to gopher:', ''],
    ['endless-headers', 'headers that never end (10 MiB limit)', ''],
    ['many-headers', '10 000 headers, then a body that is not JSON', '/lab'],
    ['many-headers', '10 000 headers from a proxy URL without a path (go prints it without a slash)', ''],
    ['gzip-bomb', 'a gzip bomb (128 MiB of zeros) as the .info answer', '/lab'],
    ['garbage', 'binary garbage instead of an HTTP answer (malformed HTTP response)', ''],
    ['bad-status', 'a status line whose code is not a number (malformed HTTP status code)', ''],
  ];

  it('garbage instead of a TLS ServerHello: the same error text (first record does not look like TLS)', async () => {
    const s = await startHostileTls('garbage');
    try {
      const goproxy = `https://127.0.0.1:${s.port}`;
      const go = await goVerdict(goproxy);
      assert.match(go, /: tls: first record does not look like a TLS handshake$/);
      assert.equal(await ourVerdict(goproxy), go);
    } finally {
      await s.close();
    }
  });

  // go never proxies loopback: the target is a name only the (hostile) proxy would see.
  const CONNECT_CASES: Array<[ConnectBehaviour, string, RegExp]> = [
    ['half-answer', 'an HTTPS_PROXY that closes mid status line', /: malformed HTTP status code "20"$/],
    ['nonsense', 'an HTTPS_PROXY that answers CONNECT with an SSH banner', /: malformed HTTP response "SSH-2.0-OpenSSH_9.0"$/],
    ['binary', 'an HTTPS_PROXY that answers CONNECT with 4 KiB of binary and closes', /: unexpected EOF$/],
  ];
  for (const [behaviour, title, expected] of CONNECT_CASES) {
    it(`${title}: the same error text, at once`, async () => {
      const s = await startHostileConnect(behaviour);
      try {
        const goproxy = 'https://goproxy.hostile.test';
        const env = { ...ENV, HTTPS_PROXY: s.url };
        const t0 = Date.now();
        const go = await goVerdict(goproxy, env);
        assert.ok(Date.now() - t0 < 30000, 'go fails without waiting');
        assert.match(go, expected);
        const t1 = Date.now();
        assert.equal(await ourVerdict(goproxy, env), go);
        assert.ok(Date.now() - t1 < 5000, 'the doctor fails without waiting for its timeout');
      } finally {
        await s.close();
      }
    });
  }
  it('a TLS server that closes its side after the ClientHello: the same error text (EOF)', async () => {
    const s = await startHostileTls('half-closed');
    try {
      const goproxy = `https://127.0.0.1:${s.port}`;
      const go = await goVerdict(goproxy);
      assert.match(go, /: EOF$/);
      assert.equal(await ourVerdict(goproxy), go);
    } finally {
      await s.close();
    }
  });

  for (const [behaviour, title, suffix] of HOSTILE) {
    it(`${title}: the same error text`, async () => {
      const s = await startHostileHttp(behaviour);
      try {
        const goproxy = `http://127.0.0.1:${s.port}${suffix}`;
        const go = await goVerdict(goproxy);
        const ours = await ourVerdict(goproxy);
        assert.notEqual(go, '', 'go fails');
        assert.equal(ours, go);
      } finally {
        await s.close();
      }
    });
  }
}
