import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dnsChecks } from '../../src/core/checks/dns/index';
import { connectionChecks } from '../../src/core/checks/connection/index';
import { dnsmasqArgs, dnsmasqBinary, startDnsmasq, type LabDnsmasq } from '../lab/dnsmasq';
import { resultOf, runProbeChecks, show } from '../lab/probe-context';
import { nodeHost } from '../../src/core/host/node-host';
import { closedPort } from '../lab/tls-servers';
import { quietTelemetry } from '../lab/chain-harness';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

const LIES: Record<string, string> = { 'nxd.lab.test': '', 'gone.example.org': '', 'closed.lab.test': '127.0.0.1' };

/**
 * go's DNS error texts, observed: go runs in a network namespace this test creates, whose
 * /etc/resolv.conf (ip netns bind-mounts /etc/netns/<ns>/resolv.conf) points at a dnsmasq on
 * the namespace's own 127.0.0.1:53. Our checks see the same dnsmasq answers through an
 * identical dnsmasq on a loopback port of this namespace. Nothing leaves the machine.
 */
describe('go differential: DNS failures predicted vs the real go in a network namespace', function () {
  this.timeout(120000);
  const ns = `gpd-dns-${process.pid}`;
  let home: string;
  let nsDnsmasq: ChildProcess | undefined;
  let twin: LabDnsmasq;
  const hadNetnsDir = fs.existsSync('/etc/netns');

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-dnsdiff-'));
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    fs.mkdirSync(`/etc/netns/${ns}`, { recursive: true });
    fs.writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\n');
    nsDnsmasq = spawn('ip', ['netns', 'exec', ns, dnsmasqBinary()!, ...dnsmasqArgs(53, LIES, path.join(home, 'ns-dnsmasq.pid'))], { stdio: 'ignore' });
    twin = await startDnsmasq(LIES);
    await new Promise((r) => setTimeout(r, 300));
  });
  after(async () => {
    if (nsDnsmasq && nsDnsmasq.exitCode === null) {
      const gone = new Promise<void>((r) => nsDnsmasq!.once('exit', () => r()));
      nsDnsmasq.kill('SIGTERM');
      await gone;
    }
    await twin?.stop();
    try { execFileSync('ip', ['netns', 'del', ns]); } catch { /* already gone */ }
    fs.rmSync(`/etc/netns/${ns}`, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    // Only when empty: another run may have its own namespace there.
    if (!hadNetnsDir) { try { fs.rmdirSync('/etc/netns'); } catch { /* in use or gone */ } }
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  function goInNamespace(g: GoUnderTest, extra: Record<string, string>): Promise<string> {
    const gohome = path.join(home, g.release);
    quietTelemetry(gohome);
    const env: Record<string, string> = {
      PATH: goPathEnv(g), HOME: gohome, GOPATH: path.join(gohome, 'gopath'), GOMODCACHE: path.join(gohome, 'modcache'),
      GOCACHE: path.join(gohome, 'gocache'), GOENV: path.join(gohome, 'goenv'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
      GOSUMDB: 'off', GO111MODULE: 'on', ...extra,
    };
    return new Promise((resolve) => {
      execFile('ip', ['netns', 'exec', ns, g.bin, 'mod', 'download', '-json', 'example.com/hello@v1.0.0'], { env, cwd: home, timeout: 60000, encoding: 'utf8' }, (_e, stdout, stderr) => {
        try { resolve((JSON.parse(stdout) as { Error?: string }).Error ?? ''); } catch { resolve(stdout + stderr); }
      });
    });
  }

  /** Our checks, with the system resolver = the twin dnsmasq and resolv.conf as go sees it in the namespace. */
  async function ours(g: GoUnderTest, checks: typeof dnsChecks, env: Record<string, string>, offline = false) {
    const real = nodeHost({});
    return runProbeChecks(checks, {
      env: { GOSUMDB: 'off', ...env }, systemDns: twin.address, goVersion: g.release, options: { offline },
      hostOverrides: { readFile: async (p: string, max?: number) => (p === '/etc/resolv.conf' ? Buffer.from(fs.readFileSync(`/etc/netns/${ns}/resolv.conf`)) : real.readFile(p, max)) },
    });
  }

  /** The backquoted go errors a finding quotes. */
  const quotes = (m: string) => [...m.matchAll(/`(Get "[^`]+)`/g)].map((x) => x[1]);
  const matchesOne = (go: string, qs: string[]) => qs.some((q) => { const [pre, cause] = q.split('/…": '); return go.includes(pre) && go.endsWith(`": ${cause}`); });

  describeEachGo('DNS failures', (g) => {
    for (const [label, host] of [['NXDOMAIN', 'nxd.lab.test'], ['REFUSED (no upstream)', 'unknown.lab.test']] as const) {
      it(`${label}: GPD301 quotes what go prints`, async () => {
        const goproxy = `https://${host}`;
        const [rs, go] = await Promise.all([ours(g, dnsChecks, { GOPROXY: goproxy }), goInNamespace(g, { GOPROXY: goproxy })]);
        const r = resultOf(rs, 'GPD301');
        assert.equal(r.status, 'error', show(r));
        const qs = quotes(r.findings[0].message);
        assert.ok(matchesOne(go, qs), `go:   ${go}\nours: ${qs.join('\n      ')}`);
      });
    }

    it('a host that resolves to a closed port: GPD401 quotes go\'s "connect: connection refused"', async () => {
      const port = await closedPort();
      const goproxy = `https://closed.lab.test:${port}`;
      const [rs, go] = await Promise.all([ours(g, connectionChecks, { GOPROXY: goproxy }), goInNamespace(g, { GOPROXY: goproxy })]);
      const r = resultOf(rs, 'GPD401');
      assert.equal(r.status, 'error', show(r));
      const ourText = /go fails with `([^`]+)`/.exec(r.findings[0].message)?.[1] ?? '';
      assert.ok(ourText && go.endsWith(`": ${ourText}`), `go:   ${go}\nours: ${ourText}`);
    });

    it('an HTTPS_PROXY host that does not resolve: "proxyconnect tcp: dial tcp: lookup …" (GPD402)', async () => {
      const env = { GOPROXY: 'https://goproxy.lab.test', HTTPS_PROXY: 'http://gone.example.org:3128' };
      const [rs, go] = await Promise.all([ours(g, connectionChecks, env), goInNamespace(g, env)]);
      const r = resultOf(rs, 'GPD402');
      const q = quotes(r.findings[0]?.message ?? '');
      const cause = q[0]?.split('/…": ')[1] ?? '';
      assert.ok(cause && go.endsWith(`": ${cause}`), `go:   ${go}\nours: ${cause}\n${show(r)}`);
      assert.match(go, /proxyconnect tcp: dial tcp: lookup gone\.example\.org on 127\.0\.0\.1:53: no such host/);
    });

    // The static half of GPD402, judged offline, against where go really sends the request.
    describe('proxy variables judged offline (GPD402), checked against where go connects', () => {
      const offline = (env: Record<string, string>) => ours(g, connectionChecks, env, true).then((rs) => resultOf(rs, 'GPD402'));
      async function target() {
        const port = await closedPort();
        return { port, goproxy: `https://closed.lab.test:${port}` };
      }

      it('HTTP_PROXY set, HTTPS_PROXY unset: go reaches an https GOPROXY directly', async () => {
        const { port, goproxy } = await target();
        const env = { GOPROXY: goproxy, HTTP_PROXY: 'http://127.0.0.1:1' };
        const [r, go] = await Promise.all([offline(env), goInNamespace(g, env)]);
        assert.ok(go.endsWith(`": dial tcp 127.0.0.1:${port}: connect: connection refused`), go);
        assert.ok(r.findings.some((f) => f.variable === 'HTTPS_PROXY' && /Only HTTP_PROXY is set/.test(f.message) && f.message.includes('reached directly')), show(r));
      });

      it('ALL_PROXY alone: go does not read it and connects directly', async () => {
        const { port, goproxy } = await target();
        const env = { GOPROXY: goproxy, ALL_PROXY: 'http://127.0.0.1:1' };
        const [r, go] = await Promise.all([offline(env), goInNamespace(g, env)]);
        assert.ok(go.endsWith(`": dial tcp 127.0.0.1:${port}: connect: connection refused`), go);
        assert.ok(r.findings.some((f) => f.variable === 'ALL_PROXY'), show(r));
      });

      it('HTTPS_PROXY and https_proxy differ: go uses the upper-case one', async () => {
        const { goproxy } = await target();
        const dead = await closedPort();
        const env = { GOPROXY: goproxy, HTTPS_PROXY: 'http://127.0.0.1:1', https_proxy: `http://127.0.0.1:${dead}` };
        const [r, go] = await Promise.all([offline(env), goInNamespace(g, env)]);
        assert.ok(go.endsWith('": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused'), go);
        assert.ok(r.findings.some((f) => f.variable === 'HTTPS_PROXY' && /go reads HTTPS_PROXY/.test(f.message)), show(r));
      });
    });
  });
});
