/**
 * The 1xx rules for one GOSUMDB value (GPD111, GPD112, and GPD106 for its URL), on top of
 * the exact parser (go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:59-110).
 */
import { parseGosumdb } from '../../parse/gosumdb';
import { goFails, q, setFix, type Judgement } from './judgement';
import { userinfoOf, withoutUserinfo } from './proxy-hosts';
import { redactURL } from './judge-goproxy';

/** What people usually meant by a GOSUMDB go rejects, or null. */
function repairGosumdb(value: string): { value: string; weakening: boolean } | null {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (lower === 'off' || lower === 'false' || lower === '0' || lower === 'no' || lower === 'disable' || lower === 'disabled') return { value: 'off', weakening: true };
  if (lower === 'on' || lower === 'true' || lower === '1' || lower === 'yes' || lower === 'default') return { value: 'sum.golang.org', weakening: false };
  // sum.golang.org+insecure, https://sum.golang.org, sum.golang.org/, SUM.GOLANG.ORG
  const host = lower.replace(/^https?:\/\//, '').replace(/\/+$/, '').split('+')[0];
  if (host === 'sum.golang.org') return { value: 'sum.golang.org', weakening: false };
  if (host === 'sum.golang.google.cn') return { value: 'sum.golang.google.cn', weakening: false };
  // Mirrors of sum.golang.org are used through GOPROXY (/sumdb/sum.golang.org/...), never by name.
  if (/^sum\.(goproxy\.(cn|io)|golang\.com\.cn)$/.test(host) || /goproxy|aliyun|tencent|huawei/.test(host)) return { value: 'sum.golang.org', weakening: false };
  return null;
}

export function judgeGosumdb(value: string, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  if (value === '') return out; // unset: sum.golang.org (cfg.go:316)
  const p = parseGosumdb(value, goVersion);
  if (p.off) {
    out.push({
      id: 'GPD112', severity: 'warning',
      message: 'GOSUMDB=off: go verifies nothing against the checksum database. Any module not yet in go.sum is trusted as whatever the proxy or repository serves (go.sum is still enforced for what it lists). Since Go 1.21 toolchain downloads fail with "checksum database disabled by GOSUMDB=off". To skip the database only for private modules, use GOPRIVATE or GONOSUMDB instead.',
      evidence: ['GOSUMDB=off'],
      fixes: [setFix('GOSUMDB', 'sum.golang.org', 'Verify against the checksum database again: GOSUMDB=sum.golang.org')],
    });
    return out;
  }
  if (p.error) {
    const r = repairGosumdb(value);
    const note = /\+insecure$/i.test(value.trim()) ? ' There is no "+insecure" modifier.' : '';
    out.push({
      id: 'GPD111', severity: 'error',
      message: `go rejects this GOSUMDB when it needs to verify a module, so every download that is not already in go.sum fails with "${goFails(`verifying module: ${p.error}`)}" (or "verifying go.mod: ..." when go checks the go.mod file first). GOSUMDB must be "off", a known name (sum.golang.org, sum.golang.google.cn) or a verifier key "name+hash+key", optionally followed by a URL.${note}`,
      evidence: [`GOSUMDB=${q(value)}`],
      fixes: r ? [setFix('GOSUMDB', r.value, `Set GOSUMDB=${r.value}`, true, r.weakening)] : [],
    });
    return out;
  }
  if (p.url) {
    const info = userinfoOf(p.url);
    if (info !== null) {
      out.push({
        id: 'GPD106', severity: 'warning',
        message: `The GOSUMDB URL ${q(redactURL(p.url))} contains credentials, which \`go env\`, CI logs and error messages print. Put them in ~/.netrc instead.`,
        evidence: [`GOSUMDB=${redactURL(value)}`],
        fixes: [setFix('GOSUMDB', value.replace(p.url, withoutUserinfo(p.url)), 'Remove the credentials from GOSUMDB (after adding them to ~/.netrc)', false)],
      });
    }
  }
  return out;
}
