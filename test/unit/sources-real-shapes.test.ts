import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { runScopeChecks, tempTree } from './scopes-helpers';
import type { Finding } from '../../src/core/model/result';
import { SourceText } from '../../src/core/sources/source-text';
import { parseDockerfile } from '../../src/core/sources/dockerfile';
import { insertEdit, narrowEdit, valueEdit } from '../../src/core/sources/plan-edits';
import { applyTextEdits } from '../../src/core/edit/apply-edits';

/** Shapes taken from public repositories' pipelines and Dockerfiles (issue 17). */

const at = (f: Finding) => `${path.basename(f.location?.file ?? '')}:${f.location?.startLine}:${f.location?.startColumn}-${f.location?.endLine}:${f.location?.endColumn}`;

async function cli(argv: string[], cwd: string, home: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = {
    stdout: (s) => (out += s), stderr: (s) => (out += s), stdoutIsTTY: false, stderrIsTTY: false, cwd,
    env: {
      PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GOENV: path.join(home, 'goenv'),
      GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'), GOCACHE: path.join(home, 'cache'),
      GOTOOLCHAIN: 'local', GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org',
    },
  };
  return { code: await main(argv, io), out };
}

const GITLAB_TEMPLATES = [
  '# Go pipeline built on shared templates',
  'include:',
  '  - template: Security/SAST.gitlab-ci.yml',
  "  - project: 'platform/ci-templates'",
  '    ref: v3',
  "    file: '/templates/go.gitlab-ci.yml'",
  '  - remote: https://gitlab.example.com/ci/go-cache.yml',
  '  - component: $CI_SERVER_FQDN/components/go/build@1.2',
  '  - local: ci/local.yml',
  'variables:',
  '  GOPROXY: "https://proxy.golang.org,direct"',
  'build:',
  '  extends: .go-build',
  '  script: go build ./...',
  'test:',
  '  extends: [.go-test, .go-cache]',
  '  script: go test ./...',
  'lint:',
  '  extends: .go-build',
  'vet:',
  '  extends: .local-base',
  '',
].join('\n');

describe('sources: real-world shapes (issue 17)', () => {
  describe('GitLab extends of jobs from includes the doctor cannot read', () => {
    const cases: Array<{ name: string; files: Record<string, string>; notes: string[]; errors: RegExp[] }> = [
      {
        name: 'template, project, remote and component includes: one note per include, at the include',
        files: { '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  variables:\n    GOFLAGS: -mod=mod\n' },
        notes: ['.gitlab-ci.yml:3:15-3:42', '.gitlab-ci.yml:4:14-4:37', '.gitlab-ci.yml:7:13-7:55', '.gitlab-ci.yml:8:16-8:55'],
        errors: [],
      },
      {
        name: 'CRLF, BOM, a URL shorthand in a single include',
        files: { '.gitlab-ci.yml': '\ufeffinclude: "https://gitlab.example.com/ci/go.yml"\r\nbuild:\r\n  extends: .go\r\n' },
        notes: ['.gitlab-ci.yml:1:10-1:48'],
        errors: [],
      },
      {
        name: 'an include in a local include counts too',
        files: { '.gitlab-ci.yml': 'include: ci/a.yml\nbuild:\n  extends: .go\n', 'ci/a.yml': 'include:\n  template: Go.gitlab-ci.yml\n' },
        notes: ['a.yml:2:13-2:29'],
        errors: [],
      },
      {
        name: 'nothing unread: an unknown parent is still an error',
        files: { '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\nbuild:\n  extends: .go-biuld\n', 'ci/a.yml': '.go-build:\n  script: go build\n' },
        notes: [],
        errors: [/job build extends unknown job \.go-biuld/],
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const t = tempTree(c.files);
        try {
          const { results } = await runScopeChecks(t.dir);
          const fs = results.find((r) => r.id === 'GPD202')!.findings;
          const notes = fs.filter((f) => f.severity === 'info');
          assert.deepEqual(notes.map(at).sort(), [...c.notes].sort());
          for (const n of notes) assert.match(n.message, /is not read \(only local includes are\); jobs? extend/);
          const errors = fs.filter((f) => f.severity === 'error');
          assert.equal(errors.length, c.errors.length, errors.map((e) => e.message).join('\n'));
          c.errors.forEach((re, i) => assert.match(errors[i].message, re));
        } finally {
          t.cleanup();
        }
      });
    }

    it('the notes name every job the files read do not define; the jobs keep the pipeline variables', async () => {
      const t = tempTree({ '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  variables:\n    GOFLAGS: -mod=mod\n' });
      try {
        const { results, ws } = await runScopeChecks(t.dir);
        const note = results.find((r) => r.id === 'GPD202')!.findings.find((f) => f.severity === 'info')!;
        assert.match(note.message, /jobs \.go-build, \.go-test, \.go-cache defined in none/);
        const vet = ws.contexts!.find((c) => c.kind === 'gitlab-job' && c.name === 'vet')!;
        assert.deepEqual(Object.keys(vet.values).sort(), ['GOFLAGS', 'GOPROXY']);
      } finally {
        t.cleanup();
      }
    });

    it('the pipeline exits 0 under --fail-on error (diagnose) and under scopes', async () => {
      const t = tempTree({ '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  script: go vet\n' });
      const home = tempTree({ 'goenv': '' });
      try {
        const s = await cli(['scopes', t.dir], '/', home.dir);
        assert.equal(s.code, 0, s.out);
        assert.match(s.out, /include: template: Security\/SAST\.gitlab-ci\.yml is not read/);
        assert.doesNotMatch(s.out, /extends unknown job/);
        const d = await cli(['--offline', '--fail-on', 'error', '--format', 'json'], t.dir, home.dir);
        const report = JSON.parse(d.out) as { results: Array<{ id: string; findings: Finding[] }> };
        const errors = report.results.flatMap((r) => r.findings).filter((f) => f.severity === 'error');
        assert.deepEqual(errors.map((e) => `${e.id} ${e.message}`), []);
        assert.equal(d.code, 0);
      } finally {
        t.cleanup();
        home.cleanup();
      }
    });
  });
});

describe('sources: Dockerfile shapes BuildKit reads (issue 17)', () => {
  const read = (text: string) => {
    const src = new SourceText('/w/Dockerfile', text);
    const info = parseDockerfile(src);
    return { src, info, got: info.assignments.map((a) => [a.variable, a.value, a.scope.level, `${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`]) };
  };
  const cases: Array<{ name: string; text: string; want: string[][]; runs?: Array<[string, string[]]> }> = [
    {
      name: 'RUN with two --mount flags on continued lines, then VAR=value and go env -w',
      text: 'FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    GOPROXY=https://goproxy.example.com,direct GOFLAGS=-mod=mod go mod download\n',
      want: [['GOPROXY', 'https://goproxy.example.com,direct', 'RUN', '4:13-4:47'], ['GOFLAGS', '-mod=mod', 'RUN', '4:56-4:64']],
      runs: [['GOPROXY=https://goproxy.example.com,direct GOFLAGS=-mod=mod go mod download', ['GOPROXY', 'GOFLAGS']]],
    },
    {
      name: 'each flag on its own line, CRLF, go env -w after them',
      text: 'FROM golang\r\nRUN \\\r\n  --mount=type=secret,id=netrc,target=/root/.netrc \\\r\n  --network=default \\\r\n  go env -w GOPRIVATE=corp.example.com GONOSUMDB=corp.example.com\r\n',
      want: [['GOPRIVATE', 'corp.example.com', 'RUN go env -w', '5:23-5:39'], ['GONOSUMDB', 'corp.example.com', 'RUN go env -w', '5:50-5:66']],
    },
    {
      name: 'a comment line among the flags, then a prefix assignment',
      text: 'FROM golang\nRUN --mount=type=cache,target=/go/pkg/mod \\\n# cache for builds\n    --mount=type=cache,target=/root/.cache/go-build \\\n    GOPROXY=off go build ./...\n',
      want: [['GOPROXY', 'off', 'RUN', '5:13-5:16']],
    },
    {
      name: '# escape=` : the flags continue with a backtick',
      text: '# escape=`\nFROM golang\nRUN --mount=type=cache,target=/go/pkg/mod `\n    GOPROXY=https://m.example go build\n',
      want: [['GOPROXY', 'https://m.example', 'RUN', '4:13-4:30']],
    },
    {
      name: 'ENV GOPROXY with | keeps the whole value (BuildKit splits on whitespace and quotes only)',
      text: 'FROM golang\nENV GOPROXY=https://proxy.golang.org|direct\n',
      want: [['GOPROXY', 'https://proxy.golang.org|direct', 'ENV', '2:13-2:44']],
    },
    {
      name: 'ENV with several pairs, ; and & inside values, quotes and a continuation',
      text: 'FROM golang AS b\nENV GOPROXY=https://a.example|https://b.example;x GONOSUMDB="corp.example.com,*.corp&co" \\\n    GOFLAGS=-mod=mod\n',
      want: [['GOPROXY', 'https://a.example|https://b.example;x', 'ENV', '2:13-2:50'], ['GONOSUMDB', 'corp.example.com,*.corp&co', 'ENV', '2:61-2:89'], ['GOFLAGS', '-mod=mod', 'ENV', '3:13-3:21']],
    },
    {
      name: 'legacy ENV name value with |',
      text: 'FROM golang\nENV GOPROXY https://proxy.golang.org|direct\n',
      want: [['GOPROXY', 'https://proxy.golang.org|direct', 'ENV', '2:13-2:44']],
    },
    {
      name: 'ARG default with | in a multi-stage build',
      text: 'ARG GOPROXY=https://proxy.golang.org|direct\nFROM golang AS a\nARG GOPROXY\nFROM a\nENV GOPROXY=$GOPROXY\n',
      want: [['GOPROXY', 'https://proxy.golang.org|direct', 'ARG', '1:13-1:44'], ['GOPROXY', '$GOPROXY', 'ENV', '5:13-5:21']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { info, got } = read(c.text);
      assert.deepEqual(info.problems, []);
      assert.deepEqual(got, c.want);
      if (c.runs) assert.deepEqual(info.stages.flatMap((s) => s.goRuns.map((r) => [r.command.replace(/^.*?(GOPROXY=)/, '$1'), r.local])), c.runs);
    });
  }

  it('a fix to an ENV value with | edits only the value characters', () => {
    const { src, info } = read('FROM golang\nENV GOPROXY=https://proxy.golang.org|Direct GOFLAGS=-mod=mod\n');
    const a = info.assignments[0];
    const e = valueEdit(src, a, 'https://proxy.golang.org|direct')!;
    assert.deepEqual(narrowEdit(src, e).newText, 'd');
    assert.equal(applyTextEdits(src.text, [e]), 'FROM golang\nENV GOPROXY=https://proxy.golang.org|direct GOFLAGS=-mod=mod\n');
    const comma = valueEdit(src, a, 'https://proxy.golang.org,direct')!;
    assert.equal(applyTextEdits(src.text, [comma]), 'FROM golang\nENV GOPROXY=https://proxy.golang.org,direct GOFLAGS=-mod=mod\n');
  });
});

describe('sources: VS Code .code-workspace settings (issue 17)', () => {
  const WS = [
    '{',
    '  "folders": [{ "path": "api" }, { "path": "../shared" }],',
    '  // settings for every folder of this workspace',
    '  "settings": {',
    '    "go.goroot": "/opt/go1.22",',
    '    "go.toolsEnvVars": {',
    '      "GOPROXY": "https://goproxy.example.com,Direct",',
    '      "GOFLAGS": "-mod=mod", // trailing comma next',
    '    },',
    '    "terminal.integrated.env.linux": { "GOPRIVATE": "corp.example.com" }',
    '  },',
    '}',
    '',
  ].join('\n');
  const cases: Array<{ name: string; files: Record<string, string>; want: string[][] }> = [
    {
      name: 'settings with go.toolsEnvVars, go.goroot and a terminal env, JSONC comments and trailing commas',
      files: { 'project.code-workspace': WS },
      want: [
        ['GOPROXY', 'https://goproxy.example.com,Direct', 'go.toolsEnvVars', 'project.code-workspace:7:18-7:54'],
        ['GOFLAGS', '-mod=mod', 'go.toolsEnvVars', 'project.code-workspace:8:18-8:28'],
        ['GOPRIVATE', 'corp.example.com', 'terminal.integrated.env.linux', 'project.code-workspace:10:53-10:71'],
        ['go.goroot', '/opt/go1.22', 'editor', 'project.code-workspace:5:18-5:31'],
      ],
    },
    {
      name: 'CRLF and a BOM',
      files: { 'ci/dev.code-workspace': '\ufeff{\r\n  "settings": {\r\n    "go.toolsEnvVars": { "GOSUMDB": "off" }\r\n  }\r\n}\r\n' },
      want: [['GOSUMDB', 'off', 'go.toolsEnvVars', 'dev.code-workspace:3:37-3:42']],
    },
    {
      name: 'keys outside settings are not settings',
      files: { 'a.code-workspace': '{ "go.toolsEnvVars": { "GOPROXY": "off" }, "folders": [] }' },
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = tempTree(c.files);
      try {
        const { ws } = await runScopeChecks(t.dir);
        const got = ws.assignments.filter((a) => a.scope.kind === 'vscode-settings').map((a) => [a.variable, a.value, a.scope.name ?? '', `${path.basename(a.range.file)}:${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`]);
        assert.deepEqual(got, c.want);
        assert.deepEqual(ws.problems, []);
      } finally {
        t.cleanup();
      }
    });
  }

  it('the editor tools see the workspace file, and a folder settings.json wins over it', async () => {
    const t = tempTree({ 'project.code-workspace': WS, '.vscode/settings.json': '{ "go.toolsEnvVars": { "GOFLAGS": "-mod=readonly" } }' });
    try {
      const { ws, results } = await runScopeChecks(t.dir);
      const tools = ws.contexts!.find((c) => c.kind === 'editor-tools')!;
      assert.deepEqual(Object.fromEntries(Object.entries(tools.values).map(([k, a]) => [k, `${a.value}@${path.basename(a.range.file)}`])), {
        GOPROXY: 'https://goproxy.example.com,Direct@project.code-workspace', GOFLAGS: '-mod=readonly@settings.json',
      });
      // The wrong-case keyword is found at its place in the workspace file, fixed by one character.
      const f = results.flatMap((r) => r.findings).find((x) => x.location?.file.endsWith('project.code-workspace') && x.fixes.some((fx) => fx.edits?.length))!;
      assert.ok(f, 'a finding with an edit in the workspace file');
      const e = f.fixes.find((fx) => fx.edits?.length)!.edits![0];
      assert.deepEqual([e.startLine, e.startColumn, e.endLine, e.endColumn, e.newText], [7, 47, 7, 48, 'd']);
    } finally {
      t.cleanup();
    }
  });

  it('a variable is added inside settings, and nowhere when there is none', () => {
    const src = new SourceText('/w/p.code-workspace', WS);
    const e = insertEdit(src, { kind: 'vscode-settings', level: 'workspace' }, 'GOPRIVATE', 'corp.example.com')!;
    const after = applyTextEdits(WS, [e]);
    assert.match(after, /"GOFLAGS": "-mod=mod", \/\/ trailing comma next\n\s*"GOPRIVATE": "corp.example.com"/);
    assert.equal(insertEdit(new SourceText('/w/p.code-workspace', '{ "folders": [] }'), { kind: 'vscode-settings', level: 'workspace' }, 'GOPRIVATE', 'x'), null);
  });

  it('a .code-workspace symlinked from outside the workspace is named, not read', async () => {
    const outside = tempTree({ 'real.code-workspace': WS });
    const t = tempTree({});
    try {
      fs.symlinkSync(path.join(outside.dir, 'real.code-workspace'), path.join(t.dir, 'team.code-workspace'));
      const { ws } = await runScopeChecks(t.dir);
      assert.deepEqual(ws.assignments.filter((a) => a.scope.kind === 'vscode-settings'), []);
      assert.ok(ws.problems.some((p) => p.file.endsWith('team.code-workspace') && /outside the workspace, not read/.test(p.message)), JSON.stringify(ws.problems));
    } finally {
      t.cleanup();
      outside.cleanup();
    }
  });
});

describe('sources: docker compose environment and env_file (issue 17)', () => {
  const COMPOSE = [
    'x-go-env: &go-env',
    '  GOPROXY: https://goproxy.example.com,Direct   # shared by every Go service',
    '  GOFLAGS: -mod=mod',
    'services:',
    '  api:',
    '    build: .',
    '    environment:',
    '      <<: *go-env',
    '      GOPRIVATE: "corp.example.com"',
    '      CGO_ENABLED: 0',
    '  worker:',
    '    image: golang:1.22',
    '    env_file:',
    '      - ./deploy/worker.env',
    '      - path: ./deploy/local.env',
    '        required: false',
    '    environment:',
    '      - GOPROXY=https://proxy.golang.org|direct',
    '      - "GONOSUMDB=corp.example.com"',
    '      - GOSUMDB',
    '      - GOINSECURE=$${NOT_INTERPOLATED}',
    '      - GONOPROXY=${CORP_HOSTS}',
    '',
  ].join('\n');
  const where = (a: { range: { file: string; startLine: number; startColumn: number; endLine: number; endColumn: number } }) => `${path.basename(a.range.file)}:${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`;
  const cases: Array<{ name: string; files: Record<string, string>; want: string[][]; contexts: Record<string, Record<string, string>>; problems?: RegExp[] }> = [
    {
      name: 'map form with an x- anchor merged in, list form quoted and plain, env_file in both forms',
      // worker.env is a .env file the walk reads as itself; env_file: makes it reach the service.
      files: { 'compose.yaml': COMPOSE, 'deploy/worker.env': '# worker\nGOPROXY=https://old.example\nGOTOOLCHAIN=local\n' },
      want: [
        ['GOPROXY', 'https://goproxy.example.com,Direct', 'api environment', 'compose.yaml:2:12-2:46', 'literal'],
        ['GOFLAGS', '-mod=mod', 'api environment', 'compose.yaml:3:12-3:20', 'literal'],
        ['GOPRIVATE', 'corp.example.com', 'api environment', 'compose.yaml:9:18-9:36', 'literal'],
        ['GOPROXY', 'https://proxy.golang.org|direct', 'worker environment list', 'compose.yaml:18:17-18:48', 'literal'],
        ['GONOSUMDB', 'corp.example.com', 'worker environment list', 'compose.yaml:19:20-19:36', 'literal'],
        ['GOINSECURE', '${NOT_INTERPOLATED}', 'worker environment list', 'compose.yaml:21:20-21:40', 'literal'],
        ['GONOPROXY', '${CORP_HOSTS}', 'worker environment list', 'compose.yaml:22:19-22:32', 'unknown'],
        ['GOPROXY', 'https://old.example', 'workspace', 'worker.env:2:9-2:28', 'literal'],
        ['GOTOOLCHAIN', 'local', 'workspace', 'worker.env:3:13-3:18', 'literal'],
      ],
      contexts: {
        'compose.yaml service api': { GOPROXY: 'compose.yaml:2', GOFLAGS: 'compose.yaml:3', GOPRIVATE: 'compose.yaml:9' },
        'compose.yaml service worker': { GOPROXY: 'compose.yaml:18', GOTOOLCHAIN: 'worker.env:3', GONOSUMDB: 'compose.yaml:19', GOINSECURE: 'compose.yaml:21', GONOPROXY: 'compose.yaml:22' },
      },
    },
    {
      name: 'docker-compose.override.yml with CRLF and a BOM; a missing required env_file is named',
      files: { 'docker-compose.override.yml': '\ufeffservices:\r\n  app:\r\n    env_file: missing.env\r\n    environment:\r\n      GOSUMDB: "off"\r\n' },
      want: [['GOSUMDB', 'off', 'app environment', 'docker-compose.override.yml:5:16-5:21', 'literal']],
      contexts: { 'docker-compose.override.yml service app': { GOSUMDB: 'docker-compose.override.yml:5' } },
      problems: [/env_file: missing\.env was not found; docker compose refuses to start service app/],
    },
    {
      name: 'env_file: .env that the walk reads anyway is read once, and feeds the service',
      files: { 'compose.yml': 'services:\n  app:\n    env_file: .env\n', '.env': 'GOPROXY=https://e.example\n' },
      want: [['GOPROXY', 'https://e.example', 'workspace', '.env:1:9-1:26', 'literal']],
      contexts: { 'compose.yml service app': { GOPROXY: '.env:1' } },
    },
    {
      name: 'env_file: a file of another name is read for its service; quotes and export as compose reads them',
      files: { 'compose.yaml': 'services:\n  app:\n    env_file:\n      - path: config/go.vars\n', 'config/go.vars': 'export GOPROXY="https://a.example|direct"\r\nGOFLAGS=-mod=mod # comment\r\n' },
      want: [
        ['GOPROXY', 'https://a.example|direct', 'app env_file', 'go.vars:1:16-1:42', 'literal'],
        ['GOFLAGS', '-mod=mod', 'app env_file', 'go.vars:2:9-2:17', 'literal'],
      ],
      contexts: { 'compose.yaml service app': { GOPROXY: 'go.vars:1', GOFLAGS: 'go.vars:2' } },
    },
    {
      name: 'env_file: outside the workspace is named, not read',
      files: { 'compose.yaml': 'services:\n  app:\n    env_file: ../secrets.env\n' },
      want: [],
      contexts: { 'compose.yaml service app': {} },
      problems: [/env_file: \.\.\/secrets\.env points outside the workspace, not read/],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = tempTree(c.files);
      try {
        const { ws } = await runScopeChecks(t.dir);
        const got = ws.assignments.filter((a) => a.scope.kind === 'compose' || a.scope.kind === 'dotenv').map((a) => [a.variable, a.value, `${a.scope.name ?? ''} ${a.scope.level ?? ''}`.trim(), where(a), a.resolution]);
        assert.deepEqual(got, c.want);
        const ctx = Object.fromEntries(ws.contexts!.filter((x) => x.kind === 'compose-service').map((x) => [x.name, Object.fromEntries(Object.entries(x.values).map(([k, a]) => [k, `${path.basename(a.range.file)}:${a.range.startLine}`]))]));
        assert.deepEqual(ctx, c.contexts);
        const problems = ws.problems.map((p) => p.message);
        assert.equal(problems.length, (c.problems ?? []).length, problems.join('\n'));
        (c.problems ?? []).forEach((re, i) => assert.match(problems[i], re));
      } finally {
        t.cleanup();
      }
    });
  }

  it('scopes --fix --write changes only the value characters, in map, list and env_file forms', async () => {
    const files = {
      'compose.yaml': 'services:\n  api:\n    environment:\n      GOPROXY: https://goproxy.example.com,Direct  # mirror\n  worker:\n    env_file: [w.vars]\n    environment:\n      - "GOSUMDB=sum.golang.org+insecure"\n      - GOFLAGS=-mod=mod\n',
      'w.vars': 'GOPRIVATE=https://git.corp.example.com\n',
    };
    const t = tempTree(files);
    const home = tempTree({ goenv: '' });
    try {
      const w = await cli(['scopes', t.dir, '--fix', '--write'], '/', home.dir);
      const after = fs.readFileSync(path.join(t.dir, 'compose.yaml'), 'utf8');
      assert.equal(after, files['compose.yaml'].replace('Direct', 'direct').replace('+insecure', ''), w.out);
      assert.equal(fs.readFileSync(path.join(t.dir, 'w.vars'), 'utf8'), 'GOPRIVATE=git.corp.example.com\n', w.out);
    } finally {
      t.cleanup();
      home.cleanup();
    }
  });
});

describe('sources: GitHub Actions container and service env (issue 17)', () => {
  it('container.env is under the workflow and job env; a service has its own env; spans exact', async () => {
    const wf = [
      'on: [push]',
      'env:',
      '  GOFLAGS: -mod=mod',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: golang:1.22',
      '      env:',
      '        GOPROXY: "https://goproxy.example.com,Direct"',
      '        GOFLAGS: -mod=readonly',
      '    services:',
      '      athens:',
      '        image: gomods/athens:v0.14.1',
      '        env:',
      '          GOPROXY: https://proxy.golang.org',
      '    steps:',
      '      - run: go test ./...',
      '',
    ].join('\r\n');
    const t = tempTree({ '.github/workflows/ci.yml': wf });
    try {
      const { ws, results } = await runScopeChecks(t.dir);
      const got = ws.assignments.filter((a) => a.scope.kind === 'github-actions').map((a) => [a.variable, a.value, a.scope.name, `${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`]);
      assert.deepEqual(got, [
        ['GOFLAGS', '-mod=mod', 'workflow', '3:12-3:20'],
        ['GOPROXY', 'https://goproxy.example.com,Direct', 'job test container', '10:18-10:54'],
        ['GOFLAGS', '-mod=readonly', 'job test container', '11:18-11:31'],
        ['GOPROXY', 'https://proxy.golang.org', 'job test service athens', '16:20-16:44'],
      ]);
      const ctx = (n: string) => Object.fromEntries(Object.entries(ws.contexts!.find((c) => c.kind === 'github-job' && c.name === n)!.values).map(([k, a]) => [k, a.range.startLine]));
      assert.deepEqual(ctx('test'), { GOPROXY: 10, GOFLAGS: 3 });
      assert.deepEqual(ctx('test service athens'), { GOPROXY: 16 });
      const f = results.find((r) => r.id === 'GPD203')!.findings.find((x) => x.id === 'GPD101')!;
      assert.deepEqual([f.location?.startLine, f.location?.startColumn], [10, 47]);
      const edit = f.fixes.find((x) => x.edits?.length)!.edits![0];
      assert.deepEqual([edit.startLine, edit.startColumn, edit.endColumn, edit.newText], [10, 47, 48, 'd']);
    } finally {
      t.cleanup();
    }
  });
});

describe('sources: Makefiles (issue 17)', () => {
  const MK = [
    '# Go build',
    'export GOPROXY := https://goproxy.example.com,Direct',
    'GOFLAGS ?= -mod=mod  # kept by make up to the comment',
    'GOPRIVATE = corp.example.com',
    'export GOPRIVATE',
    'GONOSUMDB = $(GOPRIVATE)',
    'GOINSECURE = a$$b',
    'GOSUMDB := sum.golang.org \\',
    '  +more',
    '',
    'build:',
    '\tGOPROXY=off GOTOOLCHAIN=local go build ./...',
    '\t@go env -w GONOPROXY=corp.example.com',
    '',
  ].join('\r\n');
  it('export lines, ?= and =, later export, $(X) and $$, recipes; continued values are not read', async () => {
    const t = tempTree({ Makefile: MK });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const got = ws.assignments.filter((a) => a.scope.kind === 'makefile').map((a) => [a.variable, a.value, `${a.scope.name} ${a.scope.level}`, `${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`, a.resolution]);
      assert.deepEqual(got, [
        ['GOPROXY', 'https://goproxy.example.com,Direct', 'make variable :=', '2:19-2:53', 'literal'],
        ['GOFLAGS', '-mod=mod  ', 'not exported ?=', '3:12-3:22', 'literal'],
        ['GOPRIVATE', 'corp.example.com', 'make variable =', '4:13-4:29', 'literal'],
        ['GONOSUMDB', '$(GOPRIVATE)', 'not exported =', '6:13-6:25', 'unknown'],
        ['GOINSECURE', 'a$b', 'not exported =', '7:14-7:18', 'literal'],
        ['GOPROXY', 'off', 'recipe recipe', '12:10-12:13', 'literal'],
        ['GOTOOLCHAIN', 'local', 'recipe recipe', '12:26-12:31', 'literal'],
        ['GONOPROXY', 'corp.example.com', 'recipe go env -w recipe', '13:23-13:39', 'literal'],
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('scopes --fix --write edits only the value characters; .EXPORT_ALL_VARIABLES exports every variable', async () => {
    const files = { 'build/go.mk': '.EXPORT_ALL_VARIABLES:\nGOPROXY = https://goproxy.example.com,Direct\n' };
    const t = tempTree(files);
    const home = tempTree({ goenv: '' });
    try {
      const { ws } = await runScopeChecks(t.dir);
      assert.equal(ws.assignments.find((a) => a.scope.kind === 'makefile')!.scope.name, 'make variable');
      const w = await cli(['scopes', t.dir, '--fix', '--write'], '/', home.dir);
      assert.equal(fs.readFileSync(path.join(t.dir, 'build/go.mk'), 'utf8'), files['build/go.mk'].replace('Direct', 'direct'), w.out);
    } finally {
      t.cleanup();
      home.cleanup();
    }
  });
});

describe('sources: Jenkinsfile environment blocks (issue 17)', () => {
  const JF = [
    "pipeline {",
    "  agent { docker { image 'golang:1.22' } }",
    "  environment {",
    "    GOPROXY = 'https://goproxy.example.com,Direct'   // corporate mirror",
    "    GOFLAGS = \"-mod=mod\"",
    "    GONOSUMDB = \"${CORP_HOSTS}\"",
    "    GOPRIVATE = credentials('corp-hosts')",
    "    GOINSECURE = 'it\\'s'",
    "  }",
    "  stages {",
    "    stage('Build') {",
    "      environment { GOSUMDB = 'off' }",
    "      steps { sh 'go build ./...' }",
    "    }",
    "    stage(\"Test { braces }\")",
    "    {",
    "      environment {",
    "        /* a comment { */",
    "        GOPROXY = 'https://proxy.golang.org'",
    "      }",
    "      steps { sh \"go test ./...\" }",
    "    }",
    "  }",
    "}",
    "",
  ].join('\r\n');
  it('pipeline and stage environment, quotes and escapes, interpolation and credentials()', async () => {
    const t = tempTree({ Jenkinsfile: '\ufeff' + JF });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const got = ws.assignments.filter((a) => a.scope.kind === 'jenkinsfile').map((a) => [a.variable, a.value, a.scope.name, `${a.range.startLine}:${a.range.startColumn}-${a.range.endLine}:${a.range.endColumn}`, a.resolution]);
      assert.deepEqual(got, [
        ['GOPROXY', 'https://goproxy.example.com,Direct', 'pipeline', '4:15-4:51', 'literal'],
        ['GOFLAGS', '-mod=mod', 'pipeline', '5:15-5:25', 'literal'],
        ['GONOSUMDB', '${CORP_HOSTS}', 'pipeline', '6:17-6:32', 'unknown'],
        ['GOINSECURE', "it's", 'pipeline', '8:18-8:25', 'literal'],
        ['GOSUMDB', 'off', 'stage Build', '12:31-12:36', 'literal'],
        ['GOPROXY', 'https://proxy.golang.org', 'stage Test { braces }', '19:19-19:45', 'literal'],
      ]);
      assert.deepEqual(ws.problems, []);
    } finally {
      t.cleanup();
    }
  });

  it('scopes --fix --write edits only the value characters', async () => {
    const t = tempTree({ 'ci/release.jenkinsfile': JF });
    const home = tempTree({ goenv: '' });
    try {
      const w = await cli(['scopes', t.dir, '--fix', '--write'], '/', home.dir);
      assert.equal(fs.readFileSync(path.join(t.dir, 'ci/release.jenkinsfile'), 'utf8'), JF.replace('Direct', 'direct').replace("GOSUMDB = 'off'", "GOSUMDB = 'sum.golang.org'"), w.out);
    } finally {
      t.cleanup();
      home.cleanup();
    }
  });
});
