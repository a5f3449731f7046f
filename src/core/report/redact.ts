/**
 * Removes credentials before anything leaves the core.
 * - URL userinfo: `scheme://user:pass@host` → `scheme://user:xxxxx@host` (as Go's
 *   url.URL.Redacted does) and `scheme://token@host` → `scheme://xxxxx@host`, because a
 *   user-only userinfo is usually a token (GitHub's `https://TOKEN@github.com`).
 * - Known secrets (netrc passwords, CI variables marked masked, Authorization values)
 *   registered with `addSecret` are replaced wherever they appear.
 */
export const MASK = 'xxxxx';

const USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/?#@"'`<>]+)@/g;

/**
 * Tokens recognisable by their shape, masked even when nobody registered them: GitHub
 * (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_) and GitLab (glpat-, gldt-, glptt-, glrt-,
 * glcbt-, gloas-) tokens, and the credentials of Authorization/Proxy-Authorization headers.
 */
const KNOWN_TOKENS = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|ptt|rt|cbt|oas)-[A-Za-z0-9_-]{20,})/g;
const AUTH_HEADER = /\b((?:proxy-)?authorization\s*[:=]\s*["']?(?:(?:basic|bearer|token|digest|negotiate|ntlm)\s+)?)([^\s"',;]+)/gi;

/** Names of environment variables whose whole value is a credential (CI masked variables). */
const SECRET_NAME = /(?:^|_)(?:TOKEN|PASSWORD|PASSWD|PASS|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|PAT)(?:_|$)/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value; values shorter than 4 characters are ignored (too common). */
  addSecret(secret: string | undefined | null): void {
    if (secret && secret.length >= 4 && secret !== MASK) this.secrets.add(secret);
  }

  /** Registers the userinfo of every URL found in `text` as secrets. */
  learnFromText(text: string | undefined): void {
    if (!text) return;
    for (const m of text.matchAll(USERINFO)) {
      const info = m[2];
      const colon = info.indexOf(':');
      if (colon >= 0) this.addSecret(safeDecode(info.slice(colon + 1)));
      else this.addSecret(safeDecode(info));
      this.addSecret(info.slice(colon + 1));
    }
  }

  /**
   * Registers the values of variables named like credentials (`CI_JOB_TOKEN`, `NPM_TOKEN`,
   * `GITLAB_PASSWORD`, ...) as secrets, as CI systems mask them, and the userinfo of every URL.
   */
  learnFromEnv(env: Record<string, string | undefined>): void {
    for (const [k, v] of Object.entries(env)) {
      if (!v) continue;
      this.learnFromText(v);
      // Go's own variables are settings, not credentials; short values ("true") are not secrets.
      if (SECRET_NAME.test(k) && !/^GO/i.test(k) && v.trim().length >= 8) this.addSecret(v.trim());
    }
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
    let out = text.replace(USERINFO, (_all, scheme: string, info: string) => {
      const colon = info.indexOf(':');
      if (colon < 0) return `${scheme}${MASK}@`;
      return `${scheme}${info.slice(0, colon)}:${MASK}@`;
    });
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
    return walk(value, (s) => this.redact(s)) as T;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function walk(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, f);
    return out;
  }
  return value;
}
