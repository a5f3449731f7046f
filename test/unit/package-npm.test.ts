import { DEFAULT_GO } from '../go/go-versions';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isBuiltin } from 'node:module';
import { spawnSync } from 'node:child_process';

// `npm pack` in a copy with no build output (its `prepack` builds, as in a fresh clone), then
// the packed bin run from the extracted tarball with no node_modules at all, and the tarball
// run with `npx` from an empty folder, as docs/ci.md does: the CLI is one self-contained
// bundle and needs no dependency at run time.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

/** A copy of the project without build output, sharing node_modules (packing never races other builds). */
function copyProject(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const name of fs.readdirSync(ROOT)) {
    if (/^(node_modules|\.git|out|out-.*|dist|\.cache)$/.test(name) || /\.(vsix|tgz)$/.test(name)) continue;
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240000, env });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('package: npm pack and the bin', function () {
  this.timeout(300000);
  let dir = '';
  let out = '';
  let bin = '';
  let tgz = '';
  before(() => {
    dir = copyProject('gpd-npm-');
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-npm-out-'));
    assert.ok(!fs.existsSync(path.join(dir, 'dist')), 'no build output before npm pack');
    const p = sh('npm', ['pack', '--silent', '--pack-destination', out], dir);
    assert.equal(p.code, 0, p.stderr);
    tgz = path.join(out, p.stdout.trim().split('\n').pop()!);
    assert.equal(sh('tar', ['-xzf', tgz, '-C', out], out).code, 0);
    bin = path.join(out, 'package', PKG.bin['go-proxy-doctor']);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('packs the bin and the docs, nothing else', () => {
    const files: string[] = [];
    const walk = (d: string, rel = '') => {
      for (const n of fs.readdirSync(d)) {
        const r = rel ? `${rel}/${n}` : n;
        if (fs.statSync(path.join(d, n)).isDirectory()) walk(path.join(d, n), r);
        else files.push(r);
      }
    };
    walk(path.join(out, 'package'));
    assert.deepEqual(files.sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('the bundle requires only Node built-ins', () => {
    const code = fs.readFileSync(bin, 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.ok(required.length > 0, 'found the require calls');
    // A `node:` specifier can only ever load a built-in (undici lazily asks for node:sqlite,
    // which Node 20 lacks, only when its SQLite cache is used); anything else must be built in.
    assert.deepEqual([...new Set(required.filter((m) => !m.startsWith('node:') && !isBuiltin(m)))], []);
  });

  it('runs from the extracted package with no node_modules: --version and a real offline diagnosis', () => {
    const project = fs.mkdtempSync(path.join(out, 'project-'));
    fs.writeFileSync(path.join(project, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
    const home = fs.mkdtempSync(path.join(out, 'home-'));
    const env = { PATH: `${DEFAULT_GO.binDir}:/usr/bin:/bin`, HOME: home, GOPATH: path.join(home, 'go'), GOCACHE: path.join(home, 'cache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
    assert.ok(!fs.existsSync(path.join(out, 'node_modules')) && !fs.existsSync(path.join(out, 'package', 'node_modules')));
    const v = sh(process.execPath, [bin, '--version'], project, env);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout, `go-proxy-doctor ${PKG.version}\n`);
    const d = sh(process.execPath, [bin, '--offline', '--format', 'json'], project, env);
    assert.ok(d.code === 0 || d.code === 1, d.stderr);
    const report = JSON.parse(d.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.tool.version, PKG.version);
    assert.ok(report.results.length > 0);
  });

  it('npx runs the tarball from an empty folder (docs/ci.md\'s DOCTOR), offline, with an empty npm cache', () => {
    const empty = fs.mkdtempSync(path.join(out, 'empty-'));
    fs.copyFileSync(tgz, path.join(empty, path.basename(tgz)));
    const env = { ...process.env, npm_config_cache: path.join(out, 'npm-cache'), npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    const r = sh('npx', ['--yes', `./${path.basename(tgz)}`, '--help'], empty, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^go-proxy-doctor \S+ — /);
    assert.match(r.stdout, /exit codes: 0 /);
  });
});
