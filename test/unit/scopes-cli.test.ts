import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { tempTree } from './scopes-helpers';

async function run(argv: string[], cwd: string, home: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    // A complete, explicit environment: nothing of the machine's own Go setup leaks in.
    env: {
      PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'),
      GOENV: path.join(home, 'goenv'), GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
      GOCACHE: path.join(home, 'cache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
      GOPROXY: 'https://goproxy.example.com,direct', GOSUMDB: 'sum.golang.org',
    },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const FILES = {
  '.gitlab-ci.yml': '# CI\r\nvariables:\r\n  GOPROXY: "https://goproxy.example.com,DIRECT"   # mirror\r\nbuild:\r\n  script: go build\r\nlint:\r\n  variables:\r\n    GOSUMDB: sum.golang.org+insecure\r\n  script: go vet\r\n',
  'Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go mod download\n',
  '.envrc': 'export GOFLAGS=-mod=mod\n',
  'broken/.env': 'GOPROXY="unterminated\n',
};

describe('CLI: go-proxy-doctor scopes', () => {
  let t: ReturnType<typeof tempTree>;
  let home: ReturnType<typeof tempTree>;
  beforeEach(() => {
    t = tempTree(FILES);
    home = tempTree({ '.bashrc': 'export GOPROXY=https://goproxy.example.com,direct\n' });
  });
  afterEach(() => {
    t.cleanup();
    home.cleanup();
  });

  it('text: every assignment per variable with file:line, and what is in effect where', async () => {
    const r = await run(['scopes', t.dir], '/', home.dir);
    assert.match(r.out, /^GOPROXY {2}\(go uses "https:\/\/goproxy\.example\.com,direct" from os\)/m);
    assert.match(r.out, /\.gitlab-ci\.yml:3 global variables\s+"https:\/\/goproxy\.example\.com,DIRECT"\s+CI job build, CI job lint/);
    assert.match(r.out, /~\/\.bashrc:1\s+"https:\/\/goproxy\.example\.com,direct"\s+terminal, editor terminal/);
    assert.match(r.out, /CI job lint: GOPROXY="https:\/\/goproxy\.example\.com,DIRECT" \(\.gitlab-ci\.yml:3\), GOSUMDB="sum\.golang\.org\+insecure" \(\.gitlab-ci\.yml:8\)/);
    assert.match(r.out, /editor's Go tools: nothing set in files/);
    assert.match(r.out, /broken\/\.env:1:9: GOPROXY: unterminated double-quoted value/);
    assert.match(r.out, /error GPD101 \.gitlab-ci\.yml:3:41:/);
    assert.equal(r.code, 1);
  });

  it('json: variables, contexts, problems and findings', async () => {
    const r = await run(['scopes', '--format', 'json', '.'], t.dir, home.dir);
    const j = JSON.parse(r.out);
    assert.ok(j.variables.some((v: { variable: string }) => v.variable === 'GOSUMDB'));
    const lint = j.contexts.find((c: { kind: string; name: string }) => c.kind === 'gitlab-job' && c.name === 'lint');
    assert.deepEqual(lint.values.GOSUMDB, { value: 'sum.golang.org+insecure', file: path.join(t.dir, '.gitlab-ci.yml'), line: 8, column: 14 });
    assert.ok(j.findings.some((f: { id: string }) => f.id === 'GPD111'));
  });

  it('--fix prints a unified diff and writes nothing; --fix --write applies exactly that', async () => {
    const before = Object.fromEntries(Object.keys(FILES).map((f) => [f, fs.readFileSync(path.join(t.dir, f))]));
    const r = await run(['scopes', t.dir, '--fix'], '/', home.dir);
    for (const f of Object.keys(FILES)) assert.ok(fs.readFileSync(path.join(t.dir, f)).equals(before[f]), `${f} untouched`);
    const diff = r.out.slice(r.out.indexOf('--- a/'));
    assert.ok(diff.includes('--- a/.gitlab-ci.yml\n+++ b/.gitlab-ci.yml\n'), r.out);
    assert.ok(diff.includes('-  GOPROXY: "https://goproxy.example.com,DIRECT"   # mirror\r\n+  GOPROXY: "https://goproxy.example.com,direct"   # mirror\r\n'), diff);
    assert.ok(diff.includes('-    GOSUMDB: sum.golang.org+insecure\r\n+    GOSUMDB: sum.golang.org\r\n'), diff);
    assert.ok(diff.includes('+ENV GOPROXY=https://goproxy.example.com,direct\n RUN go mod download\n'), diff);

    const w = await run(['scopes', t.dir, '--fix', '--write'], '/', home.dir);
    assert.equal(w.err, '');
    assert.equal(fs.readFileSync(path.join(t.dir, '.gitlab-ci.yml'), 'utf8'), FILES['.gitlab-ci.yml'].replace('DIRECT', 'direct').replace('sum.golang.org+insecure', 'sum.golang.org'));
    assert.equal(fs.readFileSync(path.join(t.dir, 'Dockerfile'), 'utf8'), 'FROM golang:1.22 AS build\nWORKDIR /src\nENV GOPROXY=https://goproxy.example.com,direct\nRUN go mod download\n');
    // The broken file is never half-edited.
    assert.ok(fs.readFileSync(path.join(t.dir, 'broken/.env')).equals(before['broken/.env']));
    // Nothing left to fix.
    const again = await run(['scopes', t.dir, '--fix'], '/', home.dir);
    assert.match(again.out, /No edits to propose/);
  });

  it('credentials: the printed diff is redacted, the written file keeps them', async () => {
    const file = path.join(t.dir, '.gitlab-ci.yml');
    fs.writeFileSync(file, 'variables:\n  GOPROXY: https://bot:s3cr3t-t0ken@goproxy.example.com,DIRECT\n');
    const dry = await run(['scopes', t.dir, '--fix'], '/', home.dir);
    assert.ok(!dry.out.includes('s3cr3t-t0ken'), 'no secret in the output');
    assert.ok(dry.out.includes('+  GOPROXY: https://bot:xxxxx@goproxy.example.com,direct'), dry.out);
    await run(['scopes', t.dir, '--fix', '--write'], '/', home.dir);
    assert.equal(fs.readFileSync(file, 'utf8'), 'variables:\n  GOPROXY: https://bot:s3cr3t-t0ken@goproxy.example.com,direct\n');
  });

  it('--write without --fix is a usage error', async () => {
    const r = await run(['scopes', t.dir, '--write'], '/', home.dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /--write only goes with --fix/);
  });
});
