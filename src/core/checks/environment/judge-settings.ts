/**
 * The 1xx rules for GO111MODULE (GPD131), GOFLAGS (GPD132) and GOTOOLCHAIN (GPD133).
 * Mirrors src/cmd/go/internal/modload/init.go and src/cmd/go/internal/base/goflags.go of
 * go@1.19.8, go@1.26.8 and go@1.27.3 (the rules of the go that will run, see ../../parse/goflags.ts)
 * and, for Go 1.21+,
 * cmd/go/internal/toolchain/select.go with cmd/go/internal/gover.
 */
import type { GoOS } from '../../model/environment';
import { modulesOffError, parseGo111module } from '../../parse/go111module';
import { goflagsErrorFor, goflagsQuoting, parseGoflags } from '../../parse/goflags';
import { goflagsTableFor } from '../../parse/goflags-table';
import { parseGoVersion } from '../../env/go-version';
import { isReleaseToolchainName, parseGotoolchain, versionFromToolchain } from '../../parse/gotoolchain';
import { parseGoproxy } from '../../parse/goproxy-list';
import { goFails, q, setFix, type JudgeFacts, type Judgement } from './judgement';
import { hostnameOf, isPublicProxyHost } from './proxy-hosts';

export function judgeGo111module(value: string, facts: JudgeFacts = {}): Judgement[] {
  const p = parseGo111module(value);
  if (p.error) {
    const lower = value.trim().toLowerCase();
    const on = ['on', 'yes', 'true', '1', 'enable', 'enabled', 'y'].includes(lower);
    const off = ['off', 'no', 'false', '0', 'disable', 'disabled', 'n'].includes(lower);
    const auto = lower === 'auto';
    return [{
      id: 'GPD131', severity: 'error',
      message: `go stops every module-aware command with "${p.error}". The only values are on, off, auto (or unset, which means on since Go 1.16).`,
      evidence: [`GO111MODULE=${q(value)}`],
      fixes: on ? [setFix('GO111MODULE', 'on', 'Set GO111MODULE=on')] : off ? [setFix('GO111MODULE', 'off', 'Set GO111MODULE=off')] : auto ? [setFix('GO111MODULE', 'auto', 'Set GO111MODULE=auto')] : [setFix('GO111MODULE', '', 'Unset GO111MODULE (module mode)', false)],
    }];
  }
  if (p.mode === 'off') {
    const v = parseGoVersion(facts.goVersion ?? null);
    const goGet = modulesOffError('get', facts.goVersion);
    const getWords = goGet === p.modulesDisabled
      ? 'so does `go get` (GOPATH-mode `go get` was removed in Go 1.22)'
      : `\`go get <module>@<version>\` stops with "${goGet}", and a plain \`go get\` ignores GOPROXY, GONOPROXY and GOSUMDB and clones repositories into $GOPATH/src`;
    const who = v ? v.raw : 'go';
    if (facts.inModule) {
      // Verified with go1.19.8, go1.26.8 and go1.27.3 in a module: go.mod is ignored entirely.
      return [{
        id: 'GPD131', severity: 'error',
        message: `GO111MODULE=off makes ${who} ignore this module's go.mod (GOPATH mode): \`go mod download\`, \`go mod tidy\` and the other module commands stop with "${p.modulesDisabled}"; ${getWords}; and builds and tests fail for every import of a required module with "cannot find package \"<path>\" in any of: ..." (GOROOT and GOPATH only).`,
        evidence: ['GO111MODULE=off', 'the folder is inside a module (go.mod found)'],
        fixes: [setFix('GO111MODULE', '', 'Unset GO111MODULE (module mode, the default since Go 1.16)')],
      }];
    }
    return [{
      id: 'GPD131', severity: 'warning',
      message: `GO111MODULE=off puts ${who} in GOPATH mode: module commands stop with "${p.modulesDisabled}"; ${getWords}.`,
      evidence: ['GO111MODULE=off'],
      fixes: [setFix('GO111MODULE', '', 'Unset GO111MODULE (module mode, the default since Go 1.16)', false)],
    }];
  }
  return [];
}

/** Levenshtein distance, small inputs only. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

const DOWNLOAD_COMMANDS = ['get', 'mod download', 'build', 'list', 'mod tidy', 'test', 'run', 'install'];

export function judgeGoflags(value: string, platform: GoOS, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  if (value.trim() === '') return out;
  const table = goflagsTableFor(goVersion);
  const p = parseGoflags(value, goVersion);
  // go1.19 splits at spaces with no quoting (go@1.19.8 base/goflags.go:33); newer releases
  // take a quote only at the start of a word (go@1.26.8 base/goflags.go:41, quoted.Split).
  const modern = goflagsQuoting(table);
  const quoted = modern ? p.words.some((w) => w.raw === w.text && /["']/.test(w.text)) : /["']/.test(value);
  const quoting = !quoted ? '' : modern
    ? ` ${table.go} takes quotes only around a whole word ('-ldflags=-s -w'): a quote inside a word is kept, and the word still ends at the next space.`
    : ` GOFLAGS has no quoting in ${table.go}: it is split at spaces, so a flag value cannot contain spaces (go@1.19.8 base/goflags.go:33).`;
  if (p.error && p.errorWord) {
    const w = p.errorWord;
    const fixes = [];
    let suggestion: string | null = null;
    if (w.name === '' && !w.raw.startsWith('-')) {
      const withDash = '-' + w.raw;
      const name = withDash.slice(1).split('=')[0];
      if (table.known.includes(name)) suggestion = withDash;
    } else if (w.name !== '') {
      const near = table.known.filter((k) => distance(k, w.name) === 1 && k.length > 2);
      if (near.length === 1) suggestion = `-${near[0]}${w.value !== undefined ? '=' + w.value : ''}`;
    }
    if (suggestion) {
      const fixed = value.slice(0, w.start) + suggestion + value.slice(w.end);
      if (!parseGoflags(fixed, goVersion).error) fixes.push(setFix('GOFLAGS', fixed.trim(), `Set GOFLAGS=${fixed.trim()}`));
    } else if (modern && quoted) {
      // -ldflags='-s -w' → '-ldflags=-s -w': the quote must open the word (quoted.Split).
      const fixed = value.replace(/(^|[ \t\n\r])(--?[A-Za-z0-9._-]+=)(['"])([^'"]*)\3(?=$|[ \t\n\r])/g, '$1$3$2$4$3');
      if (fixed !== value && !parseGoflags(fixed, goVersion).error) fixes.push(setFix('GOFLAGS', fixed.trim(), `Set GOFLAGS=${fixed.trim()}`));
    }
    out.push({
      id: 'GPD132', severity: 'error',
      message: `Every go command except \`go env\` and \`go bug\` stops with "${p.error}".${quoting}`,
      evidence: [`GOFLAGS=${q(value)}`], span: { start: w.start, end: w.end }, fixes,
    });
    return out;
  }
  const seen = new Set<string>();
  for (const cmd of DOWNLOAD_COMMANDS) {
    const e = goflagsErrorFor(value, cmd, platform, goVersion);
    if (!e || seen.has(e.error)) continue;
    seen.add(e.error);
    const cmds = DOWNLOAD_COMMANDS.filter((c) => goflagsErrorFor(value, c, platform, goVersion)?.error === e.error).map((c) => `go ${c}`);
    const isInsecure = e.word?.name === 'insecure';
    out.push({
      id: 'GPD132', severity: 'error',
      message: `${cmds.join(', ')} stop${cmds.length === 1 ? 's' : ''} with "${e.error}"${isInsecure ? '. -insecure was removed in Go 1.17: use GOINSECURE for direct fetches of specific hosts (it never affects GOPROXY)' : ''}. Commands that do not define the flag ignore it.${quoting}`,
      evidence: [`GOFLAGS=${q(value)}`], ...(e.word ? { span: { start: e.word.start, end: e.word.end } } : {}),
      fixes: e.word ? [setFix('GOFLAGS', (value.slice(0, e.word.start) + value.slice(e.word.end)).replace(/\s+/g, ' ').trim(), `Remove ${e.word.raw} from GOFLAGS`)] : [],
    });
  }
  if (quoting && !out.length) {
    out.push({ id: 'GPD132', severity: 'warning', message: `GOFLAGS=${q(value)} contains quotes, which go keeps as part of the words.${quoting}`, evidence: [`GOFLAGS=${q(value)}`], fixes: [] });
  }
  return out;
}

export function judgeGotoolchain(value: string, env: Record<string, string>, platform: GoOS, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  if (value === '') return out;
  const p = parseGotoolchain(value);
  if (p.error) {
    const fix = repairToolchain(value);
    out.push({
      id: 'GPD133', severity: 'error',
      message: `From Go 1.21 on, every go command stops with "go: ${p.error}". GOTOOLCHAIN is local, auto, path, or a toolchain name such as go1.22.3, optionally followed by +auto or +path (not "go 1.22" or "1.22").`,
      evidence: [`GOTOOLCHAIN=${q(value)}`], fixes: fix ? [setFix('GOTOOLCHAIN', fix, `Set GOTOOLCHAIN=${fix}`)] : [],
    });
    return out;
  }
  if (p.version && !isReleaseToolchainName(p.version)) {
    const fixed = value.replace(p.toolchain!, `go${p.version}.0`);
    out.push({
      id: 'GPD133', severity: 'error',
      message: `${q(p.toolchain!)} names a language version, not a toolchain release: since Go 1.21 releases are named go${p.version}.0, go${p.version}.1, ... go looks for ${p.toolchain} in PATH, then downloads golang.org/toolchain@v0.0.1-${p.toolchain}.<GOOS>-<GOARCH>, which does not exist: "go: download ${p.toolchain} for <GOOS>/<GOARCH>: toolchain not available".`,
      evidence: [`GOTOOLCHAIN=${q(value)}`], fixes: [setFix('GOTOOLCHAIN', fixed, `Set GOTOOLCHAIN=${fixed}`)],
    });
  }
  if (p.mode !== 'local' && p.mode !== 'path') {
    // A switch downloads golang.org/toolchain through GOPROXY and always verifies it with the checksum DB.
    const proxy = env.GOPROXY || 'https://proxy.golang.org,direct';
    const pp = parseGoproxy(proxy, '', platform, goVersion);
    const usable = pp.entries.some((e) => e.kind === 'direct' || (e.kind === 'url' && e.url && isPublicProxyHost(hostnameOf(e.url))));
    const problems: string[] = [];
    if (!pp.error && pp.entries[0]?.kind === 'off') problems.push('GOPROXY=off, so nothing can be downloaded ("module lookup disabled by GOPROXY=off")');
    else if (!pp.error && !usable) problems.push(`GOPROXY=${q(proxy)} has no public mirror and no "direct", so the download works only if your proxy mirrors golang.org/toolchain (otherwise "toolchain not available")`);
    if (env.GOSUMDB === 'off') problems.push('GOSUMDB=off, and toolchain downloads are always verified: "checksum database disabled by GOSUMDB=off"');
    if (problems.length) {
      out.push({
        id: 'GPD133', severity: 'warning',
        message: `GOTOOLCHAIN=${value} lets go (1.21+) switch toolchains by downloading the module golang.org/toolchain through GOPROXY, but ${problems.join('; and ')}. Use GOTOOLCHAIN=local to stay on the installed go.`,
        evidence: [`GOTOOLCHAIN=${q(value)}`, `GOPROXY=${q(proxy)}`, ...(env.GOSUMDB ? [`GOSUMDB=${q(env.GOSUMDB)}`] : [])],
        fixes: [setFix('GOTOOLCHAIN', 'local', 'Never switch toolchains: GOTOOLCHAIN=local', false)],
      });
    }
  }
  return out;
}

function repairToolchain(value: string): string | null {
  const m = /^(?:go)?\s*v?(\d+\.\d+(?:\.\d+)?)(\+auto|\+path)?$/i.exec(value.trim());
  if (m) {
    let v = m[1];
    if (!isReleaseToolchainName(v)) v += '.0';
    const fixed = `go${v}${(m[2] ?? '').toLowerCase()}`;
    return versionFromToolchain(`go${v}`) ? fixed : null;
  }
  const lower = value.trim().toLowerCase();
  if (['local', 'auto', 'path'].includes(lower)) return lower;
  if (/^local\+(auto|path)$/.test(lower)) return lower;
  return null;
}

