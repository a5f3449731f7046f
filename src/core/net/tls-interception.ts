import type { X509Certificate } from 'node:crypto';

/**
 * Products that re-sign HTTPS traffic with their own CA, recognised by the names their
 * CAs carry in Subject/Issuer (O= and CN= values as these products ship them by default).
 */
const VENDORS: Array<{ vendor: string; pattern: RegExp }> = [
  { vendor: 'Zscaler', pattern: /zscaler/i },
  { vendor: 'Netskope', pattern: /netskope/i },
  { vendor: 'Palo Alto Networks', pattern: /palo ?alto|pan-?os|globalprotect/i },
  { vendor: 'Fortinet FortiGate', pattern: /fortinet|fortigate|fortiproxy/i },
  { vendor: 'Blue Coat / Symantec ProxySG', pattern: /blue ?coat|proxysg|symantec web (security|gateway)/i },
  { vendor: 'Cisco Umbrella', pattern: /cisco umbrella|opendns/i },
  { vendor: 'Cisco (WSA / Firepower)', pattern: /ironport|cisco.*(wsa|web security|firepower)/i },
  { vendor: 'Sophos', pattern: /sophos/i },
  { vendor: 'Kaspersky', pattern: /kaspersky/i },
  { vendor: 'Avast / AVG', pattern: /avast|\bavg\b/i },
  { vendor: 'ESET', pattern: /\beset\b/i },
  { vendor: 'Forcepoint / Websense', pattern: /forcepoint|websense/i },
  { vendor: 'Check Point', pattern: /check ?point/i },
  { vendor: 'Barracuda', pattern: /barracuda/i },
  { vendor: 'McAfee / Skyhigh Web Gateway', pattern: /mcafee|skyhigh/i },
  { vendor: 'Trend Micro', pattern: /trend ?micro/i },
  { vendor: 'Bitdefender', pattern: /bitdefender/i },
  { vendor: 'Cloudflare Gateway (WARP)', pattern: /cloudflare (for teams|gateway)|gateway ca - cloudflare/i },
  { vendor: 'iboss', pattern: /\biboss\b/i },
  { vendor: 'Menlo Security', pattern: /menlo security/i },
  { vendor: 'Lightspeed Systems', pattern: /lightspeed/i },
  { vendor: 'Securly', pattern: /securly/i },
  { vendor: 'Untangle', pattern: /untangle/i },
  { vendor: 'Squid (ssl-bump)', pattern: /squid/i },
  { vendor: 'mitmproxy', pattern: /mitmproxy/i },
  { vendor: 'Charles Proxy', pattern: /charles proxy/i },
  { vendor: 'Fiddler', pattern: /do_not_trust_fiddlerroot|fiddler/i },
  { vendor: 'Burp Suite', pattern: /portswigger|burp/i },
];

/** `O=` and `CN=` values of a distinguished name as Node prints it (one `k=v` a line). */
export function dnFields(dn: string): { o: string[]; cn: string[] } {
  const o: string[] = [];
  const cn: string[] = [];
  for (const line of dn.split('\n')) {
    const i = line.indexOf('=');
    if (i < 0) continue;
    const k = line.slice(0, i);
    if (k === 'O') o.push(line.slice(i + 1));
    if (k === 'CN') cn.push(line.slice(i + 1));
  }
  return { o, cn };
}

/** The organisation that issued a certificate, for messages ("issued by Zscaler Inc."). */
export function issuerName(cert: X509Certificate): string {
  const f = dnFields(cert.issuer);
  return f.o[0] ?? f.cn[0] ?? cert.issuer.replace(/\n/g, ', ');
}

/** The interception product whose CA issued some certificate of the chain, if known. */
export function interceptionVendor(chain: X509Certificate[]): { vendor: string; matched: string } | null {
  for (const c of chain) {
    for (const dn of [c.issuer, c.subject]) {
      const f = dnFields(dn);
      for (const v of [...f.o, ...f.cn]) {
        const hit = VENDORS.find((x) => x.pattern.test(v));
        if (hit) return { vendor: hit.vendor, matched: v };
      }
    }
  }
  return null;
}
