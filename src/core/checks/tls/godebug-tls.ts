import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { parseGoVersion, versionAtLeast, type GoVersion } from '../../env/go-version';
import { NEWEST_CHECKED_GO } from '../../report/go-rules';
import { GODEBUG_SETTINGS, godebugFatal, parseGodebug, releaseKnows } from './godebug-settings';

export interface GodebugInEffect {
  name: string;
  value: string;
  /** 'in-effect': this go reads it and it changes something; 'default': it sets the default; 'removed' / 'not-yet': this go ignores it. */
  state: 'in-effect' | 'default' | 'removed' | 'not-yet' | 'no-effect' | 'fatal';
  defaultValue?: string;
  effect?: string;
}

/** The settings of GODEBUG this go reads, and what each does for the release in use. */
export function godebugFor(godebug: string, v: GoVersion): GodebugInEffect[] {
  const values = parseGodebug(godebug, versionAtLeast(v, 1, 21));
  const out: GodebugInEffect[] = [];
  for (const s of GODEBUG_SETTINGS) {
    const value = values.get(s.name);
    if (value === undefined) continue;
    if (s.removed !== undefined && v.major === 1 && v.minor >= s.removed) out.push({ name: s.name, value, state: 'removed' });
    else if (!releaseKnows(s, v)) out.push({ name: s.name, value, state: 'not-yet' });
    else {
      const effect = s.effect(value, v.minor);
      const defaultValue = s.defaultValue(v.minor);
      if (value === defaultValue) out.push({ name: s.name, value, state: 'default', defaultValue });
      else out.push({ name: s.name, value, state: effect ? 'in-effect' : 'no-effect', defaultValue, ...(effect ? { effect } : {}) });
    }
  }
  return out;
}

function without(godebug: string, name: string): string {
  return godebug.split(',').filter((p) => p.slice(0, p.indexOf('=')) !== name).join(',');
}

export const godebugTls: Check = {
  id: 'GPD507',
  slug: 'godebug-tls',
  layer: 'tls',
  title: 'GODEBUG settings that change what go accepts',
  needs: {},
  timeoutMs: 2000,
  doc: `Reports the GODEBUG settings in go's environment that change what its downloads accept —
TLS (\`tlsrsakex\`, \`tls3des\`, \`tlssha1\`, \`tlsmaxrsasize\`, \`tlsmlkem\`, \`tlssecpmlkem\`,
\`tlskyber\`, \`tls10server\`, \`fips140\`), certificates (\`x509sha1\`, \`x509negativeserial\`,
\`rsa1024min\`, \`x509usefallbackroots\`, \`x509sslcertoverrideplatform\`), HTTP (\`http2client\`,
\`httplaxcontentlength\`) and DNS (\`netdns\`, \`netedns0\`) — by the rules of the go release in
use (go@1.19.8 reads its few settings ad hoc; go@1.26.8 and go@1.27.3
\`src/internal/godebugs/table.go\` and \`doc/godebug.md\`).

- A setting this go reads that relaxes verification (\`x509sha1=1\` before Go 1.24,
  \`x509negativeserial=1\`, \`rsa1024min=0\`, \`tlsrsakex=1\`, \`tls3des=1\`, \`tlssha1=1\`): a
  warning — downloads work only because of it, and the next release may drop it.
- A setting this go **no longer knows** (\`x509sha1\` since Go 1.24; \`tlsrsakex\`, \`tls3des\`,
  \`tls10server\` since Go 1.27): up to Go 1.26 a warning — go ignores it, so a server that
  needed it fails (go1.26.8 with \`GODEBUG=x509sha1=1\` refuses a SHA-1 signed certificate that
  go1.19.8 accepted with it). **Since Go 1.27 an error**: a removed setting at its old value
  stops every go command at startup
  (\`fatal error: removed GODEBUG "tlsrsakex" set to old value "1" in environment (https://go.dev/doc/godebug#go-127)\`;
  go@1.27.3 \`src/runtime/runtime1.go\` parsegodebug reads the fields left to right, and the first
  such field is fatal even when a later one resets it), whatever its area (\`asynctimerchan=1\`,
  \`gotypesalias=0\`, \`x509keypairleaf=0\`… too).
- A setting this go does not know yet: info (it is ignored; what this go does anyway is said).
- Any other setting in effect (\`http2client=0\`, \`netdns=cgo\`, \`tlsmlkem=0\`…): info.

GODEBUG comes from the environment only: \`go env -w\` refuses it, and go.mod \`godebug\` lines
change the programs go builds, not the go command. Go 1.21+ takes the last of repeated names;
go1.19.8 the first.`,
  examples: {
    triggers: { description: 'RSA key exchange re-enabled for the go command', env: { GODEBUG: 'tlsrsakex=1' } },
    passes: { description: 'No GODEBUG setting that changes TLS', env: { GODEBUG: 'gctrace=0' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const godebug = ctx.env.os.GODEBUG ?? '';
    if (!godebug) return { findings: [], data: [] };
    // Unknown version: the newest rules (the report's go.rules says so).
    const v = parseGoVersion(ctx.env.go.version) ?? parseGoVersion(NEWEST_CHECKED_GO)!;
    const release = ctx.env.go.version ? v.raw : `go (version unknown: the rules of ${NEWEST_CHECKED_GO})`;
    const fatal = godebugFatal(godebug, v);
    if (fatal) {
      return {
        findings: [{
          id: 'GPD507', severity: 'error', variable: 'GODEBUG',
          message: `${release} stops before doing anything — every go command, \`go version\` included — because GODEBUG sets ${fatal.name}, which Go removed, to its old value: \`${fatal.text}\`. Drop it from GODEBUG.`,
          evidence: [`GODEBUG=${godebug} (the environment go runs in)`, `go version: ${release}`, 'since Go 1.27 a removed GODEBUG setting at its old value is fatal (src/runtime/runtime1.go parsegodebug); go1.26 and older ignored it'],
          fixes: [{ title: `Drop ${fatal.name} from GODEBUG`, preferred: true, kind: 'set-variable', variable: 'GODEBUG', value: without(godebug, fatal.name) }],
        }],
        data: [{ name: fatal.name, value: fatal.value, state: 'fatal' }],
      };
    }
    const settings = godebugFor(godebug, v);
    const findings: Finding[] = [];
    for (const g of settings) {
      const s = GODEBUG_SETTINGS.find((x) => x.name === g.name)!;
      const evidence = [`GODEBUG=${godebug} (the environment go runs in)`, `go version: ${release}`];
      switch (g.state) {
        case 'removed':
          findings.push({
            id: 'GPD507', severity: s.defaultValue(v.minor) === g.value ? 'info' : 'warning', variable: 'GODEBUG',
            message: `${release} no longer knows GODEBUG ${g.name} (removed in Go 1.${s.removed}) and ignores ${g.name}=${g.value}: ${s.without.removed ?? 'its old behaviour is gone'}.`,
            evidence,
            fixes: [{ title: `Drop ${g.name} from GODEBUG (this go ignores it)`, preferred: false, kind: 'set-variable', variable: 'GODEBUG', value: without(godebug, g.name) }],
          });
          break;
        case 'not-yet':
          findings.push({
            id: 'GPD507', severity: 'info', variable: 'GODEBUG',
            message: `${release} does not read GODEBUG ${g.name} (Go 1.${s.since[s.since.length - 1][0]}+) and ignores ${g.name}=${g.value}${s.without.before ? `; ${s.without.before}` : ''}.`,
            evidence, fixes: [],
          });
          break;
        case 'in-effect':
          findings.push({
            id: 'GPD507', severity: s.weakens(g.value) ? 'warning' : 'info', variable: 'GODEBUG',
            message: `GODEBUG ${g.name}=${g.value} is in effect for ${release}: go ${g.effect}.${s.weakens(g.value) ? ' Downloads that work only because of it stop working when a release drops the setting; the lasting fix is on the server.' : ''}`,
            evidence: [...evidence, `default for ${release}: ${g.name}=${g.defaultValue || '(unset)'}`],
            fixes: [],
          });
          break;
        case 'no-effect':
          findings.push({
            id: 'GPD507', severity: 'info', variable: 'GODEBUG',
            message: `GODEBUG ${g.name}=${g.value} changes nothing for go's downloads${g.name === 'tlsmaxrsasize' ? ' (not a number of bits)' : ''}.`,
            evidence, fixes: [],
          });
          break;
        case 'default':
          break;
      }
    }
    return { findings, data: settings };
  },
};
