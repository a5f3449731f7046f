/**
 * Tiles of a tamper-evident log, exactly as golang.org/x/mod/sumdb/tlog (mod@fe2ec04
 * sumdb/tlog/tile.go): tile paths, hashes from tiles, and a HashReader that fetches tiles
 * and authenticates every one of them against a signed tree head.
 */
import { HASH_SIZE, type Hash, type HashReader, TlogError, nodeHash, splitStoredHashIndex, storedHashIndex, subTreeIndex } from './tlog';

export interface Tile {
  /** Height (1..30). */
  H: number;
  /** Level in the tiling (-1 = record data). */
  L: number;
  /** Number within the level. */
  N: number;
  /** Width (1..2^H; 2^H is a complete tile). */
  W: number;
}

/** Tile height used by the go command (mod sumdb/client.go: tileHeight = 8). */
export const GO_TILE_HEIGHT = 8;

export function tileKey(t: Tile): string {
  return `${t.H}/${t.L}/${t.N}/${t.W}`;
}

export function tileForIndex(h: number, index: number): Tile {
  return tileForIndexRange(h, index).tile;
}

function tileForIndexRange(h: number, index: number): { tile: Tile; start: number; end: number } {
  let [level, n] = splitStoredHashIndex(index);
  const L = Math.floor(level / h);
  level -= L * h;
  const N = Math.floor((n * 2 ** level) / 2 ** h);
  n -= Math.floor((N * 2 ** h) / 2 ** level);
  const W = (n + 1) * 2 ** level;
  return { tile: { H: h, L, N, W }, start: n * 2 ** level * HASH_SIZE, end: (n + 1) * 2 ** level * HASH_SIZE };
}

/** The hash with the given stored-hash index, read from the tile's data. */
export function hashFromTile(t: Tile, data: Uint8Array, index: number): Hash {
  if (t.H < 1 || t.H > 30 || t.L < 0 || t.L >= 64 || t.W < 1 || t.W > 2 ** t.H) throw new TlogError(`invalid tile ${tilePath(t)}`, 'invalid-input');
  if (data.length < t.W * HASH_SIZE) throw new TlogError(`data len ${data.length} too short for tile ${tilePath(t)}`, 'malformed');
  const { tile: t1, start, end } = tileForIndexRange(t.H, index);
  if (t.L !== t1.L || t.N !== t1.N || t.W < t1.W) throw new TlogError(`index ${index} is in ${tilePath(t1)} not ${tilePath(t)}`, 'invalid-input');
  return tileHash(Buffer.from(data.buffer, data.byteOffset + start, end - start));
}

function tileHash(data: Buffer): Hash {
  if (data.length === HASH_SIZE) return Buffer.from(data);
  const n = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, n)), tileHash(data.subarray(n)));
}

/** The tiles that must be published when the tree grows from oldTreeSize to newTreeSize. */
export function newTiles(h: number, oldTreeSize: number, newTreeSize: number): Tile[] {
  const tiles: Tile[] = [];
  const full = 2 ** h;
  for (let level = 0; Math.floor(newTreeSize / 2 ** (h * level)) > 0; level++) {
    const oldN = Math.floor(oldTreeSize / 2 ** (h * level));
    const newN = Math.floor(newTreeSize / 2 ** (h * level));
    if (oldN === newN) continue;
    for (let n = Math.floor(oldN / full); n < Math.floor(newN / full); n++) tiles.push({ H: h, L: level, N: n, W: full });
    const n = Math.floor(newN / full);
    const w = newN - n * full;
    if (w > 0) tiles.push({ H: h, L: level, N: n, W: w });
  }
  return tiles;
}

/** The bytes of a tile, read from stored hashes. */
export async function readTileData(t: Tile, r: HashReader): Promise<Buffer> {
  const size = t.W || 2 ** t.H;
  const start = t.N * 2 ** t.H;
  const indexes: number[] = [];
  for (let i = 0; i < size; i++) indexes.push(storedHashIndex(t.H * t.L, start + i));
  const hashes = await r(indexes);
  if (hashes.length !== indexes.length) throw new TlogError(`tlog: ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`, 'read');
  return Buffer.concat(hashes);
}

const PATH_BASE = 1000;

/** tile/H/L/NNN[.p/W], NNN in 3-digit elements, all but the last prefixed with x. */
export function tilePath(t: Tile): string {
  let n = t.N;
  let nStr = String(n % PATH_BASE).padStart(3, '0');
  while (n >= PATH_BASE) {
    n = Math.floor(n / PATH_BASE);
    nStr = `x${String(n % PATH_BASE).padStart(3, '0')}/${nStr}`;
  }
  const p = t.W !== 2 ** t.H ? `.p/${t.W}` : '';
  const L = t.L === -1 ? 'data' : String(t.L);
  return `tile/${t.H}/${L}/${nStr}${p}`;
}

/** Parses a tile path; null when malformed (Go: `malformed tile path`). */
export function parseTilePath(path: string): Tile | null {
  let f = path.split('/');
  if (f.length < 4 || f[0] !== 'tile') return null;
  const atoi = (s: string): number => (/^[+-]?\d+$/.test(s) ? Number(s) : NaN);
  const h = atoi(f[1]);
  let isData = false;
  if (f[2] === 'data') {
    isData = true;
    f[2] = '0';
  }
  let l = atoi(f[2]);
  if (Number.isNaN(h) || Number.isNaN(l) || h < 1 || l < 0 || h > 30) return null;
  let w = 2 ** h;
  const dotP = f[f.length - 2];
  if (dotP.endsWith('.p')) {
    const ww = atoi(f[f.length - 1]);
    if (Number.isNaN(ww) || ww <= 0 || ww >= w) return null;
    w = ww;
    f[f.length - 2] = dotP.slice(0, -2);
    f = f.slice(0, -1);
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const nn = atoi(s.startsWith('x') ? s.slice(1) : s);
    if (Number.isNaN(nn) || nn < 0 || nn >= PATH_BASE) return null;
    n = n * PATH_BASE + nn;
  }
  if (isData) l = -1;
  const t: Tile = { H: h, L: l, N: n, W: w };
  return tilePath(t) === path ? t : null;
}

export interface Tree {
  N: number;
  hash: Hash;
}

/** Fetches tiles; results must be in request order, each exactly W*32 bytes. */
export interface TileReader {
  height: number;
  readTiles(tiles: Tile[]): Promise<Buffer[]>;
  saveTiles?(tiles: Tile[], data: Buffer[]): void;
}

function tileParent(t: Tile, k: number, n: number): Tile | null {
  const p: Tile = { H: t.H, L: t.L + k, N: Math.floor(t.N / 2 ** (k * t.H)), W: 2 ** t.H };
  const max = Math.floor(n / 2 ** (p.L * p.H));
  if (p.N * 2 ** p.H + p.W >= max) {
    if (p.N * 2 ** p.H >= max) return null;
    p.W = max - p.N * 2 ** p.H;
  }
  return p;
}

/**
 * A HashReader over tiles that authenticates every tile it reads against `tree`
 * (tlog.TileHashReader): a lying server fails with `downloaded inconsistent tile`.
 */
export function tileHashReader(tree: Tree, tr: TileReader): (indexes: number[]) => Promise<Hash[]> {
  return async (indexes: number[]) => {
    const h = tr.height;
    if (tree.N <= 0) throw new TlogError('indexes not in tree', 'invalid-input');
    const tileOrder = new Map<string, number>();
    const tiles: Tile[] = [];
    const stx = subTreeIndex(0, tree.N, []);
    const stxTileOrder: number[] = [];
    for (const x of stx) {
      const tile = tileParent(tileForIndex(h, x), 0, tree.N)!;
      const k = tileKey(tile);
      const j = tileOrder.get(k);
      if (j !== undefined) {
        stxTileOrder.push(j);
        continue;
      }
      stxTileOrder.push(tiles.length);
      tileOrder.set(k, tiles.length);
      tiles.push(tile);
    }
    const indexTileOrder: number[] = new Array(indexes.length);
    for (let i = 0; i < indexes.length; i++) {
      const x = indexes[i];
      if (x >= storedHashIndex(0, tree.N)) throw new TlogError('indexes not in tree', 'invalid-input');
      const tile = tileForIndex(h, x);
      let k = 0;
      for (; ; k++) {
        const p = tileParent(tile, k, tree.N);
        const j = p ? tileOrder.get(tileKey(p)) : undefined;
        if (j !== undefined) {
          if (k === 0) indexTileOrder[i] = j;
          break;
        }
        if (k > 64) throw new TlogError('bad math in tileHashReader', 'invalid-input');
      }
      for (k--; k >= 0; k--) {
        const p = tileParent(tile, k, tree.N);
        if (!p || p.W !== 2 ** p.H) throw new TlogError(`bad math in tileHashReader: ${tree.N} ${x}`, 'invalid-input');
        tileOrder.set(tileKey(p), tiles.length);
        if (k === 0) indexTileOrder[i] = tiles.length;
        tiles.push(p);
      }
    }
    const data = await tr.readTiles(tiles);
    if (data.length !== tiles.length) throw new TlogError(`TileReader returned bad result slice (len=${data.length}, want ${tiles.length})`, 'read');
    for (let i = 0; i < tiles.length; i++) {
      if (data[i].length !== tiles[i].W * HASH_SIZE) {
        throw new TlogError(`TileReader returned bad result slice (${tilePath(tiles[i])} len=${data[i].length}, want ${tiles[i].W * HASH_SIZE})`, 'malformed');
      }
    }
    let th = hashFromTile(tiles[stxTileOrder[stx.length - 1]], data[stxTileOrder[stx.length - 1]], stx[stx.length - 1]);
    for (let i = stx.length - 2; i >= 0; i--) th = nodeHash(hashFromTile(tiles[stxTileOrder[i]], data[stxTileOrder[i]], stx[i]), th);
    if (!th.equals(tree.hash)) throw new TlogError('downloaded inconsistent tile', 'inconsistent');
    for (let i = stx.length; i < tiles.length; i++) {
      const tile = tiles[i];
      const p = tileParent(tile, 1, tree.N);
      const j = p ? tileOrder.get(tileKey(p)) : undefined;
      if (!p || j === undefined) throw new TlogError(`bad math in tileHashReader ${tree.N}: lost parent of ${tilePath(tile)}`, 'invalid-input');
      const ph = hashFromTile(p, data[j], storedHashIndex(p.L * p.H, tile.N));
      if (!ph.equals(tileHash(data[i]))) throw new TlogError('downloaded inconsistent tile', 'inconsistent');
    }
    tr.saveTiles?.(tiles, data);
    return indexes.map((x, i) => hashFromTile(tiles[indexTileOrder[i]], data[indexTileOrder[i]], x));
  };
}
