import { mapStrings } from './map-strings';
import { credentialsOfVariable, safeDecode, secretOfUserinfo } from './url-credentials';
import { findSecretValues, isSecretName, maskSecretValues } from './secret-assignments';

/**
 * Removes credentials before anything leaves the core.
 * - URL userinfo: `scheme://user:pass@host` → `scheme://user:xxxxx@host` (as Go's
 *   url.URL.Redacted does) and `scheme://token@host` → `scheme://xxxxx@host`, because a
 *   user-only userinfo is usually a token (GitHub's `https://TOKEN@github.com`). The userinfo
 *   ends at the last `@` of the authority, as go splits it, and may hold any character go
 *   accepts in a password (`'`, `@`, `(`, `;`, `%`, ...).
 * - `user:pass@host` with no scheme (go adds https:// to such a GOPROXY entry, http:// to such
 *   an HTTPS_PROXY) → `user:xxxxx@host`.
 * - Values of secret-named variables written in text (`NPM_TOKEN=…`, `CI_DEPLOY_PASSWORD: …`,
 *   netrc `password …`).
 * - Known secrets (netrc passwords, CI variables marked masked, Authorization values)
 *   registered with `addSecret` are replaced wherever they appear.
 */
export const MASK = 'xxxxx';

/**
 * `scheme://userinfo@`: the run after `//` stops where an authority cannot go on in text (a
 * blank, `/`, a quote go never accepts in a userinfo, `<>` and backquote); the greedy run then
 * backs off to its last `@` (go1.26.8 src/net/url/url.go parseAuthority:
 * `strings.LastIndex(authority, "@")`).
 */
const USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]{0,31}:\/\/)([^\s/"`<>]{0,512})@/g;

/**
 * `user:password@host` with no scheme, at the start of a value. The user has no `:` or `@`
 * (go cuts the userinfo at its first `:`); the password runs to the last `@` before a blank or
 * `/`. A container image pinned by digest (`golang:1.22@sha256:…`) is not a userinfo.
 * Runs are bounded so that a long hostile value costs linear time.
 */
const BARE_USERINFO = /(^|[\s=,|"'(\[{;<>`])([A-Za-z0-9._~!$&'()*+;=%-]{1,256}):([^\s/"`<>]{0,256})@(?!sha(?:256|384|512):)(?=[A-Za-z0-9[])/g;

/**
 * Tokens recognisable by their shape, masked even when nobody registered them: GitHub
 * (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_) and GitLab (glpat-, gldt-, glptt-, glrt-,
 * glcbt-, gloas-) tokens, and the credentials of Authorization/Proxy-Authorization headers.
 */
const KNOWN_TOKENS = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|ptt|rt|cbt|oas)-[A-Za-z0-9_-]{20,})/g;
const AUTH_HEADER = /\b((?:proxy-)?authorization\s*[:=]\s*["']?(?:(?:basic|bearer|token|digest|negotiate|ntlm)\s+)?)([^\s"',;]+)/gi;


export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value; values shorter than 4 characters are ignored (too common). */
  addSecret(secret: string | undefined | null): void {
    if (secret && secret.length >= 4 && secret !== MASK) this.secrets.add(secret);
  }

  /** Registers the userinfo of every URL found in `text` as secrets. */
  learnFromText(text: string | undefined): void {
    if (!text) return;
    for (const m of text.matchAll(USERINFO)) this.addUserinfo(m[2]);
    for (const m of text.matchAll(BARE_USERINFO)) {
      this.addSecret(m[3]);
      this.addSecret(safeDecode(m[3]));
    }
  }

  /**
   * Registers the credentials of a variable's value the way go reads that variable: a GOPROXY
   * entry or an HTTPS_PROXY written without a scheme still carries a userinfo.
   */
  learnFromVariable(name: string, value: string | undefined): void {
    if (!value) return;
    this.learnFromText(value);
    for (const c of credentialsOfVariable(name, value)) this.addSecret(c);
    if (isSecretName(name) && value.trim().length >= 8 && !value.trim().startsWith('$')) this.addSecret(value.trim());
  }

  /**
   * Registers what a file shows of credentials: URL userinfo and the values of secret-named
   * variables (`NPM_TOKEN=…`, `CI_DEPLOY_PASSWORD: …`, netrc `password …`), so that they are
   * masked wherever else they appear.
   */
  learnFromFileText(text: string | undefined): void {
    if (!text) return;
    this.learnFromText(text);
    for (const f of findSecretValues(text)) {
      const v = text.slice(f.start, f.end);
      if (v.length >= 8) this.addSecret(v);
    }
  }

  private addUserinfo(info: string): void {
    const secret = secretOfUserinfo(info);
    this.addSecret(secret);
    this.addSecret(safeDecode(secret));
  }

  /**
   * Registers the values of variables named like credentials (`CI_JOB_TOKEN`, `NPM_TOKEN`,
   * `GITLAB_PASSWORD`, ...) as secrets, as CI systems mask them, and the userinfo of every URL.
   */
  learnFromEnv(env: Record<string, string | undefined>): void {
    // Short values ("true") are not secrets; no variable of go's own has a secret name.
    for (const [k, v] of Object.entries(env)) this.learnFromVariable(k, v);
  }

  /**
   * Registers the passwords (and `account` values) of a .netrc file, tokenized as go reads it
   * (whitespace-separated name/value pairs; go@1.19.8 src/cmd/go/internal/auth/netrc.go).
   */
  learnFromNetrc(text: string | undefined): void {
    if (!text) return;
    const f = text.split(/\s+/).filter(Boolean);
    for (let i = 0; i < f.length - 1; i++) {
      if (f[i] === 'password' || f[i] === 'account') this.addSecret(f[i + 1]);
    }
  }

  redact(text: string): string {
    let out = text;
    if (out.includes('://')) {
      out = out.replace(USERINFO, (_all, scheme: string, info: string) => {
        const colon = info.indexOf(':');
        if (colon < 0) return `${scheme}${MASK}@`;
        return `${scheme}${info.slice(0, colon)}:${MASK}@`;
      });
    }
    if (out.includes('@')) out = out.replace(BARE_USERINFO, (all, lead: string, user: string, pass: string) => (pass === MASK ? all : `${lead}${user}:${MASK}@`));
    out = maskSecretValues(out, MASK);
    out = out.replace(KNOWN_TOKENS, MASK).replace(AUTH_HEADER, (_all, head: string, value: string) => (value === MASK ? `${head}${value}` : `${head}${MASK}`));
    if (this.secrets.size > 0) {
      // Longest first, so a secret that contains another is replaced whole.
      for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
        if (out.includes(s)) out = out.split(s).join(MASK);
      }
    }
    return out;
  }

  /** Deep copy of `value` with every string redacted. */
  redactDeep<T>(value: T): T {
    return mapStrings(value, (s) => this.redact(s));
  }
}

