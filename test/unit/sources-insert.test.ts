import * as assert from 'node:assert/strict';
import { SourceText } from '../../src/core/sources/source-text';
import { insertEdit, valueEdit } from '../../src/core/sources/plan-edits';
import { parseAssignments, type FileSpec } from '../../src/core/sources/parse-file';
import { applyTextEdits } from '../../src/core/edit/apply-edits';

const V = 'https://goproxy.example.com,direct';

function insert(name: string, text: string, spec: FileSpec, scope?: string): string {
  const src = new SourceText(`/w/${name}`, text);
  const e = insertEdit(src, spec, 'GOPROXY', V, scope ? { scope } : {});
  assert.ok(e, `an insertion for ${name}`);
  assert.equal(e.startLine, e.endLine);
  assert.equal(e.startColumn, e.endColumn, 'an insertion replaces nothing');
  const out = applyTextEdits(src.text, [e]);
  const again = parseAssignments(new SourceText(src.file, out), spec).assignments;
  assert.ok(again.some((a) => a.variable === 'GOPROXY' && a.value === V), out);
  return out;
}

describe('sources: inserting a missing variable in the file\'s own style', () => {
  it('gitlab-ci: into the global variables block, with its indentation, after its last entry', () => {
    const out = insert('.gitlab-ci.yml', '# ci\r\nvariables:\r\n    GOFLAGS: -mod=mod   # keep\r\n    GOSUMDB: sum.golang.org\r\nbuild:\r\n  script: go build\r\n', { kind: 'gitlab-ci' }, 'global');
    assert.equal(out, `# ci\r\nvariables:\r\n    GOFLAGS: -mod=mod   # keep\r\n    GOSUMDB: sum.golang.org\r\n    GOPROXY: ${V}\r\nbuild:\r\n  script: go build\r\n`);
  });
  it('gitlab-ci: into a job\'s own variables, after a trailing comment; or a new variables: in the job', () => {
    assert.equal(
      insert('.gitlab-ci.yml', 'build:\n  variables:\n    GOFLAGS: -mod=mod # keep\n  script: go build\n', { kind: 'gitlab-ci' }, 'build'),
      `build:\n  variables:\n    GOFLAGS: -mod=mod # keep\n    GOPROXY: ${V}\n  script: go build\n`,
    );
    assert.equal(
      insert('.gitlab-ci.yml', 'test:\n    script:\n      - go test ./...   # all\nlint:\n    script: go vet\n', { kind: 'gitlab-ci' }, 'test'),
      `test:\n    script:\n      - go test ./...   # all\n    variables:\n        GOPROXY: ${V}\nlint:\n    script: go vet\n`,
    );
  });
  it('gitlab-ci: no insertion into a flow-style variables (a second key would be a duplicate)', () => {
    const src = new SourceText('/w/.gitlab-ci.yml', 'variables: { GOFLAGS: -mod=mod }\n');
    assert.equal(insertEdit(src, { kind: 'gitlab-ci' }, 'GOPROXY', V, { scope: 'global' }), null);
  });
  it('gitlab-ci: a new variables block after the leading comments when there is none', () => {
    const out = insert('.gitlab-ci.yml', '# ci\n---\nbuild:\n  script: go build\n', { kind: 'gitlab-ci' }, 'global');
    assert.equal(out, `# ci\n---\nvariables:\n  GOPROXY: ${V}\nbuild:\n  script: go build\n`);
  });
  it('dockerfile: in the stage, just before its first RUN go, keeping case and the legacy ENV form', () => {
    const out = insert('Dockerfile', 'from golang:1.22 as build\nenv GOFLAGS -mod=mod\nrun apt-get update\nrun go build ./...\n', { kind: 'dockerfile' }, 'build');
    assert.equal(out, `from golang:1.22 as build\nenv GOFLAGS -mod=mod\nrun apt-get update\nenv GOPROXY ${V}\nrun go build ./...\n`);
  });
  it('dockerfile: picks the named stage of a multi-stage file', () => {
    const out = insert('Dockerfile', 'FROM golang:1.22 AS a\nRUN go vet ./...\nFROM golang:1.22 AS b\nRUN go build ./...\n', { kind: 'dockerfile' }, 'b');
    assert.equal(out, `FROM golang:1.22 AS a\nRUN go vet ./...\nFROM golang:1.22 AS b\nENV GOPROXY=${V}\nRUN go build ./...\n`);
  });
  it('systemd: after the last Environment= of [Service]', () => {
    const out = insert('a.service', '[Unit]\nDescription=x\n\n[Service]\nEnvironment=GOFLAGS=-mod=mod\nExecStart=/bin/true\n', { kind: 'systemd' });
    assert.equal(out, `[Unit]\nDescription=x\n\n[Service]\nEnvironment=GOFLAGS=-mod=mod\nEnvironment=GOPROXY=${V}\nExecStart=/bin/true\n`);
  });
  it('devcontainer.json: into containerEnv, after the last member, keeping a trailing comma', () => {
    const out = insert('devcontainer.json', '{\n  // env\n  "containerEnv": {\n    "GOFLAGS": "-mod=mod",\n  },\n}\n', { kind: 'devcontainer' });
    assert.equal(out, `{\n  // env\n  "containerEnv": {\n    "GOFLAGS": "-mod=mod",\n    "GOPROXY": "${V}",\n  },\n}\n`);
  });
  it('settings.json: a go.toolsEnvVars object when there is none', () => {
    const out = insert('settings.json', '{\n  "editor.tabSize": 4\n}\n', { kind: 'vscode-settings', level: 'workspace' });
    assert.equal(out, `{\n  "editor.tabSize": 4,\n  "go.toolsEnvVars": { "GOPROXY": "${V}" }\n}\n`);
  });
  it('shell, dotenv and go/env: a line at the end, adding the missing final newline', () => {
    assert.equal(insert('.envrc', 'layout go', { kind: 'envrc' }), `layout go\nexport GOPROXY=${V}\n`);
    assert.equal(insert('.env', 'A=1\r\n', { kind: 'dotenv' }), `A=1\r\nGOPROXY=${V}\r\n`);
    assert.equal(insert('env', 'GOFLAGS=-mod=mod\n', { kind: 'go-env-file' }), `GOFLAGS=-mod=mod\nGOPROXY=${V}\n`);
  });
});

describe('sources: value edits keep the quoting style', () => {
  const cases: Array<[string, FileSpec, string, string]> = [
    ['.gitlab-ci.yml', { kind: 'gitlab-ci' }, "variables:\n  GOPROXY: 'https://old.example' # c\n", "variables:\n  GOPROXY: 'https://goproxy.example.com,direct' # c\n"],
    ['.gitlab-ci.yml', { kind: 'gitlab-ci' }, 'variables: { GOPROXY: https://old.example }\n', 'variables: { GOPROXY: "https://goproxy.example.com,direct" }\n'],
    ['.envrc', { kind: 'envrc' }, 'export GOPROXY=https://old.example\n', 'export GOPROXY=https://goproxy.example.com,direct\n'],
    ['a.service', { kind: 'systemd' }, '[Service]\nEnvironment="GOPROXY=https://old.example" "A=1"\n', '[Service]\nEnvironment="GOPROXY=https://goproxy.example.com,direct" "A=1"\n'],
    ['env', { kind: 'go-env-file' }, 'GOPROXY="https://old.example"\n', 'GOPROXY=https://goproxy.example.com,direct\n'],
  ];
  for (const [name, spec, before, after] of cases) {
    it(`${name}: ${JSON.stringify(before.split('\n').find((l) => l.includes('GOPROXY')))}`, () => {
      const src = new SourceText(`/w/${name}`, before);
      const a = parseAssignments(src, spec).assignments.find((x) => x.variable === 'GOPROXY')!;
      const e = valueEdit(src, a, V)!;
      assert.equal(applyTextEdits(before, [e]), after);
    });
  }
  it('a shell value with a pipe gets quotes (a bare | would start a pipeline)', () => {
    const src = new SourceText('/w/.envrc', 'export GOPROXY=https://old.example\n');
    const a = parseAssignments(src, { kind: 'envrc' }).assignments[0];
    assert.equal(applyTextEdits(src.text, [valueEdit(src, a, 'https://a.example|direct')!]), 'export GOPROXY="https://a.example|direct"\n');
  });
});
