/**
 * Values of secret-named variables written in files: `CI_DEPLOY_PASSWORD: …` (YAML),
 * `NPM_TOKEN=…` (dotenv, shell), `ARG REGISTRY_TOKEN=…` and `ENV NPM_TOKEN …` (Dockerfile),
 * `RUN GITHUB_TOKEN=… go mod download`, `"NPM_TOKEN": "…"` (JSON), and .netrc
 * `password …`. A file the doctor shows (a diff's context lines, a quoted line) may hold them
 * even when the process environment does not, so they are found in the text itself.
 */

/**
 * Names whose whole value is a credential, as CI systems mask them. The words that also name
 * ordinary settings in lower case (`key:` of a GitLab cache, `pass`, `pat`) count only in
 * upper case, the way environment variables are written.
 */
const SECRET_WORD = /(?:^|_)(?:TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_?TOKEN)(?:_|$)/i;
const SECRET_WORD_UPPER = /(?:^|_)(?:KEY|PASS|PAT)(?:_|$)/;

export function isSecretName(name: string): boolean {
  // `_authToken` and `_password` of .npmrc start with `_`.
  const n = name.replace(/^_+/, '');
  if (!n) return false;
  return SECRET_WORD.test(n) || SECRET_WORD_UPPER.test(n) || /^(?:authToken|auth|password)$/i.test(n);
}

/**
 * NAME, then `=` or `:` (optionally quoted name, as JSON writes it), then the value:
 * - quoted: up to the closing quote;
 * - after `=` unquoted: one word (shell and Dockerfile stop at a blank: `TOKEN=x go build`);
 * - after `:` unquoted: the rest of the line (YAML), less a ` #` comment and a trailing `,`.
 * `ENV NAME value` (the Dockerfile's old form) and netrc's `password value` have a blank instead.
 */
const ASSIGNMENT = /(?<![A-Za-z0-9_.$-])(["']?)([A-Za-z_][A-Za-z0-9_]*)\1([ \t]*=[ \t]*|[ \t]*:[ \t]+|[ \t]*:(?=["']))("[^"\n]*"?|'[^'\n]*'?|[^\s"'][^\n]*)/g;
const ENV_LEGACY = /(\b(?:ENV|setenv|set -gx|set -x)[ \t]+)([A-Za-z_][A-Za-z0-9_]*)([ \t]+)([^\s=][^\n]*)/g;
/** A line in netrc's shape (it starts with one of netrc's words), and its password or account. */
const NETRC_LINE = /^[ \t+-]?[ \t]*(?:machine|login|default|password|account|macdef)\b[^\n]*/gm;
const NETRC = /(^|[\s+-])(password|account)([ \t]+)(\S+)/g;

export interface SecretValue {
  /** Offset of the value in the text. */
  start: number;
  end: number;
}

/** The secret values written in `text`, with their places (quotes not included). */
export function findSecretValues(text: string): SecretValue[] {
  const out: SecretValue[] = [];
  const add = (start: number, raw: string, sep: string) => {
    let v = raw;
    let s = start;
    if (v.startsWith('"') || v.startsWith("'")) {
      const q = v[0];
      s += 1;
      v = v.slice(1);
      const close = v.indexOf(q);
      if (close >= 0) v = v.slice(0, close);
    } else if (sep.includes('=') || sep.trim() === '') {
      v = v.split(/[\s;&|`)]/)[0];
    } else {
      v = v.replace(/[ \t]+#.*$/, '').replace(/,?[ \t]*$/, '');
    }
    v = v.replace(/\\$/, '');
    if (!v || v.startsWith('$') || /^(?:xxxxx|\*+)$/.test(v)) return;
    out.push({ start: s, end: s + v.length });
  };
  for (const m of text.matchAll(ASSIGNMENT)) {
    if (!isSecretName(m[2])) continue;
    add(m.index! + m[1].length * 2 + m[2].length + m[3].length, m[4], m[3]);
  }
  for (const m of text.matchAll(ENV_LEGACY)) {
    if (!isSecretName(m[2])) continue;
    add(m.index! + m[1].length + m[2].length + m[3].length, m[4], ' ');
  }
  if (/password|account/.test(text)) {
    for (const l of text.matchAll(NETRC_LINE)) {
      for (const m of l[0].matchAll(NETRC)) add(l.index! + m.index! + m[1].length + m[2].length + m[3].length, m[4], ' ');
    }
  }
  return out;
}

/** `text` with every secret value replaced by `mask`. */
export function maskSecretValues(text: string, mask: string): string {
  const found = findSecretValues(text).sort((a, b) => a.start - b.start);
  if (!found.length) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + mask;
    at = f.end;
  }
  return out + text.slice(at);
}
