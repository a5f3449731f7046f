import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hash1, hashDir, hashGoMod, hashZip } from '../../src/core/cache/dirhash';
import { makeZip, moduleZip } from '../lab/module-zip';

// golang.org/x/mod sumdb/dirhash/hash_test.go (mod@fe2ec04) and go.sum lines written by go1.19.8.
const h = (s: string) => createHash('sha256').update(s).digest('hex');
const htop = (s: string) => `h1:${createHash('sha256').update(s).digest('base64')}`;

describe('dirhash: Hash1 vectors', () => {
  it('TestHash1', () => {
    const want = htop(`${h('data for abc')}  abc\n${h('data for xyz')}  xyz\n`);
    assert.equal(want, 'h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=');
    assert.equal(hash1({ xyz: 'data for xyz', abc: 'data for abc' }), want);
  });

  it('rejects names with a newline', () => {
    assert.throws(() => hash1({ 'a\nb': 'x' }), /dirhash: filenames with newlines are not supported/);
  });

  it('go.mod hashes as go.sum records them', () => {
    assert.equal(hashGoMod(Buffer.from('module example.com/hello\n\ngo 1.16\n')), 'h1:KiOQ06xjfGr6WWAyTSh0fAZKdtLtQXwyzx0F7zRiA2I=');
    assert.equal(hashGoMod(Buffer.from('module example.com/incompat\n')), 'h1:tupQKLSuyHTzRV+W5U7HQ8m+5JXaqhtfgmWTkbd3U+k=');
    assert.equal(hashGoMod(Buffer.alloc(0)), 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=');
    assert.equal(hash1({}), 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('sorts by bytes, not by UTF-16 code units', () => {
    // U+FF5E (UTF-8 ef bd 9e) sorts before U+1F600 (f0 9f 98 80) in bytes; in UTF-16 it is after.
    const a = '\uFF5E';
    const b = '\u{1F600}';
    assert.equal(hash1({ [b]: '1', [a]: '2' }), htop(`${h('2')}  ${a}\n${h('1')}  ${b}\n`));
  });
});

describe('dirhash: HashDir and HashZip', () => {
  let dir: string;
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-dirhash-'));
  });
  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('TestHashDir', async () => {
    const d = path.join(dir, 'tree');
    await fsp.mkdir(d);
    await fsp.writeFile(path.join(d, 'xyz'), 'data for xyz');
    await fsp.writeFile(path.join(d, 'abc'), 'data for abc');
    const r = await hashDir(d, 'prefix');
    assert.equal(r.hash, 'h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=');
    assert.equal(r.hash, htop(`${h('data for abc')}  prefix/abc\n${h('data for xyz')}  prefix/xyz\n`));
  });

  it('TestHashZip (streamed from the central directory, deflated and stored)', async () => {
    const want = htop(`${h('data for abc')}  prefix/abc\n${h('data for xyz')}  prefix/xyz\n`);
    for (const store of [false, true]) {
      const f = path.join(dir, `t-${store}.zip`);
      await fsp.writeFile(f, makeZip([{ name: 'prefix/xyz', data: 'data for xyz', store }, { name: 'prefix/abc', data: 'data for abc', store }]));
      assert.equal((await hashZip(f)).hash, want);
    }
  });

  it('module zip of example.com/hello@v1.0.0 hashes to the go.sum line go writes', async () => {
    const f = path.join(dir, 'hello.zip');
    await fsp.writeFile(f, moduleZip('example.com/hello', 'v1.0.0', {
      'go.mod': 'module example.com/hello\n\ngo 1.16\n',
      'hello.go': 'package hello\n\nfunc Hello() string { return "hello" }\n',
    }));
    assert.equal((await hashZip(f)).hash, 'h1:gs5rzous9MLvET163M6ToWy96w2xqKCTuglpJoSElpQ=');
  });

  it('a wrong CRC, an understated size or garbage fail as archive/zip fails', async () => {
    const bad = path.join(dir, 'bad.zip');
    await fsp.writeFile(bad, makeZip([{ name: 'm@v1.0.0/a', data: 'hello', crc: 1234 }]));
    await assert.rejects(hashZip(bad), /zip: checksum error/);
    await fsp.writeFile(bad, makeZip([{ name: 'm@v1.0.0/a', data: 'hello world', declaredSize: 3 }]));
    await assert.rejects(hashZip(bad), /zip: not a valid zip file/);
    await fsp.writeFile(bad, 'this is not a zip file at all, just text');
    await assert.rejects(hashZip(bad), /not a valid zip file/);
  });

  it('a zip bomb is refused by its declared size before anything is inflated', async () => {
    const bomb = path.join(dir, 'bomb.zip');
    await fsp.writeFile(bomb, makeZip([{ name: 'm@v1.0.0/a', data: Buffer.alloc(1 << 20), declaredSize: 0xfffffff0 }]));
    await assert.rejects(hashZip(bomb), /more than/);
    // A small declared size with a large real body stops at the declared size.
    await fsp.writeFile(bomb, makeZip([{ name: 'm@v1.0.0/a', data: Buffer.alloc(8 << 20), declaredSize: 100 }]));
    await assert.rejects(hashZip(bomb), /not a valid zip file/);
  });
});
