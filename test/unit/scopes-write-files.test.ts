import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, writeFilesAllOrNothing, type FileWrite } from '../../src/core/edit/write-files';
import { snapshotReads } from '../../src/core/edit/read-snapshots';
import { nodeHost } from '../../src/core/host/node-host';
import { tempTree } from './scopes-helpers';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('edit: writing repaired files, all or none', () => {
  let t: ReturnType<typeof tempTree>;
  beforeEach(() => {
    t = tempTree({ 'ws/a': 'A1\n', 'ws/b': 'B1\n', 'out/o': 'O1\n' });
  });
  afterEach(() => t.cleanup());
  const p = (rel: string) => path.join(t.dir, rel);
  const read = (rel: string) => fs.readFileSync(p(rel), 'utf8');
  const w = (rel: string, expected: string, next: string): FileWrite => ({ file: p(rel), expected: b(expected), next: b(next) });

  it('refuses a file that is not what was read (a stale snapshot), even at the same size and mtime', async () => {
    const st = fs.statSync(p('ws/a'));
    fs.writeFileSync(p('ws/a'), 'A2\n');
    fs.utimesSync(p('ws/a'), st.atime, st.mtime);
    const r = await writeFilesAllOrNothing([w('ws/b', 'B1\n', 'B9\n'), w('ws/a', 'A1\n', 'A9\n')], { root: p('ws') });
    assert.deepEqual(r.failures.map((f) => [path.basename(f.file), f.code]), [['a', 'changed']]);
    assert.deepEqual(r.written, []);
    assert.equal(read('ws/a'), 'A2\n');
    assert.equal(read('ws/b'), 'B1\n', 'nothing written when one file is refused');
  });

  it('a change just before a write puts back the files already written', async () => {
    const r = await writeFilesAllOrNothing([w('ws/a', 'A1\n', 'A9\n'), w('ws/b', 'B1\n', 'B9\n')], {
      root: p('ws'),
      beforeWrite: (file) => {
        if (file === p('ws/b')) fs.writeFileSync(file, 'B2, written by someone else\n');
      },
    });
    assert.deepEqual(r.failures.map((f) => [path.basename(f.file), f.code]), [['b', 'changed'], ['a', 'restored']]);
    assert.deepEqual(r.written, []);
    assert.equal(read('ws/a'), 'A1\n');
    assert.equal(read('ws/b'), 'B2, written by someone else\n');
  });

  it('a file replaced by a rename after the check (as editors save) is refused, not written unseen', async () => {
    const r = await writeFilesAllOrNothing([w('ws/a', 'A1\n', 'A9\n')], {
      beforeWrite: (file) => {
        fs.writeFileSync(`${file}.new`, 'A1\n');
        fs.renameSync(`${file}.new`, file);
      },
    });
    assert.deepEqual(r.failures.map((f) => f.code), ['changed']);
    assert.equal(read('ws/a'), 'A1\n');
  });

  it('a file changed after it was written is not put back over that change', async () => {
    const r = await writeFilesAllOrNothing([w('ws/a', 'A1\n', 'A9\n'), w('ws/b', 'B1\n', 'B9\n')], {
      beforeWrite: (file) => {
        if (file === p('ws/b')) {
          fs.writeFileSync(p('ws/a'), 'A3\n');
          fs.writeFileSync(file, 'B2\n');
        }
      },
    });
    assert.deepEqual(r.failures.map((f) => [path.basename(f.file), f.code]), [['b', 'changed'], ['a', 'not-restored']]);
    assert.equal(read('ws/a'), 'A3\n');
  });

  it('writes through a symlink inside the root; refuses one leading out of it', async () => {
    fs.symlinkSync('a', p('ws/link-in'));
    fs.symlinkSync(p('out/o'), p('ws/link-out'));
    const ok = await writeFilesAllOrNothing([w('ws/link-in', 'A1\n', 'A9\n')], { root: p('ws') });
    assert.deepEqual(ok, { written: [p('ws/link-in')], failures: [] });
    assert.ok(fs.lstatSync(p('ws/link-in')).isSymbolicLink());
    assert.equal(read('ws/a'), 'A9\n');

    const out = await writeFilesAllOrNothing([w('ws/b', 'B1\n', 'B9\n'), w('ws/link-out', 'O1\n', 'O9\n')], { root: p('ws') });
    assert.deepEqual(out.failures.map((f) => f.code), ['outside-workspace']);
    assert.match(out.failures[0].message, /leads through a symlink to .*out\/o, outside the workspace/);
    assert.equal(read('out/o'), 'O1\n');
    assert.equal(read('ws/b'), 'B1\n');
    // A file outside the root (a dotfile linked into a repository) is written through.
    fs.symlinkSync(p('out/o'), p('out/dotfile'));
    const home = await writeFilesAllOrNothing([w('out/dotfile', 'O1\n', 'O9\n')], { root: p('ws') });
    assert.deepEqual(home.failures, []);
    assert.ok(fs.lstatSync(p('out/dotfile')).isSymbolicLink());
    assert.equal(read('out/o'), 'O9\n');
  });

  it('refuses two names of one file (their edits were computed twice)', async () => {
    fs.linkSync(p('ws/a'), p('ws/a2'));
    const r = await writeFilesAllOrNothing([w('ws/a', 'A1\n', 'A9\n'), w('ws/a2', 'A1\n', 'A8\n')]);
    assert.deepEqual(r.failures.map((f) => [path.basename(f.file), f.code]), [['a2', 'same-file']]);
    assert.equal(read('ws/a'), 'A1\n');
  });

  it('refuses what is not a regular file without opening it (a FIFO, a folder) and a missing file', async () => {
    execFileSync('mkfifo', [p('ws/fifo')]);
    fs.mkdirSync(p('ws/dir'));
    const r = await writeFilesAllOrNothing([w('ws/fifo', '', 'x'), w('ws/dir', '', 'x'), w('ws/gone', '', 'x'), w('ws/a', 'A1\n', 'A9\n')]);
    assert.deepEqual(r.failures.map((f) => [path.basename(f.file), f.code]), [['fifo', 'not-regular'], ['dir', 'not-regular'], ['gone', 'missing']]);
    assert.equal(read('ws/a'), 'A1\n');
  });

  it('a file whose bytes do not change is not touched, read-only or not', async () => {
    fs.chmodSync(p('ws/a'), 0o444);
    const r = await writeFilesAllOrNothing([w('ws/a', 'A1\n', 'A1\n')]);
    assert.deepEqual(r, { written: [], failures: [] });
  });
});

describe('edit: snapshots of the files read', () => {
  it('tells bytes read again from those read first, and marks a file read twice differently', async () => {
    const t = tempTree({ a: 'one\n', b: 'two\n' });
    try {
      const s = snapshotReads(nodeHost({ env: {}, cwd: t.dir }));
      const a = path.join(t.dir, 'a');
      const bb = path.join(t.dir, 'b');
      assert.equal(String(await s.host.readFile(a)), 'one\n');
      await s.host.readFile(bb);
      assert.equal(s.changedSinceRead(a, b('one\n')), false);
      assert.equal(s.changedSinceRead(a, b('one!\n')), true);
      fs.writeFileSync(bb, 'three\n');
      assert.equal(String(await s.host.readFile(bb)), 'three\n');
      // Changed while the workspace was read: whatever is compared later.
      assert.equal(s.changedSinceRead(bb, b('two\n')), true);
      assert.equal(s.changedSinceRead(bb, b('three\n')), true);
      assert.equal(s.changedSinceRead(path.join(t.dir, 'never-read'), b('x')), false);
      assert.equal(s.host.cwd, t.dir, "every other member is the host's");
    } finally {
      t.cleanup();
    }
  });
});

describe('edit: reading a file to repair', () => {
  it('reads a regular file; refuses a FIFO without hanging, a folder, and a file too large', async () => {
    const t = tempTree({ a: 'one\n' });
    try {
      execFileSync('mkfifo', [path.join(t.dir, 'fifo')]);
      assert.equal(String(await readRegularFile(path.join(t.dir, 'a'), 100)), 'one\n');
      await assert.rejects(readRegularFile(path.join(t.dir, 'fifo'), 100), { code: 'EFTYPE' });
      await assert.rejects(readRegularFile(t.dir, 100), { code: 'EFTYPE' });
      await assert.rejects(readRegularFile(path.join(t.dir, 'a'), 3), { code: 'EFBIG' });
    } finally {
      t.cleanup();
    }
  });
});
