import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { deleteLine, unsetCommand } from './env-shadowed';

/**
 * The Go environment could not be read from go itself, or go cannot start or keep settings.
 * Mirrors go@1.19.8 src/cmd/go/main.go:145-152 (GOROOT must be a directory),
 * src/cmd/go/internal/cfg/cfg.go:216-231 (EnvFile) with src/os/file.go UserConfigDir,
 * src/cmd/go/internal/envcmd/env.go updateEnvFile ("cannot find go env config") and
 * src/cmd/go/internal/modfetch/cache.go:763 (no module cache without GOPATH/GOMODCACHE).
 */
export const goEnvUnavailable: Check = {
  id: 'GPD142',
  slug: 'go-env-unavailable',
  layer: 'environment',
  title: 'Go environment readable from go',
  needs: {},
  timeoutMs: 5000,
  doc: `Detects what keeps the doctor (and often go itself) from reading the Go environment:

- **no \`go\` binary** on PATH: the picture is computed from the go/env file, \`$GOROOT/go.env\`
  and Go's defaults instead of \`go env -json\`;
- **\`go env -json\` fails or hangs**: go prints the reason (e.g.
  \`go: unknown environment setting GO111MODULE=bogus\`, \`go: unsupported GOOS/GOARCH pair bogus/amd64\`)
  and every module command fails the same way;
- **bad GOROOT**: go refuses to start with \`go: cannot find GOROOT directory: <dir>\` when GOROOT
  (OS or go/env file) is not a directory (\`go@1.19.8 src/cmd/go/main.go:149-152\`);
- **no go/env file**: without GOENV, HOME (and XDG_CONFIG_HOME; AppData on Windows) go reads no
  \`go env -w\` settings and \`go env -w\` fails with \`go: cannot find go env config: neither $XDG_CONFIG_HOME nor $HOME are defined\`
  (\`cfg.EnvFile\`, \`os.UserConfigDir\`). Typical of systemd units and \`env -i\`. Without HOME
  GOPATH and GOMODCACHE are empty too, and downloads fail with
  \`module cache not found: neither GOMODCACHE nor GOPATH is set\` (\`modfetch/cache.go:763\`);
- **a go/env file go cannot use**: a folder or an unreadable file, which go silently ignores
  (\`os.ReadFile\` fails; \`cfg.go\` readEnvFile drops the error), a FIFO, on which every go
  command hangs in \`open()\` (the doctor opens it without blocking and does not run go), and a
  file larger than the doctor reads (32 MiB), which go reads whole.`,
  examples: {
    triggers: { description: 'GOROOT points at a folder that does not exist', env: { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: '/tmp', GOROOT: '/nonexistent/go' } },
    passes: { description: 'go on PATH, a HOME, a real GOROOT', env: { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: '/tmp' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const env = ctx.env;
    const findings: Finding[] = [];
    const platform = env.platform;
    const add = (severity: Finding['severity'], message: string, evidence: string[], fixes: Fix[] = [], variable?: string) =>
      findings.push({ id: 'GPD142', severity, message, evidence, fixes, ...(variable ? { variable } : {}) });

    if (!env.go.path) {
      add('warning', 'No `go` binary was found on PATH. The environment shown is computed from the go/env file, $GOROOT/go.env and Go\'s defaults, not reported by go; a go installed elsewhere (IDE, CI image) may see other values.', [`PATH=${env.os.PATH ?? env.os.Path ?? ''}`]);
    } else if (env.go.error && env.envFile.unread?.go !== 'hangs') {
      const timedOut = /did not finish within/.test(env.go.error);
      if (timedOut) {
        add('warning', `\`go env -json\` did not answer in time (${env.go.error}). The environment shown is computed from files and defaults.`, [`go: ${env.go.path}`]);
      } else {
        add('error', `\`go env -json\` fails: go prints "${firstLine(env.go.error)}". Every go command run with this environment fails the same way${env.fromGo ? '' : '; the environment shown is computed from files and defaults'}.`, [`go: ${env.go.path}`, ...env.go.error.split('\n').slice(0, 5)]);
      }
    }

    const goroot = env.vars.GOROOT;
    if (goroot && goroot.value !== '' && (goroot.source === 'os' || goroot.source === 'go-env-file')) {
      const st = await ctx.host.stat(goroot.value).catch(() => null);
      if (!st || !st.isDirectory) {
        const rootLine = env.envFile.entries.filter((e) => e.key === 'GOROOT').pop();
        const fix: Fix = goroot.source === 'os'
          ? { title: 'Remove GOROOT from the OS environment: go finds its own GOROOT next to its binary', preferred: true, kind: 'command', command: unsetCommand('GOROOT', platform) }
          : env.envFile.path && rootLine
            // Not `go env -u GOROOT`: with GOROOT not a directory go stops before running any
            // command ("go: cannot find GOROOT directory", main.go), and go1.27.3 refuses
            // `go env -u GOROOT` anyway ("go: GOROOT cannot be modified", envcmd checkEnvWrite).
            ? { title: 'Delete the GOROOT line from the go/env file: go finds its own GOROOT next to its binary (go cannot run `go env -u` while GOROOT is wrong)', preferred: true, kind: 'edit', edits: [deleteLine(env.envFile.path, rootLine.line)] }
            : { title: 'Remove GOROOT from the go/env file: go finds its own GOROOT next to its binary', preferred: true, kind: 'command', command: 'go env -u GOROOT' };
        add('error', `GOROOT is ${JSON.stringify(goroot.value)} (from ${goroot.source === 'os' ? 'the OS environment' : env.envFile.path ?? 'the go/env file'}), which is not a directory: every go command stops with "go: cannot find GOROOT directory: ${goroot.value}".`, [`GOROOT=${goroot.value}`], [fix], 'GOROOT');
      }
    }

    if (!env.envFile.path && env.envFile.error !== 'GOENV=off') {
      const reason = env.envFile.error ?? 'no user configuration directory';
      const home = ctx.host.homedir;
      const fixes: Fix[] = [];
      if (home && platform !== 'windows' && platform !== 'plan9') fixes.push({ title: 'Give go a HOME (systemd: Environment=HOME=...; docker: ENV HOME=...)', preferred: true, kind: 'command', command: `export HOME=${home}` });
      add('warning', `go reads no go/env file here (${reason}): settings written with \`go env -w\` do not apply, and \`go env -w\` fails with "go: cannot find go env config: ${reason}".`, [`GOENV=${env.os.GOENV ?? ''}`, `HOME=${env.os.HOME ?? ''}`], fixes, 'GOENV');
      if (env.vars.GOMODCACHE && env.vars.GOMODCACHE.value === '') {
        add('error', 'Neither GOMODCACHE nor GOPATH is set (there is no HOME to default GOPATH to): module downloads fail with "module cache not found: neither GOMODCACHE nor GOPATH is set".', ['GOPATH=', 'GOMODCACHE='], platform === 'windows' || platform === 'plan9' ? [] : [{ title: 'Give go an absolute, writable module cache (go env -w cannot work without a go/env file)', preferred: false, kind: 'command', command: 'export GOMODCACHE=/var/cache/go-mod' }], 'GOMODCACHE');
      }
    } else if (env.envFile.error && env.envFile.path) {
      // go reads the file with os.ReadFile and ignores any error (cfg.go initEnvCache/readEnvFile, every release).
      const file = env.envFile.path;
      const evidence = [`GOENV=${file}`, env.envFile.error];
      const fromOs = Boolean(env.os.GOENV);
      const unsetGoenv: Fix[] = fromOs ? [{ title: 'Unset GOENV so go uses its default go/env file', preferred: true, kind: 'command', command: unsetCommand('GOENV', platform) }] : [];
      switch (env.envFile.unread?.go) {
        case 'hangs':
          add('error', `The go/env file ${file} is a FIFO (named pipe): go reads it with os.ReadFile, which blocks until something writes to the pipe, so every go command hangs. The doctor did not run go; the environment shown is computed from files and defaults.`, evidence, unsetGoenv, 'GOENV');
          break;
        case 'reads':
          if (env.envFile.unread.reason === 'too-large') {
            add('info', `The go/env file ${file} is too large for the doctor to read (${env.envFile.error}). go reads it whole and uses its settings${env.fromGo ? ': the values shown are go\'s own, and a value go reports that the OS environment does not hold is shown as coming from this file' : '; the values shown may miss them'}.`, evidence, [], 'GOENV');
          } else {
            add('warning', `The go/env file ${file} is not a regular file (${env.envFile.error}); go reads it as a stream, the doctor does not.`, evidence, unsetGoenv, 'GOENV');
          }
          break;
        default:
          add('warning', `The go/env file cannot be read (${env.envFile.error}); go ignores it silently, so none of its settings apply and \`go env -w\` cannot write it.`, evidence, unsetGoenv, 'GOENV');
      }
    }
    return { findings };
  },
};

function firstLine(s: string): string {
  return s.split('\n')[0];
}
