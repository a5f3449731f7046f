import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// `npm run package` on a copy of the project (so that packaging never races other builds):
// the .vsix must hold exactly what .vscodeignore allows, within the size budget.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUDGET = 2 * 1024 * 1024;

function copyProject(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const skip = /^(node_modules|\.git|out|out-.*|dist|\.cache)$/;
  for (const name of fs.readdirSync(ROOT)) {
    if (skip.test(name) || name.endsWith('.vsix') || name.endsWith('.tgz')) continue;
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function filesUnder(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs).flatMap((n) => filesUnder(root, `${rel}/${n}`));
}

/** What vsce must package, read from .vscodeignore independently of scripts/check-vsix.mjs. */
function expected(root: string): string[] {
  const lines = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**', '.vscodeignore is an allowlist');
  const files = lines.slice(1).flatMap((l) => {
    assert.match(l, /^!([\w.-]+\/)*([\w.-]+|\*\*)$/, `pattern this test understands: ${l}`);
    const p = l.slice(1);
    return p.endsWith('/**') ? filesUnder(root, p.slice(0, -3)) : filesUnder(root, p);
  });
  const name = (f: string) => (/^readme\.md$/i.test(f) ? 'readme.md' : /^changelog\.md$/i.test(f) ? 'changelog.md' : /^license$/i.test(f) ? 'LICENSE.txt' : f);
  return ['[Content_Types].xml', 'extension.vsixmanifest', ...files.map((f) => `extension/${name(f)}`)].sort();
}

describe('package: the .vsix', function () {
  this.timeout(300000);
  let dir = '';
  let vsix = '';
  before(() => {
    dir = copyProject('gpd-vsix-');
    const r = sh('npm', ['run', '--silent', 'package'], dir);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /check-vsix: \d+ entries, exactly the allowlist/);
    vsix = path.join(dir, 'dist', 'go-proxy-doctor.vsix');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds exactly the allowlisted files (zip entries listed by unzip)', () => {
    const r = sh('unzip', ['-Z1', vsix], dir);
    assert.equal(r.code, 0, r.out);
    const entries = r.out.split('\n').map((l) => l.trim()).filter((l) => l && !l.endsWith('/')).sort();
    assert.deepEqual(entries, expected(dir));
    for (const must of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/worker.js']) assert.ok(entries.includes(must), must);
    for (const e of entries) assert.doesNotMatch(e, /\.(map|ts)$|node_modules|^extension\/(src|test|out)\//, e);
  });

  it('is within the size budget', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < BUDGET, `${size} bytes`);
  });

  it('the check fails on a stray entry and on a blown budget (so `npm run package` can fail)', () => {
    const bad = path.join(dir, 'bad.vsix');
    fs.copyFileSync(vsix, bad);
    fs.mkdirSync(path.join(dir, 'stray', 'extension', 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stray', 'extension', 'src', 'leak.ts'), 'export {};\n');
    const z = sh('zip', ['-q', bad, 'extension/src/leak.ts'], path.join(dir, 'stray'));
    assert.equal(z.code, 0, z.out);
    const stray = sh(process.execPath, ['scripts/check-vsix.mjs', bad], dir);
    assert.equal(stray.code, 1);
    assert.match(stray.out, /not in the allowlist: extension\/src\/leak\.ts/);
    const budget = sh(process.execPath, ['scripts/check-vsix.mjs', '--budget', '1000', vsix], dir);
    assert.equal(budget.code, 1);
    assert.match(budget.out, /over the budget of 1000/);
  });
});
