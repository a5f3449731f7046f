import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { SourceText } from '../../src/core/sources/source-text';
import { parseAssignments, type FileSpec } from '../../src/core/sources/parse-file';
import { insertEdit, valueEdit } from '../../src/core/sources/plan-edits';
import { applyTextEdits } from '../../src/core/edit/apply-edits';
import type { Location, TextEdit } from '../../src/core/model/location';
import { runScopeChecks, tempTree } from './scopes-helpers';
import { mutatedText } from './property-arbitraries';

/**
 * Property tests for the config-file readers: the realistic corpus under
 * test/fixtures/sources, mutated at random (inserted quotes, deleted brackets, duplicated
 * lines, NULs, BOMs), must never make a reader throw or hang; every span they report must
 * hold its raw text; every edit the doctor plans must read back and change only its span.
 */

const SEED = 0x5ce3;
const CORPUS = path.join(__dirname, '..', 'fixtures', 'sources');
const KINDS = ['gitlab-ci', 'github-actions', 'dockerfile', 'systemd', 'shell', 'dotenv', 'devcontainer', 'vscode-settings', 'go-env-file'];
/** One file of a few kB must never take this long to read. */
const SLOW_MS = 500;

function specFor(dir: string, name: string): FileSpec {
  switch (dir) {
    case 'shell': return name.includes('envrc') ? { kind: 'envrc' } : { kind: 'shell-rc', level: 'user' };
    case 'dotenv': return name.replace(/^(crlf|bom)-/, '') === 'environment' ? { kind: 'etc-environment', level: 'global' } : { kind: 'dotenv' };
    case 'vscode-settings': return { kind: 'vscode-settings', level: name.includes('user') ? 'user' : 'workspace' };
    default: return { kind: dir as FileSpec['kind'] };
  }
}

function corpus(dir: string): Array<{ name: string; text: string }> {
  return fs.readdirSync(path.join(CORPUS, dir)).filter((n) => n !== 'expect.json').sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(CORPUS, dir, name), 'utf8') }));
}

function parseBounded(src: SourceText, spec: FileSpec): ReturnType<typeof parseAssignments> {
  const t0 = performance.now();
  let r: ReturnType<typeof parseAssignments>;
  try {
    r = parseAssignments(src, spec);
  } catch (e) {
    throw new Error(`${spec.kind} reader threw on ${JSON.stringify(src.text).slice(0, 400)}: ${(e as Error).stack}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < SLOW_MS, `${spec.kind} reader took ${ms.toFixed(0)} ms`);
  return r;
}

function span(src: SourceText, l: Location): { start: number; end: number } {
  return { start: src.index.offset(l.startLine, l.startColumn), end: src.index.offset(l.endLine, l.endColumn) };
}

/** New values biased towards what quoting must survive. */
const NEW_VALUE = fc.oneof(
  fc.constantFrom('https://goproxy.example.net,direct', 'https://a.example|https://b.example', 'off', 'direct', '', 'corp.example,*.corp.example', '-mod=mod -modcacherw'),
  fc.array(fc.constantFrom('https://', 'a.example', ',', '|', ' ', '"', "'", '$', '$HOME', '${X}', '#', '\\', '`', '%', '=', ':', '\t', 'é', '{', '}', '[', ']'), { maxLength: 10 }).map((a) => a.join('')),
);

/** Applies one edit and checks that nothing outside its span changed. */
function applyOnly(src: SourceText, edit: TextEdit): string {
  const o = span(src, edit);
  assert.ok(o.start >= 0 && o.end >= o.start, `edit span ${JSON.stringify(edit)} inside the file`);
  const next = applyTextEdits(src.text, [edit]);
  assert.equal(next.slice(0, o.start), src.text.slice(0, o.start), 'text before the span unchanged');
  assert.equal(next.slice(o.start + edit.newText.length), src.text.slice(o.end), 'text after the span unchanged');
  return next;
}

describe(`property: config-file readers on mutated real-world files (seed ${SEED})`, function () {
  this.timeout(60000);
  for (const dir of KINDS) {
    const files = corpus(dir);
    it(`${dir}: mutated files never throw, stay fast, and every span holds its raw text`, () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: files.length - 1 }), mutatedText(files.map((f) => f.text)), (k, text) => {
        const spec = specFor(dir, files[k].name);
        const src = new SourceText(`/w/${files[k].name}`, text);
        const r = parseBounded(src, spec);
        for (const a of r.assignments) {
          const o = span(src, a.range);
          assert.ok(o.start >= 0 && o.end >= o.start, `span of ${a.variable}`);
          assert.equal(src.text.slice(o.start, o.end), a.raw, `raw text of ${a.variable}`);
        }
        for (const p of r.problems) {
          assert.equal(typeof p.message, 'string');
          assert.ok(p.message.length > 0);
          if (p.location) assert.ok(span(src, p.location).start >= 0, `problem location ${JSON.stringify(p.location)}`);
        }
      }), { seed: SEED, numRuns: 120 });
    });

    it(`${dir}: every planned value edit reads back as the new value and changes only the value span`, () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.boolean(), mutatedText(files.map((f) => f.text)), fc.nat(), NEW_VALUE, (k, mutate, mutatedSample, pick, value) => {
        const spec = specFor(dir, files[k].name);
        const src = new SourceText(`/w/${files[k].name}`, mutate ? mutatedSample : files[k].text);
        const before = parseBounded(src, spec);
        const literal = before.assignments.filter((a) => a.resolution === 'literal');
        if (literal.length === 0) return;
        const a = literal[pick % literal.length];
        const edit = valueEdit(src, a, value);
        if (!edit) return; // refusing is allowed; a wrong edit is not
        assert.deepEqual([edit.startLine, edit.startColumn, edit.endLine, edit.endColumn], [a.range.startLine, a.range.startColumn, a.range.endLine, a.range.endColumn], 'the edit covers the value span exactly');
        const next = applyOnly(src, edit);
        const again = parseBounded(new SourceText(src.file, next), spec);
        const same = again.assignments.find((b) => b.variable === a.variable && b.range.startLine === a.range.startLine && b.range.startColumn === a.range.startColumn);
        assert.ok(same, `${a.variable} still at ${a.range.startLine}:${a.range.startColumn}`);
        assert.equal(same.value, value);
      }), { seed: SEED, numRuns: 150 });
    });

    it(`${dir}: an inserted variable reads back and nothing else moves`, () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.constantFrom('GONOSUMDB', 'GOINSECURE', 'GOPRIVATE'), NEW_VALUE, (k, variable, value) => {
        const spec = specFor(dir, files[k].name);
        const src = new SourceText(`/w/${files[k].name}`, files[k].text);
        const before = parseBounded(src, spec).assignments;
        if (before.some((a) => a.variable === variable)) return; // only missing variables are inserted
        const edit = insertEdit(src, spec, variable, value);
        if (!edit) return;
        assert.deepEqual([edit.startLine, edit.startColumn], [edit.endLine, edit.endColumn], 'an insertion');
        const next = applyOnly(src, edit);
        const again = parseBounded(new SourceText(src.file, next), spec).assignments;
        assert.ok(again.some((b) => b.variable === variable && b.value === value), `${variable} reads back as ${JSON.stringify(value)}`);
        const key = (a: { variable: string; value: string }) => `${a.variable}=${a.value}`;
        for (const a of before) assert.ok(again.some((b) => key(b) === key(a)), `${key(a)} is still there`);
      }), { seed: SEED, numRuns: 60 });
    });
  }
});

describe(`property: the fixes the doctor proposes for mutated files (seed ${SEED})`, function () {
  this.timeout(120000);
  const PLACES: Record<string, string> = {
    'gitlab-ci': '.gitlab-ci.yml', 'github-actions': '.github/workflows/ci.yml', dockerfile: 'Dockerfile', systemd: 'deploy/app.service',
    shell: '.envrc', dotenv: '.env', devcontainer: '.devcontainer/devcontainer.json', 'vscode-settings': '.vscode/settings.json',
  };
  it('every edit fix re-reads without new problems and changes only its span', async () => {
    const samples = Object.entries(PLACES).flatMap(([dir, rel]) => {
      const texts = corpus(dir).filter((f) => dir !== 'shell' || f.name.includes('envrc')).map((f) => f.text);
      // A few files as written (they carry the findings) and a few mutated.
      return [...texts.slice(0, 3), ...fc.sample(mutatedText(texts), { seed: SEED, numRuns: 3 })].map((text) => ({ dir, rel, text }));
    });
    // Values go rejects, written the way people write them: each must get a working edit.
    const BAD: Array<[string, string, string]> = [
      ['gitlab-ci', '.gitlab-ci.yml', 'variables:\n  GOPROXY: "https://goproxy.corp.example;direct"  # corp\n  GOSUMDB: sum.golang.org+insecure\nbuild:\n  variables:\n    GOPROXY: Direct\n  script: [go build ./...]\n'],
      ['dockerfile', 'Dockerfile', 'FROM golang:1.22 AS build\r\nENV GOPROXY=https://goproxy.corp.example,DIRECT \\\r\n    GOFLAGS="-mod=mod -bogus"\r\nRUN go mod download\r\n'],
      ['dotenv', '.env', '\ufeffGOPROXY=\'https://a.example ,off\'\nGONOPROXY=https://corp.example/\nGO_PROXY=https://b.example\n'],
      ['systemd', 'deploy/app.service', '[Service]\nEnvironment="GOPROXY=https://proxy.golang.org,Off" GO111MODULE=yes\nExecStart=/usr/bin/app\n'],
      ['shell', '.envrc', 'export GOPROXY="https://goproxy.io direct"\nexport GOPRIVATE=https://git.corp.example/\n'],
      ['devcontainer', '.devcontainer/devcontainer.json', '{\n  // dev\n  "containerEnv": { "GOPROXY": "https://goproxy.cn,Direct", "GOSUMDB": "on", },\n}\n'],
    ];
    for (const [dir, rel, text] of BAD) samples.push({ dir, rel, text });
    let checked = 0;
    for (const s of samples) {
      const t = tempTree({ [s.rel]: s.text, 'go.mod': 'module example.com/app\n\ngo 1.21\n' });
      try {
        const { results, ws } = await runScopeChecks(t.dir);
        assert.ok(results.every((r) => r.status !== 'crashed'), `no check crashed on ${s.rel}: ${results.filter((r) => r.status === 'crashed').map((r) => r.reason).join('; ')}`);
        const file = path.join(t.dir, s.rel);
        const spec: FileSpec = ws.files?.find((f) => f.file === file)?.kind ? { kind: ws.files.find((f) => f.file === file)!.kind } : specFor(s.dir, s.rel);
        if (spec.kind === 'vscode-settings') spec.level = 'workspace';
        for (const r of results) {
          for (const f of r.findings) {
            for (const fix of f.fixes) {
              for (const e of fix.edits ?? []) {
                if (e.file !== file) continue;
                const src = new SourceText(file, fs.readFileSync(file, 'utf8'));
                const problemsBefore = parseBounded(src, spec).problems.length;
                const next = applyOnly(src, e);
                const again = parseBounded(new SourceText(file, next), spec);
                assert.ok(again.problems.length <= problemsBefore, `${fix.title} at ${e.startLine}:${e.startColumn} of ${s.rel} adds a problem: ${again.problems.map((p) => p.message).join('; ')}`);
                if (fix.variable && fix.value !== undefined) {
                  assert.ok(again.assignments.some((b) => b.variable === fix.variable && b.value === fix.value), `${fix.title}: ${fix.variable} reads back as ${JSON.stringify(fix.value)}`);
                }
                checked++;
              }
            }
          }
        }
      } finally {
        t.cleanup();
      }
    }
    assert.ok(checked >= 12, `only ${checked} edits were proposed; the corpus should trigger more`);
  });
});
