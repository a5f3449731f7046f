import type { ScopeKind } from '../model/workspace';

/** The syntax family a value is written in. */
export type Syntax = 'yaml' | 'shell' | 'dotenv' | 'systemd' | 'json' | 'go-env' | 'dockerfile' | 'dockerfile-env' | 'make' | 'groovy';

export function syntaxOf(kind: ScopeKind, level?: string): Syntax {
  switch (kind) {
    case 'gitlab-ci': return 'yaml';
    case 'github-actions': return level === 'env' ? 'yaml' : 'shell';
    // ENV and ARG values are BuildKit words, RUN lines are shell.
    case 'dockerfile': return level === 'ENV' || level === 'ARG' ? 'dockerfile-env' : 'dockerfile';
    case 'systemd': return level === 'EnvironmentFile=' ? 'dotenv' : 'systemd';
    case 'envrc': case 'shell-rc': return 'shell';
    case 'dotenv': case 'etc-environment': return 'dotenv';
    case 'devcontainer': case 'vscode-settings': return 'json';
    case 'go-env-file': return 'go-env';
    case 'compose': return level === 'env_file' ? 'dotenv' : 'yaml';
    case 'makefile': return level === 'recipe' ? 'shell' : 'make';
    case 'jenkinsfile': return 'groovy';
    default: return 'shell';
  }
}

type Style = '"' | "'" | '';

/** The quoting of a value as written: the quote it starts and ends with, or none. */
export function styleOf(raw: string): Style {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0])) return raw[0] as Style;
  return '';
}

/**
 * `value` written in `syntax` with the given quoting style, or null when that style cannot
 * hold it (the caller then tries double quotes).
 */
export function encodeValue(value: string, syntax: Syntax, style: Style, inside?: '"' | "'"): string | null {
  if (/[\n\0]/.test(value)) return null;
  switch (syntax) {
    case 'go-env':
      // go reads the rest of the line verbatim: no quoting exists.
      return value;
    case 'json':
      return JSON.stringify(value);
    case 'yaml':
      if (style === '"') return JSON.stringify(value);
      if (style === "'") return `'${value.replace(/'/g, "''")}'`;
      return isPlainYamlSafe(value) ? value : null;
    case 'shell':
    case 'dockerfile':
      if (style === '"') return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
      if (style === "'") return value.includes("'") ? null : `'${value}'`;
      return /^[A-Za-z0-9_@%+=:,./~^-]*$/.test(value) && value !== '' ? value : null;
    case 'groovy':
      // A Groovy string: single quotes are literal, double quotes interpolate `$`.
      if (style === "'") return `'${value.replace(/[\\']/g, '\\$&')}'`;
      if (style === '"') return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
      return null;
    case 'make':
      // Quotes are literal in make; `$` is written `$$`, `#` would start a comment.
      if (style !== '' || /[#\\]/.test(value)) return null;
      return value.replace(/\$/g, '$$$$');
    case 'dockerfile-env':
      // A word ends only at whitespace outside quotes (BuildKit parser/line_parsers.go
      // parseWords); the value is then unquoted by shell/lex.go, where a backslash in double
      // quotes escapes only `"`, `$` and itself, and `$` starts a variable everywhere.
      if (style === '"') return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
      if (style === "'") return value.includes("'") ? null : `'${value}'`;
      return /^[^\s"'\\$`]+$/.test(value) ? value : null;
    case 'dotenv':
      if (style === '"') return `"${value.replace(/[\\"]/g, '\\$&')}"`;
      if (style === "'") return value.includes("'") ? null : `'${value}'`;
      return /^[^\s#'"\\]+$/.test(value) ? value : value === '' ? '' : null;
    case 'systemd': {
      // `%` starts a specifier in unit files (systemd.unit(5)); `%%` is a literal `%`.
      const v = value.replace(/%/g, '%%');
      // Inside a word quoted as a whole (`"GOPROXY=…"`): escape, add no quotes.
      if (inside === '"') return v.replace(/[\\"]/g, '\\$&');
      if (inside === "'") return /['\\]/.test(v) ? null : v;
      if (style === '"') return `"${v.replace(/[\\"]/g, '\\$&')}"`;
      if (style === "'") return v.includes("'") ? null : `'${v}'`;
      return /^[^\s"'\\]*$/.test(v) ? v : `"${v.replace(/[\\"]/g, '\\$&')}"`;
    }
  }
}

/** A plain YAML scalar that reads back as the same string in block and flow context. */
function isPlainYamlSafe(v: string): boolean {
  if (v === '' || v !== v.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v)) return false;
  // Commas and brackets are fine in block context; a flow mapping is caught by re-reading.
  if (/: |:$| #|\t/.test(v)) return false;
  if (/^(true|false|null|~|yes|no|on|off|y|n)$/i.test(v)) return false;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v) || /^0[xo]/i.test(v)) return false;
  return true;
}
