import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIO } from '../io';
import { EXIT, goOptionHelp, UsageError, goBinaryOption, parseTimeout, useColor } from '../args';
import { nodeHost } from '../../core/host/node-host';
import { gatherEnvironment } from '../../core/env/gather';
import { changedVariables } from '../../core/env/changed';
import { reportEnvironment, type ReportEnvValue } from '../../core/env/report-environment';
import { learnWorkspaceSecrets, redactorFor } from '../../core/diagnose';
import { escapeForTerminal, escapeJsonText } from '../../core/report/terminal-escape';
import { parseGoproxy } from '../../core/parse/goproxy-list';
import type { GoEnvironment, ValueSource } from '../../core/model/environment';
import { SCHEMA_VERSION } from '../../core/report/report';
import { parseGoVersion, versionAtLeast } from '../../core/env/go-version';

export const EXPLAIN_HELP = `usage: go-proxy-doctor explain [DIR] [options]

Prints the Go environment go uses in DIR (default: the current folder): every value, where it
comes from (os, go-env-file, goroot-go-env, default) and what it hides, then the GOPROXY list
entry by entry.

options:
  --format FORMAT   text|json (default text)
  --timeout MS      time limit for \`go env -json\` (default 10000)
  --offline         accepted for symmetry with diagnose: explain never uses the network (it
                    runs \`go env -json\` and reads the env files), with or without it
${goOptionHelp(20)}  --no-color        plain output (also NO_COLOR)
  -h, --help        this help
`;

/** One GOPROXY element as explain prints it. */
export interface ExplainedProxyEntry {
  /** 'ignored': written after direct/off, never read; 'invalid': go rejects the whole list here. */
  kind: 'url' | 'direct' | 'off' | 'noproxy' | 'ignored' | 'invalid';
  raw: string;
  url?: string;
  /** The separator written after the element ('' for the last one). */
  separator: ',' | '|' | '';
  fallBackOnError: boolean;
  meaning: string;
}

export interface ExplainJson {
  schemaVersion: typeof SCHEMA_VERSION;
  platform: string;
  go: { path: string | null; version: string | null; error?: string; fromGo: boolean; envFile: string | null; envFileExists: boolean; envFileError?: string; gorootEnvFile: string | null; gorootEnvFileExists: boolean };
  environment: Record<string, ReportEnvValue>;
  goproxy: ExplainedProxyEntry[];
  /** go's error for the whole GOPROXY list, when it rejects it. */
  goproxyError?: string;
  /** The variables `go env -changed` would list (Go 1.23+; absent for an older or unknown go). */
  changed?: string[];
  notes: string[];
}

export async function runExplain(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      timeout: { type: 'string' },
      // explain is offline by construction; the flag is accepted so that scripts can pass the
      // same options to diagnose and explain.
      offline: { type: 'boolean' },
      go: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return EXIT.OK;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (one of text, json)`);
  const timeoutMs = parseTimeout(values.timeout, 10000);
  const host = nodeHost({ env: io.env, cwd: io.cwd });
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const goBinary = goBinaryOption(values.go, io.cwd);
  const env = await gatherEnvironment(host, { timeoutMs, signal: io.signal, cwd: dir, goBinary: goBinary?.path });
  const redactor = redactorFor(host.env);
  learnWorkspaceSecrets(redactor, env, undefined);
  const data = redactor.redactDeep(explainData(env));
  if (format === 'json') io.stdout(escapeJsonText(JSON.stringify(data, null, 2)) + '\n');
  else io.stdout(renderExplainText(terminalSafe(data), useColor(values['no-color'], io.env, io.stdoutIsTTY)));
  return EXIT.OK;
}

/**
 * What the text format prints: control characters shown, and paths and values kept on their
 * line wherever they are quoted (the colours explain adds come after).
 */
function terminalSafe(d: ExplainJson): ExplainJson {
  const single = [d.go.path ?? '', d.go.version ?? '', d.go.envFile ?? '', d.go.gorootEnvFile ?? ''];
  for (const v of Object.values(d.environment)) single.push(v.value, ...v.shadows.map((s) => s.value));
  for (const e of d.goproxy) single.push(e.raw, e.url ?? '');
  return escapeForTerminal(d, single);
}

/** The data explain prints (before redaction). */
export function explainData(env: GoEnvironment): ExplainJson {
  const goproxy = env.vars.GOPROXY?.value ?? '';
  const gonoproxy = env.vars.GONOPROXY?.value ?? '';
  const { entries, error } = explainGoproxy(goproxy, gonoproxy, env);
  const changed = changedVariables(env);
  return {
    schemaVersion: SCHEMA_VERSION,
    platform: env.platform,
    go: {
      path: env.go.path,
      version: env.go.version,
      ...(env.go.error ? { error: env.go.error } : {}),
      fromGo: env.fromGo,
      envFile: env.envFile.path,
      envFileExists: env.envFile.exists,
      ...(env.envFile.path && env.envFile.error ? { envFileError: env.envFile.error } : {}),
      gorootEnvFile: env.gorootEnvFile.path,
      gorootEnvFileExists: env.gorootEnvFile.exists,
    },
    environment: reportEnvironment(env),
    goproxy: entries,
    ...(error ? { goproxyError: error } : {}),
    ...(changed ? { changed: [...changed] } : {}),
    notes: env.notes,
  };
}

/**
 * The GOPROXY list as go walks it (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go proxyList
 * and TryProxies): after `,` the next entry is tried only on 404/410, after `|` on any error;
 * `direct` and `off` end the list.
 */
export function explainGoproxy(value: string, gonoproxy: string, env: Pick<GoEnvironment, 'platform'> & { go?: { version: string | null } }): { entries: ExplainedProxyEntry[]; error?: string } {
  const parsed = parseGoproxy(value, gonoproxy, env.platform, env.go?.version);
  const sepAfter = (end: number): ',' | '|' | '' => {
    for (let i = end; i < value.length; i++) {
      if (value[i] === ',' || value[i] === '|') return value[i] as ',' | '|';
    }
    return '';
  };
  const out: ExplainedProxyEntry[] = [];
  const n = parsed.entries.length;
  parsed.entries.forEach((e, i) => {
    const last = i === n - 1 && !parsed.errorEntry;
    const separator = e.kind === 'noproxy' ? '' : sepAfter(e.end);
    let meaning: string;
    switch (e.kind) {
      case 'noproxy':
        meaning = `Modules matching GONOPROXY (${gonoproxy}) skip every proxy below and are fetched directly from their origin (go-get discovery, then git/hg/...); other modules go on to the next entry.`;
        break;
      case 'direct':
        meaning = 'Fetch directly from the module\'s origin (go-get discovery, then git/hg/...). This ends the list: anything written after it is ignored.';
        break;
      case 'off':
        meaning = 'Downloads are disallowed: reaching this entry fails with "module lookup disabled by GOPROXY=off". This ends the list: anything written after it is ignored.';
        break;
      default: {
        const implied = e.url !== e.raw ? ` (written "${e.raw}": go adds https://)` : '';
        const next = last
          ? 'It is the last entry: if it fails, the download fails with its error.'
          : e.fallBackOnError
            ? 'After "|": on any error (404/410, other 4xx, 5xx, TLS, DNS, refused connection, timeout) go tries the next entry.'
            : 'After ",": go tries the next entry only when this proxy answers 404 or 410 (not found); any other error (5xx, 403, TLS, DNS, timeout) stops the download with that error.';
        meaning = `Proxy ${e.url}${implied}. ${next}`;
      }
    }
    out.push({ kind: e.kind, raw: e.raw, ...(e.url ? { url: e.url } : {}), separator, fallBackOnError: e.fallBackOnError, meaning });
  });
  if (parsed.errorEntry) {
    out.push({ kind: 'invalid', raw: parsed.errorEntry.raw, separator: sepAfter(parsed.errorEntry.end), fallBackOnError: false, meaning: `go rejects the whole list here: "${parsed.error}". Every download fails, even for modules an earlier entry would serve.` });
  }
  for (const ig of parsed.ignored) {
    out.push({ kind: 'ignored', raw: ig.raw, separator: sepAfter(ig.end), fallBackOnError: false, meaning: 'Written after direct/off: go never reads (nor validates) it.' });
  }
  return { entries: out, ...(parsed.error ? { error: parsed.error } : {}) };
}

const SOURCE_COLOR: Record<ValueSource, string> = { os: '36', 'go-env-file': '35', 'goroot-go-env': '34', default: '90' };

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export function renderExplainText(d: ExplainJson, color: boolean): string {
  const out: string[] = [];
  const go = d.go;
  out.push(paint(color, '1', 'Go environment') + ` — ${go.version ?? 'go version unknown'}${go.path ? ` (${go.path})` : ' (no go binary on PATH)'}, ${d.platform}`);
  out.push(go.fromGo ? 'Values as reported by `go env -json`; sources computed from the files below.' : `Values computed from files and defaults, not reported by go${go.error ? `: ${go.error.split('\n')[0]}` : ''}.`);
  out.push(`go/env file (go env -w):  ${go.envFile ?? '(none)'}${go.envFile ? (go.envFileError ? ` (${go.envFileError})` : go.envFileExists ? '' : ' (does not exist)') : ''}`);
  const v = parseGoVersion(go.version);
  const remarks = [
    ...(go.gorootEnvFile && !go.gorootEnvFileExists ? ['does not exist'] : []),
    ...(go.gorootEnvFile && v && !versionAtLeast(v, 1, 21) ? [`${v.raw} does not read it: only Go 1.21+ does`] : []),
  ];
  out.push(`$GOROOT/go.env:           ${go.gorootEnvFile ?? '(unknown GOROOT)'}${remarks.length ? ` (${remarks.join('; ')})` : ''}`);
  out.push('');
  const names = Object.keys(d.environment);
  const w = Math.max(...names.map((n) => n.length), 8) + 2;
  const vw = Math.min(48, Math.max(...names.map((n) => show(d.environment[n].value).length), 5) + 2);
  out.push(paint(color, '1', 'VARIABLE'.padEnd(w) + 'VALUE'.padEnd(vw) + 'SOURCE'));
  for (const n of names) {
    const v = d.environment[n];
    const val = show(v.value);
    const src = paint(color, SOURCE_COLOR[v.source], v.source) + (v.inheritedFrom ? ` (inherited from ${v.inheritedFrom})` : '');
    out.push(n.padEnd(w) + (val.length >= vw ? val + '  ' : val.padEnd(vw)) + src);
    for (const s of v.shadows) out.push(' '.repeat(w) + paint(color, '90', `hides ${s.source}: ${show(s.value)}`));
  }
  out.push('');
  out.push(paint(color, '1', `GOPROXY=${show(d.environment.GOPROXY?.value ?? '')}, entry by entry`));
  if (d.goproxy.length === 0 && !d.goproxyError) out.push('  (no entries)');
  d.goproxy.forEach((e, i) => {
    const label = e.kind === 'noproxy' ? '(implicit noproxy)' : e.kind === 'url' ? e.url! : e.raw;
    const mark = e.kind === 'ignored' ? paint(color, '90', 'ignored') : e.kind === 'invalid' ? paint(color, '31', 'invalid') : e.kind;
    out.push(`  ${i + 1}. ${label}  [${mark}]${e.separator ? `  then "${e.separator}"` : ''}`);
    out.push(`     ${e.meaning}`);
  });
  if (d.goproxyError) out.push(`  ${paint(color, '31', 'error')}: go rejects this GOPROXY: "${d.goproxyError}"`);
  if (d.notes.length) {
    out.push('', paint(color, '1', 'Notes'));
    for (const n of d.notes) out.push(`  - ${n}`);
  }
  return out.join('\n') + '\n';
}

function show(v: string): string {
  return v === '' ? '(empty)' : JSON.stringify(v).slice(1, -1);
}
