import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanLog } from '../../src/core/errors/parse-error-text';

// The "$go-proxy" problem matcher of the manifest, applied as VS Code's task system applies a
// single-line matcher (src/vs/workbench/contrib/tasks/common/problemMatcher.ts: the file group
// is joined to the "relative" prefix and normalized; a "file" kind has no position).
const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const corpus: Array<{ name: string; text: string }> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'errors', 'corpus.json'), 'utf8'));

interface Matcher {
  name: string;
  owner: string;
  source: string;
  fileLocation: [string, string];
  pattern: { regexp: string; kind: string; file: number; message: number };
}
const matcher: Matcher = pkg.contributes.problemMatchers.find((m: Matcher) => m.name === 'go-proxy');

function match(line: string, workspaceFolder = '/ws'): { file: string; message: string } | undefined {
  const m = new RegExp(matcher.pattern.regexp).exec(line);
  if (!m || !m[matcher.pattern.file]?.trim() || !m[matcher.pattern.message]) return undefined;
  const prefix = matcher.fileLocation[1].replace('${workspaceFolder}', workspaceFolder);
  return { file: path.posix.normalize(path.posix.join(prefix, m[matcher.pattern.file].trim())), message: m[matcher.pattern.message] };
}

describe('errors-ui: the $go-proxy problem matcher', () => {
  it('is declared with an owner of its own (not the extension\'s diagnostics collection) on go.mod', () => {
    assert.ok(matcher);
    assert.equal(matcher.owner, 'goProxyDoctor.tasks');
    assert.equal(matcher.source, 'go');
    assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}/go.mod']);
    assert.equal(matcher.pattern.kind, 'file');
    const diagnostics = fs.readFileSync(path.join(root, 'src', 'vscode', 'diagnostics.ts'), 'utf8');
    assert.ok(!diagnostics.includes(`createDiagnosticCollection('${matcher.owner}')`), 'task markers and the extension\'s diagnostics would clear each other');
  });

  it('puts go\'s module failures on the workspace go.mod with go\'s whole line as the message', () => {
    // go@1.19.8 prints exactly this for `go mod download` against a closed loopback port.
    const line = 'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:9/example.com/hello/@v/v1.0.0.info": dial tcp 127.0.0.1:9: connect: connection refused';
    assert.deepEqual(match(line, '/home/me/app'), { file: '/home/me/app/go.mod', message: line });
    for (const l of [
      'verifying example.com/hello@v1.0.0: checksum mismatch',
      'verifying github.com/x/y@v1.2.0/go.mod: checksum mismatch',
      'go: verifying module: example.com/m@v1.0.0: reading https://sum.golang.org/lookup/example.com/m@v1.0.0: 410 Gone',
      'go get: example.com/m@v1.0.0: unrecognized import path "example.com/m": https fetch: Get "https://example.com/m?go-get=1": EOF',
      'go mod download: example.com/m@v1.0.0: reading https://proxy.example/example.com/m/@v/v1.0.0.info: 404 Not Found',
    ]) assert.equal(match(l)?.file, '/ws/go.mod', l);
  });

  it('leaves progress, continuation lines and other output alone', () => {
    for (const l of [
      'go: downloading example.com/hello v1.0.0',
      'go: finding module for package example.com/x',
      '\tserver response: not found',
      'example.com/m@v1.0.0: bare module lines are not go\'s own failures',
      'ok  \texample.com/app\t0.01s',
      'main.go:4:2: missing go.sum entry for module providing package rsc.io/quote',
    ]) assert.equal(match(l), undefined, l);
  });

  it('matches the first line of the corpus failures that name a module and version', () => {
    let n = 0;
    for (const c of corpus) {
      for (const l of cleanLog(c.text)) {
        if (!/^(?:go(?: [a-z]+){0,2}: )[^\s@:]+\.[^\s@:]*@v\d[^\s:]*: /.test(l)) continue;
        const m = match(l);
        assert.ok(m, `${c.name}: ${l}`);
        assert.equal(m.message, l);
        n++;
      }
    }
    assert.ok(n >= 30, `${n} lines`);
  });
});
