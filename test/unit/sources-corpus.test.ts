import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceText } from '../../src/core/sources/source-text';
import { parseAssignments, type FileSpec } from '../../src/core/sources/parse-file';
import { parseGoMod, parseGoSum, parseGoWork } from '../../src/core/sources/go-mod';
import { valueEdit } from '../../src/core/sources/plan-edits';
import { applyTextEdits } from '../../src/core/edit/apply-edits';
import { LineIndex } from '../../src/core/edit/line-index';
import type { Assignment } from '../../src/core/model/workspace';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'sources');
const KINDS = ['gitlab-ci', 'github-actions', 'dockerfile', 'systemd', 'shell', 'dotenv', 'devcontainer', 'vscode-settings', 'go-env-file'];

/** How the test reads a corpus file of a folder (the file names say what they stand for). */
export function specFor(dir: string, name: string): FileSpec {
  switch (dir) {
    case 'shell': return name.includes('envrc') ? { kind: 'envrc' } : { kind: 'shell-rc', level: 'user' };
    case 'dotenv': return name.replace(/^(crlf|bom)-/, '') === 'environment' ? { kind: 'etc-environment', level: 'global' } : { kind: 'dotenv' };
    case 'vscode-settings': return { kind: 'vscode-settings', level: name.includes('user') ? 'user' : 'workspace' };
    default: return { kind: dir as FileSpec['kind'] };
  }
}

export function readCorpus(dir: string, name: string): SourceText {
  const file = path.join(CORPUS, dir, name);
  return new SourceText(file, fs.readFileSync(file, 'utf8'));
}

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(path.join(CORPUS, dir)).filter((n) => n !== 'expect.json').sort();
}

/** The offsets of an assignment's value span. */
function offsets(src: SourceText, a: Assignment): { start: number; end: number } {
  return { start: src.index.offset(a.range.startLine, a.range.startColumn), end: src.index.offset(a.range.endLine, a.range.endColumn) };
}

describe('sources: corpus of real-world config files', () => {
  for (const dir of KINDS) {
    describe(dir, () => {
      const expect = JSON.parse(fs.readFileSync(path.join(CORPUS, dir, 'expect.json'), 'utf8')) as Record<string, Array<[string, string, number]>>;
      it('has at least 15 files, each with expectations', () => {
        const files = corpusFiles(dir);
        assert.ok(files.length >= 15, `${files.length} files`);
        for (const f of files) assert.ok(f in expect, `expectation for ${f}`);
      });
      for (const name of corpusFiles(dir)) {
        it(`${name}: every assignment, its value and line; spans hold the raw text`, () => {
          const src = readCorpus(dir, name);
          const r = parseAssignments(src, specFor(dir, name));
          const got = r.assignments.map((a) => [a.variable, a.value, a.range.startLine] as [string, string, number]);
          const key = (x: [string, string, number]) => JSON.stringify(x);
          assert.deepEqual(got.map(key).sort(), expect[name].map(key).sort());
          for (const a of r.assignments) {
            const o = offsets(src, a);
            assert.ok(o.start >= 0 && o.end >= o.start, `span of ${a.variable}`);
            assert.equal(src.text.slice(o.start, o.end), a.raw, `raw text of ${a.variable} at its span`);
            assert.equal(a.range.file, src.file);
          }
        });
      }
    });
  }
});

describe('sources: round trip of value edits over the corpus', () => {
  const NEW_VALUES = ['https://goproxy.example.net,direct', 'https://a.example|https://b.example', "it's \"odd\" $HOME #x"];
  for (const dir of KINDS) {
    for (const name of corpusFiles(dir)) {
      it(`${dir}/${name}: each value rewritten, re-read, only the span changed`, () => {
        const src = readCorpus(dir, name);
        const spec = specFor(dir, name);
        const before = parseAssignments(src, spec).assignments;
        for (const a of before) {
          if (a.resolution !== 'literal') continue;
          for (const value of NEW_VALUES) {
            const edit = valueEdit(src, a, value);
            if (!edit) {
              // Only values no quoting of this syntax can hold may be refused.
              assert.ok(dir === 'go-env-file' ? /[\r\n]/.test(value) : /["'$#]/.test(value), `${a.variable}@${a.range.startLine}: no edit for ${value}`);
              continue;
            }
            const o = offsets(src, a);
            assert.equal(edit.startLine, a.range.startLine);
            assert.equal(edit.startColumn, a.range.startColumn);
            const next = applyTextEdits(src.text, [edit]);
            // Everything outside the span is byte for byte the same.
            assert.equal(next.slice(0, o.start), src.text.slice(0, o.start));
            assert.equal(next.slice(o.start + edit.newText.length), src.text.slice(o.end));
            const again = parseAssignments(new SourceText(src.file, (src.bom ? '\uFEFF' : '') + next), spec).assignments;
            const same = again.find((b) => b.variable === a.variable && b.range.startLine === a.range.startLine && b.range.startColumn === a.range.startColumn);
            assert.ok(same, `${a.variable} still at ${a.range.startLine}:${a.range.startColumn}`);
            assert.equal(same.value, value);
            assert.equal(again.length, before.length, 'no assignment appears or disappears');
            // Line endings are kept: CRLF files stay CRLF. (In the go/env file the `\r` of a
            // CRLF line is part of the value as go reads it, so the edit replaces it.)
            if (dir !== 'go-env-file') assert.equal(new LineIndex(next).eol, src.index.eol);
          }
        }
      });
    }
  }
});

describe('sources: go.mod, go.work and go.sum corpus', () => {
  const dir = 'go-mod';
  const expect = JSON.parse(fs.readFileSync(path.join(CORPUS, dir, 'expect.json'), 'utf8')) as Record<string, any>;
  it('has at least 15 files', () => assert.ok(corpusFiles(dir).length >= 15));
  for (const name of corpusFiles(dir)) {
    it(name, () => {
      const src = readCorpus(dir, name);
      const e = expect[name];
      if (e.sum) {
        const s = parseGoSum(src);
        assert.equal(s.lines.length, e.lines);
        assert.equal(s.errors.length, e.errors);
        for (const l of s.lines) assert.equal(src.index.lineText(l.location.startLine).trim(), `${l.path} ${l.version} ${l.hash}`);
        return;
      }
      if (e.work) {
        const w = parseGoWork(src);
        assert.equal(w.go?.version, e.go);
        assert.deepEqual(w.uses.map((u) => u.path), e.uses);
        assert.equal(w.replaces.length, e.replaces);
        assert.equal(w.errors.length, e.errors);
        return;
      }
      const m = parseGoMod(src);
      assert.equal(m.module, e.module);
      assert.equal(m.go?.version, e.go);
      assert.equal(m.toolchain?.name, e.toolchain);
      assert.deepEqual(m.requires.map((r) => [r.path, r.version, r.location.startLine]), e.requires);
      assert.equal(m.replaces.length, e.replaces);
      assert.equal(m.errors.length, e.errors);
      for (const err of m.errors) assert.ok(err.location.startLine >= 1 && err.location.file === src.file);
      if (m.moduleLocation) {
        const o = src.index.offset(m.moduleLocation.startLine, m.moduleLocation.startColumn);
        const t = src.text.slice(o, src.index.offset(m.moduleLocation.endLine, m.moduleLocation.endColumn));
        assert.ok(t === m.module || t.slice(1, -1) === m.module, `module span holds ${t}`);
      }
    });
  }
});
