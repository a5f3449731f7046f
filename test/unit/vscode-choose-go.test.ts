import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseGo, resolvePath, substituteEnv } from '../../src/vscode/choose-go';

// The Go extension's choice of go (golang/vscode-go@28e27ffd extension/src/util.ts
// getBinPathWithExplanation, utils/pathUtils.ts getBinPathWithPreferredGopathGorootWithExplanation),
// on real folders: each case builds the bin folders it names.
describe('vscode: the go the Go extension runs (go.alternateTools, GOBIN, go.goroot, PATH)', () => {
  let tmp = '';
  const exe = (rel: string, mode = 0o755) => {
    const p = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '#!/bin/sh\n', { mode });
    fs.chmodSync(p, mode);
    return p;
  };
  const d = (rel: string) => path.join(tmp, rel);
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-choose-go-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const choose = (settings: { alternateGo?: string; goroot?: string }, env: Record<string, string>, folder?: string) =>
    chooseGo({ settings, env, folder, platform: 'linux', homedir: d('home') });

  it('without settings: GOBIN first, then GOROOT/bin, then PATH', () => {
    exe('gobin/go');
    exe('root/bin/go');
    exe('path1/go');
    const env = { GOBIN: d('gobin'), GOROOT: d('root'), PATH: `${d('nothing')}:${d('path1')}` };
    assert.deepEqual(choose({}, env).binary, { path: d('gobin/go'), chosenBy: 'GOBIN' });
    assert.deepEqual(choose({}, { ...env, GOBIN: '' }).binary, { path: d('root/bin/go'), chosenBy: 'GOROOT' });
    assert.deepEqual(choose({}, { PATH: env.PATH }).binary, { path: d('path1/go'), chosenBy: 'PATH' });
  });

  it('an absolute go.alternateTools.go that is executable wins over everything', () => {
    exe('gobin/go');
    const alt = exe('tools/go-wrapper');
    const c = choose({ alternateGo: alt, goroot: d('root') }, { GOBIN: d('gobin'), PATH: d('gobin') });
    assert.deepEqual(c.binary, { path: alt, chosenBy: 'go.alternateTools' });
    assert.deepEqual(c.notes, ['go.goroot (' + d('root') + ') is not a folder: the Go extension ignores it ("go.goroot setting is ignored").']);
  });

  it('an absolute go.alternateTools.go that is missing or not executable is passed over, with a note', () => {
    exe('path1/go');
    exe('tools/not-exec', 0o644);
    for (const alt of [d('tools/missing'), d('tools/not-exec')]) {
      const c = choose({ alternateGo: alt }, { PATH: d('path1') });
      assert.deepEqual(c.binary, { path: d('path1/go'), chosenBy: 'PATH' });
      assert.match(c.notes.join('\n'), /is not an executable file/);
    }
  });

  it('a go.alternateTools.go name is looked up like go (GOBIN, GOROOT/bin, PATH), never in the default locations', () => {
    exe('path1/go1.22.0');
    exe('path1/go');
    const c = choose({ alternateGo: 'go1.22.0' }, { PATH: d('path1') });
    assert.deepEqual(c.binary, { path: d('path1/go1.22.0'), chosenBy: 'go.alternateTools' });
    assert.equal(choose({ alternateGo: 'nosuchgo' }, { PATH: d('path1') }).binary, undefined);
  });

  it('go.goroot: <goroot>/bin/go before PATH, and GOROOT for the go it runs', () => {
    exe('sdk/bin/go');
    exe('path1/go');
    const c = choose({ goroot: d('sdk') }, { PATH: d('path1'), GOROOT: d('other') });
    assert.deepEqual(c.binary, { path: d('sdk/bin/go'), chosenBy: 'go.goroot' });
    assert.equal(c.gorootEnv, d('sdk'));
    // go.goroot replaces GOROOT in the search: GOROOT's own bin is not looked at.
    exe('other/bin/go');
    assert.deepEqual(choose({ goroot: d('sdk') }, { GOROOT: d('other') }).binary, { path: d('sdk/bin/go'), chosenBy: 'go.goroot' });
  });

  it('go.goroot without bin/go falls through to PATH with a note', () => {
    fs.mkdirSync(d('emptyroot'));
    exe('path1/go');
    const c = choose({ goroot: d('emptyroot') }, { PATH: d('path1') });
    assert.deepEqual(c.binary, { path: d('path1/go'), chosenBy: 'PATH' });
    assert.match(c.notes.join('\n'), /has no bin\/go/);
  });

  it('settings go through ${env:…}, ${workspaceFolder}, ${workspaceFolderBasename} and ~ as the Go extension resolves them', () => {
    exe('proj/.tools/go');
    exe('home/sdk/bin/go');
    assert.deepEqual(choose({ alternateGo: '${workspaceFolder}/.tools/go' }, {}, d('proj')).binary, { path: d('proj/.tools/go'), chosenBy: 'go.alternateTools' });
    assert.deepEqual(choose({ goroot: '~/sdk' }, {}).binary, { path: d('home/sdk/bin/go'), chosenBy: 'go.goroot' });
    assert.deepEqual(choose({ goroot: '${env:MYSDK}' }, { MYSDK: d('home/sdk') }).binary, { path: d('home/sdk/bin/go'), chosenBy: 'go.goroot' });
    assert.equal(substituteEnv('${env:UNSET}/x', {}), '/x');
    assert.equal(resolvePath('${workspaceRoot}/${workspaceFolderBasename}', '/w/app', '/h'), '/w/app/app');
  });

  it('the real go releases of this machine: go.goroot of Debian\'s go1.19 picks its go', () => {
    const c = chooseGo({ settings: { goroot: '/usr/lib/go-1.19' }, env: { PATH: '/usr/local/go/bin:/usr/bin:/bin' }, platform: 'linux' });
    assert.deepEqual(c.binary, { path: '/usr/lib/go-1.19/bin/go', chosenBy: 'go.goroot' });
    const p = chooseGo({ settings: {}, env: { PATH: '/usr/local/go/bin:/usr/bin:/bin' }, platform: 'linux' });
    assert.deepEqual(p.binary, { path: '/usr/local/go/bin/go', chosenBy: 'PATH' });
  });
});
