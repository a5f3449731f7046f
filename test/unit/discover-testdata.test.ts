import * as assert from 'node:assert/strict';
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
});
