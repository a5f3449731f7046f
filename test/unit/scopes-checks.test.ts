import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScopeChecks, tempTree } from './scopes-helpers';
import { SourceText } from '../../src/core/sources/source-text';
import { parseAssignments } from '../../src/core/sources/parse-file';
import { specOf } from '../../src/core/sources/plan-edits';
import { applyTextEdits } from '../../src/core/edit/apply-edits';
import type { Finding } from '../../src/core/model/result';
import type { Location } from '../../src/core/model/location';

const BAD = 'https://goproxy.example.com,DIRECT';
const GOOD = 'https://goproxy.example.com,direct';

/** The same bad GOPROXY written in every kind of file, in each one's own syntax. */
const FILES: Record<string, string> = {
  '.gitlab-ci.yml': `variables:\n  GOPROXY: "${BAD}"\nbuild:\n  script: go build\n`,
  '.github/workflows/ci.yml': `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      GOPROXY: ${BAD}\n    steps:\n      - run: go build\n`,
  'Dockerfile': `FROM golang:1.22\nENV GOPROXY=${BAD}\nRUN go mod download\n`,
  'deploy/app.service': `[Service]\nUser=app\nEnvironment="GOPROXY=${BAD}"\nExecStart=/usr/bin/go run .\n`,
  '.envrc': `export GOPROXY='${BAD}'\n`,
  '.env': `GOPROXY=${BAD}\n`,
  '.devcontainer/devcontainer.json': `{\n  // dev\n  "containerEnv": { "GOPROXY": "${BAD}" }\n}\n`,
  '.vscode/settings.json': `{\n  "go.toolsEnvVars": {\n    "GOPROXY": "${BAD}",\n  }\n}\n`,
};

function textAt(file: string, loc: Location): string {
  const src = new SourceText(file, fs.readFileSync(file, 'utf8'));
  return src.text.slice(src.index.offset(loc.startLine, loc.startColumn), src.index.offset(loc.endLine, loc.endColumn));
}

describe('scope checks: the same bad value in every file kind', () => {
  let tree: ReturnType<typeof tempTree>;
  let findings: Finding[];
  const home = tempTree({ '.bashrc': `# rc\n[ -z "$PS1" ] && return\nexport GOPROXY=${BAD}\n` });
  const etc = tempTree({ environment: `GOPROXY="${BAD}"\n`, 'profile.d/go.sh': `export GOPROXY=${BAD}\n` });
  const goenv = tempTree({ env: `GOPROXY=${BAD}\n` });
  before(async () => {
    tree = tempTree(FILES);
    // The OS value hides the go/env file's, so the file's value is judged by the scope checks.
    const r = await runScopeChecks(tree.dir, { env: { GOPROXY: GOOD }, discover: { homeDir: home.dir, etcDir: etc.dir, goEnvFile: path.join(goenv.dir, 'env') } });
    findings = r.results.flatMap((x) => x.findings);
  });
  after(() => {
    tree.cleanup();
    home.cleanup();
    etc.cleanup();
    goenv.cleanup();
  });

  const all = [...Object.keys(FILES).map((f) => ['tree', f]), ['home', '.bashrc'], ['etc', 'environment'], ['etc', 'profile.d/go.sh'], ['goenv', 'env']];
  for (const [root, rel] of all) {
    it(`${rel}: GPD101 at the exact span of "DIRECT", with a minimal edit that reads back`, () => {
      const base = root === 'tree' ? tree.dir : root === 'home' ? home.dir : root === 'etc' ? etc.dir : goenv.dir;
      const file = path.join(base, rel);
      const f = findings.find((x) => x.id === 'GPD101' && x.location?.file === file);
      assert.ok(f, `GPD101 for ${rel}; got ${findings.map((x) => `${x.id}@${x.location?.file}`).join(', ')}`);
      assert.equal(textAt(file, f.location!), 'DIRECT');
      const fix = f.fixes.find((x) => x.preferred);
      assert.ok(fix && fix.kind === 'edit' && fix.edits?.length === 1, 'a preferred edit');
      const before = fs.readFileSync(file, 'utf8');
      const after = applyTextEdits(before, fix.edits!);
      const again = parseAssignments(new SourceText(file, after), { kind: rel === '.bashrc' || rel.endsWith('.sh') ? 'shell-rc' : rel === 'environment' ? 'etc-environment' : rel === 'env' ? 'go-env-file' : specOfRel(rel) });
      assert.ok(again.assignments.some((a) => a.variable === 'GOPROXY' && a.value === GOOD), after);
      // Only the value's text changed: the edit lies inside the value span, and is cut down to
      // the characters that differ ("DIRECT" → "direct"), so nothing else is rewritten.
      const written = parseAssignments(new SourceText(file, before), { kind: again.assignments[0] ? specOf(again.assignments.find((a) => a.variable === 'GOPROXY')!).kind : 'other' }).assignments.find((a) => a.variable === 'GOPROXY')!;
      const e = fix.edits![0];
      const pos = (l: number, c: number) => l * 1e6 + c;
      assert.ok(pos(e.startLine, e.startColumn) >= pos(written.range.startLine, written.range.startColumn), 'edit starts inside the value');
      assert.ok(pos(e.endLine, e.endColumn) <= pos(written.range.endLine, written.range.endColumn), 'edit ends inside the value');
      assert.equal(textAt(file, e), 'DIRECT');
      assert.equal(after.split('\n').length, before.split('\n').length);
    });
  }
});

function specOfRel(rel: string) {
  if (rel === '.gitlab-ci.yml') return 'gitlab-ci' as const;
  if (rel.startsWith('.github')) return 'github-actions' as const;
  if (rel === 'Dockerfile') return 'dockerfile' as const;
  if (rel.endsWith('.service')) return 'systemd' as const;
  if (rel === '.envrc') return 'envrc' as const;
  if (rel === '.env') return 'dotenv' as const;
  if (rel.includes('devcontainer')) return 'devcontainer' as const;
  return 'vscode-settings' as const;
}

describe('GPD201 scope-divergence', () => {
  it('one table per variable: every scope, its value, where it wins', async () => {
    const t = tempTree({
      '.gitlab-ci.yml': 'variables:\n  GOPROXY: https://mirror.example.com,direct\nbuild:\n  script: go build\nlint:\n  variables:\n    GOPROXY: "off"\n  script: go vet\n',
      'Dockerfile': 'FROM golang:1.22 AS build\nENV GOPROXY=https://proxy.golang.org,direct\nRUN go build\n',
      '.vscode/settings.json': '{ "go.toolsEnvVars": { "GOPROXY": "https://mirror.example.com,direct" } }\n',
    });
    try {
      const { results } = await runScopeChecks(t.dir, { env: { GOPROXY: 'https://mirror.example.com,direct' } });
      const r = results.find((x) => x.id === 'GPD201')!;
      const f = r.findings.find((x) => x.variable === 'GOPROXY')!;
      assert.ok(f, 'a divergence finding for GOPROXY');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /3 different values/);
      const table = (r.data as { tables: Array<{ variable: string; rows: Array<{ where: string; value: string; winsIn: string[] }> }> }).tables.find((x) => x.variable === 'GOPROXY')!;
      const row = (where: RegExp) => table.rows.find((x) => where.test(x.where))!;
      assert.deepEqual(row(/^\.gitlab-ci\.yml:2 global/).winsIn, ['CI job build']);
      assert.deepEqual(row(/^\.gitlab-ci\.yml:7 job lint/).winsIn, ['CI job lint']);
      assert.equal(row(/^Dockerfile:2/).value, 'https://proxy.golang.org,direct');
      assert.deepEqual(row(/settings\.json:1/).winsIn, ["editor's Go tools"]);
      assert.equal(row(/process environment/).value, 'https://mirror.example.com,direct');
      // The same table as evidence lines.
      assert.ok(f.evidence.some((l) => /\.gitlab-ci\.yml:7 job lint\s+"off"\s+CI job lint/.test(l)), f.evidence.join('\n'));
      assert.equal(f.related?.length, 3);
    } finally {
      t.cleanup();
    }
  });

  it('no finding when every place agrees', async () => {
    const t = tempTree({ '.gitlab-ci.yml': 'variables:\n  GOPROXY: https://m.example\n', 'Dockerfile': 'FROM x\nENV GOPROXY=https://m.example\n' });
    try {
      const { results } = await runScopeChecks(t.dir, { env: { GOPROXY: 'https://m.example' } });
      assert.equal(results.find((x) => x.id === 'GPD201')!.findings.length, 0);
    } finally {
      t.cleanup();
    }
  });
});

describe('GPD202 gitlab-ci', () => {
  it('judges include: local files, extends and anchors at their own lines; reports default: variables', async () => {
    const t = tempTree({
      '.gitlab-ci.yml': 'include:\n  - local: ci/go.yml\ndefault:\n  variables:\n    GOFLAGS: -mod=mod\nbuild:\n  extends: .go\n  script: go build\n',
      'ci/go.yml': '.go:\n  variables:\n    GOSUMDB: sum.golang.org+insecure\n',
    });
    try {
      const { results, ws } = await runScopeChecks(t.dir);
      const fs202 = results.find((x) => x.id === 'GPD202')!.findings;
      const sum = fs202.find((x) => x.id === 'GPD111')!;
      assert.equal(sum.location!.file, path.join(t.dir, 'ci/go.yml'));
      assert.equal(sum.location!.startLine, 3);
      assert.equal(textAt(sum.location!.file, sum.location!), 'sum.golang.org+insecure');
      const def = fs202.find((x) => x.id === 'GPD202' && /default/.test(x.message))!;
      assert.equal(def.location!.startLine, 4);
      const job = ws.contexts!.find((c) => c.kind === 'gitlab-job' && c.name === 'build')!;
      assert.equal(job.values.GOSUMDB.range.file, path.join(t.dir, 'ci/go.yml'));
    } finally {
      t.cleanup();
    }
  });

  it('a value written once under an anchor and used in two places is one finding and one table row', async () => {
    const t = tempTree({ '.gitlab-ci.yml': '.env: &env\n  GOPROXY: https://m.example,Direct\nvariables:\n  <<: *env\nbuild:\n  variables:\n    <<: *env\n  script: go build\n' });
    try {
      const { results } = await runScopeChecks(t.dir);
      const f = results.find((x) => x.id === 'GPD202')!.findings.filter((x) => x.id === 'GPD101');
      assert.equal(f.length, 1);
      assert.equal(f[0].location!.startLine, 2);
      const tables = (results.find((x) => x.id === 'GPD201')!.data as { tables: Array<{ variable: string; rows: Array<{ where: string; winsIn: string[] }> }> }).tables;
      const rows = tables.find((x) => x.variable === 'GOPROXY')!.rows;
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0].winsIn, ['CI job build']);
    } finally {
      t.cleanup();
    }
  });

  it('a look-alike name is GPD134 with a rename of just the name', async () => {
    const t = tempTree({ '.gitlab-ci.yml': 'variables:\n  GO_PROXY: https://m.example # mirror\n' });
    try {
      const { results } = await runScopeChecks(t.dir);
      const f = results.find((x) => x.id === 'GPD202')!.findings.find((x) => x.id === 'GPD134')!;
      const edit = f.fixes.find((x) => x.preferred)!.edits![0];
      assert.deepEqual([edit.startLine, edit.startColumn, edit.endColumn, edit.newText], [2, 3, 11, 'GOPROXY']);
    } finally {
      t.cleanup();
    }
  });
});

describe('GPD204 dockerfile', () => {
  it('RUN go mod download without GOPROXY while yours is a mirror: insert ENV in that stage before the RUN', async () => {
    const df = 'FROM golang:1.22 AS deps\r\nWORKDIR /src\r\n  RUN go mod download\r\nFROM alpine\r\nCOPY --from=deps /src /src\r\n';
    const t = tempTree({ Dockerfile: df });
    try {
      const { results } = await runScopeChecks(t.dir, { env: { GOPROXY: 'https://goproxy.example.com,direct' } });
      const f = results.find((x) => x.id === 'GPD204')!.findings.find((x) => x.id === 'GPD204' && /no GOPROXY/.test(x.message))!;
      assert.equal(f.location!.startLine, 3);
      const edit = f.fixes[0].edits![0];
      const after = applyTextEdits(df, [edit]);
      assert.equal(after, 'FROM golang:1.22 AS deps\r\nWORKDIR /src\r\n  ENV GOPROXY=https://goproxy.example.com,direct\r\n  RUN go mod download\r\nFROM alpine\r\nCOPY --from=deps /src /src\r\n');
    } finally {
      t.cleanup();
    }
  });

  it('no finding when the default is what you use too, or GOPROXY is set for that RUN', async () => {
    const t = tempTree({ Dockerfile: 'FROM golang:1.22\nRUN GOPROXY=https://m.example go mod download\n' });
    try {
      const a = await runScopeChecks(t.dir, { env: { GOPROXY: 'https://goproxy.example.com' } });
      assert.equal(a.results.find((x) => x.id === 'GPD204')!.findings.length, 0);
    } finally {
      t.cleanup();
    }
  });

  it('an ARG GOPROXY in the last stage is build-time only', async () => {
    const t = tempTree({ Dockerfile: 'FROM golang:1.22\nARG GOPROXY=https://m.example\nRUN go build\n' });
    try {
      const { results } = await runScopeChecks(t.dir);
      const f = results.find((x) => x.id === 'GPD204')!.findings.find((x) => /ARG/.test(x.message))!;
      assert.equal(f.severity, 'info');
      assert.equal(f.location!.startLine, 2);
    } finally {
      t.cleanup();
    }
  });
});

describe('GPD205 systemd', () => {
  it('a unit without User= does not see go env -w values', async () => {
    const t = tempTree({ 'deploy/build.service': '[Service]\nExecStart=/usr/bin/go build ./...\n' });
    const goenv = tempTree({ env: 'GOPROXY=https://m.example\n' });
    try {
      const host = { GOENV: path.join(goenv.dir, 'env') };
      const { results } = await runScopeChecks(t.dir, { env: host, discover: { goEnvFile: path.join(goenv.dir, 'env') } });
      const r = results.find((x) => x.id === 'GPD205')!;
      const flagged = r.findings.find((x) => /go env -w/.test(x.message));
      assert.ok(flagged, 'flagged');
      assert.match(flagged.message, /GOPROXY=https:\/\/m\.example/);
      assert.match(flagged.message, /no HOME/);
      assert.equal(flagged.location!.file, path.join(t.dir, 'deploy/build.service'));
    } finally {
      t.cleanup();
      goenv.cleanup();
    }
  });
});

describe('GPD206 dotenv-devcontainer', () => {
  it('exports after an interactive-only guard are marked so', async () => {
    const home = tempTree({ '.bashrc': 'export GOFLAGS=-mod=mod\ncase $- in\n  *i*) ;;\n  *) return;;\nesac\nexport GOPRIVATE=corp.example\n' });
    const t = tempTree({});
    try {
      const { ws } = await runScopeChecks(t.dir, { discover: { homeDir: home.dir } });
      const names = ws.assignments.map((a) => `${a.variable}:${a.scope.name ?? ''}`);
      assert.deepEqual(names.sort(), ['GOFLAGS:', 'GOPRIVATE:interactive-only']);
    } finally {
      t.cleanup();
      home.cleanup();
    }
  });

  it('GOPRIVATE with a scheme in .envrc: GPD121 at the value', async () => {
    const t = tempTree({ '.envrc': 'export GOPRIVATE=https://git.corp.example.com\n' });
    try {
      const { results } = await runScopeChecks(t.dir);
      const f = results.find((x) => x.id === 'GPD206')!.findings.find((x) => x.id === 'GPD121')!;
      assert.deepEqual([f.location!.startLine, f.location!.startColumn, f.location!.endColumn], [1, 18, 46]);
      const after = applyTextEdits(fs.readFileSync(path.join(t.dir, '.envrc'), 'utf8'), f.fixes[0].edits!);
      assert.equal(after, 'export GOPRIVATE=git.corp.example.com\n');
    } finally {
      t.cleanup();
    }
  });
});

