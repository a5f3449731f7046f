import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverWorkspace } from '../../src/core/sources/discover';
import { nodeHost } from '../../src/core/host/node-host';

describe('workspace scan: what go and the project skip', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-skip-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  it('reads no config file under testdata, node_modules or vendor, at any depth', async () => {
    write('go.mod', 'module example.com/app\n\ngo 1.22\n');
    write('Dockerfile', 'FROM golang:1.22\nENV GOPROXY=https://proxy.golang.org,direct\n');
    for (const skipped of ['testdata', 'node_modules', 'vendor', 'pkg/testdata', 'a/b/testdata/c']) {
      write(`${skipped}/Dockerfile`, 'FROM golang:1.22\nENV GOPROXY=Direct\n');
      write(`${skipped}/go.mod`, 'module example.com/fixture\n');
    }
    const ws = await discoverWorkspace(nodeHost({ env: { HOME: dir }, cwd: dir }), dir);
    const files = (ws.files ?? []).map((f) => path.relative(dir, f.file)).filter((f) => !f.startsWith('..'));
    assert.ok(files.includes('Dockerfile'), JSON.stringify(files));
    for (const f of files) assert.doesNotMatch(f, /(^|\/)(testdata|node_modules|vendor)\//, f);
    assert.deepEqual(ws.goMods.map((m) => path.relative(dir, m.file)), ['go.mod']);
    assert.ok(!ws.assignments.some((a) => a.value === 'Direct'), 'no assignment from a skipped folder');
  });

  const scanned = async () => {
    const ws = await discoverWorkspace(nodeHost({ env: { HOME: dir }, cwd: dir }), dir);
    return (ws.files ?? []).map((f) => path.relative(dir, f.file)).filter((f) => !f.startsWith('..')).sort();
  };

  it('in a git work tree, skips the folders .gitignore files ignore (the deepest file decides); ignored config files are still read', async () => {
    execFileSync('git', ['init', '-q', dir], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    write('.gitignore', 'build/\n/generated\n.env\n');
    write('sub/.gitignore', '!build/\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.env', 'GOPROXY=https://proxy.golang.org\n');
    write('build/Dockerfile', 'FROM golang:1.22\n');
    write('generated/Dockerfile', 'FROM golang:1.22\n');
    write('x/generated/Dockerfile', 'FROM golang:1.22\n');
    write('sub/build/Dockerfile', 'FROM golang:1.22\n');
    assert.deepEqual(await scanned(), ['.env', 'Dockerfile', 'sub/build/Dockerfile', 'x/generated/Dockerfile']);
    // git agrees on each folder.
    const ignored = (rel: string) => spawnSync('git', ['-C', dir, 'check-ignore', '-q', rel], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).status === 0;
    assert.deepEqual(['build', 'generated', 'x/generated', 'sub/build'].map(ignored), [true, true, false, false]);
  });

  it('outside a git work tree, .gitignore means nothing', async () => {
    write('.gitignore', 'build/\n');
    write('build/Dockerfile', 'FROM golang:1.22\n');
    assert.deepEqual(await scanned(), ['build/Dockerfile']);
  });
});
