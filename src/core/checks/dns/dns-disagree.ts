import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { untilAborted } from '../../net/hosts-probes';
import { cachingLayersOf, describeAnswer, flushFixes, hostWord, NO_HOSTS, resolvedHosts } from './dns-common';

export const dnsDisagree: Check = {
  id: 'GPD302',
  slug: 'dns-disagree',
  layer: 'dns',
  title: 'The system resolver agrees with the resolvers you trust',
  needs: { network: true },
  timeoutMs: 30_000,
  appliesTo: (ctx) => (ctx.options.resolvers.length === 0 ? 'no resolver to compare with: name one with --resolver (or the goProxyDoctor.resolvers setting)' : null),
  doc: `Compares, for every host go resolves itself, the system resolver's addresses (what go connects to) with those of each resolver you configure. Answers with no address in common mean one side is stale, split-horizon, hijacked or poisoned: go connects wherever the system resolver points, so a working \`dig @8.8.8.8\` proves nothing about go. (Large CDNs may legitimately answer differently by location; the finding is a warning for that reason.)

When a local cache sits in front of the system resolver (systemd-resolved's stub at 127.0.0.53, dnsmasq, nscd, mDNSResponder), the finding carries the command that empties it.`,
  examples: {
    triggers: { description: 'the system resolver answers 10.0.0.66 for the GOPROXY host, the configured resolver 127.0.0.1', lab: 'dns-disagree' },
    passes: { description: 'both resolvers give the same address', lab: 'dns-ok' },
  },
  async run(ctx, signal) {
    const hosts = await untilAborted(resolvedHosts(ctx), signal);
    if (hosts.length === 0) return { findings: [], status: 'skipped', reason: NO_HOSTS };
    const layers = await untilAborted(cachingLayersOf(ctx), signal);
    const findings: Finding[] = [];
    for (const { host, dns } of hosts) {
      const sys = dns.system;
      if (sys.failure) continue; // GPD301 reports it
      const mine = new Set(sys.addresses.map((a) => a.address));
      for (const o of dns.configured) {
        if (o.failure) continue;
        const theirs = o.addresses.map((a) => a.address);
        if (theirs.some((a) => mine.has(a))) continue;
        findings.push({
          id: 'GPD302',
          severity: 'warning',
          message: `The system resolver and ${o.resolver} disagree about ${hostWord(host)}: go will connect to ${[...mine].join(', ')}, while ${o.resolver} says ${theirs.join(', ')}. One of them is stale, split-horizon or lying${layers.length ? `; a local cache (${layers.map((l) => l.name).join(', ')}) may be holding an old answer` : ''}.`,
          evidence: [describeAnswer(sys), describeAnswer(o), ...layers.map((l) => `local cache: ${l.name} — ${l.evidence}`)],
          fixes: flushFixes(layers),
        });
      }
    }
    return { findings };
  },
};
