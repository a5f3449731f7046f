// Generates src/core/parse/goflags-<release>.ts from a real go binary and its sources:
//   node scripts/goflags-table.mjs <path/to/go> > src/core/parse/goflags-go126.ts
//
// Candidate flag names are every first string argument of a flag definition in
// $GOROOT/src/cmd/go (Bool, String, Var, Func, ...), the same names with the "test." prefix
// (go test registers its test-binary flags twice, cmd/go/internal/test/testflag.go), and
// `go tool vet -flags`. Then the binary decides, through GOFLAGS alone
// (cmd/go/internal/base/goflags.go):
// - known: `go list -h` does not say "unknown flag -<name>" (hasFlag(Go, name));
// - per command: `-<name>` answers "flag needs an argument" for value flags; `-<name>=notabool`
//   answers "invalid boolean value" for boolean ones (the text after the last ": " is kept,
//   as it differs between flags and releases). Flags a command does not define, and boolean
//   flags that take any value (go get -u), are left out: go says nothing about either.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const go = process.argv[2];
if (!go) {
  console.error('usage: node scripts/goflags-table.mjs <go binary>');
  process.exit(2);
}
const home = mkdtempSync(path.join(tmpdir(), 'gpd-goflags-'));
const baseEnv = { PATH: `${path.dirname(go)}:/usr/bin:/bin`, HOME: home, GOPATH: path.join(home, 'gp'), GOCACHE: path.join(home, 'c'), GOENV: 'off', GOTOOLCHAIN: 'local', GOPROXY: 'off' };
const run = (args, goflags) => {
  const r = spawnSync(go, args, { cwd: home, env: { ...baseEnv, GOFLAGS: goflags }, encoding: 'utf8', timeout: 30000 });
  return (r.stdout ?? '') + (r.stderr ?? '');
};
const release = execFileSync(go, ['env', 'GOVERSION'], { env: { ...baseEnv, GOFLAGS: '' }, encoding: 'utf8' }).trim();
const goroot = execFileSync(go, ['env', 'GOROOT'], { env: { ...baseEnv, GOFLAGS: '' }, encoding: 'utf8' }).trim();

function goFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (e === 'testdata') continue;
    if (statSync(p).isDirectory()) out.push(...goFiles(p));
    else if (e.endsWith('.go') && !e.endsWith('_test.go')) out.push(p);
  }
  return out;
}
const defRe = /\b(?:Bool|String|Int|Int64|Uint|Uint64|Float64|Duration|Func|BoolFunc|TextVar|Var|BoolVar|StringVar|IntVar|Int64Var|UintVar|Uint64Var|Float64Var|DurationVar)\((?:[^()"]|\([^()]*\))*?"([A-Za-z0-9][A-Za-z0-9._-]*)"/g;
const candidates = new Set();
for (const f of goFiles(path.join(goroot, 'src', 'cmd', 'go'))) {
  for (const m of readFileSync(f, 'utf8').matchAll(defRe)) candidates.add(m[1]);
}
try {
  const vet = JSON.parse(execFileSync(go, ['tool', 'vet', '-flags'], { env: { ...baseEnv, GOFLAGS: '' }, encoding: 'utf8' }));
  for (const f of vet) candidates.add(f.Name);
} catch {
  // no vet tool: its flags are then unknown to this go as well
}
for (const c of [...candidates]) if (!c.startsWith('test.')) candidates.add(`test.${c}`);

const known = [...candidates].filter((n) => !run(['list', '-h'], `-${n}=x`).includes(`unknown flag -${n}`)).sort();

const COMMANDS = ['build', 'install', 'get', 'list', 'test', 'run', 'vet', 'mod download', 'mod tidy', 'mod graph', 'mod verify', 'mod why', 'mod vendor', 'mod edit', 'mod init', 'work sync', 'generate', 'fmt', 'clean', 'doc', 'fix', 'version', 'tool', 'env', 'bug', 'work init', 'work use', 'work edit'];
const commands = {};
const boolErrors = {};
for (const cmd of COMMANDS) {
  const args = [...cmd.split(' '), '-h'];
  const defined = {};
  // Boolean flags: each run reports the first one, which is then left out.
  let rest = [...known];
  for (;;) {
    const out = run(args, rest.map((n) => `-${n}=notabool`).join(' '));
    let m = /go: invalid (boolean )?value "notabool" for flag -(\S+) \(from \$GOFLAGS\): (.*)/.exec(out);
    // A flag whose Set stops go itself (go mod edit -dropexclude=x: "need path@version").
    const own = /-([A-Za-z0-9][A-Za-z0-9._-]*)=notabool/.exec(out);
    if (!m && own && known.includes(own[1])) m = [out, undefined, own[1], ''];
    if (!m) {
      if (!/^usage: |^Usage of /m.test(out)) throw new Error(`go ${cmd}: unexpected answer: ${out.slice(0, 300)}`);
      break;
    }
    const name = m[2].replace(/^-/, '');
    if (m[1]) {
      defined[name] = 'bool';
      if (m[3] !== 'parse error') boolErrors[`${cmd}:${name}`] = m[3].split('notabool').join('{value}');
    }
    rest = rest.filter((n) => n !== name);
  }
  // Value flags: `-name` alone needs an argument.
  rest = known.filter((n) => defined[n] !== 'bool');
  for (;;) {
    const out = run(args, rest.map((n) => `-${n}`).join(' '));
    const m = /go: flag needs an argument: -(\S+) \(from \$GOFLAGS\)/.exec(out);
    if (!m) {
      if (!/^usage: |^Usage of /m.test(out)) throw new Error(`go ${cmd}: unexpected answer: ${out.slice(0, 300)}`);
      break;
    }
    defined[m[1]] = 'value';
    rest = rest.filter((n) => n !== m[1]);
  }
  commands[cmd] = Object.fromEntries(Object.entries(defined).sort(([a], [b]) => (a < b ? -1 : 1)));
}
rmSync(home, { recursive: true, force: true });

const id = release.replace(/^go(\d+)\.(\d+).*$/, 'GO$1$2');
process.stdout.write(`/**
 * GOFLAGS as ${release} knows them. Generated by scripts/goflags-table.mjs from the real
 * ${release} binary (do not edit): \`known\` is every name some command defines (hasFlag(Go, name),
 * cmd/go/internal/base/goflags.go InitGOFLAGS); per command, \`bool\` flags answer
 * "invalid boolean value" and \`value\` flags "flag needs an argument" (SetFromGOFLAGS).
 * \`boolErrors\` holds the reason go gives for a bad boolean when it is not "parse error"
 * ("{value}" stands for the value). test/go/accept-diff.test.ts re-checks it against the binary.
 */
import type { GoflagsTable } from './goflags-table';

export const GOFLAGS_${id}: GoflagsTable = {
  go: ${JSON.stringify(release)},
  known: ${JSON.stringify(known)},
  commands: {
${Object.entries(commands).map(([c, d]) => `    ${JSON.stringify(c)}: ${JSON.stringify(d)},`).join('\n')}
  },
  boolErrors: ${JSON.stringify(boolErrors)},
};
`);
