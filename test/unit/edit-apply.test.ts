import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEditsToBytes, applyTextEdits, EditError } from '../../src/core/edit/apply-edits';
import { LineIndex } from '../../src/core/edit/line-index';
import { unifiedDiff } from '../../src/core/edit/unified-diff';
import type { TextEdit } from '../../src/core/model/location';

const edit = (startLine: number, startColumn: number, endLine: number, endColumn: number, newText: string): TextEdit => ({ file: 'f', startLine, startColumn, endLine, endColumn, newText });

describe('edit: line index', () => {
  it('counts UTF-16 columns and treats CRLF as one line break', () => {
    const idx = new LineIndex('a😀b\r\nxyz');
    assert.deepEqual(idx.position(3), { line: 1, column: 4 }); // after the surrogate pair
    assert.deepEqual(idx.position(6), { line: 2, column: 1 });
    assert.equal(idx.offset(2, 4), 9);
    assert.equal(idx.offset(2, 5), -1);
    assert.equal(idx.lineText(1), 'a😀b');
    assert.equal(idx.eol, '\r\n');
  });
});

describe('edit: applying text edits', () => {
  it('applies several edits at once, in any order', () => {
    assert.equal(applyTextEdits('one two\nthree\n', [edit(2, 1, 2, 6, '3'), edit(1, 5, 1, 8, '2')]), 'one 2\n3\n');
  });
  it('inserts at an empty span', () => {
    assert.equal(applyTextEdits('ab', [edit(1, 2, 1, 2, 'X')]), 'aXb');
  });
  it('refuses overlapping edits and spans outside the text, changing nothing', () => {
    assert.throws(() => applyTextEdits('abcdef', [edit(1, 1, 1, 4, 'x'), edit(1, 3, 1, 5, 'y')]), EditError);
    assert.throws(() => applyTextEdits('abc', [edit(3, 1, 3, 2, 'x')]), EditError);
  });
  it('keeps the BOM and every byte outside the span', () => {
    const bytes = Buffer.from('\uFEFFGOPROXY=a\r\nX=1\r\n', 'utf8');
    const out = applyEditsToBytes(bytes, [edit(1, 9, 1, 10, 'https://b')]);
    assert.equal(out.toString('utf8'), '\uFEFFGOPROXY=https://b\r\nX=1\r\n');
  });
  it('refuses bytes that are not UTF-8', () => {
    assert.throws(() => applyEditsToBytes(Buffer.from([0x41, 0xff, 0x0a]), [edit(1, 1, 1, 2, 'B')]), /not UTF-8/);
  });
});

describe('edit: unified diff (compared with diff -u)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-diff-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
  const CASES: Array<[string, string, string]> = [
    ['one change in the middle', lines(20), lines(20).replace('line 10\n', 'LINE 10\n')],
    ['two far apart', lines(30), lines(30).replace('line 3\n', 'x\n').replace('line 27\n', 'y\n')],
    ['two close together', lines(12), lines(12).replace('line 4\n', 'x\n').replace('line 8\n', 'y\n')],
    ['insertion at the top', lines(5), 'new\n' + lines(5)],
    ['insertion at the end', lines(5), lines(5) + 'new\n'],
    ['no newline at end', 'a\nb', 'a\nc'],
    ['CRLF lines', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
    ['line added in the middle', lines(9), lines(9).replace('line 5\n', 'line 5\nENV X=1\n')],
  ];
  for (const [name, a, b] of CASES) {
    it(name, () => {
      fs.writeFileSync(path.join(dir, 'a'), a);
      fs.writeFileSync(path.join(dir, 'b'), b);
      let expected = '';
      try {
        execFileSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
      } catch (e) {
        expected = (e as { stdout: string }).stdout;
      }
      const ours = unifiedDiff(a, b, 'a', 'b');
      // Headers differ (diff prints timestamps); hunks must be identical.
      const body = (s: string) => s.split('\n').filter((l) => !l.startsWith('--- ') && !l.startsWith('+++ ')).join('\n');
      assert.equal(body(ours), body(expected));
    });
  }
  it('is empty when nothing changed', () => assert.equal(unifiedDiff('x\n', 'x\n', 'a', 'b'), ''));
});
