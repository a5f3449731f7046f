import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { untilAborted } from '../../net/hosts-probes';
import { describeAnswer, hostWord, NO_HOSTS, resolvedHosts } from './dns-common';

/** A lookup slower than this makes every fresh go connection visibly slow. */
export const DNS_SLOW_MS = 1000;

export const dnsSlow: Check = {
  id: 'GPD304',
  slug: 'dns-slow',
  layer: 'dns',
  title: 'DNS answers quickly',
  needs: { network: true },
  timeoutMs: 30_000,
  doc: `Reports a system-resolver lookup slower than ${DNS_SLOW_MS} ms for a host go needs. go opens fresh connections per process (every \`go\` command starts cold), so a slow resolver delays each build and each \`go mod download\`; a resolver that only answers after a retry (5 s with glibc's defaults) looks like a "hanging" go. Go's own resolver gives up on a silent server with \`i/o timeout\` (net/dnsconfig_unix.go: 5 s per try, 2 attempts).`,
  examples: {
    triggers: { description: 'the resolver answers after 1.5 s', lab: 'dns-slow' },
    passes: { description: 'the resolver answers at once', lab: 'dns-ok' },
  },
  async run(ctx, signal) {
    const hosts = await untilAborted(resolvedHosts(ctx), signal);
    if (hosts.length === 0) return { findings: [], status: 'skipped', reason: NO_HOSTS };
    const findings: Finding[] = [];
    for (const { host, dns } of hosts) {
      const sys = dns.system;
      if (sys.failure || sys.ms < DNS_SLOW_MS) continue;
      const faster = dns.configured.filter((o) => !o.failure && o.ms < DNS_SLOW_MS);
      findings.push({
        id: 'GPD304',
        severity: 'warning',
        message: `Resolving ${hostWord(host)} took ${sys.ms} ms with the system resolver; every go command pays this before its first request.${faster.length ? ` ${faster.map((o) => `${o.resolver} answered in ${o.ms} ms`).join(', ')}.` : ''}`,
        evidence: [describeAnswer(sys), ...dns.configured.map(describeAnswer)],
        fixes: [],
      });
    }
    return { findings };
  },
};
