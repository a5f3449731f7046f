import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoPath, relativeUri, fileUri } from '../../src/core/report/repo-path';
import { anchorFor } from '../../src/cli/formats';

describe('report: repo-relative paths', () => {
  it('makes files under the root relative, keeps others absolute', () => {
    assert.deepEqual(repoPath('/work/p/.gitlab-ci.yml', '/work/p'), { path: '.gitlab-ci.yml', insideRoot: true });
    assert.deepEqual(repoPath('/work/p/ci/jobs/build.yml', '/work/p/'), { path: 'ci/jobs/build.yml', insideRoot: true });
    assert.deepEqual(repoPath('/home/u/.config/go/env', '/work/p'), { path: '/home/u/.config/go/env', insideRoot: false });
    assert.deepEqual(repoPath('/work/project2/go.mod', '/work/p'), { path: '/work/project2/go.mod', insideRoot: false });
    assert.deepEqual(repoPath('sub/go.mod', '/work/p'), { path: 'sub/go.mod', insideRoot: true });
  });
  it('handles Windows paths', () => {
    assert.deepEqual(repoPath('C:\\src\\app\\.github\\workflows\\ci.yml', 'C:\\src\\app'), { path: '.github/workflows/ci.yml', insideRoot: true });
    assert.deepEqual(repoPath('C:\\Users\\u\\AppData\\Roaming\\go\\env', 'C:\\src\\app'), { path: 'C:/Users/u/AppData/Roaming/go/env', insideRoot: false });
  });
  it('encodes URIs', () => {
    assert.equal(relativeUri('my dir/a#b.yml'), 'my%20dir/a%23b.yml');
    assert.equal(fileUri('/work/my project', true), 'file:///work/my%20project/');
    assert.equal(fileUri('C:/src/app', true), 'file:///C:/src/app/');
  });
  it('anchors unlocated findings at the first of go.mod, go.work, .gitlab-ci.yml, Dockerfile that exists (none: no anchor)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-anchor-'));
    try {
      assert.equal(anchorFor(dir), undefined, 'never a go.mod that does not exist');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang\n');
      assert.equal(anchorFor(dir), 'Dockerfile');
      fs.writeFileSync(path.join(dir, 'go.work'), 'go 1.19\n');
      assert.equal(anchorFor(dir), 'go.work');
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n');
      assert.equal(anchorFor(dir), 'go.mod');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
