import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { goLookupError, withDnsPort } from '../../net/dns-resolve';
import { untilAborted } from '../../net/hosts-probes';
import { cachingLayersOf, describeAnswer, flushFixes, hostWord, NO_HOSTS, resolvedHosts } from './dns-common';

const WHAT: Record<string, string> = {
  nxdomain: 'the name does not exist (NXDOMAIN)',
  'no-data': 'the name has no A or AAAA record',
  servfail: 'the resolver failed (SERVFAIL)',
  timeout: 'no answer in time',
  temporary: 'a temporary failure (the resolver answered SERVFAIL, or nothing in time)',
  refused: 'the resolver refused the query',
  other: 'the lookup failed',
};

export const dnsFailure: Check = {
  id: 'GPD301',
  slug: 'dns-failure',
  layer: 'dns',
  title: 'Every host go needs resolves',
  needs: { network: true },
  timeoutMs: 30_000,
  doc: `Resolves every host the current setup makes go connect to — each http(s) GOPROXY entry, the checksum database when go reaches it itself, and the HTTP proxy — with the system resolver (what go uses) and with any resolver you configure (\`--resolver\`).

A host that does not resolve fails every request to it. Go reports it inside the URL error: \`dial tcp: lookup <host> on <server>:53: no such host\` with its own resolver (\`server misbehaving\` for SERVFAIL, \`i/o timeout\` when silent), or \`dial tcp: lookup <host>: no such host\` / \`Temporary failure in name resolution\` through glibc (net/dnsclient_unix.go, net/cgo_unix.go). After a \`,\` in GOPROXY this error is not "not found", so go stops there and never tries the next entry (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:138-184).

Hosts reached through an HTTP proxy are not resolved here: the proxy resolves them, go never does.`,
  examples: {
    triggers: { description: 'GOPROXY names a host the resolver answers NXDOMAIN for', lab: 'dns-nxdomain' },
    passes: { description: 'every GOPROXY host resolves', lab: 'dns-ok' },
  },
  async run(ctx, signal) {
    const hosts = await untilAborted(resolvedHosts(ctx), signal);
    if (hosts.length === 0) return { findings: [], status: 'skipped', reason: NO_HOSTS };
    const findings: Finding[] = [];
    const layers = await untilAborted(cachingLayersOf(ctx), signal);
    for (const { host, dns } of hosts) {
      const sys = dns.system;
      const others = dns.configured;
      if (sys.failure) {
        const answered = others.filter((o) => !o.failure);
        // go's own resolver (the default on Linux) names the server it asked; getaddrinfo
        // folds SERVFAIL, REFUSED and silence into one class, so both readings are quoted.
        const prefix = host.role === 'http-proxy' ? 'proxyconnect tcp: ' : '';
        const texts = sys.failure === 'temporary' && dns.nameserver
          ? [goLookupError(host.hostname, 'servfail', dns.nameserver), goLookupError(host.hostname, 'timeout', dns.nameserver)]
          : [goLookupError(host.hostname, sys.failure, dns.nameserver)];
        const url = host.role === 'http-proxy' ? 'https://<GOPROXY host>' : host.url.href.replace(/\/$/, '');
        const quoted = texts.map((t) => `\`Get "${url}/…": ${prefix}${t}\``).join(' (SERVFAIL or REFUSED), or ') + (texts.length > 1 ? ' (no answer)' : '');
        findings.push({
          id: 'GPD301',
          severity: 'error',
          message: `go cannot resolve ${hostWord(host)}: ${WHAT[sys.failure]}. Every request ${host.role === 'http-proxy' ? 'through this proxy' : 'to it'} fails with ${quoted}${host.role === 'goproxy' ? ', and go does not fall back to the next GOPROXY entry after a `,`' : ''}.${answered.length ? ` ${answered.map((o) => o.resolver).join(', ')} resolve${answered.length === 1 ? 's' : ''} it, so the system resolver (or a cache in front of it) is the problem.` : ''}`,
          evidence: [describeAnswer(sys), ...others.map(describeAnswer), ...(dns.nameserver ? [`go's own resolver asks ${withDnsPort(dns.nameserver)} (first nameserver of /etc/resolv.conf); a go built to use glibc (GODEBUG=netdns=cgo) prints \`${goLookupError(host.hostname, sys.failure)}\``] : [])],
          fixes: answered.length ? flushFixes(layers) : [],
        });
      } else {
        for (const o of others.filter((x) => x.failure && x.failure !== 'no-data')) {
          findings.push({
            id: 'GPD301',
            severity: 'info',
            message: `The configured resolver ${o.resolver} cannot resolve ${hostWord(host)} (${WHAT[o.failure!]}); the system resolver, which go uses, can.`,
            evidence: [describeAnswer(sys), describeAnswer(o)],
            fixes: [],
          });
        }
      }
    }
    return { findings, data: hosts.map(({ host, dns }) => ({ host: host.hostname, label: host.label, system: dns.system, configured: dns.configured })) };
  },
};
