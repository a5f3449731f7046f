// Checks a packaged .vsix: its entries must be exactly what the .vscodeignore allowlist names
// (as vsce lays them out) and its size must stay within the budget.
//   node scripts/check-vsix.mjs FILE.vsix [--root DIR] [--budget BYTES] [--list]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseArgs } from 'node:util';

export const SIZE_BUDGET = 2 * 1024 * 1024;

/** Entry names (and sizes) from a zip's central directory. */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressed, method, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The content of one entry (stored or deflated). */
export function zipRead(buf, entry) {
  const l = entry.local;
  const start = l + 30 + buf.readUInt16LE(l + 26) + buf.readUInt16LE(l + 28);
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 0 ? data : inflateRawSync(data);
}

function globToRegExp(glob) {
  if (/[{}[\]]/.test(glob)) throw new Error(`unsupported pattern in .vscodeignore: ${glob}`);
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(root, dir = '', out = []) {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(path.join(root, rel)).isDirectory()) {
      if (name !== 'node_modules' && name !== '.git') walk(root, rel, out);
    } else out.push(rel);
  }
  return out;
}

/**
 * The files of `root` the allowlist keeps: .vscodeignore must start with `**` (exclude all)
 * and name what goes in with `!pattern` lines.
 */
export function allowlisted(root) {
  const lines = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines[0] !== '**') throw new Error('.vscodeignore must be an allowlist: its first pattern must be **');
  const rules = lines.slice(1).map((l) => {
    if (!l.startsWith('!')) throw new Error(`.vscodeignore: only !allow patterns may follow **, got "${l}"`);
    return globToRegExp(l.slice(1).replace(/^\//, ''));
  });
  return walk(root).filter((f) => rules.some((r) => r.test(f))).sort();
}

/** Where vsce puts a project file inside the package. */
export function vsixName(rel) {
  if (/^readme\.md$/i.test(rel)) return 'extension/readme.md';
  if (/^changelog\.md$/i.test(rel)) return 'extension/changelog.md';
  if (/^licen[cs]e$/i.test(rel)) return `extension/${rel}.txt`;
  return `extension/${rel}`;
}

export function expectedEntries(root) {
  return ['[Content_Types].xml', 'extension.vsixmanifest', ...allowlisted(root).map(vsixName)].sort();
}

/** Problems with the package, empty when it is right. */
export function checkVsix(file, root, budget = SIZE_BUDGET) {
  const buf = readFileSync(file);
  const actual = zipEntries(buf).map((e) => e.name).filter((n) => !n.endsWith('/')).sort();
  const expected = expectedEntries(root);
  const problems = [];
  for (const n of actual) if (!expected.includes(n)) problems.push(`not in the allowlist: ${n}`);
  for (const n of expected) if (!actual.includes(n)) problems.push(`allowlisted but missing: ${n}`);
  if (buf.length > budget) problems.push(`${path.basename(file)} is ${buf.length} bytes, over the budget of ${budget}`);
  return { problems, size: buf.length, entries: actual };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { root: { type: 'string' }, budget: { type: 'string' }, list: { type: 'boolean' } } });
  if (positionals.length !== 1) {
    console.error('usage: node scripts/check-vsix.mjs FILE.vsix [--root DIR] [--budget BYTES] [--list]');
    process.exit(2);
  }
  const root = path.resolve(values.root ?? path.dirname(path.dirname(new URL(import.meta.url).pathname)));
  const budget = Number(values.budget ?? SIZE_BUDGET);
  const { problems, size, entries } = checkVsix(positionals[0], root, budget);
  if (values.list) console.log(entries.join('\n'));
  for (const p of problems) console.error(`check-vsix: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`check-vsix: ${entries.length} entries, exactly the allowlist; ${size} bytes (budget ${budget})`);
}
