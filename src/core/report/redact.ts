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

  redact(text: string): string {
    let out = text.replace(USERINFO, (_all, scheme: string, info: string) => {
      const colon = info.indexOf(':');
      if (colon < 0) return `${scheme}${MASK}@`;
      return `${scheme}${info.slice(0, colon)}:${MASK}@`;
    });
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
