import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { dnsOf, hostsOf, tcpOf, untilAborted } from '../../net/hosts-probes';
import { resolvedByGo } from '../../net/hosts-needed';
import type { TcpResult } from '../../net/tcp-connect';

const WORDS: Record<string, string> = {
  refused: 'refused (nothing listens, or a firewall rejects)',
  timeout: 'timed out (packets dropped on the way)',
  reset: 'reset right after connecting (a middlebox cut it)',
  unreachable: 'unreachable (no route)',
  error: 'failed',
};

export const tcpConnect: Check = {
  id: 'GPD401',
  slug: 'tcp-connect',
  layer: 'connection',
  title: 'TCP connections to every host go needs',
  needs: { network: true },
  timeoutMs: 40_000,
  doc: `Opens a TCP connection to every address of every host go connects to directly (GOPROXY entries, the checksum database when reached directly, the HTTP proxy), IPv4 and IPv6 separately, and reports refused, timed-out, reset and unreachable paths in go's words: \`dial tcp 10.0.0.1:443: connect: connection refused\`, \`dial tcp …: i/o timeout\` (go's dialer waits 30 s: net/http DefaultTransport, go@1.19.8 src/net/http/transport.go:43-54), \`read: connection reset by peer\`.

When some addresses of a host work and others do not (typically a broken IPv6 path), go still connects — it tries the addresses in turn (net/dial.go dialSerial, with a 300 ms head start for the first family) — but each new connection pays the wait: a warning. When none work, go cannot reach the host: an error.`,
  examples: {
    triggers: { description: 'the GOPROXY host resolves to an address where nothing listens', lab: 'tcp-refused' },
    passes: { description: 'the GOPROXY host accepts connections', lab: 'tcp-ok' },
  },
  async run(ctx, signal) {
    const hosts = resolvedByGo(await untilAborted(hostsOf(ctx), signal));
    if (hosts.length === 0) return { findings: [], status: 'skipped', reason: 'the current setup names no host go connects to directly (no http(s) GOPROXY entry, no directly reached checksum database or HTTP proxy)' };
    const all = await untilAborted(Promise.all(hosts.map(async (h) => {
      const d = await dnsOf(ctx, h.hostname);
      const results = await Promise.all(d.system.addresses.map((a) => tcpOf(ctx, a.address, a.family, h.port)));
      return { h, results };
    })), signal);
    const findings: Finding[] = [];
    for (const { h, results } of all) {
      if (results.length === 0) continue; // no address: GPD301
      const bad = results.filter((r) => r.outcome !== 'ok');
      if (bad.length === 0) continue;
      const good = results.filter((r) => r.outcome === 'ok');
      const fam = (r: TcpResult) => `IPv${r.family}`;
      const line = (r: TcpResult) => `${fam(r)} ${r.address} port ${r.port}: ${r.outcome === 'ok' ? `connected in ${r.ms} ms` : `${WORDS[r.outcome]} after ${r.ms} ms — go: ${r.goError}`}`;
      const who = h.role === 'http-proxy' ? `the HTTP proxy ${h.hostname}:${h.port} (${h.proxyVariable ?? 'proxy variable'})` : `${h.hostname}:${h.port} (${h.label})`;
      if (good.length === 0) {
        const first = bad[0];
        findings.push({
          id: 'GPD401',
          severity: 'error',
          message: `go cannot connect to ${who}: ${bad.map((r) => `${fam(r)} ${WORDS[r.outcome]}`).join('; ')}. go fails with \`${h.role === 'http-proxy' ? 'proxyconnect tcp: ' : ''}${first.goError}\`.`,
          evidence: results.map(line),
          fixes: [],
        });
      } else {
        const families = new Set(bad.map(fam));
        findings.push({
          id: 'GPD401',
          severity: 'warning',
          message: `Some addresses of ${who} do not accept connections (${[...families].join(', ')}): go falls back to ${good.map((r) => r.address).join(', ')}, but every new connection pays the failed attempt first.`,
          evidence: results.map(line),
          fixes: [],
        });
      }
    }
    return { findings, data: all.map(({ h, results }) => ({ host: h.hostname, port: h.port, results })) };
  },
};
