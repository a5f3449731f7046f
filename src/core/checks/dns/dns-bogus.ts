import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { classifyAddress, isPublicName } from '../../net/dns-classify';
import { untilAborted } from '../../net/hosts-probes';
import { cachingLayersOf, flushFixes, hostWord, NO_HOSTS, resolvedHosts } from './dns-common';

export const dnsBogus: Check = {
  id: 'GPD303',
  slug: 'dns-bogus',
  layer: 'dns',
  title: 'Public names resolve to public addresses',
  needs: { network: true },
  timeoutMs: 30_000,
  doc: `Flags a public host name (for example \`proxy.golang.org\`) that resolves to a loopback, private, link-local, unspecified (\`0.0.0.0\`), CGNAT, documentation or known sinkhole address (Cisco Umbrella's block page; \`198.18.0.0/15\`, the range "fake-ip" proxies such as Clash hand out). Such an answer comes from a blocking resolver, a hosts-file entry, a DNS hijack or a proxy client in fake-ip mode; go then connects to the wrong machine and fails with a refused connection, a timeout, or a certificate for the wrong name (\`x509: certificate is valid for …, not proxy.golang.org\`).

Names under reserved or internal suffixes (\`.test\`, \`.internal\`, \`.corp\`, \`.lan\`, \`.local\`, single labels) are expected to be private and are not flagged.`,
  examples: {
    triggers: { description: 'proxy.golang.org resolves to 127.0.0.1 (a lying resolver)', lab: 'dns-poisoned' },
    passes: { description: 'a .test GOPROXY host resolving to 127.0.0.1 (private by design)', lab: 'dns-ok' },
  },
  async run(ctx, signal) {
    const hosts = await untilAborted(resolvedHosts(ctx), signal);
    if (hosts.length === 0) return { findings: [], status: 'skipped', reason: NO_HOSTS };
    const layers = await untilAborted(cachingLayersOf(ctx), signal);
    const findings: Finding[] = [];
    for (const { host, dns } of hosts) {
      if (!isPublicName(host.hostname)) continue;
      for (const ans of [dns.system, ...dns.configured]) {
        const bad = ans.addresses.map((a) => ({ a: a.address, ...classifyAddress(a.address) })).filter((x) => x.cls !== 'public');
        if (bad.length === 0) continue;
        const who = ans.resolver === 'system' ? 'The system resolver (which go uses)' : `The configured resolver ${ans.resolver}`;
        findings.push({
          id: 'GPD303',
          severity: ans.resolver === 'system' ? 'error' : 'warning',
          message: `${who} resolves the public name ${hostWord(host)} to ${bad.map((b) => `${b.a} (${b.cls}${b.note ? `: ${b.note}` : ''})`).join(', ')}. ${ans.resolver === 'system' ? 'go will connect there instead of the real server: expect a refused connection, a timeout or a certificate for another name.' : 'That resolver is blocking or hijacking the name.'}`,
          evidence: [`${ans.resolver}: ${ans.addresses.map((a) => a.address).join(', ')}`, ...layers.map((l) => `local cache: ${l.name} — ${l.evidence}`)],
          fixes: ans.resolver === 'system' ? [...flushFixes(layers), { title: 'Look for a hosts-file entry for this name', preferred: false, kind: 'command', command: `grep -i '${host.hostname}' /etc/hosts` }] : [],
        });
      }
    }
    return { findings };
  },
};
