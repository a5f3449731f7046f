import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import type { TextEdit } from '../../model/location';
import type { GoOS } from '../../model/environment';
import { canGoEnvWrite } from '../../env/go-config-vars';
import { parseGoVersion, type GoVersion } from '../../env/go-version';

/**
 * An OS variable hides a `go env -w` setting. Mirrors go@1.19.8
 * src/cmd/go/internal/cfg/cfg.go Getenv (a non-empty OS value wins, an empty one falls
 * through to the go/env file) and src/cmd/go/internal/envcmd/env.go runEnvW (the warning).
 */
export const envShadowed: Check = {
  id: 'GPD141',
  slug: 'env-shadowed',
  layer: 'environment',
  title: 'OS environment hiding go env -w settings',
  needs: {},
  timeoutMs: 2000,
  doc: `Detects a Go variable set in the OS environment (shell profile, CI, systemd, IDE) that
hides a different value written with \`go env -w\` into the go/env file (\`go env GOENV\`).

go reads a configuration variable from the OS environment first and only falls back to the
go/env file when the OS value is unset **or empty** (\`cfg.Getenv\`,
\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:275-290\`). So \`go env -w GOPROXY=...\` has no
effect while \`GOPROXY\` is exported, and go says so only at write time:

    warning: go env -w GOPROXY=... does not override conflicting OS environment variable

(\`envcmd/env.go\` runEnvW; the file is updated anyway). An OS variable set to the empty
string does *not* hide the file: go treats it as unset — reported as info, because people
often set \`GOPROXY=\` expecting it to clear the value.

Fixes (none is preferred: only you know which value you meant): remove the variable from the
OS environment so the go/env value applies, or make the file agree with the OS value, or
drop the stale file entry with \`go env -u\`.`,
  examples: {
    // GOENV names the go/env file; a relative GOENV is read from the folder go runs in.
    triggers: { description: 'GOPROXY exported in the shell while go env -w wrote another value', env: { GOENV: 'user-go.env', GOPROXY: 'https://proxy.golang.org,direct' }, files: { 'user-go.env': 'GOPROXY=https://goproxy.io,direct\n' } },
    passes: { description: 'GOPROXY only in the go/env file', env: { GOENV: 'user-go.env' }, files: { 'user-go.env': 'GOPROXY=https://goproxy.io,direct\n' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const findings: Finding[] = [];
    const file = ctx.env.envFile.path ?? 'the go/env file';
    const platform = ctx.env.platform;
    // The go/env fixes follow the release: go1.27.3 refuses `go env -w/-u GOROOT` (envcmd checkEnvWrite).
    const version = parseGoVersion(ctx.env.go.version);
    const fileKeys = new Set(ctx.env.envFile.entries.map((e) => e.key));
    const writable = (name: string) => canGoEnvWrite(name, version, fileKeys);
    for (const [name, v] of Object.entries(ctx.env.vars)) {
      if (v.inheritedFrom) continue;
      const line = ctx.env.envFile.entries.filter((e) => e.key === name).pop();
      if (v.source === 'os') {
        const hidden = v.shadows.find((s) => s.source === 'go-env-file');
        if (!hidden || !line || hidden.value === v.value) continue;
        findings.push({
          id: 'GPD141',
          severity: 'warning',
          variable: name,
          message: `${name} is set in the OS environment to ${JSON.stringify(v.value)}, which hides ${JSON.stringify(hidden.value)} written with \`go env -w\` in ${file}. go uses the OS value; \`go env -w ${name}=...\` only prints "warning: go env -w ${name}=... does not override conflicting OS environment variable".`,
          location: ctx.env.envFile.path ? { file: ctx.env.envFile.path, startLine: line.line, startColumn: 1, endLine: line.line, endColumn: 1 + utf16Length(`${name}=${line.value.replace(/\r$/, '')}`) } : undefined,
          evidence: [`OS environment: ${name}=${v.value}`, `${file}:${line.line}: ${name}=${hidden.value}`],
          fixes: shadowFixes(name, v.value, platform, writable(name), ctx.env.envFile.path, line.line),
        });
      } else if (isEmptyInOs(ctx.env.os, name, platform) && v.source === 'go-env-file') {
        findings.push({
          id: 'GPD141',
          severity: 'info',
          variable: name,
          message: `${name} is set to the empty string in the OS environment. go treats an empty value as unset, so it still uses ${JSON.stringify(v.value)} from ${file}. To change what go uses, edit the file (\`go env -w\` / \`go env -u\`) or give the OS variable a non-empty value.`,
          evidence: [`OS environment: ${name}= (empty)`, `${file}:${line?.line ?? '?'}: ${name}=${v.value}`],
          fixes: [writable(name) || !ctx.env.envFile.path || !line
            ? { title: `Remove ${name} from ${file} so go uses its default`, preferred: false, kind: 'command', command: `go env -u ${name}` }
            : { title: `Delete the ${name} line from ${file} so go uses its default (this go refuses \`go env -u ${name}\`)`, preferred: false, kind: 'edit', edits: [deleteLine(ctx.env.envFile.path, line.line)] }],
        });
      }
    }
    return { findings };
  },
};

function shadowFixes(name: string, osValue: string, platform: GoOS, writable: boolean, file: string | null, line: number): Fix[] {
  const unset: Fix = { title: `Remove ${name} from the OS environment so the go env -w value applies (and from the profile or CI file that sets it)`, preferred: false, kind: 'command', command: unsetCommand(name, platform) };
  if (!writable) {
    // This go refuses `go env -w/-u NAME` ("go: NAME cannot be modified"): the line is edited instead.
    return file ? [unset, { title: `Delete the hidden ${name} line from ${file} (this go refuses \`go env -u ${name}\`)`, preferred: false, kind: 'edit', edits: [deleteLine(file, line)] }] : [unset];
  }
  return [
    unset,
    { title: `Write the OS value into the go/env file so both agree`, preferred: false, kind: 'command', command: `go env -w ${name}=${shellQuote(osValue, platform)}` },
    { title: `Delete the hidden entry from the go/env file`, preferred: false, kind: 'command', command: `go env -u ${name}` },
  ];
}

/** Deletes one whole line of the go/env file (its newline included). */
export function deleteLine(file: string, line: number): TextEdit {
  return { file, startLine: line, startColumn: 1, endLine: line + 1, endColumn: 1, newText: '' };
}

/** The shell command that removes a variable for the user. */
export function unsetCommand(name: string, platform: GoOS): string {
  if (platform === 'windows') return `[Environment]::SetEnvironmentVariable('${name}', $null, 'User'); Remove-Item Env:${name}`;
  return `unset ${name}`;
}

function shellQuote(v: string, platform: GoOS): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(v)) return v;
  if (platform === 'windows') return `"${v.replace(/"/g, '`"')}"`;
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function isEmptyInOs(env: Record<string, string | undefined>, name: string, platform: GoOS): boolean {
  if (env[name] !== undefined) return env[name] === '';
  if (platform !== 'windows') return false;
  return Object.entries(env).some(([k, v]) => k.toUpperCase() === name && v === '');
}

function utf16Length(s: string): number {
  return s.length;
}
