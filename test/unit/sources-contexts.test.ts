import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runScopeChecks, tempTree } from './scopes-helpers';
import type { ScopeContext } from '../../src/core/model/workspace';

const values = (c: ScopeContext | undefined) => Object.fromEntries(Object.entries(c?.values ?? {}).map(([k, a]) => [k, `${a.value}@${path.basename(a.range.file)}:${a.range.startLine}`]));

describe('sources: which assignment is in effect where', () => {
  it('GitHub Actions: workflow < job; GITHUB_ENV reaches the job; step env stays in its step', async () => {
    const t = tempTree({
      '.github/workflows/ci.yml': 'on: push\nenv:\n  GOPROXY: https://w.example\n  GOFLAGS: -mod=mod\njobs:\n  a:\n    runs-on: x\n    env:\n      GOPROXY: https://j.example\n    steps:\n      - env:\n          GOSUMDB: "off"\n        run: echo "GOPRIVATE=corp.example" >> $GITHUB_ENV\n',
    });
    try {
      const { ws } = await runScopeChecks(t.dir);
      assert.deepEqual(values(ws.contexts!.find((c) => c.kind === 'github-job' && c.name === 'a')), {
        GOPROXY: 'https://j.example@ci.yml:9', GOFLAGS: '-mod=mod@ci.yml:4', GOPRIVATE: 'corp.example@ci.yml:13',
      });
    } finally {
      t.cleanup();
    }
  });

  it('Dockerfile: ENV carries into a stage built FROM it, ARG does not; ENV wins over ARG', async () => {
    const t = tempTree({ Dockerfile: 'FROM golang AS base\nENV GOPROXY=https://e.example\nARG GOFLAGS=-mod=mod\nARG GOSUMDB=off\nENV GOSUMDB=sum.golang.org\nFROM base AS test\nRUN go test\n' });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const stage = (n: string) => ws.contexts!.find((c) => c.kind === 'docker-stage' && c.name === `Dockerfile stage ${n}`);
      assert.deepEqual(values(stage('base')), { GOPROXY: 'https://e.example@Dockerfile:2', GOFLAGS: '-mod=mod@Dockerfile:3', GOSUMDB: 'sum.golang.org@Dockerfile:5' });
      assert.deepEqual(values(stage('test')), { GOPROXY: 'https://e.example@Dockerfile:2', GOSUMDB: 'sum.golang.org@Dockerfile:5' });
      assert.deepEqual(stage('test')!.commands!.map((c) => [c.text, c.location.startLine]), [['go test', 7]]);
    } finally {
      t.cleanup();
    }
  });

  it('Dockerfile: a RUN heredoc is one instruction; its go commands and exports count for that RUN', async () => {
    const t = tempTree({ Dockerfile: 'FROM golang AS b\nRUN <<EOF\nexport GOPROXY=https://m.example\ngo mod download\nEOF\nRUN go build\n' });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const stage = ws.contexts!.find((c) => c.kind === 'docker-stage')!;
      assert.deepEqual(stage.commands!.map((c) => [c.location.startLine, c.local]), [[2, ['GOPROXY']], [6, []]]);
      assert.deepEqual(values(stage), {});
    } finally {
      t.cleanup();
    }
  });

  it('systemd: EnvironmentFile= overrides Environment=; an empty Environment= resets', async () => {
    const t = tempTree({
      'deploy/app.service': '[Service]\nUser=app\nEnvironment=GOFLAGS=-mod=mod GOPROXY=https://old.example\nEnvironment=\nEnvironment=GOPROXY=https://u.example\nEnvironmentFile=./app.env\n',
      'deploy/app.env': 'GOPROXY="https://f.example"\n',
    });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const u = ws.contexts!.find((c) => c.kind === 'systemd-unit')!;
      assert.deepEqual(values(u), { GOPROXY: 'https://f.example@app.env:1' });
      assert.ok(u.notes!.some((n) => /User=app/.test(n)));
      // A value of the EnvironmentFile= is edited in its own syntax.
      const { SourceText } = await import('../../src/core/sources/source-text');
      const { valueEdit } = await import('../../src/core/sources/plan-edits');
      const fs = await import('node:fs');
      const a = u.values.GOPROXY;
      const src = new SourceText(a.range.file, fs.readFileSync(a.range.file, 'utf8'));
      assert.equal(valueEdit(src, a, 'https://g.example|direct')!.newText, '"https://g.example|direct"');
    } finally {
      t.cleanup();
    }
  });

  it('systemd: a drop-in overrides its unit and they make one service', async () => {
    const t = tempTree({
      'deploy/api.service': '[Service]\nEnvironment=GOPROXY=https://unit.example GOFLAGS=-mod=mod\nExecStart=/usr/bin/go run .\n',
      'deploy/api.service.d/proxy.conf': '[Service]\nUser=api\nEnvironment=GOPROXY=https://dropin.example\n',
    });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const units = ws.contexts!.filter((c) => c.kind === 'systemd-unit');
      assert.equal(units.length, 1);
      assert.equal(units[0].name, 'api.service');
      assert.deepEqual(values(units[0]), { GOPROXY: 'https://dropin.example@proxy.conf:3', GOFLAGS: '-mod=mod@api.service:2' });
      assert.ok(units[0].notes!.some((n) => /User=api/.test(n)));
    } finally {
      t.cleanup();
    }
  });

  it('terminal: /etc/environment, profile.d, home rc files in login order, then .envrc; the editor: user < workspace settings', async () => {
    const etc = tempTree({ environment: 'GOPROXY=https://etc.example\nGOFLAGS=-mod=mod\n', 'profile.d/go.sh': 'export GOPROXY=https://profiled.example\n' });
    const home = tempTree({
      '.profile': 'export GOPROXY=https://profile.example\n',
      '.bashrc': 'export GOPROXY=https://bashrc.example\n',
      '.config/Code/User/settings.json': '{ "go.toolsEnvVars": { "GOPROXY": "https://user.example", "GOFLAGS": "-tags=x" } }',
    });
    const t = tempTree({ '.envrc': 'export GOSUMDB=off\n', '.vscode/settings.json': '{ "go.toolsEnvVars": { "GOPROXY": "https://ws.example" }, "terminal.integrated.env.linux": { "GOFLAGS": "-v" } }' });
    try {
      const { ws } = await runScopeChecks(t.dir, { env: { XDG_CONFIG_HOME: path.join(home.dir, '.config') }, discover: { homeDir: home.dir, etcDir: etc.dir } });
      assert.deepEqual(values(ws.contexts!.find((c) => c.kind === 'terminal')), { GOPROXY: 'https://bashrc.example@.bashrc:1', GOFLAGS: '-mod=mod@environment:2', GOSUMDB: 'off@.envrc:1' });
      assert.deepEqual(values(ws.contexts!.find((c) => c.kind === 'editor-tools')), { GOPROXY: 'https://ws.example@settings.json:1', GOFLAGS: '-tags=x@settings.json:1' });
      assert.equal(values(ws.contexts!.find((c) => c.kind === 'editor-terminal')).GOFLAGS, '-v@settings.json:1');
    } finally {
      t.cleanup();
      home.cleanup();
      etc.cleanup();
    }
  });

  it('GitLab: included files are lower priority than the main file; hidden jobs are templates only', async () => {
    const t = tempTree({
      '.gitlab-ci.yml': 'include: ci/base.yml\nvariables:\n  GOPROXY: https://main.example\n',
      'ci/base.yml': 'variables:\n  GOPROXY: https://base.example\n  GOFLAGS: -mod=mod\n.tmpl:\n  variables:\n    GOSUMDB: "off"\njob:\n  extends: .tmpl\n  script: go build\n',
    });
    try {
      const { ws } = await runScopeChecks(t.dir);
      const jobs = ws.contexts!.filter((c) => c.kind === 'gitlab-job');
      assert.deepEqual(jobs.map((j) => j.name), ['job']);
      assert.deepEqual(values(jobs[0]), { GOPROXY: 'https://main.example@.gitlab-ci.yml:3', GOFLAGS: '-mod=mod@base.yml:3', GOSUMDB: 'off@base.yml:6' });
    } finally {
      t.cleanup();
    }
  });
});
