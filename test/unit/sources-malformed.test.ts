import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScopeChecks, tempTree } from './scopes-helpers';
import { SourceText } from '../../src/core/sources/source-text';
import { parseGitlabCi } from '../../src/core/sources/gitlab-ci';
import { parseAssignments } from '../../src/core/sources/parse-file';
import { parseGoMod } from '../../src/core/sources/go-mod';

const BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
variables:
  GOPROXY: https://m.example
`;

describe('sources: malformed input gives a clear problem with file and position, never a crash', () => {
  it('broken YAML: the error line and column; nothing read from that document', () => {
    const src = new SourceText('/w/.gitlab-ci.yml', 'variables:\n  GOPROXY: [https://x\nbuild:\n  script: go build\n');
    const g = parseGitlabCi(src);
    assert.equal(g.assignments.length, 0);
    assert.ok(g.problems.length >= 1);
    assert.equal(g.problems[0].file, '/w/.gitlab-ci.yml');
    assert.match(g.problems[0].message, /YAML syntax error/);
    assert.ok(g.problems[0].location!.startLine >= 2, JSON.stringify(g.problems[0]));
  });

  it('a YAML alias bomb is stopped by the alias limit', () => {
    const t0 = Date.now();
    const g = parseGitlabCi(new SourceText('/w/.gitlab-ci.yml', BOMB));
    assert.ok(Date.now() - t0 < 2000, 'bounded time');
    assert.equal(g.assignments.length, 0);
    assert.match(g.problems[0].message, /alias/);
    assert.equal(g.problems[0].location!.startLine, 1);
  });

  it('absurd nesting (YAML and JSON) is a problem at a position, not a stack overflow', () => {
    const y = parseGitlabCi(new SourceText('/w/.gitlab-ci.yml', 'a: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n'));
    assert.match(y.problems[0].message, /nesting too deep|syntax error/);
    assert.equal(y.problems[0].location!.startLine, 1);
    const j = parseAssignments(new SourceText('/w/devcontainer.json', '{"containerEnv": ' + '['.repeat(100000)), { kind: 'devcontainer' });
    assert.match(j.problems[0].message, /nesting too deep/);
  });

  it('a multi-document file keeps the good documents and reports the bad one', () => {
    const g = parseGitlabCi(new SourceText('/w/.gitlab-ci.yml', 'variables:\n  GOPROXY: https://a.example\n---\nvariables: [\n'));
    assert.deepEqual(g.assignments.map((a) => a.value), ['https://a.example']);
    assert.equal(g.problems[0].location!.startLine >= 4, true);
  });

  const UNTERMINATED: Array<[string, string, string, number, number]> = [
    ['envrc', '.envrc', 'export GOFLAGS=-mod=mod\nexport GOPROXY="https://x.example\n', 2, 16],
    ['dotenv', '.env', "GOPROXY='https://x.example\n", 1, 9],
    ['dockerfile', 'Dockerfile', 'FROM golang\nENV GOPROXY="https://x.example\n', 2, 13],
    ['systemd', 'a.service', '[Service]\nEnvironment="GOPROXY=https://x.example\n', 2, 13],
    ['devcontainer', 'devcontainer.json', '{ "containerEnv": { "GOPROXY": "https://x.example }\n}\n', 1, 32],
    ['vscode-settings', 'settings.json', '{ "go.toolsEnvVars": { "GOPROXY": "x" \n', 2, 1],
  ];
  for (const [kind, name, text, line, col] of UNTERMINATED) {
    it(`${kind}: an unterminated quote or object is reported at ${line}:${col}`, () => {
      const r = parseAssignments(new SourceText(`/w/${name}`, text), { kind: kind as 'envrc' });
      assert.ok(r.problems.length >= 1, 'a problem');
      const p = r.problems[0];
      assert.equal(p.file, `/w/${name}`);
      assert.deepEqual([p.location!.startLine, p.location!.startColumn], [line, col], p.message);
      assert.ok(!r.assignments.some((a) => a.variable === 'GOPROXY'), 'the broken value is not used');
    });
  }

  it('go.mod: an unterminated string is reported as go does', () => {
    const m = parseGoMod(new SourceText('/w/go.mod', 'module "example.com/x\n'));
    assert.equal(m.errors[0].message, 'unexpected newline in string');
    assert.equal(m.errors[0].location.startLine, 1);
  });

  it('binary junk, invalid UTF-8 and a 50 MB file: problems naming the file; the scope checks still finish', async function () {
    this.timeout(60000);
    const junk = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x0a, 0x45, 0x4e, 0x56, 0x00, 0xff, 0xfe, 0x01]);
    const latin1 = Buffer.from('GOPROXY=https://caf\xe9.example\n', 'latin1');
    const t = tempTree({ Dockerfile: junk, '.env': latin1, '.gitlab-ci.yml': BOMB, 'ok/.envrc': 'export GOPROXY=https://goproxy.example.com,DIRECT\n' });
    const big = path.join(t.dir, 'deploy', 'huge.service');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    const line = Buffer.from('Environment=GOFLAGS=-mod=mod\n');
    const chunk = Buffer.alloc(1024 * 1024, 0);
    for (let i = 0; i < chunk.length; i += line.length) line.copy(chunk, i, 0, Math.min(line.length, chunk.length - i));
    const fd = fs.openSync(big, 'w');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    try {
      const { results, ws } = await runScopeChecks(t.dir);
      const problem = (f: string) => ws.problems.find((p) => p.file === path.join(t.dir, f));
      assert.match(problem('Dockerfile')!.message, /binary/);
      assert.deepEqual([problem('Dockerfile')!.location!.startLine, problem('Dockerfile')!.location!.startColumn], [2, 4]);
      assert.match(problem('.env')!.message, /UTF-8/);
      assert.equal(problem('.env')!.location!.startLine, 1);
      assert.match(problem('deploy/huge.service')!.message, /50 MiB.*not read/);
      assert.match(problem('.gitlab-ci.yml')!.message, /alias/);
      assert.ok(results.every((r) => r.status !== 'crashed'), results.map((r) => `${r.id}:${r.status}:${r.reason ?? ''}`).join(' '));
      // The problems surface as findings of the check for that kind of file.
      const byId = (id: string) => results.find((r) => r.id === id)!.findings;
      assert.ok(byId('GPD204').some((f) => /binary/.test(f.message) && f.location?.file === path.join(t.dir, 'Dockerfile')));
      assert.ok(byId('GPD205').some((f) => /huge\.service/.test(f.message) && f.severity === 'error'));
      assert.ok(byId('GPD202').some((f) => /alias/.test(f.message)));
      // The good file next to them is still judged.
      assert.ok(byId('GPD206').some((f) => f.id === 'GPD101'));
    } finally {
      t.cleanup();
    }
  });

  it('a missing include: local: file is reported at the include line', async () => {
    const t = tempTree({ '.gitlab-ci.yml': 'include:\n  - local: /ci/missing.yml\nvariables:\n  GOPROXY: https://m.example\n' });
    try {
      const { ws, results } = await runScopeChecks(t.dir);
      const p = ws.problems.find((x) => /missing\.yml/.test(x.message))!;
      assert.equal(p.location!.startLine, 2);
      assert.ok(results.find((r) => r.id === 'GPD202')!.findings.some((f) => /missing\.yml/.test(f.message)));
    } finally {
      t.cleanup();
    }
  });

  it('bounded discovery: node_modules, .git and vendor are skipped, depth is limited', async () => {
    const t = tempTree({
      'node_modules/x/.envrc': 'export GOPROXY=off\n',
      '.git/.envrc': 'export GOPROXY=off\n',
      'vendor/a/.envrc': 'export GOPROXY=off\n',
      'a/b/c/d/e/f/g/h/i/j/.envrc': 'export GOPROXY=off\n',
      'svc/.envrc': 'export GOPROXY=https://m.example\n',
    });
    try {
      const { ws } = await runScopeChecks(t.dir);
      assert.deepEqual(ws.assignments.map((a) => path.relative(t.dir, a.range.file)), ['svc/.envrc']);
    } finally {
      t.cleanup();
    }
  });
});

describe('sources: discovery limits', () => {
  it('stops after maxEntries files and folders and says so', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${String(i).padStart(2, '0')}/.envrc`] = `export GOFLAGS=-mod=mod\n`;
    const t = tempTree(files);
    try {
      const { ws } = await runScopeChecks(t.dir, { discover: { maxEntries: 20 } });
      assert.ok(ws.assignments.length < 30 && ws.assignments.length > 0, String(ws.assignments.length));
      assert.ok(ws.problems.some((p) => /more than 20 files and folders/.test(p.message) && p.severity === 'warning'));
    } finally {
      t.cleanup();
    }
  });
});

describe('sources: which files are read', () => {
  it('classifies by name and location', async () => {
    const { classifyFile } = await import('../../src/core/sources/classify');
    const table: Array<[string, string | null]> = [
      ['.gitlab-ci.yml', 'gitlab-ci'], ['sub/.gitlab-ci.yml', null], ['.github/workflows/ci.yaml', 'github-actions'], ['.github/ci.yml', null],
      ['Dockerfile', 'dockerfile'], ['build/Dockerfile.prod', 'dockerfile'], ['api.Dockerfile', 'dockerfile'], ['Containerfile', 'dockerfile'], ['Dockerfile.dockerignore', null],
      ['deploy/app.service', 'systemd'], ['deploy/app.service.d/override.conf', 'systemd'], ['nginx.conf', null],
      ['.envrc', 'envrc'], ['.env', 'dotenv'], ['.env.local', 'dotenv'], ['.env.example', null], ['prod.env', 'dotenv'],
      ['.bashrc', 'shell-rc'], ['.devcontainer/devcontainer.json', 'devcontainer'], ['.devcontainer/go/devcontainer.json', 'devcontainer'], ['.devcontainer.json', 'devcontainer'],
      ['.vscode/settings.json', 'vscode-settings'], ['settings.json', null], ['go.mod', 'go-mod'], ['sub/go.sum', 'go-sum'], ['go.work', 'go-work'],
    ];
    for (const [rel, kind] of table) assert.equal(classifyFile(rel), kind, rel);
  });
});
