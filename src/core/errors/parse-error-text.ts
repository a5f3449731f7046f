import { CATALOGUE, type CatalogueEntry } from './catalogue';

/** Structured facts read from one go failure. */
export interface ErrorFacts {
  /** Catalogue kind, or 'unknown' for a go failure line no entry explains. */
  kind: string;
  /** The failure as go printed it (one logical line, continuation lines joined with \n). */
  text: string;
  /** 1-based line of the failure in the input. */
  line: number;
  operation?: string;
  module?: string;
  version?: string;
  url?: string;
  host?: string;
  /** The HTTP proxy's host, when the failure is about reaching it. */
  proxyHost?: string;
  status?: number;
  errno?: string;
  /** "1.20+" when the text carries a wording only Go 1.20 and later print. */
  goVersionHint?: string;
}

export interface ExplainedError {
  facts: ErrorFacts;
  entry: CatalogueEntry | null;
}

// ANSI colour/cursor sequences, CI timestamps and GitLab section markers.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;
const CI_PREFIX = /^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?|\[\d\d:\d\d:\d\d\] ?|section_(?:start|end):\d+:\S+\r?)/;
const ERRNO: Array<[RegExp, string]> = [
  [/connection refused/, 'ECONNREFUSED'],
  [/connection reset by peer/, 'ECONNRESET'],
  [/network is unreachable/, 'ENETUNREACH'],
  [/no route to host/, 'EHOSTUNREACH'],
  [/i\/o timeout|connection timed out|handshake timeout/, 'ETIMEDOUT'],
  [/no such host/, 'ENOTFOUND'],
  [/server misbehaving|Temporary failure in name resolution/, 'EAI_AGAIN'],
];

/** A line that starts a go failure (continuation lines are indented with a tab). */
const START = /(?:^|\s)(?:go(?: get| mod download| mod tidy| list| build| install| mod verify)?: |verifying \S+@\S+|gopls[:\s]|\S+@\S+: )|x509: |SECURITY ERROR|dial tcp|proxyconnect|GOPROXY|GOSUMDB|GOFLAGS|GO111MODULE|GOTOOLCHAIN|missing go\.sum entry|unrecognized import path|malformed module path|no required module provides|missing ziphash/;
/** go's progress lines, not failures (Go 1.21+ announces a toolchain switch before it runs it). */
const PROGRESS = /(?:^|\s)go: (?:downloading|finding|extracting|found|added|upgraded|downgraded|removed|to add) |; switching to go\d\S*$/;

export function cleanLog(input: string): string[] {
  return input
    .replace(ANSI, '')
    .split(/\r?\n|\r/)
    .map((l) => l.replace(CI_PREFIX, '').replace(/\s+$/, ''));
}

/**
 * Splits a log into logical go failures: a failure line plus its continuation lines
 * (go indents `server response:` details and SECURITY ERROR explanations with a tab or
 * follows them with free text until a blank line).
 */
export function splitFailures(input: string): Array<{ text: string; line: number }> {
  const lines = cleanLog(input);
  const out: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!START.test(l) || PROGRESS.test(l)) continue;
    const parts = [l.trim()];
    let j = i + 1;
    while (j < lines.length && /^\t|^ {2,}\S|^SECURITY ERROR|^This download|^go\.sum database|^For more information/.test(lines[j]) && parts.length < 40) {
      parts.push(lines[j].trim());
      j++;
    }
    // A SECURITY ERROR block follows the checksum line after a blank line.
    if (j + 1 < lines.length && lines[j] === '' && /^SECURITY ERROR/.test(lines[j + 1])) {
      j++;
      while (j < lines.length && lines[j] !== '' && parts.length < 60) parts.push(lines[j++].trim());
    }
    out.push({ text: parts.join('\n'), line: i + 1 });
    i = j - 1;
  }
  return out;
}

export function extractFacts(text: string, line: number, kind: string): ErrorFacts {
  const f: ErrorFacts = { kind, text, line };
  // Facts come from go's own words; the server's detail only when go's words lack them.
  const head = text.split(/\n?\tserver response:|\sserver response:/)[0];
  const mv = /(?:^|\s|go: |verifying )((?:[A-Za-z0-9._~-]+)(?:\/[A-Za-z0-9._~+!-]+)*)@(v[0-9][^\s:]*|latest|upgrade|patch|none|master|main|[0-9a-f]{7,40})\b/.exec(text);
  if (mv) {
    f.module = mv[1];
    f.version = mv[2];
  } else {
    const spaced = /^(\S+\.\S+) (v\d\S*): /m.exec(text);
    const m2 = /module ((?:[A-Za-z0-9._~-]+)(?:\/[A-Za-z0-9._~+!-]+)+)/.exec(text);
    if (spaced) {
      f.module = spaced[1];
      f.version = spaced[2];
    } else if (m2) f.module = m2[1];
  }
  const url = /Get "([^"]+)"/.exec(head) ?? /reading (\S+?):? (?=\d{3} )/.exec(head) ?? /reading (\S+):/.exec(head) ?? /proxy "([^"]+)"/.exec(head) ?? /(https?:\/\/[^\s"']+)/.exec(head);
  if (url) {
    f.url = url[1];
    try {
      f.host = new URL(url[1]).hostname;
    } catch {
      // a relative URL (redirect loops print the path only)
    }
  }
  const lookup = /lookup ([^\s:]+)/.exec(head);
  if (lookup) {
    // Behind `proxyconnect tcp:` the name that failed is the HTTP proxy's, not the target's.
    if (/proxyconnect tcp: [^\n]*lookup/.test(head)) f.proxyHost = lookup[1];
    else f.host = lookup[1];
  }
  const status = /: (\d{3}) [A-Z][A-Za-z ]+/.exec(head);
  if (status) f.status = Number(status[1]);
  for (const [re, code] of ERRNO) {
    if (re.test(text)) {
      f.errno = code;
      break;
    }
  }
  const op = /\b(Get|Head|Post) "/.exec(text) ?? /\b(dial tcp|proxyconnect tcp|lookup|reading|verifying)\b/.exec(text);
  if (op) f.operation = op[1];
  if (/tls: failed to verify certificate: /.test(text)) f.goVersionHint = '1.20+';
  return f;
}

/** Explains one failure text (the first catalogue entry whose pattern matches wins). */
export function explainFailure(text: string, line = 1): ExplainedError {
  // The server's own detail (`server response: ...`) may quote other failures (a 410 whose
  // body says "no such host"): judge go's own words first, the whole text second.
  const head = text.split(/\n?\tserver response:|\sserver response:/)[0];
  const entry = CATALOGUE.find((e) => e.pattern.test(head)) ?? CATALOGUE.find((e) => e.pattern.test(text)) ?? null;
  return { facts: extractFacts(text, line, entry?.kind ?? 'unknown'), entry };
}

/**
 * Every distinct go failure in `input` (a single message or a whole CI log), explained,
 * de-duplicated by kind, module, version and host.
 */
export function explainLog(input: string): ExplainedError[] {
  const seen = new Set<string>();
  const out: ExplainedError[] = [];
  const failures = splitFailures(input);
  // A pasted message without a recognisable start is still worth explaining whole.
  // Progress alone (a toolchain switch announced, modules downloading) is no failure.
  const lines = cleanLog(input);
  if (failures.length === 0 && input.trim() && !lines.every((l) => !l.trim() || PROGRESS.test(l))) failures.push({ text: lines.join('\n').trim(), line: 1 });
  for (const f of failures) {
    const e = explainFailure(f.text, f.line);
    if (!e.entry && !/go: |verifying |x509|dial tcp/.test(f.text)) continue;
    // One cause per host (thirty modules failing on one DNS name are one problem).
    const key = [e.facts.kind, e.facts.host ?? `${e.facts.module}@${e.facts.version}`, e.facts.status].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
