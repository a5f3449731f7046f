import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  EMPTY_HASH, type Hash, checkRecord, checkTree, proveRecord, proveTree, recordHash, splitStoredHashIndex,
  storedHashCount, storedHashIndex, storedHashes, treeHash,
} from '../../src/core/sumdb/tlog';
import { type Tile, hashFromTile, newTiles, parseTilePath, readTileData, tileForIndex, tileHashReader, tileKey, tilePath } from '../../src/core/sumdb/tile';
import { formatRecord, formatTree, parseRecord, parseTree } from '../../src/core/sumdb/tree-note';

// Ported from golang.org/x/mod sumdb/tlog/tlog_test.go, tile_test.go, note_test.go (mod@fe2ec04).
describe('tlog: TestTree (100 leaves, height-2 tiles, proofs, tampering)', function () {
  this.timeout(60000);
  it('builds, proves and checks like Go', async () => {
    const storage: Hash[] = [];
    const read = (idx: number[]) => {
      for (let i = 1; i < idx.length; i++) assert.ok(idx[i - 1] < idx[i], 'indexes in increasing order');
      return idx.map((x) => storage[x]);
    };
    const tiles = new Map<string, Buffer>();
    const trees: Hash[] = [];
    const leaves: Hash[] = [];
    const H = 2;
    for (let i = 0; i < 100; i++) {
      const data = Buffer.from(`leaf ${i}`);
      const hashes = await storedHashes(i, data, read);
      leaves.push(recordHash(data));
      const old = storage.length;
      storage.push(...hashes);
      assert.equal(storedHashCount(i + 1), storage.length);
      const th = await treeHash(i + 1, read);
      for (const tile of newTiles(H, i, i + 1)) {
        const d = await readTileData(tile, read);
        const prev = tiles.get(tileKey({ ...tile, W: tile.W - 1 }));
        if (prev) assert.ok(d.subarray(0, prev.length).equals(prev), `tile ${tilePath(tile)} extends the earlier one`);
        else assert.equal(tile.W, 1);
        tiles.set(tileKey(tile), d);
      }
      for (const tile of newTiles(H, 0, i + 1)) assert.ok((await readTileData(tile, read)).equals(tiles.get(tileKey(tile))!));
      for (let j = old; j < storage.length; j++) {
        const tile = tileForIndex(H, j);
        const d = tiles.get(tileKey(tile));
        assert.ok(d, `TileForIndex(${H}, ${j}) = ${tilePath(tile)} stored`);
        assert.ok(hashFromTile(tile, d, j).equals(storage[j]));
      }
      trees.push(th);
      for (let j = 0; j <= i; j++) {
        const p = await proveRecord(i + 1, j, read);
        checkRecord(p, i + 1, th, j, leaves[j]);
        for (let k = 0; k < p.length; k++) {
          p[k][0] ^= 1;
          assert.throws(() => checkRecord(p, i + 1, th, j, leaves[j]), /invalid transparency proof/);
          p[k][0] ^= 1;
        }
      }
      const thr = tileHashReader({ N: i + 1, hash: th }, { height: H, readTiles: async (ts: Tile[]) => ts.map((t) => tiles.get(tileKey(t))!) });
      for (let j = 0; j <= i; j++) {
        const [h] = await thr([storedHashIndex(0, j)]);
        assert.ok(h.equals(leaves[j]));
        checkRecord(await proveRecord(i + 1, j, thr), i + 1, th, j, leaves[j]);
      }
      await assert.rejects(thr([(i + 1) * 2]), /indexes not in tree/);
      for (let j = 0; j <= i; j++) {
        assert.ok((await treeHash(j + 1, thr)).equals(trees[j]));
        const p = await proveTree(i + 1, j + 1, thr);
        checkTree(p, i + 1, th, j + 1, trees[j]);
        for (let k = 0; k < p.length; k++) {
          p[k][0] ^= 1;
          assert.throws(() => checkTree(p, i + 1, th, j + 1, trees[j]));
          p[k][0] ^= 1;
        }
      }
    }
  });

  it('a tile that does not match the signed tree is rejected', async () => {
    const storage: Hash[] = [];
    const read = (idx: number[]) => idx.map((x) => storage[x]);
    for (let i = 0; i < 10; i++) storage.push(...(await storedHashes(i, Buffer.from(`leaf ${i}`), read)));
    const th = await treeHash(10, read);
    const thr = tileHashReader({ N: 10, hash: th }, {
      height: 2,
      readTiles: async (ts: Tile[]) => Promise.all(ts.map(async (t) => {
        const d = await readTileData(t, read);
        if (t.L === 0 && t.N === 0) d[5] ^= 1;
        return d;
      })),
    });
    await assert.rejects(thr([storedHashIndex(0, 1)]), /downloaded inconsistent tile/);
  });
});

describe('tlog: index math and paths', () => {
  it('TestSplitStoredHashIndex', () => {
    for (let l = 0; l < 10; l++) {
      for (let n = 0; n < 100; n++) {
        const x = storedHashIndex(l, n);
        assert.deepEqual(splitStoredHashIndex(x), [l, n]);
      }
    }
  });

  it('TestTilePath', () => {
    const rows: Array<[string, Tile | null]> = [
      ['tile/4/0/001', { H: 4, L: 0, N: 1, W: 16 }],
      ['tile/4/0/001.p/5', { H: 4, L: 0, N: 1, W: 5 }],
      ['tile/3/5/x123/x456/078', { H: 3, L: 5, N: 123456078, W: 8 }],
      ['tile/3/5/x123/x456/078.p/2', { H: 3, L: 5, N: 123456078, W: 2 }],
      ['tile/1/0/x003/x057/500', { H: 1, L: 0, N: 3057500, W: 2 }],
      ['tile/3/5/123/456/078', null],
      ['tile/3/-1/123/456/078', null],
      ['tile/1/data/x003/x057/500', { H: 1, L: -1, N: 3057500, W: 2 }],
    ];
    for (const [p, t] of rows) {
      if (t) assert.equal(tilePath(t), p);
      assert.deepEqual(parseTilePath(p), t, p);
    }
  });

  it('TestNewTilesForSize', () => {
    for (const [o, n, want] of [[1, 1, 0], [100, 101, 1], [1023, 1025, 3], [1024, 1030, 1], [1030, 2000, 1], [1030, 10000, 10], [49516517, 49516586, 3]]) {
      assert.equal(newTiles(10, o, n).length, want, `${o}-${n}`);
    }
  });

  it('TestEmptyTree', async () => {
    assert.ok((await treeHash(0, () => [])).equals(createHash('sha256').digest()));
    assert.ok(EMPTY_HASH.equals(createHash('sha256').digest()));
  });
});

describe('tlog: tree and record text (Go note_test.go)', () => {
  const golden = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';
  it('FormatTree / ParseTree', () => {
    assert.equal(formatTree({ N: 123456789012, hash: recordHash(Buffer.from('hello world')) }), golden);
    const t = parseTree(golden);
    assert.equal(t.N, 123456789012);
    assert.ok(t.hash.equals(recordHash(Buffer.from('hello world'))));
    for (const bad of ['not-' + golden, 'go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n', 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n']) {
      assert.throws(() => parseTree(bad), /malformed tree note/);
    }
    for (const good of [golden + 'JOE', golden + 'JOE\n', golden + 'JOE\n'.repeat(1000)]) assert.equal(parseTree(good).N, 123456789012);
  });

  it('FormatRecord / ParseRecord', () => {
    assert.equal(formatRecord(123456789012, Buffer.from('hello, world\n')).toString(), '123456789012\nhello, world\n\n');
    for (const bad of ['', 'hello\nworld', 'hello\n\nworld\n', 'hello\x01world\n']) assert.throws(() => formatRecord(1, Buffer.from(bad)));
    const r = parseRecord(Buffer.concat([Buffer.from('123456789012\nhello, world\n\njunk on end\x01'), Buffer.from([0xff])]));
    assert.equal(r.id, 123456789012);
    assert.equal(r.text.toString(), 'hello, world\n');
    assert.deepEqual([...r.rest], [...Buffer.from('junk on end\x01'), 0xff]);
    const r2 = parseRecord(Buffer.from('123456789012\nhello, world\n\n'));
    assert.equal(r2.rest.length, 0);
    const badRecords = [Buffer.from('not-123456789012\nhello, world\n\n'), Buffer.from('123\nhello\x01world\n\n'), Buffer.concat([Buffer.from('123\nhello'), Buffer.from([0xff]), Buffer.from('world\n\n')]), Buffer.from('123\nhello world\n'), Buffer.from('0x123\nhello world\n\n')];
    for (const b of badRecords) assert.throws(() => parseRecord(b), /malformed record data/);
  });
});
