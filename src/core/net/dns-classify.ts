import * as net from 'node:net';
import type { Host } from '../model/host';
import { parseResolvConf } from './dns-resolve';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'cgnat' | 'fake-ip' | 'sinkhole' | 'documentation';

interface Range { net: string; bits: number; cls: AddressClass; note?: string }

// Blocking resolvers answer with these instead of NXDOMAIN; proxies in "fake-ip" mode
// (Clash and derivatives) hand out 198.18.0.0/15 and expect to see the connection.
const RANGES: Range[] = [
  { net: '0.0.0.0', bits: 8, cls: 'unspecified' },
  { net: '127.0.0.0', bits: 8, cls: 'loopback' },
  { net: '10.0.0.0', bits: 8, cls: 'private' },
  { net: '172.16.0.0', bits: 12, cls: 'private' },
  { net: '192.168.0.0', bits: 16, cls: 'private' },
  { net: '169.254.0.0', bits: 16, cls: 'link-local' },
  { net: '100.64.0.0', bits: 10, cls: 'cgnat' },
  { net: '198.18.0.0', bits: 15, cls: 'fake-ip', note: 'the range proxies in fake-ip mode (Clash and similar) hand out' },
  { net: '192.0.2.0', bits: 24, cls: 'documentation' },
  { net: '198.51.100.0', bits: 24, cls: 'documentation' },
  { net: '203.0.113.0', bits: 24, cls: 'documentation' },
  { net: '146.112.61.104', bits: 29, cls: 'sinkhole', note: 'Cisco Umbrella / OpenDNS block page' },
  { net: '::', bits: 128, cls: 'unspecified' },
  { net: '::1', bits: 128, cls: 'loopback' },
  { net: 'fc00::', bits: 7, cls: 'private' },
  { net: 'fe80::', bits: 10, cls: 'link-local' },
  { net: '2001:db8::', bits: 32, cls: 'documentation' },
  { net: '::ffff:127.0.0.0', bits: 104, cls: 'loopback' },
  { net: '::ffff:0.0.0.0', bits: 104, cls: 'unspecified' },
];

const LIST = new net.BlockList();
const BY_RANGE: Array<{ list: net.BlockList; r: Range }> = RANGES.map((r) => {
  const list = new net.BlockList();
  list.addSubnet(r.net, r.bits, net.isIP(r.net) === 6 ? 'ipv6' : 'ipv4');
  LIST.addSubnet(r.net, r.bits, net.isIP(r.net) === 6 ? 'ipv6' : 'ipv4');
  return { list, r };
});

/** The class of an address, with a note naming who uses it when that is known. */
export function classifyAddress(address: string): { cls: AddressClass; note?: string } {
  const fam = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!LIST.check(address, fam)) return { cls: 'public' };
  // Most specific first: the sinkhole /29 sits inside nothing else, ::ffff: ranges are /104.
  const hits = BY_RANGE.filter(({ list }) => list.check(address, fam)).sort((a, b) => b.r.bits - a.r.bits);
  return { cls: hits[0].r.cls, ...(hits[0].r.note ? { note: hits[0].r.note } : {}) };
}

// Names that are never public: reserved by RFC 2606 / 6761 / 6762 / 8375, or the suffixes
// sites use for internal zones.
const NON_PUBLIC_SUFFIXES = ['test', 'example', 'invalid', 'localhost', 'local', 'internal', 'lan', 'home', 'corp', 'intranet', 'private', 'home.arpa', 'localdomain'];

/** A name anyone on the internet resolves the same way (so a private answer is suspicious). */
export function isPublicName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (!n.includes('.') || net.isIP(n)) return false;
  return !NON_PUBLIC_SUFFIXES.some((s) => n === s || n.endsWith(`.${s}`));
}

export interface CachingLayer {
  name: string;
  evidence: string;
  /** The command that empties its cache on this OS. */
  flush: string;
}

/**
 * Local caches between go and the network. A stale or poisoned answer can survive in them
 * after the upstream is fixed, so the flush command belongs next to such a finding.
 */
export async function detectCachingLayers(host: Host): Promise<CachingLayer[]> {
  const found: CachingLayer[] = [];
  const exists = async (p: string) => (await host.stat(p)) !== null;
  if (host.platform === 'darwin') {
    return [{ name: 'mDNSResponder', evidence: 'macOS caches every lookup in mDNSResponder', flush: 'sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder' }];
  }
  if (host.platform === 'windows') {
    return [{ name: 'DNS Client service', evidence: 'Windows caches lookups in the DNS Client service', flush: 'ipconfig /flushdns' }];
  }
  let resolv = '';
  try {
    resolv = (await host.readFile('/etc/resolv.conf', 1 << 20)).toString('utf8');
  } catch {
    // no resolv.conf: nothing to learn from it
  }
  const { nameservers } = parseResolvConf(resolv);
  if (nameservers.includes('127.0.0.53') || nameservers.includes('127.0.0.54')) {
    found.push({ name: 'systemd-resolved', evidence: `/etc/resolv.conf points at the systemd-resolved stub (nameserver ${nameservers.find((n) => n.startsWith('127.0.0.5'))})`, flush: 'resolvectl flush-caches' });
  }
  if (await exists('/var/run/nscd/socket') || await exists('/run/nscd/socket')) {
    found.push({ name: 'nscd', evidence: 'the nscd socket exists (/var/run/nscd/socket)', flush: 'sudo nscd -i hosts' });
  }
  const dnsmasqPid = (await exists('/run/dnsmasq/dnsmasq.pid')) || (await exists('/var/run/dnsmasq/dnsmasq.pid'));
  const loopbackNs = nameservers.find((n) => n.startsWith('127.') && !n.startsWith('127.0.0.5'));
  if (dnsmasqPid || (loopbackNs && (await host.which('dnsmasq')))) {
    found.push({
      name: 'dnsmasq',
      evidence: dnsmasqPid ? 'a dnsmasq pid file exists (/run/dnsmasq/dnsmasq.pid)' : `/etc/resolv.conf points at ${loopbackNs} and dnsmasq is installed`,
      flush: 'sudo pkill -HUP -x dnsmasq',
    });
  } else if (loopbackNs) {
    found.push({ name: 'local resolver', evidence: `/etc/resolv.conf points at ${loopbackNs}, a resolver on this machine`, flush: 'restart the local resolver (for example sudo systemctl restart dnsmasq or unbound)' });
  }
  return found;
}
